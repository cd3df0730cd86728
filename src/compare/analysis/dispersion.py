"""Spread of numeric 14th-FYP targets across plans, per indicator."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .common import CodebookLike, codebook_frame, direction_of, measure_of
from .comparability import ratio_defined


def _source(file: str, line: Any) -> str:
    return f"{file}:{int(line)}" if not pd.isna(line) else str(file)


def dispersion(
    table: pd.DataFrame, codebook: CodebookLike = None, include_municipal: bool = False
) -> pd.DataFrame:
    """Spread of numeric 14th targets across plans, per indicator with at least two plans.

    Per (indicator_id, unit): ``n`` plans, ``min``, ``max``, ``range``,
    ``mean``, ``std`` (sample, ddof=1) and ``cv = std / |mean|`` of the targets (only where a
    ratio over the mean means something: `comparability.ratio_defined`, values of one sign
    and a mean not near zero against the codebook limit); and the
    same for baseline-adjusted changes ``target - baseline`` (``change_*``, districts with
    a numeric baseline only; these are shown for levels only). A five-year amount is
    recognised from the codebook (``measure`` flow), not from brackets: ``[16.5]`` and
    ``16.5*`` are the same kind of figure and share one row. Only ``numeric`` targets
    enter (no classes, no text). A plan with several rows of one indicator contributes its
    first row. ``cells`` lists ``region=raw@file:line`` of every target used.
    """
    cb = codebook_frame(codebook)
    rows = table[(table["period"] == "14th") & (table["target_kind"] == "numeric")]
    if not include_municipal:
        rows = rows[rows["level"] == "district"]
    rows = rows.drop_duplicates(["region", "indicator_id"])

    records = []
    for (ident, unit), grp in rows.groupby(["indicator_id", "unit"], sort=True):
        if grp["region"].nunique() < 2:
            continue
        records.append(_spread(ident, unit, grp, cb))
    return pd.DataFrame.from_records(records)


def _stats(values: pd.Series, prefix: str, scale: float) -> dict:
    """n, min, max, range, mean, sample std and (where a ratio means something) cv."""
    v = values.dropna().astype(float)
    n = len(v)
    mean = v.mean() if n else np.nan
    std = v.std(ddof=1) if n >= 2 else np.nan
    return {
        f"{prefix}n": n,
        f"{prefix}min": v.min() if n else np.nan,
        f"{prefix}max": v.max() if n else np.nan,
        f"{prefix}range": v.max() - v.min() if n else np.nan,
        f"{prefix}mean": mean,
        f"{prefix}std": std,
        f"{prefix}cv": std / abs(mean) if n >= 2 and ratio_defined(v, scale) else np.nan,
    }


def _spread(ident: str, unit: str, grp: pd.DataFrame, cb: pd.DataFrame) -> dict:
    """The spread of one indicator's targets (and levels' changes) across the plans ``grp``."""
    flow = measure_of(cb, ident) == "flow"
    scale = float(cb["limit"].get(ident, np.nan)) if ident in cb.index else np.nan
    base_ok = (grp["baseline_kind"] == "numeric") & ~grp["cumulative_cells"].str.contains("baseline")
    change = (grp["target_value"] - grp["baseline_value"]).where(base_ok & (grp["level"] == "district"))
    if flow:
        change = change * np.nan
    return {
        "indicator_id": ident,
        "name_zh": cb["name_zh"].get(ident, ""),
        "name_en": cb["name_en"].get(ident, ""),
        "unit": unit,
        "direction": direction_of(cb, ident),
        "cumulative": flow,
        "measure": "flow" if flow else "level",
        **_stats(grp["target_value"], "", scale),
        **_stats(change, "change_", scale),
        "regions": ",".join(grp["region"]),
        "cells": "; ".join(
            f"{r.region}={r.target_raw}@{_source(r.source_file, r.source_line)}" for r in grp.itertuples()
        ),
    }
