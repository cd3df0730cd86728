"""Header words of indicator tables and the column roles they name (`ingest.headers`), read
from ``data/codebook/headers.csv``; an unknown word is an error that names the file."""

from __future__ import annotations

import pytest

from compare.errors import SourceError
from compare.ingest.headers import COLUMNS, Role, load_headers, normalise_header


@pytest.fixture(scope="module")
def headers():
    """The project's header vocabulary."""
    return load_headers()


def test_brackets_spaces_and_widths_do_not_change_a_header_word():
    assert normalise_header("〔累 计〕") == normalise_header("累计") == "累计"
    assert normalise_header("（２０２０年）") == "2020年"


def test_a_header_cell_splits_into_its_word_and_year(headers):
    assert headers.split("2020年现状值") == ("现状值", 2020)
    assert headers.split("指标名称") == ("指标名称", None)


def test_a_year_after_the_plans_period_names_a_long_range_target(headers):
    assert headers.role("2020年现状值", "14th") == Role("baseline", 2020)
    assert headers.role("2025年", "14th") == Role("target", 2025)
    assert headers.role("2035年目标值", "14th") == Role("longterm", 2035)
    assert headers.role("奇怪的表头", "14th") is None


def test_an_unknown_header_error_names_the_file_the_line_and_suggests_a_role(headers):
    assert headers.is_header("指标名称") and not headers.is_header("森林覆盖率")
    error = headers.unknown("指标名字", "专栏2", "plan.txt", 7)
    assert str(error).startswith("plan.txt:7: 专栏2: header cell '指标名字' not recognised")
    assert "(perhaps `指标名字,name`)" in str(error)


@pytest.mark.parametrize(
    ("rows", "message", "line"),
    [
        (["header,role"], "needs the columns", 1),
        ([",".join(COLUMNS), "指标,nonsense,,"], "role 'nonsense'", 2),
        ([",".join(COLUMNS), "2020年,baseline,15th,"], "period '15th'", 2),
        ([",".join(COLUMNS), "指标,name,,", "指标,unit,,"], "two roles", 3),
        ([",".join(COLUMNS), "2020年现状值,baseline,,"], "without its year", 2),
    ],
)
def test_a_bad_header_file_is_refused_at_its_line(tmp_path, rows, message, line):
    path = tmp_path / "headers.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(SourceError, match=message) as caught:
        load_headers(path)
    assert (caught.value.file, caught.value.line) == ("headers.csv", line)
