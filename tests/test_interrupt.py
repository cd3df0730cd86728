"""Stopping a ``--jobs 2`` run at a random moment: it ends within seconds, leaves no
process, temporary file, staging or kernel folder behind, every report keeps a whole set
(the previous one or the new one), and the index and run.json are written.

CI runs a few rounds (SIGINT to the process group as a terminal's Ctrl-C does, SIGTERM to
the run); ``make stress`` runs many, SIGKILL included (``STRESS_ROUNDS``).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from compare import paths
from compare.reports import outputs, worker
from test_reports_pipeline import notebook

pytestmark = pytest.mark.slow

CELL = """\
import time
from matplotlib.figure import Figure
from compare.figures import style
print("version", version)
time.sleep(float(pause))
fig = Figure(figsize=(2, 2)); fig.add_subplot().plot([1, len(version)])
style.save(fig, figures_dir, "line")
"""
NAMES = [f"r{i}" for i in range(6)]


def make_project(root: Path) -> Path:
    (root / "data" / "raw").mkdir(parents=True)
    shutil.copy(paths.MANIFEST, root / "data" / "raw" / "MANIFEST.csv")
    (root / "data" / "codebook").mkdir()
    shutil.copy(paths.CODEBOOK, root / "data" / "codebook" / "indicators.csv")
    (root / "data" / "processed").mkdir()
    (root / "data" / "processed" / "indicators.csv").write_text(
        "region,indicator_id\nkaizhou,pm25\n", encoding="utf-8"
    )
    (root / "reports").mkdir()
    entries = "".join(
        f"  - {{name: {n}, notebook: a.ipynb, parameters: {{pause: '{0.5 + i % 3}', figures_dir: figures/{n}}}}}\n"
        for i, n in enumerate(NAMES)
    )
    (root / "reports" / "catalog.yml").write_text("reports:\n" + entries, encoding="utf-8")
    set_version(root, "v1")
    return root


def set_version(root: Path, version: str) -> None:
    notebook(
        root / "notebooks" / "a.ipynb",
        ("params", f'version: str = "{version}"\npause: str = "1"\nfigures_dir: str = ""'),
        ("code", CELL),
    )


def start(root: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "compare", "reports", "--jobs", "2", "--no-progress"],
        cwd=root,
        env={**os.environ, "COMPARE_ROOT": str(root)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a shell gives a foreground job
    )


def watch(proc: subprocess.Popen, until: float) -> set[int]:
    """Poll the run's process tree until ``until`` (or its exit); pids seen."""
    seen: set[int] = set()
    while time.monotonic() < until and proc.poll() is None:
        try:
            seen |= {p.pid for p in psutil.Process(proc.pid).children(recursive=True)}
        except psutil.Error:
            pass
        time.sleep(0.05)
    return seen


def check_invariants(root: Path, seen: set[int]) -> None:
    out = root / "reports"
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(psutil.pid_exists(p) and _ours(p) for p in seen):
        time.sleep(0.1)
    left = [p for p in seen if psutil.pid_exists(p) and _ours(p)]
    assert not left, f"processes left behind: {left}"
    assert not list(out.glob(".*.tmp*")) and not list((out / ".state").glob("*.tmp*"))
    assert not list((out / ".staging").iterdir()) if (out / ".staging").is_dir() else True
    assert not list((out / ".state").glob("*.commit.json"))
    runtime = worker.runtime_root()
    assert not [d for d in runtime.glob("w*-*") if int(d.name[1:].split("-")[0]) in seen]
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert (out / "index.html").is_file()
    assert [r["name"] for r in run["reports"]] == NAMES
    for name in NAMES:
        state = outputs.read_state(out, name)
        assert state is not None and outputs.intact(out, state), name
        ipynb = (out / f"{name}.ipynb").read_text(encoding="utf-8")
        html = (out / f"{name}.html").read_text(encoding="utf-8")
        versions = {v for v in ("v1", "v2") if f"version {v}" in ipynb}
        assert len(versions) == 1 and f"version {versions.pop()}" in html, name


def _ours(pid: int) -> bool:
    """Whether ``pid`` is still a process of this suite (not a reused pid)."""
    try:
        cmd = " ".join(psutil.Process(pid).cmdline())
    except psutil.Error:
        return False
    return "multiprocessing" in cmd or "ipykernel" in cmd or "compare" in cmd


@pytest.fixture(scope="module")
def rendered_v1(tmp_path_factory) -> Path:
    """A project whose six reports were rendered once (version v1)."""
    root = make_project(tmp_path_factory.mktemp("v1") / "p")
    first = start(root)
    assert first.wait(timeout=600) == 0, first.stderr.read().decode() if first.stderr else ""
    return root


@pytest.fixture()
def project(rendered_v1, tmp_path):
    """A copy of the rendered project whose notebook is now at v2 (every report to render)."""
    root = tmp_path / "p"
    shutil.copytree(rendered_v1, root, symlinks=True)
    set_version(root, "v2")
    return root


def interrupt(root: Path, how: str, after: float) -> None:
    proc = start(root)
    seen = watch(proc, time.monotonic() + after)
    if proc.poll() is None:
        if how == "SIGINT":  # Ctrl-C: the whole foreground process group
            os.killpg(proc.pid, signal.SIGINT)
        else:
            os.kill(proc.pid, getattr(signal, how))
    t0 = time.monotonic()
    seen |= watch(proc, time.monotonic() + 60)
    code = proc.wait(timeout=60)
    stopped_in = time.monotonic() - t0
    if how == "SIGKILL":
        assert code == -signal.SIGKILL or code == 0
        # the next run finishes what the killed one left (and renders the rest)
        again = start(root)
        seen |= watch(again, time.monotonic() + 600)
        assert again.wait(timeout=600) == 0
    else:
        # -N: the signal came during start-up, before the run handles it (nothing begun yet)
        assert code in (0, 128 + getattr(signal, how), -getattr(signal, how)), (
            code,
            proc.stderr.read().decode() if proc.stderr else "",
        )
        assert stopped_in < 15, f"took {stopped_in:.1f} s to stop"
        if code > 0:
            run = json.loads((root / "reports" / "run.json").read_text(encoding="utf-8"))
            assert run["interrupted"] == how
    check_invariants(root, seen)


@pytest.mark.parametrize("how, after", [("SIGINT", 4.0), ("SIGTERM", 7.0)])
def test_a_run_stops_cleanly(project, how, after):
    interrupt(project, how, after)


@pytest.mark.stress
@pytest.mark.skipif(not os.environ.get("STRESS_ROUNDS"), reason="long loop: make stress")
def test_stress_random_interruptions(project):
    rng = random.Random(int(os.environ.get("STRESS_SEED", "0")))
    for round_ in range(int(os.environ["STRESS_ROUNDS"])):
        how = rng.choice(["SIGINT", "SIGTERM", "SIGKILL"])
        after = rng.uniform(0.2, 12.0)
        print(f"round {round_}: {how} after {after:.1f} s", flush=True)
        set_version(project, "v2" if round_ % 2 == 0 else "v1")
        interrupt(project, how, after)
