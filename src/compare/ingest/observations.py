"""Observed outcomes: a CSV of published figures, year by year, mapped onto the codebook.

A source of manifest ``kind = observations`` is a CSV with the columns `COLUMNS` (the shape
of ``observed_2020_2025.csv``: region, label, year, value, unit, the printed phrase, the
publication date, title, address, publisher and a note). Each row becomes one row of the
observations table (``data/processed/observations.csv``, columns in
``observations.meta.yml``):

* **Mapping is data.** ``data/codebook/observation_labels.csv`` gives every label its
  codebook indicator, its basis (``plan``: measured as the plans define the indicator; or a
  named basis such as ``74 national sections``), its scope, its units (as collected and as
  the plans print them), whether it covers part of a year, and a reason where the label has
  no plan counterpart. A label the file does not list is kept and reported
  (``mapping = unknown_label``), never dropped.
* **Values as published.** A number; an operator and a number (``>=55``: a bound); a count
  ``k/n`` (share ``100 k / n``); a water class (``Ⅱ`` = 2, lower is better).
* **Evidence.** A row whose note begins with ``primary`` is primary evidence; every other
  row (press reports, copies) is secondary; a copy on a third-party or mirror site
  (`MIRROR_WORDS` in its publisher or note) is marked ``mirror``.
* **Conflicts by rule** (`resolve`): for one region, label, year and unit, figures are taken
  in order of publication and a later one replaces the one in use when its authority is the
  same or higher (primary > secondary). Two different figures published on the same day
  stop the build. Every figure stays in the table; ``used`` marks the one the progress
  measure reads, ``conflict`` every figure of a group whose values differ. A partial-year
  figure is never used.

Errors name the file and the line: an unknown region, a year outside `YEARS`, a value that
is not a number, a bound, a count or a class, a unit other than the label's, a bad date.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import paths
from ..errors import SourceError
from .sources import Source, read_text, verified_lines

COLUMNS = (
    "region",
    "indicator",
    "year",
    "value",
    "unit",
    "printed",
    "published",
    "source_title",
    "source_address",
    "publisher",
    "note",
)
LABELS_COLUMNS = (
    "label",
    "indicator_id",
    "basis",
    "scope",
    "unit_observed",
    "unit",
    "partial_year",
    "reason",
)
#: Years an observation may describe.
YEARS = (2015, 2030)
#: The table label of observation rows in the manifest's ``expected_rows``.
TABLE = "observations"
PERIOD = "14th"
#: The labels file, in the project's data/codebook/.
LABELS_NAME = "observation_labels.csv"
MIRROR_WORDS = ("mirror", "third-party", "spam site", "copy on")
_CLASSES = {"Ⅰ": 1, "Ⅱ": 2, "Ⅲ": 3, "Ⅳ": 4, "Ⅴ": 5, "劣Ⅴ": 6, "I": 1, "II": 2, "III": 3, "IV": 4, "V": 5}
_BOUND = re.compile(r"^(>=|<=|>|<|≥|≤)\s*(-?[0-9]+(?:\.[0-9]+)?)$")
_NUMBER = re.compile(r"^-?[0-9]+(?:\.[0-9]+)?$")
_COUNT = re.compile(r"^([0-9]+)\s*/\s*([0-9]+)$")
_DATE = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])(-[0-9]{2})?$")
_PARTIAL_UNIT = re.compile(r"\s+\(([^)]*)\)\s*$")
_OPERATORS = {"≥": ">=", "≤": "<=", ">=": ">=", "<=": "<=", ">": ">", "<": "<"}
AUTHORITY = {"primary": 2, "secondary": 1}


@dataclass(frozen=True)
class Label:
    """One row of observation_labels.csv: how a collected label maps onto the codebook."""

    label: str
    indicator_id: str
    basis: str
    scope: str
    unit_observed: str
    unit: str
    partial_year: bool
    reason: str
    line: int
    #: a reader's name for a label with no plan counterpart (the codebook names the others)
    name_zh: str = ""
    name_en: str = ""


def load_labels(path: Path | None = None, indicator_ids: Iterable[str] | None = None) -> dict[str, Label]:
    """The label mapping; a bad row (unknown indicator id, no reason for an unmapped label,
    a duplicate) names the file and line."""
    path = paths.project().data / "codebook" / LABELS_NAME if path is None else path
    path = Path(path)
    reader = csv.DictReader(read_text(path).splitlines())
    missing = [c for c in LABELS_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise SourceError(path, f"needs columns {missing}", 1)
    known = set(indicator_ids) if indicator_ids is not None else None
    out: dict[str, Label] = {}
    for rec in reader:
        line = reader.line_num
        row = {c: (rec.get(c) or "").strip() for c in LABELS_COLUMNS}
        if row["label"] in out:
            raise SourceError(path, f"label {row['label']!r} is listed twice", line)
        if known is not None and row["indicator_id"] and row["indicator_id"] not in known:
            raise SourceError(path, f"indicator_id {row['indicator_id']!r} is not in the codebook", line)
        if not row["indicator_id"] and not row["reason"]:
            raise SourceError(path, f"label {row['label']!r} maps onto no indicator: give the reason", line)
        if row["indicator_id"] and not row["basis"]:
            raise SourceError(path, f"label {row['label']!r}: give its basis (`plan` or a named basis)", line)
        if row["partial_year"] not in ("true", "false"):
            raise SourceError(path, "partial_year must be true or false", line)
        out[row["label"]] = Label(
            row["label"],
            row["indicator_id"],
            row["basis"],
            row["scope"],
            row["unit_observed"],
            row["unit"],
            row["partial_year"] == "true",
            row["reason"],
            line,
            (rec.get("name_zh") or "").strip(),
            (rec.get("name_en") or "").strip(),
        )
    return out


def parse_value(text: str) -> tuple[float | None, str, str]:
    """(value, operator, kind) of a published figure; kind ``numeric``, ``bound``, ``count``
    or ``class``; value None when the text is none of these."""
    t = unicodedata.normalize("NFKC", text.strip()).replace("，", ",")
    t = t.replace("类", "")
    if _NUMBER.match(t):
        return float(t), "=", "numeric"
    m = _BOUND.match(text.strip()) or _BOUND.match(t)
    if m:
        return float(m.group(2)), _OPERATORS[m.group(1)], "bound"
    m = _COUNT.match(t)
    if m and int(m.group(2)) > 0 and int(m.group(1)) <= int(m.group(2)):
        return 100.0 * int(m.group(1)) / int(m.group(2)), "=", "count"
    raw = text.strip().replace("类", "")
    if raw in _CLASSES:
        return float(_CLASSES[raw]), "=", "class"
    return None, "", ""


def evidence(note: str) -> str:
    """``primary`` when the note says so first, else ``secondary``."""
    return "primary" if note.strip().lower().startswith("primary") else "secondary"


def is_mirror(publisher: str, note: str) -> bool:
    """A copy on a mirror or third-party site (the publisher or note says so)."""
    text = f"{publisher} {note}".lower()
    return any(w in text for w in MIRROR_WORDS)


def split_unit(unit: str) -> tuple[str, str]:
    """(base unit, period in brackets): ``days (Jan-Sep)`` -> (``days``, ``Jan-Sep``)."""
    m = _PARTIAL_UNIT.search(unit)
    return (unit[: m.start()].strip(), m.group(1).strip()) if m else (unit.strip(), "")


@dataclass(frozen=True)
class Region:
    """A region's names and codes, from the manifest's plan rows."""

    name_zh: str
    name_en: str
    adcode: str
    level: str


def _row_problem(row: dict[str, str], regions: dict[str, Region]) -> str:
    if row["region"] not in regions:
        return f"unknown region {row['region']!r}; regions of the manifest's plans: {sorted(regions)}"
    if not re.fullmatch(r"[A-Za-z0-9_]+", row["indicator"]):
        return f"indicator label {row['indicator']!r} must match [A-Za-z0-9_]+"
    if not re.fullmatch(r"[0-9]{4}", row["year"]) or not YEARS[0] <= int(row["year"]) <= YEARS[1]:
        return f"year {row['year']!r} is not a year in {YEARS[0]}–{YEARS[1]}"
    if parse_value(row["value"])[0] is None:
        return f"value {row['value']!r} is not a number, a bound (>=55), a count (9/9) or a water class (Ⅱ)"
    if not _DATE.match(row["published"]):
        return f"published {row['published']!r} must be YYYY-MM-DD or YYYY-MM"
    if not row["source_address"]:
        return "an observation needs its published address (source_address)"
    return ""


def read_rows(source: Source, regions: dict[str, Region], labels: dict[str, Label]) -> list[dict]:
    """The records of one observations CSV, after its sha256 check; a bad row names its line."""
    lines = verified_lines(source)
    return parse_rows(lines, source.file, Path(source.path), regions, labels)


def parse_rows(
    lines: list[str], file: str, path: Path, regions: dict[str, Region], labels: dict[str, Label]
) -> list[dict]:
    """Records of the CSV text ``lines`` (also used by add-source before registering)."""
    reader = csv.DictReader(lines)
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise SourceError(path, f"an observations file needs columns {missing}", 1)
    out = []
    for rec in reader:
        line = reader.line_num
        row = {c: (rec.get(c) or "").strip() for c in COLUMNS}
        if not any(row.values()):
            continue
        problem = _row_problem(row, regions)
        if problem:
            raise SourceError(path, problem, line)
        out.append(_record(row, file, line, path, regions[row["region"]], labels.get(row["indicator"])))
    if not out:
        raise SourceError(path, "an observations file without rows")
    return out


def _record(row: dict[str, str], file: str, line: int, path: Path, region: Region, lab: Label | None) -> dict:
    value, operator, kind = parse_value(row["value"])
    unit, period = split_unit(row["unit"])
    if lab is not None and unit != lab.unit_observed:
        raise SourceError(
            path,
            f"unit {row['unit']!r} differs from label {row['indicator']!r}'s {lab.unit_observed!r} "
            f"({LABELS_NAME} line {lab.line})",
            line,
        )
    partial = bool(period) or row["indicator"].endswith("_partial") or (lab is not None and lab.partial_year)
    mapping = "unknown_label" if lab is None else "mapped" if lab.indicator_id else "no_counterpart"
    return {
        "region": row["region"],
        "region_name_zh": region.name_zh,
        "region_name_en": region.name_en,
        "adcode": region.adcode,
        "level": region.level,
        "label": row["indicator"],
        "indicator_id": lab.indicator_id if lab else "",
        "year": int(row["year"]),
        "value_raw": row["value"],
        "value": value,
        "operator": operator,
        "value_kind": kind,
        "unit": lab.unit if lab else unit,
        "unit_raw": row["unit"],
        "basis": lab.basis if lab else "",
        "scope": lab.scope if lab else "",
        "partial_year": partial,
        "period_covered": period,
        "mapping": mapping,
        "mapping_reason": lab.reason if lab else f"label not in {LABELS_NAME}: add a row for it",
        "evidence": evidence(row["note"]),
        "mirror": is_mirror(row["publisher"], row["note"]),
        "used": False,
        "conflict": False,
        "printed": row["printed"],
        "published": row["published"],
        "source_title": row["source_title"],
        "source_address": row["source_address"],
        "publisher": row["publisher"],
        "note": row["note"],
        "source_file": file,
        "source_line": line,
    }


def resolve(records: list[dict]) -> list[dict]:
    """Mark the figure used for each region, label, year and unit (`used`) and the groups
    whose figures differ (`conflict`), by the rule of the module docstring; two different
    figures of one group published on the same day raise, naming both lines."""
    groups: dict[tuple, list[dict]] = {}
    for r in records:
        groups.setdefault((r["region"], r["label"], r["year"], r["unit_raw"]), []).append(r)
    for group in groups.values():
        values = {(g["value"], g["operator"]) for g in group}
        for g in group:
            g["conflict"] = len(values) > 1
        annual = [g for g in group if not g["partial_year"]]
        _check_same_day(annual)
        current = None
        for g in sorted(annual, key=lambda g: (g["published"], g["source_line"])):
            if current is None or AUTHORITY[g["evidence"]] >= AUTHORITY[current["evidence"]]:
                current = g
        if current is not None:
            current["used"] = True
    return records


def _check_same_day(group: list[dict]) -> None:
    by_day: dict[str, dict] = {}
    for g in sorted(group, key=lambda g: g["source_line"]):
        first = by_day.setdefault(g["published"], g)
        if first is not g and (first["value"], first["operator"]) != (g["value"], g["operator"]):
            raise SourceError(
                g["source_file"],
                f"{g['region']} {g['label']} {g['year']}: value {g['value_raw']!r} differs from "
                f"{first['value_raw']!r} on line {first['source_line']} and neither was published later "
                f"({g['published']}); keep one, or give the later publication its date",
                g["source_line"],
            )


def regions_of(sources: Iterable[Source]) -> dict[str, Region]:
    """Regions of the manifest's plans (the regions an observation may describe)."""
    out: dict[str, Region] = {}
    for s in sources:
        if s.kind in ("tables", "prose") and s.region not in out:
            out[s.region] = Region(s.name_zh, s.name_en, s.adcode, s.level)
    return out


def check_count(source: Source, n: int, manifest: str = "MANIFEST.csv") -> None:
    """The rows a file gives must be those recorded at its registration."""
    recorded = source.expected.get(f"{PERIOD}/{TABLE}")
    if recorded is not None and recorded != n:
        raise SourceError(
            source.file,
            f"{PERIOD}/{TABLE} gives {n} rows but {manifest}:{source.line} records {recorded} "
            f"(an edited or truncated file?)",
        )


def to_frame(records: list[dict]) -> pd.DataFrame:
    """The records as the observations table, every column of its metadata file with its
    dtype, sorted by region, indicator, year, source file and line."""
    from .columns import observations_meta
    from .frame import typed_frame

    df = typed_frame(records, observations_meta())
    order = ["region", "label", "year", "source_file", "source_line"]
    return df.sort_values(order, kind="stable").reset_index(drop=True)
