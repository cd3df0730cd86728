"""The benchmark's measurements work (their numbers are reported, never asserted on)."""
from __future__ import annotations

from compare.bench import _report_stats, measure_build, synthetic_builds


def test_build_measurement_reports_rows_time_and_memory():
    m = measure_build(repeat=1)
    assert m["rows"] == 212
    assert m["build_seconds"] > 0 and m["peak_rss_mb"] > 0


def test_synthetic_builds_grow_with_documents(tmp_path):
    small, larger = synthetic_builds(tmp_path, districts=3, docs_per_district=(1, 2))
    assert (small["documents"], larger["documents"]) == (3, 6)
    assert larger["rows"] > small["rows"]


def test_report_stats_split_kernel_imports_and_work():
    run = {"reports": [{"seconds": {"execute": 5.0, "html": 0.2, "pdf": 1.0}},
                       {"seconds": {"execute": 3.0, "html": 0.2, "pdf": 1.0}}]}
    stats = _report_stats(run, kernel=0.8, imports=1.8)
    assert stats["reports"] == 2
    assert stats["imports_and_table_seconds"] == 1.0
    assert stats["mean_work_in_notebook_seconds"] == 2.2
