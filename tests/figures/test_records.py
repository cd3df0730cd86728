"""What a figure draws and says, recorded beside it (`figures.records`)."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from compare.figures.records import alt_text, attach_data, describe, figure_data, grid_data


def test_a_figures_data_is_kept_beside_it_and_read_back():
    fig = Figure()
    assert figure_data(fig) is None
    data = pd.DataFrame({"x": [1, 2], "y": [3, 4]})
    attach_data(fig, data)
    assert figure_data(fig).equals(data) and figure_data(Figure()) is None


def test_the_alt_text_is_the_description_else_the_titles():
    fig = Figure()
    fig.add_subplot().set_title("Forest cover")
    assert "Forest cover" in alt_text(fig)
    describe(fig, "Forest cover per district, 2020 and 2025")
    assert alt_text(fig) == "Forest cover per district, 2020 and 2025"


def test_grids_become_one_row_per_cell():
    score = pd.DataFrame({"kaizhou": [1.0, 2.0], "bishan": [3.0, None]}, index=["forest_cover", "pm25"])
    long = grid_data(score=score)
    assert list(long.columns) == ["indicator_id", "region", "score"]
    assert len(long) >= 3 and set(long["region"]) == {"kaizhou", "bishan"}
    assert long.set_index(["indicator_id", "region"]).loc[("pm25", "kaizhou"), "score"] == 2.0
