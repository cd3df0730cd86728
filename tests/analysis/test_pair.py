"""Key findings of the pair reports (analysis.pair) count what the pair's tables show."""

from __future__ import annotations

from compare.analysis.pair import pair_findings
from compare.figures import pair
from compare.ingest.codebook import load_codebook


def test_pair_findings_count_the_rows_of_the_pair_tables(table):
    codebook = load_codebook()
    found = {f.code: f.values for f in pair_findings(table, codebook, "bishan", "kaizhou")}
    shared = pair.pair_table(table, codebook, "bishan", "kaizhou", "en")
    only = pair.pair_only(table, codebook, "bishan", "kaizhou", "en")
    assert found["pair_shared"]["shared"] == len(shared) > 0
    assert found["pair_shared"]["only_a"] + found["pair_shared"]["only_b"] == len(only)
    comparison = shared["Comparison"]  # the caveats column follows it
    stricter = found["pair_stricter"]
    assert stricter["stricter_a"] == int(comparison.str.contains("Bishan").sum())
    assert stricter["stricter_b"] == int(comparison.str.contains("Kaizhou").sum())
    assert stricter["compared"] + stricter["apart"] == len(shared)
    record = found["pair_record"]
    assert (
        record["total_a"]
        == record["met_a"] + record["met_per_plan_a"] + record["missed_a"] + record["not_assessable_a"]
    )


def test_municipal_uptake_counts_districts_setting_a_convertible_counterpart(table):
    up = pair.municipal_uptake(table, load_codebook(), "en").set_index("Indicator")
    # the city sets the good-air ratio (secondary source), every district good-air days
    assert up.loc["Share of days with good air quality", "Districts"] == 4
    assert pair.counterparts("air_good_days") == {"air_good_days", "air_good_days_ratio"}
