"""The one rulebook (`analysis.comparability`): each rule pinned, on hand-made rows and on the
rows of the real plans that broke it before (issue 19)."""

from __future__ import annotations

import pandas as pd
import pytest

from compare import analysis as an
from compare.analysis import comparability as cmp
from compare.analysis.scores import light_of_score
from compare.figures import claims
from compare.figures.format import printed_stars
from compare.figures.pair import pair_table
from compare.ingest.codebook import load_codebook
from table_rows import frame, one, row

CB = an.codebook_frame()


def _fig(ident: str, value: float, op: str = "=", level: str = "district", **extra) -> dict:
    unit = str(CB.at[ident, "unit"]) if ident in CB.index else "%"
    return {
        "indicator_id": ident,
        "level": level,
        "unit": unit,
        "target_year": 2025,
        "target_kind": "numeric",
        "target_value": value,
        "target_operator": op,
        **extra,
    }


# ------------------------------------------------------------------------------ basis


def test_a_city_wide_level_is_context_never_a_bar():
    # bishan ≥310 days against the city's 92.6 % good-air-day ratio (a city-wide average)
    c = cmp.compare(
        _fig("air_good_days", 310, ">="), _fig("air_good_days_ratio", 92.6, level="municipal"), CB
    )
    assert c.comparable and (c.relation, c.basis) == ("below_city", "city_wide")
    assert c.reason == "converted_lower" and c.value_a == pytest.approx(310 / 365 * 100)
    assert c.relation not in cmp.SAME_BASIS


def test_another_set_of_sections_is_context():
    # tongnan 95 % good surface water against 97.3 % over the city's 74 national-control sections
    c = cmp.compare(
        _fig("surface_water_good_share", 95), _fig("surface_water_good_share", 97.3, level="municipal"), CB
    )
    assert (c.relation, c.basis) == ("below_city", "sections")


def test_a_city_wide_level_at_its_natural_limit_binds_every_district():
    # 100 % urban drinking water for the city means 100 % in every district: same basis
    c = cmp.compare(
        _fig("drinking_water_urban", 100), _fig("drinking_water_urban", 100, level="municipal"), CB
    )
    assert (c.relation, c.basis) == ("equal", "same")
    # a lower-is-better "limit" (PM2.5 35, a standard) is no natural limit: still context
    pm = cmp.compare(
        _fig("pm25_concentration", 28, "<="), _fig("pm25_concentration", 35, "<=", level="municipal"), CB
    )
    assert (pm.relation, pm.basis) == ("below_city", "city_wide")


def test_endowments_are_never_compared_ranked_or_scored():
    c = cmp.compare(_fig("forest_cover", 65, ">="), _fig("forest_cover", 48), CB)
    assert not c.comparable and c.reason == "endowment" and c.relation == ""
    assert cmp.rank_exclusion({"indicator_id": "eco_redline_share", "level": "district"}, CB) == "endowment"
    for ident in ("eco_redline_share", "nature_reserve_share", "forest_cover"):
        assert cmp.score_exclusion(ident, CB) == "endowment"


# ------------------------------------------------------------------------------ kind of quantity


def test_cumulative_against_cumulative_compares_whatever_the_brackets():
    # bishan [16.5] (brackets) against tongnan 16.5* (prose: 较2020年下降16.5%): both 2021-25 cuts
    a = _fig("carbon_intensity_reduction", 16.5, cumulative_cells="target")
    b = _fig("carbon_intensity_reduction", 16.5, cumulative_cells="")
    c = cmp.compare(a, b, CB)
    assert c.comparable and c.relation == "equal"


def test_different_indicators_do_not_compare_unless_a_documented_rule_converts_one():
    # energy use per unit of GDP (a level) and its five-year reduction (a flow) are two indicators
    c = cmp.compare(
        _fig("energy_intensity_reduction", 13.5),
        {**_fig("energy_intensity_reduction", 13.5), "indicator_id": "energy_intensity"},
        CB,
    )
    assert not c.comparable and c.reason == "indicator"
    assert an.measure_of(CB, "energy_intensity") == "level" != an.measure_of(CB, "energy_intensity_reduction")


# ------------------------------------------------------------------------------ tolerance


def test_the_tolerance_of_approximately_is_per_indicator_in_its_own_unit():
    farm = "contaminated_farmland_safe_use"
    assert cmp.tolerance(farm, CB) == 1.0 and cmp.tolerance("air_good_days", CB) == 3.0
    city = _fig(farm, 93, "~", level="municipal")
    # 93左右 is 92-94: kaizhou ＞95, bishan 95 and tongnan 100 all sit above it alike
    rel = {
        v: cmp.compare(_fig(farm, v, op), city, CB).relation for v, op in ((95, ">"), (95, "="), (100, "="))
    }
    assert set(rel.values()) == {"above_city"}
    assert cmp.compare(_fig(farm, 93.5), city, CB).relation == "at_city"
    assert cmp.compare(_fig(farm, 93.5), _fig(farm, 93, "~"), CB).reason == "within_tolerance"


def test_an_approximate_figure_without_a_stated_tolerance_does_not_compare():
    cb = CB.assign(approx_tolerance="")
    c = cmp.compare(_fig("urban_green_coverage", 44), _fig("urban_green_coverage", 43, "~"), cb)
    assert not c.comparable and c.reason == "no_tolerance"


# ------------------------------------------------------------------------------ ranks and ratios


def test_only_improving_districts_are_ranked_and_only_among_two_or_more():
    t = frame(
        row("a", "14th", "urban_green_coverage", base=40, target=45),
        row("b", "14th", "urban_green_coverage", base=44, target=46),
        row("c", "14th", "urban_green_coverage", base=47, target=46),  # relaxes
        row("chongqing", "14th", "urban_green_coverage", base=42, target=50, level="municipal"),
        row("a", "14th", "drinking_water_township", base=90, target=93),  # the only mover
        row("b", "14th", "drinking_water_township", base=95, target=("＞95", 95.0), op=">"),
    )
    amb = an.ambition(t).set_index(["region", "indicator_id"])
    assert amb.loc[("a", "urban_green_coverage"), "rank"] == 1
    assert amb.loc[("b", "urban_green_coverage"), "rank"] == 2
    assert pd.isna(amb.loc[("c", "urban_green_coverage"), "rank"])  # a relaxed target is never first
    assert pd.isna(amb.loc[("chongqing", "urban_green_coverage"), "rank"])  # the city is context
    assert pd.isna(amb.loc[("a", "drinking_water_township"), "rank"])  # no rank out of one
    strict = amb.loc[("b", "drinking_water_township")]
    assert (strict["ambition_class"], strict["reason"]) == ("hold", "strict_operator_only")


def test_no_ratio_over_values_of_mixed_sign_zeros_or_a_near_zero_mean():
    assert cmp.ratio_defined([2.0, 3.0], 100)
    assert not cmp.ratio_defined([-1.0, 3.0], 100)
    assert not cmp.ratio_defined([0.0, 0.0, 0.0, -5.0], 100)  # contaminated land: three holds
    assert not cmp.ratio_defined([0.5, 0.4], 100)  # a mean below 1 % of the scale


def test_headroom_only_to_a_limit_a_target_can_reach():
    assert cmp.headroom_defined("sewage_treatment_urban", CB)
    assert not cmp.headroom_defined("forest_cover", CB)
    assert not cmp.headroom_defined("urban_green_coverage", CB)


# ------------------------------------------------------------------------------ scores


def test_progress_ratio_colours_are_open_sdgs_bands_exactly():
    assert [b for b, _, _ in cmp.OPEN_SDG_BANDS] == [0.95, 0.6, 0.0]
    sc = an.scores(
        frame(
            *[
                row(r, "14th", "nox_reduction", target=v)
                for r, v in (("a", 9.5), ("b", 6.0), ("c", 5.99), ("d", 5), ("e", -1))
            ]
        )
    ).set_index("region")
    # requirement 10 %: 9.5 on track, 6 (R = 0.6) acceleration needed, 5 (R = 0.5) limited, <0 deterioration
    assert list(sc["light"]) == ["green", "yellow", "orange", "orange", "red"]
    assert sc.loc["b", "yellow_from"] == pytest.approx(6.0)


def test_every_colour_follows_its_printed_score_and_bounds(table):
    sc = an.scores(table)
    scored = sc[sc["score"].notna()]
    assert len(scored) > 0
    for _, r in scored.iterrows():
        bounds = {k: r[k] for k in ("green_score", "yellow_score", "red_score")}
        assert r["light"] == light_of_score(r["score"], bounds)
    # tongnan 20* non-fossil share: the 2025 reference (20 %, CN-OPINION) is its optimum, not 2060's 80 %
    nf = one(sc, region="tongnan", indicator_id="non_fossil_share")
    assert (round(nf.score), nf.light) == (100, "green")
    # tongnan NOx 5* and VOC 5*: R = 0.5 of the 10 % requirement is Open SDG's "limited" (orange)
    assert {one(sc, region="tongnan", indicator_id=i).light for i in ("nox_reduction", "voc_reduction")} == {
        "orange"
    }


# ------------------------------------------------------------------------------ the real plans


def test_real_pairs_agree_with_the_rulebook(table):
    pt = pair_table(table, load_codebook(), "bishan", "tongnan", "en").set_index("Indicator")
    assert pt.loc["Reduction in CO2 emissions per unit of GDP", "Comparison"] == "equal"
    assert pt.loc["Forest cover", "Comparison"].startswith("not compared: reflects land")
    # the red line is an endowment whether or not both sides print a number
    assert pt.loc["Ecological protection red line share of area", "Comparison"].startswith("not compared")
    pq = pair_table(table, load_codebook(), "bishan", "qianjiang", "en").set_index("Indicator")
    assert pq.loc["Ecological protection red line share of area", "Comparison"].startswith("not compared")


def test_real_published_conflict_shows_both_figures(table):
    # bishan_eco_14th_fyp.txt:441-445 受污染耕地安全利用率 95 95 市级95%; chongqing:151 93%左右
    conf = an.published_conflicts(table)
    b = one(conf, region="bishan", indicator_id="contaminated_farmland_safe_use")
    assert (b.stated_value, b.municipal_raw, bool(b.conflict)) == (95.0, "93左右", True)
    assert b.district_source.startswith("bishan_eco_14th_fyp.txt:") and b.municipal_source.endswith(":151")


def test_a_changed_method_travels_to_the_next_plans_baseline(table):
    # tongnan:46 41.7* (*计算方法变化, :166) is the 14th plan's 2020 baseline of forest cover
    r = one(an.ambition(table), region="tongnan", indicator_id="forest_cover")
    assert "baseline_method_changed" in r.caveats and "tongnan_eco_14th_fyp.txt:166" in r.caveat_sources


def test_cells_show_only_the_stars_the_plan_printed(table):
    assert printed_stars("35*") == "*" and printed_stars("10441.8**") == "**" and printed_stars("100") == ""
    # kaizhou's 14th table prints no * although its notes say the city sets some targets
    k = table[(table["region"] == "kaizhou") & (table["period"] == "14th")]
    assert k["provisional"].any() and not k["target_raw"].astype(str).str.contains("*", regex=False).any()
    from compare.figures.format import target_text

    assert not any("*" in target_text(r, "en") for _, r in k.iterrows())


def test_the_headline_check_finds_a_count_its_table_does_not_show():
    page = (
        "<li" + claims.claims_attr("alignment_compared", {"equal": 8, "rows": 172, "url": "x"}) + "></li>"
        "<table" + claims.counts_attr({"alignment_compared.equal": 8, "alignment_compared.rows": 170}) + ">"
    )
    assert claims.mismatches(page) == ["alignment_compared.rows: finding 172, table 170"]
    assert claims.checked_keys(page) == {"alignment_compared.equal", "alignment_compared.rows"}


def test_review_prose_caveats_travel_with_the_verdict(table):
    att = an.target_attainment(table)
    # bishan:138 PM2.5 [36.8]; bishan:46 ……较2017年下降36.8%: a cut against 2017, not 2015
    pm = one(att, region="bishan", indicator_id="pm25_reduction")
    assert "reference_year_differs" in pm.caveats and "bishan_eco_14th_fyp.txt:46" in pm.caveat_sources
    # bishan:84 energy -【4】 (no figure); bishan:48 单位GDP能耗较2015年下降41.1%
    en = one(att, region="bishan", indicator_id="energy_intensity_reduction")
    assert "prose_figure" in en.caveats and "bishan_eco_14th_fyp.txt:48" in en.caveat_sources
    # a cut planned from 2020 on (tongnan 较2020年下降16.5%) is no 13th-plan figure
    assert "prose_figure" not in one(att, region="tongnan", indicator_id="carbon_intensity_reduction").caveats


def test_citations_name_the_document_table_and_row(table):
    from compare.figures.citations import cite, documents_table

    r = one(table, region="bishan", period="14th", indicator_id="contaminated_farmland_safe_use")
    text = cite(r, "zh")
    # no source gives the plans' official addresses (the manifest's source_url is empty): said
    assert (
        text.startswith("《璧山区生态环境保护") and "》（璧山府发〔2021〕44号；官方网址来源中未载）" in text
    )
    assert f"专栏2 第{int(r['row'])}行" in text and text.endswith("bishan_eco_14th_fyp.txt:441")
    assert cite(r, "en").endswith(
        " (璧山府发〔2021〕44号; official address not in the sources), Box 2 row 16 · bishan_eco_14th_fyp.txt:441"
    )
    docs = documents_table(table, "en")
    assert len(docs) == 6 and "璧山府发〔2021〕44号" in set(docs["Document number"])
    secondary = docs[docs["Copy in this project"] == "chongqing_2025_core_targets.csv"]
    assert secondary["Official address"].iloc[0].startswith("https://")


# ------------------------------------------------------------------ observed against a target


def _observed(ident: str = "pm25_concentration", **extra) -> dict:
    unit = str(CB.at[ident, "unit"]) if ident in CB.index else "%"
    row = {"region": "kaizhou", "indicator_id": ident, "unit": unit, "basis": "plan", "partial_year": False}
    return {**row, "year": 2023, "used": True, "value_kind": "numeric", **extra}


def _target(ident: str = "pm25_concentration", **extra) -> dict:
    unit = str(CB.at[ident, "unit"]) if ident in CB.index else "%"
    return {"region": "kaizhou", "indicator_id": ident, "unit": unit, "target_year": 2025, **extra}


@pytest.mark.parametrize(
    ("obs", "target", "basis", "code"),
    [
        ({}, {}, "plan", ""),
        ({"region": "chongqing"}, {}, "plan", "region"),
        ({"indicator_id": "forest_cover"}, {}, "plan", "indicator"),
        ({"unit": "mg/m³"}, {}, "plan", "unit"),
        ({}, {}, "74 national sections", "basis"),
        ({"partial_year": True}, {}, "plan", "partial_year"),
        ({"year": 2019}, {}, "plan", "year"),
        ({"year": 2026}, {}, "plan", "year"),
        ({"used": False}, {}, "plan", "not_used"),
        ({"value_kind": "lower_bound"}, {}, "plan", "bound"),
    ],
)
def test_an_observation_compares_with_a_target_only_like_with_like(obs, target, basis, code):
    assert cmp.observed_against_target(_observed(**obs), _target(**target), basis) == code


def test_good_air_days_observed_compare_with_a_ratio_target_by_the_documented_conversion():
    days, ratio = _observed("air_good_days"), _target("air_good_days_ratio")
    assert days["unit"] != ratio["unit"]
    assert cmp.observation_conversion(days, ratio) == "days_to_ratio"
    assert cmp.observed_against_target(days, ratio) == ""


def test_a_target_set_over_another_set_of_sections_takes_its_basis_from_the_codebook():
    bases = cmp.target_bases()
    assert bases, "data/codebook/target_bases.csv lists no target"
    (region, ident), basis = next(iter(bases.items()))
    assert cmp.target_basis({"region": region, "indicator_id": ident}) == basis
    assert cmp.target_basis({"region": "kaizhou", "indicator_id": "no_such_indicator"}) == "plan"


def test_a_citation_links_the_official_address_the_manifest_records(table, raw_copy, monkeypatch):
    import csv
    import io

    from compare.figures import citations
    from compare.ingest.sources import MANIFEST_COLUMNS

    manifest = raw_copy / "MANIFEST.csv"
    rows = list(csv.DictReader(io.StringIO(manifest.read_text(encoding="utf-8"), newline="")))
    assert rows[1]["file"] == "bishan_eco_14th_fyp.txt"
    rows[1]["source_url"] = "https://example.org/bishan-plan.html"
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(MANIFEST_COLUMNS), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    manifest.write_text(buf.getvalue(), encoding="utf-8")
    monkeypatch.setattr("compare.figures.citations._documents", lambda: citations.plan_documents(manifest))
    r = one(table, region="bishan", period="14th", indicator_id="contaminated_farmland_safe_use")
    text = citations.cite(r, "en")
    assert text.endswith(
        " (璧山府发〔2021〕44号; https://example.org/bishan-plan.html), Box 2 row 16 · bishan_eco_14th_fyp.txt:441"
    )
    # the page links the address (HTML, and from there the PDF and the Word copy)
    from compare.reports.render import link_addresses

    for lang in ("zh", "en"):
        linked = link_addresses(f"<td>{citations.cite(r, lang)}</td>")
        assert '<a href="https://example.org/bishan-plan.html">' in linked, linked
    docs = citations.documents_table(table, "en")
    bishan = docs[docs["Copy in this project"] == "bishan_eco_14th_fyp.txt"]
    assert bishan["Official address"].iloc[0] == "https://example.org/bishan-plan.html"
    kaizhou = one(table, region="kaizhou", period="14th", indicator_id="forest_cover")
    assert "https://" not in citations.cite(kaizhou, "en")
    assert "official address not in the sources" in citations.cite(kaizhou, "en")


def test_review_tables_count_what_the_review_headlines_say(table):
    from compare.analysis.findings import findings
    from compare.figures import charts

    said = next(f for f in findings(table, "review") if f.code == "review_totals").values
    shown = charts.review_claims(charts.review_summary(table, "en"), "en")
    assert said["total"] == 90 and shown == {f"review_totals.{k}": v for k, v in said.items()}
    for region in ("kaizhou", "tongnan"):
        own = next(f for f in findings(table, "profile", region=region) if f.code == "review_totals").values
        assert charts.record_claims(table, region=region) == {f"review_totals.{k}": v for k, v in own.items()}
