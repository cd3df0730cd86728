"""Figures of `compare.analysis` results: alignment with the municipal plan, ambition.

The 60-alignment and 70-ambition notebooks show these; keeping the drawing here keeps
those notebooks thin and lets every figure go through `charts.render` (drawn once, saved
under ``figures_dir``), like the other reports' figures. Inputs are the frames
`analysis` returns, so a figure shows exactly the rows of the table printed beside it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from .. import analysis
from .labels import check_lang, label, region_name
from .style import _TEXT, _figure

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

#: One colour per alignment status, in `analysis.ALIGNMENT_STATUSES` order.
ALIGNMENT_COLOURS = dict(
    zip(analysis.ALIGNMENT_STATUSES, ("#1a9850", "#91bfdb", "#d73027", "#bdbdbd", "#fee090", "#f0f0f0"))
)
_QUANTIFIED = ("stricter", "equal", "weaker", "not comparable")
_BETTER, _WORSE, _FLAT = "#1a9850", "#d73027", "#969696"
_RATE_UNIT = {"zh": {"pp/yr": "百分点/年", "%/yr": "%/年"}, "en": {}}


def _panels(n: int, ncols: int = 4) -> tuple[Figure, list]:
    """A figure of ``n`` small panels, up to ``ncols`` a row; the grid's spare cells hidden."""
    ncol = min(ncols, n)
    nrow = -(-n // ncol)
    fig = _figure(max(6.5, 3.6 * ncol), max(2.8, 0.5 + 2.3 * nrow))
    axes = list(fig.subplots(nrow, ncol, squeeze=False).flat)
    for ax in axes[n:]:
        ax.set_visible(False)
    return fig, axes[:n]


def _name_list(ids: list[str], codebook: Any, lang: str) -> str:
    names = analysis.indicator_labels(codebook, lang)
    return label(lang, "、", ", ").join(names.get(i, i) for i in ids)


# ------------------------------------------------------------------------------ alignment


def alignment_order(matrix: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The alignment matrix to draw, and the indicators it leaves out.

    Columns are ordered by how many districts quantify the indicator (stable, so ties keep
    the matrix order); indicators no district lists at all are returned apart, to be named
    under the figure rather than drawn as an empty column.
    """
    order = matrix.isin(_QUANTIFIED).sum().sort_values(ascending=False, kind="stable").index
    matrix = matrix[order]
    absent = [c for c in matrix.columns if (matrix[c] == "missing").all()]
    return matrix.drop(columns=absent), absent


def alignment_heatmap(matrix: pd.DataFrame, codebook: Any = None, lang: str = "zh") -> Figure:
    """District x indicator: is each district target stricter than, equal to or weaker
    than the municipal one (`analysis.alignment_matrix`, ordered by `alignment_order`)."""
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    check_lang(lang)
    statuses = list(analysis.ALIGNMENT_STATUSES)
    unknown = sorted(set(matrix.to_numpy().ravel()) - set(statuses))
    if unknown:
        raise ValueError(f"alignment matrix has statuses outside ALIGNMENT_STATUSES: {unknown}")
    names = analysis.indicator_labels(codebook, lang)
    nrows, ncols = matrix.shape
    fig = _figure(max(8.0, 0.95 * ncols), 2.4 + 0.55 * nrows)
    ax = fig.add_subplot()
    codes = matrix.apply(lambda col: col.map(statuses.index)).to_numpy()
    ax.imshow(
        codes,
        cmap=ListedColormap([ALIGNMENT_COLOURS[s] for s in statuses]),
        vmin=-0.5,
        vmax=len(statuses) - 0.5,
        aspect="auto",
        interpolation="nearest",
    )
    for i in range(nrows):
        for j in range(ncols):
            ax.text(
                j,
                i,
                analysis.label(matrix.iat[i, j], lang),
                ha="center",
                va="center",
                fontsize=7,
                color=_TEXT,
            )
    ax.set_yticks(range(nrows), [region_name(r, lang) for r in matrix.index])
    ax.set_xticks(
        range(ncols), [names.get(i, i) for i in matrix.columns], rotation=40, ha="right", fontsize=8
    )
    ax.set_xticks([x - 0.5 for x in range(1, ncols)], minor=True)
    ax.set_yticks([y - 0.5 for y in range(1, nrows)], minor=True)
    ax.grid(False)
    ax.grid(which="minor", color="white", linewidth=1.0)
    ax.tick_params(which="both", length=0)
    handles = [
        Patch(
            facecolor=ALIGNMENT_COLOURS[s], edgecolor="#999999", linewidth=0.5, label=analysis.label(s, lang)
        )
        for s in statuses
    ]
    ax.legend(
        handles=handles,
        ncol=len(statuses),
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        frameon=False,
        fontsize=8,
    )
    ax.set_title(
        label(
            lang, "区县“十四五”目标与市级规划目标对比", "District 14th-FYP targets against the municipal plan"
        ),
        pad=26,
    )
    return fig


# ------------------------------------------------------------------------------ ambition


def rated_indicators(districts: pd.DataFrame, indicator_id: str = "all") -> tuple[list[str], list[str]]:
    """Which indicators the improvement-rate figure draws, and which it leaves out as flat.

    ``districts``: district rows of `analysis.ambition`. For ``"all"``, an indicator is
    drawn when at least two districts give it a rate and one of those rates is not zero;
    the ones where every rate is zero come back second, to be named instead. For a single
    indicator it is drawn whenever one district gives it a rate.
    """
    rated = districts[districts["improvement_rate"].notna()]
    one = indicator_id != "all"
    drawn: list[str] = []
    flat: list[str] = []
    for ident, group in rated.groupby("indicator_id", sort=True):
        if len(group) < (1 if one else 2):
            continue
        moving = bool((group["improvement_rate"].abs() > 1e-9).any())
        (drawn if moving or one else flat).append(ident)
    return drawn, flat


def improvement_rates(
    districts: pd.DataFrame, indicator_ids: list[str], codebook: Any = None, lang: str = "zh"
) -> Figure:
    """One panel per indicator: each district's implied annual improvement (green better,
    red relaxed, grey unchanged), in the indicator's own rate unit."""
    check_lang(lang)
    if not indicator_ids:
        raise ValueError("indicator_ids is empty: nothing to draw (see rated_indicators)")
    names = analysis.indicator_labels(codebook, lang)
    fig, axes = _panels(len(indicator_ids))
    for ax, ident in zip(axes, indicator_ids):
        g = districts[(districts["indicator_id"] == ident) & districts["improvement_rate"].notna()]
        g = g.sort_values("improvement_rate", kind="stable")
        colours = [_BETTER if v > 1e-9 else _WORSE if v < -1e-9 else _FLAT for v in g["improvement_rate"]]
        y = range(len(g))
        ax.barh(y, g["improvement_rate"], color=colours)
        ax.scatter(g["improvement_rate"], y, color=colours, s=14, zorder=3)  # a zero still shows
        ax.axvline(0, color="black", lw=0.8)
        lo, hi = min(0.0, g["improvement_rate"].min()), max(0.0, g["improvement_rate"].max())
        pad = 0.08 * ((hi - lo) or 1.0)  # zero and the dots on it stay off the frame
        ax.set_xlim(lo - pad, hi + pad)
        ax.set_yticks(y, [region_name(r, lang) for r in g["region"]])
        ax.set_title(names.get(ident, ident), fontsize=9)
        unit = g["rate_unit"].iloc[0] if len(g) else ""
        ax.set_xlabel(_RATE_UNIT[lang].get(unit, unit), fontsize=8)
        ax.tick_params(labelsize=8)
    fig.suptitle(
        label(
            lang,
            "隐含年均改善速度（正值=改善，负值=放宽）",
            "Implied annual improvement (positive = better, negative = relaxed)",
        )
    )
    return fig


def target_ranges(
    districts: pd.DataFrame, dispersion: pd.DataFrame, codebook: Any = None, lang: str = "zh"
) -> Figure | None:
    """One panel per level indicator of `analysis.dispersion`: each district's 2020
    baseline (grey) and 2025 target (blue) on the indicator's scale. None when no indicator
    has numeric targets from two districts."""
    check_lang(lang)
    levels = dispersion[dispersion["measure"] == "level"]
    ids = list(levels["indicator_id"])
    if not ids:
        return None
    names = analysis.indicator_labels(codebook, lang)
    units = dict(zip(levels["indicator_id"], levels["unit"]))
    fig, axes = _panels(len(ids))
    for ax, ident in zip(axes, ids):
        g = districts[
            (districts["indicator_id"] == ident)
            & districts["target_value"].notna()
            & (districts["target_kind"] == "numeric")
        ]
        y = list(range(len(g)))
        for yi, b, t in zip(y, g["baseline_value"], g["target_value"]):
            if pd.notna(b):
                ax.plot([b, t], [yi, yi], color=_FLAT, lw=1.2, zorder=1)
        ax.scatter(g["baseline_value"], y, color=_FLAT, s=18, zorder=2, label="2020")
        ax.scatter(g["target_value"], y, color="#2166ac", s=28, zorder=3, label="2025")
        ax.set_yticks(y, [region_name(r, lang) for r in g["region"]], fontsize=8)
        ax.set_title(names.get(ident, ident), fontsize=9)
        ax.set_xlabel(units.get(ident) or "", fontsize=8)
        ax.tick_params(axis="x", labelsize=8)
        ax.margins(y=0.25)
    axes[0].legend(fontsize=7, loc="best", frameon=False)
    fig.suptitle(
        label(
            lang,
            "各区县2020年基数（灰）与2025年目标（蓝）",
            "2020 baseline (grey) and 2025 target (blue) by district",
        )
    )
    return fig


def flat_note(flat: list[str], codebook: Any = None, lang: str = "zh") -> str:
    """The sentence naming indicators left out of `improvement_rates` because every district's
    implied rate is zero ('' when there are none)."""
    if not flat:
        return ""
    return label(
        lang, "各区县隐含年均速度均为0的指标：", "Implied annual rate is 0 in every district: "
    ) + _name_list(flat, codebook, lang)


def absent_note(absent: list[str], codebook: Any = None, lang: str = "zh") -> str:
    """The sentence naming municipal indicators no district lists (from `alignment_order`)."""
    listed = _name_list(absent, codebook, lang) or label(lang, "无", "none")
    return (
        label(
            lang, "市级规划量化但各区县均未列入的指标：", "Quantified by the city but listed by no district: "
        )
        + listed
    )


__all__ = [
    "ALIGNMENT_COLOURS",
    "absent_note",
    "alignment_heatmap",
    "alignment_order",
    "flat_note",
    "improvement_rates",
    "rated_indicators",
    "target_ranges",
]
