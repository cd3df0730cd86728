"""Names from a document or the manifest never reach a page as HTML.

A region and an indicator are renamed with HTML and spreadsheet-formula payloads in a copy
of the project; its table is built and real reports are rendered from it (both languages).
No payload may appear as markup in any page, the figure CSVs hold no live formula, and the
escaped text is there to read.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from compare import paths
from compare.figures import charts, records, saving

SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'
FORMULA = '=HYPERLINK("http://example.invalid","x")'


def test_show_escapes_cells_index_and_headers():
    df = pd.DataFrame({SCRIPT: [IMG, "ok"], "n": [1.0, 2.0]}, index=pd.Index([SCRIPT, "b"], name=IMG))
    html = charts.show(df, index=True).to_html()
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_heading_paragraph_and_figure_escape(tmp_path):
    assert "<script>" not in charts.heading(SCRIPT).html
    assert "&lt;script&gt;" in charts.paragraph(SCRIPT).html
    from matplotlib.figure import Figure

    fig = Figure(figsize=(3, 2))
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1])
    ax.set_title(f"{SCRIPT} {FORMULA}")
    records.attach_data(fig, pd.DataFrame({"name": [FORMULA, "-x", "-1.5"], "v": [1, 2, 3]}))
    shown = saving.render(fig, tmp_path / "figs", "f")
    html = shown._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html  # the alt text is escaped
    rows = list(csv.reader(io.StringIO((tmp_path / "figs" / "f.csv").read_text(encoding="utf-8-sig"))))
    assert rows[1][0] == "'" + FORMULA and rows[2][0] == "'-x" and rows[3][0] == "-1.5"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """A copy of the project whose Kaizhou and forest cover carry payloads, table built."""
    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(paths.RAW, root / "data" / "raw")
    shutil.copytree(paths.CODEBOOK.parent, root / "data" / "codebook")
    shutil.copytree(paths.NOTEBOOKS, root / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    manifest = root / "data" / "raw" / "MANIFEST.csv"
    m = pd.read_csv(manifest, dtype=str, keep_default_na=False)
    k = m["region"] == "kaizhou"
    m.loc[k, "name_zh"] = f"{SCRIPT}开州区"
    m.loc[k, "name_en"] = f"{FORMULA}{IMG}"
    m.to_csv(manifest, index=False)
    codebook = root / "data" / "codebook" / "indicators.csv"
    cb = pd.read_csv(codebook, dtype=str, keep_default_na=False)
    f = cb["indicator_id"] == "forest_cover"
    cb.loc[f, "name_zh"] = f"{SCRIPT}森林覆盖率"
    cb.loc[f, "name_en"] = f"{FORMULA} {IMG}"
    cb.to_csv(codebook, index=False)
    env = {**os.environ, "COMPARE_ROOT": str(root)}
    build = subprocess.run(
        [sys.executable, "-m", "compare", "build"], env=env, capture_output=True, text=True, timeout=600
    )
    assert build.returncode == 0, build.stdout + build.stderr
    (root / "reports").mkdir(exist_ok=True)
    # each kind of page once, the zh payload (<script>) in two kinds, the en one (a formula
    # and an <img>) in the other two: the escaping does not depend on the language
    names = ["overview-zh", "profile-kaizhou-zh", "indicator-forest_cover-en", "pair-bishan-kaizhou-en"]
    script = (
        "from compare.reports import catalog, run_reports\n"
        "catalog.write_catalog()\n"
        f'raise SystemExit(run_reports(only={names!r}, jobs=2, progress=False, formats=("html",)))\n'
    )
    run = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=1800, cwd=root
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return root / "reports"


@pytest.mark.slow
def test_payload_names_are_escaped_in_every_page(hostile):
    pages = sorted(hostile.glob("*.html"))
    assert len(pages) == 5  # four reports and the index
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html, page.name
        assert "<img src=x" not in html and '<img src="x"' not in html, page.name
    profile = (hostile / "profile-kaizhou-zh.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;开州区" in profile  # shown, as text
    pair = (hostile / "pair-bishan-kaizhou-en.html").read_text(encoding="utf-8")
    assert "&lt;img src=x" in pair  # the en payload is there to read, as text
    index = (hostile / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in index
    run = json.loads((hostile / "run.json").read_text(encoding="utf-8"))
    assert all(r["status"] == "ok" for r in run["reports"])


@pytest.mark.slow
def test_figure_csvs_hold_no_live_formula(hostile):
    csvs = sorted((hostile / "figures").rglob("*.csv"))
    assert csvs
    seen = False
    for path in csvs:
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))):
            for cell in row:
                assert not cell.startswith(("=", "+", "@")), (path.name, cell)
                seen = seen or cell.startswith("'=HYPERLINK")
    assert seen, "the payload should be in some figure's data, neutralised"
