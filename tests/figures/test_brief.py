"""The one-page brief's page (`figures.brief`): words in the report's language, links to the other
reports, one A4 page."""

from __future__ import annotations

import json

import pytest

from compare.figures.brief import brief_html


def test_brief_words_come_in_the_reports_language(table, codebook):
    zh, en = brief_html(table, codebook, "tongnan", "zh"), brief_html(table, codebook, "tongnan", "en")
    assert "主要目标" in zh and "Headline targets" in en and "主要目标" not in en
    assert 'href="profile-tongnan-en.html"' in en and 'href="pair-bishan-tongnan-zh.html"' in zh


@pytest.mark.slow
@pytest.mark.catalog
def test_briefs_fit_one_a4_page_in_both_languages(rendered, pdf_pages):
    """A district's brief and the city's, from the session's rendering of the catalog."""
    names = ["brief-kaizhou-zh", "brief-chongqing-en"]
    run = json.loads((rendered / "run.json").read_text(encoding="utf-8"))
    assert [r["status"] for r in run["reports"] if r["name"] in names] == ["ok", "ok"]
    for name in names:
        pages = pdf_pages(rendered / f"{name}.pdf")
        assert len(pages) == 1, name
        page = pages[0]
        assert round(page.width) == 595 and round(page.height) == 842  # A4 portrait
        assert page.chars and all(
            0 <= c["x0"] and c["x1"] <= page.width and c["bottom"] <= page.height for c in page.chars
        )
        text = page.text
        assert ("开州府办发〔2021〕74号" in text) if "kaizhou" in name else ("Chongqing" in text)
