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
from ..words import wide, word, word_group
from .claims import claims_attr
from .labels import check_lang, indicator_name, label, region_name, words

#: code -> (zh, en) sentence templates over a finding's values.
SENTENCES: dict[str, tuple[str, str]] = word_group("findings.sentences")
#: The overview's progress finding (merged into findings.sentences by words_extract).


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
    extra = _verdict_words(item, lang) + _detail_words(item, lang)
    if extra:
        text += word("punct.paren", lang, text=word("punct.clause", lang).join(extra))
    return f"{text} [{item['source']}]"


def _verdict_words(item: dict[str, Any], lang: str) -> list[str]:
    """The item's verdicts in words: final status and reason, progress, alignment, light, pace."""
    extra = []
    if item.get("final"):
        extra.append(
            words("final", item["final"], lang)
            + word("punct.colon", lang)
            + words("final_reason", item.get("reason", ""), lang)
        )
    elif item.get("reason"):
        extra.append(words("final_reason", item["reason"], lang))
    if item.get("progress"):
        extra.append(word("progress_statuses." + str(item["progress"]), lang))
    if item.get("status"):  # an alignment status: stricter ... or above/at/below the city-wide level
        extra.append(words("alignment", item["status"], lang))
    if item.get("light"):
        extra.append(f"{item.get('score', '')} · " + words("light", item["light"], lang))
    if item.get("pace"):
        extra.append(words("pace", item["pace"], lang))
    return extra


def _detail_words(item: dict[str, Any], lang: str) -> list[str]:
    """The item's converted value and caveats in words."""
    extra = []
    converted = item.get("converted")
    if converted is not None and not (isinstance(converted, float) and pd.isna(converted)):
        extra.append(word("text.findings.converted_1f", lang, converted=converted))
    if item.get("caveats"):
        extra.append("；".join(words("caveat", c, lang) for c in str(item["caveats"]).split(",") if c))
    return extra


def summary_html(
    findings: list[analysis.Finding], codebook: Any = None, lang: str = "zh", max_items: int = 6
) -> str:
    """The executive summary as an HTML block (every document string escaped)."""
    check_lang(lang)
    esc = html.escape
    title = word("text.findings.key_findings", lang)
    parts = [f'<div class="findings"><h2>{esc(title)}</h2><ol>']
    for f in findings:
        parts.append(f"<li{claims_attr(f.code, f.values)}><p>{esc(sentence(f, lang))}</p>")
        if f.items:
            parts.append("<ul>")
            for item in f.items[:max_items]:
                # an item quotes the plan's cells: in English, its Chinese is set as a quote
                parts.append(f"<li>{quote_chinese(esc(_item_text(item, codebook, lang)), lang)}</li>")
            if len(f.items) > max_items:
                more = len(f.items) - max_items
                parts.append(
                    f"<li>{esc(word('text.findings.more_more_in_the_tables_below', lang, more=more))}</li>"
                )
            parts.append("</ul>")
        if f.caveats:
            cav = word("punct.clause", lang).join(words("caveat", c, lang) for c in f.caveats)
            parts.append(f"<p><small>{esc(word('text.findings.caveats', lang))}{esc(cav)}</small></p>")
        if f.evidence:
            shown = list(f.evidence[:8])
            more = len(f.evidence) - len(shown)
            ev = ", ".join(shown) + (
                word("text.findings.evidence_more", lang, total=len(f.evidence), more=more) if more else ""
            )
            parts.append(f"<p><small>{esc(word('text.findings.evidence', lang))}{esc(ev)}</small></p>")
        parts.append("</li>")
    parts.append("</ol></div>")
    return "".join(parts)


def show_summary(
    table: pd.DataFrame,
    kind: str,
    codebook: Any = None,
    lang: str = "zh",
    region: str | None = None,
    observed: pd.DataFrame | None = None,
):
    """The executive summary of a report of ``kind`` for display in a notebook cell (with the
    ``observed`` outcomes, the overview's findings count the progress statuses)."""
    from IPython.display import HTML

    found = analysis.findings(table, kind, codebook, region=region, observed=observed)
    return HTML(summary_html(found, codebook, lang))


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
    if wide(lang):
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


def show_pair_summary(table: pd.DataFrame, codebook: Any, region_a: str, region_b: str, lang: str = "zh"):
    """The key findings of a pair report (`analysis.pair.pair_findings`) for a notebook cell."""
    import dataclasses

    from IPython.display import HTML

    from ..analysis.pair import pair_findings

    names = {"name_a": region_name(region_a, lang), "name_b": region_name(region_b, lang)}
    found = [
        dataclasses.replace(f, values={**f.values, **names})
        for f in pair_findings(table, codebook, region_a, region_b)
    ]
    return HTML(summary_html(found, codebook, lang))


def show_indicator_summary(table: pd.DataFrame, codebook: Any, indicator_id: str, lang: str = "zh"):
    """The key findings of an indicator report (`analysis.indicator.indicator_findings`) for a
    notebook cell."""
    import dataclasses

    from IPython.display import HTML

    from ..analysis.indicator import indicator_findings

    name = {"name": indicator_name(codebook, indicator_id, lang)}
    found = [
        dataclasses.replace(f, values={**f.values, **name})
        for f in indicator_findings(table, codebook, indicator_id)
    ]
    return HTML(summary_html(found, codebook, lang))


def ambition_cell_claims(shown: pd.DataFrame, lang: str = "zh") -> dict[str, int]:
    """The ambition classes an indicator's ambition table (`ambition.ambition_table`) shows,
    keyed like its finding (``indicator_ambition.<class>``, ``.rows``)."""
    from ..analysis.findings import RATED
    from .ambition import HEADERS
    from .claims import cell_counts

    column = label(lang, *HEADERS["class"])
    names = {c: words("ambition", c, lang) for c in RATED}
    return cell_counts(shown[column], "indicator_ambition", names) if column in shown.columns else {}


def alignment_cell_claims(shown: pd.DataFrame, lang: str = "zh") -> dict[str, int]:
    """The statuses an indicator's alignment table (`analysis_charts.alignment_table`) shows,
    keyed like its finding (``indicator_alignment.<status>``, ``.rows``)."""
    from .claims import cell_counts
    from .labels import verdict_header

    column = verdict_header("status", lang)
    names = {s: words("alignment", s, lang) for s in analysis.ALIGNMENT_STATUSES}
    return cell_counts(shown[column], "indicator_alignment", names) if column in shown.columns else {}


def marks_legend(lang: str = "zh"):
    """The legend of the marks in a page's cells: the plan's own (*, [ ]) only where printed,
    the suite's (†, ≈) explained (`labels.RULEBOOK_WORDS`)."""
    from IPython.display import HTML

    from .labels import rulebook_word

    return HTML(
        f'<p class="marks-legend"><small>{quote_chinese(html.escape(rulebook_word("marks_legend", lang)), lang)}</small></p>'
    )
