"""Errors that name what a user must look at (`compare.errors`)."""

from __future__ import annotations

import pytest

from compare.errors import CompareError, ParameterError, SourceError


def test_a_source_error_names_the_file_and_line_it_is_about():
    error = SourceError("/somewhere/data/raw/plan.txt", "no indicator table", line=12)
    assert str(error) == "plan.txt:12: no indicator table"
    assert (error.file, error.line, error.reason) == ("plan.txt", 12, "no indicator table")


def test_a_source_error_without_a_line_names_the_file_alone():
    assert str(SourceError("MANIFEST.csv", "not found")) == "MANIFEST.csv: not found"


def test_source_and_parameter_errors_are_compare_errors_the_cli_prints_as_one_line():
    assert issubclass(SourceError, CompareError) and issubclass(ParameterError, CompareError)
    with pytest.raises(CompareError, match="region 'x'"):
        raise ParameterError("region 'x': use one of kaizhou, bishan")


def test_a_parameter_error_holds_no_valid_values_until_the_raiser_sets_them():
    error = ParameterError("bad")
    assert (error.notebook, error.parameter, error.valid) == ("", "", [])
    error.valid = ["kaizhou"]
    assert ParameterError("other").valid == []  # set on the instance, not the class
