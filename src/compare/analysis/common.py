"""Shared conventions of the analyses: direction signs, the codebook frame,
row helpers and the annual-rate formula. See the package docstring for the rules."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeAlias

import numpy as np
import pandas as pd

from .. import paths
from ..ingest.codebook import Codebook, load_codebook

TOL = 1e-9
#: A 2015->2020 change smaller than this share of the indicator's scale (its codebook limit,
#: else the 2015 value) is "near zero": no ratio is formed over it.
NEAR_ZERO_SHARE = 0.01


@lru_cache(maxsize=4)
def _flow_ids(codebook_path: Path) -> frozenset[str]:
    return frozenset(
        e.indicator_id for e in load_codebook(codebook_path).entries.values() if e.measure == "flow"
    )


def flow_indicators() -> frozenset[str]:
    """Indicators whose figures are amounts over the plan period, not levels at its end
    (codebook column ``measure`` = ``flow``); the codebook is read on first use."""
    return _flow_ids(paths.CODEBOOK)


_FLOW_ID_RE = re.compile(r"_(reduction|abatement|net_increase)$")

SIGN = {"higher_is_better": 1, "lower_is_better": -1, "neutral": 0}

CodebookLike: TypeAlias = "Codebook | pd.DataFrame | None"

#: Columns that identify and trace a row of the table; carried into every result.
TRACE = [
    "region",
    "region_name_zh",
    "region_name_en",
    "level",
    "period",
    "table",
    "row",
    "indicator_id",
    "indicator_name_zh",
    "unit",
    "attribute",
]


# ----------------------------------------------------------------------------- helpers


def codebook_frame(codebook: CodebookLike = None) -> pd.DataFrame:
    """The codebook as a frame indexed by indicator_id, with ``limit`` as a float.

    Accepts a `Codebook` (``load_codebook()``), a DataFrame with the codebook's columns (or
    one this function returned, as it is), or None (read the project's codebook).
    """
    if isinstance(codebook, pd.DataFrame) and codebook.index.name == "indicator_id":
        return codebook  # already a codebook frame
    if codebook is None:
        codebook = load_codebook()
    if isinstance(codebook, Codebook):
        df = codebook.frame()
    else:
        df = codebook.copy()
    df["limit"] = pd.to_numeric(df.get("limit", pd.Series(dtype=float)).replace("", np.nan), errors="coerce")
    for col in ("sdg", "name_zh", "name_en", "domain", "unit", "measure", "note_terms"):
        if col not in df.columns:
            df[col] = ""
    for col in (
        "endowment",
        "size_dependent",
        "scope",
        "sdg_match",
        "score_type",
        "city_basis",
        "approx_tolerance",
        "limit_reachable",
    ):
        if col not in df.columns:
            df[col] = ""
        df[col] = df[col].fillna("").astype(str)
    for col in ("lower_bound", "optimum", "green_threshold", "red_threshold"):
        df[col] = pd.to_numeric(df.get(col, pd.Series(np.nan, index=df.index)), errors="coerce")
    return df.set_index("indicator_id")


def is_flow(indicator_id: str) -> bool:
    """True for period amounts (reductions, abatements, increments), False for levels."""
    return indicator_id in flow_indicators() or bool(_FLOW_ID_RE.search(indicator_id))


def direction_of(cb: pd.DataFrame, ident: str) -> str:
    """The codebook direction of an indicator.

    Parameters
    ----------
    cb : pandas.DataFrame
        A codebook frame (`codebook_frame`), indexed by indicator id.
    ident : str
        An indicator id.

    Returns
    -------
    str
        ``higher_is_better``, ``lower_is_better`` or ``neutral`` (also for an id the
        codebook lacks).
    """
    return str(cb["direction"].get(ident, "neutral")) if ident in cb.index else "neutral"


def cumulative_cells_of(row: pd.Series) -> set[str]:
    """The value cells of a row that hold five-year cumulative figures.

    Parameters
    ----------
    row : pandas.Series
        A row of the table.

    Returns
    -------
    set of str
        Names among ``baseline``, ``target``, ``achieved`` listed in the row's
        ``cumulative_cells``; empty if none.
    """
    return {c for c in str(row.get("cumulative_cells", "")).split(",") if c}


def as_float(v: Any) -> float:
    """A cell's value as a float, NaN where it is missing; text that is no number raises.

    The strict one of a pair: the analysis reads columns that hold numbers or nothing, so
    text there is a fault to be seen. `as_float_or_nan` is the lenient one, for display.

    Parameters
    ----------
    v : Any
        A number, a numeric string, None or a pandas missing value.

    Returns
    -------
    float
        ``float(v)``, or NaN for None and missing values.

    Raises
    ------
    ValueError
        When ``v`` is text that is no number.
    """
    return float("nan") if v is None or pd.isna(v) else float(v)


def as_float_or_nan(v: Any) -> float:
    """A value as a float, NaN wherever it is not a number (missing, text, any other object).

    The lenient one of a pair (`as_float` raises on text): the figures show what a cell
    holds, and a cell that is no number is simply not drawn as one.

    Parameters
    ----------
    v : Any
        A cell's value.

    Returns
    -------
    float
        ``float(v)``, or NaN when it cannot be converted.
    """
    try:
        return float(v)
    except (TypeError, ValueError):
        return float("nan")


def district_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The rows of the table that belong to district plans.

    Parameters
    ----------
    table : pandas.DataFrame
        The normalised table.

    Returns
    -------
    pandas.DataFrame
        Its rows with ``level == "district"`` (both periods).
    """
    return table[(table["level"] == "district")]


def _municipal(table: pd.DataFrame) -> pd.DataFrame:
    return table[(table["level"] == "municipal") & (table["period"] == "14th")]


def annual_rate(start: float, end: float, years: float, unit: str) -> tuple[float, str]:
    """Implied annual rate from ``start`` to ``end`` over ``years``, and its unit.

    Shares and rates (unit ``%``) change linearly, in percentage points per year; other
    units (levels, intensities) compound, in percent per year. NaN where undefined
    (no years, or a non-positive value for compounding).

    >>> annual_rate(55, 57, 5, "%")
    (0.4, 'pp/yr')
    >>> round(annual_rate(100, 200, 5, "天")[0], 4)
    14.8698
    """
    if any(pd.isna(x) for x in (start, end, years)) or years <= 0:
        return float("nan"), ("pp/yr" if unit == "%" else "%/yr")
    if unit == "%":
        return (end - start) / years, "pp/yr"
    if start <= 0 or end <= 0:
        return float("nan"), "%/yr"
    return ((end / start) ** (1.0 / years) - 1.0) * 100.0, "%/yr"


# ----------------------------------------------------------------------------- notes and caveats

#: Note kinds (ingest.notes.KINDS) a reader must see next to any figure resting on the row, in
#: display order, then the caveats that come from elsewhere in the row.
CAVEATS = (
    "set_by_higher_level",
    "estimate",
    "context",
    "data_pending",
    "redelineation_pending",
    "definition_changed",
    "orphan_mark",
    "method_changed_deemed_met",
    "data_year_differs",
    "baseline_method_changed",
    "reference_year_differs",
    "prose_figure",
    "secondary",
)


def note_kinds(row: Any) -> set[str]:
    """The kinds of the notes attached to a table row (`note_kinds`, comma-separated)."""
    return {k for k in str(row.get("note_kinds", "") or "").split(",") if k}


def _truthy(v: Any) -> bool:
    return bool(v) and not (isinstance(v, float) and np.isnan(v)) and v is not pd.NA


def data_year_differs(row: Any) -> bool:
    """Whether the row's achieved value is data of another year than its target year."""
    a, t = row.get("achieved_year"), row.get("target_year")
    return not (a is None or t is None or pd.isna(a) or pd.isna(t)) and int(a) != int(t)


def caveats(row: Any) -> list[str]:
    """Caveat codes of a row (`CAVEATS` order): what its notes say about the figures, a data
    year other than the target year, and a secondary source."""
    kinds = note_kinds(row)
    out = [k for k in CAVEATS if k in kinds]
    if data_year_differs(row) and "data_year_differs" not in out:
        out.append("data_year_differs")
    if _truthy(row.get("secondary")):
        out.append("secondary")
    return out


#: Note kinds of a 13th-plan row that travel to the 14th plan's 2020 baseline when that baseline
#: repeats the row's achieved value: the caveat code they become there.
BASELINE_CAVEATS = {"method_changed_deemed_met": "baseline_method_changed"}


def baseline_caveats(table: pd.DataFrame) -> dict[tuple[str, str], tuple[list[str], str]]:
    """(region, indicator_id) -> (caveat codes, note sources) a 14th-plan baseline inherits from
    the 13th-plan row whose achieved value it repeats (Tongnan forest cover 41.7*: its method
    changed, so the 2020 baseline of the 14th plan carries that caveat too)."""
    t13 = table[(table["period"] == "13th") & table["achieved_value"].notna()]
    t14 = table[(table["period"] == "14th") & table["baseline_value"].notna()]
    out: dict[tuple[str, str], tuple[list[str], str]] = {}
    for _, old in t13.iterrows():
        codes = [BASELINE_CAVEATS[k] for k in sorted(note_kinds(old)) if k in BASELINE_CAVEATS]
        if not codes:
            continue
        same = t14[
            (t14["region"] == old["region"])
            & (t14["indicator_id"] == old["indicator_id"])
            & ((t14["baseline_value"] - float(old["achieved_value"])).abs() <= TOL)
        ]
        for _, new in same.iterrows():
            out[(new["region"], new["indicator_id"])] = (codes, str(old.get("note_sources", "") or ""))
    return out


def with_baseline_caveats(rec: dict, inherited: tuple[list[str], str] | None) -> None:
    """Add the caveats a baseline inherits (`baseline_caveats`) to a result record's
    ``caveats`` and ``caveat_sources``."""
    if not inherited:
        return
    codes, sources = inherited
    have = [c for c in str(rec.get("caveats", "")).split(",") if c]
    rec["caveats"] = ",".join(dict.fromkeys([*have, *codes]))
    srcs = [x for x in str(rec.get("caveat_sources", "")).split(",") if x] + [
        x for x in sources.split(",") if x
    ]
    rec["caveat_sources"] = ",".join(dict.fromkeys(srcs))


def caveat_sources(row: Any) -> str:
    """Where the row's caveats are printed: its notes' ``file:line`` and a secondary address."""
    parts = [p for p in str(row.get("note_sources", "") or "").split(",") if p]
    if _truthy(row.get("secondary")) and row.get("source_url"):
        parts.append(str(row["source_url"]))
    return ",".join(parts)


# ----------------------------------------------------------------------------- like with like

#: Conversions between indicators measured in different units, each a documented rule:
#: good-air days (count) <-> good-air-day ratio (%): ratio = days / days in the year x 100.
#: The published ratio counts valid monitoring days, so a converted value is approximate and
#: says so (reason ``converted``).
CONVERTIBLE = {("air_good_days", "air_good_days_ratio"): "days_to_ratio"}


def counterparts(indicator_id: str) -> set[str]:
    """The indicator and those `CONVERTIBLE` converts it to or from (good-air days and the
    good-air ratio): a plan that sets one of them sets the indicator, for counting who sets it."""
    return (
        {indicator_id}
        | {b for a, b in CONVERTIBLE if a == indicator_id}
        | {a for a, b in CONVERTIBLE if b == indicator_id}
    )


def days_in_year(year: int) -> int:
    return 366 if (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 else 365


def convert(value: float, rule: str, year: int) -> float:
    """A value under a `CONVERTIBLE` rule (`days_to_ratio`: 333 days of 2020 -> 90.98 %)."""
    if rule == "days_to_ratio":
        return value / days_in_year(year) * 100.0
    raise ValueError(f"unknown conversion {rule!r}")


def measure_of(cb: pd.DataFrame, ident: str) -> str:
    """``flow`` (a five-year amount: reductions, increments) or ``level``, from the codebook.

    Accounting follows the indicator, not the typography: ``[16.5]`` and ``16.5*`` are both
    five-year reductions because the indicator is a flow.
    """
    if ident in cb.index and "measure" in cb.columns and str(cb.at[ident, "measure"]) in ("flow", "level"):
        return str(cb.at[ident, "measure"])
    return "flow" if is_flow(ident) else "level"
