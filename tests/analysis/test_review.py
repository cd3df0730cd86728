"""The 13th-FYP record (`analysis.review`): continuity of indicators between the plans and target
attainment; on hand-made rows and on the real plans."""

from __future__ import annotations

import pytest

from compare.analysis.review import continuity, target_attainment
from table_rows import CODEBOOK, frame, one, row


def test_continuity_equal_mismatch_and_not_comparable():
    df = frame(
        row("a", "13th", "forest_cover", target=50, achieved=55, line=80),
        row("a", "14th", "forest_cover", base=55, target=57, line=284),
        row("a", "13th", "forest_land_area", target=380, achieved=386.6, unit="万亩"),
        row("a", "14th", "forest_land_area", base=386.5, target=390, unit="万亩"),
        row("a", "13th", "cod_reduction", target=0, achieved=("[0.65]", 0.65), cumulative_cells="achieved"),
        row("a", "14th", "cod_reduction", base=0.65, target=("完成市级下达目标", None), kind="assigned"),
        # sub-rows paired by name: "璧南河水质" (13th) with "其中：璧南河" (14th)
        row(
            "a",
            "13th",
            "surface_water_class",
            target=("Ⅳ类", 4.0),
            achieved=("Ⅲ类", 3.0),
            kind="class",
            unit="类别",
            achieved_kind="class",
            indicator_name_zh="璧南河水质",
        ),
        row(
            "a",
            "13th",
            "surface_water_class",
            target=("Ⅲ类", 3.0),
            achieved=("Ⅱ类", 2.0),
            kind="class",
            unit="类别",
            achieved_kind="class",
            indicator_name_zh="梅江河水质",
        ),
        row(
            "a",
            "14th",
            "surface_water_class",
            base=("III", 3.0),
            target=("III", 3.0),
            kind="class",
            unit="类别",
            indicator_name_zh="梅江河",
        ),
        row(
            "a",
            "14th",
            "surface_water_class",
            base=("III", 3.0),
            target=("III", 3.0),
            kind="class",
            unit="类别",
            indicator_name_zh="其中：璧南河",
        ),
    )
    out = continuity(df)
    f = one(out, indicator_id="forest_cover")
    assert (f.status, f.source_line_13th, f.source_line_14th) == ("equal", 80, 284)
    assert one(out, indicator_id="forest_land_area").status == "mismatch"
    cod = one(out, indicator_id="cod_reduction")
    assert cod.status == "not comparable" and "cumulative" in cod.reason
    rivers = out[out.indicator_id == "surface_water_class"].set_index("indicator_name_zh_13th")
    assert rivers.loc["璧南河水质", "status"] == "equal"
    assert rivers.loc["梅江河水质", "status"] == "mismatch"  # II in 2020, III as 2020 baseline


def test_target_attainment_operators_direction_cumulative_provisional():
    df = frame(
        row(
            "a",
            "13th",
            "forest_cover",
            target=("≥48", 48.0),
            op=">=",
            achieved=("41.7*", 41.7),
            provisional=True,
            note_zh="*计算方法变化，市林业局认定达标。",
        ),
        row("a", "13th", "forest_cover", target=50, achieved=55),
        row("a", "13th", "construction_land_total", target=278.3, achieved=200.15, unit="平方公里"),
        row("a", "13th", "construction_land_total", target=278.3, achieved=300, unit="平方公里"),
        row("a", "13th", "pm25_concentration", target=("<50", 50.0), op="<", achieved=50, unit="μg/m3"),
        row("a", "13th", "pm25_concentration", target=("≤50", 50.0), op="<=", achieved=50, unit="μg/m3"),
        row("a", "13th", "forest_cover", target=("93左右", 93.0), op="~", achieved=90),
        row("a", "13th", "forest_cover", target=("93左右", 93.0), op="~", achieved=85),
        row(
            "a",
            "13th",
            "energy_intensity_reduction",
            target=("[17]", 17.0),
            achieved=("[38.8]", 38.8),
            cumulative_cells="target,achieved",
        ),
        row("a", "13th", "cod_reduction", target=0, achieved=("[0.65]", 0.65), cumulative_cells="achieved"),
        row(
            "a",
            "13th",
            "forest_cover",
            target=("达到功能区考核标准", None),
            kind="qualitative",
            achieved=("已达到功能区考核标准", None),
            achieved_kind="qualitative",
        ),
        row(
            "a",
            "13th",
            "cod_reduction",
            target=("达到市总量控制要求", None),
            kind="assigned",
            achieved=("已达到市总量控制要求", None),
            achieved_kind="assigned",
        ),
        row(
            "a",
            "13th",
            "surface_water_class",
            target=("Ⅳ类", 4.0),
            kind="class",
            achieved=("Ⅲ类", 3.0),
            achieved_kind="class",
            unit="类别",
        ),
        row("a", "13th", "forest_cover", target=60, achieved=65, status_zh="完成"),
        row("a", "13th", "forest_cover", target=("-【4】", None), achieved=None),
        row("a", "13th", "forest_cover", target=(">95", 95.0), op=">", achieved=95),
        row("a", "13th", "forest_cover", target=(">95", 95.0), op=">", achieved=95.5),
    )
    out = target_attainment(df, CODEBOOK)
    assert list(out["status"]) == [
        "missed",
        "met",
        "met",
        "missed",
        "missed",
        "met",
        "missed",  # 90 against 93左右: ~ is ±1 percentage point for a share (codebook tolerance)
        "missed",
        "met",
        "met",  # 0 against [0.65]: both five-year reductions (codebook measure), not typography
        "not assessable (qualitative)",
        "not assessable (assigned)",
        "met",
        "met",
        "not assessable (no target)",
        "missed",
        "met",
    ]
    tongnan = out.iloc[0]
    assert tongnan.provisional and tongnan.claimed_met and tongnan.agrees_with_claim is False
    assert "认定达标" in tongnan.evidence and tongnan.gap_signed == pytest.approx(-6.3)
    assert out.iloc[2].gap_signed == pytest.approx(78.15)  # a cap undershot is better
    assert out.iloc[10].claimed_met and out.iloc[10].evidence == "已达到功能区考核标准"
    assert out.iloc[13].agrees_with_claim is True
    assert not out.iloc[10].assessable and out.iloc[1].assessable


def test_real_tongnan_forest_cover_missed_but_deemed_met(table):
    # tongnan_eco_14th_fyp.txt:46-48  森林覆盖率（%） ≥48 41.7*
    # tongnan_eco_14th_fyp.txt:166    *计算方法变化，市林业局认定达标。
    r = one(target_attainment(table), region="tongnan", indicator_id="forest_cover")
    assert (r.target_raw, r.achieved_raw, r.status) == ("≥48", "41.7*", "missed")  # by the numbers
    assert not r.provisional and r.claimed_met and "市林业局认定达标" in r.evidence
    assert (r.final, r.final_reason, r.on_note) == ("met_per_plan", "deemed_met", True)
    assert r.source_line == 46


def test_real_bishan_red_line_not_assessable_after_redelimitation(table):
    # bishan_eco_14th_fyp.txt:73-75  1.生态保护红线区域占幅员面积比例（%） ≥23.7 13.92【1】
    # bishan_eco_14th_fyp.txt:209    【1】…评估调整红线后占比为13.92%
    r = one(target_attainment(table), region="bishan", indicator_id="eco_redline_share")
    assert (r.status, r.target_raw, r.achieved_value) == ("missed", "≥23.7", 13.92)
    assert (r.final, r.final_reason) == ("not_assessable", "definition_changed") and r.on_note
    assert "评估调整" in r.note_zh


def test_real_continuity_has_no_mismatch(table):
    out = continuity(table)
    assert len(out) > 30 and (out["status"] != "mismatch").all()
    # tongnan_eco_14th_fyp.txt:101-104 (13th: 343 in 2020) and :241-244 (14th baseline 343)
    r = one(out, region="tongnan", indicator_id="air_good_days")
    assert (r.achieved_2020_raw, r.baseline_2020_raw, r.status) == ("343", "343", "equal")
