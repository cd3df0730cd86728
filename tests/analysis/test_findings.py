"""Executive summaries (`analysis.findings`): 3–5 findings per report, computed from the
analytics, each resting on the documents it cites."""

from __future__ import annotations

import pytest

from compare.analysis.findings import KINDS, district_targets, findings

DISTRICTS = ["bishan", "kaizhou", "qianjiang", "tongnan"]


@pytest.mark.parametrize("kind", KINDS)
def test_each_report_kind_gets_three_to_five_findings_with_distinct_codes(table, kind):
    found = findings(table, kind, region="kaizhou" if kind == "profile" else None)
    codes = [f.code for f in found]
    assert 3 <= len(found) <= 5 and len(set(codes)) == len(codes)


def test_a_profiles_first_finding_counts_the_regions_14th_plan_rows(table):
    first = findings(table, "profile", region="kaizhou")[0]
    rows = table[(table["region"] == "kaizhou") & (table["period"] == "14th")]
    assert first.code == "profile_targets" and first.values["rows"] == len(rows) > 0
    assert sum(v for k, v in first.values.items() if k != "rows") == len(rows)
    assert first.evidence == ("kaizhou_eco_14th_fyp.txt",)


def test_an_unknown_kind_or_a_profile_without_its_region_is_refused(table):
    with pytest.raises(ValueError, match="valid values: overview"):
        findings(table, "summary")
    with pytest.raises(ValueError, match="need its region"):
        findings(table, "profile")


def test_district_targets_are_one_row_per_district_and_indicator(table):
    cells = district_targets(table)
    assert sorted(cells["region"].unique()) == DISTRICTS
    assert not cells.duplicated(["region", "indicator_id"]).any()
    assert len(district_targets(table, "kaizhou")) == (cells["region"] == "kaizhou").sum() > 0
