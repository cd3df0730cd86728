"""The target-ambition scale (`analysis.scores`): a 0–100 distance-to-target score, censored,
and a traffic light from the boundaries printed with every dashboard."""

from __future__ import annotations

import pytest

from compare.analysis.scores import LIGHTS, dashboard, level_score, light_of_score, scores, thresholds


def test_a_level_score_runs_from_the_lower_bound_to_the_optimum_and_is_censored():
    assert level_score(27, 87, 5) == pytest.approx(100 * 60 / 82)  # lower is better: 87 -> 5
    assert level_score(120, 0, 100) == 100.0 and level_score(-5, 0, 100) == 0.0
    with pytest.raises(ValueError, match="optimum"):
        level_score(1, 5, 5)


def test_level_lights_split_halfway_between_the_green_and_red_thresholds():
    bounds = thresholds("level", 87, 5, 35, 60)
    assert bounds["green_score"] == pytest.approx(level_score(35, 87, 5))
    assert bounds["red_score"] == pytest.approx(level_score(60, 87, 5))
    assert bounds["yellow_score"] == pytest.approx((bounds["green_score"] + bounds["red_score"]) / 2)
    assert [light_of_score(s, bounds) for s in (80, 50, 40, 10)] == list(LIGHTS)


def test_progress_ratios_use_the_open_sdg_bands():
    bounds = thresholds("progress_ratio", 0, 18, 0, 0)
    assert (bounds["green_score"], bounds["yellow_score"], bounds["red_score"]) == pytest.approx((95, 60, 0))


def test_every_real_target_has_a_score_and_light_or_a_reason(table):
    sc = scores(table)
    assert len(sc) == (table["period"] == "14th").sum()
    scored = sc[sc["score"].notna()]
    assert len(scored) and scored["score"].between(0, 100).all() and scored["light"].isin(LIGHTS).all()
    assert (sc.loc[sc["score"].isna(), "reason"] != "").all()


def test_the_district_dashboard_has_one_row_per_district(table):
    board = dashboard(table)
    assert list(board.index) == ["bishan", "kaizhou", "qianjiang", "tongnan"]
