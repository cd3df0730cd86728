"""Shared fixtures: the real table built once per session, a scratch copy of data/raw, and
the whole catalog rendered once per session (every report check reads that one folder)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from compare import paths
from compare.ingest.build import build_table


@pytest.fixture(scope="session")
def table():
    """The normalised table built from the real documents."""
    return build_table().table


@pytest.fixture()
def raw_copy(tmp_path: Path) -> Path:
    """A writable copy of data/raw (manifest + documents) for bad-input tests."""
    dest = tmp_path / "raw"
    shutil.copytree(paths.RAW, dest)
    for f in dest.iterdir():
        f.chmod(0o644)
    return dest


@pytest.fixture(scope="session")
def rendered(tmp_path_factory) -> Path:
    """The whole catalog rendered once into a scratch reports folder (two workers): pages,
    PDFs, executed notebooks (``NAME.ipynb``) and figures (``figures/NAME/``).

    Every test that checks a catalog report reads it from here instead of rendering again.
    ``COMPARE_TEST_RENDERED=reports`` checks an already rendered folder instead (after
    `make reports`, to look again without rendering twice).
    """
    from compare.reports import run_reports

    given = os.environ.get("COMPARE_TEST_RENDERED")
    if given:
        return Path(given).resolve()
    out = tmp_path_factory.mktemp("reports")
    # figures go where the pages go (the kernels inherit the variable)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COMPARE_FIGURES_ROOT", str(out))
        code = run_reports(jobs=2, out_dir=out, progress=False)
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    failed = [(r["name"], r["message"]) for r in run["reports"] if r["status"] != "ok"]
    assert code == 0 and not failed, failed
    return out
