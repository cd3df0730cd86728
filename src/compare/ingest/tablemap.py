"""A table map: what a user states about a document the parser cannot guess.

A small YAML file beside a document (named in the manifest's ``table_map`` column) says,
per table, where it starts (the caption's line) and ends, which lines hold its header and
the role of each header cell, and, for the whole document, lines to skip::

    # data/raw/guizhou_eco_14th_fyp.map.yml
    skip: [41, 57]            # lines that are no part of any table (a site's banner)
    tables:
      - start: 12             # the caption's line (any text: 表1 主要指标)
        end: 80               # the table's last line
        label: 表1            # optional: the label (else from the caption)
        period: 14th          # optional: 13th or 14th (else from the caption)
        header: [13, 18]      # optional: the lines of the header cells
        columns: [category, name, baseline, target, attribute]  # the header cells' roles

Every error names the map file and the line of the entry. Lines are the document's own
1-based line numbers, as `compare inspect` shows them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import SourceError

PERIODS = ("13th", "14th")
KEYS = ("start", "end", "label", "period", "header", "columns")


@dataclass(frozen=True)
class MappedTable:
    """One table as the map states it."""

    start: int
    end: int | None = None
    label: str = ""
    period: str = ""
    header: tuple[int, int] | None = None
    columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableMap:
    """A document's table map: its tables by start line and the lines to skip."""

    path: Path | None = None
    tables: tuple[MappedTable, ...] = ()
    skip: frozenset[int] = field(default_factory=frozenset)

    def at(self, line: int) -> MappedTable | None:
        """The mapped table whose caption stands on `line` (1-based), if any."""
        return next((t for t in self.tables if t.start == line), None)

    def apply(self, lines: list[str]) -> list[str]:
        """The document's lines with the skipped ones blanked (line numbers unchanged)."""
        return ["" if k + 1 in self.skip else text for k, text in enumerate(lines)]


NO_MAP = TableMap()


def _line_of(text: str, key: str, value: object) -> int | None:
    for k, line in enumerate(text.split("\n"), start=1):
        if key in line and str(value) in line:
            return k
    return None


def _int(value: object, what: str, path: Path, line: int | None) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise SourceError(path, f"{what} must be a line number (1 or more), got {value!r}", line)
    return value


def _table(entry: object, path: Path, text: str, roles: tuple[str, ...]) -> MappedTable:
    if not isinstance(entry, dict) or "start" not in entry:
        raise SourceError(path, f"each entry of `tables` needs `start` (the caption's line), got {entry!r}")
    line = _line_of(text, "start", entry["start"])
    unknown = sorted(set(entry) - set(KEYS))
    if unknown:
        raise SourceError(path, f"unknown keys {unknown}; a table takes {list(KEYS)}", line)
    start = _int(entry["start"], "start", path, line)
    end = _int(entry["end"], "end", path, line) if entry.get("end") is not None else None
    if end is not None and end <= start:
        raise SourceError(path, f"end {end} is not after start {start}", line)
    period = str(entry.get("period") or "")
    if period and period not in PERIODS:
        raise SourceError(path, f"period {period!r} must be one of {list(PERIODS)}", line)
    header = entry.get("header")
    span = None
    if header is not None:
        if not (isinstance(header, list) and len(header) == 2):
            raise SourceError(path, f"header must be [first line, last line], got {header!r}", line)
        span = (_int(header[0], "header", path, line), _int(header[1], "header", path, line))
    columns = tuple(str(c) for c in entry.get("columns") or ())
    bad = [c for c in columns if c not in roles]
    if bad:
        raise SourceError(path, f"columns {bad} are no roles; roles: {', '.join(roles)}", line)
    return MappedTable(start, end, str(entry.get("label") or ""), period, span, columns)


def parse_map(text: str, path: Path, roles: tuple[str, ...]) -> TableMap:
    """A table map from its YAML text; every error names the file (and line)."""
    try:
        doc = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise SourceError(path, f"not valid YAML: {exc}", mark.line + 1 if mark else None) from None
    if not isinstance(doc, dict) or set(doc) - {"tables", "skip"}:
        raise SourceError(path, "a table map holds `tables` and `skip` only")
    skip = doc.get("skip") or []
    if not isinstance(skip, list):
        raise SourceError(path, "skip must be a list of line numbers", _line_of(text, "skip", ""))
    lines = frozenset(_int(v, "skip", path, _line_of(text, "skip", "")) for v in skip)
    tables = tuple(_table(e, path, text, roles) for e in doc.get("tables") or [])
    return TableMap(path, tables, lines)


def load_map(path: Path | None) -> TableMap:
    """The table map at `path` (NO_MAP when None)."""
    if path is None:
        return NO_MAP
    from .headers import ROLES
    from .sources import read_text

    return parse_map(read_text(path), path, ROLES)
