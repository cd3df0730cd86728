"""Cell parsing: every printed form seen in the plans, plus generated variants."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.ingest.values import KINDS, OPERATORS, CellValue, normalise_text, parse_cell

N, Q, A, M, C, X = "numeric", "qualitative", "assigned", "maintain", "class", "none"

# raw -> (value, operator, kind, cumulative, provisional, footnote)
CASES: list[tuple[str, tuple[float | None, str, str, bool, bool, str]]] = [
    # plain numbers
    ("27.01", (27.01, "=", N, False, False, "")),
    ("370", (370.0, "=", N, False, False, "")),
    ("55 ", (55.0, "=", N, False, False, "")),
    ("\u300047\u3000", (47.0, "=", N, False, False, "")),
    ("１００", (100.0, "=", N, False, False, "")),
    ("100%", (100.0, "=", N, False, False, "")),
    ("10441.8**", (10441.8, "=", N, False, True, "")),
    ("10,441.8", (10441.8, "=", N, False, False, "")),
    ("0", (0.0, "=", N, False, False, "")),
    # operators
    ("≥13.92", (13.92, ">=", N, False, False, "")),
    ("≥ 13.92", (13.92, ">=", N, False, False, "")),
    ("≤0.58", (0.58, "<=", N, False, False, "")),
    ("＞95", (95.0, ">", N, False, False, "")),
    (">95", (95.0, ">", N, False, False, "")),
    ("<68.9", (68.9, "<", N, False, False, "")),
    ("＜68.9", (68.9, "<", N, False, False, "")),
    ("≥75万亩", (75.0, ">=", N, False, False, "")),
    ("≥300天", (300.0, ">=", N, False, False, "")),
    ("335以上", (335.0, ">=", N, False, False, "")),
    ("20%以上", (20.0, ">=", N, False, False, "")),
    ("15左右", (15.0, "~", N, False, False, "")),
    ("10以内", (10.0, "<=", N, False, False, "")),
    ("5以下", (5.0, "<=", N, False, False, "")),
    ("不低于13.92", (13.92, ">=", N, False, False, "")),
    ("不少于80", (80.0, ">=", N, False, False, "")),
    ("不高于0.5", (0.5, "<=", N, False, False, "")),
    ("不超过30", (30.0, "<=", N, False, False, "")),
    # cumulative
    ("[19.5]", (19.5, "=", N, True, False, "")),
    ("［19.5］", (19.5, "=", N, True, False, "")),
    ("〔18〕", (18.0, "=", N, True, False, "")),
    ("【19.5】", (19.5, "=", N, True, False, "")),
    ("[16] 【4】", (16.0, "=", N, True, False, "4")),
    ("<[4000]", (4000.0, "<", N, True, False, "")),
    # footnote marks
    ("13.92【1】", (13.92, "=", N, False, False, "1")),
    ("-【4】", (None, "", X, False, False, "4")),
    ("86【3】", (86.0, "=", N, False, False, "3")),
    ("17(1)", (17.0, "=", N, False, False, "1")),
    (">95(2)", (95.0, ">", N, False, False, "2")),
    (">95（2）", (95.0, ">", N, False, False, "2")),
    ("17(1)(2)", (17.0, "=", N, False, False, "1,2")),
    ("17①", (17.0, "=", N, False, False, "1")),
    ("95(%)", (95.0, "=", N, False, False, "")),
    ("比例(%)", (None, "", Q, False, False, "")),
    # provisional
    ("35*", (35.0, "=", N, False, True, "")),
    ("320*", (320.0, "=", N, False, True, "")),
    ("≥350*", (350.0, ">=", N, False, True, "")),
    ("25.76*", (25.76, "=", N, False, True, "")),
    ("41.7*", (41.7, "=", N, False, True, "")),
    ("5*", (5.0, "=", N, False, True, "")),
    ("8*", (8.0, "=", N, False, True, "")),
    ("16.5*", (16.5, "=", N, False, True, "")),
    ("35*(1)", (35.0, "=", N, False, True, "1")),
    # none
    ("—", (None, "", X, False, False, "")),
    ("-", (None, "", X, False, False, "")),
    ("－", (None, "", X, False, False, "")),
    ("/", (None, "", X, False, False, "")),
    ("／", (None, "", X, False, False, "")),
    ("", (None, "", X, False, False, "")),
    ("\u3000-", (None, "", X, False, False, "")),
    # water class: value is the class number, lower is better
    ("III", (3.0, "=", C, False, False, "")),
    ("Ⅲ类", (3.0, "=", C, False, False, "")),
    ("Ⅳ类", (4.0, "=", C, False, False, "")),
    ("II", (2.0, "=", C, False, False, "")),
    ("Ⅱ类", (2.0, "=", C, False, False, "")),
    ("总体Ⅲ类", (3.0, "=", C, False, False, "")),
    ("劣Ⅴ类", (6.0, "=", C, False, False, "")),
    ("优于Ⅲ类", (3.0, "<", C, False, False, "")),
    ("Ⅲ类及以上", (3.0, "<=", C, False, False, "")),
    # assigned by a higher level
    ("完成市级下达目标", (None, "", A, False, False, "")),
    ("完成市级\n\n下达目标", (None, "", A, False, False, "")),
    ("执行市级新下达目标", (None, "", A, False, False, "")),
    ("达到重庆市要求", (None, "", A, False, False, "")),
    ("达到市级总量控制要求", (None, "", A, False, False, "")),
    ("达到市总量控制要求", (None, "", A, False, False, "")),
    ("已达到市总量控制要求", (None, "", A, False, False, "")),
    ("达到市上要求", (None, "", A, False, False, "")),
    ("达到市级要求", (None, "", A, False, False, "")),
    ("以国家批准值为准", (None, "", A, False, False, "")),
    ("以市级下达为准", (None, "", A, False, False, "")),
    ("达市局总量控制要求", (None, "", A, False, False, "")),
    # maintain
    ("保持", (None, "", M, False, False, "")),
    ("保持稳定", (None, "", M, False, False, "")),
    ("不发生", (None, "", M, False, False, "")),
    # qualitative, including prose that merely contains a number
    ("稳步提升", (None, "", Q, False, False, "")),
    ("在基数水平上稳步提高", (None, "", Q, False, False, "")),
    ("完成", (None, "", Q, False, False, "")),
    ("达到二级标准", (None, "", Q, False, False, "")),
    ("满足水域功能", (None, "", Q, False, False, "")),
    ("达到功能区考核标准", (None, "", Q, False, False, "")),
    ("已达到功能区考核标准", (None, "", Q, False, False, "")),
    ("达到水域功能", (None, "", Q, False, False, "")),
    ("达到海绵城市建设要求", (None, "", Q, False, False, "")),
    ("提升2个百分点", (None, "", Q, False, False, "")),
    ("增长1个百分点", (None, "", Q, False, False, "")),
    ("市级95%", (None, "", Q, False, False, "")),
    ("2025年", (None, "", Q, False, False, "")),
    # as printed in the wild: ideographic full stops, full-width points, separators
    ("76。7", (76.7, "=", N, False, False, "")),
    ("76．7", (76.7, "=", N, False, False, "")),
    ("７６．７％", (76.7, "=", N, False, False, "")),
    ("85。", (85.0, "=", N, False, False, "")),
    ("1,234.5", (1234.5, "=", N, False, False, "")),
    ("1，234", (1234.0, "=", N, False, False, "")),
    ("不低于76。7%", (76.7, ">=", N, False, False, "")),
    ("控制在35以内", (35.0, "<=", N, False, False, "")),
    ("控制在35微克/立方米以内", (35.0, "<=", N, False, False, "")),
    ("达到95%以上", (95.0, ">=", N, False, False, "")),
    ("稳定在92%", (92.0, "=", N, False, False, "")),
    ("15%左右", (15.0, "~", N, False, False, "")),
    # ranges: the value is the lower bound, CellValue.upper the upper
    ("10-15", (10.0, "range", N, False, False, "")),
    ("45–50", (45.0, "range", N, False, False, "")),
    ("45—50%", (45.0, "range", N, False, False, "")),
    ("45%~50%", (45.0, "range", N, False, False, "")),
    ("45至50", (45.0, "range", N, False, False, "")),
    ("45-50*", (45.0, "range", N, False, True, "")),
]

# Cells that look like a number but are not one: an error (the build names file:line).
LOOKS_NUMERIC = ["1,23", "5.5.5", "76。7。5", "50-45", "(2)", "≥≤5", "[45", "45-50以上", "—5"]


@pytest.mark.parametrize("raw", LOOKS_NUMERIC)
def test_numeric_looking_cells_that_do_not_parse_are_errors(raw: str) -> None:
    cell = parse_cell(raw)
    assert cell.error and "looks like a number" in cell.error, (raw, cell)
    assert cell.value is None and cell.kind == "qualitative"


@pytest.mark.parametrize(
    "raw", ["稳步提升", "提升2个百分点", "市级95%", "2025年", "完成市级下达目标", "达到二级标准"]
)
def test_text_with_digits_is_no_error(raw: str) -> None:
    assert parse_cell(raw).error == ""


@pytest.mark.parametrize(
    ("raw", "upper"), [("10-15", 15.0), ("45–50%", 50.0), ("0.5~1", 1.0), ("27.5", None)]
)
def test_range_upper_bound(raw: str, upper: float | None) -> None:
    assert parse_cell(raw).upper == upper


@pytest.mark.parametrize(("raw", "expected"), CASES, ids=[repr(c[0]) for c in CASES])
def test_printed_forms(raw: str, expected: tuple) -> None:
    cell = parse_cell(raw)
    got = (cell.value, cell.operator, cell.kind, cell.cumulative, cell.provisional, cell.footnote)
    assert cell.raw == raw
    if expected[0] is not None and cell.value is not None:
        assert cell.value == pytest.approx(expected[0])
        got = (expected[0], *got[1:])
    assert got == expected


@pytest.mark.parametrize(
    ("raw", "roman"),
    [
        ("III", "III"),
        ("Ⅲ类", "III"),
        ("Ⅳ类", "IV"),
        ("II", "II"),
        ("Ⅱ类", "II"),
        ("总体Ⅲ类", "III"),
        ("劣Ⅴ类", "劣V"),
        ("Ⅰ类", "I"),
        ("Ⅴ类", "V"),
    ],
)
def test_water_class_is_canonical(raw: str, roman: str) -> None:
    assert parse_cell(raw).water_class == roman


def test_water_class_empty_for_other_kinds() -> None:
    assert parse_cell("27.01").water_class == ""
    assert parse_cell("稳步提升").water_class == ""


def test_normalise_text() -> None:
    assert normalise_text("\u3000１００％\u00a0 \n") == "100%"
    assert normalise_text("Ⅲ类 Ⅳ Ⅴ") == "III类IVV"
    assert normalise_text("［19.5］＞（2）") == "[19.5]>(2)"
    assert normalise_text("完成市级\n\n下达目标") == "完成市级下达目标"


def test_cell_is_frozen() -> None:
    cell = parse_cell("1")
    with pytest.raises(AttributeError):
        cell.value = 2.0  # type: ignore[misc]


# --- generated numeric cells ---------------------------------------------------------

_FULL = str.maketrans("0123456789.%*[]()<>", "０１２３４５６７８９．％＊［］（）＜＞")

# (text, operator, is prefix)
_OPERATORS = [
    ("", "=", True),
    ("≥", ">=", True),
    (">=", ">=", True),
    ("≤", "<=", True),
    ("<=", "<=", True),
    (">", ">", True),
    ("<", "<", True),
    ("不低于", ">=", True),
    ("不少于", ">=", True),
    ("不高于", "<=", True),
    ("不超过", "<=", True),
    ("约", "~", True),
    ("以上", ">=", False),
    ("以下", "<=", False),
    ("以内", "<=", False),
    ("左右", "~", False),
]
_BRACKETS = [("", ""), ("[", "]"), ("［", "］"), ("〔", "〕"), ("【", "】")]


@st.composite
def numeric_cells(draw: st.DrawFn) -> tuple[str, float, str, bool, bool, str]:
    """A cell text built from parts, with the value and flags it must parse to."""
    whole = draw(st.integers(min_value=0, max_value=10**7))
    places = draw(st.integers(min_value=0, max_value=4))
    number = str(whole)
    if places:
        number += "." + "".join(
            draw(st.lists(st.sampled_from("0123456789"), min_size=places, max_size=places))
        )
    op_text, operator, is_prefix = draw(st.sampled_from(_OPERATORS))
    unit = draw(st.sampled_from(["", "%", "万亩", "天"]))
    opening, closing = draw(st.sampled_from(_BRACKETS))
    stars = draw(st.sampled_from(["", "*", "**", "＊"]))
    note = draw(st.sampled_from(["", "1", "2", "12"]))
    note_style = draw(st.sampled_from(["({})", "（{}）", "【{}】"]))
    note_first = draw(st.booleans())

    body = number + unit
    body = op_text + body if is_prefix else body + op_text
    cell = opening + body + closing
    mark = note_style.format(note) if note else ""
    cell += mark + stars if note_first else stars + mark
    if draw(st.booleans()):
        cell = cell.translate(_FULL)
    pad = draw(st.sampled_from(["", " ", "\u3000", "\u00a0", "\n"]))
    cell = pad + cell + pad
    return cell, float(number), operator, bool(opening), bool(stars), note


@settings(max_examples=300, deadline=None)
@given(numeric_cells())
def test_generated_numeric_cells(case: tuple[str, float, str, bool, bool, str]) -> None:
    cell_text, value, operator, cumulative, provisional, note = case
    cell = parse_cell(cell_text)
    assert cell.raw == cell_text
    assert cell.kind == "numeric"
    assert cell.value == value
    assert cell.operator == operator
    assert cell.cumulative is cumulative
    assert cell.provisional is provisional
    assert cell.footnote == note


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_and_keeps_raw(text: str) -> None:
    cell = parse_cell(text)
    assert isinstance(cell, CellValue)
    assert cell.raw == text


_CELLISH = st.text(
    alphabet=st.sampled_from(
        list("0123456789.%*[]()<>≥≤-—/ \u3000")
        + list("０１２３＊［］（）【】〔〕")
        + list("ⅠⅡⅢⅣⅤIV类以上下内左右约不低于超过保持稳定市级下达要求完成劣总体")
    ),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), _CELLISH))
def test_kind_and_value_are_consistent(text: str) -> None:
    cell = parse_cell(text)
    assert cell.kind in KINDS
    has_number = cell.kind in {"numeric", "class"}
    assert (cell.value is None) == (not has_number)
    assert (cell.operator == "") == (not has_number)
    assert cell.operator in {*OPERATORS, ""}
    assert (cell.upper is not None) == (cell.operator == "range")
    assert (cell.water_class != "") == (cell.kind == "class")
    assert cell.cumulative is False or cell.kind == "numeric"
