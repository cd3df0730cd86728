"""Key findings of the atlas (`analysis.atlas`) count what its tables show: maps drawn and left
out, the districts each map colours, where the districts' targets differ by the one rulebook."""

from __future__ import annotations

import pytest

from catalog_under_test import sampled
from compare.analysis.atlas import MAPS_PER_REPORT, atlas_findings, coverage, in_domain, parts
from compare.figures import atlas, charts, claims
from compare.ingest.codebook import load_codebook

DISTRICTS = ("kaizhou", "bishan", "tongnan", "qianjiang")


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


def test_an_atlas_of_few_maps_is_one_report_and_of_many_one_report_per_domain(table):
    cov = coverage(table, load_codebook())
    mapped = cov[cov["mapped"]]
    assert 0 < len(mapped) <= MAPS_PER_REPORT and parts(cov) == [""]
    domains = list(dict.fromkeys(mapped["domain"]))
    split = parts(cov, order=["water", "air"], per_report=len(mapped) - 1)
    assert sorted(split) == sorted(domains) and len(domains) > 1
    assert split[: len({"water", "air"} & set(domains))] == [d for d in ("water", "air") if d in domains]
    assert split[len({"water", "air"} & set(domains)) :] == sorted(set(domains) - {"water", "air"})


def test_one_domain_of_the_atlas_holds_its_own_maps_and_left_outs(table):
    codebook = load_codebook()
    cov = coverage(table, codebook)
    for domain in dict.fromkeys(cov["domain"]):
        part = coverage(table, codebook, domain=domain)
        assert list(part["indicator_id"]) == list(cov.loc[cov["domain"] == domain, "indicator_id"])
        assert part.equals(in_domain(cov, domain))
        ids = charts.atlas_indicators(table, codebook, domain=domain)
        assert set(ids) == set(part.loc[part["mapped"], "indicator_id"])
    assert in_domain(cov, "") is cov
    assert coverage(table, codebook, domain="noise").empty  # no plan maps a noise target twice


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
