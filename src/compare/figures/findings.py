"""The executive summary of a report: `analysis.findings` as sentences in zh or en.

Each finding becomes one sentence from its template (`SENTENCES`, filled with the finding's
values), the rows it names, its caveats in words and its evidence lines. The block is HTML
built here with every string from the documents escaped (TEAM decision 5), so a note or a
cell can never inject markup into a report.
"""

from __future__ import annotations

import html
import re
from typing import Any

import pandas as pd

from .. import analysis
from .labels import check_lang, indicator_name, label, region_name, words

#: code -> (zh, en) sentence templates over a finding's values.
SENTENCES: dict[str, tuple[str, str]] = {
    "overview_coverage": (
        "五份规划共设 {indicators} 项“十四五”指标，{shared} 项至少两份规划都有；四个区县的 {district_rows} 行目标中 "
        "{numeric} 行给出数值，{assigned} 行由上级下达，{qualitative} 行为定性或“保持”，{none} 行无数。",
        "The five plans set {indicators} 14th-FYP indicators, {shared} of them in at least two plans; of the "
        "{district_rows} district target rows, {numeric} give a number, {assigned} are set by a higher level, "
        "{qualitative} are qualitative or 'maintain', {none} give none.",
    ),
    "overview_dashboard": (
        "按统一的距目标值尺度，{scored} 项有数值的目标中 {green} 项为绿、{yellow} 项黄、{orange} 项橙、{red} 项红。",
        "On the common distance-to-target scale, of {scored} scored targets {green} are green, {yellow} yellow, "
        "{orange} orange and {red} red.",
    ),
    "overview_notes": (
        "{rows_with_notes} 行区县目标附有规划注释；{rows_with_caveats} 行目标带有提示：{set_by_higher_level} 行最终以上级下达为准，"
        "{estimate} 行为预计数，{context} 行另有背景说明。",
        "{rows_with_notes} district target rows carry a note of their plan; {rows_with_caveats} targets carry a "
        "caveat: {set_by_higher_level} are final only when the city sets them, {estimate} are estimates, "
        "{context} have a context note.",
    ),
    "overview_secondary": (
        "市级规划的指标表已缺失：{n} 项市级2025年目标取自二手来源（新闻发布会报道，{url}），已逐项标注。",
        "The municipal plan's indicator table is lost: {n} municipal 2025 targets come from a secondary source "
        "(a press report of its press conference, {url}), each marked as such.",
    ),
    "review_totals": (
        "“十三五”目标共 {total} 项：{met} 项按数值完成，{met_per_plan} 项按规划说明完成，{missed} 项未完成，"
        "{not_assessable} 项无法评估；其中 {on_note} 项结论依据规划注释，{on_statement} 项依据规划自述。",
        "Of {total} 13th-FYP targets, {met} were met by the numbers, {met_per_plan} met per the plan, {missed} "
        "missed and {not_assessable} cannot be assessed; {on_note} verdicts rest on a note printed with the table "
        "and {on_statement} on the plan's own statement.",
    ),
    "review_turned": (
        "按数值看似未完成、但规划注释另有说明的 {n} 项：",
        "{n} targets look missed by the numbers but the plan's notes say otherwise:",
    ),
    "review_missed": (
        "读过规划注释后，仍未完成的目标有 {n} 项。",
        "After reading the plans' notes, {n} targets remain missed.",
    ),
    "review_not_assessable": (
        "{n} 项无法评估（无数值、数据待定、口径已变或目标由上级下达）：",
        "{n} targets cannot be assessed (no figure, data pending, definition changed or set by a higher level):",
    ),
    "review_data_year": (
        "{n} 项完成值为 {years} 年数据，而非2020年：",
        "{n} achieved values are data of {years}, not 2020:",
    ),
    "alignment_compared": (
        "区县“十四五”目标 {rows} 行中，{compared} 行可与市级数值比较：{stricter} 行严于市级，{equal} 行相同，{weaker} 行弱于市级；"
        "{not comparable} 行不可比，{not quantified} 行区县未量化，{municipal not stated} 行市级未给数值，{aggregate} 行为全市总体值（禀赋类，不作比较）。",
        "Of {rows} district 14th-FYP target rows, {compared} compare with a municipal figure: {stricter} stricter, "
        "{equal} equal, {weaker} weaker; {not comparable} not comparable, {not quantified} not quantified by the "
        "district, {municipal not stated} without a municipal figure, {aggregate} city-wide aggregates of endowment "
        "(not compared).",
    ),
    "alignment_weaker": ("弱于市级的目标 {n} 项：", "{n} targets are weaker than the city's:"),
    "alignment_aggregate": (
        "{n} 行为反映土地与自然禀赋的指标（自然保护地、森林覆盖率等），市级数值是全市总体值，不据此评判区县：",
        "{n} rows are endowment indicators (protected areas, forest cover): the municipal figure is a city-wide "
        "aggregate, not a commitment to judge districts by:",
    ),
    "alignment_unstated": (
        "{n} 行区县目标（{indicators} 项指标）在市级规划正文和二手来源中均无数值，无法对比。",
        "{n} district target rows ({indicators} indicators) have no municipal figure in the plan text or the "
        "secondary source, so they cannot be compared.",
    ),
    "alignment_omitted": (
        "市级量化而区县未列入的：{missing} 处；另有 {city_only} 处为市级总量、项目或跨界断面，本不由区县列出。",
        "Quantified by the city but not listed by a district: {missing}; a further {city_only} are municipal "
        "totals, projects or border sections no district is expected to list.",
    ),
    "ambition_classes": (
        "区县“十四五”目标 {rows} 行中，{rated} 行可计算变化：{improve} 行提升，{hold} 行持平，{relax} 行放宽，{at ceiling} 行已达上限。",
        "Of {rows} district 14th-FYP target rows, {rated} can be rated: {improve} improve, {hold} hold, "
        "{relax} relax and {at ceiling} are already at their ceiling.",
    ),
    "ambition_relax": (
        "放宽（目标差于2020年基数）的 {n} 项及其提示：",
        "{n} targets relax (worse than the 2020 baseline), with their caveats:",
    ),
    "ambition_ceiling": (
        "{n} 项目标的基数已达上限（如100%）并保持，不与仍在提升的目标排名。",
        "{n} targets are already at their ceiling (such as 100%) and stay there; they are not ranked against targets that move.",
    ),
    "ambition_pace": (
        "{n} 项目标有2015和2020年值；其中 {with_ratio} 项可计算计划与“十三五”速度之比，{near_zero} 项因“十三五”变化近零而不计比值：",
        "{n} targets have 2015 and 2020 values; {with_ratio} give a planned/achieved pace ratio, {near_zero} give "
        "none because the 2015–20 change was near zero:",
    ),
    "ambition_unrated": (
        "另有 {assigned} 项由上级下达、{qualitative} 项为定性或“保持”、{flow} 项为五年累计降幅，不计算年均速度。",
        "A further {assigned} targets are set by a higher level, {qualitative} are qualitative or 'maintain' and "
        "{flow} are five-year reductions; no annual rate is computed for them.",
    ),
    "brief_lights": (
        "{n} 项主要目标中 {scored} 项可按统一尺度评定：{green} 项绿、{yellow} 项黄、{orange} 项橙、{red} 项红。",
        "Of {n} headline targets, {scored} are scored on the common scale: {green} green, {yellow} yellow, "
        "{orange} orange and {red} red.",
    ),
    "brief_city": (
        "{n} 项主要目标中 {compared} 项可与市级数值比较：{stricter} 项严于市级，{equal} 项相同，{weaker} 项弱于市级。",
        "Of {n} headline targets, {compared} compare with a city figure: {stricter} stricter, {equal} equal, "
        "{weaker} weaker than the city's.",
    ),
    "brief_shared": (
        "{n} 项主要目标中 {shared} 项至少有一个区也设定，{all} 项全部 {districts} 个区都设定。",
        "Of {n} headline targets, {shared} are also set by at least one district, {all} by all {districts}.",
    ),
    "brief_lowest": (
        "距最优值最远的主要目标得分 {score}（{light_word}）：",
        "The headline target furthest from the optimum scores {score} ({light_word}):",
    ),
    "profile_targets": (
        "本区“十四五”目标 {rows} 行：{numeric} 行给出数值，{assigned} 行由上级下达，{qualitative} 行为定性或“保持”，{none} 行无数。",
        "The district's 14th-FYP table has {rows} rows: {numeric} give a number, {assigned} are set by a higher "
        "level, {qualitative} are qualitative or 'maintain', {none} give none.",
    ),
}


def _fill(template: str, values: dict[str, Any]) -> str:
    shown = {
        k: (", ".join(str(x) for x in v) if isinstance(v, (list, tuple)) else v) for k, v in values.items()
    }
    for key, value in shown.items():
        template = template.replace("{" + key + "}", str(value))
    return template


def sentence(f: analysis.Finding, lang: str = "zh") -> str:
    """The sentence of one finding in ``lang`` (plain text, not escaped)."""
    check_lang(lang)
    zh, en = SENTENCES[f.code]
    return _fill(label(lang, zh, en), dict(f.values))


def _item_text(item: dict[str, Any], codebook: Any, lang: str) -> str:
    text = f"{region_name(item['region'], lang)} {indicator_name(codebook, item['indicator_id'], lang)}"
    if item.get("text"):
        text += f" {item['text']}"
    extra = []
    if item.get("final"):
        extra.append(
            words("final", item["final"], lang)
            + label(lang, "：", ": ")
            + words("final_reason", item.get("reason", ""), lang)
        )
    elif item.get("reason"):
        extra.append(words("final_reason", item["reason"], lang))
    if item.get("light"):
        extra.append(f"{item.get('score', '')} · " + words("light", item["light"], lang))
    if item.get("pace"):
        extra.append(words("pace", item["pace"], lang))
    converted = item.get("converted")
    if converted is not None and not (isinstance(converted, float) and pd.isna(converted)):
        extra.append(label(lang, f"≈{converted:.1f}%", f"≈ {converted:.1f}%"))
    if item.get("caveats"):
        extra.append("；".join(words("caveat", c, lang) for c in str(item["caveats"]).split(",") if c))
    if extra:
        text += label(lang, f"（{'；'.join(extra)}）", f" ({'; '.join(extra)})")
    return f"{text} [{item['source']}]"


def summary_html(
    findings: list[analysis.Finding], codebook: Any = None, lang: str = "zh", max_items: int = 6
) -> str:
    """The executive summary as an HTML block (every document string escaped)."""
    check_lang(lang)
    esc = html.escape
    title = label(lang, "要点", "Key findings")
    parts = [f'<div class="findings"><h2>{esc(title)}</h2><ol>']
    for f in findings:
        parts.append(f"<li><p>{esc(sentence(f, lang))}</p>")
        if f.items:
            parts.append("<ul>")
            for item in f.items[:max_items]:
                # an item quotes the plan's cells: in English, its Chinese is set as a quote
                parts.append(f"<li>{quote_chinese(esc(_item_text(item, codebook, lang)), lang)}</li>")
            if len(f.items) > max_items:
                more = len(f.items) - max_items
                parts.append(
                    f"<li>{esc(label(lang, f'另有 {more} 项，见下文表格', f'{more} more in the tables below'))}</li>"
                )
            parts.append("</ul>")
        if f.caveats:
            cav = (
                "；".join(words("caveat", c, lang) for c in f.caveats)
                if lang == "zh"
                else "; ".join(words("caveat", c, lang) for c in f.caveats)
            )
            parts.append(f"<p><small>{esc(label(lang, '提示：', 'Caveats: '))}{esc(cav)}</small></p>")
        if f.evidence:
            shown = list(f.evidence[:8])
            more = len(f.evidence) - len(shown)
            ev = ", ".join(shown) + (
                label(lang, f" 等 {len(f.evidence)} 处", f" and {more} more") if more else ""
            )
            parts.append(f"<p><small>{esc(label(lang, '依据：', 'Evidence: '))}{esc(ev)}</small></p>")
        parts.append("</li>")
    parts.append("</ol></div>")
    return "".join(parts)


def show_summary(
    table: pd.DataFrame, kind: str, codebook: Any = None, lang: str = "zh", region: str | None = None
):
    """The executive summary of a report of ``kind`` for display in a notebook cell."""
    from IPython.display import HTML

    return HTML(summary_html(analysis.findings(table, kind, codebook, region=region), codebook, lang))


def heading(key: str, lang: str = "zh", level: int = 2):
    """A section heading from `labels.VERDICT_SECTIONS` in ``lang``, as escaped HTML."""
    from IPython.display import HTML

    from .labels import section_title

    return HTML(f"<h{level}>{html.escape(section_title(key, lang))}</h{level}>")


def paragraph(text: str):
    """A paragraph of text (escaped) for display in a report."""
    from IPython.display import HTML

    return HTML(f"<p>{html.escape(text)}</p>")


_CHINESE_RUN = re.compile(
    r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+(?:[\s\d]*[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+)*\d*"
)


def quote_chinese(escaped: str, lang: str) -> str:
    """In an English text, the plans' own marks and words it cites (注1, 【1】, 左右) set
    as quotes in Chinese (``<span class="quote" lang="zh">``), so a reader and the
    language check see them as quoted, not as untranslated words. A zh text is unchanged."""
    if lang == "zh":
        return escaped
    return _CHINESE_RUN.sub(lambda m: f'<span class="quote" lang="zh">{m.group(0)}</span>', escaped)


def methods_rules(lang: str = "zh"):
    """The METHODS report's rules, one numbered paragraph each, in ``lang``."""
    from IPython.display import HTML

    from .labels import METHOD_RULES

    check_lang(lang)
    items = "".join(
        f"<li><p>{quote_chinese(html.escape(label(lang, zh, en)), lang)}</p></li>" for zh, en in METHOD_RULES
    )
    return HTML(f"<ol>{items}</ol>")
