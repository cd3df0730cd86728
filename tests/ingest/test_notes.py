"""Notes as data: every note in the five plans reaches exactly the rows it names.

The oracle is the research catalogue (tests/fixtures/notes_oracle.csv, copied from
/work/research/notes.csv and built independently of this code by cutting each note from its
raw line), plus the municipal note at chongqing_eco_14th_fyp.txt:49 from its municipal.md.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from compare.ingest import notes
from compare.ingest.build import harmonise
from compare.ingest.codebook import load_codebook
from compare.ingest.rows import PrintedRow
from compare.ingest.sources import Source

ORACLE = Path(__file__).parents[1] / "fixtures" / "notes_oracle.csv"
#: Catalogue rows that are not notes printed with a table, and why they are left out.
NOT_TABLE_NOTES = {
    "T13-M1": "a '/' cell with no legend: a value kind (none), not a note",
    "T14-M1": "a '-' cell with no legend: a value kind (none), not a note",
    "T14-C373": "target cell text 以国家批准值为准: parsed as target_kind assigned",
    "T-P211": "a parenthesis in Tongnan's prose, which the suite does not mine",
    "Q14-A404": "a lone 保持 the web copy leaves ambiguous; the parser reads it as the target",
    "Q14-A410": "a lone 保持 the web copy leaves ambiguous; the parser reads it as the target",
}
#: Where the kind here differs from the catalogue's primary kind, on purpose.
KIND_OVERRIDES: dict[str, str] = {}


def _norm(text: str) -> str:
    t = unicodedata.normalize("NFKC", re.sub(r"\s+", "", text))
    t = re.sub(r"^(备注|注):?", "", t)
    t = re.sub(r"^(\d{1,2}\.(?!\d{3}年)|\d\.(?=\d{4}年))", "", t)
    return t.strip(";,。")


def _oracle() -> list[dict]:
    with ORACLE.open(encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if r["note_id"] not in NOT_TABLE_NOTES]


def _lines(applies_to: str) -> set[int]:
    """Row lines a catalogue entry names: `name@86 [cell 17(1)@88] ; …` -> {86}."""
    return {int(m.group(1)) for m in re.finditer(r"@(\d+)(?![^\[]*\])", applies_to)}


def _attached(built) -> pd.DataFrame:
    table, long = built.table, built.notes
    keyed = long.merge(
        table[["region", "period", "table", "row", "source_line", "source_file"]].rename(
            columns={"source_line": "row_line", "source_file": "row_file"}
        ),
        on=["region", "period", "table", "row"],
        how="left",
    )
    keyed["norm"] = keyed["text"].map(_norm)
    keyed["file"] = keyed["source_file"]
    return keyed


def test_no_note_is_left_unattached(built):
    long = built.notes
    assert (long["by"] != "unattached").all(), long[long["by"] == "unattached"]


def test_every_catalogued_note_reaches_exactly_the_rows_it_names(built):
    got = _attached(built)
    checked = 0
    for o in _oracle():
        text = _norm(o["note_text"])
        line = int(o["note_line"])
        if o["mark"].endswith("column") or "ambiguous" in o["mark"]:
            # a 备注 / 完成情况 cell belongs to its own row (the catalogue gives the cell's line)
            rows = _lines(o["applies_to"])
            mine = got[(got["file"] == o["file"]) & got["row_line"].isin(rows) & (got["norm"] == text)]
            assert len(mine) == 1 and mine["by"].isin(["column", "status"]).all(), (o["note_id"], mine)
            checked += 1
            continue
        if o["kind"] == "orphan_mark":  # the catalogue cites the cell's line, here the row's
            mine = got[(got["file"] == o["file"]) & (got["kind"] == "orphan_mark")]
            mine = mine[mine["row_line"].isin(_lines(o["applies_to"]))]
        else:
            mine = got[(got["file"] == o["file"]) & (got["source_line"] == line)]
            mine = mine[[bool(t) and (t in text or text in t) for t in mine["norm"]]]
        assert not mine.empty, (o["note_id"], text)
        assert set(mine["row_line"].astype(int)) == _lines(o["applies_to"]), (
            o["note_id"],
            sorted(set(mine["row_line"].astype(int))),
            sorted(_lines(o["applies_to"])),
        )
        expected_kind = KIND_OVERRIDES.get(o["note_id"], o["kind"])
        assert expected_kind in set(mine["kinds"].str.split(",").sum()), (o["note_id"], set(mine["kind"]))
        checked += 1
    assert checked == len(_oracle()) >= 85


def test_no_note_reaches_a_row_the_catalogue_does_not_name(built):
    """The other direction: every (note, row) pair here is one the catalogue lists."""
    got = _attached(built)
    expected: dict[tuple[str, int], set[int]] = {}
    for o in _oracle():
        if o["mark"].endswith("column") or "ambiguous" in o["mark"]:
            continue
        key = (o["file"], int(o["note_line"]))
        expected.setdefault(key, set()).update(_lines(o["applies_to"]))
    by_mark = got[~got["by"].isin(["column", "status"])]
    assert len(by_mark) > 0 and len(expected) > 0
    for r in by_mark.itertuples():
        if r.kind == "orphan_mark":
            orphans = [o for o in _oracle() if o["kind"] == "orphan_mark" and o["file"] == r.file]
            assert any(int(r.row_line) in _lines(o["applies_to"]) for o in orphans), (r.file, r.row_line)
            continue
        assert int(r.row_line) in expected.get((r.file, int(r.source_line)), set()), (
            r.file,
            r.source_line,
            r.row_line,
        )


# ----------------------------------------------------------------------------- the cases of #11, real rows


def _row(table: pd.DataFrame, region: str, period: str, line: int) -> pd.Series:
    hit = table[(table.region == region) & (table.period == period) & (table.source_line == line)]
    assert len(hit) == 1
    return hit.iloc[0]


def test_real_qianjiang_good_air_days_has_no_red_line_note(built):
    # qianjiang_eco_14th_fyp.txt:373-379 ≥350*; the only * note (:573) names the red line and
    # protected areas, so the star is an orphan; 备注3 (:571, COVID) names 空气质量指标
    table = built.table
    r = _row(table, "qianjiang", "14th", 373)
    assert "红线" not in r.note_zh and not r.provisional
    assert r.note_kinds.split(",") == ["context", "orphan_mark"]
    assert "qianjiang_eco_14th_fyp.txt:571" in r.note_sources
    # the protected-area row (:558, no mark) is named by the * note
    assert "redelineation_pending" in _row(table, "qianjiang", "14th", 558).note_kinds


def test_real_tongnan_13th_stars_are_not_provisional(built):
    # tongnan_eco_14th_fyp.txt:166 *计算方法变化，市林业局认定达标。 :167 **为2019年数据…
    table = built.table
    forest = _row(table, "tongnan", "13th", 46)
    assert not forest.provisional and forest.note_kinds == "method_changed_deemed_met"
    for line in (116, 122, 127, 132):
        r = _row(table, "tongnan", "13th", line)
        assert not r.provisional and r.achieved_year == 2019 and "data_year_differs" in r.note_kinds
    # tongnan 14th * (:416) is the one that defers to the city
    assert _row(table, "tongnan", "14th", 233).provisional


def test_real_table_wide_notes_reach_their_rows(built):
    table = built.table
    # qianjiang:569 备注2 estimates and :571 备注3 COVID on PM2.5 ≤28 (:384)
    pm = _row(table, "qianjiang", "14th", 384)
    assert pm.note_kinds.split(",") == ["estimate", "set_by_higher_level", "context"] and pm.provisional
    # bishan:516 注3 and kaizhou:445 注3 name CO2, energy and pollutant totals
    assert "set_by_higher_level" in _row(table, "bishan", "14th", 355).note_kinds
    assert "kaizhou_eco_14th_fyp.txt:445" in _row(table, "kaizhou", "14th", 414).note_sources
    # bishan:518 注4 林草覆盖率 -> 森林覆盖率 (:319), data pending
    assert "data_pending" in _row(table, "bishan", "14th", 319).note_kinds


def test_real_kaizhou_notes_are_split_and_assessed_targets_read(built):
    table = built.table
    # kaizhou:207 holds (1), (2) and two legends: (2) no longer carries the legends
    town = _row(table, "kaizhou", "13th", 128)
    assert town.note_zh == "（2）市上对我区乡镇集中式饮用水水源地水质达标率考核目标为90%"
    assert town.note_target_value == 90
    assert _row(table, "kaizhou", "13th", 86).note_target_value == 15  # 达到15平方米以上
    assert _row(table, "bishan", "13th", 132).note_target_value == 80  # 考核要求为80%


# ----------------------------------------------------------------------------- hand-made notes


def test_split_one_line_into_notes_and_legends():
    got = notes.split_notes(
        [("注：1．带[  ]的数据为5年累计数。2．“—”表示无数据。3．能耗等最终以市级下达数为准。", 9)]
    )
    assert [(n.mark, n.kind) for n in got] == [
        ("注1", "cumulative_definition"),
        ("注2", "no_data_definition"),
        ("注3", "set_by_higher_level"),
    ]
    got = notes.split_notes([("【4】带[ ]号的为五年累计数，2020年能耗数据暂未出，以最后认定为准。", 5)])
    assert [(n.mark, n.kind) for n in got] == [("【4】", "cumulative_definition"), ("【4】", "data_pending")]
    got = notes.split_notes([("(1)考核目标为15%；（2）计算方法变化，认定达标；“—”表示未统计数据", 3)])
    assert [(n.mark, n.kind) for n in got] == [
        ("(1)", "assessed_target_differs"),
        ("(2)", "method_changed_deemed_met"),
        ("", "no_data_definition"),
    ]


@pytest.mark.parametrize(
    "text,kinds",
    [
        ("**为2019年数据，市环保局认定达标。", ("data_year_differs", "method_changed_deemed_met")),
        ("*最终以市级下达的任务目标值为准", ("set_by_higher_level",)),
        ("3.2020年空气质量指标值受新冠肺炎疫情等因素影响,明显高于正常年份。", ("context",)),
        ("【1】对原生态保护红线划定范围开展评估调整，调整红线后占比为13.92%。", ("definition_changed",)),
        ("*生态保护红线面积占比以优化评估调整结果为准。", ("redelineation_pending",)),
    ],
)
def test_classify(text, kinds):
    assert notes.classify(text) == kinds


def _printed(name: str, line: int, target: str, achieved: str = "", note: str = "") -> PrintedRow:
    return PrintedRow(
        "x.txt",
        "13th" if achieved else "14th",
        "专栏1",
        "",
        name,
        line,
        target_raw=target,
        achieved_raw=achieved,
        note=note,
        unit="%",
        target_year=2020 if achieved else 2025,
    )


def _harmonise(rows: list[PrintedRow], lines: list[str]) -> tuple[list[dict], list[dict]]:
    table_notes = tuple(notes.split_notes((t, 100 + i) for i, t in enumerate(lines)))
    for r in rows:
        r.table_notes = table_notes
    src = Source("x.txt", "x", "某区", "X District", "500999", "district", "", "", "", "", "", Path("."))
    out: list[dict] = []
    recs = harmonise(src, rows, load_codebook(), notes_out=out)
    return recs, out


def test_a_mark_note_naming_other_indicators_leaves_the_mark_an_orphan():
    rows = [
        _printed("空气质量优良天数", 1, "≥350*"),
        _printed("生态保护红线面积占比", 2, "25.76*"),
        _printed("自然保护地面积占比", 3, "17.02"),
    ]
    recs, out = _harmonise(rows, ["*生态保护红线面积占比,自然保护地面积占比以优化评估调整结果为准。"])
    assert [r["note_kinds"] for r in recs] == [
        "orphan_mark",
        "redelineation_pending",
        "redelineation_pending",
    ]
    assert [r["provisional"] for r in recs] == [False, False, False]
    assert {o["by"] for o in out if o["row"] == 3} == {"name"}


def test_a_note_naming_nothing_goes_to_every_marked_row_and_sets_provisional():
    rows = [
        _printed("森林覆盖率", 1, "45*"),
        _printed("湿地面积总量", 2, "13"),
        _printed("空气质量优良天数", 3, "320*"),
    ]
    recs, _ = _harmonise(rows, ["*最终以市级下达的任务目标值为准"])
    assert [r["provisional"] for r in recs] == [True, False, True]


def test_a_note_that_reaches_nothing_is_reported_unattached():
    rows = [_printed("森林覆盖率", 1, "45")]
    _recs, out = _harmonise(rows, ["注：1．带[  ]的数据为5年累计数。"])
    assert [o["by"] for o in out] == ["unattached"]


def test_data_year_note_sets_the_achieved_year():
    rows = [_printed("森林覆盖率", 1, "≥48", "41.7**")]
    recs, _ = _harmonise(rows, ["**为2019年数据，市环保局认定达标。"])
    assert recs[0]["achieved_year"] == 2019 and not recs[0]["provisional"]
