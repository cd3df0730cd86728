"""Progress toward the targets for readers (`figures.progress`): marks, sites, counts per
status and per region."""

from __future__ import annotations

import pytest

from compare.analysis.common import codebook_frame
from compare.analysis.progress import progress
from compare.figures.progress import counts_table, coverage_table, host, mark
from compare.ingest import load_observations


@pytest.fixture(scope="module")
def assessed(table, codebook):
    """Every 14th-plan target with its progress status."""
    return progress(table, load_observations(), codebook_frame(codebook))


def test_a_mirror_copy_and_a_secondary_source_have_their_marks():
    assert mark("secondary", True) == "‡" and mark("secondary", False) == "†" and mark("", False) == ""


def test_an_address_is_shown_by_its_site():
    assert host("https://www.cqrd.gov.cn/a/b.html") == "cqrd.gov.cn"


def test_the_status_counts_cover_every_target(assessed):
    shown = counts_table(assessed, "en")
    assert list(shown.columns) == ["Status", "Targets"] and shown["Targets"].sum() == len(assessed) > 0


def test_each_regions_targets_are_with_or_without_an_observation(assessed):
    shown = coverage_table(assessed, "en")
    assert len(shown) == assessed["region"].nunique()
    assert (shown["With observations"] + shown["Without"] == shown["Targets"]).all()
    assert shown["With observations"].sum() == (assessed["status"] != "no_observation").sum()
