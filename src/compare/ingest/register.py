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
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths
from ..errors import ParameterError, SourceError
from ..files import write_bytes
from .sources import (
    MANIFEST_COLUMNS,
    MUNICIPAL_ADCODE,
    check_rows,
    field_problem,
    format_expected,
    read_document,
    read_manifest,
    read_text,
    sha256_of,
)

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
    path: Path, file: str, kind: str, codebook_path: Path, headers_path: Path
) -> tuple[dict[str, int], list[str]]:
    """(rows per table, notices) of a document as the build will read it: the same
    reading (`read_document`), parse (`build.document_rows`), counts (`build.row_counts`)
    and name mapping (`build.name_rows`), so a recorded count or an unknown name here is
    one the build finds."""
    from .build import document_rows, name_rows, row_counts
    from .codebook import load_codebook
    from .headers import load_headers

    codebook = load_codebook(codebook_path)
    tables, rows = document_rows(read_document(path), file, kind, codebook, load_headers(headers_path))
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


def add_source(
    file: Path,
    region: str,
    adcode: str,
    name_zh: str = "",
    name_en: str = "",
    level: str = "district",
    title_zh: str = "",
    doc_no: str = "",
    issued: str = "",
    layout: str = "",
    manifest: Path = paths.MANIFEST,
    kind: str = "tables",
    codebook_path: Path = paths.CODEBOOK,
) -> dict:
    """Copy `file` into the manifest's folder (if it is not there) and append its row.

    Checks first, with the manifest's schema: the region id is new and matches
    [a-z0-9_]+; the adcode has six ASCII digits and fits the level (a district is one of
    Chongqing's 38 county-level units; a provincial or national plan keeps its own code and
    stays off the maps); the date is real; no name holds control or line-separator
    characters; file, content and adcode are not registered yet; the file is non-empty
    UTF-8, not a symbolic link, and (kind tables) gives indicator table rows. Names default
    to the unit's names. Returns the new manifest row; `register` also returns notices.
    """
    return register(
        file,
        region,
        adcode,
        name_zh,
        name_en,
        level=level,
        title_zh=title_zh,
        doc_no=doc_no,
        issued=issued,
        layout=layout,
        manifest=manifest,
        kind=kind,
        codebook_path=codebook_path,
    ).row


def register(
    file: Path,
    region: str,
    adcode: str,
    name_zh: str = "",
    name_en: str = "",
    level: str = "district",
    title_zh: str = "",
    doc_no: str = "",
    issued: str = "",
    layout: str = "",
    manifest: Path = paths.MANIFEST,
    kind: str = "tables",
    codebook_path: Path = paths.CODEBOOK,
) -> Registration:
    """`add_source`, returning the row and the notices the parse gave (possible truncation,
    names the codebook does not know yet)."""
    file, manifest = Path(file), Path(manifest)
    raw_dir = manifest.parent
    row = {
        "file": file.name,
        "region": region,
        "name_zh": name_zh,
        "name_en": name_en,
        "adcode": adcode,
        "level": level,
        "title_zh": title_zh,
        "doc_no": doc_no,
        "issued": issued,
        "layout": layout,
        "sha256": "0" * 64,
        "kind": kind,
        "expected_rows": "",
    }
    for name in ("region", "level", "kind", "adcode", "issued", "title_zh", "doc_no", "layout"):
        problem = field_problem(name, row[name], row, raw_dir)
        if problem:
            raise ParameterError(f"{OPTION[name]}: {problem}")
    sources = read_manifest(manifest)
    taken = {s.region: s.file for s in sources if s.kind in ("tables", "prose")}
    if kind in ("tables", "prose") and region in taken:
        raise ParameterError(
            f"--region: region {region!r} is already in {manifest.name} (file {taken[region]}); "
            f"regions in use: {sorted(taken)}"
        )
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
    if not (name_zh and name_en):
        zh, en = _unit_names(adcode, level)
        row["name_zh"], row["name_en"] = name_zh or zh, name_en or en
        if not row["name_zh"] or not row["name_en"]:
            raise ParameterError(
                f"--name-zh/--name-en: adcode {adcode} ({level}) has no names in the boundary data; give both"
            )
    for name in ("name_zh", "name_en"):
        problem = field_problem(name, row[name], row, raw_dir)
        if problem:
            raise ParameterError(f"{OPTION[name]}: {problem}")
    row["sha256"] = sha256_of(file)
    existing = [{c: getattr(s, c) for c in MANIFEST_COLUMNS} for s in sources]
    for k, first, problem in check_rows([*existing, row]):
        if k == len(existing):
            what = problem.split(" ")[1]
            option = {"content": "FILE", "file": "FILE", "adcode": "--adcode", "region": "--region"}[what]
            raise ParameterError(f"{option}: {problem}: also registered as {existing[first]['region']!r}")
    notices: list[str] = []
    if kind in ("tables", "prose"):
        headers = Path(codebook_path).parent / "headers.csv"
        counts, notices = parse_for_record(file, file.name, kind, Path(codebook_path), headers)
        row["expected_rows"] = format_expected(counts)
    old = manifest.read_bytes()
    newline = "\r\n" if b"\r\n" in old else "\n"
    if old and not old.endswith(b"\n"):
        old += newline.encode()
    header = next(csv.reader([read_text(manifest).split("\n", 1)[0]]))
    data = old + _csv_row([row.get(c, "") for c in header], newline)
    if copy:
        write_bytes(target, file.read_bytes(), 0o644)
    try:
        write_bytes(manifest, data, manifest.stat().st_mode & 0o777)
    except BaseException:
        if copy:
            target.unlink(missing_ok=True)
        raise
    return Registration({c: row.get(c, "") for c in header}, notices)


def remove_source(region: str, manifest: Path = paths.MANIFEST, keep_file: bool = False) -> dict[str, str]:
    """Back out the registration of `region`: its manifest row goes (the other bytes stay
    as they are) and, unless `keep_file` or another row lists it, its file in data/raw.
    Returns the removed row."""
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
    return {c: getattr(source, c) for c in MANIFEST_COLUMNS}


def recount(
    regions: list[str] | None = None, manifest: Path = paths.MANIFEST, codebook_path: Path = paths.CODEBOOK
) -> dict[str, tuple[str, str]]:
    """Record again the tables and rows each document gives (its `expected_rows`), after a
    deliberate change of the codebook, the header words or the parser. Each document is
    verified (sha256) and parsed as the build parses it; only its manifest line changes.
    Returns region -> (old, new) for the rows that changed."""
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
        counts, _ = parse_for_record(s.path, s.file, s.kind, Path(codebook_path), headers)
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
