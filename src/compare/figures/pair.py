"""Two districts side by side, and the municipal plan beside the districts: display tables
and figures for the pair and municipal reports."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from ..words import wide, word, word_group
from .citations import cite
from .format import check_region, target_text
from .labels import (
    ATTRIBUTES,
    caveat_words,
    check_lang,
    codebook_meta,
    districts,
    domain_name,
    domain_rank,
    figure_text,
    header,
    indicator_names,
    municipal_regions,
    pick,
    region_name,
    relabel,
    rulebook_word,
    same_unit,
    unit_label,
    verdict_header,
    words,
)
from .records import attach_data, describe
from .theme import fitted_title, legend_below, new_figure, source_line

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

#: Words of the pair and municipal reports (this feature's section of the labels).
PAIR_WORDS: dict[str, tuple[str, str]] = word_group("pair.pair_words")


def _word(key: str, lang: str, **values: Any) -> str:
    return pick(PAIR_WORDS[key], lang).format(**values)


def _top(table: pd.DataFrame, region: str, period: str = "14th") -> pd.DataFrame:
    t = table[(table["region"] == region) & (table["period"] == period)]
    return t[t["parent_seq"].astype(str) == ""]


def _sets(table: pd.DataFrame, region: str) -> set[str]:
    return set(_top(table, region)["indicator_id"])


def _check_pair(table: pd.DataFrame, a: str, b: str) -> None:
    from ..errors import ParameterError

    check_region(table, a)
    check_region(table, b)
    if a == b:
        raise ParameterError(f"region_a and region_b are both {a!r}; give two different districts")


def pair_counts(table: pd.DataFrame, region_a: str, region_b: str, lang: str = "zh") -> pd.DataFrame:
    """Indicators per domain set by both districts, only by one, only by the other."""
    check_lang(lang)
    _check_pair(table, region_a, region_b)
    sa, sb = _sets(table, region_a), _sets(table, region_b)
    domains = table.groupby("indicator_id")["domain"].first()
    rows = []
    for ident in sa | sb:
        who = "both" if ident in sa and ident in sb else region_a if ident in sa else region_b
        rows.append({"domain": domains.get(ident, ""), "who": who})
    df = pd.DataFrame(rows, columns=["domain", "who"])
    counts = pd.crosstab(df["domain"], df["who"]).reindex(columns=["both", region_a, region_b], fill_value=0)
    counts = counts.loc[sorted(counts.index, key=lambda d: (domain_rank(d), d))]
    counts.loc["__total__"] = counts.sum(axis=0)
    counts.index = [header("total", lang) if d == "__total__" else domain_name(d, lang) for d in counts.index]
    counts.index.name = header("domain", lang)
    counts.columns = [
        _word("both", lang),
        _word("only", lang, name=region_name(region_a, lang)),
        _word("only", lang, name=region_name(region_b, lang)),
    ]
    return counts.astype(int)


def pair_figure(table: pd.DataFrame, region_a: str, region_b: str, lang: str = "zh") -> Figure:
    """Stacked bars per domain: indicators both districts set, and those only one sets."""
    from matplotlib.patches import Patch

    counts = pair_counts(table, region_a, region_b, lang).iloc[:-1]
    colours = ["#4d6d9a", "#d95f02", "#1b9e77"]
    fig = new_figure(7.0, 1.5 + 0.3 * len(counts))
    ax = fig.add_subplot()
    left = pd.Series(0, index=counts.index)
    for colour, col in zip(colours, counts.columns):
        ax.barh(counts.index, counts[col], left=left, color=colour, height=0.6)
        for y, (dom, n) in enumerate(counts[col].items()):
            if n:
                ax.text(left[dom] + n / 2, y, str(n), ha="center", va="center", fontsize=8, color="white")
        left = left + counts[col]
    ax.invert_yaxis()
    ax.set_xlabel(_word("axis_indicators", lang), fontsize=9)
    ax.tick_params(labelsize=8.5)
    ax.grid(axis="y", visible=False)
    a, b = region_name(region_a, lang), region_name(region_b, lang)
    ax.set_title(
        fitted_title(fig, _word("pair_title", lang, a=a, b=b), 11, share=0.7), fontsize=11, loc="left"
    )
    legend_below(ax, [Patch(facecolor=c, label=str(col)) for c, col in zip(colours, counts.columns)], ncol=3)
    source_line(fig, figure_text("source_plans", lang))
    data = counts.reset_index()
    attach_data(fig, data)
    return fig


def _compare(ra: pd.Series, rb: pd.Series, cb: pd.DataFrame, lang: str, a: str, b: str) -> str:
    """Whose target is stricter, in words; or why the two cannot be compared
    (`analysis.compare`: the one rulebook)."""
    from ..analysis import compare

    c = compare(ra, rb, cb)
    if c.comparable:
        if c.relation == "equal":
            return _word("equal", lang)
        return _word("stricter", lang, name=region_name(a if c.relation == "stricter" else b, lang))
    if c.reason == "no_number":
        return _word("not_numbers", lang)
    if c.reason == "unit":
        return _word("units", lang, a=unit_label(str(ra["unit"]), lang), b=unit_label(str(rb["unit"]), lang))
    if c.reason in ("endowment", "neutral"):
        return _word(c.reason, lang)
    return _word("unlike", lang, why=words("alignment_reason", c.reason, lang))


def row_caveats(r: pd.Series, inherited: dict[tuple[str, str], tuple[list[str], str]], lang: str) -> str:
    """A row's caveats in words with where they are printed: its own (`analysis.caveats`, the
    same codes the review and alignment tables show) and those its baseline inherits
    (`inherited`, from `analysis.common.baseline_caveats`: Tongnan's method-changed 41.7)."""
    from ..analysis.common import caveat_sources, caveats, with_baseline_caveats

    rec = {"caveats": ",".join(caveats(r)), "caveat_sources": caveat_sources(r)}
    with_baseline_caveats(rec, inherited.get((str(r["region"]), str(r["indicator_id"]))))
    return caveat_words(rec["caveats"], lang, rec["caveat_sources"])


def _pair_caveats(ra: pd.Series, rb: pd.Series, inherited: dict, lang: str) -> str:
    """Both districts' caveats of one shared indicator, each after its district's name."""
    parts = [
        region_name(str(r["region"]), lang) + word("punct.colon", lang) + text
        for r in (ra, rb)
        if (text := row_caveats(r, inherited, lang))
    ]
    return word("punct.clause", lang).join(parts)


def pair_table(
    table: pd.DataFrame, codebook: Any, region_a: str, region_b: str, lang: str = "zh"
) -> pd.DataFrame:
    """The indicators both districts set: each one's attribute, baseline and target as
    printed, and whose target is stricter in the indicator's direction where the rulebook
    (`analysis.compare`) lets them compare, else why not (an endowment is never ranked), and
    the caveats the plans give on either row (`row_caveats`)."""
    check_lang(lang)
    _check_pair(table, region_a, region_b)
    from ..analysis import codebook_frame
    from ..analysis.common import baseline_caveats

    inherited = baseline_caveats(table)

    names = indicator_names(table, codebook, lang)
    meta = codebook_meta(codebook)
    cb = codebook_frame(codebook)
    ta, tb = _top(table, region_a), _top(table, region_b)
    shared = sorted(
        set(ta["indicator_id"]) & set(tb["indicator_id"]),
        key=lambda i: (domain_rank(meta.get(i, {}).get("domain", "")), names.get(i, i)),
    )
    a, b = region_name(region_a, lang), region_name(region_b, lang)
    records = []
    for ident in shared:
        ra, rb = ta[ta["indicator_id"] == ident].iloc[0], tb[tb["indicator_id"] == ident].iloc[0]
        unit_a, unit_b = str(ra["unit"]), str(rb["unit"])
        attr = lambda r: pick(ATTRIBUTES.get(r["attribute"], ("", "")), lang) if r["attribute"] else ""  # noqa: E731
        records.append(
            {
                "indicator": names.get(ident, ident),
                "unit": unit_label(unit_a, lang) if same_unit(unit_a, unit_b) else "",
                f"{a} · {header('attribute', lang)}": attr(ra),
                f"{a} · {header('baseline', lang)}": str(ra["baseline_raw"] or ""),
                f"{a} · {header('target', lang)}": target_text(ra, lang, short=not wide(lang)),
                f"{b} · {header('attribute', lang)}": attr(rb),
                f"{b} · {header('baseline', lang)}": str(rb["baseline_raw"] or ""),
                f"{b} · {header('target', lang)}": target_text(rb, lang, short=not wide(lang)),
                "comparison": _compare(ra, rb, cb, lang, region_a, region_b),
                "caveats": _pair_caveats(ra, rb, inherited, lang),
            }
        )
    df = pd.DataFrame(
        records,
        columns=[
            "indicator",
            "unit",
            f"{a} · {header('attribute', lang)}",
            f"{a} · {header('baseline', lang)}",
            f"{a} · {header('target', lang)}",
            f"{b} · {header('attribute', lang)}",
            f"{b} · {header('baseline', lang)}",
            f"{b} · {header('target', lang)}",
            "comparison",
            "caveats",
        ],
    )
    names = {"comparison": _word("comparison", lang), "caveats": verdict_header("caveats", lang)}
    return relabel(df.rename(columns=names), lang)


def pair_only(
    table: pd.DataFrame, codebook: Any, region_a: str, region_b: str, lang: str = "zh"
) -> pd.DataFrame:
    """The indicators only one of the two districts sets, with its target as printed."""
    check_lang(lang)
    _check_pair(table, region_a, region_b)
    names = indicator_names(table, codebook, lang)
    meta = codebook_meta(codebook)
    ta, tb = _top(table, region_a), _top(table, region_b)
    records = []
    for region, own, other in ((region_a, ta, tb), (region_b, tb, ta)):
        for _, r in own[~own["indicator_id"].isin(set(other["indicator_id"]))].iterrows():
            records.append(
                {
                    "_rank": domain_rank(meta.get(r["indicator_id"], {}).get("domain", "")),
                    "set_by": region_name(region, lang),
                    "domain": domain_name(str(r["domain"]), lang),
                    "indicator": names.get(r["indicator_id"], r["indicator_id"]),
                    "unit": unit_label(str(r["unit"]), lang),
                    "target": target_text(r, lang, short=not wide(lang)),
                    "source": cite(r, lang),
                }
            )
    df = pd.DataFrame(records, columns=["_rank", "set_by", "domain", "indicator", "unit", "target", "source"])
    df = df.sort_values(["set_by", "_rank"], kind="stable").drop(columns="_rank").reset_index(drop=True)
    names = {"set_by": _word("set_by", lang), "source": rulebook_word("citation", lang)}
    return relabel(df.rename(columns=names), lang)


# -------------------------------------------------------------------------- municipal


def counterparts(indicator_id: str) -> set[str]:
    """The indicator and those it converts to or from (`analysis.common.counterparts`)."""
    from ..analysis.common import counterparts as convertible

    return convertible(indicator_id)


def municipal_uptake(table: pd.DataFrame, codebook: Any, lang: str = "zh") -> pd.DataFrame:
    """Every municipal target (mined from the prose) with the districts that set the same
    indicator, or one it converts to (good-air days for the good-air ratio), in their
    14th-FYP tables."""
    check_lang(lang)
    muni = [r for r in municipal_regions() if r in set(table["region"])]
    if not muni:
        return pd.DataFrame()
    names = indicator_names(table, codebook, lang)
    own = _top(table, muni[0])
    dists = [r for r in districts() if r in set(table["region"])]
    sep = word("punct.list", lang)
    records = []
    for _, r in own.iterrows():
        same = counterparts(r["indicator_id"])  # good-air days count for the good-air ratio
        setting = [d for d in dists if same & _sets(table, d)]
        records.append(
            {
                "_rank": domain_rank(str(r["domain"])),
                "domain": domain_name(str(r["domain"]), lang),
                "indicator": names.get(r["indicator_id"], r["indicator_id"]),
                "unit": unit_label(str(r["unit"]), lang),
                "target": target_text(r, lang),
                "n": len(setting),
                "districts": sep.join(region_name(d, lang) for d in setting),
                # the clause the target was read from, then any note printed for it
                "text": word("punct.clause", lang).join(
                    x for x in (str(r.get("evidence_zh", "") or ""), str(r.get("note_zh", "") or "")) if x
                ),
                "source": cite(r, lang),
            }
        )
    cols = ["_rank", "domain", "indicator", "unit", "target", "n", "districts", "text", "source"]
    df = pd.DataFrame(records, columns=cols).sort_values("_rank", kind="stable").drop(columns="_rank")
    df = df.rename(
        columns={
            "n": _word("n_districts", lang),
            "districts": _word("districts_setting", lang),
            "source": rulebook_word("citation", lang),
        }
    )
    return relabel(df.reset_index(drop=True), lang)


def municipal_uptake_figure(table: pd.DataFrame, codebook: Any, lang: str = "zh") -> Figure:
    """How many of the four districts set each municipal indicator, one bar each for the
    indicators at least one district sets (those no district sets are counted in the uptake
    table and its finding, not drawn as empty bars)."""
    up = municipal_uptake(table, codebook, lang)
    n_col = _word("n_districts", lang)
    ind_col = header("indicator", lang)
    up = up[up[n_col] > 0].sort_values(n_col, ascending=False, kind="stable")
    ticks = [_wrapped(x, lang) for x in up[ind_col]]
    lines = sum(t.count("\n") + 1 for t in ticks)
    fig = new_figure(7.0, 1.3 + 0.2 * len(up) + 0.12 * (lines - len(up)))
    ax = fig.add_subplot()
    n_districts = len([r for r in districts() if r in set(table["region"])])
    ax.barh(range(len(up)), up[n_col], color="#4d6d9a", height=0.65)
    ax.set_yticks(range(len(up)), ticks, fontsize=7.5)
    ax.invert_yaxis()
    ax.set_xlim(0, max(n_districts, 1) + 0.2)
    ax.set_xticks(range(n_districts + 1))
    ax.set_xlabel(_word("axis_districts", lang), fontsize=9)
    ax.grid(axis="y", visible=False)
    ax.set_title(fitted_title(fig, _word("uptake_title", lang), 11, share=0.6), fontsize=11, loc="left")
    source_line(fig, figure_text("source_plans", lang))
    attach_data(
        fig, up[[header("domain", lang), ind_col, header("unit", lang), n_col]].reset_index(drop=True)
    )
    describe(
        fig,
        word("text.pair.bar_chart", lang)
        + _word("uptake_title", lang)
        + word("punct.clause", lang)
        + word("punct.list", lang).join(f"{i} {n}" for i, n in zip(up[ind_col], up[n_col])),
    )
    return fig


def _wrapped(text: str, lang: str, width: int = 40) -> str:
    """A bar label in lines that fit beside the chart (CJK text breaks between characters),
    never cut."""
    import textwrap

    return "\n".join(textwrap.wrap(text, 18 if wide(lang) else width, break_on_hyphens=False)) or text
