"""One region's indicator table, as a display table."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from ..words import wide

if TYPE_CHECKING:  # pragma: no cover
    pass
from ..analysis.common import counterparts
from ..analysis.municipal import baselines
from .format import baseline_text, check_period, check_region, sub_name, target_text
from .labels import (
    ATTRIBUTES,
    check_lang,
    districts,
    domain_name,
    domain_rank,
    header,
    indicator_names,
    municipal_regions,
    pick,
    region_name,
    relabel,
    same_unit,
    unit_label,
)
from .municipal import not_given


def _with_unit(text: str, r: pd.Series, unit: str, lang: str) -> str:
    """A target shown in a row of another unit (a counterpart's) carries its own unit,
    before a secondary mark."""
    if not text or same_unit(str(r["unit"]), unit) or pd.isna(r["target_value"]):
        return text
    own = " " + unit_label(str(r["unit"]), lang)
    return text[:-1] + own + "†" if text.endswith("†") else text + own


def _review_baseline(review: dict[str, pd.Series], r: pd.Series, lang: str) -> str:
    """The 2020 value the plan's review states for the row's indicator (a municipal row
    without a baseline of its own), as printed; '' where it states none."""
    got = review.get(r["indicator_id"])
    return "" if got is None or str(r["parent_seq"]) else str(got["achieved_raw"])


def _target_of(top: pd.DataFrame, other: str, ident: str, unit: str, lang: str) -> str:
    """The target plan ``other`` sets for ``ident`` among the top-level rows ``top``: a plan
    that sets a convertible counterpart (good-air days for the good-air ratio) sets the
    indicator, its target shown with its own unit where that differs; '' where it sets none."""
    rows = top[(top["region"] == other) & (top["indicator_id"].isin(counterparts(ident)))]
    if rows.empty:
        return ""
    texts = [
        _with_unit(target_text(r, lang, short=not wide(lang)), r, unit, lang) for _, r in rows.iterrows()
    ]
    return "；".join(x for x in texts if x) or "—"


def _is_sub(r: pd.Series) -> bool:
    """Whether ``r`` is a sub-row (a single river of an indicator, say) of a numbered row."""
    return bool(sub_name(r)) and str(r["parent_seq"]) != ""


def _own_cells(
    r: pd.Series, names: dict[str, str], review: dict[str, pd.Series], lang: str
) -> dict[str, str]:
    """The plan's own cells of row ``r``: domain, indicator (a sub-row as ``└ part``), unit,
    attribute, baseline (or its review's 2020 value) and target as printed."""
    part = sub_name(r)
    is_sub = _is_sub(r)
    return {
        "_domain": r["domain"],
        "domain": domain_name(r["domain"], lang),
        "indicator": (f"└ {part}" if is_sub else names.get(r["indicator_id"], r["indicator_id"])),
        "unit": unit_label(str(r["unit"]), lang),
        "attribute": pick(ATTRIBUTES[r["attribute"] or "listed"], lang) if r["attribute"] else "",
        "baseline": baseline_text(r, lang) or _review_baseline(review, r, lang),
        "target": target_text(r, lang, short=not wide(lang)) or (str(r["target_raw"]) if wide(lang) else ""),
    }


def region_profile(
    table: pd.DataFrame, codebook: Any, region: str, lang: str = "zh", period: str = "14th"
) -> pd.DataFrame:
    """Every indicator row of one plan, grouped by domain, beside the peers and the municipality.

    Index: (domain, indicator; sub-rows such as single rivers as ``└ 璧南河``). Columns:
    unit, attribute, baseline and target as printed, then each other district's target and
    the municipal target for the same id or a convertible counterpart (good-air days for the
    good-air ratio, with its unit), headed by the plan's name ("" where that plan does not
    set the indicator). The municipal plan's prose gives no attribute, and a baseline only
    where its review of the 13th FYP states the 2020 value of the same indicator and unit
    (`analysis.municipal.baselines`): its empty cells say "not given".
    """
    check_lang(lang)
    check_region(table, region)
    t = table[table["period"] == check_period(period)]
    names = indicator_names(table, codebook, lang)
    own = t[t["region"] == region]
    peers = [r for r in districts() if r != region and r in set(t["region"])]
    munis = [r for r in municipal_regions() if r != region and r in set(t["region"])]
    top = t[t["parent_seq"].astype(str) == ""]

    municipal = region in municipal_regions()
    review = baselines(table, region) if municipal and period == "14th" else {}
    records = []
    for _, r in own.iterrows():
        rec = _own_cells(r, names, review, lang)
        is_sub = _is_sub(r)
        for other in peers + munis:
            rec[other] = "" if is_sub else _target_of(top, other, r["indicator_id"], str(r["unit"]), lang)
        if municipal:  # the prose gives no attribute; a baseline only where its review states one
            rec["attribute"] = rec["attribute"] or not_given(lang)
            rec["baseline"] = rec["baseline"] or not_given(lang)
        records.append(rec)
    df = pd.DataFrame(records)
    if df.empty:
        return df
    df["_rank"] = df["_domain"].map(domain_rank)
    df = df.sort_values("_rank", kind="stable").drop(columns=["_rank", "_domain"])
    df = df.rename(columns={o: region_name(o, lang) for o in peers + munis})
    df = relabel(df, lang)
    return df.set_index([header("domain", lang), header("indicator", lang)])
