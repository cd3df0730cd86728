"""The benchmark's measurements work (their numbers are reported, never asserted on)."""

from __future__ import annotations

from compare_dev.bench import _report_stats, cell_seconds, measure_build, synthetic_builds


def test_build_measurement_reports_rows_time_and_memory():
    m = measure_build(repeat=1)
    assert m["rows"] == 230  # 212 printed rows, 12 municipal 2020 values, 6 secondary facts
    assert m["build_seconds"] > 0 and m["peak_rss_mb"] > 0


def test_synthetic_builds_grow_with_documents(tmp_path):
    small, larger = synthetic_builds(tmp_path, districts=3, docs_per_district=(1, 2))
    assert (small["documents"], larger["documents"]) == (3, 6)
    assert larger["rows"] > small["rows"]


def test_report_stats_split_kernel_setup_and_work():
    run = {
        "reports": [
            {
                "name": "map-pm25",
                "seconds": {"execute": 5.0, "html": 0.2, "pdf": 1.0},
                "cells": {"setup": 1.5, "work": 2.0},
            },
            {
                "name": "overview",
                "seconds": {"execute": 3.0, "html": 0.2, "pdf": 1.0},
                "cells": {"setup": 1.0, "work": 0.5},
            },
        ]
    }
    stats = _report_stats(run, kernel=0.8, imports=1.8)
    assert stats["reports"] == 2
    assert stats["imports_and_table_seconds"] == 1.0
    assert stats["mean_work_in_notebook_seconds"] == 1.25
    assert stats["mean_setup_cells_seconds"] == 1.25
    assert stats["mean_all_cells_seconds"] == 2.5  # (1.5+2 + 1+0.5) / 2
    assert stats["mean_outside_cells_seconds"] == 1.5  # (5-3.5 + 3-1.5) / 2
    assert stats["work_in_notebook_by_kind"] == {
        "map": {"reports": 1, "mean_seconds": 2.0},
        "overview": {"reports": 1, "mean_seconds": 0.5},
    }


def test_cell_seconds_split_setup_from_work(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook()
    durations = [
        (["parameters"], 0.01),
        (["injected-parameters"], 0.02),
        (["setup"], 0.4),
        (["setup"], 0.9),
        ([], 0.3),
        (["other"], 0.25),
    ]
    for tags, seconds in durations:
        cell = nbformat.v4.new_code_cell("pass")
        cell.metadata = {"tags": tags, "papermill": {"duration": seconds}}
        nb.cells.append(cell)
    nb.cells.append(nbformat.v4.new_markdown_cell("text"))
    nbformat.write(nb, tmp_path / "executed.ipynb")
    assert cell_seconds(tmp_path / "executed.ipynb") == {"setup": 1.33, "work": 0.55}
