"""The raw plan documents and their manifest: provenance and integrity before parsing.

`data/raw` is immutable input. Every file is checked against the sha256 in the manifest
so that a silently edited or truncated document can never reach the table.

The manifest is validated with one schema (`field_problem`, `check_rows`) that
`register.add_source` applies to its arguments too: every error names the manifest's line
(or the parameter). Columns after ``sha256``:

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
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from ..errors import SourceError

MANIFEST_COLUMNS = (
    "file",
    "region",
    "name_zh",
    "name_en",
    "adcode",
    "level",
    "title_zh",
    "doc_no",
    "issued",
    "layout",
    "sha256",
    "kind",
    "expected_rows",
    "table_map",
    "source_url",
)
#: Columns every manifest has; ``expected_rows``, ``table_map`` and ``source_url`` may be absent.
REQUIRED_COLUMNS = MANIFEST_COLUMNS[:12]
KINDS = ("tables", "prose", "facts", "observations")
#: Plan kinds: one region, one adcode, one document each. A ``facts`` source supplements one.
PLAN_KINDS = ("tables", "prose")
LEVELS = ("district", "municipal", "provincial", "national", "reference")
#: Levels of documents kept for reference: an unknown printed name keeps its row (empty
#: indicator id, listed in the parse report) instead of stopping the build.
REFERENCE_LEVELS = ("provincial", "national", "reference")
MUNICIPAL_ADCODE = "500000"
NATIONAL_ADCODE = "100000"
REGION = re.compile(r"[a-z0-9_]+")
ADCODE = re.compile(r"[0-9]{6}")  # ASCII digits only: \d would accept ４ and ٤
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
SHA256 = re.compile(r"[0-9a-f]{64}")
URL = re.compile(r"https?://[^\s/]+\S*")
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


def _bad_characters(value: str) -> str:
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


def field_problem(name: str, value: str, row: dict[str, str], raw_dir: Path) -> str:
    """The one schema of a manifest field: why `value` is not acceptable ("" when it is).
    Used for every manifest row and for add-source's arguments."""
    bad = _bad_characters(value)
    if bad:
        return f"{name} {bad}"
    level = row.get("level", "")
    if name == "file":
        return file_problem(value, raw_dir)
    if name == "region" and not REGION.fullmatch(value):
        return f"region {value!r} must match [a-z0-9_]+ (e.g. wanzhou)"
    if name in ("name_zh", "name_en") and not value.strip():
        return f"{name} is empty"
    if name == "level" and value not in LEVELS:
        return f"level {value!r} must be one of {list(LEVELS)}"
    if name == "adcode":
        return adcode_problem(value, level) if level in LEVELS else ""
    if name == "issued" and value:
        try:
            if not DATE.fullmatch(value):
                raise ValueError
            dt.date.fromisoformat(value)
        except ValueError:
            return f"issued {value!r} must be a real date YYYY-MM-DD"
    if name == "sha256" and not SHA256.fullmatch(value):
        return f"sha256 {value!r} must be 64 lowercase hex digits"
    if name == "kind" and value not in KINDS:
        return f"kind {value!r} must be one of {list(KINDS)}"
    if name == "table_map" and value:
        return file_problem(value, raw_dir).replace("file ", "table_map ", 1)
    if name == "source_url" and value and not URL.fullmatch(value):
        return f"source_url {value!r} must be an address like https://host/path, without spaces"
    if name == "expected_rows" and value:
        parts = [p.strip() for p in value.split(";") if p.strip()]
        if not all(EXPECTED.fullmatch(p) for p in parts):
            return f"expected_rows {value!r} must read like 13th/专栏1=23;14th/专栏2=22"
    return ""


def check_rows(rows: list[dict[str, str]], *, shared_adcodes: bool = False) -> list[tuple[int, int, str]]:
    """(row, earlier row, what) for every value that must be unique across rows: one row
    per plan region, file, content and (unless `shared_adcodes`, for synthetic scale
    corpora) adcode."""
    problems = []
    seen: dict[tuple[str, str], int] = {}
    for k, row in enumerate(rows):
        keys = [("file", row.get("file", "")), ("content (sha256)", row.get("sha256", ""))]
        if row.get("kind", "tables") in PLAN_KINDS:
            keys.append(("region", row.get("region", "")))
            if not shared_adcodes:
                keys.append(("adcode", row.get("adcode", "")))
        for key in keys:
            if key in seen:
                value = key[1][:12] + "…" if key[0].startswith("content") else key[1]
                problems.append((k, seen[key], f"duplicate {key[0]} {value!r}"))
            else:
                seen[key] = k
    return problems


def read_manifest(manifest: Path = paths.MANIFEST, *, shared_adcodes: bool = False) -> list[Source]:
    """Read and validate MANIFEST.csv; every error names the manifest and the line."""
    if not manifest.is_file():
        raise SourceError(manifest, "manifest not found")
    text = read_text(manifest)
    reader = csv.reader(io.StringIO(text, newline="\n"))
    try:
        header = next(reader)
    except StopIteration:
        raise SourceError(manifest, "manifest has no rows") from None
    header = [h.strip() for h in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise SourceError(manifest, f"missing columns {missing} (columns: {list(MANIFEST_COLUMNS)})", line=1)
    rows: list[dict[str, str]] = []
    lines: list[int] = []
    raw_dir = manifest.parent
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
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
        row = {h: c.strip() for h, c in zip(header, cells)}
        row.setdefault("expected_rows", "")
        row.setdefault("table_map", "")
        row.setdefault("source_url", "")
        for name in MANIFEST_COLUMNS:
            problem = field_problem(name, row[name], row, raw_dir)
            if problem:
                raise SourceError(manifest, problem, start)
        rows.append(row)
        lines.append(start)
    if not rows:
        raise SourceError(manifest, "manifest has no rows")
    for k, first, problem in check_rows(rows, shared_adcodes=shared_adcodes):
        raise SourceError(manifest, f"{problem}: also on line {lines[first]}", lines[k])
    return [
        Source(**{c: row[c] for c in MANIFEST_COLUMNS}, raw_dir=raw_dir, line=line)
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
