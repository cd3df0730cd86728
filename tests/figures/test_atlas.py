"""The atlas's coverage tables (`figures.atlas`): one row per map drawn or left out."""

from __future__ import annotations

from compare.analysis.atlas import coverage
from compare.figures.atlas import coverage_table, left_out_claims


def test_the_maps_and_the_left_out_tables_split_the_coverage(table, codebook):
    cov = coverage(table, codebook)
    shown = coverage_table(table, codebook, cov, "en")
    left = coverage_table(table, codebook, cov, "en", mapped=False)
    assert len(shown) == cov["mapped"].sum() > 0 and len(left) == (~cov["mapped"]).sum()
    assert left_out_claims(left) == {"atlas_maps.left_out": len(left)}
