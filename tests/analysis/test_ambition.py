"""Comparison analytics: each metric on small hand-made tables with known answers, then on
the real table for cells checked by reading the plan text (file:line in the comments)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from compare import analysis as an
from compare.analysis.ambition import ambition
from compare.ingest.codebook import load_codebook
from table_rows import CODEBOOK, frame, one, row


def test_ambition_higher_is_better_share_with_2015_comparison():
    df = frame(
        row("a", "14th", "forest_cover", base=55, target=57, line=284),
        row("a", "13th", "forest_cover", base=47.5, target=50, achieved=55, line=80),
    )
    r = one(ambition(df, CODEBOOK), indicator_id="forest_cover")
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
    out = ambition(df, CODEBOOK)
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
    out = ambition(df, CODEBOOK)
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
    out = ambition(df, CODEBOOK)
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


def test_real_kaizhou_forest_cover(table):
    # kaizhou_eco_14th_fyp.txt:284-287  森林覆盖率（%） 约束性 55 57
    # kaizhou_eco_14th_fyp.txt:80-83    4.森林覆盖率（%） 47.5 (2015) 50 (target) 55 (2020)
    amb = one(ambition(table), region="kaizhou", indicator_id="forest_cover")
    assert (amb.baseline_raw, amb.target_raw, amb.source_line) == ("55", "57", 284)
    assert amb.annual_rate == pytest.approx(0.4) and amb.achieved_rate == pytest.approx(1.5)
    assert amb.rate_ratio == pytest.approx(0.4 / 1.5) and amb.ambition_class == "improve"
    att = one(an.target_attainment(table), region="kaizhou", indicator_id="forest_cover")
    assert (att.target_value, att.achieved_value, att.status, att.source_line) == (50, 55, "met", 80)
    con = one(an.continuity(table), region="kaizhou", indicator_id="forest_cover")
    assert (con.status, con.source_line_13th, con.source_line_14th) == ("equal", 80, 284)


def test_real_good_air_days_against_the_city_ratio(table):
    # bishan_eco_14th_fyp.txt:375-378     空气质量优良天数（天） 约束性 314 ≥310
    # qianjiang_eco_14th_fyp.txt:373-379  城市空气质量优良天数(天) 约束性 355 ≥350*
    # tongnan_eco_14th_fyp.txt:241-245    空气质量优良天数 天 约束性 343 320*
    # chongqing_2025_core_targets.csv:3   空气质量优良天数比率 92.6 (secondary)
    amb = ambition(table).query("indicator_id == 'air_good_days'").set_index("region")
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


def test_real_every_14th_row_is_classified(table):
    out = ambition(table)
    assert len(out) == (table["period"] == "14th").sum()
    assert (out["ambition_class"] != "").all()
    numeric_rates = out["annual_rate"].notna()
    assert (out.loc[numeric_rates, "target_kind"] == "numeric").all()
    assert not out.loc[numeric_rates, "cumulative_cells"].astype(bool).any()


def test_ambition_and_continuity_are_computed_within_an_indicator(table):
    """charts computes them on one indicator's rows for speed; that must change nothing."""
    cb = load_codebook()
    whole_ambition, whole_continuity = ambition(table, cb), an.continuity(table)
    compared = 0
    for ident in sorted(table["indicator_id"].unique()):
        rows = table[table["indicator_id"] == ident]
        for part, whole in ((ambition(rows, cb), whole_ambition), (an.continuity(rows), whole_continuity)):
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
