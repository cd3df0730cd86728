"""The prose miner against the municipal plan, whose indicator table survives only in its text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from compare.ingest.prose import mine_targets
from compare.ingest.rows import PrintedRow

ROOT = Path(__file__).resolve().parents[2]
PLAN = ROOT / "data" / "raw" / "chongqing_eco_14th_fyp.txt"


@pytest.fixture(scope="module")
def rows() -> list[PrintedRow]:
    if not PLAN.exists():
        pytest.skip(f"{PLAN} missing")
    return mine_targets(PLAN)


def _one(rows: list[PrintedRow], name: str) -> PrintedRow:
    found = [r for r in rows if r.name == name]
    assert len(found) == 1, (name, [r.name for r in rows])
    return found[0]


def test_row_count(rows):
    # 28 targets, verified by reading every numbered clause of the file.
    assert len(rows) == 28


def test_common_fields_and_order(rows):
    for r in rows:
        assert r.source_file == "chongqing_eco_14th_fyp.txt"
        assert (r.period, r.table, r.seq) == ("14th", "prose", "")
        assert r.target_year == 2025
        assert r.unit and r.target_raw and r.note
        assert not re.search(r"\s", r.name)
    assert [r.line for r in rows] == sorted(r.line for r in rows)
    assert len({(r.name, r.line) for r in rows}) == len(rows)


def test_numbers_come_from_the_sentence(rows):
    assert len(rows) > 0
    for r in rows:
        for raw in (r.target_raw, r.baseline_raw):
            for num in re.findall(r"\d+(?:\.\d+)?", raw):
                assert num in r.extra["sentence"], (r.name, num)
        assert r.note in r.extra["sentence"].replace(" ", "")


@pytest.mark.parametrize(
    "name, line, unit, baseline_raw, target_raw",
    [
        # l.55 到2025年,非化石能源消费占比达到20%以上
        ("非化石能源消费占比", 55, "%", "", "≥20"),
        # l.103 确保全市自然保护地面积占比不低于15.4%
        ("自然保护地面积占比", 103, "%", "", "≥15.4"),
        # l.113 到2025年,全市水土保持率由69.5%提高到72%以上
        ("水土保持率", 113, "%", "69.5", "≥72"),
        # l.113 新增消落带库岸环境治理50公里
        ("新增消落带库岸环境治理", 113, "公里", "", "50"),
        # l.117 完成历史遗留和关闭矿山生态修复面积24.5平方公里
        ("历史遗留和关闭矿山生态修复面积", 117, "平方公里", "", "24.5"),
        # l.135 到2025年,全市城市生活污水集中处理率达到98%以上
        ("城市生活污水集中处理率", 135, "%", "", "≥98"),
        # l.149 确保PM2.5年均浓度稳定达标(35μg/m3以内)
        ("PM2.5年均浓度", 149, "μg/m3", "", "≤35"),
        # l.151 到2025年,受污染耕地安全利用率稳定在93%左右
        ("受污染耕地安全利用率", 151, "%", "", "93左右"),
        # l.159 到2025年,农药、化肥利用率力争稳定在40%以上
        ("农药利用率", 159, "%", "", "≥40"),
        ("化肥利用率", 159, "%", "", "≥40"),
        # l.163 到2025年,农村生活污水治理率提高到40%、农村自来水普及率达到85%
        ("农村生活污水治理率", 163, "%", "", "40"),
        ("农村自来水普及率", 163, "%", "", "85"),
        # l.167 到2025年,新建美丽宜居村庄1000个
        ("新建美丽宜居村庄", 167, "个", "", "1000"),
        # l.195 将放射源辐射事故年发生率控制在1起/万枚以下
        ("放射源辐射事故年发生率", 195, "起/万枚", "", "≤1"),
        # l.205 到2025年,二级以上医疗机构医疗废物集中无害化处置率达到100%
        ("二级以上医疗机构医疗废物集中无害化处置率", 205, "%", "", "100"),
        # l.237 到2025年,渝入川跨界河流主要断面生态流量满足程度达到90%以上
        ("渝入川跨界河流主要断面生态流量满足程度", 237, "%", "", "≥90"),
    ],
)
def test_rows_cell_by_cell(rows, name, line, unit, baseline_raw, target_raw):
    r = _one(rows, name)
    assert (r.line, r.unit, r.baseline_raw, r.target_raw) == (line, unit, baseline_raw, target_raw)
    assert r.baseline_year == (2020 if baseline_raw else None)


def test_note_and_sentence(rows):
    r = _one(rows, "水土保持率")
    assert r.note == "全市水土保持率由69.5%提高到72%以上"
    assert r.extra["sentence"].startswith("到2025年,全市水土保持率")


def test_review_and_project_lists_are_not_targets(rows):
    names = {r.name for r in rows}
    # l.9 / l.13: 13th-plan achievements; l.177: 新建城市污水处理厂7座 in a project list.
    assert "森林覆盖率" not in names
    assert not any("污水处理厂" in n or "工业集中度" in n for n in names)
    assert all(r.line >= 45 for r in rows)


def _write(tmp_path: Path, *paragraphs: str) -> Path:
    path = tmp_path / "fake_plan.txt"
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def test_synthetic_forms(tmp_path):
    path = _write(
        tmp_path,
        "  加强治理。到2025年,全市污水收集率达到85%以上,森林覆盖率由50.1%提高到55%以上。",
        "  加强管理。确保耕地安全利用率稳定在90%左右,将细颗粒物浓度控制在30微克/立方米以内。",
        "  到2025年,建成生态示范村庄120个,新增绿道80公里,新建污水处理厂6座。",
        "  到2025年,单位地区生产总值二氧化碳排放较2020年降低18%,甲、乙处理率达到95%。",
    )
    got = [(r.name, r.line, r.unit, r.baseline_raw, r.target_raw) for r in mine_targets(path)]
    assert got == [
        ("污水收集率", 1, "%", "", "≥85"),
        ("森林覆盖率", 1, "%", "50.1", "≥55"),
        ("耕地安全利用率", 3, "%", "", "90左右"),
        ("细颗粒物浓度", 3, "微克/立方米", "", "≤30"),
        ("建成生态示范村庄", 5, "个", "", "120"),
        ("新增绿道", 5, "公里", "", "80"),
        ("新建污水处理厂", 5, "座", "", "6"),
        ("单位地区生产总值二氧化碳排放", 7, "%", "", "18"),
        ("甲处理率", 7, "%", "", "95"),
        ("乙处理率", 7, "%", "", "95"),
    ]
    rows = mine_targets(path)
    assert rows[1].baseline_year == 2020 and rows[0].baseline_year is None
    assert rows[1].note == "森林覆盖率由50.1%提高到55%以上"
    assert rows[7].extra["reference_year"] == "2020"
    assert {r.source_file for r in rows} == {"fake_plan.txt"}


def test_past_sentences_yield_nothing(tmp_path):
    path = _write(
        tmp_path,
        "  “十三五”时期成效显著。全市森林覆盖率达到52.5%,42个国考断面水质优良比例达到100%。",
        "  环境质量明显改善。空气质量优良天数达到333天、较2015年增加41天。",
        "  1.水环境重点工程。新建城市污水处理厂7座,改造建设污水管网5500公里以上。",
        "  到2035年,森林覆盖率达到60%以上。",
        "  推动企业65蒸吨/小时以上燃煤锅炉改造,对浓度低于100mg/L的污水厂实施改造,划分为22个管控单元。",
    )
    assert mine_targets(path) == []


def test_dated_sentence_in_review_paragraph_is_kept(tmp_path):
    path = _write(
        tmp_path,
        "  “十三五”时期森林覆盖率达到52.5%。到2025年,森林覆盖率达到55%以上。",
    )
    assert [(r.name, r.target_raw) for r in mine_targets(path)] == [("森林覆盖率", "≥55")]
