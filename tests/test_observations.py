"""Observed outcomes: a source kind of their own, mapped by data, conflicts by rule, bad input
named by file and line, and progress statuses recomputable by hand (Open SDG measure)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pandas as pd
import pytest

from compare import paths
from compare.analysis import progress as prog
from compare.analysis.common import codebook_frame
from compare.errors import SourceError
from compare.figures import progress as pfig
from compare.figures import records
from compare.ingest import register
from compare.ingest.build import build_table, write_outputs
from compare.ingest.observations import COLUMNS, parse_value

HEADER = ",".join(COLUMNS)
GOOD = "qianjiang,air_good_days,{year},{value},days,优良天数{value}天,{published},黔江区环境质量状况,http://www.qianjiang.gov.cn/x{year}.html,黔江区生态环境局,primary"


@pytest.fixture(scope="module")
def status(built) -> pd.DataFrame:
    assert built.observations is not None
    return prog.progress(built.table, built.observations, codebook_frame())


def _one(status: pd.DataFrame, region: str, ident: str) -> pd.Series:
    rows = status[(status["region"] == region) & (status["indicator_id"] == ident)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_every_observation_is_kept_and_unmapped_labels_say_why(built):
    obs = built.observations
    assert len(obs) == 72
    unmapped = obs[obs["mapping"] != "mapped"]
    assert len(unmapped) > 0
    for _, r in unmapped.iterrows():
        assert r["indicator_id"] == "" and r["mapping_reason"]


def test_the_good_air_day_conflict_uses_the_later_primary_report(built):
    obs = built.observations
    days = obs[(obs["region"] == "chongqing") & (obs["label"] == "air_good_days") & (obs["year"] == 2024)]
    assert sorted(days["value"]) == [329.0, 333.0]
    assert days["conflict"].all()
    assert days.loc[days["used"], "value"].tolist() == [333.0]


def test_partial_years_and_mirror_copies_are_marked_never_used(built):
    obs = built.observations
    partial = obs[obs["partial_year"]]
    assert len(partial) == 4 and not partial["used"].any()
    mirrors = obs[obs["mirror"]]
    assert len(mirrors) > 0 and (mirrors["evidence"] == "secondary").all()


def test_a_partial_year_is_named_in_the_report_language(built):
    assert pfig.period_text("Jan-Sep", "zh") == "1月至9月"
    assert pfig.period_text("1 Jan to early Mar 2024", "zh") == "2024年1月1日至3月上旬"
    assert pfig.period_text("Jan-Sep", "en") == "Jan–Sep"
    assert pfig.period_text("until the floods", "zh") == "until the floods"  # another shape: as written
    partial = built.observations[built.observations["partial_year"]]
    assert len(partial) == 4
    for _, o in partial.iterrows():
        assert not re.search(r"[A-Za-z]{3}", pfig.value_text(o, "zh").replace(o["value_raw"], "")), o["label"]


def test_an_observation_without_a_plan_counterpart_is_named_for_readers(built):
    obs = built.observations
    unmapped = obs[obs["mapping"] == "no_counterpart"]
    assert len(unmapped) > 0
    for _, o in unmapped.iterrows():
        for lang in ("zh", "en"):
            name = pfig.observation_name(o, None, lang)
            assert name and name != o["label"] and "_" not in name, (o["label"], lang)


def test_values_as_published_are_read():
    assert parse_value(">=55") == (55.0, ">=", "bound")
    assert parse_value("9/9") == (100.0, "=", "count")
    assert parse_value("Ⅱ") == (2.0, "=", "class")
    assert parse_value("abc")[0] is None


def test_municipal_good_air_days_2024_recomputed_by_hand(status):
    r = _one(status, "chongqing", "air_good_days_ratio")
    base, latest = 333 / 366 * 100, 333 / 366 * 100  # 2020 and 2024 are leap years
    required = (92.6 / base) ** (1 / 5) - 1
    assert r["baseline"] == pytest.approx(base) and r["latest"] == pytest.approx(latest)
    assert r["cagr_required"] == pytest.approx(required)
    assert r["ratio"] == pytest.approx(0.0) and r["status"] == "limited_progress"
    # had the January figure (329) been used, the ratio would be negative: deterioration
    assert ((329 / 366 * 100 / base) ** (1 / 4) - 1) / abs(required) < 0


def test_kaizhou_2025_outturn_is_final(status):
    water = _one(status, "kaizhou", "drinking_water_urban")
    assert (water["latest"], water["latest_year"], water["status"], water["final"]) == (
        100.0,
        2025,
        "achieved",
        True,
    )
    air = _one(status, "kaizhou", "air_good_days")  # the target is set by the city: trend only
    assert air["method"] == "trend" and air["status"] == "deterioration"
    assert air["trend"] == pytest.approx((346 / 356) ** (1 / 5) - 1)


def test_bishan_forest_cover_recomputed_by_hand(status):
    r = _one(status, "bishan", "forest_cover")
    ratio = ((43.79 / 47) ** (1 / 4) - 1) / abs((48 / 47) ** (1 / 5) - 1)
    assert r["ratio"] == pytest.approx(ratio) and r["status"] == "deterioration"


def test_municipal_forest_cover_uses_the_first_observed_year_and_exact_values(status):
    r = _one(status, "chongqing", "forest_cover")
    ratio = ((55.06 / 54.5) ** (1 / 2) - 1) / abs((57 / 54.5) ** (1 / 4) - 1)
    assert (r["baseline_year"], r["latest_year"]) == (2021, 2023)  # 2024 is a bound only
    assert r["ratio"] == pytest.approx(ratio) and r["status"] == "limited_progress"


def test_a_target_on_another_basis_is_not_compared(status, built):
    m = prog.matches(built.table, built.observations)
    tributary = m[m["label"] == "tributary_sections_I_III_share"]
    assert len(tributary) > 0 and (tributary["why_not"] == "basis").all()


def test_each_trajectory_draws_every_observation_its_status_rests_on(status, built):
    from compare.figures import progress as fp

    points = fp.trajectory_points(status, built.observations)
    assessed = status[status["n_observations"] > 0]
    assert len(assessed) > 0
    drawn = points.groupby("target_line").size()
    for _, r in assessed.iterrows():
        assert drawn.get(f"{r['source_file']}:{r['source_line']}", 0) == r["n_observations"], r[
            "indicator_id"
        ]


def _write(tmp: Path, lines: list[str], name: str = "bulletin.csv") -> Path:
    path = tmp / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("line", "words"),
    [
        (
            GOOD.format(year=2024, value=340, published="2025-01-10").replace("qianjiang", "atlantis", 1),
            "unknown region",
        ),
        (GOOD.format(year=2031, value=340, published="2025-01-10"), "not a year in 2015–2030"),
        (GOOD.format(year=2024, value="many", published="2025-01-10"), "is not a number"),
    ],
)
def test_bad_observations_are_refused_naming_file_and_line(raw_copy, tmp_path, line, words):
    bad = _write(tmp_path, [GOOD.format(year=2023, value=340, published="2024-01-10"), line])
    before = (raw_copy / "MANIFEST.csv").read_bytes()
    with pytest.raises(SourceError) as err:
        register.add_source(register.NewSource(bad, "", "", kind="observations"), raw_copy / "MANIFEST.csv")
    assert "bulletin.csv:3" in str(err.value) and words in str(err.value)
    assert (raw_copy / "MANIFEST.csv").read_bytes() == before and not (raw_copy / "bulletin.csv").exists()


def test_a_duplicate_with_another_value_and_no_later_date_stops_the_build(raw_copy, tmp_path):
    out = tmp_path / "processed"
    write_outputs(build_table(raw_copy / "MANIFEST.csv"), out)
    kept = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    bad = _write(
        tmp_path,
        [
            GOOD.format(year=2024, value=340, published="2025-01-10"),
            GOOD.format(year=2024, value=338, published="2025-01-10"),
        ],
    )
    digest = hashlib.sha256(bad.read_bytes()).hexdigest()
    (raw_copy / "bulletin.csv").write_bytes(bad.read_bytes())
    with open(raw_copy / "MANIFEST.csv", "a", encoding="utf-8") as fh:
        fh.write(
            f"bulletin.csv,qianjiang,黔江区,Qianjiang District,500114,district,t,,,l,{digest},observations,14th/observations=2\n"
        )
    with pytest.raises(SourceError, match=r"bulletin.csv:3: .*neither was published later"):
        write_outputs(build_table(raw_copy / "MANIFEST.csv"), out)
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == kept


def test_a_new_district_bulletin_reaches_progress_profile_and_map(raw_copy, tmp_path):
    csv_file = _write(
        tmp_path,
        [
            GOOD.format(year=2022, value=348, published="2023-01-10"),
            GOOD.format(year=2024, value=352, published="2025-01-12"),
        ],
        "qianjiang_2024.csv",
    )
    row = register.add_source(
        register.NewSource(csv_file, "", "", kind="observations"), raw_copy / "MANIFEST.csv"
    )
    assert (row["region"], row["kind"], row["expected_rows"]) == (
        "qianjiang",
        "observations",
        "14th/observations=2",
    )
    result = build_table(raw_copy / "MANIFEST.csv")
    status = prog.progress(result.table, result.observations, codebook_frame())
    mine = _one(status, "qianjiang", "air_good_days")
    assert mine["status"] != "no_observation" and mine["latest"] == 352.0
    profile = pfig.dashboard_table(status[status["region"] == "qianjiang"], "en", assessed_only=False)
    assert "352 (2024, qianjiang_2024.csv:3" in profile.to_string()
    fig = pfig.status_map(status, result.table, "en")
    assert fig is not None
    drawn = records.figure_data(fig)  # the data the map draws
    assert "qianjiang" in set(drawn["region"])


def test_observations_are_written_with_the_table(built, tmp_path):
    names = write_outputs(built, tmp_path / "out")
    assert {"observations.csv", "observations.parquet"} <= set(names)
    package = (tmp_path / "out" / "datapackage.json").read_text(encoding="utf-8")
    assert '"observations.csv"' in package
    assert paths.OBSERVATIONS_PARQUET.name == "observations.parquet"


def test_only_reports_that_show_the_rows_see_a_change_of_observations(built):
    from compare.reports.catalog import Report
    from compare.reports.fingerprint import observations_digest

    def report(notebook: str, **parameters: str) -> Report:
        return Report(name="x", notebook=paths.NOTEBOOKS / notebook, title="x", parameters=parameters)

    obs = built.observations
    changed = obs.copy()
    changed.loc[(changed["region"] == "bishan") & (changed["label"] == "forest_cover"), "value"] = 44.0
    readers = [report("90-progress.ipynb"), report("30-region-profile.ipynb", region="bishan")]
    readers.append(report("20-indicator.ipynb", indicator_id="forest_cover"))
    others = [report("30-region-profile.ipynb", region="kaizhou"), report("35-pair.ipynb")]
    others.append(report("20-indicator.ipynb", indicator_id="pm25_concentration"))
    assert readers and others
    for r in readers:
        assert observations_digest(r, obs) != observations_digest(r, changed), r.notebook.name
    for r in others:
        assert observations_digest(r, obs) == observations_digest(r, changed), r.notebook.name
