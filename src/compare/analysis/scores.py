"""A common distance-to-target scale, as the SDSN SDG dashboards use it.

Each codebook indicator with a ``score_type`` of ``level`` or ``progress_ratio`` carries a
lower bound (score 0), an optimum (score 100) and green / red thresholds, each with a
reference (``*_ref`` -> references.csv). A figure ``x`` scores

    score = 100 × (x − lower) / (optimum − lower), censored to [0, 100]

(for lower-is-better indicators lower > optimum, so the same formula runs the other way),
and gets a traffic light: ``green`` at or beyond the green threshold, ``red`` beyond the
red one, ``yellow`` / ``orange`` between them (the nearer half to green / to red).
``progress_ratio`` indicators are five-year reductions scored against the national
2021–25 requirement with Open SDG's bands (optimum = the requirement, green = 0.95 of it,
red = 0, lower = −0.6 of it). ``binary`` indicators are green or red: the red line and
protected areas must not shrink (target ≥ baseline), the five-year count of major incidents
must be zero. ``trend`` and ``not_scored`` indicators have no normative level (endowment,
district size, a local definition) and get no score; the reason says so.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .common import (
    _TRACE,
    CodebookLike,
    _direction,
    _num,
    caveat_sources,
    caveats,
    codebook_frame,
)

LIGHTS = ("green", "yellow", "orange", "red")
SCALE_COLUMNS = ("lower_bound", "optimum", "green_threshold", "red_threshold")


def level_score(x: float, lower: float, optimum: float) -> float:
    """``100 × (x − lower) / (optimum − lower)``, censored to [0, 100].

    >>> level_score(27, 87, 5)   # PM2.5 27 μg/m3 on 87 (0) … 5 (100)
    73.17073170731707
    >>> level_score(120, 0, 100), level_score(-5, 0, 100)
    (100.0, 0.0)
    """
    if optimum == lower:
        raise ValueError("a scale needs optimum != lower bound")
    return float(min(100.0, max(0.0, 100.0 * (x - lower) / (optimum - lower))))


def light(x: float, green: float, red: float, direction: str) -> str:
    """Traffic light of ``x`` against the green and red thresholds, in the indicator's direction.

    >>> [light(x, 15, 35, "lower_is_better") for x in (10, 20, 30, 35, 40)]
    ['green', 'yellow', 'orange', 'orange', 'red']
    """
    sign = -1.0 if direction == "lower_is_better" else 1.0
    v, g, r = sign * x, sign * green, sign * red
    if v >= g:
        return "green"
    if v < r:
        return "red"
    return "yellow" if v >= (g + r) / 2 else "orange"


def _binary(ident: str, r: pd.Series) -> tuple[float, str, str]:
    """(score, light, reason) for a yes/no indicator: no net loss, or zero incidents."""
    target, base = _num(r["target_value"]), _num(r["baseline_value"])
    if ident == "major_env_incidents":
        return (100.0, "green", "") if target == 0 else (0.0, "red", "")
    if math.isnan(base):
        return np.nan, "", "no_baseline"
    ok = target >= base - 1e-9
    return (100.0, "green", "") if ok else (0.0, "red", "")


def scores(table: pd.DataFrame, codebook: CodebookLike = None, period: str = "14th") -> pd.DataFrame:
    """A 0–100 score and a traffic light for every target of ``period`` (default the 14th-FYP
    2025 targets), districts and the municipality.

    One row per table row. ``score`` / ``light`` for the target, ``baseline_score`` /
    ``baseline_light`` for the 2020 baseline (context: where the district starts). No score
    (NaN, ``reason``) for: an indicator without a normative scale (``score_type`` trend or
    not_scored, or no scale), a target without a number (``target_<kind>``), a unit other
    than the scale's (``unit``: Tongnan prints the radiation-accident rate in %). The scale's
    values and references and the row's ``caveats`` (placeholder, estimate, COVID year,
    secondary …) go with every score.
    """
    cb = codebook_frame(codebook)
    rows = table[table["period"] == period]
    records = []
    for _, r in rows.iterrows():
        ident = r["indicator_id"]
        direction = _direction(cb, ident)
        entry = cb.loc[ident] if ident in cb.index else None
        score_type = str(entry["score_type"]) if entry is not None else ""
        rec = {
            **{c: r[c] for c in _TRACE},
            "direction": direction,
            "score_type": score_type,
            "target_raw": r["target_raw"],
            "target_value": _num(r["target_value"]),
            "baseline_raw": r["baseline_raw"],
            "baseline_value": _num(r["baseline_value"]),
            "score": np.nan,
            "light": "",
            "baseline_score": np.nan,
            "baseline_light": "",
            "reason": "",
            "lower_bound": np.nan,
            "optimum": np.nan,
            "green_threshold": np.nan,
            "red_threshold": np.nan,
            "scale_refs": "",
            "secondary": bool(r.get("secondary", False)),
            "caveats": ",".join(caveats(r)),
            "caveat_sources": caveat_sources(r),
            "source_file": r["source_file"],
            "source_line": r["source_line"],
        }
        quantified = r["target_kind"] in ("numeric", "class") and not pd.isna(r["target_value"])
        if entry is None or score_type in ("", "trend", "not_scored"):
            rec["reason"] = score_type or "no_scale"
        elif not quantified:
            rec["reason"] = f"target_{r['target_kind']}"
        elif r["unit"] != entry["unit"]:
            rec["reason"] = "unit"
        elif score_type == "binary":
            rec["score"], rec["light"], rec["reason"] = _binary(ident, r)
        else:
            lo, opt, green, red = (float(entry[c]) for c in SCALE_COLUMNS)
            rec.update(
                {
                    "lower_bound": lo,
                    "optimum": opt,
                    "green_threshold": green,
                    "red_threshold": red,
                    "scale_refs": ",".join(
                        str(entry.get(c, "")) for c in ("lower_ref", "optimum_ref", "green_ref", "red_ref")
                    ),
                }
            )
            x = float(r["target_value"])
            rec["score"], rec["light"] = level_score(x, lo, opt), light(x, green, red, direction)
            b = _num(r["baseline_value"])
            level = score_type == "level" and not str(r.get("cumulative_cells", ""))  # a reduction's
            # baseline is the 13th plan's five-year reduction, not a point on this scale
            if level and not math.isnan(b) and r["baseline_kind"] in ("numeric", "class"):
                rec["baseline_score"], rec["baseline_light"] = (
                    level_score(b, lo, opt),
                    light(b, green, red, direction),
                )
        records.append(rec)
    return pd.DataFrame.from_records(records)


def dashboard(table: pd.DataFrame, codebook: CodebookLike = None, level: str = "district") -> pd.DataFrame:
    """Region × indicator pivot of `scores` (``level`` district or all), the scored indicators
    only: ``score`` values, and the lights and caveats in frames of the same shape via
    ``dashboard_parts``."""
    return dashboard_parts(table, codebook, level)[0]


def dashboard_parts(
    table: pd.DataFrame, codebook: CodebookLike = None, level: str = "district"
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(scores, lights, caveats) pivots, region × indicator; a region with several rows of an
    indicator (rivers) keeps its lowest score."""
    sc = scores(table, codebook)
    if level == "district":
        sc = sc[sc["level"] == "district"]
    sc = sc[sc["score"].notna()]
    if sc.empty:
        empty = pd.DataFrame()
        return empty, empty, empty
    sc = sc.sort_values("score", kind="stable").drop_duplicates(["region", "indicator_id"])
    regions = list(dict.fromkeys(table.loc[table["region"].isin(sc["region"]), "region"]))
    ids = list(
        sc.groupby("indicator_id")["region"].nunique().sort_values(ascending=False, kind="stable").index
    )
    piv = {
        col: sc.pivot(index="region", columns="indicator_id", values=col).reindex(index=regions, columns=ids)
        for col in ("score", "light", "caveats")
    }
    return piv["score"], piv["light"].fillna(""), piv["caveats"].fillna("")
