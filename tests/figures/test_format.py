"""Values and rows as the plans print them (`figures.format`), and the parameter checks a
notebook runs on the table."""

from __future__ import annotations

import pandas as pd
import pytest

from compare.errors import ParameterError
from compare.figures.format import (
    check_period,
    check_region,
    fmt,
    is_missing,
    is_true,
    printed_stars,
    region_order,
    regions_param,
    value_label,
)


def test_a_number_prints_without_float_noise():
    assert (fmt(48.0), fmt(0.1 + 0.2), fmt(13.92), fmt(None)) == ("48", "0.3", "13.92", "")


def test_a_value_carries_its_operator_and_flags_as_the_plans_print_them():
    assert value_label(">=", 310) == "≥310"
    assert value_label("=", 35, provisional=True) == "35*"
    assert value_label("=", 16.5, cumulative=True) == "[16.5]"


def test_flags_stars_and_numbers_are_read_from_cells():
    assert is_true("yes") and is_true(True) and not is_true("0") and not is_true("")
    assert is_missing(None) and is_missing(float("nan")) and is_missing(pd.NA)
    assert not is_missing(0) and not is_missing("")
    assert printed_stars("35**") == "**" and printed_stars("35") == ""


def test_regions_come_districts_first_then_the_city(table):
    order = region_order(table)
    assert order[-1] == "chongqing" and sorted(order) == sorted(table["region"].unique())
    assert regions_param(table, "kaizhou, bishan") == ["kaizhou", "bishan"]


def test_an_unknown_region_or_period_lists_the_valid_values(table):
    with pytest.raises(ParameterError, match="valid values: bishan, chongqing, kaizhou"):
        check_region(table, "nowhere")
    with pytest.raises(ParameterError, match="valid values: 14th, 13th"):
        check_period("15th")
    assert check_period("13th") == "13th"
