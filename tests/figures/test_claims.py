"""Headlines checked against their tables (`figures.claims`): what a finding claims and
what a table counts, written into the page and read back."""

from __future__ import annotations

import pandas as pd

from compare.figures.claims import checked_keys, claims_attr, column_totals, counts_attr, mismatches, read


def page(claimed: dict, counted: dict) -> str:
    return f"<p{claims_attr('x', claimed)}></p><table{counts_attr(counted)}></table>"


def test_only_whole_numbers_of_a_finding_are_claimed():
    assert claims_attr("x", {"n": 3, "share": 0.5, "name": "a"}) == ' data-claims="{&quot;x.n&quot;: 3}"'


def test_a_claim_that_differs_from_its_tables_count_is_a_mismatch():
    wrong = page({"n": 3}, {"x.n": 4})
    assert read(wrong) == ({"x.n": {3}}, {"x.n": {4}})
    assert mismatches(wrong) == ["x.n: finding 3, table 4"] and checked_keys(wrong) == {"x.n"}
    right = page({"n": 4}, {"x.n": 4})
    assert mismatches(right) == [] and checked_keys(right) == {"x.n"}


def test_a_key_only_one_side_gives_is_not_checked():
    assert checked_keys(page({"n": 3}, {"y.n": 3})) == set() and mismatches(page({"n": 3}, {"y.n": 9})) == []


def test_column_totals_count_a_table_like_a_finding():
    counts = pd.DataFrame({"met": [2, 1], "missed": [0, 3]}, index=["kaizhou", "bishan"])
    totals = column_totals(counts, "review_totals", {"met": "met", "missed": "missed"})
    assert totals == {"review_totals.met": 3, "review_totals.missed": 3}
