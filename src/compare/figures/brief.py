"""The one-page brief (`analysis.brief`) as one HTML block sized to a single A4 page.

The block holds the key findings (sentences from `findings.SENTENCES`), the headline
targets beside the other plans' targets with their lights, the 13th-FYP record in one
line, progress where the suite has observations (nothing otherwise), and links to the
reports that say more. Every string from the documents is escaped. The page is marked
``one-page`` so the PDF gives it no separate cover: its top carries the cover's parts.
"""

from __future__ import annotations

import dataclasses
import html
from typing import Any

import pandas as pd

from ..analysis import Finding
from ..analysis.brief import brief
from ..words import word
from .findings import summary_html
from .format import baseline_text, target_text
from .labels import (
    check_lang,
    districts,
    header,
    indicator_name,
    municipal_regions,
    region_name,
    same_unit,
    text,
    unit_label,
    words,
)

#: The brief's own print layout: small type so the page holds it all.
BRIEF_CSS = """
div.one-page { font-size: 0.86em; line-height: 1.35; }
div.one-page h2 { font-size: 1.15em; margin: 0.5em 0 0.2em 0; }
div.one-page .findings ol { margin: 0.2em 0; padding-left: 1.4em; }
div.one-page .findings li p { margin: 0.1em 0; }
div.one-page .findings small { font-size: 0.85em; color: #555; }
div.one-page table.brief { font-size: 0.92em; width: 100%; }
div.one-page table.brief th { word-break: keep-all; }
div.one-page table.brief td.text { min-width: 11em; }
div.one-page table.brief td.light-green { background: #cfe8cf; }
div.one-page table.brief td.light-yellow { background: #f6efb8; }
div.one-page table.brief td.light-orange { background: #f7d3a8; }
div.one-page table.brief td.light-red { background: #f2b8b5; }
div.one-page p { margin: 0.25em 0; }
"""


def _peers(region: str, level: str) -> list[str]:
    """The other plans shown beside ``region``: the city first for a district, then districts."""
    cities = [] if level == "municipal" else [r for r in municipal_regions() if r != region]
    return cities + [r for r in districts() if r != region]


def _other_text(other: pd.Series, own: pd.Series, lang: str) -> str:
    """Another plan's target beside the region's: with its own unit where that differs (a
    counterpart: good-air days beside the good-air ratio), before a secondary mark."""
    text = target_text(other, lang, short=True)
    if not text or same_unit(str(other["unit"]), str(own["unit"])) or pd.isna(other["target_value"]):
        return text
    unit = " " + unit_label(str(other["unit"]), lang)
    return text[:-1] + unit + "†" if text.endswith("†") else text + unit


def headline_frame(b: dict[str, Any], codebook: Any, region: str, level: str, lang: str) -> pd.DataFrame:
    """The headline table as display text: indicator, unit, 2020, 2025 target, light, each
    other plan's target for the indicator (blank where it sets none), the status against
    the city (a district)."""
    check_lang(lang)
    others = b["others"].set_index(["region", "indicator_id"])
    peers = _peers(region, level)
    records = []
    for _, r in b["headline"].iterrows():
        rec = {
            header("indicator", lang): indicator_name(codebook, r["indicator_id"], lang),
            "unit": unit_label(str(r["unit"]), lang),
            text("brief.baseline", lang): baseline_text(r, lang) + ("‡" if r["baseline_from_review"] else ""),
            text("brief.target", lang): target_text(r, lang, short=True),
            text("brief.light", lang): text(f"brief.light.{r['light'] or 'none'}", lang),
        }
        for peer in peers:
            key = (peer, r["indicator_id"])
            rec[region_name(peer, lang)] = (
                _other_text(others.loc[key], r, lang) if key in others.index else ""
            )
        if level != "municipal":
            rec[text("brief.vs_city", lang)] = words("alignment", str(r["vs_city"]), lang)
        records.append(rec)
    frame = pd.DataFrame.from_records(records)
    return frame.rename(columns={"unit": header("unit", lang)}) if len(frame) else frame


def _table_html(frame: pd.DataFrame, lights: list[str], lang: str) -> str:
    if frame.empty:
        return f"<p>{html.escape(text('brief.none', lang))}</p>"
    light_col = list(frame.columns).index(text("brief.light", lang))
    head = "".join(f'<th class="col_heading">{html.escape(str(c))}</th>' for c in frame.columns)
    rows = []
    for (_, row), light in zip(frame.iterrows(), lights):
        cells = []
        for k, value in enumerate(row):
            cls = (
                f' class="light-{light}"' if k == light_col and light else (' class="text"' if k == 0 else "")
            )
            cells.append(f"<td{cls}>{html.escape(str(value))}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f'<table class="report-table brief"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _findings_with_words(findings: list[Finding], lang: str) -> list[Finding]:
    """The light of the lowest-scoring target as a word for its sentence."""
    out = []
    for f in findings:
        if f.code == "brief_lowest":
            f = dataclasses.replace(
                f, values={**f.values, "light_word": words("light", f.values["light"], lang)}
            )
        out.append(f)
    return out


def _record_line(record: dict[str, int], lang: str) -> str:
    key = "brief.record_line" if "total" in record else "brief.record_stated"
    return f"<p><b>{html.escape(text('brief.record', lang))}</b>{html.escape(text(key, lang, **record))}</p>"


def _review_note(head: pd.DataFrame, lang: str) -> str:
    """The mark on 2020 values taken from the plan's review, explained (when any is shown)."""
    if not head["baseline_from_review"].any():
        return ""
    return f"<p><small>{html.escape(text('brief.from_review', lang))}</small></p>"


def _progress_line(progress: dict[str, int] | None, lang: str) -> str:
    """Targets per progress status where observations reach them; nothing otherwise."""
    if not progress:
        return ""
    counts = word("punct.list", lang).join(
        f"{word('progress_statuses.' + k, lang)} {v}" for k, v in progress.items()
    )
    return f"<p><b>{html.escape(text('brief.progress', lang))}</b>{html.escape(counts)}</p>"


def _read_more(region: str, level: str, lang: str) -> str:
    """Links to the reports that hold what the brief leaves out (relative, same language)."""
    names = [
        (
            f"profile-{region}-{lang}",
            text("municipal.title" if level == "municipal" else "profile.title", lang),
        )
    ]
    if level != "municipal":
        for other in districts():
            if other != region:
                a, b = sorted((region, other))
                names.append(
                    (
                        f"pair-{a}-{b}-{lang}",
                        text("pair.title_of", lang, a=region_name(a, lang), b=region_name(b, lang)),
                    )
                )
    names += [
        (f"{k}-{lang}", text(f"{k}.title", lang)) for k in ("review", "alignment", "ambition", "methods")
    ]
    links = " · ".join(f'<a href="{html.escape(n)}.html">{html.escape(t)}</a>' for n, t in names)
    return f"<p><b>{html.escape(text('brief.read_more', lang))}</b>{links}</p>"


def brief_html(
    table: pd.DataFrame, codebook: Any, region: str, lang: str = "zh", observed: pd.DataFrame | None = None
) -> str:
    """The whole brief below its title, as one HTML block (``observed``: the observations
    table, for the progress line)."""
    check_lang(lang)
    b = brief(table, codebook, region, observed)
    level = str(table.loc[table["region"] == region, "level"].iloc[0])
    intro = "brief.lead_municipal" if level == "municipal" else "brief.lead"
    frame = headline_frame(b, codebook, region, level, lang)
    parts = [
        f"<style>{BRIEF_CSS}</style>",
        '<div class="one-page">',
        f"<p>{html.escape(text(intro, lang))}</p>",
        summary_html(_findings_with_words(b["findings"], lang), codebook, lang, max_items=1),
        f"<h2>{html.escape(text('brief.headline', lang))}</h2>",
        _table_html(frame, list(b["headline"]["light"]), lang),
        _review_note(b["headline"], lang),
        _record_line(b["record"], lang),
        _progress_line(b["progress"], lang),
        _read_more(region, level, lang),
        "</div>",
    ]
    return "\n".join(p for p in parts if p)


def show_brief(
    table: pd.DataFrame, codebook: Any, region: str, lang: str = "zh", observed: pd.DataFrame | None = None
):
    """The brief for display in a notebook cell."""
    from IPython.display import HTML

    return HTML(brief_html(table, codebook, region, lang, observed))
