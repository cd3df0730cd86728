"""The README's "Adding a plan" commands, run as written in a fresh copy of the repository.

The copy holds exactly the tracked files (`git ls-files`), as a fresh clone does; its
`.venv` is this checkout's (what `make install` would create), and make is told not to
reinstall it (`-o .venv/.installed`). Every shell block of the section runs in order: the
plan is registered, built, and backed out again, leaving data/raw byte for byte as cloned.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from compare import paths
from compare.ingest.codebook import load_codebook
from compare_dev import synth

README = paths.ROOT / "README.md"


def _section_blocks(text: str, title: str) -> list[str]:
    section = text.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]
    return [b.strip() for b in re.findall(r"```bash\n(.*?)```", section, re.S)]


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("clone")
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=paths.ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    for name in filter(None, tracked):
        src = paths.ROOT / name.decode()
        if src.is_file():
            (dest / name.decode()).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name.decode())
    (dest / ".venv").symlink_to(paths.ROOT / ".venv")
    return dest


def test_the_adding_a_plan_commands_work_as_written(clone):
    blocks = _section_blocks(README.read_text(encoding="utf-8"), "Adding a plan")
    assert len(blocks) == 3 and blocks[0].startswith(
        ".venv/bin/python -m compare add-source path/to/plan.txt"
    )
    unit = next(u for u in synth.load_units() if u.adcode == "500156")  # Wulong, as in the README
    text, _ = synth.write_document(
        load_codebook(paths.CODEBOOK), unit, "word_tab", random.Random(3), "武隆区规划"
    )
    plan = clone / "path/to/plan.txt"
    plan.parent.mkdir(parents=True)
    plan.write_text(text, encoding="utf-8")
    raw_before = {p.name: p.read_bytes() for p in (clone / "data/raw").iterdir()}
    env = {"PATH": "/usr/bin:/bin", "HOME": str(clone), "LANG": "C.UTF-8"}
    outputs = []
    for block in blocks:
        command = block.replace("make data", "make -o .venv/.installed data")
        result = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", command],
            cwd=clone,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, (command, result.stdout[-2000:], result.stderr[-2000:])
        outputs.append(result.stdout)
    assert "added plan.txt as region wulong (武隆区, 500156, district)" in outputs[0]
    assert re.search(r"^plan\.txt: 2 tables \(13th/专栏1=\d+;14th/专栏2=\d+\)", outputs[1], re.M)
    report = (clone / "data/processed/parse_report.csv").read_text(encoding="utf-8")
    assert "\nplan.txt,wulong,tables,2," in report
    assert "removed region wulong (plan.txt)" in outputs[2]
    assert {p.name: p.read_bytes() for p in (clone / "data/raw").iterdir()} == raw_before
