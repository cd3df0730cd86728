"""Plans the suite has never seen: each variation a small fixture with its expected rows.

Header words from data (`data/codebook/headers.csv`, bare years by the table's period,
〔累计〕 and 2035 columns), any column order and extra columns, the web layout re-aligned
whatever the order (or failing with the row and the cells), cells as printed in the wild,
footnote marks glued into names, numbered category cells, table-wide notes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from compare import paths
from compare.errors import SourceError
from compare.ingest.build import DocumentParse, account, harmonise, is_printed_name
from compare.ingest.codebook import load_codebook
from compare.ingest.headers import load_headers
from compare.ingest.sources import Source
from compare.ingest.tables import parse_tables

CODEBOOK = load_codebook(paths.CODEBOOK)
HEADERS = load_headers(paths.HEADERS)
CAPTION_14 = "专栏2 某区生态环境保护“十四五”规划目标指标"
CAPTION_13 = "专栏1 某区“十三五”生态环境保护规划指标完成情况"


def tab_doc(caption: str, header: list[str], rows: list[list[str]], notes: tuple[str, ...] = ()) -> list[str]:
    lines = [caption, ""] + ["\t" + h for h in header]
    for r in rows:
        lines += [""] + ["\t" + c for c in r]
    return [*lines, "", "", *notes, "", "第三章 推动绿色低碳转型", "正文。"]


def web_doc(caption: str, header: list[str], cells: list[str], notes: tuple[str, ...] = ()) -> list[str]:
    lines = [caption]
    for c in (*header, *cells):
        lines += ["", c]
    return [*lines, "", *notes, "", "三、推动绿色低碳转型", "", "正文" * 40]


def rows_of(lines: list[str], file: str = "plan.txt", headers=HEADERS) -> list[dict]:
    source = Source(file, "x", "某区", "X", "500101", "district", "", "", "", "", "0" * 64, Path("."))
    tables = parse_tables(lines, file, lambda s: is_printed_name(CODEBOOK, s), headers)
    doc = DocumentParse(source, tables, [r for t in tables for r in t.rows])
    records = harmonise(source, doc.rows, CODEBOOK, doc)
    account(doc)
    return records


def pick(records: list[dict], *columns: str) -> list[tuple]:
    return [tuple(r[c] for c in columns) for r in records]


# --------------------------------------------------------------------------- header words


def test_bare_years_by_the_period_and_a_cumulative_column():
    """2020年 | 2025年 | 〔累计〕 | 属性 in a 14th table: baseline 2020, target 2025, and the
    〔累计〕 cell is the target where the 2025 cell is empty."""
    lines = tab_doc(
        CAPTION_14,
        ["指标", "2020年", "2025年", "〔累计〕", "属性"],
        [
            ["森林覆盖率（%）", "55", "57", "", "约束性"],
            ["单位GDP能耗下降率（%）", "—", "—", "〔13.5〕", "约束性"],
            ["湿地面积总量（万亩）", "12", "13", "〔1〕", "预期性"],
        ],
    )
    got = rows_of(lines)
    assert pick(got, "baseline_year", "target_year") == [(2020, 2025)] * 3
    assert pick(got, "target_raw", "target_value", "cumulative", "cumulative_cells", "cumulative_raw") == [
        ("57", 57.0, False, "", ""),
        ("〔13.5〕", 13.5, True, "target", "〔13.5〕"),
        ("13", 13.0, False, "", "〔1〕"),
    ]
    assert [r["attribute"] for r in got] == ["binding", "binding", "expected"]


def test_bare_years_in_a_13th_table_and_an_unbracketed_cumulative_column():
    lines = tab_doc(
        CAPTION_13,
        ["序号", "指标", "2015年", "2020年", "累计", "2020年完成值"],
        [
            ["1", "森林覆盖率（%）", "50", "55", "", "56"],
            ["2", "单位GDP能耗降低率（%）", "", "", "16", "17.2"],
        ],
    )
    got = rows_of(lines)
    assert pick(got, "baseline_year", "target_year", "baseline_raw", "target_raw", "achieved_raw") == [
        (2015, 2020, "50", "55", "56"),
        (2015, 2020, "", "16", "17.2"),
    ]
    assert got[1]["cumulative"] and got[1]["cumulative_cells"] == "target"  # the column says so


def test_a_2035_column_is_a_long_range_target():
    lines = tab_doc(
        CAPTION_14,
        ["序号", "指标", "现状值2020年", "目标值2025年", "2035年目标值", "属性"],
        [["1", "森林覆盖率（%）", "55", "57", "≥60", "约束性"]],
    )
    (row,) = rows_of(lines)
    assert (row["target_year"], row["target_raw"], row["longterm_year"], row["longterm_raw"]) == (
        2025,
        "57",
        2035,
        "≥60",
    )


def test_an_unrecognised_header_names_the_file_to_edit_and_suggests_a_role():
    lines = tab_doc(CAPTION_14, ["指标", "基年数值", "2025年"], [["森林覆盖率（%）", "55", "57"]])
    with pytest.raises(SourceError) as exc:
        rows_of(lines, "new.txt")
    message = str(exc.value)
    assert message.startswith("new.txt:4: 专栏2: header cell '基年数值' not recognised")
    assert "add it to codebook/headers.csv with its column role (perhaps `基年数值,baseline`)" in message


def test_a_user_extends_the_header_words_without_code(tmp_path):
    headers = tmp_path / "headers.csv"
    shutil.copy(paths.HEADERS, headers)
    with headers.open("a", encoding="utf-8") as fh:
        fh.write("基年数值,baseline,,a word a new plan prints\n")
    lines = tab_doc(CAPTION_14, ["指标", "2020年基年数值", "2025年"], [["森林覆盖率（%）", "55", "57"]])
    (row,) = rows_of(lines, headers=load_headers(headers))
    assert (row["baseline_year"], row["baseline_raw"], row["target_raw"]) == (2020, "55", "57")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("现状值,baseline,,\n现状值,target,,\n", "header '现状值' maps to two roles: baseline and target"),
        ("成效,result,,\n", "role 'result' is not one of"),
        ("2020年,target,15th,\n", "period '15th' is not one of"),
        ("2020年现状,baseline,,\n", "write the word without its year"),
    ],
)
def test_bad_header_words_name_their_line(tmp_path, row, message):
    headers = tmp_path / "headers.csv"
    shutil.copy(paths.HEADERS, headers)
    n = len(headers.read_text(encoding="utf-8").splitlines())
    with headers.open("a", encoding="utf-8") as fh:
        fh.write(row)
    with pytest.raises(SourceError, match=message) as exc:
        load_headers(headers)
    assert exc.value.line in (n + 1, n + 2)


# --------------------------------------------------------------------------- column order


def test_any_column_order_and_extra_columns_in_a_tab_table():
    lines = tab_doc(
        CAPTION_14,
        ["备注", "目标值2025年", "指标名称", "单位", "现状值2020年", "指标属性", "序号", "类别"],
        [
            ["保持", "≥57", "森林覆盖率", "%", "55", "约束性", "1", "生态保护"],
            ["", "300", "空气质量优良天数", "天", "290", "预期性", "2", ""],
        ],
    )
    got = rows_of(lines)
    assert pick(got, "seq", "unit", "baseline_raw", "target_raw", "attribute", "note_zh", "category_zh") == [
        ("1", "%", "55", "≥57", "binding", "保持", "生态保护"),
        ("2", "天", "290", "300", "expected", "", "生态保护"),
    ]


def test_web_copy_with_the_attribute_column_last():
    """Rows are found by their names; dropped cells are the ones a reader drops last."""
    lines = web_doc(
        "表2-1 某区生态环境保护“十四五”规划目标指标",
        ["类别", "序号", "指标", "2020年", "现状值", "2025年", "目标值", "备注", "属性"],
        [
            "生态保护",
            "1",
            "森林覆盖率(%)",
            "55",
            "57",
            "提升2个百分点",
            "约束性",
            "2",
            "湿地面积总量(万亩)",
            "13",
            "预期性",
            "环境质量",
            "3",
            "空气质量优良天数(天)",
            "290",
            "300",
            "约束性",
        ],
    )
    got = rows_of(lines)
    assert pick(
        got, "seq", "category_zh", "baseline_raw", "target_raw", "note_zh", "attribute", "realigned"
    ) == [
        ("1", "生态保护", "55", "57", "提升2个百分点", "binding", False),
        ("2", "生态保护", "", "13", "", "expected", True),
        ("3", "环境质量", "290", "300", "", "binding", False),
    ]


def test_web_copy_row_that_cannot_be_placed_names_the_row_and_cells():
    lines = web_doc(
        "表2-1 某区生态环境保护“十四五”规划目标指标",
        ["序号", "指标", "指标属性", "2020年现状值", "2025年目标值"],
        [
            "1",
            "森林覆盖率(%)",
            "约束性",
            "55",
            "57",
            "58",
            "59",
            "2",
            "湿地面积总量(万亩)",
            "约束性",
            "12",
            "13",
        ],
    )
    with pytest.raises(SourceError) as exc:
        rows_of(lines, "web.txt")
    message = str(exc.value)
    assert (
        message.startswith("web.txt:")
        and "cannot re-align the row: cells ['约束性', '55', '57', '58', '59', '2']" in message
    )
    assert exc.value.line == lines.index("森林覆盖率(%)") + 1


# --------------------------------------------------------------------------- cells in the wild


def test_cells_as_printed_in_the_wild():
    lines = tab_doc(
        CAPTION_14,
        ["序号", "指标", "2020年现状值", "2025年目标值"],
        [
            ["1", "森林覆盖率（%）", "76。7", "不低于77．5"],
            ["2", "空气质量优良天数（天）", "３１０", "控制在320以内"],
            ["3", "人均公园绿地面积（平方米）", "12", "45–50"],
            ["4", "湿地面积总量（万亩）", "1,234.5", "1，300以上"],
            ["5", "PM2.5年均浓度（μg/m3）", "30", "28左右"],
        ],
    )
    got = rows_of(lines)
    assert pick(got, "baseline_value", "target_value", "target_operator", "target_upper") == [
        (76.7, 77.5, ">=", None),
        (310.0, 320.0, "<=", None),
        (12.0, 45.0, "range", 50.0),
        (1234.5, 1300.0, ">=", None),
        (30.0, 28.0, "~", None),
    ]


def test_a_numeric_looking_cell_that_does_not_parse_is_an_error_at_its_line():
    lines = tab_doc(
        CAPTION_14,
        ["序号", "指标", "2020年现状值", "2025年目标值"],
        [["1", "森林覆盖率（%）", "55", "57。5。1"]],
    )
    with pytest.raises(SourceError, match="looks like a number but does not parse") as exc:
        rows_of(lines, "bad.txt")
    assert exc.value.line == lines.index("\t57。5。1") + 1


@pytest.mark.parametrize(
    ("printed", "name", "footnote"),
    [
        ("城市2空气质量优良天数（天）", "城市空气质量优良天数（天）", "2"),
        ("森林覆盖率3（%）", "森林覆盖率（%）", "3"),
        ("森林覆盖率*（%）", "森林覆盖率（%）", "*"),
        ("森林覆盖率①", "森林覆盖率", "1"),
    ],
)
def test_footnote_marks_glued_into_names_move_to_the_footnote(printed, name, footnote):
    lines = tab_doc(
        CAPTION_14, ["序号", "指标", "2020年现状值", "2025年目标值"], [["1", printed, "55", "57(9)"]]
    )
    (row,) = rows_of(lines)
    assert (row["indicator_name_zh"], row["footnote"]) == (name, f"9,{footnote}")
    assert row["indicator_id"] in ("forest_cover", "air_good_days")


def test_names_with_digits_of_their_own_keep_them():
    lines = tab_doc(
        CAPTION_14,
        ["序号", "指标", "2020年现状值", "2025年目标值"],
        [["1", "PM2.5年均浓度（μg/m3）", "30", "28"]],
    )
    (row,) = rows_of(lines)
    assert (row["indicator_name_zh"], row["footnote"]) == ("PM2.5年均浓度（μg/m3）", "")


@pytest.mark.parametrize("label", ["1。生态保护", "1.生态保护", "一、生态保护", "（一）生态保护"])
def test_numbered_category_cells(label):
    header = ["类别", "序号", "指标", "指标属性", "2020年现状值", "2025年目标值"]
    cells = [
        label,
        "1",
        "森林覆盖率(%)",
        "约束性",
        "55",
        "57",
        "2",
        "湿地面积总量(万亩)",
        "约束性",
        "12",
        "13",
    ]
    documents = (
        web_doc("表2-1 某区生态环境保护“十四五”规划目标指标", header, cells),
        tab_doc(CAPTION_14, header, [cells[:6], ["", *cells[6:]]]),
    )
    assert len(documents) == 2 and all(documents)
    for lines in documents:
        got = rows_of(lines)
        assert [r["category_zh"] for r in got] == ["生态保护", "生态保护"], lines
        assert [r["seq"] for r in got] == ["1", "2"]


def test_table_wide_notes_are_no_row_notes():
    lines = tab_doc(
        CAPTION_14,
        ["序号", "指标", "2020年现状值", "2025年目标值"],
        [["1", "森林覆盖率（%）", "55", "57*"], ["2", "湿地面积总量（万亩）", "12", "13"]],
        notes=("注：带〔 〕的数据为五年累计数。", "说明：约束性指标以市级下达为准。", "*以评估结果为准。"),
    )
    got = rows_of(lines)
    assert [r["note_zh"] for r in got] == ["*以评估结果为准。", ""]


# --------------------------------------------------------------------------- completeness


def test_a_gap_in_the_numbering_is_reported_with_its_line():
    lines = tab_doc(
        CAPTION_14,
        ["序号", "指标", "2020年现状值", "2025年目标值"],
        [["1", "森林覆盖率（%）", "55", "57"], ["3", "湿地面积总量（万亩）", "12", "13"]],
    )
    with pytest.raises(SourceError, match=r"row numbers jump from 1 .* to 3: a row may be missing") as exc:
        rows_of(lines, "gap.txt")
    assert exc.value.line == lines.index("\t湿地面积总量（万亩）") + 1


def test_a_table_that_runs_into_the_end_of_the_file_is_possibly_truncated():
    lines = [
        CAPTION_14,
        "",
        "\t序号",
        "\t指标",
        "\t2020年现状值",
        "\t2025年目标值",
        "",
        "\t1",
        "\t森林覆盖率（%）",
        "\t55",
        "\t57",
    ]
    with pytest.raises(SourceError, match="runs into the end of the file: the document may be truncated"):
        rows_of(lines, "cut.txt")
