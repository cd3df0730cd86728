"""HTML fragments for a report page (`figures.fragments`): any text from a document is
escaped; titles and contents in the report's language."""

from __future__ import annotations

import pytest

from compare.figures.fragments import contents, heading, paragraph, report_title


def test_a_heading_escapes_its_text_and_carries_its_anchor():
    h = heading("<b>璧山区</b>", 3, anchor="a1")
    assert h.html == '<h3 id="a1">&lt;b&gt;璧山区&lt;/b&gt;</h3>' and h.plain == "<b>璧山区</b>"
    assert 'class="new-page"' in heading("x", new_page=True).html
    with pytest.raises(ValueError, match="level 7"):
        heading("x", 7)


def test_a_paragraph_is_escaped():
    assert paragraph("a < b & c").html == "<p>a &lt; b &amp; c</p>"


def test_the_contents_link_each_anchor_in_the_reports_language():
    html = contents([("a1", "第一"), ("a2", "第二")], "zh").html
    assert html.startswith('<nav class="toc"><h2>目录</h2>')
    assert '<a href="#a1">第一</a>' in html and '<a href="#a2">第二</a>' in html


def test_a_report_title_speaks_one_language():
    en, zh = report_title("overview", "en").html, report_title("overview", "zh").html
    assert en.startswith("<h1>Coverage overview</h1>") and not any("\u4e00" <= ch <= "\u9fff" for ch in en)
    assert zh.startswith("<h1>") and en != zh
