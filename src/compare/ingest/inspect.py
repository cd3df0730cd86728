"""How the parser reads a document, shown before (or after) it is registered.

`reading` runs the build's own parse (`build.parse_lines`) and returns what it found: the
tables (caption, line), the header cells and the role of each, every row's cells and the
column each went to, and the strings it could not place and why. `render` writes it as
text for ``compare inspect FILE``; `suggest` writes the candidate synonym lines for the
names the codebook does not know (``compare codebook suggest REGION``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths
from ..errors import SourceError
from .codebook import Codebook, load_codebook
from .headers import load_headers
from .rows import PrintedRow
from .tablemap import TableMap, load_map

ROW_FIELDS = (
    ("category", "category"),
    ("seq", "seq"),
    ("unit", "unit"),
    ("attribute", "attribute"),
    ("baseline", "baseline_raw"),
    ("target", "target_raw"),
    ("achieved", "achieved_raw"),
    ("cumulative", "cumulative_raw"),
    ("longterm", "longterm_raw"),
    ("note", "note"),
)


@dataclass
class Reading:
    """What the parser made of one document."""

    file: str
    tables: list = field(default_factory=list)  # tables.ParsedTable
    rows: list[PrintedRow] = field(default_factory=list)


def reading(
    path: Path,
    kind: str = "tables",
    table_map: TableMap | None = None,
    codebook: Codebook | None = None,
    headers_path: Path | None = None,
) -> Reading:
    """The build's reading of the document at `path` (a registered one or not)."""
    headers_path = paths.project().headers if headers_path is None else headers_path
    from .build import parse_lines, prose_rows
    from .sources import read_document

    codebook = codebook or load_codebook()
    lines = read_document(path)
    if kind == "prose":
        return Reading(path.name, [], prose_rows(lines, path.name, codebook))
    tables = parse_lines(lines, path.name, codebook, load_headers(headers_path), table_map)
    return Reading(path.name, tables, [r for t in tables for r in t.rows])


def _cells(r: PrintedRow) -> str:
    parts = []
    for role, attr in ROW_FIELDS:
        value = getattr(r, attr)
        if value:
            line = r.cells.get(role)
            parts.append(f"{role}={value}" + (f" (line {line})" if line and line != r.line else ""))
    return "; ".join(parts)


def _unknown(name: str, codebook: Codebook) -> str:
    from .build import strip_name_marks

    stripped, marks = strip_name_marks(name)
    if marks and codebook.lookup(stripped):
        return f"{codebook.lookup(stripped)} (footnote {','.join(marks)})"
    near = ", ".join(f"{i} {s:.2f}" for i, s in codebook.nearest(stripped))
    return f"UNKNOWN (nearest: {near})"


def render(read: Reading, codebook: Codebook) -> str:
    """The reading as text: per table its caption, header roles and rows, then the strays."""
    out = [f"{read.file}: {len(read.tables)} tables, {len(read.rows)} rows"]
    for t in read.tables:
        out.append(f"\n{t.key} line {t.line}: {t.caption}  [{t.layout} layout]")
        out.append(
            "  header: " + " | ".join(f"{c.text} (line {c.line}) -> {role}" for c, role, _ in t.header)
        )
        for r in t.rows:
            known = codebook.lookup(r.name, r.extra.get("parent_name", "")) or _unknown(r.name, codebook)
            out.append(f"  line {r.line}: name={r.name} -> {known}; {_cells(r)}")
        for s in t.stray:
            out.append(f"  unplaced line {s.line}: {s.text!r} ({s.why})")
        for line, what in t.problems:
            out.append(f"  problem line {line}: {what}")
    if not read.tables:
        out += [f"  line {r.line}: {r.period} {r.name} target={r.target_raw}" for r in read.rows]
    return "\n".join(out) + "\n"


def suggest(region: str, manifest: Path | None = None, codebook_path: Path | None = None) -> str:
    """CSV of candidate synonym lines (indicator_id, synonym, similarity, line, others) for
    each name of `region`'s document the codebook does not know."""
    manifest = paths.project().manifest if manifest is None else manifest
    codebook_path = paths.project().codebook if codebook_path is None else codebook_path
    from .build import strip_name_marks
    from .sources import read_manifest

    sources = [s for s in read_manifest(manifest) if s.region == region and s.kind == "tables"]
    if not sources:
        raise SourceError(manifest, f"no tables document registered for region {region!r}")
    source = sources[0]
    codebook = load_codebook(codebook_path)
    table_map = load_map(source.raw_dir / source.table_map if source.table_map else None)
    read = reading(source.path, source.kind, table_map, codebook, Path(codebook_path).parent / "headers.csv")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["indicator_id", "synonym", "similarity", "line", "other_candidates"])
    for r in read.rows:
        parent = r.extra.get("parent_name", "")
        name = strip_name_marks(r.name)[0]
        if codebook.lookup(r.name, parent) or codebook.lookup(name, parent):
            continue
        near = codebook.nearest(name)
        w.writerow(
            [near[0][0], name, f"{near[0][1]:.2f}", r.line, " ".join(f"{i}:{s:.2f}" for i, s in near[1:])]
        )
    return buf.getvalue()
