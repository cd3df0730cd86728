"""The command line: one parser, one program name, help that writes nothing, checked
arguments, and a progress bar only on a terminal."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from compare import cli, paths
from test_reports_pipeline import notebook

COMMANDS = ["build", "reports", "catalog", "add-source", "synth", "bench"]
INTERNALS = ("papermill", "nbclient", "compare_dev", "python -m", "compare.", "engine")


def compare(*args: str, root: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, **({"COMPARE_ROOT": str(root)} if root else {})}
    return subprocess.run(
        [sys.executable, "-m", "compare", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=root or paths.ROOT,
    )


def state_of(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.rglob("*")
        if p.is_file()
    }


def test_help_writes_nothing_and_bad_options_fail(tmp_path):
    before = {d: state_of(d) for d in (paths.REPORTS, paths.PROCESSED, paths.RAW)}
    for command in COMMANDS:
        helped = compare(command, "--help")
        assert helped.returncode == 0 and helped.stdout.startswith(f"usage: compare {command}")
        assert not any(word in helped.stdout for word in INTERNALS), (command, helped.stdout)
        bad = compare(command, "--bogus")
        assert bad.returncode == 2 and "usage: compare" in bad.stderr and "error:" in bad.stderr
    top = compare("--help")
    assert top.returncode == 0 and all(c in top.stdout for c in COMMANDS)
    assert not any(word in top.stdout for word in INTERNALS)
    assert {d: state_of(d) for d in before} == before


def test_version():
    out = compare("--version")
    assert out.returncode == 0 and out.stdout.strip() == f"compare {cli.version()}"


@pytest.mark.parametrize(
    "args, message",
    [
        (["reports", "--jobs", "-5"], "--jobs/-j: must be at least 1, got -5"),
        (["reports", "--jobs", "0"], "must be at least 1, got 0"),
        (["reports", "-j", "two"], "not a whole number: 'two'"),
        (["reports", "--only", ""], "--only: empty report name"),
        (["reports", "--only", "overview,"], "--only: empty report name"),
        (["reports", "--only", "nope"], "--only nope: no such report"),
        (["synth", "--districts", "39", "--out", "x"], "38 county-level units"),
        (["reports", "--progress", "--no-progress"], "not allowed with argument"),
        (["reports", "--formats", "pdf"], "argument --formats: 'pdf': html is always made"),
        (["reports", "--formats", "html,htm"], "argument --formats: 'html,htm': no such format"),
    ],
)
def test_arguments_are_checked(args, message):
    out = compare(*args)
    assert out.returncode == 2 and message in out.stderr, out.stderr
    assert sum("error:" in line for line in out.stderr.splitlines()) == 1  # one error line


def test_no_command_is_an_error():
    out = compare()
    assert out.returncode == 2 and "usage: compare" in out.stderr


@pytest.mark.slow
def test_progress_bar_only_on_request_or_a_terminal(tmp_path):
    root = tmp_path / "p"
    (root / "data" / "raw").mkdir(parents=True)
    shutil.copy(paths.MANIFEST, root / "data" / "raw" / "MANIFEST.csv")
    (root / "data" / "codebook").mkdir()
    shutil.copy(paths.CODEBOOK, root / "data" / "codebook" / "indicators.csv")
    (root / "data" / "processed").mkdir()
    (root / "data" / "processed" / "indicators.csv").write_text("region\nkaizhou\n", encoding="utf-8")
    notebook(root / "notebooks" / "a.ipynb", ("code", "print(1)"))
    (root / "reports").mkdir()
    (root / "reports" / "catalog.yml").write_text(
        "reports:\n  - {name: a, notebook: a.ipynb}\n", encoding="utf-8"
    )
    quiet = compare("reports", "--formats", "html", root=root)  # stderr is a pipe here, not a terminal
    assert quiet.returncode == 0 and "rendered 1" not in quiet.stderr and "\r" not in quiet.stderr
    assert "1 reports: 1 rendered, 0 skipped as up to date, 0 failed" in quiet.stdout
    shown = compare("reports", "--formats", "html", "--force", "--progress", root=root)
    assert shown.returncode == 0 and "rendered 1 · skipped 0 · failed 0" in shown.stderr
    skipped = compare("reports", "--formats", "html", "--progress", root=root)
    assert "1 reports: 0 rendered, 1 skipped as up to date, 0 failed" in skipped.stdout
    dry = compare("reports", "--formats", "html", "--dry-run", "--force", root=root)
    assert dry.stdout.splitlines() == ["render a: forced", "1 to render, 0 up to date"]
