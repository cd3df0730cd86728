"""Word copies (compare.reports.word): a page's headings, tables and figures as Word's own."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import pytest

from catalog_under_test import sampled
from compare.reports.word import html_to_docx, table_grid
from word_copy import word_copy_problems


def _png() -> str:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (300, 150), "steelblue").save(buf, format="PNG", dpi=(150, 150))
    return base64.b64encode(buf.getvalue()).decode()


PAGE = f"""<!DOCTYPE html><html lang="en"><head><title>A report</title></head><body>
<h1>A report</h1><div class="front-matter"><span>Date: 2026-12-01</span><span>Data version: x</span></div>
<div class="findings"><h2>Key findings</h2><ol><li><p>One finding.</p><ul><li>an item</li></ul></li></ol></div>
<h2>Table</h2>
<table class="report-table landscape"><thead>
<tr><th rowspan="2">Region</th><th colspan="2">2025</th></tr><tr><th>target</th><th>kind</th></tr></thead>
<tbody><tr><th>Kaizhou</th><td>52.5</td><td>binding</td></tr>
<tr><th>Bishan</th><td>≥ 46</td><td><span class="quote" lang="zh">约束性</span></td></tr></tbody></table>
<h3>A figure</h3>
<figure class="report-figure"><img src="data:image/png;base64,{_png()}" alt="a blue box drawn as a test figure">
<figcaption class="figure-files"><a href="f.png">PNG</a></figcaption></figure>
<p>Source: <a href="https://example.org/plan">the plan's address</a>.</p>
</body></html>"""


def test_word_copy_has_the_pages_headings_tables_and_figures(tmp_path):
    import docx

    page, target = tmp_path / "r.html", tmp_path / "r.docx"
    page.write_text(PAGE, encoding="utf-8")
    html_to_docx(PAGE, target)
    assert word_copy_problems(page, target) == []
    document = docx.Document(str(target))
    assert [p.style.name for p in document.paragraphs if p.text == "A report"] == ["Heading 1"]
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Region", "2025", "2025"]  # spans merged
    assert [c.text for c in table.rows[2].cells] == ["Kaizhou", "52.5", "binding"]
    assert document.sections[-2].page_width > document.sections[-2].page_height  # landscape table
    assert document.inline_shapes[0]._inline.docPr.get("descr") == "a blue box drawn as a test figure"
    assert "https://example.org/plan" in [r.target_ref for r in document.part.rels.values() if r.is_external]
    assert document.core_properties.title == "A report"
    assert not list(tmp_path.glob(".*tmp*"))


def test_word_copy_is_byte_identical_for_the_same_page(tmp_path):
    html_to_docx(PAGE, tmp_path / "a.docx")
    html_to_docx(PAGE, tmp_path / "b.docx")
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()


def test_table_grid_places_cells_after_row_spans():
    from bs4 import BeautifulSoup

    table = BeautifulSoup(PAGE, "html.parser").find("table")
    grid = table_grid(table)
    assert [(c[0], c[1], c[4]) for c in grid[1]] == [(1, 1, "target"), (1, 2, "kind")]


@pytest.mark.slow
@pytest.mark.catalog
def test_rendered_reports_come_with_word_copies_matching_their_pages(rendered):
    """Real reports (a pair report, a profile, in each language the session rendered)."""
    names = sampled("pair-bishan-tongnan-zh", "pair-bishan-tongnan-en", "profile-qianjiang-en")
    assert names
    run = json.loads((rendered / "run.json").read_text(encoding="utf-8"))
    outputs = {r["name"]: r["outputs"].get("docx") for r in run["reports"]}
    assert [outputs[n] for n in names] == [f"{n}.docx" for n in names]
    index = (rendered / "index.html").read_text(encoding="utf-8")
    for name in names:
        assert f'href="{name}.docx"' in index
        assert word_copy_problems(rendered / f"{name}.html", rendered / f"{name}.docx") == []
        state = json.loads((rendered / ".state" / f"{name}.json").read_text(encoding="utf-8"))
        assert f"{name}.docx" in state["files"]  # switched in with the report's other outputs


def test_word_copy_problems_sees_a_missing_table(tmp_path):
    page, target = tmp_path / "r.html", tmp_path / "r.docx"
    page.write_text(PAGE, encoding="utf-8")
    html_to_docx(PAGE.replace("<table", "<div").replace("</table>", "</div>"), target)
    assert any(p.startswith("tables:") for p in word_copy_problems(page, target))


def test_word_copy_problems_sees_a_missing_figure(tmp_path):
    page, target = tmp_path / "r.html", tmp_path / "r.docx"
    page.write_text(PAGE, encoding="utf-8")
    html_to_docx(PAGE.replace("data:image/png", "data:image/none"), target)
    assert any(p.startswith("figures:") for p in word_copy_problems(page, target))
    assert Path(target).stat().st_size > 0
