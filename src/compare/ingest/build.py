"""Sources to the normalised table, in small named steps that flow one way:

verify (sha256) -> parse (tables per layout, or prose, by the manifest's kind) -> account
(every document gives rows; tables complete; counts as registered) -> harmonise (codebook
ids, parsed values, manifest metadata) -> validate (`schema`, from `indicators.meta.yml`)
-> write (`serialise`; every output of a build switched in together, `files.output_set`).
The table's shape is `frame`'s, reading it back is `load`'s.

The column lists (`COLUMNS`, `FLOAT_COLUMNS`, …) come from the metadata file, read on
first use: `from compare.ingest.build import COLUMNS` works as before.
"""

from __future__ import annotations

import csv
import io
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .. import paths
from ..errors import SourceError
from . import notes as notes_mod
from . import observations as observations_mod
from . import supplementary
from .codebook import Codebook, Entry, load_codebook
from .columns import meta
from .frame import VALUE_CELLS, to_frame
from .headers import Headers, load_headers
from .prose import mine_lines, mine_review, note_fragments
from .rows import ATTRIBUTES as PRINTED_ATTRIBUTES
from .rows import PrintedRow
from .schema import validate, validate_observations
from .serialise import notes_csv_bytes, to_csv_bytes, to_parquet_bytes
from .sources import REFERENCE_LEVELS, Source, format_expected, read_manifest, verified_lines
from .tablemap import TableMap, load_map
from .tables import ParsedTable, parse_tables
from .values import KINDS, CellValue, parse_cell

ATTRIBUTES = {**PRINTED_ATTRIBUTES, "": ""}
UNITS = {
    "％": "%",
    "微克/立方米": "μg/m3",
    "ug/m3": "μg/m3",
    "µg/m3": "μg/m3",
    "μg/m³": "μg/m3",
    "立方米万元": "立方米/万元",
}
#: The codebook's fields for a row of a reference document whose name it does not know.
UNMAPPED = Entry("", "", "", "", "", "neutral", "", "", "level", ())
_LISTS = {
    "COLUMNS": lambda m: m.names,
    "CONTRACT_COLUMNS": lambda m: m.contract,
    "EXTENSION_COLUMNS": lambda m: [c for c in m.names if c not in m.contract],
    "KEY": lambda m: list(m.key),
    "FLOAT_COLUMNS": lambda m: m.of_type("number"),
    "INT_COLUMNS": lambda m: m.of_type("integer"),
    "BOOL_COLUMNS": lambda m: m.of_type("boolean"),
}


def __getattr__(name: str) -> list[str]:
    """Column lists derived from the metadata file, computed on first access."""
    if name in _LISTS:
        return list(_LISTS[name](meta()))
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --------------------------------------------------------------------------- parsing


@dataclass
class DocumentParse:
    """What one document gave: its tables (or its prose rows) and the numbers the parse
    report shows."""

    source: Source
    tables: list[ParsedTable]
    rows: list[PrintedRow]
    unknown_names: list[tuple[int, str]] = field(default_factory=list)  # (line, name)
    #: per unknown name: the three nearest codebook entries (id, similarity)
    nearest: list[list[tuple[str, float]]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    #: notes of a lost table found in the prose (`prose.note_fragments`), attached to the
    #: region's rows by the indicators they name
    loose_notes: list[notes_mod.Note] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        """Rows per table key, in document order (``13th/专栏1``: 23)."""
        return row_counts(self.rows)


def row_counts(rows: Sequence[PrintedRow]) -> dict[str, int]:
    """Rows per table key, in document order (``13th/专栏1``: 23): what a build checks and
    what registration records (`expected_rows`)."""
    out: dict[str, int] = {}
    for r in rows:
        out[f"{r.period}/{r.table}"] = out.get(f"{r.period}/{r.table}", 0) + 1
    return out


def prose_rows(lines: list[str], file: str, codebook: Codebook) -> list[PrintedRow]:
    """A prose plan's rows: the targets its prose quantifies, then the 2020 values its review
    of the 13th FYP states (as 13th-period rows)."""
    rows = mine_lines(lines, file)
    if not rows:
        raise SourceError(file, "kind prose, but no quantified target was found in its prose")
    return rows + mine_review(lines, file, codebook.is_name)


def parse_lines(
    lines: list[str],
    file: str,
    codebook: Codebook,
    headers: Headers | None = None,
    table_map: TableMap | None = None,
) -> list[ParsedTable]:
    """A tables document's tables: the one reading the build and `compare inspect` share."""
    return parse_tables(
        lines, file, lambda s: is_printed_name(codebook, s), headers or load_headers(), table_map
    )


def parse_source(source: Source, codebook: Codebook, headers: Headers | None = None) -> DocumentParse:
    """One document by its manifest kind: a plan's indicator tables, or a plan's prose."""
    if source.kind == "facts":
        return DocumentParse(source, [], supplementary.read_facts(source))
    lines = verified_lines(source)
    table_map = load_map(source.raw_dir / source.table_map if source.table_map else None)
    tables, rows = document_rows(lines, source.file, source.kind, codebook, headers, table_map)
    loose = note_fragments(lines, source.file) if source.kind == "prose" else []
    return DocumentParse(source, tables, rows, loose_notes=loose)


def document_rows(
    lines: list[str],
    file: str,
    kind: str,
    codebook: Codebook,
    headers: Headers | None = None,
    table_map: TableMap | None = None,
) -> tuple[list[ParsedTable], list[PrintedRow]]:
    """The tables and rows a document's lines (`sources.read_document`) give by its kind
    (``tables`` or ``prose``): the build's parse, which registration and recounting call
    too, so the counts they record are the counts a build finds."""
    if kind == "prose":
        return [], prose_rows(lines, file, codebook)
    tables = parse_lines(lines, file, codebook, headers, table_map)
    rows = [r for t in tables for r in t.rows]
    if not rows:
        raise SourceError(
            file,
            "no indicator table rows found (a table needs a caption such as `专栏2 …指标…` and a header); "
            "a plan whose targets are only in its prose is registered with kind prose",
        )
    return tables, rows


def account(doc: DocumentParse, manifest: str = "MANIFEST.csv") -> None:
    """Every source accounted for: the tables and rows a document gives must be those
    recorded when it was registered (`expected_rows`); a table lost, cut short or grown
    stops the build, naming the table and both counts. An incomplete table (a gap in its
    numbering, a table that runs into the end of the file) stops it too, unless the record
    vouches for exactly what was found (it is then a notice)."""
    found, expected = doc.counts, doc.source.expected
    where = f"{manifest}:{doc.source.line}" if doc.source.line else manifest
    if expected and found != expected:
        key = next(k for k in [*expected, *found] if found.get(k, 0) != expected.get(k, 0))
        raise SourceError(
            doc.source.file,
            f"{key} gives {found.get(key, 0)} rows but {where} records {expected.get(key, 0)} "
            f"(found {format_expected(found) or 'nothing'}; recorded {doc.source.expected_rows}); "
            f"if the document, codebook or header words changed on purpose, record the new counts: "
            f"python -m compare recount {doc.source.region}",
        )
    problems = [(t, line, what) for t in doc.tables for line, what in t.problems]
    if problems and not expected:
        t, line, what = problems[0]
        raise SourceError(doc.source.file, f"{t.label}: {what}", line)
    for t, line, what in problems:
        doc.notices.append(f"{t.label} line {line}: {what} (accepted: the counts match {where})")
    if not expected:
        doc.notices.append(f"no expected_rows recorded in {where}; found {format_expected(found)}")


# --------------------------------------------------------------------------- harmonising

# A footnote mark glued into a printed name: a digit between Chinese characters
# (城市2空气质量…), or marks at the end of the name or before its unit bracket.
_NAME_MARK_INSIDE = re.compile(r"(?<=[\u4e00-\u9fff])([0-9０-９]{1,2}|[¹²³⁴-⁹]+|[①-⑳])(?=[\u4e00-\u9fff])")
_NAME_MARK_END = re.compile(
    r"(?<=[\u4e00-\u9fff)）])(\*+|＊+|[0-9０-９]{1,2}|[¹²³⁴-⁹]+|[①-⑳]|【[0-9]+】|[（(][0-9]{1,2}[)）])"
    r"(?=(?:[（(][^（）()]*[)）]?)?$)"
)
_MARK_DIGITS = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹①②③④⑤⑥⑦⑧⑨", "123456789123456789")


def strip_name_marks(name: str) -> tuple[str, list[str]]:
    """The name without footnote marks glued into it, and the marks (``2``, ``*``)."""
    marks: list[str] = []

    def take(m: re.Match[str]) -> str:
        mark = unicodedata.normalize("NFKC", m.group(1)).translate(_MARK_DIGITS).strip("()【】")
        marks.append(mark)
        return ""

    stripped = _NAME_MARK_END.sub(take, _NAME_MARK_INSIDE.sub(take, name))
    return stripped, marks


def is_printed_name(codebook: Codebook, printed: str) -> bool:
    """A name the codebook knows, as printed or with glued footnote marks removed."""
    return codebook.is_name(printed) or codebook.is_name(strip_name_marks(printed)[0])


def normalise_unit(unit: str) -> str:
    """One spelling per unit: NFKC (full-width, m³), then the synonyms in UNITS."""
    unit = unicodedata.normalize("NFKC", re.sub(r"\s+", "", unit))
    return UNITS.get(unit, unit)


def name_rows(
    codebook: Codebook, rows: Sequence[PrintedRow]
) -> tuple[list[tuple[PrintedRow, str, str, list[str]]], list[tuple[int, str]]]:
    """Map each printed row's name onto the codebook as the build does: (row, id, name as
    matched, glued marks) for every row (id "" where the codebook has none), and (line,
    name) of the rows it does not map. Registration counts the unknown names with this too."""
    named: list[tuple[PrintedRow, str, str, list[str]]] = []
    unknown: list[tuple[int, str]] = []
    for r in rows:
        ident, name, name_marks = _lookup(codebook, r)
        if ident is None:
            unknown.append((r.line, name))
        named.append((r, ident or "", name, name_marks))
    return named, unknown


def _lookup(codebook: Codebook, r: PrintedRow) -> tuple[str | None, str, list[str]]:
    """(id, printed name, glued marks): the name as printed first, then without marks."""
    context = r.extra.get("sentence", "") or r.extra.get("parent_name", "")
    ident = codebook.lookup(r.name, context)
    if ident is not None:
        return ident, r.name, []
    stripped, marks = strip_name_marks(r.name)
    if marks:
        ident = codebook.lookup(stripped, context)
        if ident is not None:
            return ident, stripped, marks
        return None, stripped, marks  # unknown either way: the mark is still a footnote
    return None, r.name, []


def harmonise(
    source: Source,
    rows: list[PrintedRow],
    codebook: Codebook,
    doc: DocumentParse | None = None,
    loose: Sequence[notes_mod.Note] = (),
    notes_out: list[dict] | None = None,
) -> list[dict]:
    """Give each printed row its codebook id, parsed values, notes and manifest metadata.

    Unknown names are collected (into `doc`, for the parse report) and the first one is
    the error; a cell that looks numeric but does not parse is an error naming its line.
    Notes printed under a table (and `loose` notes of a lost table) are attached to the
    rows they name (`notes.attach`); ``notes_out`` receives one record per note and row,
    and one per note that reached no row, for the long notes table.
    """
    named, unknown = name_rows(codebook, rows)
    nearest = [codebook.nearest(name) for _, name in unknown]
    if doc is not None:
        doc.unknown_names, doc.nearest = unknown, nearest
    if unknown and source.level not in REFERENCE_LEVELS:
        raise _unknown_names(source, codebook, unknown, nearest)
    attached = notes_mod.attach(
        [n[0] for n in named], [n[1] for n in named], lambda i: codebook.note_terms(i) if i else (), loose
    )
    if doc is not None:
        _count_attached(doc, attached)
    out = []
    position: Counter[tuple[str, str]] = Counter()
    for (r, ident, name, name_marks), row_notes in zip(named, attached.rows):
        entry = codebook.entries.get(ident) or UNMAPPED
        cells = _parse_cells(source, r)
        position[(r.period, r.table)] += 1
        row = position[(r.period, r.table)]
        if notes_out is not None:
            key: dict[str, Any] = {"region": source.region, "period": r.period, "table": r.table}
            key.update(row=row, indicator_id=ident)
            notes_out.extend(notes_mod.note_record(key, rn, rn.note) for rn in row_notes)
        out.append(
            {
                **_identity(source, r, entry, ident, name, row),
                **_values(r, cells, row_notes, name_marks),
            }
        )
    if notes_out is not None:
        blank = {"region": source.region, "period": "", "table": "", "row": None, "indicator_id": ""}
        notes_out.extend(notes_mod.note_record(blank, None, n) for n in attached.unattached)
    return out


def _unknown_names(
    source: Source, codebook: Codebook, unknown: list[tuple[int, str]], nearest: list
) -> SourceError:
    """The error of a plan that prints names the codebook does not know: the first one's
    line, every one with its nearest codebook ids."""
    listed = "; ".join(
        f"line {line} {name!r} (nearest: {', '.join(f'{i} {s:.2f}' for i, s in near)})"
        for (line, name), near in zip(unknown, nearest)
    )
    return SourceError(
        source.file,
        f"indicator name {unknown[0][1]!r} is not in the codebook ({codebook.path.name}); "
        f"{len(unknown)} unknown name{'s' if len(unknown) > 1 else ''} in this document: {listed}; "
        f"add each as a synonym of the right row "
        f"(`compare codebook suggest {source.region}` writes the candidate lines)",
        unknown[0][0],
    )


def _count_attached(doc: DocumentParse, attached: notes_mod.Attached) -> None:
    """Each table's count of its own notes that reached a row, for the parse report."""
    for t in doc.tables:
        own = {id(n) for r in t.rows for n in r.table_notes}
        t.notes_attached = len({id(rn.note) for rns in attached.rows for rn in rns if id(rn.note) in own})


def _parse_cells(source: Source, r: PrintedRow) -> dict[str, CellValue]:
    """The row's baseline, target and achieved cells parsed; a bad attribute or a cell that
    does not parse is an error naming its line."""
    if r.attribute not in ATTRIBUTES:
        raise SourceError(
            source.file, f"attribute {r.attribute!r} not recognised", r.cells.get("attribute", r.line)
        )
    cells: dict[str, CellValue] = {}
    for role, raw in (
        ("baseline", r.baseline_raw),
        ("target", r.target_raw),
        ("achieved", r.achieved_raw),
    ):
        cell = parse_cell(raw)
        if cell.error:
            raise SourceError(source.file, cell.error, r.cells.get(role, r.line))
        cells[role] = cell
    return cells


def _identity(source: Source, r: PrintedRow, entry: Entry, ident: str, name: str, row: int) -> dict[str, Any]:
    """The columns that say which row this is: region, table, position, indicator, source."""
    return {
        "region": source.region,
        "region_name_zh": source.name_zh,
        "region_name_en": source.name_en,
        "adcode": source.adcode,
        "level": source.level,
        "period": r.period,
        "table": r.table,
        "seq": r.seq,
        "parent_seq": r.parent_seq,
        "category_zh": r.category,
        "domain": entry.domain,
        "indicator_id": ident,
        "indicator_name_zh": re.sub(r"\s+", "", name),
        "indicator_name_en": entry.name_en,
        "unit": normalise_unit(r.unit) or entry.unit,
        "attribute": ATTRIBUTES[r.attribute],
        "source_file": source.file,
        "source_line": r.line,
        "row": row,
        "parent_name_zh": r.extra.get("parent_name", ""),
        "status_zh": r.extra.get("status", ""),
        "realigned": r.extra.get("realigned") == "true",
        "secondary": r.extra.get("secondary") == "true",
        "source_url": r.extra.get("source_url", ""),
        "evidence_zh": r.note if r.table in notes_mod.EVIDENCE_TABLES else "",
    }


def _values(
    r: PrintedRow, cells: dict[str, CellValue], row_notes: list[notes_mod.RowNote], name_marks: list[str]
) -> dict[str, Any]:
    """The columns of the row's values: each cell parsed, the cumulative flags, footnotes,
    and what the notes attached to the row say (years, provisional values, kinds)."""
    base, target, achieved = cells["baseline"], cells["target"], cells["achieved"]
    cumulative = {k: c.cumulative for k, c in cells.items()}
    if r.extra.get("cumulative_target") == "true" and target.kind == "numeric":
        cumulative["target"] = True  # from a 〔累计〕 column, brackets or not
    achieved_year = int(r.extra.get("achieved_year") or r.target_year or 0) or None
    noted = notes_mod.row_columns(r, row_notes, r.baseline_year, achieved_year if r.achieved_raw else None)
    return {
        "baseline_year": noted["baseline_year"],
        "baseline_raw": r.baseline_raw,
        "baseline_value": base.value,
        "target_year": r.target_year,
        "target_raw": r.target_raw,
        "target_value": target.value,
        "target_operator": target.operator,
        "target_kind": target.kind,
        "achieved_raw": r.achieved_raw,
        "achieved_value": achieved.value,
        "cumulative": any(cumulative.values()),
        "provisional": noted["provisional"],
        "note_zh": noted["note_zh"],
        "baseline_operator": base.operator,
        "baseline_kind": base.kind,
        "achieved_operator": achieved.operator if r.achieved_raw else "",
        "achieved_kind": achieved.kind if r.achieved_raw else "",
        "cumulative_cells": ",".join(k for k, c in cumulative.items() if c),
        "footnote": ",".join(
            dict.fromkeys([f for c in cells.values() for f in c.footnote.split(",") if f] + name_marks)
        ),
        "baseline_upper": base.upper,
        "target_upper": target.upper,
        "achieved_upper": achieved.upper,
        "cumulative_raw": r.cumulative_raw,
        "longterm_year": r.longterm_year,
        "longterm_raw": r.longterm_raw,
        "note_kinds": noted["note_kinds"],
        "note_sources": noted["note_sources"],
        "note_target_value": noted["note_target_value"],
        "achieved_year": noted["achieved_year"],
    }


# --------------------------------------------------------------------------- the parse report

REPORT_COLUMNS = [
    "file",
    "region",
    "kind",
    "tables",
    "table_rows",
    "rows",
    *(f"cells_{k}" for k in KINDS),
    "cells_range",
    "notes",
    "notes_attached",
    "unknown_names",
    "realigned",
    "expected_rows",
    "notices",
    "unknown",
    "stray",
]


def report_record(doc: DocumentParse, records: list[dict]) -> dict:
    """One document's line of the parse report: tables, rows, cells by kind, notes."""
    kinds: Counter[str] = Counter()
    ranges = 0
    for r in records:
        for c in VALUE_CELLS:
            if c == "achieved" and not r["achieved_raw"]:
                continue
            kinds[r[f"{c}_kind"]] += 1
            ranges += r[f"{c}_operator"] == "range"
    return {
        "file": doc.source.file,
        "region": doc.source.region,
        "kind": doc.source.kind,
        "tables": len(doc.tables) if doc.source.kind == "tables" else 0,
        "table_rows": format_expected(doc.counts),
        "rows": len(records),
        **{f"cells_{k}": kinds[k] for k in KINDS},
        "cells_range": ranges,
        "notes": sum(t.notes for t in doc.tables),
        "notes_attached": sum(t.notes_attached for t in doc.tables),
        "unknown_names": len(doc.unknown_names),
        "realigned": sum(1 for r in records if r["realigned"]),
        "expected_rows": doc.source.expected_rows,
        "notices": " | ".join(doc.notices),
        "unknown": " | ".join(
            f"{line} {name} -> {', '.join(i for i, _ in near)}"
            for (line, name), near in zip(doc.unknown_names, doc.nearest)
        ),
        "stray": " | ".join(f"{s.line} {s.why}: {s.text}" for t in doc.tables for s in t.stray),
    }


def report_line(rec: dict) -> str:
    """The printed line of one document."""
    cells = ", ".join(f"{rec[f'cells_{k}']} {k}" for k in KINDS if rec[f"cells_{k}"])
    tables = f"{rec['tables']} tables ({rec['table_rows']})" if rec["kind"] == "tables" else rec["kind"]
    text = (
        f"{rec['file']}: {tables}, {rec['rows']} rows; cells {cells or 'none'}; "
        f"notes {rec['notes']} ({rec['notes_attached']} attached); unknown names {rec['unknown_names']}"
    )
    return text + (f"; {rec['notices']}" if rec["notices"] else "")


def report_csv_bytes(records: list[dict]) -> bytes:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=REPORT_COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(records)
    return buf.getvalue().encode("utf-8")


# --------------------------------------------------------------------------- the build


#: What a build of a project without documents (a new one) says.
NO_PLANS = (
    "no document registered yet; add a plan with `compare add-source PLAN.txt --region ID --adcode CODE` "
    "(README: Starting a project)"
)


@dataclass
class BuildResult:
    table: pd.DataFrame
    seconds: float
    unused_synonyms: list[str]
    report: list[dict] = field(default_factory=list)  # one parse-report record per document
    notes: pd.DataFrame | None = None  # the long notes table (notes.NOTE_COLUMNS)
    observations: pd.DataFrame | None = None  # observed outcomes (observations.meta.yml)


def build_table(
    manifest: Path | None = None,
    codebook_path: Path | None = None,
    headers_path: Path | None = None,
    *,
    shared_adcodes: bool = False,
    echo: Callable[[str], None] | None = None,
) -> BuildResult:
    """Every source through every step; raises SourceError on the first bad input.

    `echo` receives the parse report's line of each document as soon as it is parsed (so
    a failing build shows what came before). `shared_adcodes` lets synthetic scale corpora
    give one district several documents.
    """
    manifest = paths.project().manifest if manifest is None else manifest
    codebook_path = paths.project().codebook if codebook_path is None else codebook_path
    t0 = time.perf_counter()
    codebook = load_codebook(codebook_path)
    headers = load_headers(headers_path or Path(codebook_path).parent / "headers.csv")
    sources = read_manifest(manifest, shared_adcodes=shared_adcodes)
    if not sources:
        raise SourceError(manifest, NO_PLANS)
    records: list[dict] = []
    note_records: list[dict] = []
    report = []
    plans = [s for s in sources if s.kind != observations_mod.TABLE]
    docs = [parse_source(source, codebook, headers) for source in plans]
    loose: dict[str, list[notes_mod.Note]] = {}
    for doc in docs:  # a lost table's notes reach the region's rows from every source
        loose.setdefault(doc.source.region, []).extend(doc.loose_notes)
    for doc in docs:
        source = doc.source
        found: list[dict] = []
        try:
            found = harmonise(source, doc.rows, codebook, doc, loose.get(source.region, ()), note_records)
            account(doc, manifest.name)
        except SourceError:
            if echo:  # what the document gave, beside the error
                echo(report_line(report_record(doc, found)))
            raise
        rec = report_record(doc, found)
        report.append(rec)
        if echo:
            echo(report_line(rec))
        records.extend(found)
    regions = {s.region for s in plans}
    df = validate(to_frame(records), regions, codebook)
    notes = _notes(note_records)
    observed = build_observations(sources, codebook, Path(codebook_path), report, echo, manifest.name)
    return BuildResult(df, time.perf_counter() - t0, codebook.unused_synonyms(), report, notes, observed)


def build_observations(
    sources: list[Source],
    codebook: Codebook,
    codebook_path: Path,
    report: list[dict],
    echo: Callable[[str], None] | None = None,
    manifest: str = "MANIFEST.csv",
) -> pd.DataFrame | None:
    """The observations table from every ``observations`` source (None when there is none):
    read, mapped (observation_labels.csv beside the codebook), counted against the manifest,
    conflicts resolved, validated; one parse-report line per file."""
    files = [s for s in sources if s.kind == observations_mod.TABLE]
    if not files:
        return None
    regions = observations_mod.regions_of(sources)
    labels = observations_mod.load_labels(codebook_path.parent / "observation_labels.csv", codebook.entries)
    records: list[dict] = []
    for source in files:
        found = observations_mod.read_rows(source, regions, labels)
        observations_mod.check_count(source, len(found), manifest)
        rec = observation_report(source, found)
        report.append(rec)
        if echo:
            echo(report_line(rec))
        records.extend(found)
    observations_mod.resolve(records)
    return validate_observations(observations_mod.to_frame(records), set(regions), codebook)


def observation_report(source: Source, found: list[dict]) -> dict:
    """One observations file's line of the parse report: rows, and the labels not mapped."""
    counts = Counter(r["mapping"] for r in found)
    unmapped = sorted({r["label"] for r in found if r["mapping"] != "mapped"})
    notices = [f"{counts['mapped']} mapped, {counts['no_counterpart']} without a plan counterpart"]
    if counts["unknown_label"]:
        notices.append(f"{counts['unknown_label']} with labels not in observation_labels.csv")
    if unmapped:
        notices.append("labels not mapped: " + ", ".join(unmapped))
    rec: dict[str, Any] = dict.fromkeys(REPORT_COLUMNS, 0)
    rec.update(
        file=source.file,
        region=source.region,
        kind=source.kind,
        table_rows=format_expected({f"{observations_mod.PERIOD}/{observations_mod.TABLE}": len(found)}),
        rows=len(found),
        expected_rows=source.expected_rows,
        notices=" | ".join(notices),
    )
    return rec


def _notes(records: list[dict]) -> pd.DataFrame:
    """The long notes table; a note of a lost table that one source could not place but
    another did is not unattached."""
    placed = {(r["source_file"], r["source_line"], r["text"]) for r in records if r["by"] != "unattached"}
    kept, seen = [], set()
    for r in records:
        key = (r["source_file"], r["source_line"], r["text"])
        if r["by"] == "unattached" and (key in placed or key in seen):
            continue
        seen.add(key)
        kept.append(r)
    return notes_mod.notes_frame(kept)


def output_files(result: BuildResult, codebook_path: Path | None = None) -> dict[str, bytes]:
    """Every file of a build's table set, serialised in memory."""
    codebook_path = paths.project().codebook if codebook_path is None else codebook_path
    from .exports import export_files

    df, observed = result.table, result.observations
    return {
        "indicators.csv": to_csv_bytes(df),
        "indicators.parquet": to_parquet_bytes(df),
        **export_files(df, codebook_path, observed),
        "parse_report.csv": report_csv_bytes(result.report),
        **({"notes.csv": notes_csv_bytes(result.notes)} if result.notes is not None else {}),
        **(observation_files(observed) if observed is not None else {}),
    }


def observation_files(observed: pd.DataFrame) -> dict[str, bytes]:
    """observations.csv (numbers exact, flags true/false) and observations.parquet."""
    from .columns import observations_meta

    return {
        "observations.csv": to_csv_bytes(observed, observations_meta()),
        "observations.parquet": to_parquet_bytes(observed),
    }


def write_outputs(
    result: BuildResult,
    out_dir: Path | None = None,
    codebook_path: Path | None = None,
    extra: dict[str, Callable[[Path], object]] | None = None,
) -> list[str]:
    """Write the table, its exports, the parse report and `extra` files (name -> a writer
    given the staging path, e.g. the maps' boundaries) as one set: all switched in
    together when every one is written, none when any fails or the process dies."""
    out_dir = paths.project().processed if out_dir is None else out_dir
    codebook_path = paths.project().codebook if codebook_path is None else codebook_path
    from ..files import output_set

    files = output_files(result, codebook_path)
    with output_set(out_dir) as out:
        for name, data in files.items():
            out.write_bytes(name, data)
        for name, writer in (extra or {}).items():
            writer(out.path(name))
    return [*files, *(extra or {})]


def summary(df: pd.DataFrame) -> str:
    counts = df.groupby(["source_file", "period", "table"], sort=True).size()
    lines = [f"{'source':34} {'period':6} {'table':7} rows"]
    lines += [f"{f:34} {p:6} {t:7} {n:4d}" for (f, p, t), n in counts.items()]
    lines.append(
        f"{'total':34} {'':6} {'':7} {len(df):4d}  ({df['indicator_id'].nunique()} distinct indicator ids)"
    )
    return "\n".join(lines)


def build(extra: dict[str, Callable[[Path], object]] | None = None) -> BuildResult:
    """`compare build`: the table and every file beside it (plus `extra` files, e.g. the maps'
    boundaries), switched in as one set; prints a line per document and a summary."""
    result = build_table(echo=print)
    write_outputs(result, extra=extra)
    print(summary(result.table))
    for syn in result.unused_synonyms:
        print(f"warning: codebook synonym {syn!r} matches no printed name", file=sys.stderr)
    if result.observations is not None:
        obs = result.observations
        print(
            f"observations: {len(obs)} rows, {int(obs['used'].sum())} used, {int(obs['conflict'].sum())} in conflicts"
        )
    print(f"built {len(result.table)} rows in {result.seconds:.2f} s")
    return result
