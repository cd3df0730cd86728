"""The raw plan documents and their manifest: provenance and integrity before parsing.

`data/raw` is immutable input. Every file is checked against the sha256 in the manifest
so that a silently edited or truncated document can never reach the table.

The manifest is validated with one schema that `register.add_source` applies to its
arguments too: every error names the manifest's line (or the parameter). The schema is a
Frictionless Table Schema, ``manifest.schema.json`` (columns, types, required values,
patterns, allowed values, unique columns), checked cell by cell with frictionless
(`schema_problem`); what a Table Schema cannot say is a named check here: control
characters (`bad_characters`), an adcode that fits its level (`adcode_problem`), a file
inside data/raw (`file_problem`), one row per plan region and adcode (`check_rows`).
Columns after ``sha256``:

- ``kind``: ``tables`` (a plan with indicator tables), ``prose`` (a plan whose targets are
  mined from its prose), ``facts`` (a CSV of secondary facts, read by
  ``ingest/supplementary.py``) or ``observations`` (a CSV of observed outcomes, read by
  ``ingest/observations.py``; its region is the one its rows describe, or the municipality
  when they describe several);
- ``expected_rows``: the tables and row counts the document gave when it was registered,
  ``13th/专栏1=23;14th/专栏2=22``, so that a change is shown and a loss stops the build;
- ``table_map``: a YAML table map beside the document, or empty;
- ``source_url``: the document's official published address (``http(s)://…``), or empty
  where none is recorded; citations link it.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import paths
from ..errors import SourceError

#: The manifest's Table Schema (columns, types, constraints, the words of its errors).
SCHEMA = Path(__file__).with_name("manifest.schema.json")
# The schema's lists, read from it when first asked for (module `__getattr__`): every
# column in order, the columns every manifest has, the allowed kinds and levels.
MANIFEST_COLUMNS: tuple[str, ...]
REQUIRED_COLUMNS: tuple[str, ...]
KINDS: tuple[str, ...]
LEVELS: tuple[str, ...]
#: Plan kinds: one region, one adcode, one document each. A ``facts`` source supplements one.
PLAN_KINDS = ("tables", "prose")
#: Levels of documents kept for reference: an unknown printed name keeps its row (empty
#: indicator id, listed in the parse report) instead of stopping the build.
REFERENCE_LEVELS = ("provincial", "national", "reference")
MUNICIPAL_ADCODE = "500000"
NATIONAL_ADCODE = "100000"
ADCODE = re.compile(r"[0-9]{6}")  # ASCII digits only: \d would accept ４ and ٤
EXPECTED = re.compile(r"(1[34]th)/([^;=/\s]+)=([0-9]+)")
#: Unicode categories no manifest field may hold: controls, format characters, line and
#: paragraph separators (U+2028 splits a row for readers that split lines), surrogates.
_FORBIDDEN = {"Cc", "Cf", "Zl", "Zp", "Cs", "Co"}


@dataclass(frozen=True)
class Source:
    """One manifest row: a plan document and where it comes from."""

    file: str
    region: str
    name_zh: str
    name_en: str
    adcode: str
    level: str
    title_zh: str
    doc_no: str
    issued: str
    layout: str
    sha256: str
    raw_dir: Path
    kind: str = "tables"
    expected_rows: str = ""
    line: int = 0  # the row's line in the manifest
    table_map: str = ""  # a YAML table map beside the document (`tablemap`), or "" (late: positional callers)
    source_url: str = ""  # the document's official address, or "" where none is recorded

    @property
    def path(self) -> Path:
        return self.raw_dir / self.file

    @property
    def expected(self) -> dict[str, int]:
        """Recorded row counts by table key (``14th/专栏2``); empty when none recorded."""
        return parse_expected(self.expected_rows)


def parse_expected(text: str) -> dict[str, int]:
    out = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        m = EXPECTED.fullmatch(part)
        if m:
            out[f"{m.group(1)}/{m.group(2)}"] = int(m.group(3))
    return out


def format_expected(counts: dict[str, int]) -> str:
    """``13th/专栏1=23;14th/专栏2=22``: table keys in the order given."""
    return ";".join(f"{k}={n}" for k, n in counts.items())


@lru_cache(maxsize=1)
def schema_descriptor() -> dict[str, Any]:
    """The manifest's Table Schema (``manifest.schema.json``) as a dict, read once."""
    descriptor: dict[str, Any] = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return descriptor


def _field(name: str) -> dict[str, Any]:
    return next(f for f in schema_descriptor()["fields"] if f["name"] == name)


def _enum(name: str) -> tuple[str, ...]:
    return tuple(_field(name)["constraints"]["enum"])


def __getattr__(name: str) -> tuple[str, ...]:
    """The schema's lists under the names code imports (read when first asked for).

    ``MANIFEST_COLUMNS`` (every column, in order), ``REQUIRED_COLUMNS`` (those every
    manifest has), ``KINDS`` and ``LEVELS`` (the allowed values of ``kind`` and ``level``).
    """
    fields = schema_descriptor()["fields"]
    lists = {
        "MANIFEST_COLUMNS": lambda: tuple(f["name"] for f in fields),
        "REQUIRED_COLUMNS": lambda: tuple(f["name"] for f in fields if not f.get("mayBeAbsent")),
        "KINDS": lambda: _enum("kind"),
        "LEVELS": lambda: _enum("level"),
    }
    if name in lists:
        return lists[name]()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@lru_cache(maxsize=1)
def _frictionless_fields() -> dict[str, Any]:
    from frictionless import Schema

    schema = Schema.from_descriptor(schema_descriptor())
    return {f.name: f for f in schema.fields}


def schema_problem(name: str, value: str) -> str:
    """Why `value` breaks the Table Schema's field `name` ("" when it does not).

    Frictionless reads the cell (type, required, pattern, enum); a date must also be
    written as its ISO form (frictionless reads ``2021-1-5`` too). The message is the
    field's ``must`` (``region 'X' must match …``), its allowed values, or "is empty".
    """
    cell, notes = _frictionless_fields()[name].read_cell(value)
    if not notes and not (isinstance(cell, dt.date) and cell.isoformat() != value):
        return ""
    field = _field(name)
    if "must" in field:
        return f"{name} {value!r} must {field['must']}"
    if "enum" in field.get("constraints", {}):
        return f"{name} {value!r} must be one of {list(field['constraints']['enum'])}"
    return f"{name} is empty"


def bad_characters(value: str) -> str:
    """Why `value` may not be in a manifest ("" when it may): controls, line separators."""
    bad = sorted({f"U+{ord(ch):04X}" for ch in value if unicodedata.category(ch) in _FORBIDDEN})
    return f"holds control or line-separator characters ({', '.join(bad)})" if bad else ""


def adcode_problem(adcode: str, level: str) -> str:
    """Why an adcode does not fit its level ("" when it does): a district is one of
    Chongqing's 38 county-level units, the municipality is 500000, a province NN0000."""
    if not ADCODE.fullmatch(adcode):
        return f"adcode {adcode!r} must be six ASCII digits (e.g. 500101)"
    if level == "district":
        from ..units import units

        known = units()
        if adcode not in known:
            return (
                f"adcode {adcode} is not a county-level unit of Chongqing "
                f"(500101 … 500243; see compare.units); a plan of another region registers "
                f"with --level provincial or national and stays off the maps"
            )
    elif level == "municipal" and adcode != MUNICIPAL_ADCODE:
        return f"adcode {adcode} is not Chongqing Municipality's ({MUNICIPAL_ADCODE})"
    elif level == "provincial" and (
        not re.fullmatch(r"[1-9][0-9]0000", adcode) or adcode in (MUNICIPAL_ADCODE, NATIONAL_ADCODE)
    ):
        return f"adcode {adcode} is not a province's (NN0000, e.g. 510000; Chongqing itself is municipal)"
    elif level == "national" and adcode != NATIONAL_ADCODE:
        return f"adcode {adcode} is not the national code ({NATIONAL_ADCODE})"
    elif level == "reference" and (adcode.startswith("50") or adcode == NATIONAL_ADCODE):
        return f"adcode {adcode}: a reference district lies outside Chongqing (a Chongqing district is --level district)"
    return ""


def file_problem(file: str, raw_dir: Path) -> str:
    """Why a manifest `file` is not a document inside `raw_dir` ("" when it is)."""
    if not file:
        return "file is empty"
    p = Path(file)
    if p.is_absolute() or ".." in p.parts or "\\" in file:
        return f"file {file!r} must be a path inside {raw_dir.name}/ (no absolute path, no ..)"
    if p.name.upper() == "MANIFEST.CSV" and len(p.parts) == 1:
        return "file may not be the manifest itself"
    root = raw_dir.resolve()
    target = (raw_dir / p).resolve()
    if target != root and root not in target.parents:
        return f"file {file!r} resolves outside {raw_dir.name}/ (a symbolic link out of it?)"
    return ""


def _adcode_fits(value: str, row: dict[str, str], raw_dir: Path) -> str:
    level = row.get("level", "")
    return adcode_problem(value, level) if level in _enum("level") else ""


def _file_inside(value: str, row: dict[str, str], raw_dir: Path) -> str:
    return file_problem(value, raw_dir)


def _table_map_inside(value: str, row: dict[str, str], raw_dir: Path) -> str:
    return file_problem(value, raw_dir).replace("file ", "table_map ", 1) if value else ""


#: Checks of one field a Table Schema cannot say, run after the schema's.
RULES: dict[str, Callable[[str, dict[str, str], Path], str]] = {
    "adcode": _adcode_fits,
    "file": _file_inside,
    "table_map": _table_map_inside,
}


def field_problem(name: str, value: str, row: dict[str, str], raw_dir: Path) -> str:
    """Why `value` is not acceptable for the manifest field `name` ("" when it is).

    The one schema of a manifest field, used for every manifest row and for add-source's
    arguments: no control characters, the Table Schema (`schema_problem`), then the
    field's `RULES` (`row` gives the other fields, `raw_dir` the documents' folder).
    """
    bad = bad_characters(value)
    if bad:
        return f"{name} {bad}"
    problem = schema_problem(name, value)
    if problem or name not in RULES:
        return problem
    return RULES[name](value, row, raw_dir)


def _unique_keys(row: dict[str, str], shared_adcodes: bool) -> list[tuple[str, str]]:
    """(what, value) pairs of a row that no other row may share: the schema's unique
    columns, and a plan's region and (unless `shared_adcodes`) adcode."""
    fields = [f for f in schema_descriptor()["fields"] if f.get("constraints", {}).get("unique")]
    keys = [(f.get("title", f["name"]), row.get(f["name"], "")) for f in fields]
    if row.get("kind", "tables") in PLAN_KINDS:
        keys.append(("region", row.get("region", "")))
        if not shared_adcodes:
            keys.append(("adcode", row.get("adcode", "")))
    return keys


def check_rows(rows: list[dict[str, str]], *, shared_adcodes: bool = False) -> list[tuple[int, int, str]]:
    """(row, earlier row, what) for every value that must be unique across rows: one row
    per file, content and plan region and (unless `shared_adcodes`, for synthetic scale
    corpora) plan adcode."""
    problems = []
    seen: dict[tuple[str, str], int] = {}
    for k, row in enumerate(rows):
        for key in _unique_keys(row, shared_adcodes):
            if key in seen:
                value = key[1][:12] + "…" if key[0].startswith("content") else key[1]
                problems.append((k, seen[key], f"duplicate {key[0]} {value!r}"))
            else:
                seen.setdefault(key, k)
    return problems


def _header(manifest: Path, reader: Iterator[list[str]]) -> list[str]:
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise SourceError(manifest, "manifest has no header") from None
    columns = [f["name"] for f in schema_descriptor()["fields"]]
    required = [f["name"] for f in schema_descriptor()["fields"] if not f.get("mayBeAbsent")]
    missing = [c for c in required if c not in header]
    if missing:
        raise SourceError(manifest, f"missing columns {missing} (columns: {columns})", line=1)
    return header


def _rows(manifest: Path, text: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, row) of every non-blank row; a malformed row is an error naming its line."""
    reader = csv.reader(io.StringIO(text, newline="\n"))
    header = _header(manifest, reader)
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise SourceError(manifest, f"not valid CSV: {exc}", start) from None
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise SourceError(
                manifest,
                f"row has {len(cells)} fields but the header has {len(header)} (a stray comma or quote?)",
                start,
            )
        absent = {f["name"]: "" for f in schema_descriptor()["fields"] if f.get("mayBeAbsent")}
        yield start, {**absent, **{h: c.strip() for h, c in zip(header, cells)}}


def read_manifest(manifest: Path | None = None, *, shared_adcodes: bool = False) -> list[Source]:
    """Read and validate MANIFEST.csv (default: the project's).

    Parameters
    ----------
    manifest : Path, optional
        The manifest; the documents it lists are in its folder.
    shared_adcodes : bool
        Let plans share an adcode (synthetic scale corpora).

    Returns
    -------
    list of Source
        One per row, in order; empty for a manifest with only its header (a new project).

    Raises
    ------
    SourceError
        Naming the manifest and the line of the first problem.
    """
    manifest = paths.project().manifest if manifest is None else manifest
    if not manifest.is_file():
        raise SourceError(manifest, "manifest not found")
    columns = [f["name"] for f in schema_descriptor()["fields"]]
    rows, lines = [], []
    for line, row in _rows(manifest, read_text(manifest)):
        for name in columns:
            problem = field_problem(name, row[name], row, manifest.parent)
            if problem:
                raise SourceError(manifest, problem, line)
        rows.append(row)
        lines.append(line)
    for k, first, problem in check_rows(rows, shared_adcodes=shared_adcodes):
        raise SourceError(manifest, f"{problem}: also on line {lines[first]}", lines[k])
    return [
        Source(**{c: row[c] for c in columns}, raw_dir=manifest.parent, line=line)
        for row, line in zip(rows, lines)
    ]


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


#: Categories of characters that print as nothing: controls (NUL, …) and format
#: characters (zero-width space and joiners U+200B-U+200D, word joiner U+2060, soft hyphen
#: U+00AD, a byte order mark U+FEFF inside the text, direction marks, …).
INVISIBLE_CATEGORIES = ("Cc", "Cf")
#: Controls a document keeps: they are its layout (a tab starts a cell, a newline a line).
LAYOUT_CONTROLS = "\t\n"


def visible_text(text: str) -> str:
    """``text`` without the characters that print as nothing (`INVISIBLE_CATEGORIES`,
    except tabs and newlines). A reader sees ``专栏2`` whether or not a U+200B stands
    before it, and so must every parser: a caption, header word, name or number is
    recognised on the text as printed. Lines keep their numbers."""
    invisible = {
        ord(ch)
        for ch in set(text)
        if ch not in LAYOUT_CONTROLS and unicodedata.category(ch) in INVISIBLE_CATEGORIES
    }
    return text.translate(dict.fromkeys(invisible)) if invisible else text


def read_text(path: Path) -> str:
    """Decode a file as UTF-8 (BOM dropped, CRLF normalised); errors name file and line."""
    if not path.is_file():
        raise SourceError(path, "file not found")
    data = path.read_bytes()
    if not data.strip():
        raise SourceError(path, "file is empty")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(path, f"not valid UTF-8 (byte {exc.start})", line=line) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_document(path: Path) -> list[str]:
    """A plan document's lines as a reader sees them: `read_text`, then `visible_text`.

    The one place a document is read, for the build (`verified_lines`), registration
    and recounting (`compare.ingest.register`) and the prose miner alike, so that none of
    them recognises a table, header, name or number the others miss. (The manifest and
    the codebook are read with `read_text`: there an invisible character is refused.)
    """
    return visible_text(read_text(path)).split("\n")


def verified_lines(source: Source) -> list[str]:
    """The document's lines after the integrity check (sha256 against the manifest)."""
    path = source.path
    problem = file_problem(source.file, source.raw_dir)
    if problem:
        raise SourceError(path, problem)
    if not path.is_file():
        raise SourceError(path, "file listed in the manifest is missing")
    if path.stat().st_size == 0:
        raise SourceError(path, "file is empty")
    digest = sha256_of(path)
    if digest != source.sha256:
        raise SourceError(path, f"sha256 {digest[:12]}… does not match the manifest ({source.sha256[:12]}…)")
    return read_document(path)
