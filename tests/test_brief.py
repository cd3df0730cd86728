"""The one-page brief (analysis.brief, figures.brief, notebooks/15-brief.ipynb)."""

from __future__ import annotations

import json

import pytest

from compare.analysis.brief import HEADLINE_ROWS, brief, headline
from compare.figures.brief import brief_html


def test_headline_targets_are_whole_rows_with_a_number_binding_first(table, codebook):
    head = headline(table, codebook, "kaizhou")
    assert 0 < len(head) <= HEADLINE_ROWS
    assert head["indicator_id"].is_unique
    assert (head["parent_seq"].astype(str) == "").all()
    assert head["target_value"].notna().all() and head["target_kind"].isin(["numeric", "class"]).all()
    binding = list(head["attribute"] == "binding")
    assert binding == sorted(binding, reverse=True)  # binding rows first


def test_brief_findings_count_what_the_headline_table_shows(table, codebook):
    b = brief(table, codebook, "bishan")
    head, found = b["headline"], {f.code: f.values for f in b["findings"]}
    assert found["brief_lights"]["n"] == len(head)
    for light in ("green", "yellow", "orange", "red"):
        assert found["brief_lights"][light] == int((head["light"] == light).sum())
    for status in ("stricter", "equal", "weaker"):
        assert found["brief_city"][status] == int((head["vs_city"] == status).sum())
    lowest = head.loc[head["score"].idxmin()]
    assert found["brief_lowest"]["score"] == round(lowest["score"])
    assert len(b["findings"]) == 3


def test_municipal_brief_takes_2020_values_from_its_review_and_counts_districts(table, codebook):
    b = brief(table, codebook, "chongqing")
    head = b["headline"].set_index("indicator_id")
    assert (
        head.loc["forest_cover", "baseline_value"] == 52.5
        and head.loc["forest_cover", "baseline_from_review"]
    )
    assert b["record"] == {"stated_2020": 12}
    shared = next(f for f in b["findings"] if f.code == "brief_shared").values
    assert shared["districts"] == 4 and shared["all"] == int((b["headline"]["others"] >= 4).sum())


def test_brief_progress_counts_the_targets_observations_reach(table, codebook):
    from compare.analysis import codebook_frame
    from compare.analysis.progress import progress
    from compare.ingest import load_observations

    observed = load_observations()
    counts = brief(table, codebook, "kaizhou", observed)["progress"]
    p = progress(table, observed, codebook_frame(codebook))
    mine = p[(p["region"] == "kaizhou") & (p["status"] != "no_observation")]
    assert counts and sum(counts.values()) == len(mine) > 0
    assert brief(table, codebook, "kaizhou")["progress"] is None  # no observations: nothing shown
    page = brief_html(table, codebook, "kaizhou", "en")
    from bs4 import BeautifulSoup

    assert "Progress" not in page and "<table" in page
    assert len(BeautifulSoup(page, "html.parser").select(".findings > ol > li")) == 3
    assert "Progress" in brief_html(table, codebook, "kaizhou", "en", observed)


def test_brief_words_come_in_the_reports_language(table, codebook):
    zh, en = brief_html(table, codebook, "tongnan", "zh"), brief_html(table, codebook, "tongnan", "en")
    assert "主要目标" in zh and "Headline targets" in en and "主要目标" not in en
    assert 'href="profile-tongnan-en.html"' in en and 'href="pair-bishan-tongnan-zh.html"' in zh


@pytest.mark.slow
@pytest.mark.catalog
def test_briefs_fit_one_a4_page_in_both_languages(rendered, pdf_pages):
    """A district's brief and the city's, from the session's rendering of the catalog."""
    names = ["brief-kaizhou-zh", "brief-chongqing-en"]
    run = json.loads((rendered / "run.json").read_text(encoding="utf-8"))
    assert [r["status"] for r in run["reports"] if r["name"] in names] == ["ok", "ok"]
    for name in names:
        pages = pdf_pages(rendered / f"{name}.pdf")
        assert len(pages) == 1, name
        page = pages[0]
        assert round(page.width) == 595 and round(page.height) == 842  # A4 portrait
        assert page.chars and all(
            0 <= c["x0"] and c["x1"] <= page.width and c["bottom"] <= page.height for c in page.chars
        )
        text = page.text
        assert ("开州府办发〔2021〕74号" in text) if "kaizhou" in name else ("Chongqing" in text)
