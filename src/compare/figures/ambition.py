"""Ambition as a display table (from `analysis.ambition`)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..words import word, word_group
from .format import (
    check_indicator,
    check_region,
    is_missing,
    region_order,
    row_name,
    row_source,
)
from .indicator import one_indicator
from .labels import HEADERS as _LABEL_HEADERS
from .labels import caveat_words, check_lang, indicator_names, pick, region_name, relabel, words

_RATE_UNIT = word_group("ambition.rate_unit")
HEADERS = {
    "baseline_target": _LABEL_HEADERS["baseline_target"],  # a quoted column (cells as printed)
    **word_group("ambition.headers"),
}


def _signed(v: Any) -> str:
    return "" if is_missing(v) else f"{float(v):+.4g}"


def _rate(v: Any, unit: str, lang: str) -> str:
    if is_missing(v):
        return ""
    return f"{float(v):+.3g} {pick(_RATE_UNIT.get(unit, (unit, unit)), lang)}"


def _pace(a: pd.Series, lang: str) -> str:
    if not is_missing(a["rate_ratio"]):
        return f"{a['rate_ratio']:.2f} · {words('pace', a['pace'], lang)}"
    return words("pace", a["ratio_status"], lang)


def _headroom(a: pd.Series, lang: str) -> str:
    if not is_missing(a["headroom_used"]):
        return f"{a['headroom_used']:.0%} · {words('headroom', a['headroom_kind'], lang)}"
    return words("headroom", a["headroom_status"], lang)


def _baseline(a: pd.Series, lang: str) -> str:
    return str(a["baseline_raw"])


def ambition_table(
    table: pd.DataFrame,
    codebook: Any = None,
    indicator_id: str | None = None,
    region: str | None = None,
    lang: str = "zh",
) -> pd.DataFrame:
    """``analysis.ambition`` for display: how far each 14th target moves from its baseline.

    Columns: region, indicator, baseline and target as printed (a municipal baseline from its
    plan's review, with its line, in the reason), the change, the implied annual rate, the
    2015->2020 rate achieved and the planned/achieved ratio with Open SDG's class (or why no
    ratio is formed), the share of the headroom to the codebook limit (only where the target
    moves toward it), the class with its reason, the caveats, the rank among plans and the
    source line.
    """
    from .. import analysis

    check_lang(lang)
    if indicator_id:
        check_indicator(table, indicator_id)
    amb = analysis.ambition(one_indicator(table, indicator_id), codebook)
    if amb.empty:  # keep the columns for an empty display table
        amb = analysis.ambition(table, codebook).iloc[:0]
    if region:
        check_region(table, region)
        amb = amb[amb["region"] == region]
    names = indicator_names(table, codebook, lang)
    zh_names = indicator_names(table, codebook, "zh")
    order = {r: i for i, r in enumerate(region_order(table))}
    amb = amb.assign(_r=amb["region"].map(order)).sort_values(["_r", "row"], kind="stable")
    records = [_ambition_row(a, names, zh_names, lang) for _, a in amb.iterrows()]
    columns = [
        "region",
        "indicator",
        "baseline_target",
        "change",
        "pace",
        "headroom",
        "class",
        "caveats",
        "source",
    ]
    columns = [c for c in columns if not ((c == "region" and region) or (c == "indicator" and indicator_id))]
    df = pd.DataFrame(records, columns=columns)
    df = df.rename(columns={k: pick(v, lang) for k, v in HEADERS.items()})
    return relabel(df, lang)


def _ambition_row(a: pd.Series, names: dict[str, str], zh_names: dict[str, str], lang: str) -> dict[str, str]:
    """One target's row of the ambition table, in words."""
    rank = a.get("rank")
    reason = words("ambition_reason", str(a["reason"]), lang)
    if a.get("baseline_source"):
        reason = "；".join(
            x
            for x in (
                reason,
                word(
                    "text.ambition.baseline_at_baseline_source",
                    lang,
                    baseline_source=a["baseline_source"],
                ),
            )
            if x
        )
    change = _signed(a["abs_change"])
    rate = _rate(a["annual_rate"], a["rate_unit"], lang)
    pace = _pace(a, lang)
    past = _rate(a["achieved_rate"], a["rate_unit"], lang)
    ranked = (
        ""
        if rank is None or rank is pd.NA or is_missing(rank)
        else word("text.ambition.rank_int", lang, int=int(rank))
    )
    why = word("punct.clause", lang).join(x for x in (reason, ranked) if x)
    cls = words("ambition", str(a["ambition_class"]), lang)
    return {
        "region": region_name(a["region"], lang),
        "indicator": row_name(names, zh_names, a["indicator_id"], str(a["indicator_name_zh"]), lang),
        "baseline_target": f"{_baseline(a, lang) or '—'} → {a['target_raw'] or '—'}",
        "change": word("punct.clause", lang).join(x for x in (change, rate) if x),
        "pace": word("punct.clause", lang).join(x for x in (past, pace) if x),
        "headroom": _headroom(a, lang),
        "class": cls + (word("text.ambition.why", lang, why=why) if why else ""),
        "caveats": caveat_words(a.get("caveats", ""), lang, a.get("caveat_sources", "")),
        "source": row_source(a),
    }
