"""Which plan sets which indicator: the coverage matrix, counts by domain and attribute,
data-quality counts and the targets without a number.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from ..words import wide

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure
from ..words import word
from .format import check_period, has_children, is_true, region_order, target_text
from .labels import (
    ATTRIBUTES,
    KINDS,
    check_lang,
    codebook_meta,
    domain_name,
    domain_rank,
    figure_text,
    header,
    indicator_names,
    period_name,
    pick,
    region_name,
    relabel,
    table_name,
    unit_label,
)
from .records import attach_data
from .theme import COVERAGE_COLOURS, MUTED_COLOUR, TEXT_COLOUR, new_figure, source_line


def coverage_codes(table: pd.DataFrame, period: str = "14th") -> pd.DataFrame:
    """indicator_id x region: ``binding``, ``expected``, ``listed`` (set, no attribute) or ''.

    Rows are ordered by domain, then by how many plans set the indicator.
    """
    check_period(period)
    t = table[table["period"] == period]
    regions = region_order(table)
    out: dict[str, dict[str, str]] = {}
    for (ident, region), group in t.groupby(["indicator_id", "region"], sort=False):
        attrs = [a for a in group["attribute"].astype(str) if a]
        out.setdefault(ident, {})[region] = attrs[0] if attrs else "listed"
    codes = pd.DataFrame.from_dict(out, orient="index").reindex(columns=regions).fillna("")
    domains = t.groupby("indicator_id")["domain"].first()
    n = (codes != "").sum(axis=1)
    order = sorted(codes.index, key=lambda i: (domain_rank(domains.get(i, "")), -n[i], i))
    codes = codes.loc[order]
    codes.index.name = "indicator_id"
    codes.columns.name = "region"
    return codes


def coverage_matrix(
    table: pd.DataFrame, lang: str = "zh", codebook: Any = None, period: str = "14th"
) -> pd.DataFrame:
    """Which plan sets which indicator: indicators (by domain) x regions, in ``lang``.

    A cell says 约束性/binding, 预期性/expected, 列出/listed (the municipal targets mined
    from prose carry no attribute) or is empty; the last column counts the plans.
    """
    check_lang(lang)
    codes = coverage_codes(table, period)
    names = indicator_names(table, codebook, lang)
    domains = table.groupby("indicator_id")["domain"].first()
    cells = codes.apply(lambda col: col.map(lambda c: pick(ATTRIBUTES[c], lang) if c else ""))
    cells.columns = [region_name(r, lang) for r in codes.columns]
    cells[header("plans", lang)] = (codes != "").sum(axis=1)
    cells.index = pd.MultiIndex.from_arrays(
        [
            [domain_name(domains.get(i, ""), lang) for i in codes.index],
            [names.get(i, i) for i in codes.index],
        ],
        names=[header("domain", lang), header("indicator", lang)],
    )
    return cells


#: Kinds of target too long for a matrix cell, shortened there (the table says it in full).
_SHORT_KINDS = {"set by higher level": "assigned"}

#: Rows of the coverage matrix per figure: one part fits an A4 page with its heading.
HEATMAP_ROWS = 28


#: Rows of the first part: it shares its page with the report's title and intro.
HEATMAP_FIRST_ROWS = 14


def heatmap_parts(
    table: pd.DataFrame, period: str = "14th", rows: int = HEATMAP_ROWS, first: int = HEATMAP_FIRST_ROWS
) -> list[list[str]]:
    """The coverage matrix's indicators cut into parts of at most ``rows`` (``first`` for
    the first), at domain boundaries where a domain fits, so each part prints on a page."""
    codes = coverage_codes(table, period)
    domains = table[table["period"] == period].groupby("indicator_id")["domain"].first()
    parts: list[list[str]] = [[]]
    blocks: list[list[str]] = []
    for ident in codes.index:
        if blocks and domains.get(blocks[-1][0], "") == domains.get(ident, ""):
            blocks[-1].append(ident)
        else:
            blocks.append([ident])
    for block in blocks:
        while block:
            limit = first if len(parts) == 1 else rows
            room = limit - len(parts[-1])
            if len(block) <= room:
                parts[-1] += block
                block = []
            elif len(block) <= limit and parts[-1]:
                parts.append([])
            else:
                parts[-1] += block[:room]
                block = block[room:]
                parts.append([])
    return [p for p in parts if p]


def _wrap(text: str, width: int) -> str:
    """Wrap a label at ``width`` em (CJK 1, others about 0.55), at spaces where it can."""
    import textwrap

    if sum(1.0 if ord(c) > 0x2E7F else 0.55 for c in text) <= width:
        return text
    if " " in text:
        return "\n".join(textwrap.wrap(text, int(width / 0.55)))
    return "\n".join(text[i : i + width] for i in range(0, len(text), width))


def coverage_heatmap(
    table: pd.DataFrame,
    lang: str = "zh",
    codebook: Any = None,
    period: str = "14th",
    indicators: list[str] | None = None,
) -> Figure:
    """The coverage matrix as a figure: colour = attribute, text = the target as printed.

    ``indicators`` draws only those rows (see `heatmap_parts` for page-sized parts). Each
    row names its unit; the figure carries its source line and the data it draws.
    """
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    check_lang(lang)
    codes = coverage_codes(table, period)
    if indicators is not None:
        codes = codes.loc[[i for i in indicators if i in codes.index]]
    names = indicator_names(table, codebook, lang)
    meta = _meta_units(codebook, table)
    t = table[(table["period"] == period)]
    top = t[~has_children(t)]
    printed = _printed_targets(top, lang)
    order = list(COVERAGE_COLOURS)
    numeric = codes.apply(lambda col: col.map(order.index))
    nrows = len(codes)
    fig = new_figure(7.0, 1.55 + 0.3 * nrows)
    ax = fig.add_subplot()
    cmap = ListedColormap([COVERAGE_COLOURS[k] for k in order])
    ax.imshow(
        numeric.to_numpy(),
        cmap=cmap,
        vmin=-0.5,
        vmax=len(order) - 0.5,
        aspect="auto",
        interpolation="nearest",
    )
    _cell_texts(ax, codes, printed)

    _heatmap_ticks(ax, codes, names, meta, lang)
    domains = t.groupby("indicator_id")["domain"].first()
    _domain_bands(ax, [domains.get(i, "") for i in codes.index], lang)
    handles = [
        Patch(
            facecolor=COVERAGE_COLOURS[k],
            edgecolor="#999999",
            linewidth=0.5,
            label=pick(ATTRIBUTES[k], lang),
        )
        for k in order
    ]
    ax.legend(
        handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.004), ncol=4, fontsize=8, frameon=False
    )
    source_line(fig, figure_text("source_plans", lang))
    title = word(f"text.coverage.which_plan_sets_{period}", lang)
    ax.set_title(title, loc="left", pad=24, fontsize=11)
    attach_data(fig, _heatmap_data(codes, printed, meta, names, domains))
    return fig


def _heatmap_ticks(
    ax: Any, codes: pd.DataFrame, names: dict[str, str], meta: dict[str, str], lang: str
) -> None:
    """Regions across the top, indicators (with their units) down the side, white cell lines."""
    nrows, ncols = codes.shape

    def row_label(ident: str) -> str:
        unit = unit_label(meta.get(ident, ""), lang)
        name = names.get(ident, ident)
        name = name + word("punct.paren", lang, text=unit) if unit else name
        return _wrap(name, 15 if wide(lang) else 22)

    short = [
        region_name(r, lang).replace(" District", "").replace(" Municipality", "") for r in codes.columns
    ]
    ax.set_xticks(range(ncols), short, fontsize=8.5)
    ax.xaxis.tick_top()
    ax.set_yticks(range(nrows), [row_label(i) for i in codes.index], fontsize=7.5)
    ax.set_xticks([x - 0.5 for x in range(1, ncols)], minor=True)
    ax.set_yticks([y - 0.5 for y in range(1, nrows)], minor=True)
    ax.grid(False)
    ax.grid(which="minor", color="white", linewidth=1.2)
    ax.tick_params(which="both", length=0)


def _printed_targets(top: pd.DataFrame, lang: str) -> dict[tuple[str, str], str]:
    """(indicator, region) -> the target as the cell shows it (short kinds; ``…`` when the
    plan prints several rows; ``—`` for none)."""
    printed: dict[tuple[str, str], str] = {}
    for (ident, region), group in top.groupby(["indicator_id", "region"], sort=False):
        texts = [target_text(r, lang, short=True) for _, r in group.iterrows()]
        texts = [
            _SHORT_KINDS.get(x.rstrip("†*"), x.rstrip("†*")) + x[len(x.rstrip("†*")) :] for x in texts if x
        ]
        printed[(ident, region)] = texts[0] + ("…" if len(texts) > 1 else "") if texts else "—"
    return printed


def _cell_texts(ax: Any, codes: pd.DataFrame, printed: dict[tuple[str, str], str]) -> None:
    """The printed target in each cell a plan sets (white on the dark binding colour)."""
    for i, ident in enumerate(codes.index):
        for j, region in enumerate(codes.columns):
            text = printed.get((ident, region), "")
            if codes.iat[i, j] and text:
                dark = codes.iat[i, j] == "binding"
                ax.text(
                    j, i, text, ha="center", va="center", fontsize=7.5, color="white" if dark else TEXT_COLOUR
                )


def _domain_bands(ax: Any, dom: list[str], lang: str) -> None:
    """A line between domains and each domain's name beside its rows."""
    nrows = len(dom)
    start = 0
    for k in range(1, nrows + 1):
        if k == nrows or dom[k] != dom[start]:
            if k < nrows:
                ax.axhline(k - 0.5, color="#555555", linewidth=0.9)
            ax.annotate(
                _wrap(domain_name(dom[start], lang), 4 if wide(lang) else 9),
                xy=(1.02, (start + k - 1) / 2),
                xycoords=("axes fraction", "data"),
                va="center",
                ha="left",
                fontsize=7.5,
                color=MUTED_COLOUR,
            )
            start = k


def _heatmap_data(
    codes: pd.DataFrame,
    printed: dict[tuple[str, str], str],
    meta: dict[str, str],
    names: dict[str, str],
    domains: pd.Series,
) -> pd.DataFrame:
    """The data the heatmap draws: per indicator, each region's attribute and target."""
    data = codes.copy()
    data.columns = [f"attribute_{c}" for c in codes.columns]
    for region in codes.columns:
        data[f"target_{region}"] = [
            printed.get((i, region), "") if codes.at[i, region] else "" for i in codes.index
        ]
    data.insert(0, "unit", [meta.get(i, "") for i in codes.index])
    data.insert(0, "indicator", [names.get(i, i) for i in codes.index])
    data.insert(0, "domain", [domains.get(i, "") for i in codes.index])
    return data.reset_index()


def coverage_heatmaps(
    table: pd.DataFrame, lang: str = "zh", codebook: Any = None, period: str = "14th"
) -> list[Figure]:
    """The coverage matrix as page-sized figures (see `heatmap_parts`)."""
    return [
        coverage_heatmap(table, lang, codebook, period, indicators=part)
        for part in heatmap_parts(table, period)
    ]


def _meta_units(codebook: Any, table: pd.DataFrame) -> dict[str, str]:
    """indicator_id -> the codebook's unit (the table's most common unit where it has none)."""
    try:
        units = {i: m.get("unit", "") for i, m in codebook_meta(codebook).items()}
    except Exception:
        units = {}
    for ident, group in table.groupby("indicator_id"):
        if not units.get(ident):
            vals = [u for u in group["unit"].astype(str) if u]
            units[ident] = max(set(vals), key=vals.count) if vals else ""
    return units


def counts_by_domain(table: pd.DataFrame, lang: str = "zh", period: str = "14th") -> pd.DataFrame:
    """Distinct indicators per domain and region (and in all plans together)."""
    check_lang(lang)
    t = table[table["period"] == check_period(period)]
    regions = region_order(table)
    counts = (
        t.groupby(["domain", "region"])["indicator_id"]
        .nunique()
        .unstack(fill_value=0)
        .reindex(columns=regions, fill_value=0)
    )
    counts[header("total", lang)] = t.groupby("domain")["indicator_id"].nunique()
    counts = counts.loc[sorted(counts.index, key=lambda d: (domain_rank(d), d))]
    total = counts.sum(axis=0)
    total[header("total", lang)] = t["indicator_id"].nunique()
    counts.loc["__total__"] = total
    counts.index = [header("total", lang) if d == "__total__" else domain_name(d, lang) for d in counts.index]
    counts.index.name = header("domain", lang)
    counts.columns = [region_name(c, lang) if c in regions else c for c in counts.columns]
    return counts.astype(int)


def counts_by_attribute(table: pd.DataFrame, lang: str = "zh", period: str = "14th") -> pd.DataFrame:
    """Per region: indicator rows that are binding / expected / unmarked, and target kinds.

    Group headers whose values sit in their sub-rows (``地表水水质`` over ``璧南河``) are
    not counted; the sub-rows are.
    """
    check_lang(lang)
    t = table[table["period"] == check_period(period)]
    t = t[~has_children(t)]
    regions = region_order(t)
    attr = t["attribute"].astype(str).replace("", "listed")
    a = pd.crosstab(t["region"], attr).reindex(
        index=regions, columns=["binding", "expected", "listed"], fill_value=0
    )
    a.columns = [
        pick(ATTRIBUTES[c], lang) if c != "listed" else word("text.coverage.no_attribute", lang)
        for c in a.columns
    ]
    k = pd.crosstab(t["region"], t["target_kind"]).reindex(index=regions, columns=list(KINDS), fill_value=0)
    k.columns = [word("text.coverage.target", lang) + pick(KINDS[c], lang) for c in k.columns]
    out = pd.concat([a, k], axis=1)
    out[header("rows", lang)] = t.groupby("region").size().reindex(regions, fill_value=0)
    out.index = [region_name(r, lang) for r in out.index]
    out.index.name = header("region", lang)
    return out.astype(int)


def domain_bars(table: pd.DataFrame, lang: str = "zh", period: str = "14th") -> Figure:
    """Indicators per domain, one bar per region (grouped horizontal bars)."""
    import seaborn as sns

    check_lang(lang)
    t = table[table["period"] == check_period(period)]
    regions = region_order(table)
    counts = t.groupby(["domain", "region"])["indicator_id"].nunique().reset_index(name="n")
    counts["domain_label"] = counts["domain"].map(lambda d: domain_name(d, lang))
    counts["region_label"] = counts["region"].map(lambda r: region_name(r, lang))
    domains = sorted(counts["domain"].unique(), key=lambda d: (domain_rank(d), d))
    fig = new_figure(7.0, 1.8 + 0.55 * len(domains))
    ax = fig.add_subplot()
    sns.barplot(
        data=counts,
        y="domain_label",
        x="n",
        hue="region_label",
        ax=ax,
        order=[domain_name(d, lang) for d in domains],
        hue_order=[region_name(r, lang) for r in regions],
        palette="deep",
        orient="h",
    )
    ax.set_xlabel(figure_text("count_unit", lang), fontsize=8.5)
    ax.set_ylabel("")
    ax.tick_params(labelsize=8.5)
    ax.legend(
        title="",
        loc="outside lower center" if False else "upper center",
        bbox_to_anchor=(0.5, -0.09),
        ncol=3,
        fontsize=8,
        frameon=False,
    )
    ax.set_title(word("text.coverage.indicators_per_domain_14th_fyp", lang), fontsize=11)
    source_line(fig, figure_text("source_plans", lang))
    data = counts[["domain", "region", "n"]].rename(columns={"n": "indicators"})
    attach_data(fig, data.sort_values(["domain", "region"]).reset_index(drop=True))
    return fig


def data_quality(table: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Per source file and table: rows, sub-rows, value cells without a number, rows printed
    with a ``*`` (as printed), rows a note says the city sets, and the other flags.

    A cell "without a number" has text (``完成市级下达目标``, ``-``) or nothing where a value
    could stand; its text stays in the table's ``*_raw`` column.
    """
    check_lang(lang)
    t = table.copy()
    t["sub_rows"] = t["parent_seq"].astype(str) != ""
    t["target_text"] = t["target_value"].isna()
    t["baseline_text"] = t["baseline_value"].isna()
    t["achieved_text"] = t["achieved_value"].isna() & (t["period"] == "13th")
    for flag in ("provisional", "cumulative", "realigned"):
        t[flag] = t[flag].map(is_true) if flag in t else False
    raws = [t[c].astype(str) for c in ("baseline_raw", "target_raw", "achieved_raw") if c in t]
    t["printed_star"] = pd.concat(raws, axis=1).apply(
        lambda r: r.str.contains("*", regex=False).any(), axis=1
    )
    keys = ["source_file", "region", "period", "table"]
    agg = (
        t.groupby(keys, sort=False)
        .agg(
            rows=("indicator_id", "size"),
            sub_rows=("sub_rows", "sum"),
            baseline_text=("baseline_text", "sum"),
            target_text=("target_text", "sum"),
            achieved_text=("achieved_text", "sum"),
            printed_star=("printed_star", "sum"),
            provisional=("provisional", "sum"),
            cumulative=("cumulative", "sum"),
            realigned=("realigned", "sum"),
        )
        .reset_index()
    )
    agg.loc[agg["period"] == "14th", "achieved_text"] = 0
    order = {r: i for i, r in enumerate(region_order(table))}
    agg = agg.sort_values(
        ["region", "period"],
        key=lambda s: s.map(order) if s.name == "region" else s.map({"14th": 0, "13th": 1}),
    ).reset_index(drop=True)
    agg["region"] = agg["region"].map(lambda r: region_name(r, lang))
    agg["period"] = agg["period"].map(lambda p: period_name(p, lang))
    agg["table"] = agg["table"].map(lambda t: table_name(t, lang))
    agg = agg.rename(columns={"source_file": "source_file"})
    return relabel(agg, lang)


def non_numeric_targets(table: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Target texts that carry no number (``完成市级下达目标``…), how often and where."""
    check_lang(lang)
    t = table[table["target_value"].isna() & (table["target_raw"].astype(str) != "")]
    t = t[~has_children(t) | (t["target_raw"].astype(str).str.strip("-— ") != "")]
    rows = []
    for (raw, kind), group in t.groupby(["target_raw", "target_kind"], sort=False):
        rows.append(
            {
                "text": raw,
                "kind": pick(KINDS.get(kind, (kind, kind)), lang),
                "count": len(group),
                "regions": word("punct.list", lang).join(
                    dict.fromkeys(region_name(r, lang) for r in group["region"])
                ),
            }
        )
    out = pd.DataFrame(rows, columns=["text", "kind", "count", "regions"])
    out = out.sort_values(["count", "text"], ascending=[False, True]).reset_index(drop=True)
    return relabel(out, lang)


def target_kinds(table: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """District targets by kind, one count per district × indicator
    (`analysis.district_targets`, the frame the overview's headline counts)."""
    from .. import analysis
    from .labels import rulebook_word

    check_lang(lang)
    cells = analysis.district_targets(table)
    groups = list(dict.fromkeys(analysis.TARGET_GROUPS.values()))
    counts = pd.crosstab(cells["region"], cells["group"]).reindex(
        index=list(dict.fromkeys(cells["region"])), columns=groups, fill_value=0
    )
    counts.index = [region_name(r, lang) for r in counts.index]
    counts.index.name = header("region", lang)
    counts.columns = [rulebook_word(f"kind_{g}", lang) for g in groups]
    return counts.astype(int)


def kinds_claims(counts: pd.DataFrame, lang: str = "zh") -> dict[str, int]:
    """The counts `target_kinds` shows, keyed like the overview headline."""
    from .. import analysis
    from .claims import column_totals
    from .labels import rulebook_word

    groups = dict.fromkeys(analysis.TARGET_GROUPS.values())
    keys = {g: rulebook_word(f"kind_{g}", lang) for g in groups}
    return column_totals(counts, "overview_coverage", keys, total="district_rows")
