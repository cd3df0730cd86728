"""How far each 14th-FYP target moves from its 2020 baseline, compared across plans."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .common import (
    _TRACE,
    SIGN,
    TOL,
    CodebookLike,
    _cells,
    _direction,
    _num,
    annual_rate,
    codebook_frame,
    is_flow,
)


def _achieved_13th(table: pd.DataFrame) -> dict[tuple[str, str], pd.Series]:
    """(region, indicator_id) -> the 13th row with a numeric 2015 value and 2020 actual.

    Only indicators with exactly one such row in the region's 13th table, and no
    cumulative cell, so a level is matched with a level.
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
        years = (
            _num(r["target_year"]) - _num(r["baseline_year"])
            if not (pd.isna(r["target_year"]) or pd.isna(r["baseline_year"]))
            else float("nan")
        )
        rec = {c: r[c] for c in _TRACE}
        rec.update(
            {
                "direction": direction,
                "measure": "flow" if is_flow(ident) else "level",
                "baseline_year": r["baseline_year"],
                "baseline_raw": r["baseline_raw"],
                "baseline_value": base,
                "target_year": r["target_year"],
                "target_raw": r["target_raw"],
                "target_value": target,
                "target_operator": r["target_operator"],
                "target_kind": r["target_kind"],
                "cumulative": bool(r["cumulative"]),
                "cumulative_cells": r["cumulative_cells"],
                "provisional": bool(r["provisional"]),
                "note_zh": r["note_zh"],
                "years": years,
                "abs_change": np.nan,
                "rel_change": np.nan,
                "improvement_signed": np.nan,
                "annual_rate": np.nan,
                "rate_unit": "pp/yr" if r["unit"] == "%" else "%/yr",
                "improvement_rate": np.nan,
                "achieved_2015_raw": "",
                "achieved_2015_value": np.nan,
                "achieved_2020_raw": "",
                "achieved_2020_value": np.nan,
                "achieved_rate": np.nan,
                "rate_ratio": np.nan,
                "achieved_source_line": pd.NA,
                "limit": limit,
                "headroom_used": np.nan,
                "headroom_kind": "",
                "at_limit": False,
                "ambition_class": "",
                "reason": "",
                "source_file": r["source_file"],
                "source_line": r["source_line"],
            }
        )
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
                r["target_operator"] == "<" and sign < 0
            )
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
                    p_rate, _ = annual_rate(
                        past["baseline_value"], past["achieved_value"], p_years, r["unit"]
                    )
                    rec.update(
                        {
                            "achieved_2015_raw": past["baseline_raw"],
                            "achieved_2015_value": past["baseline_value"],
                            "achieved_2020_raw": past["achieved_raw"],
                            "achieved_2020_value": past["achieved_value"],
                            "achieved_rate": p_rate,
                            "achieved_source_line": past["source_line"],
                            "rate_ratio": rate / p_rate if abs(p_rate) > TOL else np.nan,
                        }
                    )
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
    out["rank"] = (
        out.groupby("indicator_id")["improvement_rate"].rank(ascending=False, method="min").astype("Int64")
    )
    return out
