"""The indicator codebook: one row per concept, and the synonyms that map printed names.

Every plan names the same indicator differently (`万元GDP能耗累计下降率`, `单位GDP能耗下降率`,
`单位GDP能源消耗下降率`). A printed name is reduced to a key (no seq prefix, no unit
brackets, no `其中：`/`#`, half-width brackets) and matched against the synonyms. A synonym
may be qualified by its parent (`*/化学需氧量` matches the sub-row `化学需氧量` under
`主要污染物排放总量下降率`) and may use `*` wildcards.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

from .. import paths
from ..errors import SourceError
from .tables import UNIT_BRACKET, looks_like_unit
from .values import normalise_text

COLUMNS = (
    "indicator_id",
    "domain",
    "name_zh",
    "name_en",
    "unit",
    "direction",
    "sdg",
    "limit",
    "measure",
    "synonyms",
)
MEASURES = ("level", "flow")  # flow: an amount over the plan period (reductions, increments)
DIRECTIONS = ("higher_is_better", "lower_is_better", "neutral")
#: Columns after ``synonyms`` that the analyses read; optional, so an older codebook still loads.
#: note_terms: words a table note may name the indicator by (|-separated); endowment: whether
#: the level reflects land or natural endowment (yes / partial / no); size_dependent: an
#: absolute quantity that scales with the district; scope: ``city`` for municipal totals,
#: projects and border sections no district is expected to list; sdg_match: how well the
#: ``sdg`` code fits (exact, close, proxy, weak_proxy, mismatch); score_type: how the
#: distance-to-target scale applies (level, progress_ratio, trend, binary, not_scored);
#: lower_bound/optimum/green_threshold/red_threshold: the scale, each with a reference key
#: (``*_ref``) into references.csv. The comparison rulebook (``analysis.comparability``) reads
#: three more: city_basis (how the municipal plan's figure relates to one district: city_wide,
#: sections, each_district), approx_tolerance (the band of a ``~``/左右 figure, in the
#: indicator's unit: percentage points for shares) and limit_reachable (yes where the
#: ``limit`` is a level a target can reach, so a share of the headroom to it means something).
EXTRA_COLUMNS = (
    "note_terms",
    "endowment",
    "size_dependent",
    "scope",
    "sdg_match",
    "score_type",
    "lower_bound",
    "optimum",
    "green_threshold",
    "red_threshold",
    "lower_ref",
    "optimum_ref",
    "green_ref",
    "red_ref",
    "city_basis",
    "approx_tolerance",
    "limit_reachable",
)
CHOICES = {
    "endowment": ("", "yes", "partial", "no"),
    "size_dependent": ("", "yes", "no"),
    "scope": ("", "district", "city"),
    "sdg_match": ("", "exact", "close", "proxy", "weak_proxy", "mismatch"),
    "score_type": ("", "level", "progress_ratio", "trend", "binary", "not_scored"),
    "city_basis": ("", "city_wide", "sections", "each_district"),
    "limit_reachable": ("", "yes", "no"),
}
SCALE = ("lower_bound", "red_threshold", "green_threshold", "optimum")  # worst to best


def name_key(printed: str) -> str:
    """The comparable form of a printed name.

    >>> name_key("其中：璧南河")
    '璧南河'
    >>> name_key("16.主要污染物排放总量下降率（%）")
    '主要污染物排放总量下降率'
    """
    name = normalise_text(printed)  # NFKC: full-width digits and brackets, Ⅲ -> III
    name = re.sub(r"^\d{1,3}[.．、](?=\S)", "", name)
    name = re.sub(r"^(其中:?|#)", "", name)
    unit = UNIT_BRACKET.search(name)
    if unit and unit.start() > 0 and looks_like_unit(unit.group(1)):
        name = name[: unit.start()]
    return name


@dataclass(frozen=True)
class Entry:
    indicator_id: str
    domain: str
    name_zh: str
    name_en: str
    unit: str
    direction: str
    sdg: str
    limit: str
    measure: str
    synonyms: tuple[str, ...]
    note_terms: tuple[str, ...] = ()
    endowment: str = ""
    size_dependent: str = ""
    scope: str = ""
    sdg_match: str = ""
    score_type: str = ""
    lower_bound: str = ""
    optimum: str = ""
    green_threshold: str = ""
    red_threshold: str = ""
    lower_ref: str = ""
    optimum_ref: str = ""
    green_ref: str = ""
    red_ref: str = ""
    city_basis: str = ""
    approx_tolerance: str = ""
    limit_reachable: str = ""


class Codebook:
    """Indicator metadata and the printed-name map, validated on load."""

    def __init__(self, entries: list[Entry], path: Path):
        self.entries = {e.indicator_id: e for e in entries}
        self.path = path
        self._exact: dict[str, str] = {}
        self._patterns: list[tuple[str, str]] = []
        for e in entries:
            for syn in map(normalise_text, e.synonyms):
                if "*" in syn or "/" in syn:
                    self._patterns.append((syn, e.indicator_id))
                elif self._exact.setdefault(syn, e.indicator_id) != e.indicator_id:
                    raise SourceError(
                        path, f"synonym {syn!r} maps to two ids: {self._exact[syn]} and {e.indicator_id}"
                    )
        self.used: set[str] = set()
        self._terms: dict[str, tuple[str, ...]] = {}

    def lookup(self, printed: str, parent: str = "") -> str | None:
        """The id of a printed name (with its parent row's name or sentence as context)."""
        key = name_key(printed)
        qualified = f"{name_key(parent)}/{key}" if parent else None
        if qualified:
            for syn, ident in self._patterns:
                if "/" in syn and fnmatchcase(qualified, syn):
                    self.used.add(syn)
                    return ident
        if key in self._exact:
            self.used.add(key)
            return self._exact[key]
        for syn, ident in self._patterns:
            if "/" not in syn and fnmatchcase(key, syn):
                self.used.add(syn)
                return ident
        return None

    def frame(self):
        """The codebook as a DataFrame, one row per indicator, columns as in the CSV
        (synonyms and note terms joined by `|`; `limit` and the scale as floats) — the form
        notebooks and maps take."""
        import pandas as pd

        rows = [
            {
                **{c: getattr(e, c) for c in (*COLUMNS, *EXTRA_COLUMNS)},
                "synonyms": "|".join(e.synonyms),
                "note_terms": "|".join(e.note_terms),
            }
            for e in self.entries.values()
        ]
        df = pd.DataFrame(rows, columns=[*COLUMNS, *EXTRA_COLUMNS])
        for c in ("limit", *SCALE):
            df[c] = pd.to_numeric(df[c].replace("", None), errors="coerce").astype("float64")
        return df

    def note_terms(self, indicator_id: str) -> tuple[str, ...]:
        """Words by which a table note may name the indicator: its plain synonyms (no
        wildcards, at least four characters) and its ``note_terms``."""
        if indicator_id not in self._terms:
            e = self.entries[indicator_id]
            plain = [name_key(s) for s in e.synonyms if "*" not in s and "/" not in s]
            words = [normalise_text(t) for t in (*plain, *e.note_terms)]
            self._terms[indicator_id] = tuple(dict.fromkeys(w for w in words if len(w) >= 2))
        return self._terms[indicator_id]

    def nearest(self, printed: str, n: int = 3) -> list[tuple[str, float]]:
        """The `n` entries whose names and synonyms come closest to a printed name, with
        their similarity (0-1): what an unknown name most likely means."""
        from difflib import SequenceMatcher

        key = name_key(printed)
        scores = []
        for ident, e in self.entries.items():
            names = [e.name_zh, *(s for s in e.synonyms if "*" not in s and "/" not in s)]
            best = max(SequenceMatcher(None, key, name_key(x)).ratio() for x in names)
            scores.append((round(best, 2), ident))
        scores.sort(key=lambda x: (-x[0], x[1]))
        return [(ident, score) for score, ident in scores[:n]]

    def is_name(self, printed: str) -> bool:
        return self.lookup(printed) is not None

    def unused_synonyms(self) -> list[str]:
        return sorted(
            s for e in self.entries.values() for s in e.synonyms if normalise_text(s) not in self.used
        )


def load_codebook(path: Path | None = None) -> Codebook:
    """Read and validate `indicators.csv`: columns, unique ids, known directions."""
    path = paths.project().codebook if path is None else path
    from .sources import read_text

    if not Path(path).is_file():
        raise SourceError(path, f"codebook not found at {Path(path).absolute()}")
    rows = list(csv.DictReader(read_text(path).splitlines()))
    if not rows or any(c not in rows[0] for c in COLUMNS):
        raise SourceError(path, f"codebook needs columns {list(COLUMNS)}", 1)
    entries, seen = [], set()
    for i, row in enumerate(rows, start=2):
        ident = row["indicator_id"].strip()
        if not re.fullmatch(r"[a-z][a-z0-9_]*", ident) or ident in seen:
            raise SourceError(path, f"bad or duplicate indicator_id {ident!r}", i)
        if row["direction"] not in DIRECTIONS:
            raise SourceError(path, f"{ident}: direction must be one of {DIRECTIONS}", i)
        if row["limit"] and not re.fullmatch(r"\d+(\.\d+)?", row["limit"]):
            raise SourceError(path, f"{ident}: limit must be a number", i)
        if row["measure"] not in MEASURES:
            raise SourceError(path, f"{ident}: measure must be one of {MEASURES}", i)
        seen.add(ident)
        syns = tuple(s.strip() for s in row["synonyms"].split("|") if s.strip())
        extra = {c: (row.get(c) or "").strip() for c in EXTRA_COLUMNS}
        _check_extra(path, i, ident, row["direction"], extra)
        terms = tuple(t.strip() for t in extra.pop("note_terms").split("|") if t.strip())
        entries.append(
            Entry(
                ident,
                row["domain"],
                row["name_zh"],
                row["name_en"],
                row["unit"],
                row["direction"],
                row["sdg"],
                row["limit"],
                row["measure"],
                syns,
                terms,
                **extra,
            )
        )
    return Codebook(entries, path)


def _check_extra(path: Path, line: int, ident: str, direction: str, extra: dict[str, str]) -> None:
    """The optional columns: known choices, numbers for the scale, the scale in order."""
    for col, choices in CHOICES.items():
        if extra[col] not in choices:
            raise SourceError(path, f"{ident}: {col} must be one of {choices[1:]} or empty", line)
    if extra["approx_tolerance"] and not re.fullmatch(r"\d+(\.\d+)?", extra["approx_tolerance"]):
        raise SourceError(path, f"{ident}: approx_tolerance must be a non-negative number", line)
    values = _scale_values(path, line, ident, extra)
    if extra["score_type"] in ("level", "progress_ratio"):
        _check_scale_order(path, line, ident, direction, extra["score_type"], values)


def _scale_values(path: Path, line: int, ident: str, extra: dict[str, str]) -> dict[str, float]:
    """The scale's points a row gives, as numbers."""
    values: dict[str, float] = {}
    for col in SCALE:
        if extra[col]:
            try:
                values[col] = float(extra[col])
            except ValueError:
                raise SourceError(path, f"{ident}: {col} must be a number", line) from None
    return values


def _check_scale_order(
    path: Path, line: int, ident: str, direction: str, score_type: str, values: dict[str, float]
) -> None:
    """A level or progress scale gives every point, in order along its direction."""
    if len(values) != len(SCALE):
        raise SourceError(path, f"{ident}: a {score_type} scale needs {', '.join(SCALE)}", line)
    ordered = [values[c] for c in SCALE]
    if direction == "lower_is_better":
        ordered = [-v for v in ordered]
    if ordered != sorted(ordered) or ordered[0] == ordered[-1]:
        raise SourceError(
            path,
            f"{ident}: the scale must run lower_bound -> red -> green -> optimum in its direction",
            line,
        )
