"""Running the catalog (`reports.run`): the summary a run prints and the order reports go
to the workers."""

from __future__ import annotations

import json
from pathlib import Path

from compare.reports.catalog import Report
from compare.reports.result import Result
from compare.reports.run import counts_line, longest_first, summary, write_run_json


def result(name: str, seconds: float = 0.0) -> Result:
    return Result(name, name.upper(), "10-overview.ipynb", seconds={"execute": seconds})


def test_the_summary_has_a_line_per_report_and_the_counts():
    results = [result("a"), result("b").fail("execute", "boom")]
    text = summary(results)
    assert text.splitlines()[0].split() == ["name", "status", "seconds", "error"]
    assert any(line.split()[:2] == ["b", "failed"] and line.endswith("boom") for line in text.splitlines())
    assert counts_line(results) == "2 reports: 1 rendered, 0 skipped as up to date, 1 failed"


def test_reports_known_to_be_long_go_first_and_ties_keep_the_catalog_order():
    reports = [Report(n, Path("20-indicator.ipynb"), n) for n in ("a", "b", "c")]
    previous = {"a": result("a", 1.0), "b": result("b", 9.0), "c": result("c", 1.0)}
    assert [r.name for r in longest_first(reports, previous)] == ["b", "a", "c"]


def test_a_report_rendered_once_goes_before_the_many_of_one_notebook():
    reports = [Report(n, Path("20-indicator.ipynb"), n) for n in ("i1", "i2")]
    reports.append(Report("overview", Path("10-overview.ipynb"), "overview"))
    assert [r.name for r in longest_first(reports, {})] == ["overview", "i1", "i2"]


def test_run_json_records_each_reports_status_and_seconds(tmp_path):
    write_run_json([result("a", 2.5), result("b").fail("pdf", "x")], tmp_path, jobs=2)
    run = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))
    assert [(r["name"], r["status"]) for r in run["reports"]] == [("a", "ok"), ("b", "failed")]
    assert run["reports"][0]["seconds"]["execute"] == 2.5 and run["jobs"] == 2
