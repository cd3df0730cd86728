"""The benchmark's measurements work (their numbers are reported, never asserted on)."""

from __future__ import annotations

import pytest

from compare_dev.bench import (
    by_kind,
    compare_cli,
    edit_one_target,
    fixed_share,
    growth,
    measure_build,
    on_dask,
    project_copy,
    projection,
    render_stats,
    report_parts,
    run_json,
    synthetic_builds,
)


def test_build_measurement_reports_rows_time_and_memory():
    m = measure_build(repeat=1)
    assert m["rows"] == 230  # 212 printed rows, 12 municipal 2020 values, 6 secondary facts
    assert m["build_seconds"] > 0 and m["peak_rss_mb"] > 0


@pytest.mark.full
def test_synthetic_builds_grow_with_documents(tmp_path):
    small, larger = synthetic_builds(tmp_path, districts=3, docs_per_district=(1, 2))
    assert (small["documents"], larger["documents"]) == (3, 6)
    assert larger["rows"] > small["rows"]


def test_render_stats_means_skip_up_to_date_reports():
    run = {
        "this_run": ["a", "b", "c"],
        "reports": [
            {"name": "earlier", "status": "ok", "seconds": {"execute": 50.0}, "cpu_seconds": 50.0},
            {
                "name": "a",
                "status": "ok",
                "seconds": {"execute": 4.0, "html": 0.5, "pdf": 1.5},
                "cpu_seconds": 5.0,
            },
            {"name": "b", "status": "failed", "seconds": {"execute": 2.0}, "cpu_seconds": 1.0},
            {
                "name": "c",
                "status": "ok",
                "up_to_date": True,
                "seconds": {"execute": 9.0},
                "cpu_seconds": 9.0,
            },
        ],
    }
    stats = render_stats(run)
    assert stats["reports"] == 2 and stats["failed"] == 1
    assert stats["mean_seconds"] == 4.0 and stats["mean_execute_seconds"] == 3.0
    assert stats["sum_cpu_seconds"] == 6.0


@pytest.mark.full
def test_one_target_edit_changes_one_row(tmp_path):
    import pandas as pd

    root = project_copy(tmp_path / "p")
    before = pd.read_csv(root / "data/processed/indicators.csv", dtype=str, keep_default_na=False)
    edit = edit_one_target(root, "kaizhou")
    assert edit["build_exit_code"] == 0 and edit["was"] != edit["now"]
    after = pd.read_csv(root / "data/processed/indicators.csv", dtype=str, keep_default_na=False)
    changed = (before != after).any(axis=1)
    assert set(after.loc[changed, "region"]) == {"kaizhou"}
    assert set(after.loc[changed, "indicator_id"]) == {edit["indicator_id"]}


def test_projection_schedules_longest_first_and_is_bounded_by_the_longest_report():
    seconds = [10.0, 1.0, 1.0, 1.0, 1.0, 2.0]
    two = projection(seconds, 2, 500.0)
    assert two["seconds"] == 10.0 and two["bounded_by_longest_report"] and two["memory_gb"] == 1.0
    one = projection(seconds, 1, 500.0)
    assert one["seconds"] == 16.0 and not one["bounded_by_longest_report"]


def test_growth_compares_each_sampled_kind_across_sizes():
    per_size = [
        {"per_report": {"profile-wanzhou-zh": 5.0, "alignment-zh": 8.0, "atlas-en": 9.0}},
        {"per_report": {"profile-wanzhou-zh": 6.0, "alignment-zh": 32.0}},
    ]
    assert growth(per_size) == {"alignment-zh": 4.0, "profile-zh": 1.2}


def test_the_sample_holds_every_notebook_in_both_languages_and_every_atlas_part(tmp_path):
    from compare_dev.bench import sample_names

    (tmp_path / "reports").mkdir()
    entries = [
        ("overview", "10-overview.ipynb"),
        ("profile-bishan", "30-region-profile.ipynb"),
        ("profile-kaizhou", "30-region-profile.ipynb"),
        ("profile-chongqing", "31-municipal-profile.ipynb"),
        ("review", "40-review.ipynb"),
        ("atlas-air", "50-atlas.ipynb"),
        ("atlas-water", "50-atlas.ipynb"),
    ]
    text = "reports:\n" + "".join(
        f"  - {{name: {n}-{lang}, notebook: {nb}}}\n" for lang in ("zh", "en") for n, nb in entries
    )
    (tmp_path / "reports" / "catalog.yml").write_text(text, encoding="utf-8")
    picked = sample_names(tmp_path)
    assert [n for n in picked if n.endswith("-en")] == [
        "overview-en",
        "profile-bishan-en",
        "profile-chongqing-en",
        "review-en",
        "atlas-air-en",
        "atlas-water-en",
    ]
    assert len(picked) == 12
    per_size = [{"per_report": {"profile-bishan-zh": 5.0, "profile-chongqing-zh": 8.0}}] * 2
    assert growth(per_size) == {"profile-municipal-zh": 1.0, "profile-zh": 1.0}


def test_growth_of_a_split_atlas_is_that_of_its_slowest_part():
    per_size = [
        {"per_report": {"atlas-zh": 10.0}},
        {"per_report": {"atlas-air-zh": 8.0, "atlas-ecology-zh": 25.0, "atlas-land-zh": 6.0}},
    ]
    assert growth(per_size) == {"atlas-zh": 2.5}


@pytest.mark.slow
@pytest.mark.full
def test_a_small_catalog_is_measured_per_kind_with_its_fixed_cost_locally_and_on_dask(tmp_path):
    """The bench's code path for the full catalog on two tiny reports (the interrupt tests'
    project): per kind, fixed-cost parts from the executed notebooks, peak memory, and the
    same catalog on a local Dask cluster."""
    from test_interrupt import make_project

    root = make_project(tmp_path / "p")
    catalog = root / "reports" / "catalog.yml"
    lines = catalog.read_text(encoding="utf-8").splitlines()
    catalog.write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")  # the first two reports
    names = ["r0", "r1"]
    local = compare_cli(root, "reports", "--jobs", "2", "--no-progress")
    assert local["exit_code"] == 0 and local["peak_rss_mb"] > 50
    run = run_json(root)
    kinds = by_kind(root, run)
    assert list(kinds) == ["a.ipynb"] and kinds["a.ipynb"]["reports"] == len(names)
    parts = report_parts(root, run["reports"][0])
    assert parts["setup"] > 0 and parts["work"] >= 0.5  # the cell sleeps 0.5 s or more
    assert parts["fixed"] == pytest.approx(parts["kernel"] + parts["setup"], abs=0.002) and parts["pdf"] > 0
    shares = fixed_share(root, run)
    assert 0 < shares["fixed_share"] < 1
    pytest.importorskip("distributed")
    remote = on_dask(root, 2)
    assert remote["exit_code"] == 0 and remote["reports"] == len(names) and remote["failed"] == 0
