"""Are they getting there? Observed outcomes against the 14th-FYP targets, by a published method.

**Method** (Open SDG / Statistics Canada progress measure, ``docs/progress-methodology.md``
of open-sdg, as implemented in sdg-build's ``ProgressMeasure.py``): with the base year
``t0``, the latest observation year ``ti`` and the target year ``tT``,

    CAGR_o = (y_i / y_0) ** (1 / (t_i - t_0)) - 1        observed growth
    CAGR_r = (y_T / y_0) ** (1 / (t_T - t_0)) - 1        growth required to reach the target
    R      = s * d * CAGR_o / |CAGR_r|                  d = +1 higher is better, -1 lower; s = sign(y_0)

The target is achieved when the latest value meets it; otherwise R >= 0.95 on track,
0.6 <= R < 0.95 progress made but acceleration needed, 0 <= R < 0.6 limited progress, R < 0
deterioration. A target without a number (assigned by the city, qualitative, maintain) is
assessed on the trend alone: s * d * CAGR_o against 1.5 %, 0.5 % and 0, thresholds above zero
scaled near a natural limit by C = 1 - (y_0 / y_lim) ** 4.44 (shares: limit 100 %, from the
codebook ``limit``). Where the target year's value is published the verdict is final:
``achieved`` or ``missed``. A target whose required growth is zero (the base already at the
target) and whose latest value falls short has deteriorated.

**Which figures.** The base is the plan's 2020 baseline; where the plan prints none, the
observed 2020 value on the target's basis, else the first observed year after 2020 (the
method's rule for a missing base year). Only figures that compare with the target enter,
as the project's one rulebook decides (`comparability.observed_against_target`: same region,
same indicator or the documented conversion of good-air days to the ratio, same unit, the
target's basis, a whole year, the figure the conflict rule uses, an exact value). Nothing is
imputed: a target without a comparable observation is ``no_observation``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from .common import convert, measure_of
from .comparability import (
    BASE_YEAR,
    observation_conversion,
    observed_against_target,
    target_bases,
    target_basis,
)

#: Open SDG thresholds: ratio R for a quantitative target, CAGR for a trend (no target).
THRESHOLDS = {"target": (0.95, 0.6, 0.0), "trend": (0.015, 0.005, 0.0)}
#: Exponent of the scaling factor near a natural limit (sdg-build ProgressMeasure).
LIMIT_EXPONENT = 4.44
STATUSES = (
    "achieved",
    "missed",
    "target_achieved",
    "on_track",
    "acceleration_needed",
    "limited_progress",
    "deterioration",
    "not_assessable",
    "no_observation",
)


def value_for(obs: Any, target: Any) -> float:
    """The observation's value in the target's unit (a converted good-air day count)."""
    rule = observation_conversion(obs, target)
    value = float(obs["value"])
    return convert(value, rule, int(obs["year"])) if rule else value


def cagr(y1: float, y0: float, t1: int, t0: int) -> float:
    """Compound annual growth rate from (t0, y0) to (t1, y1)."""
    return (y1 / y0) ** (1.0 / (t1 - t0)) - 1.0


def limit_factor(base: float, limit: float | None) -> float:
    """Open SDG's scaling of the trend thresholds near a natural maximum: 1 - (y0/lim)^4.44."""
    if limit is None or limit <= 0 or base >= 2 * limit:
        return 1.0
    if base <= limit:
        return 1.0 - (base / limit) ** LIMIT_EXPONENT
    return 1.0 - ((2 * limit - base) / limit) ** LIMIT_EXPONENT


def category(value: float, thresholds: tuple[float, float, float]) -> str:
    """The Open SDG category of a ratio (or trend) against (high, medium, low)."""
    high, med, low = thresholds
    if value >= high:
        return "on_track"
    if value >= med:
        return "acceleration_needed"
    if value >= low:
        return "limited_progress"
    return "deterioration"


def meets(value: float, target: float, direction: int) -> bool:
    """Whether a value meets a target in the desired direction."""
    return value >= target - 1e-9 if direction > 0 else value <= target + 1e-9


def _cap(value: float, limit: float | None, direction: int) -> float:
    """A share never above its natural maximum (100 %) when higher is better."""
    return min(value, limit) if (limit is not None and direction > 0) else value


def _points(target: Any, observed: pd.DataFrame, basis: str) -> pd.DataFrame:
    """The observations that compare with the target (its own indicator first; the converted
    one only when there is none of its own), with their value in the target's unit."""
    rows = [o for _, o in observed.iterrows() if observed_against_target(o, target, basis) == ""]
    own = [o for o in rows if o["indicator_id"] == target["indicator_id"]]
    chosen = own or rows
    if not chosen:
        return pd.DataFrame()
    out = pd.DataFrame(chosen).copy()
    out["value_target_unit"] = [value_for(o, target) for o in chosen]
    out["converted"] = [observation_conversion(o, target) is not None for o in chosen]
    return out.sort_values("year", kind="stable")


def _baseline(target: Any, points: pd.DataFrame) -> tuple[float, int, str, str] | None:
    """(value, year, source kind, reference) of the base: the plan's 2020 baseline, else the
    observed 2020 value, else the first observed year after 2020."""
    base_year, base_value = target.get("baseline_year"), target.get("baseline_value")
    if (
        base_value is not None
        and not pd.isna(base_value)
        and base_year is not None
        and not pd.isna(base_year)
        and int(base_year) == BASE_YEAR
    ):
        return float(base_value), BASE_YEAR, "plan", f"{target['source_file']}:{target['source_line']}"
    if points.empty:
        return None
    first = points.iloc[0]
    kind = "observed" if int(first["year"]) == BASE_YEAR else "observed_first"
    ref = f"{first['source_file']}:{int(first['source_line'])}"
    return float(first["value_target_unit"]), int(first["year"]), kind, ref


def assess(target: Any, observed: pd.DataFrame, cb: pd.DataFrame, basis: str = "plan") -> dict:
    """The progress record of one 14th-FYP target row: base, latest, rates, ratio, status."""
    ident = str(target["indicator_id"])
    direction = -1 if ident in cb.index and cb.at[ident, "direction"] == "lower_is_better" else 1
    limit = _limit(cb, ident)
    points = _points(target, observed, basis)
    rec = _empty(target, direction, basis)
    if points.empty:
        return rec
    base = _baseline(target, points)
    latest = points.iloc[-1]
    rec.update(_latest_fields(latest, len(points)))
    assert base is not None
    y0, t0, base_kind, base_ref = base
    rec.update(baseline=y0, baseline_year=t0, baseline_source=base_kind, baseline_ref=base_ref)
    yi, ti = _cap(float(latest["value_target_unit"]), limit, direction), int(latest["year"])
    numeric_target = target.get("target_kind") in ("numeric", "class") and not pd.isna(
        target.get("target_value")
    )
    if measure_of(cb, ident) == "flow":  # a five-year amount: met or not, never a growth rate
        met = numeric_target and meets(yi, float(target["target_value"]), direction)
        rec.update(
            method="target" if numeric_target else "", status="target_achieved" if met else "not_assessable"
        )
        rec.update(reason="" if met else "flow")
    elif numeric_target:
        rec.update(_with_target(target, y0, t0, yi, ti, direction, limit))
    else:
        rec.update(_trend(y0, t0, yi, ti, direction, limit))
    return rec


def _limit(cb: pd.DataFrame, ident: str) -> float | None:
    if ident not in cb.index or "limit" not in cb.columns:
        return None
    value = pd.to_numeric(pd.Series([cb.at[ident, "limit"]]), errors="coerce").iloc[0]
    return None if pd.isna(value) else float(value)


def _with_target(target: Any, y0: float, t0: int, yi: float, ti: int, d: int, limit: float | None) -> dict:
    yt, tt = _cap(float(target["target_value"]), limit, d), int(target["target_year"])
    out: dict[str, Any] = {"method": "target"}
    if ti >= tt:
        out.update(status="achieved" if meets(yi, yt, d) else "missed", final=True)
    elif meets(yi, yt, d):
        out.update(status="target_achieved")
    if ti > t0 and y0 > 0 and yi > 0:
        out["cagr_observed"] = cagr(yi, y0, ti, t0)
    if tt > t0 and y0 > 0 and yt > 0:
        out["cagr_required"] = cagr(yt, y0, tt, t0)
    if "status" in out:
        return out
    if "cagr_observed" not in out:
        out.update(status="not_assessable", reason="one_observation")
        return out
    required = out.get("cagr_required", 0.0)
    if abs(required) < 1e-12:  # the base already at the target and the latest short of it
        out.update(status="deterioration", reason="base_at_target")
        return out
    ratio = math.copysign(1, y0) * d * out["cagr_observed"] / abs(required)
    out.update(ratio=ratio, status=category(ratio, THRESHOLDS["target"]))
    return out


def _trend(y0: float, t0: int, yi: float, ti: int, d: int, limit: float | None) -> dict:
    if ti <= t0 or y0 <= 0 or yi <= 0:
        return {"method": "trend", "status": "not_assessable", "reason": "one_observation"}
    growth = math.copysign(1, y0) * d * cagr(yi, y0, ti, t0)
    factor = limit_factor(y0, limit) if d > 0 else 1.0
    high, med, low = THRESHOLDS["trend"]
    thresholds = (high * factor, med * factor, low)
    status = "on_track" if factor == 0 and growth >= 0 else category(growth, thresholds)
    return {
        "method": "trend",
        "cagr_observed": d * growth * math.copysign(1, y0),
        "trend": growth,
        "limit_factor": factor,
        "status": status,
        "reason": "no_target_number",
    }


def _empty(target: Any, direction: int, basis: str) -> dict:
    return {
        "region": target["region"],
        "indicator_id": target["indicator_id"],
        "table": target["table"],
        "row": int(target["row"]),
        "source_file": target["source_file"],
        "source_line": int(target["source_line"]),
        "target_raw": target.get("target_raw", ""),
        "target_value": target.get("target_value"),
        "target_kind": target.get("target_kind", ""),
        "target_year": target.get("target_year"),
        "unit": target.get("unit", ""),
        "secondary_target": bool(target.get("secondary", False)),
        "target_url": target.get("source_url", ""),
        "note_kinds": target.get("note_kinds", ""),
        "direction": direction,
        "basis": basis,
        "status": "no_observation",
        "method": "",
        "final": False,
        "reason": "",
        "n_observations": 0,
    }


def _latest_fields(latest: Any, n: int) -> dict:
    return {
        "latest": float(latest["value_target_unit"]),
        "latest_raw": latest["value_raw"],
        "latest_year": int(latest["year"]),
        "latest_ref": f"{latest['source_file']}:{int(latest['source_line'])}",
        "latest_evidence": latest["evidence"],
        "latest_mirror": bool(latest["mirror"]),
        "latest_address": latest["source_address"],
        "latest_publisher": latest["publisher"],
        "converted": bool(latest["converted"]),
        "n_observations": n,
    }


COLUMNS = [
    "region", "indicator_id", "table", "row", "source_file", "source_line", "target_raw", "target_value",
    "target_kind", "target_year", "unit", "secondary_target", "target_url", "note_kinds", "direction", "basis",
    "baseline", "baseline_year", "baseline_source", "baseline_ref", "latest", "latest_raw", "latest_year",
    "latest_ref", "latest_evidence", "latest_mirror", "latest_address", "latest_publisher", "converted",
    "n_observations", "cagr_observed", "cagr_required", "ratio", "trend", "limit_factor", "method",
    "status", "final", "reason",
]  # fmt: skip


def progress(
    table: pd.DataFrame, observed: pd.DataFrame | None, cb: pd.DataFrame, bases: dict | None = None
) -> pd.DataFrame:
    """One record per 14th-FYP target row (district and municipal): its status by the
    method of the module docstring, with the cells it rests on (`COLUMNS`)."""
    bases = target_bases() if bases is None else bases
    targets = table[table["period"] == "14th"]
    obs = observed if observed is not None else pd.DataFrame(columns=_OBS_COLUMNS)
    obs = obs[obs["mapping"] == "mapped"] if len(obs) else obs
    records = []
    for _, t in targets.iterrows():
        basis = target_basis(t, bases)
        mine = obs[obs["region"] == t["region"]] if len(obs) else obs
        records.append(assess(t, mine, cb, basis))
    out = pd.DataFrame.from_records(records, columns=COLUMNS)
    for c in ("cagr_observed", "cagr_required", "ratio", "trend", "limit_factor", "baseline", "latest"):
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
    out["final"] = out["final"].fillna(False).astype(bool)
    return out.sort_values(["region", "indicator_id", "table", "row"], kind="stable").reset_index(drop=True)


_OBS_COLUMNS = ["region", "indicator_id", "mapping", "basis", "partial_year", "year", "used", "value_kind"]


def matches(table: pd.DataFrame, observed: pd.DataFrame, bases: dict | None = None) -> pd.DataFrame:
    """Every observation with the target row it compares with, or why it compares with none
    (``no_counterpart``, ``unknown_label``, ``no_target``, or a code of
    `comparability.observed_against_target`)."""
    bases = target_bases() if bases is None else bases
    targets = table[table["period"] == "14th"]
    reasons = []
    for _, o in observed.iterrows():
        reasons.append(_match_reason(o, targets, bases))
    out = observed.copy()
    out["compared_with"] = [r[0] for r in reasons]
    out["why_not"] = [r[1] for r in reasons]
    return out


def _match_reason(o: Any, targets: pd.DataFrame, bases: dict) -> tuple[str, str]:
    if o["mapping"] != "mapped":
        return "", str(o["mapping"])
    mine = targets[targets["region"] == o["region"]]
    mine = mine[
        [
            t["indicator_id"] == o["indicator_id"] or observation_conversion(o, t) is not None
            for _, t in mine.iterrows()
        ]
    ]
    if mine.empty:
        return "", "no_target"
    codes = []
    for _, t in mine.iterrows():
        code = observed_against_target(o, t, target_basis(t, bases))
        if not code:
            return f"{t['source_file']}:{int(t['source_line'])}", ""
        codes.append(code)
    return "", codes[0]


def status_counts(frame: pd.DataFrame) -> pd.Series:
    """Targets per status, in `STATUSES` order (statuses with none omitted)."""
    counts = frame["status"].value_counts()
    return pd.Series({s: int(counts[s]) for s in STATUSES if s in counts}, dtype="int64")


def conflicts(observed: pd.DataFrame) -> pd.DataFrame:
    """The figures in conflict (same region, label, year and unit, different values), each
    with its source, the one used first in each group."""
    c = observed[observed["conflict"]].copy()
    if c.empty:
        return c
    return c.sort_values(
        ["region", "label", "year", "used"], ascending=[True, True, True, False], kind="stable"
    )


def straight_path(base: float, t0: int, target: float, tt: int, years: list[int]) -> np.ndarray:
    """The straight line from the base to the target at ``years`` (the trajectory figure)."""
    return np.array([base + (target - base) * (y - t0) / (tt - t0) for y in years])
