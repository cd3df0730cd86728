"""Axes in an indicator's unit stop at the quantity's natural limit (issue #22 item 5): a share
(unit %) never runs past 100 nor below 0, good-air days never past 365; every chart with such
an axis goes through `figures.axes` (the dumbbell, the target ranges, the progress trajectories)."""

from __future__ import annotations

import pytest

from compare import analysis
from compare.figures import analysis_charts, charts
from compare.figures import progress as pfig
from compare.figures.axes import axis_meta, cap_axis, drawn_meta, natural_limits


@pytest.fixture(scope="module")
def meta(codebook):
    return axis_meta(codebook)


def _percent(meta, ident: str) -> bool:
    return meta.get(ident, {}).get("unit") == "%"


def test_a_share_at_100_keeps_its_axis_at_100():
    assert natural_limits(90.0, 102.5, {"unit": "%"}, 95.0, 100.0) == (90.0, 100.0)
    assert natural_limits(-3.0, 40.0, {"unit": "%"}, 2.0, 30.0) == (0.0, 40.0)
    # values outside the limit stay on the axis (the data is never cut)
    assert natural_limits(90.0, 112.0, {"unit": "%"}, 95.0, 110.0) == (90.0, 110.0)


def test_a_higher_is_better_limit_caps_and_a_lower_is_better_standard_does_not(meta):
    days = meta["air_good_days"]
    assert natural_limits(300.0, 372.0, days, 310.0, 365.0) == (300.0, 365.0)
    pm25 = meta["pm25_concentration"]  # 35 μg/m3 is a standard the values may pass
    assert natural_limits(20.0, 38.0, pm25, 27.0, 33.0) == (20.0, 38.0)


def test_cap_axis_refuses_an_unknown_axis_and_leaves_an_empty_one():
    from matplotlib.figure import Figure

    ax = Figure().add_subplot()
    ax.plot([0, 1], [99, 100])
    with pytest.raises(ValueError, match="axis must be"):
        cap_axis(ax, "z", {"unit": "%"}, [100])
    assert cap_axis(ax, "y", {"unit": "%"}, [float("nan"), ""]) is None
    assert cap_axis(ax, "y", {"unit": "%"}, [99, 100]) == (pytest.approx(98.95), 100.0)
    assert ax.get_ylim()[1] == 100.0


def test_another_unit_than_the_codebooks_drops_the_codebooks_limit(meta):
    # good-air days drawn as a ratio (%) keep the share's 0-100, not the 365 of days
    assert drawn_meta(meta["air_good_days"], "%") == {"unit": "%", "direction": "higher_is_better"}


def test_dumbbell_of_a_share_at_100_stops_at_100(table, codebook):
    fig = charts.dumbbell(table, codebook, "drinking_water_urban", lang="en")
    lo, hi = fig.axes[0].get_xlim()
    assert hi == 100.0 and lo >= 0.0


def test_target_ranges_never_run_a_share_past_100(table, codebook, meta):
    amb = analysis.ambition(table, codebook)
    districts = amb[amb["level"] == "district"]
    disp = analysis.dispersion(table, codebook)
    fig = analysis_charts.target_ranges(districts, disp, codebook, "en")
    levels = disp[disp["measure"] == "level"]
    ids = list(levels["indicator_id"])
    panels = [ax for ax in fig.axes if ax.get_visible()][: len(ids)]
    units = dict(zip(levels["indicator_id"], levels["unit"]))
    shares = [(i, ax) for i, ax in zip(ids, panels) if _percent(meta, i) and units[i] == "%"]
    assert shares
    drawn = districts[districts["indicator_id"].isin([i for i, _ in shares])]
    assert (drawn["target_value"] == 100).any()  # a share at its limit is drawn: the check can fail
    for ident, ax in shares:
        lo, hi = ax.get_xlim()
        assert 0.0 <= lo and hi <= 100.0, (ident, lo, hi)


def test_progress_trajectories_never_run_a_share_past_100(table, codebook, meta):
    from compare.analysis import progress as prog
    from compare.analysis.common import codebook_frame
    from compare.ingest import load_observations

    observed = load_observations()
    status = prog.progress(table, observed, codebook_frame(codebook))
    points = pfig.trajectory_points(status, observed)
    fig = pfig.trajectory_figure(status, points, "en", codebook)
    rows = status[(status["status"] != "no_observation") & status["baseline"].notna()]
    shares = [
        (r["indicator_id"], ax, max(r["baseline"], r["target_value"]))
        for ax, (_, r) in zip(fig.axes, rows.iterrows())
        if r["unit"] == "%" and _percent(meta, r["indicator_id"])
    ]
    assert shares
    assert any(top >= 99.0 for _, _, top in shares)  # a panel near the limit: the check can fail
    for ident, ax, _ in shares:
        lo, hi = ax.get_ylim()
        assert 0.0 <= lo and hi <= 100.0, (ident, lo, hi)
