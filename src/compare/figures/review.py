"""The 13th FYP in review: display tables and the figure of `analysis.target_attainment`.

Each verdict shows what the numbers say, what the plan says (its status column, a text
cell, the notes printed with the table, each with its line), the final verdict with its
reason, and every caveat the plan gives, so nothing a director reads contradicts the plan.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..errors import ParameterError

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure
from ..words import wide, word
from .citations import cite
from .claims import column_totals
from .format import check_region, has_children, region_order, row_name
from .labels import (
    caveat_words,
    check_lang,
    header,
    indicator_names,
    region_name,
    rulebook_word,
    verdict_header,
    words,
)
from .records import attach_data
from .theme import PAGE_WIDTH_IN, TEXT_COLOUR, legend_below, new_figure, source_line

#: One colour per final verdict (analysis.FINAL_VERDICTS order).
FINAL_COLOURS = {
    "met": "#1b7837",
    "met_per_plan": "#7fbf7b",
    "missed": "#b2182b",
    "not_assessable": "#bdbdbd",
}
OUTCOMES = tuple(FINAL_COLOURS)


def attainment(table: pd.DataFrame, codebook: Any = None) -> pd.DataFrame:
    """``analysis.target_attainment`` in region order, with ``outcome`` (the final verdict)
    and ``reason`` (its reason code).

    Group headers without cells of their own (``饮用水源地水质达标率`` over its urban and
    township sub-rows) are not targets and are left out.
    """
    from .. import analysis

    att = analysis.target_attainment(table, codebook)
    headers = table[
        has_children(table)
        & (table["target_raw"].astype(str) == "")
        & (table["achieved_raw"].astype(str) == "")
    ]
    if not att.empty and not headers.empty:
        keys = set(zip(headers["region"], headers["period"], headers["table"], headers["row"]))
        att = att[[k not in keys for k in zip(att["region"], att["period"], att["table"], att["row"])]]
    if att.empty:
        return att.assign(outcome=pd.Series(dtype=str), reason=pd.Series(dtype=str))
    att = att.assign(outcome=att["final"], reason=att["final_reason"])
    order = {r: i for i, r in enumerate(region_order(table))}
    att = att.assign(_r=att["region"].map(order))
    return att.sort_values(["_r", "row"], kind="stable").drop(columns="_r").reset_index(drop=True)


def _isnan(v: Any) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))


def _numbers_text(a: pd.Series, lang: str) -> str:
    """The verdict by the numbers, with the signed gap or why there is none."""
    status = str(a["status"])
    if status in ("met", "missed"):
        gap = a.get("gap_signed")
        text = words("numbers", status, lang)
        if not _isnan(gap):
            unit = word("text.review.class", lang) if a.get("target_kind") == "class" else ""
            text += word("text.review.gap_gap_4gunit", lang, gap=gap, unit=unit)
        return text
    reason = status[status.find("(") + 1 : -1] if "(" in status else ""
    why = words("final_reason", reason.replace(" ", "_"), lang) if reason else ""
    return words("numbers", "not_assessable", lang) + (word("text.review.why", lang, why=why) if why else "")


def _statement(a: pd.Series, lang: str) -> str:
    """The plan's own words on the row: its status or text cell, then every note, with lines."""
    parts: list[str] = []
    evidence = str(a.get("evidence", "") or "")
    if evidence:
        parts.append(evidence)
    note = str(a.get("note_zh", "") or "")
    if note and note not in evidence:
        parts.append(note)
    sources = str(a.get("note_sources", "") or "")
    # a Chinese reader reads the plan's words as they are; an English one by their meaning
    text = word("punct.clause", lang).join(parts) if wide(lang) else _statement_en(evidence, note, a)
    if sources and note:
        text += word("punct.paren", lang, text=sources)
    return text


def _statement_en(evidence: str, note: str, a: pd.Series) -> str:
    """The plan's words for an English reader: each by its meaning (the status phrase, the
    note's kinds), the Chinese after it in quotation marks as the evidence."""
    from .labels import printed_meaning

    parts = []
    if evidence:
        meaning = printed_meaning(evidence) or words("note_kind", "status_verdict", "en")
        parts.append(f"{meaning} (“{evidence}”)")
    if note and note not in evidence:
        kinds = [k for k in str(a.get("note_kinds", "") or "").split(",") if k]
        meaning = "; ".join(words("note_kind", k, "en") for k in kinds) or words("note_kind", "context", "en")
        parts.append(f"{meaning}: “{note}”")
    return "; ".join(parts)


def _because(a: pd.Series, lang: str) -> str:
    reason = words("final_reason", str(a["final_reason"]), lang)
    if a["final_reason"] == "assessed_target" and not _isnan(a.get("note_target_value")):
        reason += word("text.review.note_target_value_g", lang, note_target_value=a["note_target_value"])
    return reason


def review_13th(
    table: pd.DataFrame,
    lang: str = "zh",
    region: str | None = None,
    codebook: Any = None,
    outcome: str | None = None,
    indicator_id: str | None = None,
) -> pd.DataFrame:
    """Every district 13th-FYP target: target and achieved as printed, the verdict by the
    numbers, the plan's own statement and notes (with their lines), the final verdict and
    why, the caveats, and the source line. ``region``, ``outcome`` (a final verdict: met,
    met_per_plan, missed, not_assessable) and ``indicator_id`` select rows."""
    check_lang(lang)
    if region:
        check_region(table, region)
    if outcome and outcome not in OUTCOMES:
        raise ParameterError(f"outcome {outcome!r} is not valid; valid values: {', '.join(OUTCOMES)}")
    att = attainment(table, codebook)
    if region:
        att = att[att["region"] == region]
    if outcome:
        att = att[att["outcome"] == outcome]
    if indicator_id:
        att = att[att["indicator_id"] == indicator_id]
    names = indicator_names(table, codebook, lang)
    zh_names = indicator_names(table, codebook, "zh")
    records = []
    for _, a in att.iterrows():
        final = words("final", str(a["final"]), lang)
        records.append(
            {
                "region": region_name(a["region"], lang),
                "indicator": row_name(names, zh_names, a["indicator_id"], str(a["indicator_name_zh"]), lang),
                "target_achieved": f"{a['target_raw'] or '—'} → {a['achieved_raw'] or '—'}",
                "numbers": _numbers_text(a, lang),
                "statement": _statement(a, lang),
                "final": final + word("text.review.because", lang, because=_because(a, lang)),
                "caveats": caveat_words(a.get("caveats", ""), lang, a.get("caveat_sources", "")),
                "source": cite(a, lang),
            }
        )
    columns = ["region", "indicator", "target_achieved", "numbers", "statement", "final", "caveats", "source"]
    if region:  # one region: the column would repeat its name on every row
        columns.remove("region")
    df = pd.DataFrame(records, columns=columns)
    names = {c: verdict_header(c, lang) for c in df.columns} | {"source": rulebook_word("citation", lang)}
    return df.rename(columns=names)


def review_summary(table: pd.DataFrame, lang: str = "zh", codebook: Any = None) -> pd.DataFrame:
    """Final verdicts per district, their total, and how many rest on a note printed with the
    table or on the plan's own statement (`analysis.attainment_summary`)."""
    from .. import analysis

    check_lang(lang)
    att = attainment(table, codebook)
    counts = analysis.attainment_summary(att)
    regions = [r for r in region_order(table) if r in counts.index]
    counts = counts.reindex(regions)
    counts.columns = [
        words("final", c, lang)
        if c in OUTCOMES
        else header("total", lang)
        if c == "total"
        else verdict_header(c, lang)
        for c in counts.columns
    ]
    counts.index = [region_name(r, lang) for r in counts.index]
    counts.index.name = header("region", lang)
    return counts.astype(int)


def review_claims(summary: pd.DataFrame, lang: str = "zh") -> dict[str, int]:
    """The counts the review summary table (`review_summary`, as shown) gives, keyed like the
    ``review_totals`` finding (``review_totals.met``, ``.total``, ``.on_note``…), for the check
    that the headline agrees with the table (`claims.mismatches`)."""
    keys = {c: words("final", c, lang) for c in OUTCOMES}
    keys |= {"total": header("total", lang)}
    keys |= {c: verdict_header(c, lang) for c in ("on_note", "on_statement")}
    return column_totals(summary, "review_totals", keys)


def record_claims(table: pd.DataFrame, codebook: Any = None, region: str | None = None) -> dict[str, int]:
    """The counts of the targets `review_13th` lists (one region's, or all), keyed like the
    ``review_totals`` finding, from the same attainment frame the table shows: for a table
    that lists the targets one by one (a profile's record), where `review_claims` reads a
    summary table."""
    from .. import analysis

    att = attainment(table, codebook)
    if region:
        att = att[att["region"] == region]
    counts = analysis.attainment_summary(att)
    return column_totals(counts, "review_totals", {c: c for c in counts.columns})


def review_figure(table: pd.DataFrame, lang: str = "zh", codebook: Any = None) -> Figure:
    """Stacked bars: each district's 13th-FYP targets by final verdict (met, met per the
    plan's note or statement, missed, not assessable)."""
    check_lang(lang)
    att = attainment(table, codebook)
    regions = [r for r in region_order(table) if r in set(att["region"])]
    counts = pd.crosstab(att["region"], att["outcome"]).reindex(
        index=regions, columns=list(OUTCOMES), fill_value=0
    )
    fig = new_figure(PAGE_WIDTH_IN, 1.8 + 0.6 * len(regions))
    ax = fig.add_subplot()
    left = pd.Series(0, index=counts.index)
    ylabels = [region_name(r, lang) for r in counts.index]
    for s in OUTCOMES:
        ax.barh(
            ylabels, counts[s], left=left, color=FINAL_COLOURS[s], label=words("final", s, lang), height=0.6
        )
        for y, (r, n) in enumerate(counts[s].items()):
            if n:
                dark = s in ("met", "missed")
                ax.text(
                    left[r] + n / 2,
                    y,
                    str(n),
                    ha="center",
                    va="center",
                    fontsize=9,
                    color="white" if dark else TEXT_COLOUR,
                )
        left = left + counts[s]
    ax.invert_yaxis()
    ax.set_xlabel(word("text.review.targets_count", lang))
    ax.grid(axis="y", visible=False)
    handles, _labels = ax.get_legend_handles_labels()
    legend_below(ax, handles, ncol=4, gap=38.0)
    ax.set_title(word("text.review.13th_fyp_targets_by_final_verdict_the_pl", lang))
    source_line(
        fig,
        word("text.review.source_the_districts_13th_fyp_tables_and", lang),
    )
    attach_data(fig, counts.rename_axis(index="region", columns=None).reset_index())
    return fig
