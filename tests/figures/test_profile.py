"""One region's indicator table (`figures.profile`): every 14th-plan row of its plan beside
the other plans."""

from __future__ import annotations

from compare.figures.profile import region_profile


def test_a_profile_has_every_row_of_the_plan_and_the_others_beside_it(table, codebook):
    shown = region_profile(table, codebook, "kaizhou", "en")
    rows = ((table["region"] == "kaizhou") & (table["period"] == "14th")).sum()
    assert len(shown) == rows > 0
    assert "Kaizhou District" not in shown.columns
    assert {"Bishan District", "Tongnan District", "Qianjiang District", "Chongqing Municipality"} <= set(
        shown.columns
    )


def test_a_profile_in_chinese_names_the_regions_in_chinese(table, codebook):
    shown = region_profile(table, codebook, "bishan", "zh")
    assert "开州区" in shown.columns and "璧山区" not in shown.columns
