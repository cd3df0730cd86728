"""How far each 14th-FYP target moves from its 2020 baseline, compared across plans."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from .common import (
    SIGN,
    TOL,
    TRACE,
    CodebookLike,
    annual_rate,
    as_float,
    baseline_caveats,
    caveat_sources,
    caveats,
    codebook_frame,
    cumulative_cells_of,
    direction_of,
    measure_of,
    note_kinds,
    with_baseline_caveats,
)
from .comparability import OPEN_SDG_BANDS, headroom_defined, rank_exclusion, ratio_defined

#: Open SDG's progress thresholds (Statistics Canada's method, inspired by Eurostat), applied to
#: the ratio of the planned to the achieved annual improvement: (lower bound, class), from
#: `comparability.OPEN_SDG_BANDS`.
PACE_BANDS = tuple((bound, name) for bound, name, _ in OPEN_SDG_BANDS)
PACE_CLASSES = ("substantial", "moderate", "limited", "deterioration")


def pace_class(ratio: float) -> str:
    """Open SDG's category of a ratio R: ≥0.95 substantial, ≥0.6 moderate, ≥0 limited, <0
    deterioration ('' for no ratio).

    >>> [pace_class(r) for r in (1.2, 0.7, 0.1, -0.5)]
    ['substantial', 'moderate', 'limited', 'deterioration']
    """
    if ratio is None or (isinstance(ratio, float) and math.isnan(ratio)):
        return ""
    for bound, name in PACE_BANDS:
        if ratio >= bound:
            return name
    return "deterioration"


def _achieved_13th(table: pd.DataFrame, cb: pd.DataFrame) -> dict[tuple[str, str], pd.Series]:
    """(region, indicator_id) -> the 13th row with a numeric 2015 value and 2020 actual.

    Only indicators with exactly one such row in the region's 13th table, and levels (not
    five-year amounts), so a level is matched with a level.
    """
    t13 = table[
        (table["period"] == "13th")
        & table["baseline_value"].notna()
        & table["achieved_value"].notna()
        & (table["baseline_kind"] == "numeric")
        & (table["achieved_kind"] == "numeric")
    ]
    out = {}
    for key, grp in t13.groupby(["region", "indicator_id"]):
        if len(grp) == 1 and not cumulative_cells_of(grp.iloc[0]) and measure_of(cb, key[1]) == "level":
            out[key] = grp.iloc[0]
    return out


def municipal_baselines(table: pd.DataFrame) -> dict[str, dict]:
    """indicator_id -> the municipal 2020 value its plan's review states (13th-period prose
    rows of the same indicator, with its line). A value of another indicator (333 good-air
    days for the 92.6 % ratio target) is not borrowed: a baseline is never converted."""
    muni13 = table[
        (table["level"] == "municipal") & (table["period"] == "13th") & table["achieved_value"].notna()
    ]
    out: dict[str, dict] = {}
    for _, r in muni13.iterrows():
        year = r.get("achieved_year")
        year = int(year) if year is not None and not pd.isna(year) else 2020
        rec = {
            "raw": r["achieved_raw"],
            "value": float(r["achieved_value"]),
            "year": year,
            "unit": r["unit"],
            "cumulative": bool(cumulative_cells_of(r)),
            "source": f"{r['source_file']}:{int(r['source_line'])}",
            "how": "municipal_review",
            "note_kinds": r.get("note_kinds", ""),
        }
        out.setdefault(r["indicator_id"], rec)
    return out


def ambition(table: pd.DataFrame, codebook: CodebookLike = None) -> pd.DataFrame:
    """How far each 14th-FYP target moves from its 2020 baseline, compared across plans.

    One row per 14th-period row (districts, the municipal prose and secondary facts), kept
    whatever its target kind. A municipal row without a baseline of its own takes the 2020
    value its plan's review states (`municipal_baselines`; ``baseline_source``). For numeric
    *levels* with a numeric baseline of the same unit, accounting and definition
    (`common.comparability`, over time):

    * ``abs_change = target - baseline``; ``rel_change = abs_change / |baseline|`` (NaN for
      a zero baseline); ``improvement_signed = sign * abs_change``.
    * ``annual_rate`` over ``years = target_year - baseline_year`` (a note may make the
      baseline another year's data): percentage points per year for ``%``, compound percent
      per year otherwise; ``improvement_rate = sign * annual_rate``.
    * Where the region's 13th table gives a 2015 value and a 2020 actual (the actual's year
      from ``achieved_year``): ``achieved_rate`` and, when the past improvement is not near
      zero (`NEAR_ZERO_SHARE` of the scale) and was an improvement, ``rate_ratio`` = planned /
      achieved improvement with Open SDG's ``pace`` class (`pace_class`); ``ratio_status``
      says why there is no ratio (``past_near_zero``, ``past_worsened``).
    * ``headroom_used = (target - baseline) / (limit - baseline)`` only when the target moves
      toward the codebook ``limit`` (``headroom_kind`` gap closed, or slack used below a
      lower-is-better standard); ``headroom_status`` otherwise (``holds``, ``moves_away``,
      ``at_limit``).
    * ``ambition_class``: ``improve`` / ``hold`` / ``relax``; ``at ceiling`` for a baseline
      already at the limit that the target keeps there (it is not ranked below one that
      moves); a stricter operator on the same number (95 -> >95) holds (reason
      ``strict_operator_only``); ``assigned`` / ``qualitative`` / ``maintain``; ``not
      comparable`` otherwise, with the ``reason`` code. ``rank`` (`ranks`) orders the
      improving district targets of an indicator.
    * ``caveats`` / ``caveat_sources`` (`common.caveats`) go with every row.
    """
    cb = codebook_frame(codebook)
    achieved = _achieved_13th(table, cb)
    city = municipal_baselines(table)
    inherited = baseline_caveats(table)
    records = [
        _rated(r, cb, city, inherited, achieved) for _, r in table[table["period"] == "14th"].iterrows()
    ]
    out = pd.DataFrame.from_records(records)
    if out.empty:
        return out
    out["achieved_source_line"] = out["achieved_source_line"].astype("Int64")
    out["rank"] = ranks(out, cb)
    return out


def _rated(
    r: pd.Series, cb: pd.DataFrame, city: dict[str, dict], inherited: dict, achieved: dict
) -> dict[str, Any]:
    """The record of one 14th-period row, rated on the scale of change or with the reason
    it is not (``city``: `municipal_baselines`; ``inherited``: `baseline_caveats`;
    ``achieved``: the 13th-FYP record by region and indicator)."""
    ident = r["indicator_id"]
    sign = SIGN.get(direction_of(cb, ident), 0)
    limit = as_float(cb["limit"].get(ident)) if ident in cb.index else float("nan")
    base = _baseline(r, city.get(ident) if r["level"] == "municipal" else None)
    rec = _record(r, cb, base, limit)
    with_baseline_caveats(rec, inherited.get((r["region"], ident)))
    why = _not_rated(rec, r, base, sign)
    if why is not None:
        rec["ambition_class"], rec["reason"] = why
    else:
        target = as_float(r["target_value"])
        _rate(
            rec,
            r,
            base["value"],
            target,
            rec["years"],
            sign,
            limit,
            achieved.get((r["region"], ident)),
            cb,
        )
    return rec


def _baseline(r: pd.Series, borrowed: dict | None) -> dict[str, Any]:
    """The row's baseline: its own, or for a municipal row without one the 2020 value its
    plan's review states (``borrowed``, from `municipal_baselines`)."""
    base = {
        "value": as_float(r["baseline_value"]),
        "raw": r["baseline_raw"],
        "kind": r["baseline_kind"],
        "year": r["baseline_year"],
        "source": "",
        "how": "",
        "borrowed": None,
    }
    if borrowed is not None and pd.isna(base["value"]):
        base.update(value=borrowed["value"], raw=borrowed["raw"], kind="numeric", borrowed=borrowed)
        base.update(year=borrowed["year"], source=borrowed["source"], how=borrowed["how"])
    return base


def _record(r: pd.Series, cb: pd.DataFrame, base: dict[str, Any], limit: float) -> dict[str, Any]:
    """The row's record before it is rated: its trace, target, baseline and empty measures."""
    rec = {c: r[c] for c in TRACE}
    rec.update(_target_and_baseline(r, cb, base))
    rec.update(_empty_measures(str(r["unit"]), limit))
    rec.update({"source_file": r["source_file"], "source_line": r["source_line"]})
    return rec


def _target_and_baseline(r: pd.Series, cb: pd.DataFrame, base: dict[str, Any]) -> dict[str, Any]:
    """The row's target and baseline as the record shows them, its caveats and the years
    between baseline and target."""
    ident = r["indicator_id"]
    base_year = base["year"]
    years = (
        as_float(r["target_year"]) - as_float(base_year)
        if not (pd.isna(r["target_year"]) or pd.isna(base_year))
        else float("nan")
    )
    return {
        "direction": direction_of(cb, ident),
        "measure": measure_of(cb, ident),
        "baseline_year": base_year,
        "baseline_raw": base["raw"],
        "baseline_value": base["value"],
        "baseline_source": base["source"],
        "baseline_how": base["how"],
        "target_year": r["target_year"],
        "target_raw": r["target_raw"],
        "target_value": as_float(r["target_value"]),
        "target_operator": r["target_operator"],
        "target_kind": r["target_kind"],
        "cumulative": bool(r["cumulative"]),
        "cumulative_cells": r["cumulative_cells"],
        "provisional": bool(r["provisional"]),
        "secondary": bool(r.get("secondary", False)),
        "source_url": r.get("source_url", ""),
        "note_zh": r["note_zh"],
        "caveats": ",".join(caveats(r)),
        "caveat_sources": caveat_sources(r),
        "years": years,
    }


def _empty_measures(unit: str, limit: float) -> dict[str, Any]:
    """The measures `_rate` fills in, empty (``unit`` decides the rate's unit; ``limit`` is
    the codebook's)."""
    return {
        "abs_change": np.nan,
        "rel_change": np.nan,
        "improvement_signed": np.nan,
        "annual_rate": np.nan,
        "rate_unit": "pp/yr" if unit == "%" else "%/yr",
        "improvement_rate": np.nan,
        "achieved_2015_raw": "",
        "achieved_2015_value": np.nan,
        "achieved_2020_raw": "",
        "achieved_2020_value": np.nan,
        "achieved_rate": np.nan,
        "rate_ratio": np.nan,
        "pace": "",
        "ratio_status": "",
        "achieved_source_line": pd.NA,
        "limit": limit,
        "headroom_used": np.nan,
        "headroom_kind": "",
        "headroom_status": "",
        "at_limit": False,
        "ambition_class": "",
        "reason": "",
    }


def _not_rated(rec: dict[str, Any], r: pd.Series, base: dict[str, Any], sign: int) -> tuple[str, str] | None:
    """(ambition_class, reason) of a target that is not rated on the scale of change, in the
    order the reasons are checked; None for one that is."""
    kind, borrowed = r["target_kind"], base["borrowed"]
    if kind in ("assigned", "qualitative", "maintain"):
        return kind, f"target_{kind}"
    over_time = "definition_changed" in note_kinds(r) or (
        borrowed is not None and "definition_changed" in str(borrowed.get("note_kinds", ""))
    )
    reasons = (
        ("no_target", lambda: kind == "none" or pd.isna(as_float(r["target_value"]))),
        ("flow", lambda: rec["measure"] == "flow"),
        (
            "cumulative",
            lambda: bool(cumulative_cells_of(r)) or (borrowed is not None and borrowed["cumulative"]),
        ),
        ("no_baseline", lambda: pd.isna(base["value"]) or base["kind"] not in ("numeric", "class")),
        ("unit", lambda: borrowed is not None and borrowed["unit"] != r["unit"]),
        ("definition_changed", lambda: over_time),
        ("neutral", lambda: sign == 0),
    )
    return next((("not comparable", why) for why, applies in reasons if applies()), None)


def ranks(amb: pd.DataFrame, codebook: CodebookLike = None) -> pd.Series:
    """Rank of each improving district target among the districts that improve the same
    indicator (1 = the fastest annual improvement), where at least two do.

    Unranked: a target that holds, relaxes or is at its ceiling, the municipal plan (context,
    never ranked among districts), an endowment and a neutral indicator
    (`comparability.rank_exclusion`).
    """
    cb = codebook_frame(codebook)
    excluded = amb.apply(lambda r: bool(rank_exclusion(r, cb)), axis=1) if len(amb) else pd.Series(dtype=bool)
    rated = amb["improvement_rate"].where((amb["ambition_class"] == "improve") & ~excluded)
    n = rated.groupby(amb["indicator_id"]).transform("count")
    ranked = rated.where(n >= 2).groupby(amb["indicator_id"]).rank(ascending=False, method="min")
    return ranked.astype("Int64")


def _rate(
    rec: dict,
    r: pd.Series,
    base: float,
    target: float,
    years: float,
    sign: int,
    limit: float,
    past: pd.Series | None,
    cb: pd.DataFrame,
) -> None:
    """Change, rate, past pace, headroom and class of one comparable level target."""
    change = target - base
    signed = sign * change
    rec["abs_change"], rec["improvement_signed"] = change, signed
    rec["rel_change"] = change / abs(base) if base != 0 else np.nan
    strict_good = (r["target_operator"] == ">" and sign > 0) or (r["target_operator"] == "<" and sign < 0)
    if signed > TOL:
        rec["ambition_class"] = "improve"
    elif signed < -TOL:
        rec["ambition_class"] = "relax"
    else:  # the same number: a stricter operator alone (95 -> >95) is no measured change
        rec["ambition_class"], rec["reason"] = "hold", ("strict_operator_only" if strict_good else "")
    if not math.isnan(limit):
        _headroom(rec, r, base, change, sign, limit, cb)
    if r["target_kind"] == "class":
        rec["reason"] = "ordinal_class"
        return
    rate, unit = annual_rate(base, target, years, r["unit"])
    rec["annual_rate"], rec["rate_unit"] = rate, unit
    rec["improvement_rate"] = sign * rate + 0.0  # no -0.0
    if past is None or past["unit"] != r["unit"]:
        return
    _past_pace(rec, r, past, sign, limit)


def _headroom(
    rec: dict, r: pd.Series, base: float, change: float, sign: int, limit: float, cb: pd.DataFrame
) -> None:
    """How much of the way to the codebook ``limit`` the target goes (a baseline at the
    limit is ``at ceiling`` when the target keeps it there)."""
    at_limit = abs(base - limit) <= TOL
    rec["at_limit"] = at_limit
    if at_limit:
        rec["headroom_status"] = "at_limit"
        if abs(change) <= TOL:
            rec["ambition_class"] = "at ceiling"
    elif headroom_defined(str(r["indicator_id"]), cb):
        share = change / (limit - base)
        if share > TOL:
            rec["headroom_used"] = share
            bad_side = (sign > 0 and base < limit) or (sign < 0 and base > limit)
            rec["headroom_kind"] = "gap closed" if bad_side else "slack used"
        else:
            rec["headroom_status"] = "holds" if abs(share) <= TOL else "moves_away"
    else:
        rec["headroom_status"] = "limit_not_a_goal"


def _past_pace(rec: dict, r: pd.Series, past: pd.Series, sign: int, limit: float) -> None:
    """The 13th plan's achieved rate (2015 -> 2020) and the planned rate's ratio to it."""
    p_end_year = past.get("achieved_year")
    if p_end_year is None or pd.isna(p_end_year):
        p_end_year = past["target_year"]
    p_years = as_float(p_end_year) - as_float(past["baseline_year"])
    a15, a20 = float(past["baseline_value"]), float(past["achieved_value"])
    p_rate, _ = annual_rate(a15, a20, p_years, r["unit"])
    rec.update(
        {
            "achieved_2015_raw": past["baseline_raw"],
            "achieved_2015_value": a15,
            "achieved_2020_raw": past["achieved_raw"],
            "achieved_2020_value": a20,
            "achieved_rate": p_rate,
            "achieved_source_line": past["source_line"],
        }
    )
    scale = limit if not math.isnan(limit) else abs(a15)
    if not ratio_defined([a20 - a15], scale) or abs(p_rate) <= TOL:
        rec["ratio_status"] = "past_near_zero"
    elif sign * p_rate < 0:
        rec["ratio_status"] = "past_worsened"
    else:
        rec["rate_ratio"] = rec["improvement_rate"] / (sign * p_rate)
        rec["pace"] = pace_class(rec["rate_ratio"])
