"""Stopping a ``--jobs 2`` run at a random moment, or at a dangerous one on purpose: it
ends within seconds, leaves no process, staging or kernel folder behind, every report
keeps a whole set (the previous one or the new one), the index and run.json are written,
and nothing stays in ``$TMPDIR`` that the next run does not remove.

The dangerous moments are kill points (`compare.faults`): inside the switch of a report's
files, inside a PDF write (WeasyPrint's 16 MB font folder exists then), inside the
index write. Each run here has its own ``$TMPDIR``, so its bytes can be counted.

CI runs a few rounds (SIGINT to the process group as a terminal's Ctrl-C does, SIGTERM to
the run, and one kill point of each kind); ``make stress`` runs many (``STRESS_ROUNDS``
random interruptions, SIGKILL included, and ``STRESS_POINTS`` strikes at kill points),
and prints how many kills landed in each phase and the bytes in ``$TMPDIR`` before and
after.
"""

from __future__ import annotations

import collections
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

from compare import faults, paths
from compare.reports import outputs, worker
from test_reports_pipeline import notebook

pytestmark = pytest.mark.slow

CELL = """\
import time
from matplotlib.figure import Figure
from compare.figures import saving
print("version", version)
time.sleep(float(pause))
fig = Figure(figsize=(2, 2)); fig.add_subplot().plot([1, len(version)])
saving.save(fig, figures_dir, "line")
"""
NAMES = [f"r{i}" for i in range(6)]
#: Kill points of a report run and the actions a strike takes there.
POINTS = ("switch", "pdf", "index")
ACTIONS = ("kill", "int")


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
    (root / "tmp").mkdir()
    set_version(root, "v1")
    return root


def set_version(root: Path, version: str) -> None:
    notebook(
        root / "notebooks" / "a.ipynb",
        ("params", f'version: str = "{version}"\npause: str = "1"\nfigures_dir: str = ""'),
        ("code", CELL),
    )


def flip_version(root: Path) -> None:
    """Give every report something to render: the other version of the notebook."""
    current = (root / "notebooks" / "a.ipynb").read_text(encoding="utf-8")
    set_version(root, "v1" if 'version: str = \\"v2\\"' in current else "v2")


def start(root: Path, **env: str) -> subprocess.Popen:
    """``compare reports --jobs 2`` on ``root``, with ``root/tmp`` as its ``$TMPDIR``."""
    return subprocess.Popen(
        [sys.executable, "-m", "compare", "reports", "--jobs", "2", "--no-progress"],
        cwd=root,
        env={**os.environ, "COMPARE_ROOT": str(root), "TMPDIR": str(root / "tmp"), **env},
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


def temp_bytes(root: Path) -> tuple[int, list[str]]:
    """Bytes of the files in the runs' ``$TMPDIR``, and every entry there but the (empty)
    runtime root."""
    folder = root / "tmp"
    entries = list(folder.rglob("*"))
    size = sum(p.lstat().st_size for p in entries if p.is_file() and not p.is_symlink())
    runtime = folder / f"{worker.RUNTIME_PREFIX}{os.getuid()}"
    return size, sorted(p.relative_to(folder).as_posix() for p in entries if p != runtime)


def next_run(root: Path) -> set[int]:
    """A run to completion, after a killed one: it finishes and sweeps what that left."""
    again = start(root)
    seen = watch(again, time.monotonic() + 600)
    assert again.wait(timeout=600) == 0, again.stderr.read().decode() if again.stderr else ""
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
    assert temp_bytes(root) == (0, []), temp_bytes(root)
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
    assert temp_bytes(root) == (0, [])
    return root


@pytest.fixture()
def v2_project(rendered_v1, tmp_path):
    """A copy of the rendered project whose notebook is now at v2 (every report to render)."""
    root = tmp_path / "p"
    shutil.copytree(rendered_v1, root, symlinks=True)
    set_version(root, "v2")
    return root


def interrupt(root: Path, how: str, after: float, phase_log: Path | None = None) -> list[str] | None:
    """Send ``how`` after ``after`` seconds; returns the phases open when it landed (None
    if the run had ended before)."""
    env = {faults.PHASE_LOG: str(phase_log)} if phase_log else {}
    proc = start(root, **env)
    seen = watch(proc, time.monotonic() + after)
    landed = time.time()
    sent = proc.poll() is None
    if sent:
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
        seen |= next_run(root)  # it finishes what the killed one left (and renders the rest)
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
    if not sent:
        return None
    return open_phases(phase_log, landed) if phase_log else []


def open_phases(log: Path, at: float) -> list[str]:
    """The phases (`faults.phase`) some process was in at time ``at``."""
    open_: dict[tuple[str, str], float] = {}
    found: set[str] = set()
    lines = log.read_text(encoding="utf-8").splitlines() if log.is_file() else []
    for line in lines:
        stamp, pid, what, name = line.split()
        if what == "enter":
            open_[(pid, name)] = float(stamp)
        elif (pid, name) in open_:
            began = open_.pop((pid, name))
            if began <= at < float(stamp):
                found.add(name)
    found |= {name for (_, name), began in open_.items() if began <= at}  # killed inside it
    return sorted(found)


def strike(root: Path, phase: str, count: int, action: str, log: Path) -> bool:
    """Run with a kill point at the ``count``-th ``phase``; True if it struck."""
    before = len(log.read_text(encoding="utf-8").splitlines()) if log.is_file() else 0
    spec = f"{phase}:{count}:{action}"
    proc = start(root, **{faults.KILL_AT: spec, faults.KILL_LOG: str(log)})
    seen = watch(proc, time.monotonic() + 600)
    code = proc.wait(timeout=60)
    lines = log.read_text(encoding="utf-8").splitlines() if log.is_file() else []
    struck = len(lines) > before
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    if not struck:
        assert code == 0, (spec, code, stderr)
    elif action == "int":
        assert code == 128 + signal.SIGINT, (spec, code, stderr)
        run = json.loads((root / "reports" / "run.json").read_text(encoding="utf-8"))
        assert run["interrupted"] == "SIGINT"
    elif phase == "pdf":  # the worker died in the PDF write: its report failed, the run went on
        assert code == 1, (spec, code, stderr)
    else:  # the run itself was killed
        assert code == -signal.SIGKILL, (spec, code, stderr)
    if struck and action == "kill":
        seen |= next_run(root)
    check_invariants(root, seen)
    return struck


@pytest.mark.parametrize(
    "how, after", [("SIGINT", 4.0), pytest.param("SIGTERM", 7.0, marks=pytest.mark.full)]
)
def test_a_run_stops_cleanly(v2_project, how, after):
    interrupt(v2_project, how, after)


@pytest.mark.full
def test_an_interrupt_inside_a_pdf_write_leaves_no_temporary_file(v2_project, tmp_path):
    """Ctrl-C while WeasyPrint writes a PDF (its font folder holds a 16 MB font then):
    the run stops, and its ``$TMPDIR`` is empty (it was 188 MB after 12 such interrupts
    when the folder lived in ``$TMPDIR`` itself)."""
    assert strike(v2_project, "pdf", 1, "int", tmp_path / "kills.log")


@pytest.mark.full
@pytest.mark.parametrize("phase, count", [("switch", 2), ("index", 1)])
def test_a_kill_inside_a_switch_or_index_write_is_finished_by_the_next_run(
    v2_project, tmp_path, phase, count
):
    assert strike(v2_project, phase, count, "kill", tmp_path / "kills.log")


@pytest.mark.stress
@pytest.mark.skipif(not os.environ.get("STRESS_ROUNDS"), reason="long loop: make stress")
def test_stress_random_interruptions_and_kill_points(v2_project, tmp_path):
    """``STRESS_POINTS`` strikes at the kill points (each phase and action in turn, at a
    random occurrence), then ``STRESS_ROUNDS`` interruptions at random moments; after each
    round and after a last whole run, ``$TMPDIR`` holds nothing."""
    rng = random.Random(int(os.environ.get("STRESS_SEED", "0")))
    log = tmp_path / "kills.log"
    before = temp_bytes(v2_project)[0]
    landed: collections.Counter[str] = collections.Counter()
    started = time.monotonic()
    combos = [(p, a) for p in POINTS for a in ACTIONS]
    for round_ in range(int(os.environ.get("STRESS_POINTS", "6"))):
        phase, action = combos[round_ % len(combos)]
        count = rng.randint(1, {"switch": 12, "pdf": 3, "index": 1}[phase])
        struck = strike(v2_project, phase, count, action, log)
        print(f"point {round_}: {phase}:{count}:{action} {'struck' if struck else 'not reached'}", flush=True)
        landed[f"{phase} (kill point)"] += struck
        flip_version(v2_project)
    for round_ in range(int(os.environ["STRESS_ROUNDS"])):
        how = rng.choice(["SIGINT", "SIGTERM", "SIGKILL"])
        after = rng.uniform(0.2, 12.0)
        where = interrupt(v2_project, how, after, tmp_path / f"phases-{round_}.log")
        if where is None:
            where = ["none (the run had ended)"]
        print(f"round {round_}: {how} after {after:.1f} s, in {', '.join(where) or 'no phase'}", flush=True)
        for name in where or ["between phases"]:
            landed[name] += 1
        flip_version(v2_project)
    next_run(v2_project)
    after_bytes, left = temp_bytes(v2_project)
    print(
        f"stress: {sum(landed.values())} kills in {time.monotonic() - started:.0f} s; "
        f"$TMPDIR bytes before {before}, after {after_bytes}; "
        f"kills per phase: {', '.join(f'{k} {n}' for k, n in sorted(landed.items()))}",
        flush=True,
    )
    assert (after_bytes, left) == (before, [])
