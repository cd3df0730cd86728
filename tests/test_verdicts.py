"""Conclusions a director can trust (#11): every case the issue lists, on the real rows (plan
lines cited) and on hand-made rows; the final-verdict rules; comparability; the scale; the
municipal set; the executive summaries; the METHODS report."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from catalog_under_test import sampled
from compare import analysis as an
from compare import paths
from compare.errors import SourceError
from compare.ingest import supplementary
from compare.ingest.sources import Source, read_manifest, sha256_of
from table_rows import frame, one, row

# ----------------------------------------------------------------------------- the cases of #11, real rows


def test_no_13th_target_is_missed_once_the_notes_are_read(table):
    """The summary used to count Kaizhou 2 missed, Bishan 1, Tongnan 1 (all against a note)."""
    att = an.target_attainment(table)
    summary = an.attainment_summary(att)
    assert summary["missed"].sum() == 0
    old_missed = att[att["status"] == "missed"]
    assert set(zip(old_missed["region"], old_missed["source_line"])) == {
        ("kaizhou", 86),  # kaizhou:86-89 17(1) -> 16; :207 (1) assessed target ≥15
        ("kaizhou", 128),  # kaizhou:128-131 >95(2) -> 90.5; :207 (2) assessed target 90
        ("bishan", 73),  # bishan:73-75 ≥23.7 -> 13.92【1】; :209 red line redrawn in 2020
        ("tongnan", 46),  # tongnan:46-48 ≥48 -> 41.7*; :166 method changed, deemed met
    }
    finals = {(r.region, r.source_line): (r.final, r.final_reason) for r in old_missed.itertuples()}
    assert finals == {
        ("kaizhou", 86): ("met_per_plan", "assessed_target"),
        ("kaizhou", 128): ("met_per_plan", "assessed_target"),
        ("bishan", 73): ("not_assessable", "definition_changed"),
        ("tongnan", 46): ("met_per_plan", "deemed_met"),
    }
    # the counts say how many rest on a note: these four, the two pending figures of bishan
    # (:211 【2】, :215 【4】) and tongnan's four 2019 emission loads (:167 **)
    assert summary.loc["kaizhou", "on_note"] == 2 and summary.loc["tongnan", "on_note"] == 5
    assert summary.loc["bishan", "on_note"] == 3


def test_kaizhou_assessed_targets_are_read_from_the_note(table):
    att = an.target_attainment(table)
    park = one(att, region="kaizhou", indicator_id="park_green_per_capita")
    assert (park.target_value, park.achieved_value, park.note_target_value) == (17, 16, 15)
    town = one(att, region="kaizhou", indicator_id="drinking_water_township")
    assert (town.target_raw, town.achieved_value, town.note_target_value) == (">95(2)", 90.5, 90)
    assert "kaizhou_eco_14th_fyp.txt:207" in town.note_sources


def test_tongnan_2019_loads_are_deemed_met_with_their_year(table):
    # tongnan_eco_14th_fyp.txt:116-134 10441.8** … ; :167 **为2019年数据，市环保局认定达标。
    att = an.target_attainment(table)
    loads = att[
        att["indicator_id"].isin(["cod_emissions", "nh3n_emissions", "so2_emissions", "nox_emissions"])
    ]
    assert len(loads) == 4 and set(loads["final"]) == {"met_per_plan"}
    # both caveats the note gives travel with the verdict: the method changed, and 2019 data
    assert set(loads["achieved_year"]) == {2019}
    assert set(loads["caveats"]) == {"method_changed_deemed_met,data_year_differs"}


def test_a_placeholder_and_covid_context_go_with_every_verdict(table):
    # tongnan:241-245 320*, :416 *最终以市级下达的任务目标值为准; qianjiang:373-379 ≥350*, :571 备注3
    amb, al, sc = an.ambition(table), an.alignment(table), an.scores(table)
    assert len(amb) > 0 and len(al) > 0 and len(sc) > 0
    for frame_ in (amb, al, sc):
        assert one(frame_, region="tongnan", indicator_id="air_good_days").caveats == "set_by_higher_level"
        assert "context" in one(frame_, region="qianjiang", indicator_id="air_good_days").caveats
        assert "estimate" in one(frame_, region="qianjiang", indicator_id="pm25_concentration").caveats


def test_every_district_row_has_an_alignment_status_and_city_totals_are_not_omissions(table):
    al = an.alignment(table)
    d14 = table[(table["level"] == "district") & (table["period"] == "14th")]
    assert len(al) == len(d14) == 90 and (al["status"] != "").all()
    long = an.alignment_long(table)
    # chongqing:167 新建美丽宜居村庄1000个, :113 新增消落带库岸环境治理50公里: municipal projects
    for ident in ("beautiful_villages_new", "reservoir_shore_remediation"):
        assert set(long.loc[long["indicator_id"] == ident, "status"]) == {"city only"}
    cov = an.coverage.alignment(long).set_index("category")
    assert cov["n"].sum() == len(long) and cov.loc["equal", "items"] == ""  # compared: counted
    assert "kaizhou:nature_reserve_share@kaizhou_eco_14th_fyp.txt:276" in cov.loc["aggregate", "items"]


def test_no_ratio_over_a_near_zero_past_change(table):
    # kaizhou:128-131 13th 90.7 (2015) -> 90.5 (2020): -0.04 pp/yr; 14th :382 90.5 -> 93
    r = one(an.ambition(table), region="kaizhou", indicator_id="drinking_water_township")
    assert r.achieved_rate == pytest.approx(-0.04) and math.isnan(r.rate_ratio)
    assert r.ratio_status == "past_near_zero" and r.pace == ""
    # kaizhou:80 47.5 -> 55 and :284 55 -> 57: 0.4 / 1.5 pp/yr, Open SDG 'limited'
    f = one(an.ambition(table), region="kaizhou", indicator_id="forest_cover")
    assert f.rate_ratio == pytest.approx(0.4 / 1.5) and f.pace == "limited"


def test_districts_at_their_ceiling_are_not_ranked_below_movers(table):
    amb = an.ambition(table)
    town = amb[(amb["indicator_id"] == "drinking_water_township") & (amb["level"] == "district")].set_index(
        "region"
    )
    # bishan:433 and qianjiang:430 100 -> 100; kaizhou:382 90.5 -> 93, tongnan:273 90 -> 93
    assert set(town.loc[["bishan", "qianjiang"], "ambition_class"]) == {"at ceiling"}
    assert town.loc[["bishan", "qianjiang"], "rank"].isna().all()
    assert sorted(town.loc[["kaizhou", "tongnan"], "rank"]) == [1, 2]


def test_bracket_typography_does_not_decide_comparability(table):
    # bishan:355-358 [16.5] and tongnan:393-397 16.5*: both five-year CO2 cuts, one row
    disp = an.dispersion(table)
    co2 = one(disp, indicator_id="carbon_intensity_reduction")
    assert co2.n == 2 and co2.cumulative and co2.measure == "flow"


def test_municipal_baselines_come_from_the_review_with_their_lines(table):
    base = an.municipal_baselines(table)
    assert (base["forest_cover"]["value"], base["forest_cover"]["source"]) == (
        52.5,
        "chongqing_eco_14th_fyp.txt:9",
    )
    assert (base["pm25_concentration"]["value"], base["pm25_concentration"]["source"]) == (
        33,
        "chongqing_eco_14th_fyp.txt:11",
    )
    assert base["air_good_days"]["value"] == 333 and base["non_fossil_share"]["value"] == 19.3
    amb = an.ambition(table)
    forest = one(amb, region="chongqing", indicator_id="forest_cover")  # 52.5 -> 57 (secondary)
    assert forest.annual_rate == pytest.approx(0.9) and "secondary" in forest.caveats
    assert forest.baseline_source == "chongqing_eco_14th_fyp.txt:9"
    # chongqing:11 100% on 42 sections, csv:2 97.3% on 74 (:49): not comparable over time
    water = one(amb, region="chongqing", indicator_id="surface_water_good_share")
    assert (water.ambition_class, water.reason) == ("not comparable", "definition_changed")


def test_secondary_values_are_marked_and_the_plan_text_wins():
    table = frame(
        row(
            "chongqing",
            "14th",
            "forest_cover",
            target=58,
            source_file="chongqing_eco_14th_fyp.txt",
            source_line=107,
        ),
        row(
            "chongqing",
            "14th",
            "forest_cover",
            target=57,
            table="facts",
            secondary=True,
            source_url="https://example.org/a",
            source_file="facts.csv",
            source_line=4,
        ),
        row("a", "14th", "forest_cover", target=57),
    )
    muni = an.municipal_targets(table)
    assert muni.loc["forest_cover", "target_value"] == 58 and not muni.loc["forest_cover", "secondary"]
    conf = an.secondary_conflicts(table)
    assert conf.iloc[0].conflict and conf.iloc[0].source_url == "https://example.org/a"


# ----------------------------------------------------------------------------- final-verdict rules, hand-made


@pytest.mark.parametrize(
    "extra,achieved,final",
    [
        ({"note_kinds": "definition_changed"}, 55, ("not_assessable", "definition_changed")),
        ({"note_kinds": "method_changed_deemed_met"}, 40, ("met_per_plan", "deemed_met")),
        (
            {"note_target_value": 45.0, "note_kinds": "assessed_target_differs"},
            46,
            ("met_per_plan", "assessed_target"),
        ),
        ({"note_target_value": 45.0, "note_kinds": "assessed_target_differs"}, 44, ("missed", "by_numbers")),
        (
            {"achieved_year": 2019, "note_kinds": "data_year_differs"},
            55,
            ("not_assessable", "data_year_differs"),
        ),
        ({}, 51, ("met", "by_numbers")),
        ({}, 49, ("missed", "by_numbers")),
    ],
)
def test_final_verdict_rules(extra, achieved, final):
    t = frame(row("a", "13th", "forest_cover", target=("≥50", 50.0), op=">=", achieved=achieved, **extra))
    r = an.target_attainment(t).iloc[0]
    assert (r.final, r.final_reason) == final


def test_pending_data_and_plan_statements_when_the_numbers_cannot_decide():
    t = frame(
        row(
            "a",
            "13th",
            "energy_intensity_reduction",
            target=("[16]", 16.0),
            achieved=("-【4】", None),
            note_kinds="data_pending",
        ),
        row(
            "a",
            "13th",
            "cod_reduction",
            target=("达到市总量控制要求", None),
            target_kind="assigned",
            achieved=("已达到市总量控制要求", None),
            achieved_kind="assigned",
        ),
        row(
            "a",
            "13th",
            "forest_cover",
            target=("保持稳定", None),
            target_kind="maintain",
            achieved=("保持稳定", None),
            achieved_kind="maintain",
        ),
    )
    att = an.target_attainment(t)
    assert list(zip(att["final"], att["final_reason"])) == [
        ("not_assessable", "data_pending"),
        ("met_per_plan", "plan_statement"),
        # 保持稳定 -> 保持稳定 restates the target as its outcome, like 达到…要求 -> 已达到…要求
        ("met_per_plan", "plan_statement"),
    ]
    assert list(att["on_note"]) == [True, False, False] and list(att["on_statement"]) == [False, True, True]


# ----------------------------------------------------------------------------- comparability and tolerance


def test_comparability_unit_year_kind_accounting_definition():
    cb = an.codebook_frame()
    a = {"indicator_id": "urban_green_coverage", "unit": "%", "target_year": 2025, "target_kind": "numeric"}
    a = {**a, "level": "district", "target_value": 45.0, "target_operator": "="}
    assert an.compare(a, dict(a), cb).relation == "equal"
    assert an.compare(a, {**a, "unit": "万亩"}, cb).reason == "unit"
    assert an.compare(a, {**a, "target_year": 2035}, cb).reason == "year"
    assert an.compare(a, {**a, "target_kind": "class"}, cb).reason == "class_vs_number"
    flow = {**a, "indicator_id": "energy_intensity_reduction"}
    assert an.compare(flow, {**flow, "indicator_id": "energy_intensity"}, cb).reason == "indicator"
    changed = {**a, "note_kinds": "definition_changed"}
    assert an.compare(a, changed, cb, over_time=True).reason == "definition_changed"
    assert an.compare(a, changed, cb).comparable  # two places, one date


def test_a_2035_target_is_not_compared_with_a_2025_one():
    t = frame(
        row("chongqing", "14th", "forest_cover", target=57),
        row("a", "14th", "forest_cover", target=60, target_year=2035),
    )
    cb = an.codebook_frame().assign(endowment="")  # judge it as a level here
    r = one(an.alignment(t, cb.reset_index()), region="a")
    assert (r.status, r.reason) == ("not comparable", "year")


def test_one_tolerance_per_indicator_in_attainment_and_alignment():
    # the codebook states the tolerance of 93左右 in the indicator's unit: 1 percentage point
    assert an.comparability.tolerance("contaminated_farmland_safe_use") == 1.0
    t = frame(
        row("a", "13th", "contaminated_farmland_safe_use", target=("93左右", 93.0), op="~", achieved=92.0),
        row("a", "13th", "contaminated_farmland_safe_use", target=("93左右", 93.0), op="~", achieved=91.5),
    )
    assert list(an.target_attainment(t)["status"]) == ["met", "missed"]
    farm = "contaminated_farmland_safe_use"
    assert an.compare_targets(92.0, "=", 93, "~", farm)[0] == "equal"
    assert an.compare_targets(91.5, "=", 93, "~", farm)[0] == "weaker"


def test_water_classes_compare_as_ordered_classes():
    t = frame(
        row(
            "a",
            "13th",
            "surface_water_class",
            target=("Ⅳ类", 4.0),
            target_kind="class",
            achieved=("Ⅲ类", 3.0),
            achieved_kind="class",
            unit="类别",
        ),
        row(
            "a",
            "13th",
            "surface_water_class",
            target=("Ⅱ类", 2.0),
            target_kind="class",
            achieved=("Ⅲ类", 3.0),
            achieved_kind="class",
            unit="类别",
        ),
        row(
            "a",
            "13th",
            "surface_water_class",
            target=("Ⅲ类", 3.0),
            target_kind="class",
            achieved=("90", 90.0),
            unit="类别",
        ),
    )
    att = an.target_attainment(t)
    assert list(att["status"]) == ["met", "missed", "not assessable (class vs number)"]
    assert list(att["gap_signed"][:2]) == [1, -1]  # one class better / worse


def test_past_rate_uses_the_year_the_data_are_of():
    t = frame(
        row("a", "14th", "forest_cover", base=50, target=55),
        row("a", "13th", "forest_cover", base=40, target=48, achieved=("48**", 48.0), achieved_year=2019),
    )
    r = one(an.ambition(t), period="14th")
    assert r.achieved_rate == pytest.approx(8 / 4)  # 2015 -> 2019, not 2020


# ----------------------------------------------------------------------------- the scale


def test_score_bounds_and_direction():
    assert an.scores.__module__  # the module is importable under its name
    from compare.analysis.scores import level_score, light_of_score, thresholds

    # PM2.5, lower is better: optimum 5 (WHO 2021) = 100, lower bound 87 = 0
    assert level_score(5, 87, 5) == 100 and level_score(87, 87, 5) == 0
    assert level_score(2, 87, 5) == 100 and level_score(120, 87, 5) == 0  # censored
    assert level_score(27, 87, 5) == pytest.approx(100 * 60 / 82)
    assert level_score(95, 50, 100) == 90
    # the colour follows from the score and the bounds on the same scale (green 15, red 35)
    pm = thresholds("level", 87, 5, 15, 35)
    assert [light_of_score(level_score(x, 87, 5), pm) for x in (15, 24, 26, 36)] == [
        "green",
        "yellow",
        "orange",
        "red",
    ]
    days = thresholds("level", 50, 100, 87.5, 80)
    assert [light_of_score(level_score(x, 50, 100), days) for x in (90, 85, 81, 79)] == [
        "green",
        "yellow",
        "orange",
        "red",
    ]


def test_real_scores_stay_in_bounds_with_reasons(table):
    sc = an.scores(table)
    scored = sc["score"].dropna()
    assert len(scored) > 40 and scored.between(0, 100).all()
    assert (sc.loc[sc["score"].isna(), "reason"] != "").all()
    # bishan:383 PM2.5 35 = GB 3095 Grade II: at the red threshold, not beyond it
    pm = one(sc, region="bishan", indicator_id="pm25_concentration")
    assert pm.score == pytest.approx(100 * 52 / 82) and pm.light == "orange"
    # forest cover reflects endowment: never scored
    assert one(sc, region="kaizhou", indicator_id="forest_cover").reason == "endowment"


def test_pace_classes_follow_open_sdg_thresholds():
    assert [an.pace_class(r) for r in (0.95, 0.94, 0.6, 0.59, 0.0, -0.01)] == [
        "substantial",
        "moderate",
        "moderate",
        "limited",
        "limited",
        "deterioration",
    ]


def test_sdg_crosswalk_says_exact_or_proxy():
    s = an.sdg().set_index("indicator_id")
    assert s.loc["beautiful_villages_new", "sdg_match"] == "mismatch"  # 11.1.1 says nothing about it
    assert (
        s.loc["energy_intensity_reduction", "sdg_match"] == "exact"
        and s.loc["energy_intensity_reduction", "exact"]
    )
    assert not s.loc["air_good_days", "exact"]


# ----------------------------------------------------------------------------- findings


@pytest.mark.parametrize("kind", ["overview", "review", "alignment", "ambition", "profile"])
def test_findings_are_three_to_five_with_evidence_lines_that_exist(table, kind):
    found = an.findings(table, kind, region="qianjiang" if kind == "profile" else None)
    assert 3 <= len(found) <= 5
    for f in found:
        for ev in f.evidence:
            if ev.startswith("http"):
                continue
            file, _, line = ev.rpartition(":")
            if not line.isdigit():
                assert (paths.RAW / ev).is_file()
                continue
            text = (paths.RAW / file).read_text(encoding="utf-8").split("\n")
            assert 1 <= int(line) <= len(text) and text[int(line) - 1].strip(), ev


def test_summary_html_speaks_one_language_and_escapes_document_text(table):
    from compare.figures import findings as fig_findings

    found = [
        an.Finding(
            "review_missed",
            {"n": 1},
            (
                {
                    "region": "kaizhou",
                    "indicator_id": "pm25_concentration",
                    "text": "<50 → <script>",
                    "source": "x.txt:1",
                },
            ),
        )
    ]
    zh = fig_findings.summary_html(found, lang="zh")
    en = fig_findings.summary_html(found, lang="en")
    assert "<script>" not in zh and "&lt;script&gt;" in zh and "开州区" in zh
    assert "Kaizhou District" in en and "remain missed" in en
    real = fig_findings.summary_html(an.findings(table, "review"), lang="en")
    assert "met per the plan" in real and "tongnan_eco_14th_fyp.txt:46" in real


# ----------------------------------------------------------------------------- the facts source


def _facts(tmp_path: Path, text: str) -> Source:
    path = tmp_path / "facts.csv"
    path.write_text(text, encoding="utf-8")
    return Source(
        "facts.csv",
        "chongqing",
        "重庆市",
        "Chongqing",
        "500000",
        "municipal",
        "",
        "",
        "",
        "",
        sha256_of(path),
        tmp_path,
    )


HEAD = "region,indicator_name_zh,target_year,target_raw,unit,evidence_zh,source_kind,publisher,published,title,address\n"


def test_facts_rows_carry_their_address_and_line(tmp_path):
    src = _facts(
        tmp_path,
        HEAD + "chongqing,森林覆盖率,2025,57,%,森林覆盖率达到57%,press,p,2022-02-15,t,https://x.org/a\n",
    )
    (r,) = supplementary.read_facts(src)
    assert (r.name, r.target_raw, r.line, r.table, r.extra["source_url"]) == (
        "森林覆盖率",
        "57",
        2,
        "facts",
        "https://x.org/a",
    )


@pytest.mark.parametrize(
    "body,message",
    [
        (
            "chongqing,森林覆盖率,2025,57,%,e,k,p,d,t,\n",
            r"facts\.csv:2: a secondary fact needs its published address",
        ),
        ("wanzhou,森林覆盖率,2025,57,%,e,k,p,d,t,https://x\n", r"facts\.csv:2: region 'wanzhou' differs"),
        ("chongqing,森林覆盖率,soon,57,%,e,k,p,d,t,https://x\n", r"facts\.csv:2: target_year 'soon'"),
    ],
)
def test_bad_facts_name_file_and_line(tmp_path, body, message):
    with pytest.raises(SourceError, match=message):
        supplementary.read_facts(_facts(tmp_path, HEAD + body))


def test_the_vendored_facts_file_is_the_shared_one():
    vendored = paths.RAW / "chongqing_2025_core_targets.csv"
    shared = paths.ROOT.parent / "shared" / "sources" / "supplementary" / "chongqing_2025_core_targets.csv"
    if shared.is_file():
        assert vendored.read_bytes() == shared.read_bytes()
    kinds = {s.file: s.kind for s in read_manifest(paths.MANIFEST)}
    assert kinds["chongqing_2025_core_targets.csv"] == "facts"


# ----------------------------------------------------------------------------- the METHODS report


#: the words each language's methods report must show
METHODS_WORDS = {
    "zh": ("注释即数据", "加拿大统计局", "GB 3095-2012", "二手来源", "完全对应"),
    "en": ("Notes are data", "Statistics Canada", "Eurostat", "GB 3095-2012", "mismatch"),
}


@pytest.mark.slow
@pytest.mark.catalog
@pytest.mark.parametrize("name", sampled("methods-zh", "methods-en"))
def test_methods_report_shows_its_references_and_rules(rendered, name):
    """The methods report as the session rendered it (both languages in the full run)."""
    from test_notebooks import executed, output_text

    nb, _ = executed(rendered, name)
    text = output_text(nb)
    assert [w for w in METHODS_WORDS[name.rsplit("-", 1)[1]] if w not in text] == []


def test_every_scale_reference_is_listed_with_an_address_and_cited_by_number():
    """The METHODS page cites each scale's reference as [n]: every key the codebook uses is in
    references.csv, and every address there is a web address or a file of this project."""
    import csv
    import glob

    from compare.figures import dashboard

    with open(paths.REFERENCES, encoding="utf-8", newline="") as fh:
        refs = {r["key"]: r for r in csv.DictReader(fh)}
    codebook = pd.read_csv(paths.CODEBOOK, dtype=str, keep_default_na=False)
    used = {k for c in ("lower_ref", "optimum_ref", "green_ref", "red_ref") for k in codebook[c] if k}
    assert used <= set(refs), sorted(used - set(refs))
    for key, r in refs.items():
        address = r["address"]
        if address and not address.startswith(("https://", "http://")):
            assert glob.glob(str(paths.ROOT / address.split(":")[0])), (key, address)
    numbers = dashboard.reference_numbers()
    for lang in ("zh", "en"):
        scale = dashboard.scale_table(lang=lang).astype(str)
        cited = set(scale.stack().str.findall(r"\[(\d+)\]").sum())
        assert cited and cited <= {n.strip("[]") for n in numbers.values()}
        assert not scale.stack().str.contains(r"\[[A-Z]").any()  # no reference keys shown
