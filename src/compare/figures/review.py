"""The 13th FYP in review: display tables and the figure of `analysis.target_attainment`."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..errors import ParameterError

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure
from .format import _check_region, _has_children, _region_order, _row_name, _source
from .labels import (
    KINDS,
    STATUSES,
    _indicator_names,
    _pick,
    _relabel,
    check_lang,
    header,
    label,
    region_name,
    unit_label,
)
from .style import _STATUS_COLOURS, _TEXT, _figure, _legend_below

_REASONS: dict[str, tuple[str, str]] = {
    "no target": ("无目标值", "no target figure"),
    "no value": ("无完成值", "no achieved figure"),
    "assigned": ("目标由上级下达，无数值", "target set by a higher level, no figure"),
    "qualitative": ("定性目标", "qualitative target"),
    "maintain": ("“保持”类目标", "'maintain' target"),
    "class": ("类别目标", "class target"),
    "cumulative mismatch": ("五年累计值与年度值不可比", "cumulative vs non-cumulative figure"),
    "class vs number": ("类别与数值不可比", "class vs number"),
}


def attainment(table: pd.DataFrame, codebook: Any = None) -> pd.DataFrame:
    """``analysis.target_attainment`` with ``outcome`` (met / missed / not_assessable) and
    ``reason`` split out of its ``status`` (``not assessable (no value)``), in region order.

    Group headers without cells of their own (``饮用水源地水质达标率`` over its urban and
    township sub-rows) are not targets and are left out.
    """
    from .. import analysis

    att = analysis.target_attainment(table, codebook)
    headers = table[
        _has_children(table)
        & (table["target_raw"].astype(str) == "")
        & (table["achieved_raw"].astype(str) == "")
    ]
    if not att.empty and not headers.empty:  # group headers (饮用水源地水质达标率 over its sub-rows)
        keys = set(zip(headers["region"], headers["period"], headers["table"], headers["row"]))
        att = att[[k not in keys for k in zip(att["region"], att["period"], att["table"], att["row"])]]
    if att.empty:
        return att.assign(outcome=pd.Series(dtype=str), reason=pd.Series(dtype=str))
    status = att["status"].astype(str)
    att["outcome"] = status.map(lambda x: x if x in ("met", "missed") else "not_assessable")
    att["reason"] = status.str.extract(r"\((.*)\)", expand=False).fillna("")
    order = {r: i for i, r in enumerate(_region_order(table))}
    att = att.assign(_r=att["region"].map(order))
    return att.sort_values(["_r", "row"], kind="stable").drop(columns="_r").reset_index(drop=True)


def _reason_label(reason: str, lang: str) -> str:
    if not reason:
        return ""
    if reason in _REASONS:
        return _pick(_REASONS[reason], lang)
    if reason.endswith(" achieved"):
        kind = reason[: -len(" achieved")]
        return label(
            lang,
            f"完成值为{_pick(KINDS.get(kind, (kind, kind)), 'zh')}",
            f"achieved is {_pick(KINDS.get(kind, (kind, kind)), 'en')}",
        )
    return reason


def review_13th(
    table: pd.DataFrame,
    lang: str = "zh",
    region: str | None = None,
    codebook: Any = None,
    outcome: str | None = None,
) -> pd.DataFrame:
    """Every district 13th-FYP target with what was achieved and whether it was met.

    The verdict is ``analysis.target_attainment``'s (numbers compared in the indicator's
    direction; text claims do not count as measurements). Columns: region, indicator,
    unit, target, achieved (as printed), assessment, why not assessable or the signed gap
    (positive = better than the target), the plan's own words and whether they agree with
    the numbers, and the source line. ``region`` and ``outcome`` (met / missed /
    not_assessable) select rows.
    """
    check_lang(lang)
    if region:
        _check_region(table, region)
    if outcome and outcome not in STATUSES:
        raise ParameterError(f"outcome {outcome!r} is not valid; valid values: {', '.join(STATUSES)}")
    att = attainment(table, codebook)
    if region:
        att = att[att["region"] == region]
    if outcome:
        att = att[att["outcome"] == outcome]
    names = _indicator_names(table, codebook, lang)
    zh_names = _indicator_names(table, codebook, "zh")
    from .. import analysis

    records = []
    for _, a in att.iterrows():
        name = _row_name(names, zh_names, a["indicator_id"], str(a["indicator_name_zh"]), lang)
        gap = a.get("gap_signed")
        evidence = str(a.get("evidence", "") or "")
        note = str(a.get("note_zh", "") or "")
        if note and note not in evidence:
            evidence = "；".join(x for x in (evidence, note) if x)
        agrees = a.get("agrees_with_claim")
        check = (
            ""
            if agrees is None or agrees is pd.NA or (isinstance(agrees, float) and math.isnan(agrees))
            else label(lang, "一致", "agrees")
            if bool(agrees)
            else label(lang, "不一致", "differs")
        )
        records.append(
            {
                "region": region_name(a["region"], lang),
                "indicator": name,
                "unit": unit_label(str(a["unit"]), lang),
                "target": a["target_raw"],
                "achieved": a["achieved_raw"],
                "status": analysis.label(a["outcome"].replace("_", " "), lang),
                "basis": (
                    _reason_label(a["reason"], lang)
                    if a["outcome"] == "not_assessable"
                    else label(lang, "差距 ", "gap ") + f"{gap:+.4g}"
                    if gap is not None and not (isinstance(gap, float) and math.isnan(gap))
                    else ""
                ),
                "evidence": evidence,
                "claim_check": check,
                "source": _source(a),
            }
        )
    columns = [
        "region",
        "indicator",
        "unit",
        "target",
        "achieved",
        "status",
        "basis",
        "evidence",
        "claim_check",
        "source",
    ]
    if region:  # one region: the column would repeat its name on every row
        columns.remove("region")
    return _relabel(pd.DataFrame(records, columns=columns), lang)


def review_summary(table: pd.DataFrame, lang: str = "zh", codebook: Any = None) -> pd.DataFrame:
    """Counts of met / missed / not assessable 13th-FYP targets per district."""
    from .. import analysis

    check_lang(lang)
    att = attainment(table, codebook)
    regions = [r for r in _region_order(table) if r in set(att["region"])]
    counts = pd.crosstab(att["region"], att["outcome"]).reindex(
        index=regions, columns=list(STATUSES), fill_value=0
    )
    counts[header("total", lang)] = counts.sum(axis=1)
    counts.columns = [
        analysis.label(c.replace("_", " "), lang) if c in STATUSES else c for c in counts.columns
    ]
    counts.index = [region_name(r, lang) for r in counts.index]
    counts.index.name = header("region", lang)
    return counts.astype(int)


def review_figure(table: pd.DataFrame, lang: str = "zh", codebook: Any = None) -> Figure:
    """Stacked bars: how many 13th-FYP targets each district met, missed, could not assess."""
    from .. import analysis

    check_lang(lang)
    att = attainment(table, codebook)
    regions = [r for r in _region_order(table) if r in set(att["region"])]
    counts = pd.crosstab(att["region"], att["outcome"]).reindex(
        index=regions, columns=list(STATUSES), fill_value=0
    )
    fig = _figure(8.0, 1.6 + 0.6 * len(regions))
    ax = fig.add_subplot()
    left = pd.Series(0, index=counts.index)
    ylabels = [region_name(r, lang) for r in counts.index]
    for s in STATUSES:
        ax.barh(
            ylabels,
            counts[s],
            left=left,
            color=_STATUS_COLOURS[s],
            label=analysis.label(s.replace("_", " "), lang),
            height=0.6,
        )
        for y, (r, n) in enumerate(counts[s].items()):
            if n:
                ax.text(
                    left[r] + n / 2,
                    y,
                    str(n),
                    ha="center",
                    va="center",
                    fontsize=9,
                    color="white" if s != "not_assessable" else _TEXT,
                )
        left = left + counts[s]
    ax.invert_yaxis()
    ax.set_xlabel(label(lang, "目标数", "Targets"))
    ax.grid(axis="y", visible=False)
    handles, _labels = ax.get_legend_handles_labels()
    _legend_below(ax, handles, ncol=3)
    ax.set_title(
        label(
            lang,
            "“十三五”目标完成情况（按数值判断）",
            "13th FYP targets: met, missed, not assessable (by the numbers)",
        )
    )
    return fig
