"""The shape every parser emits (`ingest.rows`): a printed row, every cell as raw text."""

from __future__ import annotations

from compare.ingest.rows import ATTRIBUTES, PERIODS, PrintedRow


def test_the_14th_plan_comes_first_and_both_attributes_are_named():
    assert PERIODS == ("14th", "13th")
    assert ATTRIBUTES == {"约束性": "binding", "预期性": "expected"}


def test_a_printed_row_starts_with_empty_cells_and_its_own_containers():
    a = PrintedRow("plan.txt", "14th", "专栏2", "1", "森林覆盖率", 40)
    b = PrintedRow("plan.txt", "14th", "专栏2", "2", "空气质量优良天数比率", 41)
    assert (a.target_raw, a.unit, a.baseline_year, a.table_notes) == ("", "", None, ())
    a.cells["target"] = 40
    a.extra["secondary"] = "true"
    assert b.cells == {} and b.extra == {}  # no container shared between rows
