"""One indicator across the plans: its rows, the baseline→target dumbbell, 13th→14th continuity."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..words import wide

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure
from ..words import word, word_group
from .axes import natural_limits
from .format import (
    _baseline_text,
    _check_indicator,
    _check_period,
    _check_region,
    _class_label,
    _flags,
    _has_children,
    _num,
    _region_order,
    _regions_param,
    _source,
    _sub_name,
    _target_text,
    _year_raw,
    _years,
)
from .labels import (
    ATTRIBUTES,
    KINDS,
    _indicator_names,
    _meta,
    _pick,
    _relabel,
    _unit_label,
    check_lang,
    districts,
    figure_text,
    indicator_name,
    municipal_regions,
    period_name,
    reason_label,
    region_name,
    same_unit,
    table_name,
    unit_label,
)
from .style import (
    _BASELINE,
    _CHANGE_COLOURS,
    _MUNICIPAL,
    _MUTED,
    _TEXT,
    _change_kind,
    _figure,
    attach_data,
    fitted_title,
    legend_below,
    source_line,
)


def indicator_rows(
    table: pd.DataFrame, indicator_id: str, lang: str = "zh", period: str | None = None
) -> pd.DataFrame:
    """Every row of one indicator as printed: cells, notes, flags and ``file:line``.

    ``where`` is the plan period, the table as printed and the row number (``14th 专栏2
    12``); a baseline or target year other than the period's usual one (2020/2025 for the
    14th FYP, 2015/2020 for the 13th) is added to the cell, as in ``36 (2019)``.
    """
    check_lang(lang)
    _check_indicator(table, indicator_id)
    t = table[table["indicator_id"] == indicator_id]
    if period:
        t = t[t["period"] == _check_period(period)]
    order = {r: i for i, r in enumerate(_region_order(table))}
    t = t.assign(_r=t["region"].map(order), _p=t["period"].map({"14th": 0, "13th": 1}))
    t = t.sort_values(["_r", "_p", "table", "row"] if "row" in t else ["_r", "_p", "table"])
    rows = []
    for _, r in t.iterrows():
        seq = r["seq"] or (f"({r['parent_seq']})" if r["parent_seq"] else "")
        kind = _pick(KINDS.get(r["target_kind"], (r["target_kind"],) * 2), lang)
        flags = _flags(r, lang)
        rows.append(
            {
                "region": region_name(r["region"], lang),
                "where": " ".join(
                    x for x in (period_name(r["period"], lang), table_name(r["table"], lang), str(seq)) if x
                ),
                "printed_name": r["indicator_name_zh"],
                "unit": unit_label(str(r["unit"]), lang),
                "attribute": _pick(ATTRIBUTES.get(r["attribute"], (r["attribute"],) * 2), lang)
                if r["attribute"]
                else "",
                "baseline": _year_raw(r, "baseline"),
                "target": _year_raw(r, "target"),
                "achieved": r.get("achieved_raw", ""),
                "kind": word("punct.clause", lang).join(x for x in (kind, flags) if x),
                "note": r.get("note_zh", ""),
                "source": _source(r),
            }
        )
    columns = [
        "region",
        "where",
        "printed_name",
        "unit",
        "attribute",
        "baseline",
        "target",
        "achieved",
        "kind",
        "note",
        "source",
    ]
    if period == "14th":
        columns.remove("achieved")
    return _relabel(pd.DataFrame(rows, columns=columns), lang)


def dumbbell(
    table: pd.DataFrame,
    codebook: Any,
    indicator_id: str,
    regions: str | Iterable[str] | None = None,
    lang: str = "zh",
    period: str = "14th",
) -> Figure:
    """Baseline -> target per district plan for one indicator.

    One line per plan row (sub-rows such as single rivers get their own line): the grey dot
    is the baseline, the coloured dot the target (green where the target improves on the
    baseline in the codebook's direction, red where it allows worse, blue where it holds,
    black where there is no baseline to compare with). Labels keep the operators and flags
    as printed (≥, *, [cumulative]); a target without a number is written out as text; the
    municipal target is a dashed reference line. ``regions``: keys as a list or a
    comma-separated string; empty or None means every district.
    """
    from matplotlib.lines import Line2D
    from matplotlib.transforms import blended_transform_factory

    check_lang(lang)
    _check_period(period)
    _check_indicator(table, indicator_id)
    meta = _meta(codebook).get(indicator_id, {})
    direction = meta.get("direction", "neutral")
    chosen = _regions_param(table, regions)
    t = table[(table["indicator_id"] == indicator_id) & (table["period"] == period)]
    t = t[~_has_children(t) | t["target_value"].notna() | t["baseline_value"].notna()]

    meta_unit = meta.get("unit") or ""
    lines: list[dict] = []
    for region in chosen:
        sub = t[t["region"] == region].sort_values("row") if "row" in t else t[t["region"] == region]
        if sub.empty:
            lines.append({"label": region_name(region, lang), "missing": True})
            continue
        for _, r in sub.iterrows():
            name = region_name(region, lang)
            part = _sub_name(r)
            b = _num(r["baseline_value"])
            klass = r["target_kind"] == "class" or r.get("baseline_kind", "") == "class"
            row_unit = str(r.get("unit", "") or "")
            other = bool(meta_unit and row_unit and not same_unit(row_unit, meta_unit))
            lines.append(
                {
                    "label": f"{name} · {part}" if part and len(sub) > 1 else name,
                    "missing": False,
                    "other_unit": _unit_label(row_unit, lang) if other else "",
                    "b": math.nan if other else b,
                    "t": math.nan if other else _num(r["target_value"]),
                    "b_raw": b,
                    "t_raw": _num(r["target_value"]),
                    "unit": row_unit,
                    "class": klass,
                    "kind": r["target_kind"],
                    "b_text": _baseline_text(r, lang),
                    "t_text": (
                        _class_label(_num(r["target_value"]), lang)
                        if klass and not math.isnan(_num(r["target_value"]))
                        else _target_text(r, lang, short=not wide(lang))
                    ),
                }
            )
    muni = table[
        (table["indicator_id"] == indicator_id)
        & (table["period"] == period)
        & (table["region"].isin(municipal_regions()))
    ]
    muni_value, muni_text = math.nan, ""
    if not muni.empty:
        r = muni.iloc[0]
        muni_value, muni_text = _num(r["target_value"]), _target_text(r, lang)

    values = [v for ln in lines if not ln["missing"] for v in (ln["b"], ln["t"]) if not math.isnan(v)]
    if not math.isnan(muni_value):
        values.append(muni_value)
    classes = any(ln.get("class") for ln in lines)
    fig = _figure(7.0, 2.0 + 0.52 * max(len(lines), 1))
    ax = fig.add_subplot()
    if classes:
        ax.set_xlim(0.5, 6.0)
        ax.set_xticks(range(1, 6), [_class_label(v, lang) for v in range(1, 6)])
    elif values:
        lo, hi = min(values), max(values)
        span = (hi - lo) or max(abs(hi) * 0.1, 1.0)
        ax.set_xlim(*natural_limits(lo - 0.18 * span, hi + 0.30 * span, meta, lo, hi))
    else:
        ax.set_xlim(0, 1)
        ax.set_xticks([])
    trans = blended_transform_factory(ax.transAxes, ax.transData)
    xmin, xmax = ax.get_xlim()
    pad = 0.012 * (xmax - xmin)
    used: set[str] = set()
    for y, ln in enumerate(lines):
        if not ln["missing"] and ln["other_unit"]:
            # a number in another unit is not placed on this axis: it is not comparable
            shown = ln["t_text"] or ln["b_text"]
            ax.text(
                0.01,
                y,
                figure_text("other_unit", lang, unit=ln["other_unit"], value=shown),
                transform=trans,
                va="center",
                ha="left",
                fontsize=9,
                color=_MUTED,
                style="italic",
            )
            continue
        if ln["missing"]:
            ax.text(
                0.01,
                y,
                word("text.indicator.not_in_this_plan", lang),
                transform=trans,
                va="center",
                ha="left",
                fontsize=9,
                color=_MUTED,
                style="italic",
            )
            continue
        b, tv = ln["b"], ln["t"]
        kind = _change_kind(b, tv, direction)
        colour = _CHANGE_COLOURS[kind]
        if not math.isnan(b) and not math.isnan(tv):
            ax.plot(
                [b, tv], [y, y], color=colour, linewidth=2.6, alpha=0.55, solid_capstyle="round", zorder=2
            )
        if not math.isnan(b):
            ax.scatter([b], [y], s=70, color=_BASELINE, zorder=3)
            used.add("baseline")
        if not math.isnan(tv):
            ax.scatter([tv], [y], s=90, color=colour, zorder=4, marker="D" if ln["class"] else "o")
            used.add(kind)
        same = not math.isnan(b) and not math.isnan(tv) and abs(b - tv) < 1e-9
        if not math.isnan(b) and ln["b_text"] and not same:
            left = not math.isnan(tv) and tv >= b
            ax.text(
                b - pad if left else b + pad,
                y + 0.27,
                ln["b_text"],
                ha="right" if left else "left",
                va="center",
                fontsize=8.5,
                color=_BASELINE,
            )
        if not math.isnan(tv):
            right = math.isnan(b) or tv >= b
            text = ln["t_text"] + (word("text.indicator.baseline_2", lang) if same else "")
            ax.text(
                tv + pad if right else tv - pad,
                y + 0.27,
                text,
                ha="left" if right else "right",
                va="center",
                fontsize=9.5,
                color=colour,
            )
        elif ln["t_text"]:
            text = word("text.indicator.target", lang) + ln["t_text"]
            if math.isnan(b):
                ax.text(
                    0.01,
                    y,
                    text,
                    transform=trans,
                    ha="left",
                    va="center",
                    fontsize=9,
                    color=_TEXT,
                    style="italic",
                )
            else:
                far_right = (b - xmin) / (xmax - xmin) > 0.55
                ax.text(
                    b - 2.5 * pad if far_right else b + 2.5 * pad,
                    y,
                    text,
                    ha="right" if far_right else "left",
                    va="center",
                    fontsize=9,
                    color=_TEXT,
                    style="italic",
                )
        elif math.isnan(b):
            ax.text(
                0.01,
                y,
                word("text.indicator.no_baseline_or_target_figure", lang),
                transform=trans,
                ha="left",
                va="center",
                fontsize=9,
                color=_MUTED,
                style="italic",
            )
    legend = {
        "baseline": word("text.indicator.baseline", lang),
        "better": word("text.indicator.target_better_than_baseline", lang),
        "worse": word("text.indicator.target_allows_worse_than_baseline", lang),
        "same": word("text.indicator.target_holds_the_baseline", lang),
        "alone": word("text.indicator.target_no_baseline_to_compare", lang),
    }
    handles = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=7,
            color=_BASELINE if k == "baseline" else _CHANGE_COLOURS[k],
            label=text,
        )
        for k, text in legend.items()
        if k in used
    ]
    if not math.isnan(muni_value):
        ax.axvline(muni_value, color=_MUNICIPAL, linestyle="--", linewidth=1.4, zorder=1)
        ax.text(
            muni_value,
            1.0,
            f" {region_name(municipal_regions()[0], lang)} {muni_text}",
            transform=blended_transform_factory(ax.transData, ax.transAxes),
            ha="left",
            va="bottom",
            fontsize=9,
            color=_MUNICIPAL,
        )
        handles.append(
            Line2D(
                [], [], color=_MUNICIPAL, linestyle="--", label=word("text.indicator.municipal_target", lang)
            )
        )
    elif muni_text:
        handles.append(
            Line2D(
                [],
                [],
                color="none",
                label=word("text.indicator.municipal_target_muni_text", lang, muni_text=muni_text),
            )
        )
    ax.set_ylim(len(lines) - 0.4, -0.7)
    ax.set_yticks(range(len(lines)), [ln["label"] for ln in lines])
    ax.grid(axis="y", visible=False)
    years = _years(t)
    name = indicator_name(codebook, indicator_id, lang)
    unit = meta.get("unit") or (t["unit"].iloc[0] if len(t) else "")
    ax.set_xlabel(word("text.indicator.unit", lang) + _unit_label(unit, lang), fontsize=9)
    title = word(
        "text.indicator.name_value_baseline_value2_target", lang, name=name, value=years[0], value2=years[1]
    )
    ax.set_title(fitted_title(fig, title, 13, share=0.8), pad=16, fontsize=13)
    legend_below(ax, handles, ncol=min(len(handles), 3))
    source_line(fig, figure_text("flags", lang) + " " + figure_text("source_plans", lang))
    records = [
        {
            "region_label": ln["label"],
            "in_plan": not ln["missing"],
            "baseline": ln.get("b_raw", math.nan),
            "target": ln.get("t_raw", math.nan),
            "baseline_as_printed": ln.get("b_text", ""),
            "target_as_printed": ln.get("t_text", ""),
            "unit": ln.get("unit", ""),
            "drawn_on_axis": not ln["missing"] and not ln.get("other_unit"),
        }
        for ln in lines
    ]
    data = pd.DataFrame(records)
    data.insert(0, "indicator_id", indicator_id)
    if muni_text:
        data.loc[len(data)] = {
            "indicator_id": indicator_id,
            "region_label": region_name(municipal_regions()[0], lang),
            "in_plan": True,
            "baseline": math.nan,
            "target": muni_value,
            "baseline_as_printed": "",
            "target_as_printed": muni_text,
            "unit": meta_unit,
            "drawn_on_axis": not math.isnan(muni_value),
        }
    attach_data(fig, data)
    return fig


def _one_indicator(table: pd.DataFrame, indicator_id: str | None) -> pd.DataFrame:
    """The rows of one indicator (both periods), or all rows when none is named.

    Ambition (ranks included) and continuity are computed within an indicator, so on these
    rows alone they give the same result as on the whole table, in a fraction of the time
    (a test compares the two for every indicator).
    """
    return table[table["indicator_id"] == indicator_id] if indicator_id else table


_CONTINUITY = word_group("indicator.continuity")


def continuity_table(
    table: pd.DataFrame, indicator_id: str | None = None, region: str | None = None, lang: str = "zh"
) -> pd.DataFrame:
    """``analysis.continuity`` for display: does the 14th plan's 2020 baseline repeat the
    2020 value its 13th-FYP review reported? Both cells as printed, with both source lines."""
    from .. import analysis

    check_lang(lang)
    if indicator_id:
        _check_indicator(table, indicator_id)
    con = analysis.continuity(_one_indicator(table, indicator_id))
    if con.empty:  # keep the columns for an empty display table
        con = analysis.continuity(table).iloc[:0]
    if con.empty and not len(con.columns):
        return con
    if region:
        _check_region(table, region)
        con = con[con["region"] == region]
    order = {r: i for i, r in enumerate(_region_order(table))}
    con = con.assign(_r=con["region"].map(order)).sort_values("_r", kind="stable")
    names = _indicator_names(table, None, lang)
    headers = word_group("indicator.continuity_table.headers")
    records = [
        {
            "region": region_name(c["region"], lang),
            "indicator": names.get(c["indicator_id"], c["indicator_id"]),
            "printed_13th": c["indicator_name_zh_13th"],
            "printed_14th": c["indicator_name_zh_14th"],
            "achieved_2020": c["achieved_2020_raw"],
            "baseline_2020": c["baseline_2020_raw"],
            "status": _pick(_CONTINUITY.get(c["status"], (c["status"], c["status"])), lang),
            "reason": reason_label(c["reason"], lang),
            "source": f"{c['source_file']}:{int(c['source_line_13th'])} → {int(c['source_line_14th'])}",
        }
        for _, c in con.iterrows()
    ]
    columns = [
        "region",
        "indicator",
        "printed_13th",
        "printed_14th",
        "achieved_2020",
        "baseline_2020",
        "status",
        "reason",
        "source",
    ]
    columns = [c for c in columns if not ((c == "region" and region) or (c == "indicator" and indicator_id))]
    df = pd.DataFrame(records, columns=columns)
    df = df.rename(columns={k: _pick(v, lang) for k, v in headers.items()})
    return _relabel(df, lang)


def map_indicators(table: pd.DataFrame, indicator_id: str, n: int = 4, period: str = "14th") -> list[str]:
    """``indicator_id`` and the next indicators most often set with a number, for small multiples."""
    t = table[(table["period"] == period) & table["target_value"].notna() & table["region"].isin(districts())]
    counts = t.groupby("indicator_id")["region"].nunique().sort_values(ascending=False, kind="stable")
    ranked = sorted(counts.index, key=lambda i: (-counts[i], i))
    return [indicator_id, *[i for i in ranked if i != indicator_id][: max(n - 1, 0)]]


def atlas_indicators(
    table: pd.DataFrame, codebook: Any = None, min_plans: int = 2, period: str = "14th"
) -> list[str]:
    """Indicators at least ``min_plans`` plans set with a number in ``period`` and whose map
    colours at least one district (`analysis.atlas.coverage`: a map of the city's number
    alone, or of numbers in another unit, is left out): the atlas's maps, in domain order,
    then by name."""
    from ..analysis.atlas import coverage
    from .labels import _domain_rank

    cov = coverage(table, codebook, period, min_plans)
    ids = list(cov.loc[cov["mapped"], "indicator_id"])
    domains = table.groupby("indicator_id")["domain"].first()
    names = _indicator_names(table, codebook, "zh")
    return sorted(ids, key=lambda i: (_domain_rank(domains.get(i, "")), names.get(i, i)))
