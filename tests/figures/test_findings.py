"""The executive summary as sentences (`figures.findings`), in zh or en, every number from
the finding."""

from __future__ import annotations

import pytest

from compare.analysis.findings import findings
from compare.figures.findings import quote_chinese, sentence, summary_html

CJK = range(0x4E00, 0xA000)


@pytest.fixture(scope="module")
def review_findings(table):
    """The review report's findings."""
    return findings(table, "review")


def test_a_sentence_states_the_findings_numbers_in_each_language(review_findings):
    totals = review_findings[0]
    assert totals.code == "review_totals"
    en, zh = sentence(totals, "en"), sentence(totals, "zh")
    assert en.startswith(f"Of {totals.values['total']} 13th-FYP targets, {totals.values['met']} were met")
    assert f"共 {totals.values['total']} 项" in zh and f"{totals.values['met']} 项按数值完成" in zh
    assert not any(ord(ch) in CJK for ch in en) and any(ord(ch) in CJK for ch in zh)


def test_the_summary_lists_the_findings_and_claims_their_numbers(review_findings, codebook):
    html = summary_html(review_findings, codebook, "en")
    assert html.count("<li") >= len(review_findings) >= 3 and "data-claims=" in html


def test_chinese_marks_in_english_text_are_set_as_quotes():
    assert quote_chinese("note 注1 and 左右", "en") == (
        'note <span class="quote" lang="zh">注1</span> and <span class="quote" lang="zh">左右</span>'
    )
