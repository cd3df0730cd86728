"""Key findings of the atlas (analysis.atlas) and of the municipal profile (analysis.municipal)
count what their pages' tables show; the municipal profile counts a district setting a
convertible counterpart (good-air days for the city's good-air ratio) as setting it."""

from __future__ import annotations

import pytest

from catalog_under_test import sampled
from compare.analysis.atlas import atlas_findings, coverage
from compare.analysis.municipal import municipal_findings, review_values, uptake
from compare.figures import atlas, charts, claims, municipal
from compare.figures.findings import summary_html
from compare.ingest.codebook import load_codebook

DISTRICTS = ("kaizhou", "bishan", "tongnan", "qianjiang")


# ------------------------------------------------------------------- the count bug (issue 22)


def test_every_district_setting_good_air_days_fills_the_city_ratio_row_of_the_profile(table):
    """'good-air days: 0 districts' while all four set one: the city sets the ratio (92.6 %),
    the districts the days; the profile table shows each district's target in days."""
    shown = charts.region_profile(table, load_codebook(), "chongqing", "en").reset_index()
    row = shown[shown["Indicator"] == "Share of days with good air quality"]
    assert len(row) == 1
    cells = [row.iloc[0][charts.region_name(d, "en")] for d in DISTRICTS]
    assert all(cells), cells  # every district sets good-air days
    numbers = [c for c in cells if any(ch.isdigit() for ch in c)]
    assert numbers and all(c.endswith(" days") for c in numbers), numbers  # in its own unit


def test_a_district_profile_shows_the_city_ratio_beside_its_good_air_days(table):
    shown = charts.region_profile(table, load_codebook(), "bishan", "en").reset_index()
    row = shown[shown["Indicator"] == "Days with good air quality"]
    assert row.iloc[0][charts.region_name("chongqing", "en")] == "92.6 %†"


def test_municipal_uptake_counts_every_district_for_the_good_air_ratio(table):
    up = uptake(table, "chongqing").set_index("indicator_id")
    assert up.loc["air_good_days_ratio", "n"] == 4
    assert sorted(up.loc["air_good_days_ratio", "setting"]) == sorted(DISTRICTS)
    found = {f.code: f.values for f in municipal_findings(table, "chongqing")}
    assert found["municipal_uptake"]["all"] == int((up["n"] == 4).sum()) > 0


def test_the_city_brief_counts_and_shows_the_districts_good_air_days_beside_its_ratio(table):
    from compare.analysis.brief import brief
    from compare.figures.brief import headline_frame

    codebook = load_codebook()
    b = brief(table, codebook, "chongqing")
    head = b["headline"].set_index("indicator_id")
    assert head.loc["air_good_days_ratio", "others"] == 4  # was 0: only the same id counted
    shown = headline_frame(b, codebook, "chongqing", "municipal", "en").set_index("Indicator")
    assert shown.loc["Share of days with good air quality", "Bishan District"] == "≥310 days"


# ------------------------------------------------------------------------ municipal profile


def test_the_review_gives_a_baseline_only_for_the_same_indicator_unit_and_a_level(table):
    rv = review_values(table, "chongqing").set_index("indicator_id")
    assert rv.loc["forest_cover", "use"] == "baseline"
    assert rv.loc["forest_cover", "achieved_raw"] == "52.5"
    assert rv.loc["air_good_days", "use"] == "other_indicator"  # 333 days, never converted
    assert rv.loc["energy_intensity_reduction", "use"] == "cumulative"  # a five-year cut
    shown = charts.region_profile(table, load_codebook(), "chongqing", "en").reset_index()
    by_name = shown.set_index("Indicator")
    assert by_name.loc["Forest cover", "Baseline"] == "52.5"
    assert by_name.loc["Share of days with good air quality", "Baseline"] == "not given"
    assert by_name.loc["Soil and water conservation rate", "Baseline"] == "69.5"  # printed in its clause
    assert set(shown["Attribute"]) == {"not given"}  # the prose names none binding or expected


def test_the_profile_quotes_the_clause_each_prose_value_was_read_from(table):
    prose = table[(table["table"] == "prose")]
    assert len(prose) > 0
    for _, r in prose.iterrows():
        number = str(r["achieved_raw"] or r["target_raw"]).strip("[]≥≤").replace("左右", "")
        assert number in r["evidence_zh"], (r["indicator_id"], r["evidence_zh"])
    assert (table.loc[table["table"] != "prose", "evidence_zh"].str.len() > 0).sum() == int(
        table["secondary"].astype(bool).sum()
    )  # a table row has none; a secondary (facts) row quotes its report
    up = charts.municipal_uptake(table, load_codebook(), "en")
    assert (up["Text as printed"].str.len() > 0).all()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_municipal_findings_equal_the_counts_of_the_tables(table, lang):
    codebook = load_codebook()
    found = municipal_findings(table, "chongqing")
    assert [f.code for f in found] == ["municipal_targets", "municipal_uptake", "municipal_baselines"]
    targets = charts.region_profile(table, codebook, "chongqing", lang).reset_index()
    review = municipal.review_table(table, codebook, "chongqing", lang)
    up = charts.municipal_uptake(table, codebook, lang)
    counts = {
        **municipal.targets_claims(targets, lang),
        **municipal.review_claims(review, lang),
        **municipal.uptake_claims(up, len(DISTRICTS), lang),
    }
    page = summary_html(found, codebook, lang) + f"<table{claims.counts_attr(counts)}></table>"
    assert claims.mismatches(page) == []
    assert {
        "municipal_targets.rows",
        "municipal_targets.attribute_given",
        "municipal_uptake.all",
        "municipal_uptake.none",
        "municipal_baselines.with_baseline",
        "municipal_baselines.not_given",
        "municipal_baselines.use_other_indicator",
    } <= claims.checked_keys(page)


def test_a_changed_municipal_count_is_caught(table):
    codebook = load_codebook()
    found = municipal_findings(table, "chongqing")
    wrong = {"municipal_uptake.all": found[1].values["all"] + 1}
    html = summary_html(found, codebook, "en")
    assert claims.mismatches(html + f"<table{claims.counts_attr(wrong)}></table>")


# -------------------------------------------------------------------------------- the atlas


def test_a_map_that_would_colour_no_district_is_left_out_with_its_reason(table):
    cov = coverage(table, load_codebook()).set_index("indicator_id")
    left = cov[~cov["mapped"]]
    assert "radiation_accident_rate" in left.index  # the city's number and Tongnan's in %
    assert left.loc["radiation_accident_rate", "off_map"] == {"tongnan": "other_unit"}
    assert (left["reason"] == "no_district_on_scale").all()
    ids = charts.atlas_indicators(table, load_codebook())
    assert ids and not set(ids) & set(left.index)
    assert set(ids) == set(cov.index[cov["mapped"]])


def test_the_spread_of_a_map_follows_the_one_rulebook(table):
    cov = coverage(table, load_codebook()).set_index("indicator_id")
    assert cov.loc["forest_cover", "spread"] == "apart"  # an endowment is never compared
    assert cov.loc["pm25_concentration", "spread"] == "differ"  # 35, ≤28, 35*
    assert cov.loc["medical_waste_disposal", "spread"] == "same"  # 100 everywhere


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_atlas_findings_equal_the_counts_of_the_tables(table, lang):
    codebook = load_codebook()
    cov = coverage(table, codebook)
    found = atlas_findings(cov)
    assert [f.code for f in found] == ["atlas_maps", "atlas_coverage", "atlas_spread"]
    ids = charts.atlas_indicators(table, codebook)
    shown = atlas.coverage_table(table, codebook, cov, lang, order=ids)
    left = atlas.coverage_table(table, codebook, cov, lang, mapped=False)
    counts = {**atlas.coverage_claims(shown, len(DISTRICTS), lang), **atlas.left_out_claims(left)}
    page = str(atlas.show_summary(cov, codebook, lang).data) + f"<table{claims.counts_attr(counts)}></table>"
    assert claims.mismatches(page) == []
    assert {"atlas_maps.maps", "atlas_maps.left_out", "atlas_coverage.all", "atlas_spread.differ"} <= (
        claims.checked_keys(page)
    )
    values = found[2].values
    assert values["differ"] + values["same"] + values["apart"] == values["maps"] == len(ids)


# ------------------------------------------------------------------- the rendered reports

#: those of the atlas and the municipal profile this session renders (both languages in the full run)
PAGES = sampled("atlas-zh", "atlas-en", "profile-chongqing-zh", "profile-chongqing-en")
ATLASES = sampled("atlas-zh", "atlas-en")


def test_the_session_renders_an_atlas_and_a_municipal_profile():
    assert any(p.startswith("atlas-") for p in PAGES) and any(p.startswith("profile-") for p in PAGES)


@pytest.mark.slow
@pytest.mark.parametrize("name", PAGES)
def test_atlas_and_municipal_profile_open_with_findings_checked_against_their_tables(rendered, name):
    from bs4 import BeautifulSoup

    page = (rendered / f"{name}.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    block = soup.select_one("div.findings")
    assert block is not None
    assert len(block.select("ol > li")) >= 3
    first_table = soup.find("table")
    assert first_table is None or block.sourceline < first_table.sourceline  # the page opens with them
    assert claims.mismatches(page) == []
    assert len(claims.checked_keys(page)) >= 5


@pytest.mark.slow
@pytest.mark.parametrize("name", ATLASES)
def test_every_atlas_map_colours_the_districts_its_table_counts(rendered, name, table):
    import pandas as pd

    cov = coverage(table, load_codebook())
    maps = cov[cov["mapped"]]
    assert len(maps)
    for _, r in maps.iterrows():
        drawn = pd.read_csv(rendered / "figures" / name / f"{r['indicator_id']}.csv", encoding="utf-8-sig")
        coloured = drawn[drawn["shown_as"] == "numeric"]
        assert sorted(coloured["region"]) == sorted(r["on_map"]), r["indicator_id"]
    assert not (rendered / "figures" / name / "radiation_accident_rate.png").exists()
