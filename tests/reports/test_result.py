"""What happened to one report (`reports.result`)."""

from __future__ import annotations

from compare.reports.result import Result


def test_a_result_is_ok_until_it_fails_at_a_stage():
    result = Result("a", "A", "10-overview.ipynb")
    assert result.ok and result.stage == ""
    assert result.fail("pdf", "no font") is result
    assert (result.ok, result.status, result.stage, result.message) == (False, "failed", "pdf", "no font")


def test_finishing_records_the_time_with_its_offset():
    finished = Result("a", "A", "n").finish().finished
    assert len(finished) == 25 and finished[10] == "T" and finished[19] in "+-"


def test_a_result_read_back_ignores_keys_of_other_versions():
    result = Result.from_dict({"name": "a", "title": "A", "notebook": "n", "status": "failed", "zzz": 1})
    assert (result.name, result.status, result.files) == ("a", "failed", [])
