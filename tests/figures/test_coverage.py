"""Which plan sets which indicator (`figures.coverage`): codes per cell, counts by domain,
by attribute and by kind of target."""

from __future__ import annotations

from compare.figures.coverage import (
    counts_by_attribute,
    counts_by_domain,
    coverage_codes,
    kinds_claims,
    target_kinds,
)


def test_each_cell_is_binding_expected_listed_or_empty(table):
    codes = coverage_codes(table)
    assert sorted(codes.columns) == sorted(table["region"].unique())
    assert set(codes.to_numpy().ravel()) == {"", "binding", "expected", "listed"}
    assert codes.loc["forest_cover", "kaizhou"] in ("binding", "expected")


def test_the_attributes_of_each_region_add_up_to_its_rows(table):
    counts = counts_by_attribute(table, "en")
    assert len(counts) == 5
    assert (counts[["binding", "expected", "no attribute"]].sum(axis=1) == counts["Rows"]).all()


def test_the_all_plans_column_counts_each_indicator_once(table):
    counts = counts_by_domain(table, "en")
    assert len(counts) and (counts["Total"] >= counts.drop(columns="Total").max(axis=1)).all()


def test_the_kind_claims_are_the_totals_of_the_kinds_table(table):
    kinds = target_kinds(table, "en")
    claims = kinds_claims(kinds, "en")
    assert claims["overview_coverage.district_rows"] == kinds.to_numpy().sum() > 0
    assert sum(v for k, v in claims.items() if not k.endswith("district_rows")) == kinds.to_numpy().sum()
