"""A figure's files (`figures.saving`): PNG, SVG and CSV under the figure root, links relative to
the page, the smallest text at print scale."""

from __future__ import annotations

import pandas as pd
import pytest

from compare import paths
from compare.figures import records, saving


def test_figure_files_go_under_the_figure_root(tmp_path, monkeypatch):
    from matplotlib.figure import Figure

    monkeypatch.setenv("COMPARE_FIGURES_ROOT", str(tmp_path / "staging"))
    assert saving.figure_root() == tmp_path / "staging"
    fig = Figure(figsize=(4, 3))
    fig.add_subplot().plot([1, 2], [3, 4])
    records.attach_data(fig, pd.DataFrame({"x": [1, 2], "y": [3, 4]}))
    shown = saving.render(fig, "figures/demo-zh", "line", alt="A line from (1, 3) to (2, 4)")
    folder = tmp_path / "staging" / "figures" / "demo-zh"
    assert sorted(p.name for p in folder.iterdir()) == ["line.csv", "line.png", "line.svg"]
    html = shown._repr_html_()
    # links are relative to the page (pages sit at the root), never the staging path
    for ext in ("png", "svg", "csv"):
        assert f'href="figures/demo-zh/line.{ext}"' in html
    assert str(tmp_path) not in html and 'alt="A line from (1, 3) to (2, 4)"' in html
    assert shown.min_pt > 0 and (folder / "line.svg").read_bytes() == saving._svg(fig)  # deterministic
    monkeypatch.delenv("COMPARE_FIGURES_ROOT")
    assert saving.figure_root() == paths.REPORTS


def test_smallest_text_counts_the_print_scale():
    from matplotlib.figure import Figure

    wide = Figure(figsize=(14.16, 3))
    ax = wide.add_subplot()
    ax.set_title("x", fontsize=10)
    ax.tick_params(labelsize=10)
    ax.set_xlabel("y", fontsize=10)
    assert saving.smallest_text_pt(wide) == pytest.approx(5.0, abs=0.01)  # drawn 10 pt, printed at half
