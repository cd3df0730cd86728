"""The benchmark's measurements work (their numbers are reported, never asserted on)."""

from __future__ import annotations

from compare_dev.bench import edit_one_target, measure_build, project_copy, render_stats, synthetic_builds


def test_build_measurement_reports_rows_time_and_memory():
    m = measure_build(repeat=1)
    assert m["rows"] == 230  # 212 printed rows, 12 municipal 2020 values, 6 secondary facts
    assert m["build_seconds"] > 0 and m["peak_rss_mb"] > 0


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
