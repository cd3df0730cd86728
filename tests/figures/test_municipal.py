"""The municipal profile's tables and the counts its findings are checked against
(`figures.municipal`)."""

from __future__ import annotations

from compare.figures.municipal import not_given, review_claims, review_table


def test_a_value_the_plan_does_not_give_says_so_in_the_reports_language():
    assert (not_given("en"), not_given("zh")) == ("not given", "未载明")


def test_the_review_table_lists_each_stated_2020_value_and_its_use(table, codebook):
    shown = review_table(table, codebook, "chongqing", "en")
    claims = review_claims(shown, "en")
    assert claims["municipal_baselines.stated"] == len(shown) > 0
    uses = {k: v for k, v in claims.items() if k.startswith("municipal_baselines.use_")}
    assert uses and sum(uses.values()) == len(shown)
    assert shown.columns[-1].startswith("Source")
