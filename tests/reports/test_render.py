"""Executed notebooks to pages (`reports.render`): the page frame, its links and its front
matter (no notebook is rendered here; the report tests check whole pages)."""

from __future__ import annotations

import hashlib

from compare import paths
from compare.reports.render import card_description, front_matter, link_addresses, page, report_nav


def test_a_page_is_a_self_contained_html_document_in_its_language():
    html = page("T<", "<p>body</p>", "en")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en">' in html
    assert "<title>T&lt;</title>" in html and "<p>body</p>" in html and '<meta charset="utf-8">' in html


def test_a_published_address_in_the_text_becomes_a_link():
    assert link_addresses("see https://www.gov.cn/x.html .") == (
        'see <a href="https://www.gov.cn/x.html">https://www.gov.cn/x.html</a> .'
    )
    assert link_addresses("no address") == "no address"


def test_a_reports_links_lead_to_the_index_the_other_language_and_its_files():
    nav = report_nav("overview-en", "en")
    hrefs = [
        'href="index.html"',
        'href="overview-zh.html"',
        'href="overview-en.pdf"',
        'href="overview-en.docx"',
    ]
    assert all(h in nav for h in hrefs)
    assert 'href="overview-en.html"' in report_nav("overview-zh", "zh")


def test_the_front_matter_gives_the_date_and_the_short_hashes_of_the_data():
    html = front_matter("en", date="2026-01-01")
    table = hashlib.sha256(paths.TABLE_CSV.read_bytes()).hexdigest()[:12]
    manifest = hashlib.sha256(paths.MANIFEST.read_bytes()).hexdigest()[:12]
    assert (
        "Date: 2026-01-01" in html
        and f"indicators.csv {table}" in html
        and f"MANIFEST.csv {manifest}" in html
    )


def test_a_card_describes_a_known_notebook_and_nothing_else():
    assert card_description("10-overview.ipynb", "en").startswith("Which plan sets which indicator")
    assert card_description("99-unknown.ipynb", "en") == ""
