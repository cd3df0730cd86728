"""Shared fixtures: the real table built once per session, a scratch copy of data/raw, and
the catalog rendered once per session (every report check reads that one folder): a sample
of it in `make test`, all of it in `make test-catalog` (see ``catalog_under_test``)."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from pathlib import Path

import pytest

import catalog_under_test
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
    """The catalog reports under test (``catalog_under_test.NAMES``: every notebook in both
    languages, or the whole catalog with ``COMPARE_TEST_CATALOG=full``) rendered once into a
    scratch reports folder (two workers): pages, PDFs, Word copies, executed notebooks
    (``NAME.ipynb``) and figures (``figures/NAME/``).

    Every test that checks a catalog report reads it from here instead of rendering again.
    ``COMPARE_TEST_RENDERED=reports`` checks an already rendered folder instead (after
    `make reports`, to look again without rendering twice).
    """
    given = os.environ.get("COMPARE_TEST_RENDERED")
    if given:
        return Path(given).resolve()
    # Under pytest-xdist every worker asks for the rendering: the first renders it into the
    # run's shared base folder while holding a lock, the others wait and read the same folder.
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent
    out = shared / "rendered-catalog"
    with (shared / "rendered-catalog.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (out / "run.json").is_file():
            _render_catalog(out)
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    failed = [(r["name"], r["message"]) for r in run["reports"] if r["status"] != "ok"]
    assert not failed, failed
    assert {r["name"] for r in run["reports"]} >= set(catalog_under_test.NAMES)
    return out


def _render_catalog(out: Path) -> None:
    """Render the reports under test into ``out`` (figures beside the pages)."""
    from compare.reports import run_reports

    out.mkdir(parents=True, exist_ok=True)
    # figures go where the pages go (the kernels inherit the variable)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COMPARE_FIGURES_ROOT", str(out))
        run_reports(jobs=2, out_dir=out, progress=False, only=catalog_under_test.NAMES)
