"""Two districts side by side (`figures.pair`): what both set, what only one sets."""

from __future__ import annotations

from compare.figures.pair import counterparts, pair_counts, pair_only


def test_the_counts_per_domain_add_up_to_their_total_row(table):
    counts = pair_counts(table, "kaizhou", "bishan", "en")
    assert list(counts.columns) == ["set by both", "only Kaizhou District", "only Bishan District"]
    body = counts.drop(index="Total")
    assert len(body) and (body.sum() == counts.loc["Total"]).all()


def test_the_indicators_only_one_sets_are_those_the_counts_give(table, codebook):
    counts = pair_counts(table, "kaizhou", "bishan", "en")
    only = pair_only(table, codebook, "kaizhou", "bishan", "en")
    assert (
        len(only)
        == counts.loc["Total", "only Kaizhou District"] + counts.loc["Total", "only Bishan District"]
    )
    assert set(only["Set by"]) == {"Kaizhou District", "Bishan District"}


def test_an_indicator_comes_with_the_ones_it_converts_to():
    assert counterparts("air_good_days") == {"air_good_days", "air_good_days_ratio"}
    assert counterparts("forest_cover") == {"forest_cover"}
