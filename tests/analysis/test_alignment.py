"""Alignment with the municipal plan (`analysis.alignment`): how two targets compare, each
district's status against the city, what the city sets that a district omits, attribute
conflicts; on hand-made rows and on the real plans."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from compare import analysis as an
from compare.analysis.alignment import (
    alignment,
    alignment_matrix,
    attribute_conflicts,
    compare_targets,
    municipal_omitted,
)
from table_rows import CODEBOOK, frame, one, row


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
    assert compare_targets(28, "<=", 35, "<=", pm, cb)[0] == "stricter"
    assert compare_targets(36, "=", 35, "<=", pm, cb)[0] == "weaker"
    assert compare_targets(35, "=", 35, "<=", pm, cb)[0] == "equal"
    assert compare_targets(95, ">", 95, ">=", farm, cb)[0] == "stricter"
    assert compare_targets(95, ">=", 95, ">", farm, cb)[0] == "weaker"
    assert compare_targets(93, "=", 93, "~", farm, cb) == ("equal", "same")
    # ~ within the indicator's own tolerance (1 percentage point for a share): 94 is 93左右, 95 is not
    assert compare_targets(94, "=", 93, "~", farm, cb) == ("equal", "within_tolerance")
    assert compare_targets(95, "=", 93, "~", farm, cb) == ("stricter", "better")
    assert compare_targets(88, "~", 93, "=", farm, cb) == ("weaker", "worse")


def test_alignment_statuses_and_evidence():
    out = alignment(_alignment_table(), CODEBOOK)
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
    om = municipal_omitted(t)
    # protected areas are a city-wide aggregate of endowment (codebook), not a district omission
    assert set(om["status"]) == {"missing", "aggregate"}
    assert one(om, region="b", indicator_id="nature_reserve_share").status == "aggregate"
    assert ("b", "nature_reserve_share") in set(zip(om.region, om.indicator_id))
    assert ("b", "medical_waste_disposal") not in set(zip(om.region, om.indicator_id))
    om2 = municipal_omitted(t, include_unquantified=True)
    r = one(om2, region="b", indicator_id="medical_waste_disposal")
    assert (r.status, r.district_kind) == ("not quantified", "assigned")

    m = alignment_matrix(t, CODEBOOK)
    assert list(m.index) == ["a", "b", "c"]
    assert m.loc["a", "pm25_concentration"] == "below city"
    assert m.loc["c", "pm25_concentration"] == "above city"
    assert m.loc["b", "medical_waste_disposal"] == "not quantified"
    assert m.loc["b", "radiation_accident_rate"] == "missing"
    assert m.loc["c", "radiation_accident_rate"] == "not comparable"
    assert set(m.values.ravel()) <= set(an.ALIGNMENT_STATUSES)


def test_attribute_conflicts():
    out = attribute_conflicts(_alignment_table())
    assert set(out["indicator_id"]) == {"medical_waste_disposal"}
    assert set(zip(out.region, out.attribute)) == {("a", "binding"), ("c", "expected")}
    assert set(out["binding_in"]) == {"a"} and set(out["expected_in"]) == {"c"}


def test_real_pm25_against_the_municipal_target(table):
    # chongqing_eco_14th_fyp.txt:149  确保PM2.5年均浓度稳定达标(35μg/m3以内)
    # qianjiang_eco_14th_fyp.txt:384-390  细颗粒物(PM2.5)年平均浓度 约束性 28 ≤28
    # bishan_eco_14th_fyp.txt:383-386  细颗粒物（PM2.5）浓度 约束性 36 35
    # tongnan_eco_14th_fyp.txt:233-237  细颗粒物（PM2.5）年均浓度 μg/m3 约束性 27 35*
    al = alignment(table)
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
    m = alignment_matrix(table)
    assert m.loc["kaizhou", "pm25_concentration"] == "not quantified"


def test_real_kaizhou_nature_reserve_is_an_aggregate_not_weaker(table):
    # kaizhou_eco_14th_fyp.txt:276-280  自然保护地面积占比（%） 约束性 9 9 保持
    # chongqing_eco_14th_fyp.txt:103    确保全市自然保护地面积占比不低于15.4%
    al = alignment(table)
    r = one(al, region="kaizhou", indicator_id="nature_reserve_share")
    assert (r.status, r.district_raw, r.municipal_raw) == ("aggregate", "9", "≥15.4")
    assert (r.source_line, r.municipal_source_line) == (276, 103)
    # qianjiang_eco_14th_fyp.txt:558-564 17.02 is not 'stricter' either; :573 * names it
    q = one(al, region="qianjiang", indicator_id="nature_reserve_share")
    assert q.status == "aggregate" and "redelineation_pending" in q.caveats


def test_real_attribute_conflict_medical_waste(table):
    # qianjiang_eco_14th_fyp.txt:512-514  镇级以上医疗废物集中无害化处置率(%) 约束性
    # bishan_eco_14th_fyp.txt:497-498     二级以上医疗机构医疗废物集中无害化处置率（%） 预期性
    out = attribute_conflicts(table)
    assert set(out["indicator_id"]) == {"medical_waste_disposal"}
    assert one(out, region="qianjiang").attribute == "binding"
    assert one(out, region="bishan").source_line == 497


def test_real_tongnan_radiation_units_not_comparable(table):
    # tongnan_eco_14th_fyp.txt:345-346  放射源辐射事故年发生率 %   vs
    # chongqing_eco_14th_fyp.txt:195    控制在1起/万枚以下
    r = one(alignment(table), region="tongnan", indicator_id="radiation_accident_rate")
    assert r.status == "not comparable" and r.reason == "unit"
    sc = one(an.scores(table), region="tongnan", indicator_id="radiation_accident_rate")
    assert math.isnan(sc.score) and sc.reason == "unit"
