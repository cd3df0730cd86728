"""The cover every PDF opens with (`reports.cover`): the plans a report covers with their
document numbers, and a summary from its findings or its intro."""

from __future__ import annotations

from bs4 import BeautifulSoup

from compare.reports.cover import cover_html, covered_regions, intro_summary, manifest_rows, plan_items


def test_a_reports_regions_come_from_its_parameters():
    assert covered_regions({"region": "kaizhou"}) == ["kaizhou"]
    assert covered_regions({"region_a": "kaizhou", "region_b": "bishan"}) == ["kaizhou", "bishan"]
    assert covered_regions({"lang": "en"}) is None  # about every plan


def test_a_plan_is_listed_with_its_document_number_quoted_in_english():
    (item,) = plan_items(manifest_rows(), ["kaizhou"], "en")
    assert item.startswith("<li><b>Kaizhou District</b>")
    assert '<span class="quote" lang="zh">开州府办发〔2021〕74号</span>; issued 2021-12-25' in item


def test_every_registered_plan_is_listed_for_a_report_about_all():
    rows = manifest_rows()
    assert len(plan_items(rows, None, "zh")) == len(rows) > 0


def test_the_cover_escapes_its_title_and_lists_the_plans():
    html = cover_html("T<", "en", ["<li>x</li>"], "<p>fm</p>", "sum")
    assert '<p class="cover-title">T&lt;</p>' in html and '<ul class="cover-plans"><li>x</li></ul>' in html
    assert '<p class="cover-summary">sum</p>' in html


def test_a_report_without_findings_is_summarised_by_its_intro():
    soup = BeautifulSoup("<h1>T</h1><p>Intro text.</p><p>more</p>", "html.parser")
    assert intro_summary(soup) == "Intro text."
