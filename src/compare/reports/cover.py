"""The cover every PDF opens with: title, the plans it covers with their document numbers
(文号, from the source manifest), date, data and code versions, and a one-paragraph summary
made of the report's own key findings.

The cover is part of the page (``<section class="cover">`` before the first cell) and is
shown in print only: the PDF sets it on a page of its own without running title or page
number, the web page keeps its title and front matter at the top as before, and the Word
copy opens with it too. Every string from the manifest is escaped; in an English report
the plans' Chinese titles and document numbers are quoted (``span.quote``), since the
number as printed is the evidence.
"""

from __future__ import annotations

import html as htmlmod
from typing import Any

from .. import paths
from ..figures.labels import page_text, region_name
from ..words import choose, wide, word

#: Manifest kinds of a plan document; every other kind (facts, observations) is a secondary source.
PLAN_KINDS = ("tables", "prose")
#: Parameters that name the regions a report is about.
REGION_PARAMETERS = ("region", "region_a", "region_b")


def _quote(text: str, lang: str) -> str:
    """Escaped ``text``; quoted Chinese in an English report."""
    escaped = htmlmod.escape(text)
    return escaped if wide(lang) else f'<span class="quote" lang="zh">{escaped}</span>'


def manifest_rows() -> list[dict[str, str]]:
    """The source manifest's rows (empty if it cannot be read)."""
    import csv
    import io

    try:
        text = paths.MANIFEST.read_text(encoding="utf-8-sig")
    except OSError:
        return []
    return [row for row in csv.DictReader(io.StringIO(text)) if row.get("file")]


def covered_regions(parameters: dict[str, Any]) -> list[str] | None:
    """The regions whose plans a report is about, or None for all of them: a region
    report (profile, pair, brief) covers the regions its parameters name, every other
    report (an indicator report shows every plan, setting it or not) the whole manifest."""
    named = [str(parameters[k]) for k in REGION_PARAMETERS if parameters.get(k)]
    return named or None


def add_cover(body: str, title: str, lang: str, parameters: dict[str, Any], front_matter: str) -> str:
    """``body`` with its cover in front (see the module docstring)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(body, "html.parser")
    plans = plan_items(manifest_rows(), covered_regions(parameters), lang)
    if soup.find(class_="one-page") is not None:  # a one-page report: its top is the cover
        marker = '<div class="front-matter">'
        return body.replace(marker, compact_cover_html(lang, plans, front_matter) + marker, 1)
    summary = findings_summary(soup) or intro_summary(soup)
    return cover_html(title, lang, plans, front_matter, summary) + "\n" + body


def compact_cover_html(lang: str, plans: list[str], front_matter: str) -> str:
    """The cover's parts for a one-page report, set under its title: the plans covered (one
    line) and, in print, the front matter."""
    t = lambda key: htmlmod.escape(page_text(key, lang))  # noqa: E731
    items = "".join(plans).replace("<li>", "<span>").replace("</li>", "</span>")
    return (
        f'<section class="cover-compact"><p><b>{t("cover_plans")}</b> {items}</p>'
        + front_matter.replace('class="front-matter"', 'class="front-matter cover-meta"', 1)
        + "</section>"
    )


def plan_items(rows: list[dict[str, str]], regions: list[str] | None, lang: str) -> list[str]:
    """One HTML line per registered source of ``regions`` (all if None), in manifest order:
    region, plan title (a secondary source named as such), 文号 and date of issue."""
    t = lambda key: htmlmod.escape(page_text(key, lang))  # noqa: E731
    items = []
    for row in rows:
        if regions is not None and row.get("region") not in regions:
            continue
        secondary = row.get("kind") not in PLAN_KINDS
        if secondary:
            title = t("cover_secondary") + word("punct.colon", lang) + _quote(row.get("title_zh", ""), lang)
        else:  # the plan's own title in Chinese, its kind in English
            title = choose(lang, htmlmod.escape(f"《{row.get('title_zh', '')}》"), t("cover_plan_title"))
        number = row.get("doc_no") or ""
        parts = [f"<b>{htmlmod.escape(region_name(row.get('region', ''), lang))}</b> {title}"]
        if not secondary:
            parts.append(
                f"{t('cover_doc_no')} {_quote(number, lang)}" if number else t("cover_doc_no_missing")
            )
        if row.get("issued"):
            parts.append(f"{t('cover_issued')} {htmlmod.escape(row['issued'])}")
        items.append(f"<li>{word('punct.clause', lang).join(parts)}</li>")
    return items


def findings_summary(soup: Any, max_sentences: int = 3) -> str:
    """The report's key findings as one paragraph: the first sentence of its first
    ``max_sentences`` findings (HTML, already escaped by the page), or '' if it has none."""
    block = soup.find(class_="findings")
    if block is None:
        return ""
    sentences = []
    for li in block.find_all("li", recursive=True):
        p = li.find("p", recursive=False)
        if p is not None and p.get_text(strip=True):
            sentences.append("".join(str(c) for c in p.contents).strip())
        if len(sentences) == max_sentences:
            break
    return " ".join(sentences)


def intro_summary(soup: Any) -> str:
    """The report's intro paragraph (the one under its title), for a report without findings."""
    h1 = soup.find("h1")
    p = h1.find_next("p") if h1 is not None else None
    return "".join(str(c) for c in p.contents).strip() if p is not None else ""


def cover_html(title: str, lang: str, plans: list[str], front_matter: str, summary: str) -> str:
    """The cover block (HTML): title, plans covered, front matter, summary."""
    t = lambda key: htmlmod.escape(page_text(key, lang))  # noqa: E731
    parts = [
        '<section class="cover">',
        f'<p class="cover-kicker">{t("index_title")}</p>',
        f'<p class="cover-title">{htmlmod.escape(title)}</p>',
    ]
    if summary:
        parts.append(f'<p class="cover-label">{t("cover_summary")}</p><p class="cover-summary">{summary}</p>')
    if plans:
        parts.append(
            f'<p class="cover-label">{t("cover_plans")}</p><ul class="cover-plans">{"".join(plans)}</ul>'
        )
    parts.append(front_matter.replace('class="front-matter"', 'class="front-matter cover-meta"', 1))
    parts.append("</section>")
    return "".join(parts)


COVER_CSS = """
section.cover { display: none; }
@media print {
  section.cover { display: block; page: cover; break-after: page; padding-top: 35mm; }
  div.front-matter:not(.cover-meta) { display: none; }
}
section.cover-compact { font-size: 0.78em; color: #333; }
section.cover-compact p { margin: 0.1em 0; }
section.cover-compact p span + span::before { content: " · "; }
@media screen { section.cover-compact .cover-meta { display: none; } }
@page cover { @top-left { content: none; } @bottom-center { content: none; } }
.cover-kicker { font-size: 0.95em; color: #1f5f8b; letter-spacing: 0.02em; margin: 0; }
.cover-title { font-size: 2.1em; font-weight: bold; line-height: 1.2; margin: 0.3em 0 1.2em 0;
               border-bottom: 1.5pt solid #1f5f8b; padding-bottom: 0.4em; }
.cover-label { font-weight: bold; margin: 1.1em 0 0.2em 0; color: #333; }
.cover-summary { font-size: 1.05em; }
ul.cover-plans { padding-left: 1.2em; margin: 0.2em 0 1em 0; }
ul.cover-plans li { margin: 0.15em 0; }
"""
