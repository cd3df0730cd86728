"""Figures of the alignment and ambition analyses: what each mark stands for, checked
against the analysis frames they draw (and, through them, the plans' cells)."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

from matplotlib.colors import to_hex
from matplotlib.text import Text

from compare import analysis
from compare.figures import (
    analysis_charts,
    charts,
)


@pytest.fixture(scope="module")
def districts(table, codebook):
    amb = analysis.ambition(table, codebook)
    return amb[amb["level"] == "district"]


def texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def drawn_without_missing_glyphs(fig) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        charts.render(fig)
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


def test_alignment_order_puts_most_quantified_first_and_splits_off_unlisted():
    matrix = pd.DataFrame(
        {
            "a": ["equal", "missing", "missing"],
            "b": ["stricter", "weaker", "not comparable"],
            "c": ["missing", "missing", "missing"],
            "d": ["not quantified", "equal", "missing"],
        },
        index=["x", "y", "z"],
    )
    shown, absent = analysis_charts.alignment_order(matrix)
    assert list(shown.columns) == ["b", "d", "a"]  # 3, 2, 1 judged ('not quantified' counts)
    assert absent == ["c"]


def test_alignment_heatmap_colours_each_cell_by_its_status(table, codebook):
    matrix = analysis.alignment_matrix(table, codebook)
    values = analysis_charts.alignment_values(table, matrix, "zh")
    shown, absent = analysis_charts.alignment_order(matrix, values != "")
    # soil conservation: quantified by the city (chongqing:113), listed by no district
    assert "air_good_days" in shown.columns and "soil_conservation_rate" in absent
    fig = analysis_charts.alignment_heatmap(
        shown, codebook, "zh", values[shown.columns], analysis_charts.municipal_labels(table)
    )
    ax = fig.axes[0]
    codes = ax.images[0].get_array()
    # indicators down the page, districts across
    i, j = list(shown.columns).index("air_good_days"), list(shown.index).index("bishan")
    # bishan ≥310 days (bishan:375) ≈ 84.9 % against the city's 92.6 % (secondary), a city-wide
    # average: below the city-wide level, in a colour of context (not the red of "weaker")
    assert [*analysis.ALIGNMENT_STATUSES, ""][int(codes[i, j])] == "below city"
    assert (
        to_hex(ax.images[0].cmap(ax.images[0].norm(codes[i, j])))
        == analysis_charts.ALIGNMENT_COLOURS["below city"]
        != analysis_charts.ALIGNMENT_COLOURS["weaker"]
    )
    assert [t.get_text() for t in ax.get_xticklabels()] == [charts.region_name(r, "zh") for r in shown.index]
    assert "≥310" in texts(fig) and "低于全市水平（背景）" in texts(fig)  # the cell's target, the legend
    assert any("92.6%†" in t for t in texts(fig))  # the city's target by the name, secondary
    assert drawn_without_missing_glyphs(fig) == []
    note = analysis_charts.absent_note(absent, matrix, codebook, "en")
    assert note.startswith("Not drawn")
    aggregate = note.split("city-wide aggregate: ")[1]
    assert aggregate.startswith("Soil and water conservation rate")  # named, with why


def test_alignment_heatmap_refuses_unknown_statuses(codebook):
    with pytest.raises(ValueError, match="looser"):
        analysis_charts.alignment_heatmap(pd.DataFrame({"a": ["looser"]}, index=["x"]), codebook)


def test_rated_indicators_draws_moving_ones_and_names_flat_ones():
    rows = pd.DataFrame(
        {
            "indicator_id": ["moves", "moves", "flat", "flat", "alone", "none"],
            "region": ["a", "b", "a", "b", "a", "a"],
            "improvement_rate": [0.5, 0.0, 0.0, 0.0, 1.0, None],
        }
    )
    assert analysis_charts.rated_indicators(rows) == (["moves"], ["flat"])
    # one indicator asked for: drawn even with a single rate, or all zero
    assert analysis_charts.rated_indicators(rows[rows["indicator_id"] == "alone"], "alone") == (["alone"], [])
    assert analysis_charts.rated_indicators(rows[rows["indicator_id"] == "flat"], "flat") == (["flat"], [])


def test_improvement_rates_colour_by_sign_with_zero_inside_the_frame(districts, codebook):
    fig = analysis_charts.improvement_rates(districts, ["pm25_concentration"], codebook, "zh")
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    colours = {name: to_hex(bar.get_facecolor()) for name, bar in zip(labels, ax.patches)}
    # tongnan 27 -> 35* (relaxed), qianjiang 28 -> ≤28 (held), bishan 36 -> 35 (better)
    assert colours == {"潼南区": "#d73027", "黔江区": "#969696", "璧山区": "#1a9850"}
    lo, hi = ax.get_xlim()
    assert lo < -5.3 and hi > 0.56  # both ends and zero clear of the frame
    assert ax.get_title(loc="left") == "细颗粒物（PM2.5）年均浓度" and ax.get_xlabel() == "%/年"
    assert drawn_without_missing_glyphs(fig) == []


def test_improvement_rates_keep_sub_rows_of_one_district_apart(codebook):
    rows = pd.DataFrame(
        {
            "indicator_id": ["forest_cover"] * 2,
            "region": ["bishan", "bishan"],
            "improvement_rate": [0.2, -0.1],
            "rate_unit": ["pp/yr"] * 2,
        }
    )
    fig = analysis_charts.improvement_rates(rows, ["forest_cover"], codebook, "en")
    assert len(fig.axes[0].patches) == 2  # two bars, not one category drawn twice
    with pytest.raises(ValueError, match="nothing to draw"):
        analysis_charts.improvement_rates(rows, [], codebook)


def test_target_ranges_one_panel_per_level_indicator(table, codebook, districts):
    disp = analysis.dispersion(table, codebook)
    levels = disp[disp["measure"] == "level"]
    fig = analysis_charts.target_ranges(districts, disp, codebook, "en")
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert len(panels) == len(levels) > 1
    titles = [ax.get_title(loc="left") for ax in panels]
    assert "Forest cover" in titles
    forest = panels[titles.index("Forest cover")]
    targets = forest.collections[1].get_offsets()[:, 0]  # the blue dots: 2025 targets
    expected = districts[
        (districts["indicator_id"] == "forest_cover")
        & districts["target_value"].notna()
        & (districts["target_kind"] == "numeric")
    ]["target_value"]
    assert sorted(targets) == sorted(expected)
    assert drawn_without_missing_glyphs(fig) == []
    assert analysis_charts.target_ranges(districts, disp.iloc[:0], codebook) is None
