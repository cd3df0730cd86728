"""Ambition as a display table (`figures.ambition`): one row per target `analysis.ambition`
rates, headed in the report's language."""

from __future__ import annotations

from compare.analysis.ambition import ambition
from compare.figures.ambition import ambition_table

CJK = range(0x4E00, 0xA000)


def test_every_analysed_target_is_one_row_of_the_table(table, codebook):
    shown = ambition_table(table, codebook, lang="en")
    assert len(shown) == len(ambition(table, codebook)) > 0
    assert shown.columns[0] == "Region" and shown.columns[-1].startswith("Source")


def test_the_table_can_show_one_indicator(table, codebook):
    rows = (table["indicator_id"] == "forest_cover") & (table["period"] == "14th")
    assert len(ambition_table(table, codebook, indicator_id="forest_cover", lang="en")) == rows.sum() > 0


def test_the_headers_speak_the_reports_language(table, codebook):
    en = ambition_table(table, codebook, lang="en").columns
    zh = ambition_table(table, codebook, lang="zh").columns
    assert not any(ord(ch) in CJK for header in en for ch in header)
    assert list(zh)[:2] == ["地区", "指标"]
