"""A report's outputs as one set (`reports.outputs`): staged, switched in together,
recorded with their sha256, the previous good set kept when a report fails."""

from __future__ import annotations

from pathlib import Path

from compare.reports import outputs
from compare.reports.result import Result


def staged(out: Path, name: str, files: dict[str, str]) -> Path:
    """A staging folder of ``out`` holding ``files`` (relative name -> text)."""
    folder = outputs.staging_dir(out, name)
    for rel, text in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    return folder


def test_a_good_set_replaces_the_previous_one_and_is_recorded(tmp_path):
    first = Result("a", "A", "10-overview.ipynb", files=["a.html", "a.pdf"])
    outputs.commit(tmp_path, first, staged(tmp_path, "a", {"a.html": "one", "a.pdf": "one"}))
    second = Result("a", "A", "10-overview.ipynb", files=["a.html"])
    outputs.commit(tmp_path, second, staged(tmp_path, "a", {"a.html": "two"}))
    assert (tmp_path / "a.html").read_text(encoding="utf-8") == "two"
    assert not (tmp_path / "a.pdf").exists()  # the old set's file the new one lacks
    state = outputs.read_state(tmp_path, "a")
    assert list(state["files"]) == ["a.html"] and outputs.intact(tmp_path, state)
    (tmp_path / "a.html").write_text("edited", encoding="utf-8")
    assert not outputs.intact(tmp_path, state)


def test_a_failed_report_adds_its_failure_page_and_keeps_the_good_set(tmp_path):
    good = Result("a", "A", "10-overview.ipynb", files=["a.html"], outputs={"html": "a.html"})
    outputs.commit(tmp_path, good.finish(), staged(tmp_path, "a", {"a.html": "good"}))
    failed = Result("a", "A", "10-overview.ipynb", files=["a.failed.html"]).fail("execute", "boom")
    outputs.commit(tmp_path, failed, staged(tmp_path, "a", {"a.failed.html": "why"}))
    assert (tmp_path / "a.html").read_text(encoding="utf-8") == "good" and (
        tmp_path / "a.failed.html"
    ).is_file()
    assert failed.kept == {"html": "a.html"} and "previous good report" in failed.message


def test_the_sweep_removes_staging_left_by_a_killed_run_and_forget_removes_a_set(tmp_path):
    result = Result("a", "A", "10-overview.ipynb", files=["a.html"])
    outputs.commit(tmp_path, result, staged(tmp_path, "a", {"a.html": "x"}))
    left = staged(tmp_path, "b", {"b.html": "half"})
    outputs.sweep(tmp_path)
    assert not left.exists() and (tmp_path / "a.html").is_file()
    outputs.forget(tmp_path, "a")
    assert not (tmp_path / "a.html").exists() and outputs.read_state(tmp_path, "a") is None
