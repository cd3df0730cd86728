"""The one rulebook for comparing two figures.

Every statement that sets one figure beside another goes through `compare`: the pair
reports (district against district), the alignment (district against the municipal plan),
the ambition ranks, the dispersion, the distance-to-target scale and the executive
summaries built on them. It decides from the codebook, never from the typography of a
cell, and answers with codes (`Comparison`): whether the two compare, the relation and the
reason. The figures turn the codes into words (zh or en).

The rules, in the order they are applied (each has one place, named here):

1. **Endowments are not compared** (codebook ``endowment`` = yes: red line, protected
   areas, forest cover …): a level that reflects land is not a commitment; reason
   ``endowment``. They are never ranked (`rank_exclusion`) nor scored (`score_exclusion`).
2. **Both are numbers** (or ordered water classes): reason ``no_number`` otherwise.
3. **A direction**: neutral indicators are not compared (``neutral``).
4. **Same indicator**, or one converted by a documented rule (`common.CONVERTIBLE`:
   good-air days -> good-air-day ratio, reason prefix ``converted_``); else ``indicator``.
5. **Same unit** (``unit``), **same year** (``year``), **number against number, class
   against class** (``class_vs_number``).
6. **Same kind of quantity**, from the codebook ``measure``: a level against a level, a
   five-year change against a five-year change (``accounting``). ``[16.5]`` and ``16.5*``
   are both five-year reductions: brackets and stars do not decide.
7. **Over time, the same definition** (``definition_changed``: a note says it changed).
8. **Same basis** (`basis`): a district figure against the municipal plan's figure is set
   against a city-wide level (codebook ``city_basis`` ``city_wide``) or another set of
   monitoring sections (``sections``); that is context — ``above_city`` / ``at_city`` /
   ``below_city`` — never stricter or weaker. A city-wide figure at the indicator's natural
   limit (100 % where the codebook says the limit is reachable) binds every district, and
   ``each_district`` figures are requirements each district meets: those compare as
   stricter / equal / weaker.
9. **Approximate figures** (``~``, 左右) are equal within the indicator's own tolerance
   (codebook ``approx_tolerance``, in the indicator's unit: percentage points for shares;
   `tolerance`); without a stated tolerance an approximate figure does not compare
   (``no_tolerance``).
10. **The relation** in the indicator's direction: ``stricter`` / ``equal`` / ``weaker``
    (same basis) or ``above_city`` / ``at_city`` / ``below_city`` (context, by the numbers
    as printed); equal numbers with a strict operator in the good direction (``>95`` against
    ``≥95``) are stricter (``strict_operator``).

**An observed outcome against a target** (the progress report, issue 20) is decided here
too, by `observed_against_target`: same region (a city-wide figure never stands for a
district), same indicator or a documented conversion, the same unit, the target's basis
(the set of monitoring sections or the scope a target is set on: `target_basis`, from
``data/codebook/target_bases.csv``; an observation's basis from ``observation_labels.csv``),
a whole year within the plan's period, the figure the conflict rule uses, and an exact value
(a bound only is shown, never used for a rate).

Two more rules of the same book live here so that no report decides them on its own:
`ratio_defined` (no ratio, coefficient of variation or pace over a near-zero or
mixed-sign denominator) and `headroom_defined` (a share of the headroom to a limit only
where the codebook says the limit is reachable).
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import paths
from .common import (
    CONVERTIBLE,
    NEAR_ZERO_SHARE,
    SIGN,
    TOL,
    CodebookLike,
    codebook_frame,
    convert,
    measure_of,
    note_kinds,
)

#: Relations on the same basis: the first figure against the second, in the indicator's direction.
SAME_BASIS = ("stricter", "equal", "weaker")
#: Relations of a district figure to a city-wide level: context, by the numbers as printed.
CONTEXT = ("above_city", "at_city", "below_city")
RELATIONS = SAME_BASIS + CONTEXT
#: Reason codes of figures that do not compare, in the order the rules apply.
NOT_COMPARABLE = (
    "endowment",
    "no_number",
    "neutral",
    "indicator",
    "unit",
    "year",
    "class_vs_number",
    "accounting",
    "definition_changed",
    "city_scope",
    "no_tolerance",
)
#: How a municipal figure relates to one district (codebook column ``city_basis``).
CITY_BASES = ("city_wide", "sections", "each_district")
#: Open SDG's progress categories for a ratio R of an observed (here: planned) rate to the
#: required one, exactly as open-sdg/open-sdg ``docs/progress-methodology.md`` (commit
#: 26d2e38) states them: R ≥ 95 % on track, 60 % ≤ R < 95 % progress made but acceleration
#: needed, 0 ≤ R < 60 % limited progress, R < 0 deterioration. (lower bound of R, category,
#: traffic light); the pace of the ambition report and the bands of a ``progress_ratio``
#: score both read this one table.
OPEN_SDG_BANDS = (
    (0.95, "substantial", "green"),
    (0.6, "moderate", "yellow"),
    (0.0, "limited", "orange"),
)


@dataclass(frozen=True)
class Comparison:
    """The answer of `compare`: whether two figures compare, how, and why.

    Attributes
    ----------
    comparable : bool
        True when a relation was decided.
    relation : str
        One of `RELATIONS` ('' when not comparable).
    reason : str
        A code: why not (`NOT_COMPARABLE`), or how the relation was decided (``better``,
        ``worse``, ``same``, ``within_tolerance``, ``strict_operator``; for context
        ``higher`` / ``lower``), prefixed ``converted_`` when the first figure was converted.
    basis : str
        ``same``, or the basis of a city-wide reference (``city_wide``, ``sections``).
    value_a : float
        The first figure as compared (converted where a conversion applied).
    difference : float
        ``sign × (a − b)`` (positive: the first is better); NaN when not comparable.
    """

    comparable: bool
    relation: str = ""
    reason: str = ""
    basis: str = ""
    value_a: float = float("nan")
    difference: float = float("nan")


def _get(row: Any, key: str, default: Any = None) -> Any:
    v = row.get(key, default) if hasattr(row, "get") else default
    return default if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA else v


def _entry(cb: pd.DataFrame, ident: str, col: str) -> str:
    if ident not in cb.index or col not in cb.columns:
        return ""
    v = cb.at[ident, col]
    return "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)


def tolerance(indicator_id: str, codebook: CodebookLike = None) -> float:
    """The tolerance of an approximate figure (``~``, 左右) of this indicator, in its own unit
    (percentage points for shares), from the codebook ``approx_tolerance``; NaN if none.

    >>> tolerance("contaminated_farmland_safe_use")
    1.0
    """
    text = _entry(_frame(codebook), indicator_id, "approx_tolerance")
    return float(text) if text else float("nan")


def within_tolerance(a: float, b: float, a_op: str, b_op: str, tol: float) -> bool | None:
    """Whether two figures are equal: within ``tol`` when either is approximate (``~``), else
    exactly (to `common.TOL`); None when a figure is approximate and no tolerance is stated.

    >>> within_tolerance(94, 93, "=", "~", 1.0), within_tolerance(95, 93, "=", "~", 1.0)
    (True, False)
    """
    if "~" in (a_op, b_op):
        if math.isnan(tol):
            return None
        return abs(a - b) <= tol + TOL
    return abs(a - b) <= TOL


def basis(a: Any, b: Any, codebook: CodebookLike = None, what: str = "target") -> str:
    """The basis on which ``b`` stands beside ``a``: ``same``, or — for a district figure
    against the municipal plan's — the codebook ``city_basis`` (``city_wide``, ``sections``)
    unless the city's figure binds every district (``each_district``, or a city-wide figure
    at a reachable natural limit: 100 % urban drinking water); ``city_scope`` for a
    municipal total no district is expected to match (codebook ``scope`` city)."""
    cb = _frame(codebook)
    levels = (_get(a, "level", ""), _get(b, "level", ""))
    if levels[0] == levels[1] or "municipal" not in levels:
        return "same"
    city = b if levels[1] == "municipal" else a
    ident = str(_get(city, "indicator_id", ""))
    if _entry(cb, ident, "scope") == "city":
        return "city_scope"
    kind = _entry(cb, ident, "city_basis") or "city_wide"
    if kind == "each_district":
        return "same"
    value = _get(city, f"{what}_value")
    limit = cb["limit"].get(ident) if ident in cb.index else np.nan
    sign = SIGN.get(_entry(cb, ident, "direction"), 0)
    # a city-wide level at the top of its scale (an average of 100 %) holds in every district
    at_limit = (
        sign > 0
        and value is not None
        and not pd.isna(limit)
        and abs(float(value) - float(limit)) <= TOL
        and _entry(cb, ident, "limit_reachable") == "yes"
        and _get(city, f"{what}_operator", "=") in ("=", ">=")
    )
    return "same" if at_limit else kind


def _frame(codebook: CodebookLike) -> pd.DataFrame:
    return codebook_frame(codebook)


def _strict_good(op: str, sign: int) -> bool:
    return (op == ">" and sign > 0) or (op == "<" and sign < 0)


def _relation(
    a: float, a_op: str, b: float, b_op: str, sign: int, tol: float, context: bool
) -> tuple[str, str]:
    """(relation, reason) of two comparable numbers; ``("", "no_tolerance")`` if undecidable."""
    same = within_tolerance(a, b, a_op, b_op, tol)
    if same is None:
        return "", "no_tolerance"
    if context:  # position against a city-wide level, by the numbers as printed
        if same:
            return "at_city", "within_tolerance" if abs(a - b) > TOL else "same"
        return ("above_city", "higher") if a > b else ("below_city", "lower")
    if same and abs(a - b) > TOL:
        return "equal", "within_tolerance"
    d = sign * (a - b)
    if d > TOL:
        return "stricter", "better"
    if d < -TOL:
        return "weaker", "worse"
    ds, bs = _strict_good(a_op, sign), _strict_good(b_op, sign)
    if ds != bs:
        return ("stricter" if ds else "weaker"), "strict_operator"
    return "equal", "same"


def _unlike(a: Any, b: Any, cb: pd.DataFrame, what: str, over_time: bool) -> str:
    """The first of rules 5-7 the two figures break ('' when none)."""
    if str(_get(a, "unit", "")) != str(_get(b, "unit", "")):
        return "unit"
    ya, yb = _get(a, f"{what}_year"), _get(b, f"{what}_year")
    if ya is not None and yb is not None and int(ya) != int(yb):
        return "year"
    if (_get(a, f"{what}_kind", "numeric") == "class") != (_get(b, f"{what}_kind", "numeric") == "class"):
        return "class_vs_number"
    if measure_of(cb, str(_get(a, "indicator_id", ""))) != measure_of(cb, str(_get(b, "indicator_id", ""))):
        return "accounting"
    if over_time and ("definition_changed" in note_kinds(a) or "definition_changed" in note_kinds(b)):
        return "definition_changed"
    return ""


def compare(
    a: Any, b: Any, codebook: CodebookLike = None, what: str = "target", over_time: bool = False
) -> Comparison:
    """Whether figure ``a`` compares with figure ``b``, their relation and the reason.

    Parameters
    ----------
    a, b : Mapping or pandas.Series
        Rows of the table (``indicator_id``, ``level``, ``unit``, ``<what>_value``,
        ``<what>_operator``, ``<what>_kind``, ``<what>_year``, ``note_kinds``). ``b`` is the
        reference: the other district, or the municipal plan's figure.
    codebook : Codebook, DataFrame or None
        The codebook (``None``: the project's).
    what : str
        Which figure of the rows: ``target`` (default), ``baseline`` or ``achieved``.
    over_time : bool
        One place at two dates: a changed definition then breaks the comparison.

    Returns
    -------
    Comparison
        See the module docstring for the rules and codes.

    Examples
    --------
    >>> r = {"indicator_id": "carbon_intensity_reduction", "level": "district", "unit": "%",
    ...      "target_year": 2025, "target_kind": "numeric", "target_operator": "="}
    >>> compare({**r, "target_value": 16.5}, {**r, "target_value": 16.5}).relation
    'equal'
    >>> compare({**r, "indicator_id": "forest_cover", "target_value": 50},
    ...         {**r, "indicator_id": "forest_cover", "target_value": 45}).reason
    'endowment'
    """
    cb = _frame(codebook)
    ia, ib = str(_get(a, "indicator_id", "")), str(_get(b, "indicator_id", ""))
    refused = _not_two_numbers(a, b, cb, what, ia, ib)
    if refused:
        return Comparison(False, reason=refused)
    sign = SIGN.get(_entry(cb, ib, "direction"), 0)
    vb = _get(b, f"{what}_value")
    value_a, prefix = float(_get(a, f"{what}_value")), ""
    if ia != ib:
        converted = _converted(a, b, what, ib)
        if converted is None:
            return Comparison(False, reason="indicator")
        a, value_a, prefix = converted
    why = _unlike(a, b, cb, what, over_time)
    if why:
        return Comparison(False, reason=why, value_a=value_a)
    on = basis(a, b, cb, what)
    if on == "city_scope":
        return Comparison(False, reason="city_scope", value_a=value_a)
    ops = _operator(a, what), _operator(b, what)
    relation, how = _relation(value_a, ops[0], float(vb), ops[1], sign, tolerance(ib, cb), on != "same")
    if not relation:
        return Comparison(False, reason=how, basis=on, value_a=value_a)
    return Comparison(True, relation, prefix + how, on, value_a, sign * (value_a - float(vb)) + 0.0)


def _operator(x: Any, what: str) -> str:
    """The operator of figure ``what`` of row ``x`` ("=" where it gives none)."""
    return str(_get(x, f"{what}_operator", "=") or "=")


def _not_two_numbers(a: Any, b: Any, cb: pd.DataFrame, what: str, ia: str, ib: str) -> str:
    """Why the two figures are no pair of numbers to compare (``endowment``, ``no_number``,
    ``neutral``), or ""."""
    if "yes" in (_entry(cb, ia, "endowment"), _entry(cb, ib, "endowment")):
        return "endowment"
    numeric = ("numeric", "class")
    if (
        _get(a, f"{what}_value") is None
        or _get(b, f"{what}_value") is None
        or _get(a, f"{what}_kind", "numeric") not in numeric
        or _get(b, f"{what}_kind", "numeric") not in numeric
    ):
        return "no_number"
    if SIGN.get(_entry(cb, ib, "direction"), 0) == 0:
        return "neutral"
    return ""


def _converted(a: Any, b: Any, what: str, ib: str) -> tuple[dict, float, str] | None:
    """``a`` as a figure of ``b``'s indicator by a documented conversion (the row, its
    value, the reason's prefix), or None when no rule converts it."""
    ia = str(_get(a, "indicator_id", ""))
    rule = CONVERTIBLE.get((ia, ib), "")
    if not rule or _get(a, f"{what}_year") is None:
        return None
    value_a = convert(float(_get(a, f"{what}_value")), rule, int(_get(a, f"{what}_year")))
    return (
        {**dict(a), "indicator_id": ib, "unit": _get(b, "unit", ""), f"{what}_value": value_a},
        value_a,
        "converted_",
    )


def rank_exclusion(row: Any, codebook: CodebookLike = None) -> str:
    """Why a row takes no rank among the districts ('' when it may be ranked): ``endowment``,
    ``neutral``, ``city_wide`` (the municipal plan is context, never ranked among districts)."""
    cb = _frame(codebook)
    ident = str(_get(row, "indicator_id", ""))
    if _entry(cb, ident, "endowment") == "yes":
        return "endowment"
    if SIGN.get(_entry(cb, ident, "direction"), 0) == 0:
        return "neutral"
    if _get(row, "level", "district") != "district":
        return "city_wide"
    return ""


def score_exclusion(indicator_id: str, codebook: CodebookLike = None) -> str:
    """Why an indicator gets no score on the distance-to-target scale ('' when scored):
    ``endowment`` (codebook endowment yes), else its ``score_type`` when that is not a
    scale (``trend``, ``not_scored``), ``no_scale`` when the codebook has none."""
    cb = _frame(codebook)
    if indicator_id not in cb.index:
        return "no_scale"
    if _entry(cb, indicator_id, "endowment") == "yes":
        return "endowment"
    kind = _entry(cb, indicator_id, "score_type")
    return "" if kind in ("level", "progress_ratio", "binary") else (kind or "no_scale")


def ratio_defined(values: Iterable[float], scale: float) -> bool:
    """Whether a ratio over these values (a mean, a past change) means something: all of one
    sign, none zero, and their mean not near zero (at least `common.NEAR_ZERO_SHARE` of the
    scale; no scale: of the largest value).

    >>> ratio_defined([2.0, 3.0], 100), ratio_defined([-1.0, 3.0], 100), ratio_defined([0.2], 100)
    (True, False, False)
    >>> ratio_defined([0.0, 0.0, 0.0, -5.0], 100)
    False
    """
    v = np.asarray([x for x in values if not pd.isna(x)], dtype=float)
    if not len(v) or not ((v > TOL).all() or (v < -TOL).all()):
        return False
    scale = abs(scale) if not pd.isna(scale) and abs(scale) > TOL else float(np.abs(v).max())
    return bool(abs(v.mean()) >= NEAR_ZERO_SHARE * scale and abs(v.mean()) > TOL)


def headroom_defined(indicator_id: str, codebook: CodebookLike = None) -> bool:
    """Whether a share of the headroom to the codebook ``limit`` means something: the limit
    is one a target can reach (``limit_reachable`` yes: 100 % treatment), not a bound of the
    arithmetic (100 % forest or green cover)."""
    cb = _frame(codebook)
    return _entry(cb, indicator_id, "limit_reachable") == "yes" and not pd.isna(
        cb["limit"].get(indicator_id, np.nan)
    )


#: Why an observed figure does not compare with a target, in the order the rules apply.
OBSERVATION_NOT_COMPARABLE = (
    "region",
    "indicator",
    "unit",
    "basis",
    "partial_year",
    "year",
    "not_used",
    "bound",
)
#: Exact kinds of observed value a rate may rest on (a bound is shown, never used for a rate).
EXACT_KINDS = ("numeric", "count", "class")
#: The first year of the 14th-FYP period (the base year of a progress measure).
BASE_YEAR = 2020
#: Targets set on another basis than the plan's own (region, indicator_id, basis, reason), in
#: the project's data/codebook/.
TARGET_BASES_NAME = "target_bases.csv"


def target_bases(path: Path | None = None) -> dict[tuple[str, str], str]:
    """(region, indicator_id) -> the basis a target is set on, where it is not the plan's own
    (``data/codebook/target_bases.csv`` of the project; empty when the file is absent)."""
    path = paths.project().data / "codebook" / TARGET_BASES_NAME if path is None else path
    if not Path(path).is_file():
        return {}
    with open(path, encoding="utf-8", newline="") as fh:
        return {(r["region"], r["indicator_id"]): r["basis"] for r in csv.DictReader(fh)}


def target_basis(target: Any, bases: dict[tuple[str, str], str] | None = None) -> str:
    """The basis of one target row: its entry in `target_bases`, else ``plan``."""
    bases = target_bases() if bases is None else bases
    return bases.get((str(_get(target, "region", "")), str(_get(target, "indicator_id", ""))), "plan")


def observation_conversion(obs: Any, target: Any) -> str | None:
    """The documented rule (`common.CONVERTIBLE`) turning an observation's indicator into the
    target's, if any (good-air days -> good-air-day ratio)."""
    return CONVERTIBLE.get((str(_get(obs, "indicator_id", "")), str(_get(target, "indicator_id", ""))))


def observed_against_target(obs: Any, target: Any, basis: str = "plan") -> str:
    """Why an observed figure does not compare with a target, or ``""`` when it does.

    Parameters
    ----------
    obs : Mapping or pandas.Series
        A row of ``observations.csv`` (``region``, ``indicator_id``, ``unit``, ``basis``,
        ``partial_year``, ``year``, ``used``, ``value_kind``).
    target : Mapping or pandas.Series
        A 14th-FYP row of the indicator table (``region``, ``indicator_id``, ``unit``,
        ``target_year``).
    basis : str
        The basis the target is set on (`target_basis`).

    Returns
    -------
    str
        One of `OBSERVATION_NOT_COMPARABLE`, or ``""``.

    Examples
    --------
    >>> o = {"region": "kaizhou", "indicator_id": "pm25_concentration", "unit": "μg/m³", "basis": "plan",
    ...      "partial_year": False, "year": 2023, "used": True, "value_kind": "numeric"}
    >>> t = {"region": "kaizhou", "indicator_id": "pm25_concentration", "unit": "μg/m³", "target_year": 2025}
    >>> observed_against_target(o, t), observed_against_target({**o, "basis": "sections"}, t)
    ('', 'basis')
    """
    if _get(obs, "region") != _get(target, "region"):
        return "region"
    converted = observation_conversion(obs, target) is not None
    if _get(obs, "indicator_id") != _get(target, "indicator_id") and not converted:
        return "indicator"
    if not converted and str(_get(obs, "unit", "")) != str(_get(target, "unit", "")):
        return "unit"
    if _get(obs, "basis") != basis:
        return "basis"
    if bool(_get(obs, "partial_year", False)):
        return "partial_year"
    year, target_year = int(_get(obs, "year")), _get(target, "target_year")
    if year < BASE_YEAR or (target_year is not None and year > int(target_year)):
        return "year"
    if not bool(_get(obs, "used", False)):
        return "not_used"
    if _get(obs, "value_kind") not in EXACT_KINDS:
        return "bound"
    return ""
