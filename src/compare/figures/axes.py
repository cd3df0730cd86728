"""Value axes that stop at the quantity's natural limit (issue #22 item 5).

One place decides how far an axis drawn in an indicator's unit may run: a share (unit %)
stays within 0-100, and an axis stays on the near side of the codebook's ``limit`` of its
indicator where that is the top of its scale (the ``limit`` column of
``data/codebook/indicators.csv`` for a higher-is-better quantity; ``limit_reachable`` only
says whether a target can reach it, the quantity never passes it either way). Every chart
with an axis in an indicator's unit (the baseline -> target dumbbell, the ambition report's
target ranges, the progress trajectories) uses `natural_limits` or `cap_axis`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

__all__ = ["axis_meta", "cap_axis", "drawn_meta", "natural_limits"]


def _number(v: Any) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return math.nan


def natural_limits(start: float, end: float, meta: dict, lo: float, hi: float) -> tuple[float, float]:
    """An axis from ``start`` to ``end`` that never runs past the quantity's natural limits: a
    share (unit %) stays within 0-100, and below the codebook ``limit`` of its indicator when
    the limit is the top of its scale (a higher-is-better quantity: 100 % treatment, 365 good
    days; the "limit" of a lower-is-better one, PM2.5 35, is a standard the values may pass);
    ``lo`` and ``hi`` (the values drawn) always stay on the axis.

    Parameters
    ----------
    start, end : float
        The axis a chart would draw (its data range plus margins).
    meta : dict
        The indicator's codebook entry (``unit``, ``limit`` and ``direction`` are read).
    lo, hi : float
        The smallest and largest value drawn.

    Returns
    -------
    tuple of float
        The axis limits.

    Examples
    --------
    >>> natural_limits(80.0, 104.0, {"unit": "%"}, 85.0, 98.0)
    (80.0, 100.0)
    >>> natural_limits(300.0, 372.0, {"unit": "天", "limit": "365", "direction": "higher_is_better"}, 310, 350)
    (300.0, 365.0)
    >>> natural_limits(20.0, 38.0, {"unit": "μg/m3", "limit": "35", "direction": "lower_is_better"}, 27, 33)
    (20.0, 38.0)
    """
    limit = _number(meta.get("limit"))
    floor, ceiling = -math.inf, math.inf
    if not math.isnan(limit) and meta.get("direction") != "lower_is_better":
        ceiling = limit
    if str(meta.get("unit") or "").strip() == "%":
        ceiling = min(ceiling, 100.0)
        floor = 0.0
    return min(max(start, floor), lo), max(min(end, ceiling), hi)


def axis_meta(codebook: Any = None) -> dict[str, dict]:
    """indicator_id -> its ``unit``, ``limit`` and ``direction`` from the codebook (a Codebook, its frame, or
    None for the file), the entries `natural_limits` reads."""
    from .labels import codebook_frame

    frame = codebook_frame(codebook)
    cols = [c for c in ("unit", "limit", "direction") if c in frame.columns]
    rows = frame.set_index("indicator_id")[cols].fillna("").astype(str)
    return {str(ident): dict(row) for ident, row in rows.iterrows()}


def drawn_meta(meta: dict, unit: str | None) -> dict:
    """The codebook entry ``meta`` for values drawn in ``unit``: its ``limit`` holds only in the
    codebook's own unit, so values in another unit keep only that unit.

    >>> drawn_meta({"unit": "%", "limit": "100", "direction": "higher_is_better"}, "天")
    {'unit': '天', 'direction': 'higher_is_better'}
    >>> drawn_meta({"unit": "%", "limit": "100", "direction": "higher_is_better"}, None)
    {'unit': '%', 'limit': '100', 'direction': 'higher_is_better'}
    """
    own = str(meta.get("unit") or "").strip()
    if unit is None or not str(unit).strip() or str(unit).strip() == own:
        return dict(meta)
    return {"unit": str(unit).strip(), "direction": meta.get("direction", "")}


def cap_axis(
    ax: Any, axis: str, meta: dict, values: Iterable[Any], unit: str | None = None
) -> tuple[float, float] | None:
    """Clamp the current limits of ``ax``'s ``axis`` ("x" or "y") to `natural_limits`.

    Call it after everything is drawn (matplotlib's margins put 100 % at 104 %).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes to clamp.
    axis : {"x", "y"}
        Which axis carries the indicator's values.
    meta : dict
        The indicator's codebook entry (``unit``, ``limit``).
    values : iterable
        The values drawn on that axis (NaN and non-numbers are ignored).
    unit : str, optional
        The unit the values are drawn in, where it may differ from the codebook's
        (`drawn_meta`).

    Returns
    -------
    tuple of float or None
        The limits set, or None when no value is drawn (the axis is left as it is).
    """
    if axis not in ("x", "y"):
        raise ValueError(f"axis must be 'x' or 'y', not {axis!r}")
    drawn = [v for v in (_number(x) for x in values) if not math.isnan(v)]
    if not drawn:
        return None
    get, set_ = (ax.get_xlim, ax.set_xlim) if axis == "x" else (ax.get_ylim, ax.set_ylim)
    start, end = get()
    limits = natural_limits(start, end, drawn_meta(meta, unit), min(drawn), max(drawn))
    set_(*limits)
    return limits
