"""What each analysis compared and what it could not (`analysis.coverage`): every row of a
result counted in one category, the rows not compared listed with their source lines."""

from __future__ import annotations

import pandas as pd

from compare.analysis import coverage
from compare.analysis.ambition import ambition
from compare.analysis.review import target_attainment
from compare.analysis.scores import scores


def test_every_scored_row_is_counted_once_and_only_the_rest_is_listed(table):
    sc = scores(table)
    counted = coverage.scores(sc)
    assert list(counted.columns) == coverage.COLUMNS
    assert counted["n"].sum() == len(sc) > 0
    scored = counted.set_index("category").loc["scored"]
    assert scored["n"] == sc["score"].notna().sum() and scored["items"] == ""
    rest = counted[counted["category"] != "scored"]
    assert len(rest) and (rest["items"].str.count("@") == rest["n"]).all()


def test_an_unscored_item_names_region_indicator_file_and_line(table):
    counted = coverage.scores(scores(table)).set_index("category")
    assert counted.loc["unit", "items"].startswith(
        "tongnan:radiation_accident_rate@tongnan_eco_14th_fyp.txt:"
    )


def test_every_ambition_row_falls_in_one_category(table):
    amb = ambition(table)
    counted = coverage.ambition(amb)
    assert counted["n"].sum() == len(amb) > 0
    assert counted.iloc[0]["category"] == "rated" and "at_ceiling" in set(counted["category"])


def test_attainment_not_assessable_rows_are_counted_by_their_reason(table):
    att = target_attainment(table)
    counted = coverage.attainment(att).set_index("category")
    na = counted[counted.index.str.startswith("not_assessable:")]
    assert len(na) and na["n"].sum() == (att["final"] == "not_assessable").sum()
    assert counted.loc["by_numbers", "n"] == (att["final_reason"] == "by_numbers").sum()


def test_an_empty_result_gives_an_empty_count():
    amb, att = coverage.ambition(pd.DataFrame()), coverage.attainment(pd.DataFrame())
    assert amb.empty and att.empty
    assert list(amb.columns) == list(att.columns) == coverage.COLUMNS
