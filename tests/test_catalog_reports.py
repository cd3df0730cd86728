"""Real catalog reports rendered end to end (read from the session's one rendering of the
catalog, conftest ``rendered``): the PDF embeds the CJK font and its text holds the
district names in Chinese, the HTML holds the indicator's rows with their sources."""

from __future__ import annotations

import json

import pytest

from catalog_under_test import NAMES, REPORTS, SCOPE
from compare import paths
from compare.reports import load_catalog
from test_reports_pipeline import pdf_fonts_and_text

DISTRICTS = ("开州区", "璧山区", "潼南区", "黔江区")


@pytest.mark.slow
@pytest.mark.catalog
def test_catalog_reports_render(rendered):
    run = json.loads((rendered / "run.json").read_text(encoding="utf-8"))
    statuses = {r["name"]: r["status"] for r in run["reports"]}
    assert statuses["indicator-forest_cover-zh"] == statuses["review-zh"] == "ok"
    assert {n: statuses.get(n) for n in NAMES} == dict.fromkeys(NAMES, "ok")


@pytest.mark.slow
@pytest.mark.parametrize("name", ["indicator-forest_cover-zh", "review-zh"])
def test_pdf_shows_districts_in_chinese_with_embedded_font(rendered, name):
    fonts, text = pdf_fonts_and_text(rendered / f"{name}.pdf")
    assert any("NotoSansCJK" in f for f in fonts), fonts
    text = "".join(text.split())  # narrow table cells wrap a name over two lines
    for district in DISTRICTS:
        assert district in text, district


@pytest.mark.slow
def test_indicator_html_holds_rows_with_sources(rendered):
    html = (rendered / "indicator-forest_cover-zh.html").read_text(encoding="utf-8")
    # kaizhou_eco_14th_fyp.txt:284 森林覆盖率（%） 55 -> 57 ; qianjiang 表2-1 row 17 ≥65
    assert "kaizhou_eco_14th_fyp.txt:284" in html and "≥65" in html
    assert "<pre" not in html or "import" not in html.split("<pre", 1)[1][:200]
    assert "index.html" in {p.name for p in rendered.iterdir()}


def test_the_reports_under_test_execute_every_notebook_and_both_languages():
    """`make test` renders a sample of the catalog; it still runs every notebook, and each
    language about as often as the other; the full run renders every report."""
    notebooks = {p.name for p in paths.NOTEBOOKS.glob("*.ipynb")}
    assert len(notebooks) >= 12
    assert {r.notebook.name for r in REPORTS} == notebooks
    langs = [r.parameters["lang"] for r in REPORTS]
    assert abs(langs.count("zh") - langs.count("en")) <= 2 and set(langs) == {"zh", "en"}
    if SCOPE == "full":
        assert NAMES == [r.name for r in load_catalog()]
    else:
        assert len(NAMES) < len(load_catalog()) / 4


def test_catalog_lists_every_kind_of_report_in_both_languages():
    names = {r.name for r in load_catalog()}
    districts = ("bishan", "kaizhou", "qianjiang", "tongnan")
    for lang in ("zh", "en"):
        assert {f"{k}-{lang}" for k in ("overview", "review", "alignment", "ambition", "atlas")} <= names
        assert {f"profile-{d}-{lang}" for d in (*districts, "chongqing")} <= names
        pairs = {n for n in names if n.startswith("pair-") and n.endswith(f"-{lang}")}
        assert pairs == {f"pair-{a}-{b}-{lang}" for i, a in enumerate(districts) for b in districts[i + 1 :]}
        assert any(n.startswith("indicator-") and n.endswith(f"-{lang}") for n in names)
    assert not any(n.startswith("map-") for n in names), "the atlas replaces the map-only reports"
