"""Comparison analytics: each metric on small hand-made tables with known answers, then on
the real table for cells checked by reading the plan text (file:line in the comments)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from compare import analysis as an
from compare.ingest.codebook import load_codebook
from table_rows import frame, one, row

# ----------------------------------------------------------------------------- fixtures

CODEBOOK = pd.DataFrame(
    [
        # indicator_id, unit, direction, limit
        ("forest_cover", "%", "higher_is_better", "100"),
        ("pm25_concentration", "μg/m3", "lower_is_better", "35"),
        ("air_good_days", "天", "higher_is_better", "365"),
        ("forest_land_area", "万亩", "higher_is_better", ""),
        ("construction_land_total", "平方公里", "lower_is_better", ""),
        ("cod_reduction", "%", "higher_is_better", ""),
        ("energy_intensity_reduction", "%", "higher_is_better", ""),
        ("surface_water_class", "类别", "lower_is_better", ""),
        ("nature_reserve_share", "%", "higher_is_better", "100"),
        ("radiation_accident_rate", "起/万枚", "lower_is_better", ""),
        ("medical_waste_disposal", "%", "higher_is_better", "100"),
        ("contaminated_farmland_safe_use", "%", "higher_is_better", "100"),
    ],
    columns=["indicator_id", "unit", "direction", "limit"],
).assign(name_zh="", name_en="", domain="", sdg="", city_basis="city_wide")
# the rulebook's columns as the real codebook has them: ~ within 1 unit (pp for shares), 3 days;
# 100 % forest cover bounds the arithmetic, 100 % disposal is a goal; protected areas are endowment
CODEBOOK["approx_tolerance"] = CODEBOOK["unit"].map({"%": "1", "μg/m3": "1", "天": "3"}).fillna("")
CODEBOOK["limit_reachable"] = [
    "" if not lim else "no" if i in ("forest_cover", "nature_reserve_share") else "yes"
    for i, lim in zip(CODEBOOK["indicator_id"], CODEBOOK["limit"])
]
CODEBOOK["endowment"] = CODEBOOK["indicator_id"].map({"nature_reserve_share": "yes"}).fillna("no")


# ----------------------------------------------------------------------------- 1. ambition


def test_annual_rate_linear_for_shares_and_compound_for_levels():
    assert an.annual_rate(55, 57, 5, "%") == (pytest.approx(0.4), "pp/yr")
    rate, unit = an.annual_rate(100, 200, 5, "万亩")
    assert unit == "%/yr" and rate == pytest.approx((2**0.2 - 1) * 100)
    assert math.isnan(an.annual_rate(0, 10, 5, "吨")[0])  # no compounding from zero
    assert math.isnan(an.annual_rate(1, 2, 0, "%")[0])


def test_ambition_higher_is_better_share_with_2015_comparison():
    df = frame(
        row("a", "14th", "forest_cover", base=55, target=57, line=284),
        row("a", "13th", "forest_cover", base=47.5, target=50, achieved=55, line=80),
    )
    r = one(an.ambition(df, CODEBOOK), indicator_id="forest_cover")
    assert r.abs_change == pytest.approx(2) and r.rel_change == pytest.approx(2 / 55)
    assert r.annual_rate == pytest.approx(0.4) and r.rate_unit == "pp/yr"
    assert r.achieved_rate == pytest.approx(1.5)  # (55 - 47.5) / 5
    assert r.rate_ratio == pytest.approx(0.4 / 1.5)
    # 100 % forest cover is no goal: no share of the "headroom" to it
    assert math.isnan(r.headroom_used) and r.headroom_status == "limit_not_a_goal"
    assert r.ambition_class == "improve"
    assert (r.source_line, r.achieved_source_line, r.target_raw) == (284, 80, "57")


def test_ambition_lower_is_better_and_headroom_sides():
    df = frame(
        row("a", "14th", "pm25_concentration", base=36, target=35, unit="μg/m3"),
        row("b", "14th", "pm25_concentration", base=27, target=("35*", 35.0), unit="μg/m3", provisional=True),
        row("c", "14th", "pm25_concentration", base=28, target=("≤28", 28.0), op="<=", unit="μg/m3"),
        row("d", "14th", "pm25_concentration", base=35, target=30, unit="μg/m3"),
    )
    out = an.ambition(df, CODEBOOK)
    a, b = one(out, region="a"), one(out, region="b")
    c, d = one(out, region="c"), one(out, region="d")
    # 36 -> 35: falling PM2.5 is an improvement, closing the whole gap to the standard
    assert a.improvement_signed == pytest.approx(1) and a.ambition_class == "improve"
    assert a.annual_rate == pytest.approx(((35 / 36) ** 0.2 - 1) * 100)
    assert a.improvement_rate == pytest.approx(-a.annual_rate) and a.improvement_rate > 0
    assert (a.headroom_used, a.headroom_kind) == (pytest.approx(1.0), "gap closed")
    # 27 -> 35: a relaxation using all the slack below the standard
    assert b.ambition_class == "relax" and b.provisional
    assert (b.headroom_used, b.headroom_kind) == (pytest.approx(1.0), "slack used")
    # 28 -> ≤28 holds: no share of the headroom is shown for a target that does not move
    assert c.ambition_class == "hold" and math.isnan(c.headroom_used) and c.headroom_status == "holds"
    assert math.isnan(d.headroom_used) and d.at_limit and d.ambition_class == "improve"


def test_ambition_operators_and_levels():
    df = frame(
        row("a", "14th", "air_good_days", base=314, target=("≥310", 310.0), op=">=", unit="天"),
        row("b", "14th", "forest_cover", base=95, target=("＞95", 95.0), op=">"),
        row("c", "14th", "forest_land_area", base=100, target=200, unit="万亩"),
    )
    out = an.ambition(df, CODEBOOK)
    assert one(out, region="a").ambition_class == "relax"
    assert one(out, region="a").rate_unit == "%/yr"
    # the same number with a stricter operator is no measured change: it holds, and is not ranked
    b = one(out, region="b")
    assert (b.ambition_class, b.reason) == ("hold", "strict_operator_only") and pd.isna(b["rank"])
    assert one(out, region="c").annual_rate == pytest.approx((2**0.2 - 1) * 100)


def test_ambition_keeps_unquantified_cumulative_and_flow_rows_without_numbers():
    df = frame(
        row("a", "14th", "energy_intensity_reduction", target=("完成市级下达目标", None), kind="assigned"),
        row("a", "14th", "forest_cover", base=40, target=("稳步提升", None), kind="qualitative"),
        row("a", "14th", "surface_water_class", target=("保持", None), kind="maintain", unit="类别"),
        row("a", "14th", "nature_reserve_share", base=("-", None), target=("-", None), kind="none"),
        row("b", "14th", "energy_intensity_reduction", target=("[16.5]", 16.5), cumulative_cells="target"),
        row("b", "14th", "cod_reduction", base=7.51, target=("8*", 8.0), provisional=True),
        row("b", "14th", "forest_cover", target=45),
        row(
            "b",
            "14th",
            "surface_water_class",
            base=("III", 3.0),
            target=("II", 2.0),
            kind="class",
            unit="类别",
            baseline_kind="class",
        ),
    )
    out = an.ambition(df, CODEBOOK)
    assert len(out) == len(df)
    classes = list(out["ambition_class"])
    assert classes[:4] == ["assigned", "qualitative", "maintain", "not comparable"]
    assert out.loc[:6, "abs_change"].isna().all() and out.loc[:6, "annual_rate"].isna().all()
    # five-year amounts by the indicator's measure, bracketed or not
    assert out.loc[4, "reason"] == "flow" and out.loc[5, "reason"] == "flow"
    assert out.loc[6, "reason"] == "no_baseline"
    assert out.loc[0, "target_raw"] == "完成市级下达目标" and math.isnan(out.loc[0, "target_value"])
    # water class III -> II: better (lower class) but ordinal, so no rate
    assert classes[7] == "improve" and math.isnan(out.loc[7, "annual_rate"])


# ----------------------------------------------------------------------------- 2. alignment


def _alignment_table() -> pd.DataFrame:
    mun = "chongqing"
    return frame(
        row(mun, "14th", "pm25_concentration", target=("≤35", 35.0), op="<=", unit="μg/m3", line=149),
        row(mun, "14th", "contaminated_farmland_safe_use", target=("93左右", 93.0), op="~", line=151),
        row(mun, "14th", "nature_reserve_share", target=("≥15.4", 15.4), op=">=", line=103),
        row(mun, "14th", "radiation_accident_rate", target=("≤1", 1.0), op="<=", unit="起/万枚"),
        row(mun, "14th", "medical_waste_disposal", target=100),
        row("a", "14th", "pm25_concentration", target=("≤28", 28.0), op="<=", unit="μg/m3", line=384),
        row("b", "14th", "pm25_concentration", target=35, unit="μg/m3", line=383),
        row("c", "14th", "pm25_concentration", target=36, unit="μg/m3"),
        row("a", "14th", "contaminated_farmland_safe_use", target=93),
        row("b", "14th", "contaminated_farmland_safe_use", target=("＞93", 93.0), op=">"),
        row("a", "14th", "nature_reserve_share", target=9, line=276),
        row("c", "14th", "radiation_accident_rate", target=0),
        row("b", "14th", "medical_waste_disposal", target=("完成市级下达目标", None), kind="assigned"),
        row("a", "14th", "medical_waste_disposal", target=100, attribute="binding"),
        row("c", "14th", "medical_waste_disposal", target=100, attribute="expected"),
    )


def test_compare_targets_uses_direction_and_operators():
    cb = CODEBOOK
    pm, farm = "pm25_concentration", "contaminated_farmland_safe_use"
    assert an.compare_targets(28, "<=", 35, "<=", pm, cb)[0] == "stricter"
    assert an.compare_targets(36, "=", 35, "<=", pm, cb)[0] == "weaker"
    assert an.compare_targets(35, "=", 35, "<=", pm, cb)[0] == "equal"
    assert an.compare_targets(95, ">", 95, ">=", farm, cb)[0] == "stricter"
    assert an.compare_targets(95, ">=", 95, ">", farm, cb)[0] == "weaker"
    assert an.compare_targets(93, "=", 93, "~", farm, cb) == ("equal", "same")
    # ~ within the indicator's own tolerance (1 percentage point for a share): 94 is 93左右, 95 is not
    assert an.compare_targets(94, "=", 93, "~", farm, cb) == ("equal", "within_tolerance")
    assert an.compare_targets(95, "=", 93, "~", farm, cb) == ("stricter", "better")
    assert an.compare_targets(88, "~", 93, "=", farm, cb) == ("weaker", "worse")


def test_alignment_statuses_and_evidence():
    out = an.alignment(_alignment_table(), CODEBOOK)
    status = {(r.region, r.indicator_id): r.status for r in out.itertuples()}
    # the city's PM2.5 and farmland figures are city-wide levels: context, never stricter/weaker;
    # its 100 % medical-waste disposal is at the natural limit, so it holds in every district
    assert status == {
        ("a", "pm25_concentration"): "below city",
        ("b", "pm25_concentration"): "at city",
        ("c", "pm25_concentration"): "above city",
        ("a", "contaminated_farmland_safe_use"): "at city",
        ("b", "contaminated_farmland_safe_use"): "at city",
        ("a", "nature_reserve_share"): "aggregate",
        ("c", "radiation_accident_rate"): "not comparable",
        ("a", "medical_waste_disposal"): "equal",
        ("c", "medical_waste_disposal"): "equal",
        ("b", "medical_waste_disposal"): "not quantified",  # every district row gets a status
    }
    a = one(out, region="a", indicator_id="pm25_concentration")
    assert (a.district_raw, a.municipal_raw, a.source_line, a.municipal_source_line) == (
        "≤28",
        "≤35",
        384,
        149,
    )
    assert a.basis == "city_wide" and pd.isna(a.signed_difference)  # no verdict on a context figure
    assert one(out, region="c", indicator_id="radiation_accident_rate").reason == "unit"


def test_municipal_omitted_and_matrix():
    t = _alignment_table()
    om = an.municipal_omitted(t)
    # protected areas are a city-wide aggregate of endowment (codebook), not a district omission
    assert set(om["status"]) == {"missing", "aggregate"}
    assert one(om, region="b", indicator_id="nature_reserve_share").status == "aggregate"
    assert ("b", "nature_reserve_share") in set(zip(om.region, om.indicator_id))
    assert ("b", "medical_waste_disposal") not in set(zip(om.region, om.indicator_id))
    om2 = an.municipal_omitted(t, include_unquantified=True)
    r = one(om2, region="b", indicator_id="medical_waste_disposal")
    assert (r.status, r.district_kind) == ("not quantified", "assigned")

    m = an.alignment_matrix(t, CODEBOOK)
    assert list(m.index) == ["a", "b", "c"]
    assert m.loc["a", "pm25_concentration"] == "below city"
    assert m.loc["c", "pm25_concentration"] == "above city"
    assert m.loc["b", "medical_waste_disposal"] == "not quantified"
    assert m.loc["b", "radiation_accident_rate"] == "missing"
    assert m.loc["c", "radiation_accident_rate"] == "not comparable"
    assert set(m.values.ravel()) <= set(an.ALIGNMENT_STATUSES)


def test_attribute_conflicts():
    out = an.attribute_conflicts(_alignment_table())
    assert set(out["indicator_id"]) == {"medical_waste_disposal"}
    assert set(zip(out.region, out.attribute)) == {("a", "binding"), ("c", "expected")}
    assert set(out["binding_in"]) == {"a"} and set(out["expected_in"]) == {"c"}


# ----------------------------------------------------------------------------- 3. continuity


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
    out = an.continuity(df)
    f = one(out, indicator_id="forest_cover")
    assert (f.status, f.source_line_13th, f.source_line_14th) == ("equal", 80, 284)
    assert one(out, indicator_id="forest_land_area").status == "mismatch"
    cod = one(out, indicator_id="cod_reduction")
    assert cod.status == "not comparable" and "cumulative" in cod.reason
    rivers = out[out.indicator_id == "surface_water_class"].set_index("indicator_name_zh_13th")
    assert rivers.loc["璧南河水质", "status"] == "equal"
    assert rivers.loc["梅江河水质", "status"] == "mismatch"  # II in 2020, III as 2020 baseline


# ----------------------------------------------------------------------------- attainment


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
    out = an.target_attainment(df, CODEBOOK)
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


# ----------------------------------------------------------------------------- 4. dispersion


def test_dispersion_targets_and_changes():
    df = frame(
        row("a", "14th", "forest_cover", base=47, target=48),
        row("b", "14th", "forest_cover", base=55, target=57),
        row("c", "14th", "forest_cover", base=65, target=("≥65", 65.0), op=">="),
        row("d", "14th", "forest_cover", base=41.7, target=45),
        row("a", "14th", "air_good_days", base=314, target=310, unit="天"),
        row("chongqing", "14th", "air_good_days", target=300, unit="天"),
        row("a", "14th", "pm25_concentration", target=("完成市级下达目标", None), kind="assigned"),
        row("b", "14th", "pm25_concentration", target=28, unit="μg/m3"),
    )
    out = an.dispersion(df, CODEBOOK)
    assert list(out["indicator_id"]) == ["forest_cover"]  # the others have < 2 plans
    f = out.iloc[0]
    targets = pd.Series([48, 57, 65, 45.0])
    assert (f.n, f["min"], f["max"], f["range"]) == (4, 45, 65, 20)
    assert f["std"] == pytest.approx(targets.std()) and f.cv == pytest.approx(targets.std() / targets.mean())
    changes = pd.Series([1, 2, 0, 3.3])
    assert f.change_n == 4 and f.change_std == pytest.approx(changes.std())
    assert "b=57@b.txt:1" in f.cells
    with_city = an.dispersion(df, CODEBOOK, include_municipal=True)
    days = one(with_city, indicator_id="air_good_days")
    assert days.n == 2 and days.change_n == 1  # the city has no baseline


# ----------------------------------------------------------------------------- 5. SDG


def test_every_sdg_code_in_the_codebook_has_labels():
    table = an.sdg(load_codebook())
    coded = table[table["sdg"] != ""]
    assert len(coded) > 50
    assert (coded["sdg_label_en"] != "").all() and (coded["sdg_label_zh"] != "").all()
    assert one(table, indicator_id="forest_cover").sdg_label_en.startswith("Forest area")
    assert one(table, indicator_id="pm25_concentration").sdg_goal == 11
    assert an.sdg_label("") == ""
    with pytest.raises(KeyError):
        an.sdg_label("99.9.9")


# ----------------------------------------------------------------------------- real table


def test_real_kaizhou_forest_cover(table):
    # kaizhou_eco_14th_fyp.txt:284-287  森林覆盖率（%） 约束性 55 57
    # kaizhou_eco_14th_fyp.txt:80-83    4.森林覆盖率（%） 47.5 (2015) 50 (target) 55 (2020)
    amb = one(an.ambition(table), region="kaizhou", indicator_id="forest_cover")
    assert (amb.baseline_raw, amb.target_raw, amb.source_line) == ("55", "57", 284)
    assert amb.annual_rate == pytest.approx(0.4) and amb.achieved_rate == pytest.approx(1.5)
    assert amb.rate_ratio == pytest.approx(0.4 / 1.5) and amb.ambition_class == "improve"
    att = one(an.target_attainment(table), region="kaizhou", indicator_id="forest_cover")
    assert (att.target_value, att.achieved_value, att.status, att.source_line) == (50, 55, "met", 80)
    con = one(an.continuity(table), region="kaizhou", indicator_id="forest_cover")
    assert (con.status, con.source_line_13th, con.source_line_14th) == ("equal", 80, 284)


def test_real_tongnan_forest_cover_missed_but_deemed_met(table):
    # tongnan_eco_14th_fyp.txt:46-48  森林覆盖率（%） ≥48 41.7*
    # tongnan_eco_14th_fyp.txt:166    *计算方法变化，市林业局认定达标。
    r = one(an.target_attainment(table), region="tongnan", indicator_id="forest_cover")
    assert (r.target_raw, r.achieved_raw, r.status) == ("≥48", "41.7*", "missed")  # by the numbers
    assert not r.provisional and r.claimed_met and "市林业局认定达标" in r.evidence
    assert (r.final, r.final_reason, r.on_note) == ("met_per_plan", "deemed_met", True)
    assert r.source_line == 46


def test_real_pm25_against_the_municipal_target(table):
    # chongqing_eco_14th_fyp.txt:149  确保PM2.5年均浓度稳定达标(35μg/m3以内)
    # qianjiang_eco_14th_fyp.txt:384-390  细颗粒物(PM2.5)年平均浓度 约束性 28 ≤28
    # bishan_eco_14th_fyp.txt:383-386  细颗粒物（PM2.5）浓度 约束性 36 35
    # tongnan_eco_14th_fyp.txt:233-237  细颗粒物（PM2.5）年均浓度 μg/m3 约束性 27 35*
    al = an.alignment(table)
    q = one(al, region="qianjiang", indicator_id="pm25_concentration")
    # the city's ≤35 is a city-wide level (codebook city_basis): context, not a bar
    assert (q.status, q.district_raw, q.municipal_raw, q.municipal_source_line) == (
        "below city",
        "≤28",
        "≤35",
        149,
    )
    # qianjiang:569 备注2 (estimate, set by the city) and :571 备注3 (2020 COVID) go with it
    assert q.caveats.split(",") == ["set_by_higher_level", "estimate", "context"]
    assert "qianjiang_eco_14th_fyp.txt:569" in q.caveat_sources
    assert one(al, region="bishan", indicator_id="pm25_concentration").status == "at city"
    tongnan = one(al, region="tongnan", indicator_id="pm25_concentration")
    assert tongnan.status == "at city" and tongnan.caveats == "set_by_higher_level"  # 35*: placeholder
    amb = (
        an.ambition(table)
        .query("indicator_id == 'pm25_concentration' and level == 'district'")
        .set_index("region")
    )
    assert amb.loc["qianjiang", "ambition_class"] == "hold"
    assert amb.loc["bishan", "ambition_class"] == "improve"  # 36 -> 35
    assert amb.loc["tongnan", "ambition_class"] == "relax"  # 27 -> 35*
    assert amb.loc["tongnan", "headroom_kind"] == "slack used"
    assert amb.loc["tongnan", "headroom_used"] == pytest.approx(1.0)
    # kaizhou_eco_14th_fyp.txt:358 PM2.5 target 完成市级下达目标: kept, not a number
    assert amb.loc["kaizhou", "ambition_class"] == "assigned"
    m = an.alignment_matrix(table)
    assert m.loc["kaizhou", "pm25_concentration"] == "not quantified"


def test_real_good_air_days_against_the_city_ratio(table):
    # bishan_eco_14th_fyp.txt:375-378     空气质量优良天数（天） 约束性 314 ≥310
    # qianjiang_eco_14th_fyp.txt:373-379  城市空气质量优良天数(天) 约束性 355 ≥350*
    # tongnan_eco_14th_fyp.txt:241-245    空气质量优良天数 天 约束性 343 320*
    # chongqing_2025_core_targets.csv:3   空气质量优良天数比率 92.6 (secondary)
    amb = an.ambition(table).query("indicator_id == 'air_good_days'").set_index("region")
    assert amb.loc["bishan", ["baseline_value", "target_value", "target_operator"]].tolist() == [
        314,
        310,
        ">=",
    ]
    assert set(amb.loc[["bishan", "qianjiang", "tongnan"], "ambition_class"]) == {"relax"}
    assert amb.loc["tongnan", "abs_change"] == -23
    # a target moving away from the 365-day limit gets no (negative) headroom share
    assert amb.loc[["bishan", "qianjiang", "tongnan"], "headroom_used"].isna().all()
    assert set(amb.loc[["bishan", "qianjiang", "tongnan"], "headroom_status"]) == {"moves_away"}
    # every relaxation carries its caveats: tongnan's 320* placeholder, qianjiang's COVID baseline
    assert amb.loc["tongnan", "caveats"] == "set_by_higher_level"
    assert amb.loc["qianjiang", "caveats"] == "context,orphan_mark"
    al = an.alignment(table)
    b = one(al, region="bishan", indicator_id="air_good_days")
    # the city's 92.6 % is a city-wide average: a district's days sit below or above it, never "weaker"
    assert b.district_converted == pytest.approx(310 / 365 * 100) and b.status == "below city"
    assert b.municipal_secondary and b.municipal_url.startswith("https://")
    assert one(al, region="qianjiang", indicator_id="air_good_days").status == "above city"  # 350/365
    assert one(al, region="kaizhou", indicator_id="air_good_days").status == "not quantified"


def test_real_kaizhou_nature_reserve_is_an_aggregate_not_weaker(table):
    # kaizhou_eco_14th_fyp.txt:276-280  自然保护地面积占比（%） 约束性 9 9 保持
    # chongqing_eco_14th_fyp.txt:103    确保全市自然保护地面积占比不低于15.4%
    al = an.alignment(table)
    r = one(al, region="kaizhou", indicator_id="nature_reserve_share")
    assert (r.status, r.district_raw, r.municipal_raw) == ("aggregate", "9", "≥15.4")
    assert (r.source_line, r.municipal_source_line) == (276, 103)
    # qianjiang_eco_14th_fyp.txt:558-564 17.02 is not 'stricter' either; :573 * names it
    q = one(al, region="qianjiang", indicator_id="nature_reserve_share")
    assert q.status == "aggregate" and "redelineation_pending" in q.caveats


def test_real_bishan_red_line_not_assessable_after_redelimitation(table):
    # bishan_eco_14th_fyp.txt:73-75  1.生态保护红线区域占幅员面积比例（%） ≥23.7 13.92【1】
    # bishan_eco_14th_fyp.txt:209    【1】…评估调整红线后占比为13.92%
    r = one(an.target_attainment(table), region="bishan", indicator_id="eco_redline_share")
    assert (r.status, r.target_raw, r.achieved_value) == ("missed", "≥23.7", 13.92)
    assert (r.final, r.final_reason) == ("not_assessable", "definition_changed") and r.on_note
    assert "评估调整" in r.note_zh


def test_real_continuity_has_no_mismatch(table):
    out = an.continuity(table)
    assert len(out) > 30 and (out["status"] != "mismatch").all()
    # tongnan_eco_14th_fyp.txt:101-104 (13th: 343 in 2020) and :241-244 (14th baseline 343)
    r = one(out, region="tongnan", indicator_id="air_good_days")
    assert (r.achieved_2020_raw, r.baseline_2020_raw, r.status) == ("343", "343", "equal")


def test_real_attribute_conflict_medical_waste(table):
    # qianjiang_eco_14th_fyp.txt:512-514  镇级以上医疗废物集中无害化处置率(%) 约束性
    # bishan_eco_14th_fyp.txt:497-498     二级以上医疗机构医疗废物集中无害化处置率（%） 预期性
    out = an.attribute_conflicts(table)
    assert set(out["indicator_id"]) == {"medical_waste_disposal"}
    assert one(out, region="qianjiang").attribute == "binding"
    assert one(out, region="bishan").source_line == 497


def test_real_tongnan_radiation_units_not_comparable(table):
    # tongnan_eco_14th_fyp.txt:345-346  放射源辐射事故年发生率 %   vs
    # chongqing_eco_14th_fyp.txt:195    控制在1起/万枚以下
    r = one(an.alignment(table), region="tongnan", indicator_id="radiation_accident_rate")
    assert r.status == "not comparable" and r.reason == "unit"
    sc = one(an.scores(table), region="tongnan", indicator_id="radiation_accident_rate")
    assert math.isnan(sc.score) and sc.reason == "unit"


def test_real_dispersion_forest_cover(table):
    # bishan:319 48, kaizhou:284 57, qianjiang:536 ≥65, tongnan:377 45
    r = one(an.dispersion(table), indicator_id="forest_cover")
    assert (r.n, r["min"], r["max"]) == (4, 45, 65)
    assert "qianjiang=≥65@qianjiang_eco_14th_fyp.txt:536" in r.cells


def test_real_every_14th_row_is_classified(table):
    out = an.ambition(table)
    assert len(out) == (table["period"] == "14th").sum()
    assert (out["ambition_class"] != "").all()
    numeric_rates = out["annual_rate"].notna()
    assert (out.loc[numeric_rates, "target_kind"] == "numeric").all()
    assert not out.loc[numeric_rates, "cumulative_cells"].astype(bool).any()


def test_ambition_and_continuity_are_computed_within_an_indicator(table):
    """charts computes them on one indicator's rows for speed; that must change nothing."""
    cb = load_codebook()
    whole_ambition, whole_continuity = an.ambition(table, cb), an.continuity(table)
    compared = 0
    for ident in sorted(table["indicator_id"].unique()):
        rows = table[table["indicator_id"] == ident]
        for part, whole in ((an.ambition(rows, cb), whole_ambition), (an.continuity(rows), whole_continuity)):
            expected = whole[whole["indicator_id"] == ident]
            if expected.empty:
                assert part.empty
                continue
            # same values; dtypes may differ where pandas infers them from fewer records
            pd.testing.assert_frame_equal(
                part.reset_index(drop=True), expected.reset_index(drop=True), check_dtype=False
            )
            compared += 1
    assert compared > 60  # most indicators have a 14th target; 28 pairs in continuity


def test_as_float_reads_numbers_and_missing_values_and_raises_on_text():
    from compare.analysis.common import as_float

    assert as_float(48) == 48.0 and as_float("13.92") == 13.92
    assert all(math.isnan(as_float(v)) for v in (None, float("nan"), pd.NA, pd.NaT))
    with pytest.raises(ValueError, match="由上级下达"):
        as_float("由上级下达")


def test_as_float_or_nan_gives_nan_for_anything_that_is_no_number():
    from compare.analysis.common import as_float_or_nan

    assert as_float_or_nan(48) == 48.0 and as_float_or_nan("13.92") == 13.92
    assert all(math.isnan(as_float_or_nan(v)) for v in (None, float("nan"), pd.NA, "由上级下达", "", [1]))
