"""Observed outcomes against the 14th-FYP targets (`analysis.progress`), by Open SDG's
progress measure: growth rates, the limit factor, the categories and the statuses."""

from __future__ import annotations

import pytest

from compare.analysis.common import codebook_frame
from compare.analysis.progress import (
    STATUSES,
    THRESHOLDS,
    cagr,
    category,
    conflicts,
    limit_factor,
    meets,
    progress,
    status_counts,
    straight_path,
)
from compare.ingest import load_observations


def test_compound_growth_and_the_slowdown_near_a_natural_limit():
    assert cagr(121, 100, 2022, 2020) == pytest.approx(0.1)
    assert limit_factor(50, 100) == pytest.approx(1 - 0.5**4.44)
    assert limit_factor(50, None) == 1.0 and limit_factor(250, 100) == 1.0  # no limit, or far past it
    assert limit_factor(150, 100) == pytest.approx(limit_factor(50, 100))  # mirrored above the limit


@pytest.mark.parametrize(
    ("ratio", "expected"),
    [(0.97, "on_track"), (0.7, "acceleration_needed"), (0.1, "limited_progress"), (-0.1, "deterioration")],
)
def test_a_ratio_falls_in_the_open_sdg_category_of_its_band(ratio, expected):
    assert category(ratio, THRESHOLDS["target"]) == expected


def test_meeting_a_target_follows_the_indicators_direction():
    assert meets(30, 35, -1) and not meets(40, 35, -1)
    assert meets(40, 35, 1) and not meets(30, 35, 1)


def test_the_straight_path_runs_from_the_base_to_the_target():
    assert list(straight_path(50, 2020, 60, 2025, [2020, 2022, 2025])) == pytest.approx([50, 54, 60])


def test_every_target_row_gets_a_known_status_and_the_counts_add_up(table, codebook):
    observed = load_observations()
    p = progress(table, observed, codebook_frame(codebook))
    assert len(p) == (table["period"] == "14th").sum()
    assert set(p["status"]) <= set(STATUSES) and (p["status"] != "no_observation").any()
    counts = status_counts(p)
    assert counts.sum() == len(p) and list(counts.index) == [s for s in STATUSES if s in set(counts.index)]


def test_conflicting_figures_come_in_groups_of_different_values_the_used_one_first():
    observed = load_observations()
    found = conflicts(observed)
    assert len(found) == observed["conflict"].sum() > 0
    groups = list(found.groupby(["region", "label", "year", "unit"], sort=False))
    assert groups
    for _, group in groups:
        assert len(group) >= 2 and group["value"].nunique() == len(group)
        assert list(group["used"]) == [True] + [False] * (len(group) - 1)


def test_no_conflict_flagged_gives_an_empty_list():
    observed = load_observations().assign(conflict=False)
    assert conflicts(observed).empty
