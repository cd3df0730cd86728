"""Ambition as a display table (from `analysis.ambition`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    pass
from .format import (
    _check_indicator,
    _check_region,
    _isnan,
    _plain,
    _region_order,
    _row_name,
    _signed,
    _source,
    _with_unit,
)
from .indicator import _one_indicator
from .labels import KINDS, _indicator_names, _pick, _relabel, check_lang, region_name


def ambition_table(
    table: pd.DataFrame,
    codebook: Any = None,
    indicator_id: str | None = None,
    region: str | None = None,
    lang: str = "zh",
) -> pd.DataFrame:
    """``analysis.ambition`` for display: how far each 14th target moves from its baseline.

    Columns: region, indicator, baseline and target as printed, change, implied annual rate,
    the 2015->2020 rate achieved in the 13th FYP and the ratio of the two, the share of the
    headroom to the codebook limit the target uses, the class (improve / hold / relax /
    assigned …) with its reason, the rank among plans and the source line.
    """
    from .. import analysis

    check_lang(lang)
    if indicator_id:
        _check_indicator(table, indicator_id)
    amb = analysis.ambition(_one_indicator(table, indicator_id), codebook)
    if amb.empty:  # keep the columns for an empty display table
        amb = analysis.ambition(table, codebook).iloc[:0]
    if region:
        _check_region(table, region)
        amb = amb[amb["region"] == region]
    names = _indicator_names(table, codebook, lang)
    zh_names = _indicator_names(table, codebook, "zh")
    order = {r: i for i, r in enumerate(_region_order(table))}
    amb = amb.assign(_r=amb["region"].map(order)).sort_values(["_r", "row"], kind="stable")
    headers = {
        "change": ("变化（目标−基期）", "Change (target − baseline)"),
        "rate": ("年均变化", "Annual change"),
        "past": ("“十三五”年均变化", "13th FYP annual change"),
        "ratio": ("提速倍数", "Rate ratio"),
        "headroom": ("占剩余空间", "Headroom used"),
        "class": ("雄心", "Ambition"),
        "reason": ("说明", "Reason"),
        "rank": ("排名", "Rank"),
    }
    records = []
    for _, a in amb.iterrows():
        rank = a.get("rank")
        records.append(
            {
                "region": region_name(a["region"], lang),
                "indicator": _row_name(names, zh_names, a["indicator_id"], str(a["indicator_name_zh"]), lang),
                "baseline": a["baseline_raw"],
                "target": a["target_raw"],
                "change": _signed(a["abs_change"]),
                "rate": _with_unit(a["annual_rate"], a["rate_unit"]),
                "past": _with_unit(a["achieved_rate"], a["rate_unit"]),
                "ratio": _plain(a["rate_ratio"]),
                "headroom": (f"{a['headroom_used']:.0%}" if not _isnan(a["headroom_used"]) else "")
                + (
                    f" ({a['headroom_kind']})"
                    if a.get("headroom_kind") and lang == "en"
                    else f"（{_HEADROOM_ZH.get(a['headroom_kind'], a['headroom_kind'])}）"
                    if a.get("headroom_kind")
                    else ""
                ),
                "class": analysis.label(a["ambition_class"], lang) if a["ambition_class"] else "",
                "reason": _reason_en(a["reason"]) if lang == "en" else _reason_zh(a["reason"]),
                "rank": "" if rank is None or rank is pd.NA or _isnan(rank) else str(int(rank)),
                "source": _source(a),
            }
        )
    columns = [
        "region",
        "indicator",
        "baseline",
        "target",
        "change",
        "rate",
        "past",
        "ratio",
        "headroom",
        "class",
        "reason",
        "rank",
        "source",
    ]
    columns = [c for c in columns if not ((c == "region" and region) or (c == "indicator" and indicator_id))]
    df = pd.DataFrame(records, columns=columns)
    df = df.rename(columns={k: _pick(v, lang) for k, v in headers.items()})
    return _relabel(df, lang)


_HEADROOM_ZH = {"gap closed": "缩小与上限差距", "slack used": "用去标准余量"}


_REASON_ZH = {
    "no target": "无目标值",
    "no numeric baseline": "无基期数值",
    "neutral direction": "方向中性",
    "ordinal water class: no rate": "水质类别：不计算速率",
    "flow over the period (reduction/increment), not a level": "期间累计量（降低率/增量），非存量水平",
}


def _reason_en(reason: str) -> str:
    """The reason without the printed (Chinese) target text: the table shows it as printed."""
    return reason.split(":")[0] if reason.startswith("target is ") else reason


def _reason_zh(reason: str) -> str:
    if not reason:
        return ""
    if reason in _REASON_ZH:
        return _REASON_ZH[reason]
    if reason.startswith("cumulative five-year figure"):
        return "五年累计值"
    if reason.startswith("target is "):
        kind = reason[len("target is ") :].split(":")[0]
        return f"目标为{_pick(KINDS.get(kind, (kind, kind)), 'zh')}"
    return reason
