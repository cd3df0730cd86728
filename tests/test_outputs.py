"""Outputs written atomically and switched in as one set; a killed build leaves either the
old set or the new one, and the data package validates after any interruption.

Each mechanism has a test that fails when it is replaced by a naive one (writing straight
to the target; replacing the files of a set one by one): the tests below were run against
both substitutes once and failed as they should.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from compare import faults, files, paths
from compare.files import atomic_path, output_set, write_bytes

STRESS_RUNS = int(os.environ.get("STRESS_RUNS", "2"))


def visible(folder: Path) -> dict[str, bytes]:
    """What a reader of `folder` sees: every file by name (a dangling link is no file)."""
    return {p.name: p.read_bytes() for p in folder.iterdir() if not p.name.startswith(".") and p.exists()}


# --------------------------------------------------------------------------- one file


def test_atomic_path_keeps_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "table.csv"
    target.write_bytes(b"old content\n")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_bytes(b"new but only ha")
        raise RuntimeError("disk full")
    assert target.read_bytes() == b"old content\n"
    assert [p.name for p in tmp_path.iterdir()] == ["table.csv"]  # no temp file left


def test_atomic_path_survives_a_kill_in_the_middle(tmp_path):
    """A process killed while writing leaves the previous file whole."""
    target = tmp_path / "big.bin"
    target.write_bytes(b"old")
    code = (
        "import os, sys; from compare.files import atomic_path\n"
        f"with atomic_path({str(target)!r}) as tmp:\n"
        "    fh = open(tmp, 'wb'); fh.write(b'x' * 1000); fh.flush()\n"
        "    os.kill(os.getpid(), 9)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True)
    assert result.returncode == -signal.SIGKILL
    assert target.read_bytes() == b"old"


def test_write_bytes_replaces_and_keeps_mode(tmp_path):
    target = tmp_path / "m.csv"
    write_bytes(target, b"a", 0o640)
    write_bytes(target, b"b", 0o640)
    assert target.read_bytes() == b"b" and target.stat().st_mode & 0o777 == 0o640


# --------------------------------------------------------------------------- sets of files

NAMES = ("a.csv", "b.parquet", "c.json")


def _commit(folder: Path, tag: bytes, fail_at: int | None = None) -> None:
    with output_set(folder) as out:
        for k, name in enumerate(NAMES):
            if k == fail_at:
                raise RuntimeError(f"failed writing {name}")
            out.write_bytes(name, tag + name.encode())


def test_a_set_is_switched_in_together(tmp_path):
    _commit(tmp_path, b"v1:")
    assert visible(tmp_path) == {n: b"v1:" + n.encode() for n in NAMES}
    _commit(tmp_path, b"v2:")
    assert visible(tmp_path) == {n: b"v2:" + n.encode() for n in NAMES}
    assert all((tmp_path / n).is_symlink() for n in NAMES)


@pytest.mark.parametrize("fail_at", range(len(NAMES)))
def test_a_set_that_fails_at_any_file_changes_nothing(tmp_path, fail_at):
    _commit(tmp_path, b"v1:")
    before = visible(tmp_path)
    with pytest.raises(RuntimeError):
        _commit(tmp_path, b"v2:", fail_at)
    assert visible(tmp_path) == before
    assert not [p for p in (tmp_path / files.SETS).iterdir() if p.name.startswith(".staging-")]


def test_a_set_killed_anywhere_in_its_commit_is_old_or_new(tmp_path):
    """A kill between any two steps of the commit (simulated by stopping at each call of
    the link switch in turn) leaves a reader one whole set."""
    _commit(tmp_path, b"v1:")
    old = visible(tmp_path)
    new = {n: b"v2:" + n.encode() for n in NAMES}
    real = files._replace_link
    calls = {"n": 0, "stop": 0}

    def replace_link(link, target):
        calls["n"] += 1
        if calls["n"] == calls["stop"]:
            raise KeyboardInterrupt  # the process dies here
        real(link, target)

    files._replace_link = replace_link  # type: ignore[assignment]
    try:
        _commit(tmp_path, b"v2:")  # count the steps of a whole commit
        steps = calls["n"]
        assert steps >= 1
        for stop in range(1, steps + 1):
            _commit(tmp_path, b"v1:")
            calls.update(n=0, stop=stop)
            with pytest.raises(KeyboardInterrupt):
                _commit(tmp_path, b"v2:")
            calls["stop"] = 0
            assert visible(tmp_path) in (old, new), stop
    finally:
        files._replace_link = real  # type: ignore[assignment]


def test_plain_files_from_before_are_adopted_without_a_gap(tmp_path):
    for n in NAMES:
        (tmp_path / n).write_bytes(b"plain:" + n.encode())
    _commit(tmp_path, b"v2:")
    assert visible(tmp_path) == {n: b"v2:" + n.encode() for n in NAMES}
    generations = [p for p in (tmp_path / files.SETS).iterdir() if not p.name.startswith(".")]
    assert len(generations) <= 2


def test_old_generations_and_dead_staging_are_swept(tmp_path):
    for tag in (b"v1:", b"v2:", b"v3:", b"v4:"):
        _commit(tmp_path, tag)
    dead = tmp_path / files.SETS / ".staging-dead"
    dead.mkdir()
    (dead / "a.csv").write_bytes(b"half")
    past = time.time() - 3600
    os.utime(dead, (past, past))
    _commit(tmp_path, b"v5:")
    left = sorted(p.name for p in (tmp_path / files.SETS).iterdir())
    assert len(left) == 2 and not any(n.startswith(".staging-") for n in left)  # current and previous
    assert visible(tmp_path)["a.csv"] == b"v5:a.csv"


def test_members_dropped_from_the_set_disappear(tmp_path):
    _commit(tmp_path, b"v1:")
    with output_set(tmp_path) as out:
        out.write_bytes("a.csv", b"only a")
    assert visible(tmp_path) == {"a.csv": b"only a"}


# --------------------------------------------------------------------------- killed builds


@pytest.fixture(scope="module")
def two_output_sets(tmp_path_factory) -> dict:
    """A project root and the two complete output sets of two manifests (with and without
    Tongnan's plan), so that a killed build can be told to have left old, new or a mix."""
    root = tmp_path_factory.mktemp("project")
    for sub in ("raw", "codebook"):
        shutil.copytree(paths.DATA / sub, root / "data" / sub)
    manifest = root / "data/raw/MANIFEST.csv"
    full = manifest.read_text(encoding="utf-8")
    # without Tongnan's plan, and without the observations, which name every district
    short = "\n".join(line for line in full.split("\n") if not line.startswith(("tongnan_", "observed_")))
    sets, seconds = {}, 0.0
    for name, text in (("short", short), ("full", full)):
        manifest.write_text(text, encoding="utf-8")
        t0 = time.perf_counter()
        assert build(root).returncode == 0
        seconds = max(seconds, time.perf_counter() - t0)
        sets[name] = visible(root / "data/processed")
    assert sets["short"]["indicators.csv"] != sets["full"]["indicators.csv"]
    return {"root": root, "manifests": {"short": short, "full": full}, "sets": sets, "seconds": seconds}


def build(root: Path, wait: bool = True, **extra: str) -> subprocess.Popen | subprocess.CompletedProcess:
    env = {**os.environ, "COMPARE_ROOT": str(root), **extra}
    args = [sys.executable, "-m", "compare", "build"]
    if wait:
        return subprocess.run(args, env=env, capture_output=True, timeout=300)
    return subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _which(found: dict[str, bytes], sets: dict[str, dict[str, bytes]]) -> str:
    digest = {n: hashlib.sha256(b).hexdigest()[:8] for n, b in found.items()}
    for name, s in sets.items():
        if found == s:
            return name
    raise AssertionError(f"a mix of sets after a kill: {digest}")


#: Kill points of a set's switch (`files._commit`): the new generation in place, just
#: before the link switch, just after it.
SWITCH_POINTS = 3


@pytest.mark.stress
@pytest.mark.skipif(not os.environ.get("STRESS_RUNS"), reason="long loop: make stress")
def test_a_build_killed_at_random_points_leaves_one_whole_set(two_output_sets, tmp_path):
    """SIGKILL at a random moment of a build, or (every other run) inside the switch of
    the output set itself, at each of its kill points in turn: the processed files are
    exactly the old set or exactly the new one, and `frictionless validate` passes on the
    data package. Prints how many kills landed inside the switch and elsewhere."""
    import frictionless

    root, sets = two_output_sets["root"], two_output_sets["sets"]
    processed = root / "data/processed"
    rng = random.Random(int(os.environ.get("STRESS_SEED", "16")))
    log = tmp_path / "kills.log"
    outcomes, landed = [], {"inside the switch": 0, "at a random moment": 0}
    for run in range(STRESS_RUNS):
        current = _which(visible(processed), sets)
        target = "short" if current == "full" else "full"
        (root / "data/raw/MANIFEST.csv").write_text(two_output_sets["manifests"][target], encoding="utf-8")
        if run % 2 == 0:  # inside the switch, on purpose
            spec = f"set-switch:{run // 2 % SWITCH_POINTS + 1}"
            done = build(root, **{faults.KILL_AT: spec, faults.KILL_LOG: str(log)})
            assert done.returncode == -signal.SIGKILL, (spec, done.returncode, done.stderr[-500:])
            how = f"at kill point {spec}"
            landed["inside the switch"] += 1
        else:
            proc = build(root, wait=False)
            delay = rng.uniform(0.1, 1.1 * two_output_sets["seconds"])  # anywhere in a build, or just after
            time.sleep(delay)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            how = f"after {delay:.2f} s of {two_output_sets['seconds']:.2f}"
            landed["at a random moment"] += 1
        found = _which(visible(processed), sets)
        outcomes.append("new" if found == target else "old")
        print(f"kill {how}: {outcomes[-1]} set")
        report = frictionless.validate(str(processed / "datapackage.json"))
        assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    struck = log.read_text(encoding="utf-8").splitlines() if log.is_file() else []
    assert len(struck) == landed["inside the switch"]
    print(
        f"killed builds: {len(outcomes)}; left the old set {outcomes.count('old')}, the new {outcomes.count('new')}; "
        f"kills per phase: {', '.join(f'{k} {n}' for k, n in landed.items())}"
    )
