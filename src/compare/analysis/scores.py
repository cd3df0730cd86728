"""The target-ambition scale: how far a 2025 target goes towards a 2025-horizon reference,
on the 0–100 distance-to-target scale the SDSN SDG dashboards use. It scores the ambition of a
target as printed, not progress (progress needs observed values).

Each codebook indicator with a ``score_type`` of ``level`` or ``progress_ratio`` carries a
lower bound (score 0), an optimum (score 100: a reference for 2025, never a later goal) and
green / red thresholds, each with a reference (``*_ref`` -> references.csv). A figure ``x``
scores

    score = 100 × (x − lower) / (optimum − lower), censored to [0, 100]

(for lower-is-better indicators lower > optimum, so the same formula runs the other way).
The traffic light follows from the score and three boundaries on the same 0–100 scale,
printed with every dashboard (`thresholds`): green at or above ``green_score``, yellow at or
above ``yellow_score``, orange at or above ``red_score``, red below it.

* ``level``: the boundaries are the scores of the green and red thresholds, and yellow /
  orange split halfway between them (SDSN's four colours).
* ``progress_ratio`` (five-year reductions against the national 2021–25 requirement, the
  optimum): Open SDG's bands exactly (`comparability.OPEN_SDG_BANDS`): green from 0.95 of the
  requirement, yellow from 0.6, orange from 0, red below 0.

Endowments (codebook ``endowment`` yes) are never scored (`comparability.score_exclusion`),
nor are ``trend`` and ``not_scored`` indicators; the reason says why.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from .common import (
    TRACE,
    CodebookLike,
    as_float,
    caveat_sources,
    caveats,
    codebook_frame,
    direction_of,
)
from .comparability import OPEN_SDG_BANDS, score_exclusion

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


def thresholds(score_type: str, lower: float, optimum: float, green: float, red: float) -> dict[str, float]:
    """The boundaries of the lights on the 0–100 score: ``green_score``, ``yellow_score``,
    ``red_score`` (see the module docstring), and the raw figure at the yellow boundary.

    >>> thresholds("progress_ratio", -6, 10, 9.5, 0)["yellow_from"]
    6.0
    """
    if score_type == "progress_ratio":
        bounds = {light: bound * optimum for bound, _, light in OPEN_SDG_BANDS}
        g, y, r = bounds["green"], bounds["yellow"], bounds["orange"]
    else:
        g, r = green, red
        y = (green + red) / 2
    return {
        "green_score": level_score(g, lower, optimum),
        "yellow_score": level_score(y, lower, optimum),
        "red_score": level_score(r, lower, optimum),
        "yellow_from": y,
    }


def light_of_score(score: float, bounds: dict[str, float]) -> str:
    """The light of a score against the boundaries of `thresholds`.

    >>> light_of_score(25, {"green_score": 100, "yellow_score": 90, "red_score": 80})
    'red'
    """
    if score >= bounds["green_score"] - 1e-9:
        return "green"
    if score >= bounds["yellow_score"] - 1e-9:
        return "yellow"
    return "orange" if score >= bounds["red_score"] - 1e-9 else "red"


def _binary(ident: str, r: pd.Series) -> tuple[float, str, str]:
    """(score, light, reason) for a yes/no indicator: no net loss, or zero incidents."""
    target, base = as_float(r["target_value"]), as_float(r["baseline_value"])
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
        entry = cb.loc[ident] if ident in cb.index else None
        rec = _score_record(r, direction_of(cb, ident), str(entry["score_type"]) if entry is not None else "")
        quantified = r["target_kind"] in ("numeric", "class") and not pd.isna(r["target_value"])
        excluded = score_exclusion(ident, cb)
        if entry is None or excluded:
            rec["reason"] = excluded or "no_scale"
        elif not quantified:
            rec["reason"] = f"target_{r['target_kind']}"
        elif r["unit"] != entry["unit"]:
            rec["reason"] = "unit"
        elif rec["score_type"] == "binary":
            rec["score"], rec["light"], rec["reason"] = _binary(ident, r)
        else:
            _score_on_scale(rec, r, entry)
        records.append(rec)
    return pd.DataFrame.from_records(records)


def _score_record(r: pd.Series, direction: str, score_type: str) -> dict[str, Any]:
    """A row's score record before it is scored: its trace, cells and empty scores."""
    return {
        **{c: r[c] for c in TRACE},
        "direction": direction,
        "score_type": score_type,
        "target_raw": r["target_raw"],
        "target_value": as_float(r["target_value"]),
        "baseline_raw": r["baseline_raw"],
        "baseline_value": as_float(r["baseline_value"]),
        "score": np.nan,
        "light": "",
        "baseline_score": np.nan,
        "baseline_light": "",
        "reason": "",
        "lower_bound": np.nan,
        "optimum": np.nan,
        "green_threshold": np.nan,
        "red_threshold": np.nan,
        "green_score": np.nan,
        "yellow_score": np.nan,
        "red_score": np.nan,
        "yellow_from": np.nan,
        "scale_refs": "",
        "secondary": bool(r.get("secondary", False)),
        "caveats": ",".join(caveats(r)),
        "caveat_sources": caveat_sources(r),
        "source_file": r["source_file"],
        "source_line": r["source_line"],
    }


def _score_on_scale(rec: dict[str, Any], r: pd.Series, entry: pd.Series) -> None:
    """Score the target (and a level's baseline) on the indicator's scale, with the scale's
    points, thresholds and references."""
    score_type = rec["score_type"]
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
    bounds = thresholds(score_type, lo, opt, green, red)
    rec.update(bounds)
    x = float(r["target_value"])
    rec["score"] = level_score(x, lo, opt)
    rec["light"] = light_of_score(rec["score"], bounds)
    b = as_float(r["baseline_value"])
    level = score_type == "level" and not str(r.get("cumulative_cells", ""))  # a reduction's
    # baseline is the 13th plan's five-year reduction, not a point on this scale
    if level and not math.isnan(b) and r["baseline_kind"] in ("numeric", "class"):
        rec["baseline_score"] = level_score(b, lo, opt)
        rec["baseline_light"] = light_of_score(rec["baseline_score"], bounds)


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
