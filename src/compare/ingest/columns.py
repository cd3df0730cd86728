"""The table's columns, read from the one file that describes them (`indicators.meta.yml`).

Everything that names, types or explains a column derives from that file: the build's
dtypes (`frame`) and pandera schema (`schema`), the Frictionless descriptor and the Excel headers
(`exports`), and the contract's column table (`docs/columns.md`, written by `main`). The
file ships inside the package and is read on first use, never at import.

Lists of allowed values that the code needs as well (target kinds, operators, levels,
periods, attributes) are kept once in the code and named in the file (``values: kinds``).
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from .. import paths
from ..errors import SourceError

META_FILE = "indicators.meta.yml"
OBSERVATIONS_META_FILE = "observations.meta.yml"
TYPES = ("string", "number", "integer", "boolean")
#: Value lists the file may name; `regions` and `indicator_ids` are known only at build time.
RUNTIME_LISTS = ("regions", "indicator_ids")
FIELDS = (
    "name",
    "type",
    "contract",
    "label_zh",
    "label_en",
    "description",
    "values",
    "required",
    "pattern",
    "minimum",
)
#: The generated pages, under the project's docs/.
OBSERVATIONS_DOC_NAME = "observations.md"


def named_values(name: str) -> tuple[str, ...]:
    """A value list the code keeps once, by the name the metadata file uses."""
    from .rows import ATTRIBUTES, PERIODS
    from .sources import LEVELS
    from .values import KINDS, OPERATORS

    lists = {
        "kinds": KINDS,
        "operators": OPERATORS,
        "levels": LEVELS,
        "periods": PERIODS,
        "attributes": tuple(ATTRIBUTES.values()),
    }
    return lists[name]


@dataclass(frozen=True)
class Column:
    """One column of the table as the metadata file describes it."""

    name: str
    type: str
    label_zh: str
    label_en: str
    description: str
    contract: bool = False
    values: tuple[str, ...] | str | None = None  # a list, or a RUNTIME_LISTS name
    required: bool = False
    pattern: str | None = None
    minimum: float | None = None

    def allowed(self, runtime: dict[str, list[str]] | None = None) -> list[str] | None:
        """The allowed values (without the empty string), or None when any value is allowed."""
        if self.values is None:
            return None
        if isinstance(self.values, str):
            return sorted((runtime or {}).get(self.values, [])) if runtime is not None else None
        return [v for v in self.values if v != ""]


@dataclass(frozen=True)
class Check:
    name: str
    description: str


@dataclass(frozen=True)
class TableMeta:
    """The table: its columns in order, key, foreign keys and cross-column checks."""

    name: str
    title: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    foreign_keys: tuple[dict, ...]
    checks: tuple[Check, ...]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def of_type(self, kind: str) -> list[str]:
        return [c.name for c in self.columns if c.type == kind]

    @property
    def contract(self) -> list[str]:
        return [c.name for c in self.columns if c.contract]

    def __getitem__(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


def _line_of(text: str, name: str) -> int | None:
    m = re.search(rf"^\s*-\s*name:\s*{re.escape(name)}\s*$", text, re.M)
    return text[: m.start()].count("\n") + 1 if m else None


def parse_meta(text: str, where: str = META_FILE) -> TableMeta:
    """Validate and read the metadata text; errors name the file and the column's line."""
    doc = _load_yaml(text, where)
    if not isinstance(doc, dict) or not isinstance(doc.get("columns"), list):
        raise SourceError(where, "needs a `columns` list")
    columns: list[Column] = []
    seen: set[str] = set()
    for entry in doc["columns"]:
        column = _column(entry, text, where, seen)
        seen.add(column.name)
        columns.append(column)
    contract = [c.contract for c in columns]
    if contract != sorted(contract, reverse=True):
        raise SourceError(where, "the contract's columns come first")
    key = tuple(doc.get("key") or ())
    if not key or any(k not in seen for k in key):
        raise SourceError(where, f"key {list(key)} must name columns")
    checks = tuple(Check(c["name"], " ".join(c["description"].split())) for c in doc.get("checks") or ())
    return TableMeta(
        name=str(doc.get("table", "indicators")),
        title=str(doc.get("title", "")),
        columns=tuple(columns),
        key=key,
        foreign_keys=tuple(doc.get("foreign_keys") or ()),
        checks=checks,
    )


def _load_yaml(text: str, where: str) -> object:
    """The YAML document; a syntax error names the file and line."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise SourceError(where, f"not valid YAML: {exc}", line + 1 if line is not None else None) from None


def _column(entry: object, text: str, where: str, seen: set[str]) -> Column:
    """One entry of the `columns` list, checked (a new, well-formed name, known fields, the
    required texts, a known type, values and pattern)."""
    name = entry.get("name") if isinstance(entry, dict) else None
    line = _line_of(text, str(name)) if name else None
    if not isinstance(entry, dict) or not isinstance(name, str):
        raise SourceError(where, f"bad or duplicate column name {name!r}", line)
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name) or name in seen:
        raise SourceError(where, f"bad or duplicate column name {name!r}", line)
    unknown = set(entry) - set(FIELDS)
    if unknown:
        raise SourceError(where, f"{name}: unknown fields {sorted(unknown)}; use {list(FIELDS)}", line)
    for f in ("type", "label_zh", "label_en", "description"):
        if not isinstance(entry.get(f), str) or not entry[f].strip():
            raise SourceError(where, f"{name}: `{f}` is required", line)
    if entry["type"] not in TYPES:
        raise SourceError(where, f"{name}: type must be one of {list(TYPES)}", line)
    values = _values(entry.get("values"), name, where, line)
    if entry.get("pattern") is not None:
        re.compile(entry["pattern"])
    return Column(
        name=name,
        type=entry["type"],
        label_zh=entry["label_zh"].strip(),
        label_en=entry["label_en"].strip(),
        description=" ".join(entry["description"].split()),
        contract=bool(entry.get("contract", False)),
        values=values,
        required=bool(entry.get("required", False)),
        pattern=entry.get("pattern"),
        minimum=entry.get("minimum"),
    )


def _values(values: object, name: str, where: str, line: int | None) -> tuple[str, ...] | str | None:
    """A column's `values`: a list, a runtime list's name, or a named list the code keeps."""
    if isinstance(values, str):
        if values in RUNTIME_LISTS:
            return values
        try:
            return named_values(values)
        except KeyError:
            raise SourceError(where, f"{name}: unknown value list {values!r}", line) from None
    if isinstance(values, list):
        return tuple(str(v) for v in values)
    if values is not None:
        raise SourceError(where, f"{name}: `values` must be a list or a list name", line)
    return None


@lru_cache(maxsize=1)
def meta() -> TableMeta:
    """The table's metadata (read once per process, on first use)."""
    text = resources.files(__package__).joinpath(META_FILE).read_text(encoding="utf-8")
    return parse_meta(text)


@lru_cache(maxsize=1)
def observations_meta() -> TableMeta:
    """The observations table's metadata (`observations.meta.yml`), read like the table's."""
    text = resources.files(__package__).joinpath(OBSERVATIONS_META_FILE).read_text(encoding="utf-8")
    return parse_meta(text, OBSERVATIONS_META_FILE)


def markdown() -> str:
    """The contract's column table (docs/columns.md), generated from the metadata file."""
    m = meta()
    lines = [
        "# Columns of the normalised table",
        "",
        "<!-- Generated from src/compare/ingest/indicators.meta.yml by "
        "`.venv/bin/python -m compare.ingest.columns`; edit that file, not this one. -->",
        "",
        f"`data/processed/indicators.csv` / `.parquet`: one row per indicator row. Key: "
        f"{', '.join(f'`{k}`' for k in m.key)}. Columns marked ✓ are the data contract's "
        "(CONTRACT.md section 2); the others extend it. An empty cell is a missing value.",
        "",
    ]
    return "\n".join(lines + column_rows(m)) + "\n"


def column_rows(m: TableMeta) -> list[str]:
    """The column table (every column, type, labels, description, allowed values) and the
    checks across columns of a metadata file, as Markdown lines."""
    lines = [
        "| column | type | contract | 中文 | English | description | allowed values |",
        "|---|---|---|---|---|---|---|",
    ]
    for c in m.columns:
        if isinstance(c.values, str):
            allowed = f"any {c.values[:-1].replace('_', ' ')} of the build"
        elif c.values:
            allowed = ", ".join(f"`{v}`" for v in c.values if v) + ("" if c.required else ", or empty")
        elif c.pattern:
            allowed = f"matches `{c.pattern}`"
        elif c.minimum is not None:
            allowed = f"≥ {c.minimum:g}"
        else:
            allowed = "non-empty" if c.required else ""
        cells = [
            f"`{c.name}`",
            c.type,
            "✓" if c.contract else "",
            c.label_zh,
            c.label_en,
            c.description,
            allowed,
        ]
        lines.append("| " + " | ".join(s.replace("|", "\\|") for s in cells) + " |")
    lines += ["", "Checks across columns (the build refuses a table that breaks one):", ""]
    lines += [f"- `{c.name}`: {c.description}" for c in m.checks]
    return lines


def observations_markdown() -> str:
    """The observations table's columns (docs/observations.md), from observations.meta.yml."""
    m = observations_meta()
    head = [
        "# Columns of the observations table",
        "",
        "<!-- Generated from src/compare/ingest/observations.meta.yml by "
        "`.venv/bin/python -m compare.ingest.columns`; edit that file, not this one. -->",
        "",
        f"`data/processed/observations.csv` / `.parquet`: one row per published figure of every "
        f"observations source. Key: {', '.join(f'`{k}`' for k in m.key)}. It extends the data "
        "contract beside the indicator table; an empty cell is a missing value.",
        "",
    ]
    return "\n".join(head + column_rows(m)) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write docs/columns.md and docs/observations.md (or check they are current with --check)."""
    p = argparse.ArgumentParser(prog="python -m compare.ingest.columns", description=main.__doc__)
    p.add_argument("--check", action="store_true", help="exit 1 if docs/columns.md is out of date")
    p.add_argument("--out", type=Path, default=None)
    a = p.parse_args(argv)
    if a.out is None:
        a.out = paths.ROOT / "docs" / "columns.md"
    docs = {a.out: markdown(), a.out.with_name(OBSERVATIONS_DOC_NAME): observations_markdown()}
    if a.check:
        stale = [
            path
            for path, text in docs.items()
            if (path.read_text(encoding="utf-8") if path.is_file() else "") != text
        ]
        for path in stale:
            print(f"{path} is out of date: run `.venv/bin/python -m compare.ingest.columns`", file=sys.stderr)
        return 1 if stale else 0
    from ..files import write_text

    for path, text in docs.items():
        write_text(path, text)
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
