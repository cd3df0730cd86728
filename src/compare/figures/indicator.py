"""One indicator across the plans: its rows, the baseline→target dumbbell, 13th→14th continuity."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..words import wide

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure
from ..analysis.common import as_float_or_nan
from ..words import word, word_group
from .axes import natural_limits
from .citations import cite, cite_ref
from .format import (
    baseline_text,
    check_indicator,
    check_period,
    check_region,
    flag_text,
    has_children,
    plan_years,
    region_order,
    regions_param,
    sub_name,
    target_text,
    year_raw,
)
from .labels import (
    ATTRIBUTES,
    KINDS,
    check_lang,
    class_label,
    codebook_meta,
    districts,
    figure_text,
    indicator_name,
    indicator_names,
    municipal_regions,
    period_name,
    pick,
    reason_label,
    region_name,
    relabel,
    same_unit,
    table_name,
    unit_label,
)
from .records import attach_data
from .theme import (
    BASELINE_COLOUR,
    CHANGE_COLOURS,
    MUNICIPAL_COLOUR,
    MUTED_COLOUR,
    TEXT_COLOUR,
    change_kind,
    fitted_title,
    legend_below,
    new_figure,
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
    check_indicator(table, indicator_id)
    t = table[table["indicator_id"] == indicator_id]
    if period:
        t = t[t["period"] == check_period(period)]
    order = {r: i for i, r in enumerate(region_order(table))}
    t = t.assign(_r=t["region"].map(order), _p=t["period"].map({"14th": 0, "13th": 1}))
    t = t.sort_values(["_r", "_p", "table", "row"] if "row" in t else ["_r", "_p", "table"])
    rows = []
    for _, r in t.iterrows():
        seq = r["seq"] or (f"({r['parent_seq']})" if r["parent_seq"] else "")
        kind = pick(KINDS.get(r["target_kind"], (r["target_kind"],) * 2), lang)
        flags = flag_text(r, lang)
        rows.append(
            {
                "region": region_name(r["region"], lang),
                "where": " ".join(
                    x for x in (period_name(r["period"], lang), table_name(r["table"], lang), str(seq)) if x
                ),
                "printed_name": r["indicator_name_zh"],
                "unit": unit_label(str(r["unit"]), lang),
                "attribute": pick(ATTRIBUTES.get(r["attribute"], (r["attribute"],) * 2), lang)
                if r["attribute"]
                else "",
                "baseline": year_raw(r, "baseline"),
                "target": year_raw(r, "target"),
                "achieved": r.get("achieved_raw", ""),
                "kind": word("punct.clause", lang).join(x for x in (kind, flags) if x),
                "note": r.get("note_zh", ""),
                "source": cite(r, lang),
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
    return relabel(pd.DataFrame(rows, columns=columns), lang)


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
    check_lang(lang)
    check_period(period)
    check_indicator(table, indicator_id)
    meta = codebook_meta(codebook).get(indicator_id, {})
    direction = meta.get("direction", "neutral")
    chosen = regions_param(table, regions)
    t = table[(table["indicator_id"] == indicator_id) & (table["period"] == period)]
    t = t[~has_children(t) | t["target_value"].notna() | t["baseline_value"].notna()]

    meta_unit = meta.get("unit") or ""
    lines = _dumbbell_lines(t, chosen, meta_unit, lang)
    muni_value, muni_text = _municipal_target(table, indicator_id, period, lang)
    fig = new_figure(7.0, 2.0 + 0.52 * max(len(lines), 1))
    ax = fig.add_subplot()
    _dumbbell_axis(ax, lines, muni_value, meta, lang)
    used: set[str] = set()
    for y, ln in enumerate(lines):
        used |= _draw_line(ax, y, ln, direction, lang)
    handles = _dumbbell_handles(used, lang) + _municipal_mark(ax, muni_value, muni_text, lang)
    ax.set_ylim(len(lines) - 0.4, -0.7)
    ax.set_yticks(range(len(lines)), [ln["label"] for ln in lines])
    ax.grid(axis="y", visible=False)
    years = plan_years(t)
    name = indicator_name(codebook, indicator_id, lang)
    unit = meta.get("unit") or (t["unit"].iloc[0] if len(t) else "")
    ax.set_xlabel(word("text.indicator.unit", lang) + unit_label(unit, lang), fontsize=9)
    title = word(
        "text.indicator.name_value_baseline_value2_target", lang, name=name, value=years[0], value2=years[1]
    )
    ax.set_title(fitted_title(fig, title, 13, share=0.8), pad=16, fontsize=13)
    legend_below(ax, handles, ncol=min(len(handles), 3))
    source_line(fig, figure_text("flags", lang) + " " + figure_text("source_plans", lang))
    attach_data(fig, _dumbbell_data(indicator_id, lines, muni_value, muni_text, meta_unit, lang))
    return fig


def _dumbbell_lines(t: pd.DataFrame, chosen: list[str], meta_unit: str, lang: str) -> list[dict]:
    """One line per plan row of the chosen regions (a region without one: ``missing``);
    a number in a unit other than the codebook's is kept off the axis (``other_unit``)."""
    lines: list[dict] = []
    for region in chosen:
        sub = t[t["region"] == region].sort_values("row") if "row" in t else t[t["region"] == region]
        if sub.empty:
            lines.append({"label": region_name(region, lang), "missing": True})
            continue
        for _, r in sub.iterrows():
            name = region_name(region, lang)
            part = sub_name(r)
            b = as_float_or_nan(r["baseline_value"])
            klass = r["target_kind"] == "class" or r.get("baseline_kind", "") == "class"
            row_unit = str(r.get("unit", "") or "")
            other = bool(meta_unit and row_unit and not same_unit(row_unit, meta_unit))
            lines.append(
                {
                    "label": f"{name} · {part}" if part and len(sub) > 1 else name,
                    "missing": False,
                    "other_unit": unit_label(row_unit, lang) if other else "",
                    "b": math.nan if other else b,
                    "t": math.nan if other else as_float_or_nan(r["target_value"]),
                    "b_raw": b,
                    "t_raw": as_float_or_nan(r["target_value"]),
                    "unit": row_unit,
                    "class": klass,
                    "kind": r["target_kind"],
                    "b_text": baseline_text(r, lang),
                    "t_text": (
                        class_label(as_float_or_nan(r["target_value"]), lang)
                        if klass and not math.isnan(as_float_or_nan(r["target_value"]))
                        else target_text(r, lang, short=not wide(lang))
                    ),
                }
            )
    return lines


def _municipal_target(table: pd.DataFrame, indicator_id: str, period: str, lang: str) -> tuple[float, str]:
    """(value, text as printed) of the municipal plan's target (NaN, "" when it has none)."""
    muni = table[
        (table["indicator_id"] == indicator_id)
        & (table["period"] == period)
        & (table["region"].isin(municipal_regions()))
    ]
    muni_value, muni_text = math.nan, ""
    if not muni.empty:
        r = muni.iloc[0]
        muni_value, muni_text = as_float_or_nan(r["target_value"]), target_text(r, lang)

    return muni_value, muni_text


def _dumbbell_axis(ax: Any, lines: list[dict], muni_value: float, meta: dict, lang: str) -> None:
    """The value axis: water-quality classes, a natural range around the values, or none."""
    values = [v for ln in lines if not ln["missing"] for v in (ln["b"], ln["t"]) if not math.isnan(v)]
    if not math.isnan(muni_value):
        values.append(muni_value)
    classes = any(ln.get("class") for ln in lines)
    if classes:
        ax.set_xlim(0.5, 6.0)
        ax.set_xticks(range(1, 6), [class_label(v, lang) for v in range(1, 6)])
    elif values:
        lo, hi = min(values), max(values)
        span = (hi - lo) or max(abs(hi) * 0.1, 1.0)
        ax.set_xlim(*natural_limits(lo - 0.18 * span, hi + 0.30 * span, meta, lo, hi))
    else:
        ax.set_xlim(0, 1)
        ax.set_xticks([])


def _italic_note(ax: Any, y: float, text: str, colour: str) -> None:
    """A note in italics at the left of line ``y`` (no number to draw)."""
    from matplotlib.transforms import blended_transform_factory

    trans = blended_transform_factory(ax.transAxes, ax.transData)
    ax.text(0.01, y, text, transform=trans, va="center", ha="left", fontsize=9, color=colour, style="italic")


def _draw_line(ax: Any, y: int, ln: dict, direction: str, lang: str) -> set[str]:
    """Draw line ``y``: its dots and labels, or a note why there is nothing to place; the
    legend entries it uses."""
    if ln["missing"]:
        _italic_note(ax, y, word("text.indicator.not_in_this_plan", lang), MUTED_COLOUR)
        return set()
    if ln["other_unit"]:
        # a number in another unit is not placed on this axis: it is not comparable
        shown = ln["t_text"] or ln["b_text"]
        _italic_note(ax, y, figure_text("other_unit", lang, unit=ln["other_unit"], value=shown), MUTED_COLOUR)
        return set()
    used: set[str] = set()
    b, tv = ln["b"], ln["t"]
    kind = change_kind(b, tv, direction)
    colour = CHANGE_COLOURS[kind]
    if not math.isnan(b) and not math.isnan(tv):
        ax.plot([b, tv], [y, y], color=colour, linewidth=2.6, alpha=0.55, solid_capstyle="round", zorder=2)
    if not math.isnan(b):
        ax.scatter([b], [y], s=70, color=BASELINE_COLOUR, zorder=3)
        used.add("baseline")
    if not math.isnan(tv):
        ax.scatter([tv], [y], s=90, color=colour, zorder=4, marker="D" if ln["class"] else "o")
        used.add(kind)
    same = not math.isnan(b) and not math.isnan(tv) and abs(b - tv) < 1e-9
    xmin, xmax = ax.get_xlim()
    pad = 0.012 * (xmax - xmin)
    if not math.isnan(b) and ln["b_text"] and not same:
        left = not math.isnan(tv) and tv >= b
        ax.text(
            b - pad if left else b + pad,
            y + 0.27,
            ln["b_text"],
            ha="right" if left else "left",
            va="center",
            fontsize=8.5,
            color=BASELINE_COLOUR,
        )
    _target_label(ax, y, ln, colour, same, lang)
    return used


def _target_label(ax: Any, y: int, ln: dict, colour: str, same: bool, lang: str) -> None:
    """The target's label beside its dot; a target without a number in words, beside the
    baseline or at the left."""
    from matplotlib.transforms import blended_transform_factory

    trans = blended_transform_factory(ax.transAxes, ax.transData)
    b, tv = ln["b"], ln["t"]
    xmin, xmax = ax.get_xlim()
    pad = 0.012 * (xmax - xmin)
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
                color=TEXT_COLOUR,
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
                color=TEXT_COLOUR,
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
            color=MUTED_COLOUR,
            style="italic",
        )


def _dumbbell_handles(used: set[str], lang: str) -> list:
    """Legend entries of the dots the lines use."""
    from matplotlib.lines import Line2D

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
            color=BASELINE_COLOUR if k == "baseline" else CHANGE_COLOURS[k],
            label=text,
        )
        for k, text in legend.items()
        if k in used
    ]
    return handles


def _municipal_mark(ax: Any, muni_value: float, muni_text: str, lang: str) -> list:
    """The municipal target as a dashed line with its text (or, with no number, only in the
    legend); its legend entries."""
    from matplotlib.lines import Line2D
    from matplotlib.transforms import blended_transform_factory

    handles: list = []
    if not math.isnan(muni_value):
        ax.axvline(muni_value, color=MUNICIPAL_COLOUR, linestyle="--", linewidth=1.4, zorder=1)
        ax.text(
            muni_value,
            1.0,
            f" {region_name(municipal_regions()[0], lang)} {muni_text}",
            transform=blended_transform_factory(ax.transData, ax.transAxes),
            ha="left",
            va="bottom",
            fontsize=9,
            color=MUNICIPAL_COLOUR,
        )
        handles.append(
            Line2D(
                [],
                [],
                color=MUNICIPAL_COLOUR,
                linestyle="--",
                label=word("text.indicator.municipal_target", lang),
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
    return handles


def _dumbbell_data(
    indicator_id: str, lines: list[dict], muni_value: float, muni_text: str, meta_unit: str, lang: str
) -> pd.DataFrame:
    """The data the dumbbell draws: every line, and the municipal target."""
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
    return data


def one_indicator(table: pd.DataFrame, indicator_id: str | None) -> pd.DataFrame:
    """The rows of one indicator (both periods), or all rows when none is named.

    Ambition (ranks included) and continuity are computed within an indicator, so on these
    rows alone they give the same result as on the whole table, in a fraction of the time
    (a test compares the two for every indicator).

    Parameters
    ----------
    table : pandas.DataFrame
        The normalised table.
    indicator_id : str or None
        An indicator id, or None for every row.

    Returns
    -------
    pandas.DataFrame
        The selected rows.
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
        check_indicator(table, indicator_id)
    con = analysis.continuity(one_indicator(table, indicator_id))
    if con.empty:  # keep the columns for an empty display table
        con = analysis.continuity(table).iloc[:0]
    if con.empty and not len(con.columns):
        return con
    if region:
        check_region(table, region)
        con = con[con["region"] == region]
    order = {r: i for i, r in enumerate(region_order(table))}
    con = con.assign(_r=con["region"].map(order)).sort_values("_r", kind="stable")
    names = indicator_names(table, None, lang)
    headers = word_group("indicator.continuity_table.headers")
    records = [
        {
            "region": region_name(c["region"], lang),
            "indicator": names.get(c["indicator_id"], c["indicator_id"]),
            "printed_13th": c["indicator_name_zh_13th"],
            "printed_14th": c["indicator_name_zh_14th"],
            "achieved_2020": c["achieved_2020_raw"],
            "baseline_2020": c["baseline_2020_raw"],
            "status": pick(_CONTINUITY.get(c["status"], (c["status"], c["status"])), lang),
            "reason": reason_label(c["reason"], lang),
            "source": " → ".join(
                cite_ref(f"{c['source_file']}:{int(c[f'source_line_{p}'])}", lang, table)
                for p in ("13th", "14th")
            ),
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
    df = df.rename(columns={k: pick(v, lang) for k, v in headers.items()})
    return relabel(df, lang)


def map_indicators(table: pd.DataFrame, indicator_id: str, n: int = 4, period: str = "14th") -> list[str]:
    """``indicator_id`` and the next indicators most often set with a number, for small multiples."""
    t = table[(table["period"] == period) & table["target_value"].notna() & table["region"].isin(districts())]
    counts = t.groupby("indicator_id")["region"].nunique().sort_values(ascending=False, kind="stable")
    ranked = sorted(counts.index, key=lambda i: (-counts[i], i))
    return [indicator_id, *[i for i in ranked if i != indicator_id][: max(n - 1, 0)]]


def atlas_indicators(
    table: pd.DataFrame, codebook: Any = None, min_plans: int = 2, period: str = "14th", domain: str = ""
) -> list[str]:
    """Indicators at least ``min_plans`` plans set with a number in ``period`` and whose map
    colours at least one district (`analysis.atlas.coverage`: a map of the city's number
    alone, or of numbers in another unit, is left out): the atlas's maps, in domain order,
    then by name; those of ``domain`` only where given (one part of a split atlas)."""
    from ..analysis.atlas import coverage
    from .labels import domain_rank

    cov = coverage(table, codebook, period, min_plans, domain=domain)
    ids = list(cov.loc[cov["mapped"], "indicator_id"])
    domains = table.groupby("indicator_id")["domain"].first()
    names = indicator_names(table, codebook, "zh")
    return sorted(ids, key=lambda i: (domain_rank(domains.get(i, "")), names.get(i, i)))
