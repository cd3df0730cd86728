"""The 13th FYP in review for readers (`figures.review`): the verdicts per district, their
total, and the counts the summary's headline checks."""

from __future__ import annotations

from compare.figures.review import review_13th, review_claims, review_summary

VERDICTS = ["met", "met per the plan", "missed", "not assessable"]


def test_each_districts_verdicts_add_up_to_its_total(table, codebook):
    summary = review_summary(table, "en", codebook)
    assert list(summary.columns[:5]) == [*VERDICTS, "Total"] and len(summary) == 4
    assert (summary[VERDICTS].sum(axis=1) == summary["Total"]).all()


def test_the_claims_are_the_column_totals_the_summary_shows(table, codebook):
    summary = review_summary(table, "en", codebook)
    claims = review_claims(summary, "en")
    assert claims["review_totals.total"] == summary["Total"].sum() > 0
    assert claims["review_totals.met"] == summary["met"].sum()
    assert claims["review_totals.not_assessable"] == summary["not assessable"].sum()


def test_a_districts_record_lists_each_of_its_13th_plan_rows(table, codebook):
    rows = ((table["region"] == "kaizhou") & (table["period"] == "13th")).sum()
    assert len(review_13th(table, "en", region="kaizhou", codebook=codebook)) == rows > 0
