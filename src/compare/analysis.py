"""Comparison analytics: ambition, alignment with the municipal plan, 13th->14th continuity.

Every function takes the normalised table (``compare.build.load_table()`` or
``build_table().table``) and returns a tidy DataFrame that carries the raw cells and the
``source_file``/``source_line`` of every cell it used, so each number can be traced back to
the printed plan. Nothing here parses text: values, operators, kinds and marks come from
the table; the codebook supplies direction, unit and the bound used for headroom.

Conventions used throughout
---------------------------
* **Direction.** ``sign = +1`` for ``higher_is_better``, ``-1`` for ``lower_is_better``
  (``0`` for ``neutral``). "Better", "stricter", "more ambitious" and "met" always mean
  ``sign * (a - b) > 0``, so PM2.5 falling and forest cover rising are both improvements.
* **Levels versus flows.** A *level* is a state at a date (forest cover in 2025, PM2.5 in
  2025). A *flow* is an amount over a period: five-year percentage reductions
  (``单位GDP能耗下降率``), abatement tonnages, net new construction land, five-year incident
  totals. Cumulative cells (``[ ]``, ``〔 〕``, flagged in ``cumulative_cells``) are flows
  too. Changes and annual rates are computed for levels only; flows are kept and
  classified ``not comparable`` with a ``reason``. The flow list (``FLOW_INDICATORS``) comes from the codebook's ``measure`` column
  (a ``measure`` column in the codebook would be the better home for it).
* **Targets that are not numbers** (``assigned`` by a higher level, ``qualitative``,
  ``maintain``, ``none``) are kept and classified, never turned into numbers.
* **Tolerance.** Two values are equal when they differ by at most ``TOL`` (1e-9).
"""
from __future__ import annotations

import math
import re
from typing import Iterable, Union

import numpy as np
import pandas as pd

from .codebook import Codebook, load_codebook, name_key

TOL = 1e-9
#: relative band of an approximate ("~", 左右) 13th-FYP target when judging attainment
APPROX_BAND = 0.05

#: Indicators whose figures are amounts over the plan period, not levels at its end
#: (codebook column ``measure`` = ``flow``).
FLOW_INDICATORS = frozenset(
    e.indicator_id for e in load_codebook().entries.values() if e.measure == "flow"
)
_FLOW_ID_RE = re.compile(r"_(reduction|abatement|net_increase)$")

SIGN = {"higher_is_better": 1, "lower_is_better": -1, "neutral": 0}

#: Status vocabulary of `alignment_matrix`, in display order, with zh/en labels.
ALIGNMENT_STATUSES = ("stricter", "equal", "weaker", "not comparable", "not quantified", "missing")
STATUS_LABELS = {
    "stricter": {"zh": "严于市级", "en": "stricter"},
    "equal": {"zh": "与市级相同", "en": "equal"},
    "weaker": {"zh": "弱于市级", "en": "weaker"},
    "not comparable": {"zh": "不可比", "en": "not comparable"},
    "not quantified": {"zh": "未量化", "en": "not quantified"},
    "missing": {"zh": "未列入", "en": "missing"},
    "improve": {"zh": "提升", "en": "improve"},
    "hold": {"zh": "持平", "en": "hold"},
    "relax": {"zh": "放宽", "en": "relax"},
    "assigned": {"zh": "上级下达", "en": "assigned"},
    "qualitative": {"zh": "定性", "en": "qualitative"},
    "maintain": {"zh": "保持", "en": "maintain"},
    "met": {"zh": "完成", "en": "met"},
    "missed": {"zh": "未完成", "en": "missed"},
    "not assessable": {"zh": "无法评估", "en": "not assessable"},
}

CodebookLike = Union[Codebook, pd.DataFrame, None]

# Columns that identify and trace a row of the table; carried into every result.
_TRACE = ["region", "region_name_zh", "region_name_en", "level", "period", "table", "row",
          "indicator_id", "indicator_name_zh", "unit", "attribute"]


def label(status: str, lang: str = "zh") -> str:
    """Display label of a status or class (``label("weaker", "zh") == "弱于市级"``)."""
    base = status.split(" (")[0]
    return STATUS_LABELS.get(status, STATUS_LABELS.get(base, {})).get(lang, status)


def region_labels(table: pd.DataFrame, lang: str = "zh") -> dict[str, str]:
    """region id -> printed name (``开州区`` / ``Kaizhou District``) for plot labels."""
    col = "region_name_zh" if lang == "zh" else "region_name_en"
    return dict(zip(table["region"], table[col]))


def indicator_labels(codebook: CodebookLike = None, lang: str = "zh") -> dict[str, str]:
    """indicator_id -> codebook name in ``lang`` for plot labels."""
    cb = codebook_frame(codebook)
    return cb["name_zh" if lang == "zh" else "name_en"].to_dict()


# ----------------------------------------------------------------------------- helpers

def codebook_frame(codebook: CodebookLike = None) -> pd.DataFrame:
    """The codebook as a frame indexed by indicator_id, with ``limit`` as a float.

    Accepts a `Codebook` (``load_codebook()``), a DataFrame with the codebook's columns, or
    None (read the project's codebook).
    """
    if codebook is None:
        codebook = load_codebook()
    if isinstance(codebook, Codebook):
        df = codebook.frame()
    else:
        df = codebook.copy()
    df["limit"] = pd.to_numeric(df.get("limit", pd.Series(dtype=float)).replace("", np.nan),
                                errors="coerce")
    for col in ("sdg", "name_zh", "name_en", "domain", "unit"):
        if col not in df.columns:
            df[col] = ""
    return df.set_index("indicator_id")


def is_flow(indicator_id: str) -> bool:
    """True for period amounts (reductions, abatements, increments), False for levels."""
    return indicator_id in FLOW_INDICATORS or bool(_FLOW_ID_RE.search(indicator_id))


def _direction(cb: pd.DataFrame, ident: str) -> str:
    return str(cb["direction"].get(ident, "neutral")) if ident in cb.index else "neutral"


def _cells(row: pd.Series) -> set[str]:
    return {c for c in str(row.get("cumulative_cells", "")).split(",") if c}


def _num(v: object) -> float:
    return float("nan") if v is None or pd.isna(v) else float(v)


def _source(file: str, line: object) -> str:
    return f"{file}:{int(line)}" if not pd.isna(line) else str(file)


def _districts(table: pd.DataFrame) -> pd.DataFrame:
    return table[(table["level"] == "district")]


def _municipal(table: pd.DataFrame) -> pd.DataFrame:
    return table[(table["level"] == "municipal") & (table["period"] == "14th")]


def _comparable_kind(kind: str) -> bool:
    return kind in ("numeric", "class")


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


# ----------------------------------------------------------------------------- 1. ambition

def _achieved_13th(table: pd.DataFrame) -> dict[tuple[str, str], pd.Series]:
    """(region, indicator_id) -> the 13th row with a numeric 2015 value and 2020 actual.

    Only indicators with exactly one such row in the region's 13th table, and no
    cumulative cell, so a level is matched with a level.
    """
    t13 = table[(table["period"] == "13th")
                & table["baseline_value"].notna() & table["achieved_value"].notna()
                & (table["baseline_kind"] == "numeric") & (table["achieved_kind"] == "numeric")]
    out = {}
    for key, grp in t13.groupby(["region", "indicator_id"]):
        if len(grp) == 1 and not _cells(grp.iloc[0]) and not is_flow(key[1]):
            out[key] = grp.iloc[0]
    return out


def ambition(table: pd.DataFrame, codebook: CodebookLike = None) -> pd.DataFrame:
    """How far each 14th-FYP target moves from its 2020 baseline, compared across plans.

    One row per 14th-period row of the table (districts and the municipal prose), kept
    whatever its target kind. For numeric *levels* with a numeric baseline:

    * ``abs_change = target - baseline``; ``rel_change = abs_change / |baseline|``
      (NaN for a zero baseline); ``improvement_signed = sign * abs_change``.
    * ``annual_rate`` over ``years = target_year - baseline_year``: percentage points per
      year for unit ``%``, compound growth in percent per year otherwise (`annual_rate`);
      ``improvement_rate = sign * annual_rate`` (positive = improving).
    * Where the region's 13th table gives a 2015 value and a 2020 actual for the same
      indicator: ``achieved_rate`` (same formula, 2015->2020) and
      ``rate_ratio = annual_rate / achieved_rate`` (NaN when nothing changed 2015->2020;
      negative when the plan turns the past trend round).
    * ``headroom_used = (target - baseline) / (limit - baseline)`` for indicators with a
      codebook ``limit``; NaN when baseline == limit. Its meaning depends on which side of
      the limit the baseline lies, given in ``headroom_kind``:

      - ``gap closed``: the baseline is on the bad side of the limit (every share below
        100 %, good-air days below 365, PM2.5 above the 35 μg/m3 Grade II standard). The
        share of the remaining distance to the limit that the target closes: 0 = hold,
        1 = reach the limit, negative = move away from it.
      - ``slack used``: the baseline already beats a lower-is-better standard (PM2.5 below
        35). The share of the allowed deterioration (up to the standard) that the target
        permits: 0 = hold, 1 = the target is the standard itself, negative = improve.

      ``at_limit`` flags baselines already at the limit (holding 100 % is not slack).
    * ``ambition_class``: ``improve`` / ``hold`` / ``relax`` from ``improvement_signed``
      (a strict operator in the good direction, ``>95`` from 95, counts as ``improve``);
      ``assigned`` / ``qualitative`` / ``maintain`` for those target kinds; ``not
      comparable`` otherwise, with the ``reason`` (no target, no numeric baseline,
      cumulative five-year figure, flow, neutral direction). Water classes (ordinal,
      I=1..V=5) get a class but no rate.
    """
    cb = codebook_frame(codebook)
    achieved = _achieved_13th(table)
    records = []
    for _, r in table[table["period"] == "14th"].iterrows():
        ident = r["indicator_id"]
        direction = _direction(cb, ident)
        sign = SIGN.get(direction, 0)
        limit = _num(cb["limit"].get(ident)) if ident in cb.index else float("nan")
        base, target = _num(r["baseline_value"]), _num(r["target_value"])
        years = (_num(r["target_year"]) - _num(r["baseline_year"])
                 if not (pd.isna(r["target_year"]) or pd.isna(r["baseline_year"])) else float("nan"))
        rec = {c: r[c] for c in _TRACE}
        rec.update({
            "direction": direction, "measure": "flow" if is_flow(ident) else "level",
            "baseline_year": r["baseline_year"], "baseline_raw": r["baseline_raw"],
            "baseline_value": base, "target_year": r["target_year"],
            "target_raw": r["target_raw"], "target_value": target,
            "target_operator": r["target_operator"], "target_kind": r["target_kind"],
            "cumulative": bool(r["cumulative"]), "cumulative_cells": r["cumulative_cells"],
            "provisional": bool(r["provisional"]), "note_zh": r["note_zh"],
            "years": years, "abs_change": np.nan, "rel_change": np.nan,
            "improvement_signed": np.nan, "annual_rate": np.nan,
            "rate_unit": "pp/yr" if r["unit"] == "%" else "%/yr", "improvement_rate": np.nan,
            "achieved_2015_raw": "", "achieved_2015_value": np.nan, "achieved_2020_raw": "",
            "achieved_2020_value": np.nan, "achieved_rate": np.nan, "rate_ratio": np.nan,
            "achieved_source_line": pd.NA, "limit": limit, "headroom_used": np.nan,
            "headroom_kind": "", "at_limit": False,
            "ambition_class": "", "reason": "",
            "source_file": r["source_file"], "source_line": r["source_line"],
        })
        kind = r["target_kind"]
        if kind in ("assigned", "qualitative", "maintain"):
            rec["ambition_class"], rec["reason"] = kind, f"target is {kind}: {r['target_raw']}"
        elif kind == "none" or pd.isna(target):
            rec["ambition_class"], rec["reason"] = "not comparable", "no target"
        elif _cells(r):
            rec["ambition_class"] = "not comparable"
            rec["reason"] = f"cumulative five-year figure ({r['cumulative_cells']})"
        elif is_flow(ident):
            rec["ambition_class"] = "not comparable"
            rec["reason"] = "flow over the period (reduction/increment), not a level"
        elif pd.isna(base) or r["baseline_kind"] not in ("numeric", "class"):
            rec["ambition_class"], rec["reason"] = "not comparable", "no numeric baseline"
        elif sign == 0:
            rec["ambition_class"], rec["reason"] = "not comparable", "neutral direction"
        else:
            change = target - base
            signed = sign * change
            rec["abs_change"], rec["improvement_signed"] = change, signed
            rec["rel_change"] = change / abs(base) if base != 0 else np.nan
            strict_good = (r["target_operator"] == ">" and sign > 0) or (
                r["target_operator"] == "<" and sign < 0)
            if signed > TOL or (abs(signed) <= TOL and strict_good):
                rec["ambition_class"] = "improve"
            elif signed < -TOL:
                rec["ambition_class"] = "relax"
            else:
                rec["ambition_class"] = "hold"
            if kind == "class":
                rec["reason"] = "ordinal water class: no rate"
            else:
                rate, unit = annual_rate(base, target, years, r["unit"])
                rec["annual_rate"], rec["rate_unit"] = rate, unit
                rec["improvement_rate"] = sign * rate + 0.0  # no -0.0
                past = achieved.get((r["region"], ident))
                if past is not None and past["unit"] == r["unit"]:
                    p_years = _num(past["target_year"]) - _num(past["baseline_year"])
                    p_rate, _ = annual_rate(past["baseline_value"], past["achieved_value"],
                                            p_years, r["unit"])
                    rec.update({
                        "achieved_2015_raw": past["baseline_raw"],
                        "achieved_2015_value": past["baseline_value"],
                        "achieved_2020_raw": past["achieved_raw"],
                        "achieved_2020_value": past["achieved_value"],
                        "achieved_rate": p_rate, "achieved_source_line": past["source_line"],
                        "rate_ratio": rate / p_rate if abs(p_rate) > TOL else np.nan,
                    })
                if not math.isnan(limit):
                    rec["at_limit"] = abs(base - limit) <= TOL
                    if not rec["at_limit"]:
                        rec["headroom_used"] = change / (limit - base)
                        bad_side = (sign > 0 and base < limit) or (sign < 0 and base > limit)
                        rec["headroom_kind"] = "gap closed" if bad_side else "slack used"
        records.append(rec)
    out = pd.DataFrame.from_records(records)
    if out.empty:
        return out
    out["achieved_source_line"] = out["achieved_source_line"].astype("Int64")
    out["rank"] = (out.groupby("indicator_id")["improvement_rate"]
                   .rank(ascending=False, method="min").astype("Int64"))
    return out


# ----------------------------------------------------------------------------- 2. alignment

def _strict_good(op: str, sign: int) -> bool:
    return (op == ">" and sign > 0) or (op == "<" and sign < 0)


def compare_targets(d_value: float, d_op: str, m_value: float, m_op: str,
                    direction: str) -> tuple[str, str]:
    """Status of a district target against the municipal one: stricter / equal / weaker.

    Compares the numbers in the indicator's direction; with equal numbers, a strict
    operator in the good direction (``>95`` against ``≥95``) is the stricter target.
    ``~`` (左右) is read as its number: ``93`` against ``93左右`` is equal.

    >>> compare_targets(28, "<=", 35, "<=", "lower_is_better")
    ('stricter', 'district 7 better in direction')
    >>> compare_targets(35, "=", 35, "<=", "lower_is_better")[0]
    'equal'
    """
    sign = SIGN.get(direction, 0)
    if sign == 0:
        return "not comparable", "neutral direction"
    d = sign * (d_value - m_value)
    if d > TOL:
        return "stricter", f"district {d:g} better in direction"
    if d < -TOL:
        return "weaker", f"district {-d:g} worse in direction"
    ds, ms = _strict_good(d_op, sign), _strict_good(m_op, sign)
    if ds and not ms:
        return "stricter", "same number, district operator strict"
    if ms and not ds:
        return "weaker", "same number, municipal operator strict"
    note = "same number" + (" (municipal approximate)" if m_op == "~" else "") + (
        " (district approximate)" if d_op == "~" else "")
    return "equal", note


def alignment(table: pd.DataFrame, codebook: CodebookLike = None) -> pd.DataFrame:
    """District 14th targets against the municipal plan's targets for the same indicator.

    One row per district 14th row whose indicator the municipal prose quantifies, where
    both targets are numeric. ``status`` is ``stricter`` / ``equal`` / ``weaker``
    (`compare_targets`), or ``not comparable`` when the units differ, one side is a
    cumulative figure and the other is not, or the direction is neutral. Evidence: both
    raw cells, operators and ``source_file:source_line``.
    """
    cb = codebook_frame(codebook)
    muni = _municipal(table)
    muni = muni[muni["target_kind"] == "numeric"].drop_duplicates("indicator_id")
    muni = muni.set_index("indicator_id")
    dist = _districts(table)
    dist = dist[(dist["period"] == "14th") & dist["indicator_id"].isin(muni.index)
                & dist["target_kind"].isin(["numeric", "class"])]
    records = []
    for _, r in dist.iterrows():
        m = muni.loc[r["indicator_id"]]
        direction = _direction(cb, r["indicator_id"])
        if r["unit"] != m["unit"]:
            status, reason = "not comparable", f"units differ: {r['unit']} vs {m['unit']}"
        elif bool(_cells(r)) != bool(_cells(m)):
            status, reason = "not comparable", "cumulative vs non-cumulative figure"
        else:
            status, reason = compare_targets(r["target_value"], r["target_operator"],
                                             m["target_value"], m["target_operator"], direction)
        sign = SIGN.get(direction, 0)
        records.append({
            **{c: r[c] for c in _TRACE}, "direction": direction,
            "district_raw": r["target_raw"], "district_operator": r["target_operator"],
            "district_value": r["target_value"], "district_provisional": bool(r["provisional"]),
            "municipal_raw": m["target_raw"], "municipal_operator": m["target_operator"],
            "municipal_value": m["target_value"], "municipal_unit": m["unit"],
            "municipal_text": m["note_zh"],
            "signed_difference": sign * (r["target_value"] - m["target_value"])
            if status != "not comparable" else np.nan,
            "status": status, "reason": reason,
            "source_file": r["source_file"], "source_line": r["source_line"],
            "municipal_source_file": m["source_file"], "municipal_source_line": m["source_line"],
        })
    return pd.DataFrame.from_records(records)


def municipal_omitted(table: pd.DataFrame, include_unquantified: bool = False) -> pd.DataFrame:
    """Indicators the municipal plan quantifies that a district's 14th table omits.

    ``status`` is ``missing`` (no row for the indicator at all). With
    ``include_unquantified=True`` also rows the district lists without a number
    (``not quantified``: assigned by the city, qualitative, maintain, or an empty cell),
    with the district's raw cell and line.
    """
    muni = _municipal(table)
    muni = muni[muni["target_kind"] == "numeric"].drop_duplicates("indicator_id")
    dist = _districts(table)
    dist14 = dist[dist["period"] == "14th"]
    records = []
    for region in dist["region"].drop_duplicates():
        mine = dist14[dist14["region"] == region]
        for _, m in muni.iterrows():
            rows = mine[mine["indicator_id"] == m["indicator_id"]]
            base = {"region": region, "indicator_id": m["indicator_id"],
                    "municipal_raw": m["target_raw"], "municipal_text": m["note_zh"],
                    "municipal_source_file": m["source_file"],
                    "municipal_source_line": m["source_line"]}
            if rows.empty:
                records.append({**base, "status": "missing", "district_raw": "",
                                "district_kind": "", "source_file": "", "source_line": pd.NA})
            elif include_unquantified and not rows["target_kind"].isin(["numeric", "class"]).any():
                r = rows.iloc[0]
                records.append({**base, "status": "not quantified",
                                "district_raw": r["target_raw"], "district_kind": r["target_kind"],
                                "source_file": r["source_file"], "source_line": r["source_line"]})
    out = pd.DataFrame.from_records(records, columns=[
        "region", "indicator_id", "status", "district_raw", "district_kind", "source_file",
        "source_line", "municipal_raw", "municipal_text", "municipal_source_file",
        "municipal_source_line"])
    out["source_line"] = out["source_line"].astype("Int64")
    return out


def attribute_conflicts(table: pd.DataFrame, period: str = "14th") -> pd.DataFrame:
    """Indicators one district marks expected (预期性) and another marks binding (约束性).

    One row per district row of such an indicator, with its attribute, the districts on
    each side, and the row's source line.
    """
    dist = _districts(table)
    dist = dist[(dist["period"] == period) & dist["attribute"].isin(["binding", "expected"])]
    records = []
    for ident, grp in dist.groupby("indicator_id", sort=True):
        binding = sorted(set(grp.loc[grp["attribute"] == "binding", "region"]))
        expected = sorted(set(grp.loc[grp["attribute"] == "expected", "region"]))
        if not binding or not expected:
            continue
        for _, r in grp.drop_duplicates(["region", "attribute"]).iterrows():
            records.append({
                "indicator_id": ident, "region": r["region"],
                "region_name_zh": r["region_name_zh"], "indicator_name_zh": r["indicator_name_zh"],
                "attribute": r["attribute"], "target_raw": r["target_raw"],
                "binding_in": ",".join(binding), "expected_in": ",".join(expected),
                "source_file": r["source_file"], "source_line": r["source_line"]})
    return pd.DataFrame.from_records(records, columns=[
        "indicator_id", "region", "region_name_zh", "indicator_name_zh", "attribute",
        "target_raw", "binding_in", "expected_in", "source_file", "source_line"])


_WORST_FIRST = ["weaker", "not comparable", "equal", "stricter"]


def alignment_long(table: pd.DataFrame, codebook: CodebookLike = None) -> pd.DataFrame:
    """Every district × municipal-quantified indicator with one status and its evidence.

    Combines `alignment` (stricter / equal / weaker / not comparable; for a district with
    several rows of one indicator the least strict status is kept) with
    `municipal_omitted` (missing / not quantified).
    """
    al = alignment(table, codebook)
    if not al.empty:
        al = al.assign(_o=al["status"].map(_WORST_FIRST.index)).sort_values(["_o", "row"])
        al = al.drop_duplicates(["region", "indicator_id"]).drop(columns="_o")
    om = municipal_omitted(table, include_unquantified=True)
    cols = ["region", "indicator_id", "status", "district_raw", "municipal_raw", "reason",
            "source_file", "source_line", "municipal_source_file", "municipal_source_line"]
    om["reason"] = om["district_kind"].map(lambda k: f"district target {k}" if k else "no row")
    parts = [p.reindex(columns=cols) for p in (al, om) if not p.empty]
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=cols)
    order = list(_districts(table)["region"].drop_duplicates())
    out["region"] = pd.Categorical(out["region"], categories=order, ordered=True)
    out = out.sort_values(["region", "indicator_id"]).reset_index(drop=True)
    out["region"] = out["region"].astype(str)
    return out


def alignment_matrix(table: pd.DataFrame, codebook: CodebookLike = None) -> pd.DataFrame:
    """District (rows) × indicator_id (columns) pivot of `alignment_long` statuses.

    Columns are the indicators the municipal plan quantifies; cells are stricter / equal /
    weaker / not comparable / not quantified / missing.
    """
    long = alignment_long(table, codebook)
    muni_ids = list(_municipal(table).query("target_kind == 'numeric'")["indicator_id"]
                    .drop_duplicates())
    regions = list(_districts(table)["region"].drop_duplicates())
    return (long.pivot(index="region", columns="indicator_id", values="status")
            .reindex(index=regions, columns=muni_ids))


# ----------------------------------------------------------------------------- 3. continuity

def _pair_key(name: str) -> str:
    return re.sub(r"水质$", "", name_key(name))


def _pairs(a: pd.DataFrame, b: pd.DataFrame) -> Iterable[tuple[pd.Series, pd.Series]]:
    """Rows of two tables for the same indicator: directly when each has one, else by name."""
    for ident in [i for i in a["indicator_id"].drop_duplicates() if i in set(b["indicator_id"])]:
        ra, rb = a[a["indicator_id"] == ident], b[b["indicator_id"] == ident]
        if len(ra) == 1 and len(rb) == 1:
            yield ra.iloc[0], rb.iloc[0]
            continue
        keys_b = {_pair_key(n): i for i, n in zip(rb.index, rb["indicator_name_zh"])}
        for _, x in ra.iterrows():
            k = _pair_key(x["indicator_name_zh"])
            if k in keys_b:
                yield x, rb.loc[keys_b[k]]


def continuity(table: pd.DataFrame) -> pd.DataFrame:
    """Does each district's 14th-table 2020 baseline repeat its 13th-table 2020 actual?

    One row per district × indicator present in both tables (sub-rows such as rivers are
    paired by name). ``status``: ``equal`` (numbers within 1e-9), ``mismatch``, or ``not
    comparable`` (a side without a number, or a cumulative figure against a
    non-cumulative one). Both raw cells and both source lines are reported.
    """
    dist = _districts(table)
    records = []
    for region in dist["region"].drop_duplicates():
        t13 = dist[(dist["region"] == region) & (dist["period"] == "13th")]
        t14 = dist[(dist["region"] == region) & (dist["period"] == "14th")]
        for old, new in _pairs(t13, t14):
            a, b = _num(old["achieved_value"]), _num(new["baseline_value"])
            cum_a, cum_b = "achieved" in _cells(old), "baseline" in _cells(new)
            if pd.isna(a) or pd.isna(b):
                status, reason = "not comparable", "no number on " + (
                    "both sides" if pd.isna(a) and pd.isna(b) else
                    "13th side" if pd.isna(a) else "14th side")
            elif cum_a != cum_b:
                status, reason = "not comparable", "cumulative vs non-cumulative"
            elif abs(a - b) <= TOL:
                status, reason = "equal", ""
            else:
                status, reason = "mismatch", f"difference {b - a:+g}"
            records.append({
                "region": region, "indicator_id": old["indicator_id"],
                "indicator_name_zh_13th": old["indicator_name_zh"],
                "indicator_name_zh_14th": new["indicator_name_zh"],
                "unit_13th": old["unit"], "unit_14th": new["unit"],
                "achieved_2020_raw": old["achieved_raw"], "achieved_2020_value": a,
                "baseline_2020_raw": new["baseline_raw"], "baseline_2020_value": b,
                "provisional": bool(old["provisional"]) or bool(new["provisional"]),
                "status": status, "reason": reason,
                "source_file": new["source_file"],
                "source_line_13th": old["source_line"], "source_line_14th": new["source_line"],
            })
    return pd.DataFrame.from_records(records)


_CLAIM_RE = re.compile(r"完成|达到|达标|满足")
_NEGATED_RE = re.compile(r"未完成|未达到|未达标|不满足|尚未")


def _claim(row: pd.Series) -> tuple[str, bool]:
    """The plan's own verdict on a 13th row, from its status column, text cell or note."""
    texts = [row.get("status_zh", "")]
    if row.get("achieved_kind", "") not in ("numeric", "class"):
        texts.append(row.get("achieved_raw", ""))
    note = str(row.get("note_zh", ""))
    if "认定达标" in note:
        texts.append(note)
    text = " | ".join(dict.fromkeys(t for t in texts if t))
    claimed = bool(_CLAIM_RE.search(text)) and not _NEGATED_RE.search(text)
    return text, claimed


def _meets(a: float, t: float, op: str, sign: int) -> bool:
    if op == ">=":
        return a >= t - TOL
    if op == ">":
        return a > t + TOL
    if op == "<=":
        return a <= t + TOL
    if op == "<":
        return a < t - TOL
    if op == "~":
        return sign * (a - t) >= -TOL or abs(a - t) <= APPROX_BAND * abs(t) + TOL
    if sign == 0:
        return abs(a - t) <= TOL
    return sign * (a - t) >= -TOL


def target_attainment(table: pd.DataFrame, codebook: CodebookLike = None) -> pd.DataFrame:
    """Each district 13th row's 2020 target: met, missed, or not assessable.

    * Inequality operators are read literally (``≥48``: met iff achieved >= 48; ``<50``:
      achieved < 50). ``=`` targets are met when the achieved value is at least as good as
      the target in the indicator's direction (a forest-cover target of 50 is met by 55; a
      construction-land cap of 278.3 by 200.15). ``~`` (左右) targets are met when at least
      as good or within ±5 % (``APPROX_BAND``) of the target.
    * Water classes compare on I=1..V=5, lower is better.
    * Cumulative figures are compared with cumulative figures only; a cumulative against a
      non-cumulative cell is ``not assessable (cumulative mismatch)``.
    * A target or achieved cell without a number is ``not assessable (<kind>)``.
    * ``provisional`` rows (``*``: final value set by a higher level, or data of another
      year) keep their numeric verdict and are flagged; ``evidence`` carries the plan's own
      words (完成情况 column, text cell, or a note such as ``市林业局认定达标``) and
      ``claimed_met`` whether they assert success. A text claim is the plan's
      self-assessment, not a measurement, so it does not turn ``not assessable`` into
      ``met``; ``agrees_with_claim`` shows where the numbers and the claim part ways.
    """
    cb = codebook_frame(codebook)
    t13 = _districts(table)
    t13 = t13[t13["period"] == "13th"]
    records = []
    for _, r in t13.iterrows():
        direction = _direction(cb, r["indicator_id"])
        sign = SIGN.get(direction, 0)
        tk, ak = r["target_kind"], r["achieved_kind"]
        t, a = _num(r["target_value"]), _num(r["achieved_value"])
        cells = _cells(r)
        if not _comparable_kind(tk) or pd.isna(t):
            status = f"not assessable ({tk if tk != 'none' else 'no target'})"
        elif not _comparable_kind(ak) or pd.isna(a):
            status = f"not assessable ({'no value' if ak in ('none', '') else ak + ' achieved'})"
        elif tk != ak:
            status = "not assessable (class vs number)"
        elif ("target" in cells) != ("achieved" in cells):
            status = "not assessable (cumulative mismatch)"
        else:
            status = "met" if _meets(a, t, r["target_operator"], sign if tk != "class" else -1) \
                else "missed"
        evidence, claimed = _claim(r)
        assessed = status in ("met", "missed")
        records.append({
            **{c: r[c] for c in _TRACE}, "direction": direction,
            "target_raw": r["target_raw"], "target_operator": r["target_operator"],
            "target_value": t, "target_kind": tk, "achieved_raw": r["achieved_raw"],
            "achieved_value": a, "achieved_kind": ak, "cumulative_cells": r["cumulative_cells"],
            "provisional": bool(r["provisional"]),
            "gap_signed": (sign if tk != "class" else -1) * (a - t) + 0.0 if assessed else np.nan,
            "status": status, "assessable": assessed, "evidence": evidence,
            "claimed_met": claimed,
            "agrees_with_claim": (status == "met") == claimed if assessed and evidence else pd.NA,
            "note_zh": r["note_zh"],
            "source_file": r["source_file"], "source_line": r["source_line"],
        })
    return pd.DataFrame.from_records(records)


# ----------------------------------------------------------------------------- 4. dispersion

def dispersion(table: pd.DataFrame, codebook: CodebookLike = None,
               include_municipal: bool = False) -> pd.DataFrame:
    """Spread of numeric 14th targets across plans, per indicator with at least two plans.

    Per (indicator_id, unit, cumulative): ``n`` plans, ``min``, ``max``, ``range``,
    ``mean``, ``std`` (sample, ddof=1) and ``cv = std / |mean|`` of the targets; and the
    same for baseline-adjusted changes ``target - baseline`` (``change_*``, districts with
    a numeric baseline only; these are shown for levels only). Only ``numeric`` targets
    enter (no classes, no text). A plan with several rows of one indicator contributes its
    first row. ``cells`` lists ``region=raw@file:line`` of every target used.
    """
    cb = codebook_frame(codebook)
    rows = table[(table["period"] == "14th") & (table["target_kind"] == "numeric")]
    if not include_municipal:
        rows = rows[rows["level"] == "district"]
    rows = rows.drop_duplicates(["region", "indicator_id"])
    rows = rows.assign(_cum=rows["cumulative_cells"].str.contains("target"))

    def stats(values: pd.Series, prefix: str) -> dict:
        v = values.dropna().astype(float)
        n = len(v)
        mean = v.mean() if n else np.nan
        std = v.std(ddof=1) if n >= 2 else np.nan
        return {f"{prefix}n": n, f"{prefix}min": v.min() if n else np.nan,
                f"{prefix}max": v.max() if n else np.nan,
                f"{prefix}range": v.max() - v.min() if n else np.nan,
                f"{prefix}mean": mean, f"{prefix}std": std,
                f"{prefix}cv": std / abs(mean) if n >= 2 and abs(mean) > TOL else np.nan}

    records = []
    for (ident, unit, cum), grp in rows.groupby(["indicator_id", "unit", "_cum"], sort=True):
        if grp["region"].nunique() < 2:
            continue
        flow = is_flow(ident) or cum
        base_ok = (grp["baseline_kind"] == "numeric") & ~grp["cumulative_cells"].str.contains("baseline")
        change = (grp["target_value"] - grp["baseline_value"]).where(base_ok & (grp["level"] == "district"))
        if flow:
            change = change * np.nan
        records.append({
            "indicator_id": ident, "name_zh": cb["name_zh"].get(ident, ""),
            "name_en": cb["name_en"].get(ident, ""), "unit": unit,
            "direction": _direction(cb, ident), "cumulative": bool(cum),
            "measure": "flow" if flow else "level",
            **stats(grp["target_value"], ""), **stats(change, "change_"),
            "regions": ",".join(grp["region"]),
            "cells": "; ".join(f"{r.region}={r.target_raw}@{_source(r.source_file, r.source_line)}"
                               for r in grp.itertuples()),
        })
    return pd.DataFrame.from_records(records)


# ----------------------------------------------------------------------------- 5. SDG

#: Short titles of the SDG indicators the codebook uses (UN global indicator framework;
#: the Chinese titles are short renderings, not the official Chinese text).
SDG_LABELS: dict[str, dict[str, str]] = {
    "2.4.1": {"en": "Agricultural area under productive and sustainable agriculture",
              "zh": "生产性和可持续农业面积占比"},
    "6.1.1": {"en": "Population using safely managed drinking water services",
              "zh": "使用安全管理的饮用水服务的人口比例"},
    "6.3.1": {"en": "Domestic and industrial wastewater flows safely treated",
              "zh": "安全处理的生活和工业废水比例"},
    "6.3.2": {"en": "Bodies of water with good ambient water quality",
              "zh": "环境水质良好的水体比例"},
    "6.4.1": {"en": "Change in water-use efficiency over time", "zh": "用水效率随时间的变化"},
    "6.4.2": {"en": "Level of water stress", "zh": "用水紧张程度"},
    "6.6.1": {"en": "Change in the extent of water-related ecosystems",
              "zh": "与水有关的生态系统范围的变化"},
    "7.2.1": {"en": "Renewable energy share in total final energy consumption",
              "zh": "可再生能源在最终能源消费总量中的比例"},
    "7.3.1": {"en": "Energy intensity (primary energy and GDP)", "zh": "能源强度（一次能源与GDP）"},
    "8.9.1": {"en": "Tourism direct GDP as a share of total GDP",
              "zh": "旅游业直接GDP占GDP总量的比例"},
    "9.4.1": {"en": "CO2 emission per unit of value added", "zh": "单位增加值的二氧化碳排放量"},
    "11.1.1": {"en": "Urban population living in slums or inadequate housing",
               "zh": "居住在贫民窟或不适当住房中的城市人口比例"},
    "11.3.1": {"en": "Ratio of land consumption rate to population growth rate",
               "zh": "土地使用率与人口增长率之比"},
    "11.6.1": {"en": "Municipal solid waste collected and managed in controlled facilities",
               "zh": "在受控设施中收集和管理的城市固体废物比例"},
    "11.6.2": {"en": "Annual mean levels of fine particulate matter (PM2.5) in cities",
               "zh": "城市细颗粒物（PM2.5）年均浓度"},
    "11.7.1": {"en": "Share of built-up area that is open space for public use",
               "zh": "城市建成区中公共开放空间的比例"},
    "12.4.2": {"en": "Hazardous waste generated per capita and share treated",
               "zh": "人均危险废物产生量及其处理比例"},
    "12.5.1": {"en": "National recycling rate", "zh": "国家回收利用率"},
    "15.1.1": {"en": "Forest area as a proportion of total land area",
               "zh": "森林面积占陆地总面积的比例"},
    "15.1.2": {"en": "Important biodiversity sites covered by protected areas",
               "zh": "保护区覆盖的重要生物多样性地点比例"},
    "15.2.1": {"en": "Progress towards sustainable forest management",
               "zh": "可持续森林管理进展"},
    "15.3.1": {"en": "Proportion of land that is degraded", "zh": "退化土地占土地总面积的比例"},
    "16.6.2": {"en": "Population satisfied with their last experience of public services",
               "zh": "对上次公共服务体验感到满意的人口比例"},
}


def sdg_label(code: str, lang: str = "en") -> str:
    """Short title of an SDG indicator code; ``""`` for an empty code.

    >>> sdg_label("15.1.1")
    'Forest area as a proportion of total land area'
    >>> sdg_label("11.6.2", "zh")
    '城市细颗粒物（PM2.5）年均浓度'
    """
    code = (code or "").strip()
    if not code:
        return ""
    if code not in SDG_LABELS:
        raise KeyError(f"SDG indicator {code!r} has no label; add it to SDG_LABELS")
    return SDG_LABELS[code][lang]


def sdg(codebook: CodebookLike = None) -> pd.DataFrame:
    """Codebook indicators with their SDG indicator code, goal number and labels."""
    cb = codebook_frame(codebook).reset_index()
    cb["sdg"] = cb["sdg"].fillna("").astype(str)
    return pd.DataFrame({
        "indicator_id": cb["indicator_id"], "name_zh": cb["name_zh"], "name_en": cb["name_en"],
        "sdg": cb["sdg"],
        "sdg_goal": cb["sdg"].map(lambda c: int(c.split(".")[0]) if c else pd.NA).astype("Int64"),
        "sdg_label_en": cb["sdg"].map(lambda c: sdg_label(c, "en")),
        "sdg_label_zh": cb["sdg"].map(lambda c: sdg_label(c, "zh")),
    })
