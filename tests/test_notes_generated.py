"""Notes the synthetic corpus prints (compare_dev.synth) that the notes engine once mishandled.

A note under a table opened by a label but not numbered (`备注：…`, `说明：…`) reached no
row unless it named an indicator, and a note about "the binding indicators" (`约束性指标…`)
reached none at all: its estimate / set-higher-up caveat was lost for the rows it means. A
data-of-another-year note whose mark stood on the target and the achieved cell of one row
left the achieved year alone (only the first marked cell counted).
"""

from __future__ import annotations

from pathlib import Path

from compare.ingest import notes
from compare.ingest.build import harmonise
from compare.ingest.codebook import load_codebook
from compare.ingest.rows import PrintedRow
from compare.ingest.sources import Source


def _row(name: str, line: int, target: str, attribute: str = "", baseline: str = "") -> PrintedRow:
    return PrintedRow(
        "x.txt",
        "14th",
        "专栏2",
        "",
        name,
        line,
        attribute=attribute,
        baseline_raw=baseline,
        target_raw=target,
        unit="%",
        baseline_year=2020,
        target_year=2025,
    )


def _harmonise(rows: list[PrintedRow], lines: list[str]) -> tuple[list[dict], list[dict]]:
    table_notes = tuple(notes.split_notes(((t, 100 + i) for i, t in enumerate(lines)), "x.txt"))
    for r in rows:
        r.table_notes = table_notes
    src = Source("x.txt", "x", "某区", "X District", "500999", "district", "", "", "", "", "", Path("."))
    out: list[dict] = []
    return harmonise(src, rows, load_codebook(), notes_out=out), out


def test_an_unnumbered_labelled_note_takes_its_label_as_mark():
    got = notes.split_notes(
        [
            ("说明：约束性指标的目标值为预计数，最终以市级下达数为准。", 1),
            ("备注：部分指标受新冠肺炎疫情影响，2020年数值偏高。", 2),
            ("注：带〔 〕的数据为五年累计数。", 3),
            ("注：“—”表示“十三五”期间未进行考核统计或暂无统计数据。", 4),
        ]
    )
    assert [(n.mark, n.kinds, n.text) for n in got] == [
        ("说明", ("estimate", "set_by_higher_level"), "约束性指标的目标值为预计数，最终以市级下达数为准。"),
        ("备注", ("context",), "部分指标受新冠肺炎疫情影响，2020年数值偏高。"),
        ("", ("cumulative_definition",), "带〔〕的数据为五年累计数。"),
        ("", ("no_data_definition",), "“—”表示“十三五”期间未进行考核统计或暂无统计数据。"),
    ]


def test_a_labelled_note_naming_no_row_qualifies_the_whole_table():
    rows = [_row("森林覆盖率", 1, "45", "约束性"), _row("湿地面积总量", 2, "13", "预期性")]
    recs, out = _harmonise(rows, ["备注：部分指标受新冠肺炎疫情影响，2020年数值偏高。"])
    assert [r["note_kinds"] for r in recs] == ["context", "context"]
    assert [r["note_zh"] for r in recs] == ["部分指标受新冠肺炎疫情影响，2020年数值偏高。"] * 2
    assert [r["note_sources"] for r in recs] == ["x.txt:100", "x.txt:100"]
    assert {o["by"] for o in out} == {"table"}


def test_a_note_on_the_binding_indicators_reaches_the_binding_rows_only():
    rows = [
        _row("森林覆盖率", 1, "45", "约束性"),
        _row("湿地面积总量", 2, "13", "预期性"),
        _row("空气质量优良天数", 3, "≥90", "约束性", "—"),
    ]
    lines = ["说明：约束性指标的目标值为预计数，最终以市级下达数为准。", "注：“—”表示暂无统计数据。"]
    recs, out = _harmonise(rows, lines)
    assert [r["provisional"] for r in recs] == [True, False, True]
    assert [r["note_kinds"] for r in recs] == [
        "estimate,set_by_higher_level",
        "",
        "estimate,set_by_higher_level,no_data_definition",
    ]
    assert (
        recs[2]["note_zh"] == "约束性指标的目标值为预计数，最终以市级下达数为准。"
    )  # the legend is not shown
    assert recs[2]["note_sources"] == "x.txt:100,x.txt:101"
    assert sorted(o["by"] for o in out) == ["content", "name", "name"]


def test_a_note_on_the_binding_indicators_under_a_table_without_any_reaches_nothing():
    rows = [_row("森林覆盖率", 1, "45", "预期性"), _row("湿地面积总量", 2, "13")]
    recs, out = _harmonise(rows, ["说明：约束性指标的目标值为预计数，最终以市级下达数为准。"])
    assert [r["note_kinds"] for r in recs] == ["", ""] and not any(r["provisional"] for r in recs)
    assert [o["by"] for o in out] == ["unattached"]


def test_a_note_naming_indicators_goes_by_their_names_not_by_the_attribute():
    rows = [_row("森林覆盖率", 1, "45", "约束性"), _row("空气质量优良天数", 2, "≥90", "约束性")]
    recs, _ = _harmonise(rows, ["注：2．森林覆盖率等约束性指标的目标值为预计数,最终以市级下达数为准。"])
    assert [r["provisional"] for r in recs] == [True, False]


def test_a_data_year_mark_on_the_target_and_the_achieved_cell_dates_the_achieved_value():
    row = PrintedRow(
        "x.txt", "13th", "专栏1", "", "森林覆盖率", 1, target_raw="＜38.4*", achieved_raw="55.39*", unit="%"
    )
    row.baseline_year, row.target_year = 2015, 2020
    recs, out = _harmonise([row], ["*为上一年度数据，市级主管部门认定达标。"])
    assert recs[0]["achieved_year"] == 2019 and recs[0]["baseline_year"] == 2015
    assert recs[0]["note_kinds"] == "method_changed_deemed_met,data_year_differs"
    assert [(o["by"], o["cell"]) for o in out] == [("mark", "target")]
