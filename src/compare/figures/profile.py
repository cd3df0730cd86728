"""One region's indicator table, as a display table."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from ..words import wide

if TYPE_CHECKING:  # pragma: no cover
    pass
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
    unit_label,
)


def region_profile(
    table: pd.DataFrame, codebook: Any, region: str, lang: str = "zh", period: str = "14th"
) -> pd.DataFrame:
    """Every indicator row of one plan, grouped by domain, beside the peers and the municipality.

    Index: (domain, indicator; sub-rows such as single rivers as ``└ 璧南河``). Columns:
    unit, attribute, baseline and target as printed, then each other district's target and
    the municipal target for the same id, headed by the plan's name ("" where that plan
    does not set the indicator).
    """
    check_lang(lang)
    check_region(table, region)
    t = table[table["period"] == check_period(period)]
    names = indicator_names(table, codebook, lang)
    own = t[t["region"] == region]
    peers = [r for r in districts() if r != region and r in set(t["region"])]
    munis = [r for r in municipal_regions() if r != region and r in set(t["region"])]
    top = t[t["parent_seq"].astype(str) == ""]

    def target_of(other: str, ident: str) -> str:
        rows = top[(top["region"] == other) & (top["indicator_id"] == ident)]
        if rows.empty:
            return ""
        texts = [target_text(r, lang, short=not wide(lang)) for _, r in rows.iterrows()]
        return "；".join(x for x in texts if x) or "—"

    records = []
    for _, r in own.iterrows():
        part = sub_name(r)
        is_sub = bool(part) and str(r["parent_seq"]) != ""
        rec = {
            "_domain": r["domain"],
            "domain": domain_name(r["domain"], lang),
            "indicator": (f"└ {part}" if is_sub else names.get(r["indicator_id"], r["indicator_id"])),
            "unit": unit_label(str(r["unit"]), lang),
            "attribute": pick(ATTRIBUTES[r["attribute"] or "listed"], lang) if r["attribute"] else "",
            "baseline": baseline_text(r, lang),
            "target": target_text(r, lang, short=not wide(lang))
            or (str(r["target_raw"]) if wide(lang) else ""),
        }
        for other in peers + munis:
            rec[other] = "" if is_sub else target_of(other, r["indicator_id"])
        records.append(rec)
    df = pd.DataFrame(records)
    if df.empty:
        return df
    df["_rank"] = df["_domain"].map(domain_rank)
    df = df.sort_values("_rank", kind="stable").drop(columns=["_rank", "_domain"])
    df = df.rename(columns={o: region_name(o, lang) for o in peers + munis})
    df = relabel(df, lang)
    return df.set_index([header("domain", lang), header("indicator", lang)])
