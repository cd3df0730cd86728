"""Register a plan document (copy it into data/raw, append its manifest row), or back a
registration out again.

`add_source` is the one way a document enters the suite, so every document keeps its
provenance (names, adcode, title, document number, date), its checksum and the tables
and rows it gave when it was registered (``expected_rows``). Its arguments go through the
manifest's own schema (`sources.field_problem`): every error names the parameter. The
document is parsed before anything is written: a ``tables`` document without indicator
table rows is refused. The copy and the manifest are each replaced atomically, and a
failure while writing the manifest removes the copy again.

`remove_source` removes a region's row and the copied file, so that an add followed by a
remove leaves the manifest and data/raw byte for byte as they were.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import paths
from ..errors import ParameterError, SourceError
from ..files import write_bytes
from .sources import (
    MANIFEST_COLUMNS,
    MUNICIPAL_ADCODE,
    Source,
    check_rows,
    field_problem,
    format_expected,
    read_document,
    read_manifest,
    read_text,
    sha256_of,
)
from .tablemap import TableMap, load_map

#: Parameter names as the command line spells them, for error messages.
OPTION = {
    "file": "FILE",
    "region": "--region",
    "adcode": "--adcode",
    "name_zh": "--name-zh",
    "name_en": "--name-en",
    "level": "--level",
    "title_zh": "--title-zh",
    "doc_no": "--doc-no",
    "issued": "--issued",
    "layout": "--layout",
    "kind": "--kind",
    "table_map": "--table-map",
}


@dataclass
class Registration:
    """The new manifest row and what parsing the document showed."""

    row: dict[str, str]
    notices: list[str] = field(default_factory=list)


def _unit_names(adcode: str, level: str) -> tuple[str, str]:
    """(name_zh, name_en) of a county-level unit or the municipality, else ("", "")."""
    if level == "municipal" and adcode == MUNICIPAL_ADCODE:
        return "重庆市", "Chongqing Municipality"
    if level != "district":
        return "", ""
    from ..units import units

    unit = units().get(adcode)
    return (unit.name_zh, unit.name_en) if unit else ("", "")


def _csv_row(values: list[str], newline: str) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator=newline).writerow(values)
    return buf.getvalue().encode("utf-8")


def parse_for_record(
    path: Path,
    file: str,
    kind: str,
    codebook_path: Path,
    headers_path: Path,
    table_map: TableMap | None = None,
) -> tuple[dict[str, int], list[str]]:
    """(rows per table, notices) of a document as the build will read it: the same
    reading (`read_document`), parse (`build.document_rows`), counts (`build.row_counts`)
    and name mapping (`build.name_rows`), so a recorded count or an unknown name here is
    one the build finds."""
    from .build import document_rows, name_rows, row_counts
    from .codebook import load_codebook
    from .headers import load_headers

    codebook = load_codebook(codebook_path)
    lines = read_document(path)
    tables, rows = document_rows(lines, file, kind, codebook, load_headers(headers_path), table_map)
    notices: list[str] = []
    for t in tables:
        notices += [f"{t.label} line {line}: {what}" for line, what in t.problems]
        unknown = name_rows(codebook, t.rows)[1]
        if unknown:
            notices.append(
                f"{t.label}: {len(unknown)} printed names are not in the codebook yet "
                f"(first {unknown[0][1]!r}, line {unknown[0][0]}); the build names each one"
            )
    return row_counts(rows), notices


@dataclass(frozen=True)
class NewSource:
    """A document to register and the fields of its manifest row, as `compare add-source`
    takes them (each field is the option of the same name; errors name that option).

    Parameters
    ----------
    file : Path
        The document (UTF-8 text; a CSV for ``facts`` and ``observations``).
    region : str
        The new region id, ``[a-z0-9_]+``; for observations the region their rows describe
        ("" : read from the file).
    adcode : str
        Six-digit administrative code ("" for observations).
    name_zh, name_en : str
        The region's names ("" : the unit's names from the boundary data).
    level : str
        One of `sources.LEVELS` (default ``district``).
    title_zh, doc_no, issued, layout : str
        The document's Chinese title, document number (文号), date of issue (YYYY-MM-DD) and a
        note on how its tables are printed.
    kind : str
        One of `sources.KINDS` (default ``tables``: a plan with indicator tables).
    table_map : Path or None
        A YAML table map to read the document with, copied beside it.
    """

    file: Path
    region: str
    adcode: str
    name_zh: str = ""
    name_en: str = ""
    level: str = "district"
    title_zh: str = ""
    doc_no: str = ""
    issued: str = ""
    layout: str = ""
    kind: str = "tables"
    table_map: Path | None = None


def add_source(source: NewSource, manifest: Path | None = None, codebook_path: Path | None = None) -> dict:
    """Copy the document of ``source`` into the manifest's folder (if it is not there) and
    append its row.

    Checks first, with the manifest's schema: the region id is new and matches
    [a-z0-9_]+; the adcode has six ASCII digits and fits the level (a district is one of
    Chongqing's 38 county-level units; a provincial or national plan keeps its own code and
    stays off the maps); the date is real; no name holds control or line-separator
    characters; file, content and adcode are not registered yet; the file is non-empty
    UTF-8, not a symbolic link, and (kind tables) gives indicator table rows (read with
    its table map, a YAML table map copied beside it, when given). Names default to the
    unit's names. ``manifest`` and ``codebook_path`` default to the project's. Returns the
    new manifest row; `register` also returns notices.
    """
    return register(source, manifest, codebook_path).row


def register(
    source: NewSource, manifest: Path | None = None, codebook_path: Path | None = None
) -> Registration:
    """`add_source`, returning the row and the notices the parse gave (possible truncation,
    names the codebook does not know yet)."""
    manifest = Path(paths.project().manifest if manifest is None else manifest)
    codebook_path = Path(paths.project().codebook if codebook_path is None else codebook_path)
    file, raw_dir = Path(source.file), manifest.parent
    observed: tuple[int, list[str]] | None = None
    if source.kind == "observations":
        region, adcode, level, name_zh, name_en, count, notices_obs = observations_scope(
            file, manifest, codebook_path, source.region
        )
        source = replace(source, region=region, adcode=adcode, level=level, name_zh=name_zh, name_en=name_en)
        observed = (count, notices_obs)
    row = _new_row(source, file)
    _check_fields(
        row, ("region", "level", "kind", "adcode", "issued", "title_zh", "doc_no", "layout"), raw_dir
    )
    sources = read_manifest(manifest)
    _check_region_is_new(sources, row, manifest)
    target, copy = _check_file(file, row, sources, manifest)
    _fill_names(row, raw_dir)
    row["sha256"] = sha256_of(file)
    _check_not_registered(sources, row)
    table_map = Path(source.table_map) if source.table_map else None
    notices = _record_rows(row, file, observed, codebook_path, table_map)
    copies = [(target, file)] if copy else []
    header = _write_manifest(manifest, row, copies, table_map)
    return Registration({c: row.get(c, "") for c in header}, notices)


def _new_row(source: NewSource, file: Path) -> dict[str, str]:
    """The manifest row of ``source`` before it is checked (checksum and rows still to come)."""
    return {
        "file": file.name,
        "region": source.region,
        "name_zh": source.name_zh,
        "name_en": source.name_en,
        "adcode": source.adcode,
        "level": source.level,
        "title_zh": source.title_zh,
        "doc_no": source.doc_no,
        "issued": source.issued,
        "layout": source.layout,
        "sha256": "0" * 64,
        "kind": source.kind,
        "expected_rows": "",
    }


def _check_fields(row: dict[str, str], names: tuple[str, ...], raw_dir: Path) -> None:
    """Each named field of the new row against the manifest's schema."""
    for name in names:
        problem = field_problem(name, row[name], row, raw_dir)
        if problem:
            raise ParameterError(f"{OPTION[name]}: {problem}")


def _check_region_is_new(sources: list[Source], row: dict[str, str], manifest: Path) -> None:
    """A plan's region is not the region of another plan already registered."""
    taken = {s.region: s.file for s in sources if s.kind in ("tables", "prose")}
    region = row["region"]
    if row["kind"] in ("tables", "prose") and region in taken:
        raise ParameterError(
            f"--region: region {region!r} is already in {manifest.name} (file {taken[region]}); "
            f"regions in use: {sorted(taken)}"
        )


def _check_file(file: Path, row: dict[str, str], sources: list[Source], manifest: Path) -> tuple[Path, bool]:
    """(where the document goes, whether it is copied there): the file is a readable,
    new document whose name is free in data/raw."""
    raw_dir = manifest.parent
    if file.is_symlink():
        raise ParameterError(f"FILE: {file} is a symbolic link; give the document itself")
    if not file.is_file():
        raise SourceError(file, "file not found")
    read_text(file)  # non-empty, UTF-8: errors name the file and line
    problem = field_problem("file", file.name, row, raw_dir)
    if problem:
        raise ParameterError(f"FILE: {problem}")
    target = raw_dir / file.name
    if file.name in {s.file for s in sources}:
        raise ParameterError(f"FILE: {file.name} is already listed in {manifest.name}")
    copy = target.resolve() != file.resolve()
    if copy and target.exists():
        raise ParameterError(f"FILE: {target} exists already; rename the new file")
    return target, copy


def _fill_names(row: dict[str, str], raw_dir: Path) -> None:
    """Names not given default to the unit's names; both are then checked."""
    if not (row["name_zh"] and row["name_en"]):
        adcode, level = row["adcode"], row["level"]
        zh, en = _unit_names(adcode, level)
        row["name_zh"], row["name_en"] = row["name_zh"] or zh, row["name_en"] or en
        if not row["name_zh"] or not row["name_en"]:
            raise ParameterError(
                f"--name-zh/--name-en: adcode {adcode} ({level}) has no names in the boundary data; give both"
            )
    _check_fields(row, ("name_zh", "name_en"), raw_dir)


#: A manifest column a duplicate is found in -> the parameter that gave it.
_DUPLICATE_OPTION = {"content": "FILE", "file": "FILE", "adcode": "--adcode", "region": "--region"}


def _check_not_registered(sources: list[Source], row: dict[str, str]) -> None:
    """The new row's file, content, adcode and region are not registered yet."""
    existing = [{c: getattr(s, c) for c in MANIFEST_COLUMNS} for s in sources]
    for k, first, problem in check_rows([*existing, row]):
        if k == len(existing):
            option = _DUPLICATE_OPTION[problem.split(" ")[1]]
            raise ParameterError(f"{option}: {problem}: also registered as {existing[first]['region']!r}")


def _record_rows(
    row: dict[str, str],
    file: Path,
    observed: tuple[int, list[str]] | None,
    codebook_path: Path,
    table_map: Path | None,
) -> list[str]:
    """Set the row's ``expected_rows`` from what the document gives; the parse's notices."""
    notices: list[str] = []
    if observed is not None:
        row["expected_rows"] = f"14th/observations={observed[0]}"
        notices = observed[1]
    if row["kind"] in ("tables", "prose"):
        headers = codebook_path.parent / "headers.csv"
        tmap = load_map(Path(table_map)) if table_map else None
        counts, notices = parse_for_record(file, file.name, row["kind"], codebook_path, headers, tmap)
        row["expected_rows"] = format_expected(counts)
    return notices


def _write_manifest(
    manifest: Path, row: dict[str, str], copies: list[tuple[Path, Path]], map_source: Path | None
) -> list[str]:
    """Copy the document (and its table map) beside the manifest, then append the row
    (the copies are removed again when the manifest cannot be written); the header."""
    raw_dir = manifest.parent
    old = manifest.read_bytes()
    newline = "\r\n" if b"\r\n" in old else "\n"
    if old and not old.endswith(b"\n"):
        old += newline.encode()
    header = next(csv.reader([read_text(manifest).split("\n", 1)[0]]))
    if map_source is not None:
        map_target = _map_target(map_source, raw_dir)
        row["table_map"] = map_target.name
        if "table_map" not in header:
            old, header = _with_column(manifest, "table_map", newline), [*header, "table_map"]
        if map_target.resolve() != map_source.resolve():
            copies = [*copies, (map_target, map_source)]
    data = old + _csv_row([row.get(c, "") for c in header], newline)
    for dest, src in copies:
        write_bytes(dest, src.read_bytes(), 0o644)
    try:
        write_bytes(manifest, data, manifest.stat().st_mode & 0o777)
    except BaseException:
        for dest, _ in copies:
            dest.unlink(missing_ok=True)
        raise
    return header


def _map_target(table_map: Path, raw_dir: Path) -> Path:
    """Where a table map is copied: beside the document in data/raw, under its own name."""
    if not table_map.is_file():
        raise ParameterError(f"--table-map: {table_map} not found")
    target = raw_dir / table_map.name
    if target.exists() and target.resolve() != table_map.resolve():
        raise ParameterError(f"--table-map: {target} exists already; rename the map")
    return target


def _with_column(manifest: Path, column: str, newline: str) -> bytes:
    """The manifest's bytes with an empty `column` added to every row (an older manifest
    that has no such column yet)."""
    rows = list(csv.reader(io.StringIO(read_text(manifest), newline="")))
    rows = [r for r in rows if any(c.strip() for c in r)]
    out = io.StringIO()
    w = csv.writer(out, lineterminator=newline)
    w.writerow([*rows[0], column])
    w.writerows([*r, ""] for r in rows[1:])
    return out.getvalue().encode("utf-8")


def observations_scope(
    file: Path, manifest: Path, codebook_path: Path, region: str = ""
) -> tuple[str, str, str, str, str, int, list[str]]:
    """(region, adcode, level, name_zh, name_en, rows, notices) of an observations CSV, read as
    the build reads it (every row checked, errors name the file and line). Its region is
    `region` when given, else the one region its rows describe, else the municipality."""
    from .codebook import load_codebook
    from .observations import load_labels, parse_rows, regions_of

    if not file.is_file():
        raise SourceError(file, "file not found")
    sources = read_manifest(manifest)
    regions = regions_of(sources)
    labels = load_labels(
        codebook_path.parent / "observation_labels.csv", load_codebook(codebook_path).entries
    )
    rows = parse_rows(read_text(file).split("\n"), file.name, file, regions, labels)
    described = sorted({r["region"] for r in rows})
    if not region:
        municipal = [r for r, info in regions.items() if info.level == "municipal"]
        region = described[0] if len(described) == 1 else (municipal[0] if municipal else "")
    if region not in regions:
        raise ParameterError(
            f"--region: {region!r} is not a region of the manifest's plans: {sorted(regions)}"
        )
    info = regions[region]
    unknown = sorted({r["label"] for r in rows if r["mapping"] == "unknown_label"})
    notices = (
        [f"labels not in observation_labels.csv yet (kept, reported): {', '.join(unknown)}"]
        if unknown
        else []
    )
    return region, info.adcode, info.level, info.name_zh, info.name_en, len(rows), notices


def remove_source(region: str, manifest: Path | None = None, keep_file: bool = False) -> dict[str, str]:
    """Back out the registration of `region`: its manifest row goes (the other bytes stay
    as they are) and, unless `keep_file` or another row lists it, its file in data/raw.
    Returns the removed row."""
    manifest = paths.project().manifest if manifest is None else manifest
    manifest = Path(manifest)
    sources = read_manifest(manifest)
    mine = [s for s in sources if s.region == region]
    if not mine:
        raise ParameterError(
            f"REGION: {region!r} is not in {manifest.name}; regions: {sorted(s.region for s in sources)}"
        )
    source = mine[0]
    data = manifest.read_bytes()
    lines = data.split(b"\n")
    index = source.line - 1
    if not 0 < index < len(lines):
        raise SourceError(manifest, f"row of {region!r} not found at its line", source.line)
    remaining = lines[:index] + lines[index + 1 :]
    write_bytes(manifest, b"\n".join(remaining), manifest.stat().st_mode & 0o777)
    still_listed = any(s.file == source.file for s in sources if s is not source)
    if not keep_file and not still_listed and source.path.is_file() and not source.path.is_symlink():
        source.path.unlink()
        if source.table_map and (source.raw_dir / source.table_map).is_file():
            (source.raw_dir / source.table_map).unlink()
    return {c: getattr(source, c) for c in MANIFEST_COLUMNS}


def recount(
    regions: list[str] | None = None, manifest: Path | None = None, codebook_path: Path | None = None
) -> dict[str, tuple[str, str]]:
    """Record again the tables and rows each document gives (its `expected_rows`), after a
    deliberate change of the codebook, the header words or the parser. Each document is
    verified (sha256) and parsed as the build parses it; only its manifest line changes.
    Returns region -> (old, new) for the rows that changed."""
    manifest = paths.project().manifest if manifest is None else manifest
    codebook_path = paths.project().codebook if codebook_path is None else codebook_path
    manifest = Path(manifest)
    sources = read_manifest(manifest)
    known = {s.region for s in sources}
    unknown = sorted(set(regions or ()) - known)
    if unknown:
        raise ParameterError(f"REGION: {unknown} not in {manifest.name}; regions: {sorted(known)}")
    from .sources import verified_lines

    lines = manifest.read_bytes().split(b"\n")
    header = next(csv.reader([read_text(manifest).split("\n", 1)[0]]))
    if "expected_rows" not in header:
        raise SourceError(manifest, "no expected_rows column to record counts in", 1)
    changed: dict[str, tuple[str, str]] = {}
    headers = Path(codebook_path).parent / "headers.csv"
    for s in sources:
        if (regions and s.region not in regions) or s.kind not in ("tables", "prose"):
            continue
        verified_lines(s)  # the document is the registered one
        tmap = load_map(s.raw_dir / s.table_map) if s.table_map else None  # as the build reads it
        counts, _ = parse_for_record(s.path, s.file, s.kind, Path(codebook_path), headers, tmap)
        new = format_expected(counts)
        if new == s.expected_rows:
            continue
        row = {c: getattr(s, c) for c in MANIFEST_COLUMNS}
        row["expected_rows"] = new
        ending = b"\r" if lines[s.line - 1].endswith(b"\r") else b""  # a CRLF manifest stays CRLF
        lines[s.line - 1] = _csv_row([row.get(c, "") for c in header], "\n").rstrip(b"\n") + ending
        changed[s.region] = (s.expected_rows, new)
    if changed:
        write_bytes(manifest, b"\n".join(lines), manifest.stat().st_mode & 0o777)
    return changed
