"""The eight indicator tables: row counts, and sampled rows checked cell by cell against
the raw documents (file:line cited), plus the layouts re-rendered with other rows."""

from __future__ import annotations

import pytest

from compare.errors import SourceError
from compare.ingest.codebook import load_codebook
from compare.ingest.tables import parse_document

EXPECTED_ROWS = {
    ("kaizhou", "13th", "专栏1"): 23,
    ("kaizhou", "14th", "专栏2"): 22,
    ("bishan", "13th", "专栏1"): 23,
    ("bishan", "14th", "专栏2"): 24,
    ("tongnan", "13th", "专栏1"): 27,
    ("tongnan", "14th", "专栏2"): 23,
    ("qianjiang", "13th", "专栏1"): 21,
    ("qianjiang", "14th", "表2-1"): 21,
    ("chongqing", "14th", "prose"): 28,
    ("chongqing", "13th", "prose"): 12,  # the 2020 values of the municipal review (prose.mine_review)
    ("chongqing", "14th", "facts"): 6,  # secondary: chongqing_2025_core_targets.csv
}


def test_row_count_per_source_and_table(table):
    counts = table.groupby(["region", "period", "table"]).size().to_dict()
    assert counts == EXPECTED_ROWS


def row(table, region, period, line):
    hit = table[(table.region == region) & (table.period == period) & (table.source_line == line)]
    assert len(hit) == 1, f"{region} {period} line {line}: {len(hit)} rows"
    return hit.iloc[0]


# (region, period, source line) -> expected cells, read off the raw documents.
SAMPLES = [
    # kaizhou_eco_14th_fyp.txt:284-288  森林覆盖率（%） 约束性 55 57 提升2个百分点
    (
        ("kaizhou", "14th", 284),
        {
            "seq": "3",
            "indicator_id": "forest_cover",
            "unit": "%",
            "attribute": "binding",
            "baseline_raw": "55",
            "baseline_value": 55.0,
            "target_raw": "57",
            "target_value": 57.0,
            "target_operator": "=",
            "target_kind": "numeric",
            "note_zh": "提升2个百分点",
            "category_zh": "生态保护修复",
        },
    ),
    # kaizhou_eco_14th_fyp.txt:298-306  category "生态\n\n经济" spans lines; 稳步提升 is qualitative
    (
        ("kaizhou", "14th", 302),
        {
            "seq": "5",
            "category_zh": "生态经济",
            "target_raw": "稳步提升",
            "target_kind": "qualitative",
            "target_operator": "",
            "baseline_raw": "-",
        },
    ),
    # kaizhou_eco_14th_fyp.txt:334-338  [19.5] cumulative baseline, target assigned by the city
    (
        ("kaizhou", "14th", 334),
        {
            "indicator_id": "carbon_intensity_reduction",
            "baseline_value": 19.5,
            "cumulative": True,
            "target_kind": "assigned",
        },
    ),
    # kaizhou_eco_14th_fyp.txt:86-89  17(1): footnote (1) under the table
    (
        ("kaizhou", "13th", 86),
        {
            "baseline_year": 2015,
            "baseline_value": 15.0,
            "target_year": 2020,
            "target_raw": "17(1)",
            "target_value": 17.0,
            "achieved_value": 16.0,
            "footnote": "1",
        },
    ),
    # kaizhou_eco_14th_fyp.txt:152-156  sub-row 化学需氧量 under 16.主要污染物排放总量下降率（%）
    (
        ("kaizhou", "13th", 153),
        {
            "indicator_id": "cod_reduction",
            "parent_seq": "16",
            "seq": "",
            "unit": "%",
            "achieved_raw": "[0.65]",
            "achieved_value": 0.65,
            "cumulative": True,
        },
    ),
    # bishan_eco_14th_fyp.txt:309-315  ≥13.92 with a note spanning lines
    (
        ("bishan", "14th", 309),
        {
            "target_operator": ">=",
            "target_value": 13.92,
            "attribute": "binding",
            "note_zh": "以国家认定评估调整后为准，要求不低于现状值",
        },
    ),
    # bishan_eco_14th_fyp.txt:401-405  sub-row 其中：璧南河 III III 保持
    (
        ("bishan", "14th", 401),
        {
            "indicator_id": "surface_water_class",
            "parent_seq": "10",
            "target_kind": "class",
            "target_value": 3.0,
            "baseline_raw": "III",
            "note_zh": "保持",
        },
    ),
    # bishan_eco_14th_fyp.txt:89-92  <[4000] under group 3.资源节约利用; footnote 【2】 on the achieved cell
    (
        ("bishan", "13th", 90),
        {
            "indicator_id": "construction_land_net_increase",
            "target_operator": "<",
            "target_value": 4000.0,
            "cumulative": True,
            "parent_seq": "3",
            "unit": "公顷",
        },
    ),
    # tongnan_eco_14th_fyp.txt:232-237  unit column μg/m3, target 35* provisional
    (
        ("tongnan", "14th", 233),
        {
            "indicator_id": "pm25_concentration",
            "unit": "μg/m3",
            "baseline_value": 27.0,
            "target_raw": "35*",
            "target_value": 35.0,
            "provisional": True,
            "note_zh": "*最终以市级下达的任务目标值为准",
        },
    ),
    # tongnan_eco_14th_fyp.txt:45-48  ≥48 target, 41.7* achieved (method changed, see note)
    (
        ("tongnan", "13th", 46),
        {
            "indicator_id": "forest_cover",
            "target_operator": ">=",
            "target_value": 48.0,
            "achieved_raw": "41.7*",
            "achieved_value": 41.7,
            "provisional": False,  # :166 * = method changed, deemed met; not set higher up
        },
    ),
    # tongnan_eco_14th_fyp.txt:75-78  [bookmark: _Hlk55310752]10 -> seq 10
    (("tongnan", "13th", 76), {"seq": "10", "indicator_id": "general_solid_waste_utilisation"}),
    # qianjiang_eco_14th_fyp.txt:371-379  web copy: 4 城市空气质量优良天数(天) 约束性 355 ≥350*
    (
        ("qianjiang", "14th", 373),
        {
            "seq": "4",
            "indicator_id": "air_good_days",
            "unit": "天",
            "baseline_value": 355.0,
            "target_operator": ">=",
            "target_value": 350.0,
            "provisional": False,  # no note explains this * (:573 names the red line only)
            "category_zh": "环境质量改善",
        },
    ),
    # qianjiang_eco_14th_fyp.txt:404-408  其中:阿蓬江 约束性 保持 (empty cells dropped: re-aligned)
    (
        ("qianjiang", "14th", 404),
        {
            "parent_seq": "6",
            "target_raw": "保持",
            "target_kind": "maintain",
            "baseline_raw": "",
            "realigned": True,
        },
    ),
    # qianjiang_eco_14th_fyp.txt:68-78  category split over two lines 生态/空间
    (
        ("qianjiang", "13th", 72),
        {
            "category_zh": "生态空间",
            "target_value": 25.28,
            "achieved_value": 25.76,
            "status_zh": "完成",
            "attribute": "binding",
        },
    ),
    # qianjiang_eco_14th_fyp.txt:80-86  ≥75万亩: unit suffix on the value
    (
        ("qianjiang", "13th", 80),
        {"indicator_id": "cropland_area", "target_operator": ">=", "target_value": 75.0},
    ),
]


@pytest.mark.parametrize("where,expected", SAMPLES, ids=[f"{w[0]}-{w[1]}-L{w[2]}" for w, _ in SAMPLES])
def test_sampled_rows_match_the_document(table, where, expected):
    r = row(table, *where)
    assert len(expected) > 0
    for col, want in expected.items():
        got = r[col]
        assert got == want, f"{col}: {got!r} != {want!r}"


def test_same_concept_same_id_across_plans(table):
    printed = set(table.loc[table.indicator_id == "energy_intensity_reduction", "indicator_name_zh"])
    assert {"万元GDP能耗累计下降率（%）", "单位GDP能耗下降率（%）", "单位GDP能源消耗下降率"} <= printed


def test_every_row_has_provenance(table):
    assert (table.source_line > 0).all()
    assert table.source_file.str.endswith(".txt").sum() == (~table.secondary).sum()
    assert table.loc[table.secondary, "source_file"].str.endswith(".csv").all()  # facts: the CSV line


# ---------------------------------------------------------------- re-rendered layouts


def _rows(table, region, period):
    return table[(table.region == region) & (table.period == period) & (table.parent_seq == "")]


def _remark(r) -> str:
    """The row's own 备注 cell: note_zh starts with it and goes on with the table notes that
    name the row (every Kaizhou 14th row with such a note has a 备注 cell)."""
    return r.note_zh.split("；")[0]


def render_tab(rows, with_unit: bool, bookmarks: bool) -> str:
    """A Word-export table (tab cells, blank line between rows) holding `rows`."""
    header = (
        ["类别", "序号", "指标"]
        + (["单位"] if with_unit else [])
        + ["指标类别", "2020年\n\n现状值", "2025年\n\n目标值", "备注"]
    )
    out = ["专栏9 测试区生态环境保护“十四五”规划目标指标", ""]
    out += ["\t" + h for h in header] + [""]
    for i, r in enumerate(rows.itertuples(), start=1):
        name = r.indicator_name_zh if with_unit else f"{r.indicator_name_zh}"
        seq = f"[bookmark: _Hlk{i}]{i}" if bookmarks else str(i)
        attr = {"binding": "约束性", "expected": "预期性"}.get(r.attribute, "约束性")
        cells = [r.category_zh if i == 1 else "", seq, name] + ([r.unit] if with_unit else [])
        cells += [attr, r.baseline_raw, r.target_raw, _remark(r)]
        out += ["\t" + c for c in cells] + [""]
    out += ["", "注：带[  ]的数据为5年累计数。", ""]
    return "\n".join(out)


def render_web(rows) -> str:
    """A web copy of the same table: one cell per line, empty cells dropped."""
    out = ["表9-1 测试区生态环境保护“十四五”规划目标指标", ""]
    for h in ["类别", "序号", "指标", "指标", "类别", "2020年", "现状值", "2025年", "目标值", "备注"]:
        out += [h, ""]
    for i, r in enumerate(rows.itertuples(), start=1):
        attr = {"binding": "约束性", "expected": "预期性"}.get(r.attribute, "约束性")
        for c in [
            r.category_zh if i == 1 else "",
            str(i),
            r.indicator_name_zh,
            attr,
            r.baseline_raw or "-",
            r.target_raw,
            _remark(r),
        ]:
            if c:
                out += [c, ""]
    out += ["备注:1.“—”表示未进行考核统计。", ""]
    return "\n".join(out)


@pytest.mark.parametrize("layout", ["tab", "tab-unit-bookmarks", "web"])
def test_layouts_parse_other_rows_without_code_changes(table, layout):
    """Rows of one plan re-rendered in each layout, shuffled, parse back to the same cells."""
    src = _rows(table, "kaizhou", "14th")
    src = src[src.indicator_name_zh.str.len() > 0].sample(frac=1, random_state=7).head(12)
    text = render_web(src) if layout == "web" else render_tab(src, layout != "tab", layout != "tab")
    codebook = load_codebook()
    parsed = parse_document(text.split("\n"), "synthetic.txt", codebook.is_name)
    assert [p.seq for p in parsed] == [str(i) for i in range(1, len(src) + 1)]
    for p, r in zip(parsed, src.itertuples()):
        assert p.period == "14th"
        assert codebook.lookup(p.name) == r.indicator_id
        assert (p.baseline_raw, p.target_raw) == (
            (r.baseline_raw or "-") if layout == "web" else r.baseline_raw,
            r.target_raw,
        )
        if layout != "web" or _remark(r):
            assert p.note == _remark(r)


def test_unrecognised_header_names_file_and_line():
    text = "专栏1 某区“十四五”规划指标\n\n\t类别\n\t指标\n\t奇怪的列\n\n\t生态\n\t森林覆盖率（%）\n\t50\n"
    with pytest.raises(SourceError, match=r"bad\.txt:5: 专栏1: header cell '奇怪的列' not recognised"):
        parse_document(text.split("\n"), "bad.txt", lambda n: True)


def test_row_with_wrong_cell_count_is_an_error_with_its_line():
    text = (
        "专栏2 某区“十四五”规划指标\n\n\t序号\n\t指标\n\t2020年现状值\n\t2025年目标值\n\n"
        "\t1\n\t森林覆盖率（%）\n\t50\n\t55\n\n\t2\n\t空气质量优良天数（天）\n\t300\n\t310\n\t320\n\t330\n"
    )
    with pytest.raises(SourceError, match=r"x\.txt:13: 专栏2: row has 6 cells but the header has 4"):
        parse_document(text.split("\n"), "x.txt", lambda n: True)
