"""Kill points and phase marks (`compare.faults`): inert unless a test names them."""

from __future__ import annotations

import pytest

from compare import faults


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("pdf", ("pdf", 1, "kill")),
        ("pdf:2", ("pdf", 2, "kill")),
        ("switch:3:int", ("switch", 3, "int")),
        (" index::raise ", ("index", 1, "raise")),
    ],
)
def test_a_kill_spec_gives_the_phase_the_count_and_the_action(spec, expected):
    assert faults.parse(spec) == expected


@pytest.mark.parametrize("spec", ["", ":2", "pdf:0", "pdf:1:explode"])
def test_a_bad_kill_spec_is_refused_naming_the_variable(spec):
    with pytest.raises(ValueError, match=faults.KILL_AT):
        faults.parse(spec)


def test_a_point_does_nothing_unless_the_environment_names_it(monkeypatch):
    monkeypatch.delenv(faults.KILL_AT, raising=False)
    faults.point("raise-test-a")
    monkeypatch.setenv(faults.KILL_AT, "another-phase:1:raise")
    faults.point("raise-test-a")


def test_a_raise_point_strikes_at_the_nth_time_it_is_reached_and_logs_it(monkeypatch, tmp_path):
    log = tmp_path / "kills.log"
    monkeypatch.setenv(faults.KILL_AT, "raise-test-b:2:raise")
    monkeypatch.setenv(faults.KILL_LOG, str(log))
    faults.point("raise-test-b")  # the first time passes
    assert not log.exists()
    with pytest.raises(faults.KillPoint, match="raise-test-b"):
        faults.point("raise-test-b")
    (line,) = log.read_text(encoding="utf-8").splitlines()
    assert line.startswith("raise-test-b raise ")


def test_a_phase_logs_its_entry_and_exit_even_when_it_fails(monkeypatch, tmp_path):
    log = tmp_path / "phases.log"
    monkeypatch.setenv(faults.PHASE_LOG, str(log))
    with pytest.raises(RuntimeError), faults.phase("pdf"):
        raise RuntimeError("inside")
    lines = log.read_text(encoding="utf-8").splitlines()
    assert [line.split()[2:] for line in lines] == [["enter", "pdf"], ["exit", "pdf"]]
    assert float(lines[0].split()[0]) <= float(lines[1].split()[0])


def test_a_phase_writes_nothing_without_its_log(monkeypatch, tmp_path):
    monkeypatch.delenv(faults.PHASE_LOG, raising=False)
    monkeypatch.chdir(tmp_path)
    with faults.phase("pdf"):
        pass
    assert list(tmp_path.iterdir()) == []
