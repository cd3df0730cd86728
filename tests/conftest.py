"""Shared fixtures: the real table built once per session, a scratch copy of data/raw, and
the catalog rendered once per session (every report check reads that one folder): a sample
of it in `make test`, all of it in `make test-full` (see ``catalog_under_test``); below
them the real build's result, the codebook, a scratch project and the check that a build
refuses bad input cleanly."""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
from pathlib import Path

import pytest

import catalog_under_test
from compare import paths
from compare.ingest.build import build_table


@pytest.fixture(scope="session")
def table(built):
    """The normalised table built from the real documents."""
    return built.table


@pytest.fixture()
def raw_copy(tmp_path: Path) -> Path:
    """A writable copy of data/raw (manifest + documents) for bad-input tests."""
    dest = tmp_path / "raw"
    shutil.copytree(paths.RAW, dest)
    for f in dest.iterdir():
        f.chmod(0o644)
    return dest


@pytest.fixture(scope="session")
def rendered(request, tmp_path_factory, testrun_uid) -> Path:
    """The catalog reports under test (``catalog_under_test.NAMES``: every notebook, in both
    languages in turn, or the whole catalog with ``COMPARE_TEST_CATALOG=full``) rendered once
    per session into one reports folder (two workers): pages, PDFs, Word copies, executed
    notebooks (``NAME.ipynb``) and figures (``figures/NAME/``).

    Every test that checks a catalog report reads it from here instead of rendering again.
    The folder is kept in pytest's cache (``.pytest_cache/d/test-catalog``) and rendered as
    `compare reports` renders: a report whose inputs did not change since the last session
    (its notebook, parameters, table slice, the library's source, the rendering libraries,
    fonts: `compare.reports.fingerprint`) is kept, everything else is rendered again. So
    `make test-full` after `make test` renders only the reports the sample left out, and a
    second `make test` after a change to tests alone renders nothing. ``pytest
    --cache-clear`` (or ``-p no:cacheprovider``) renders everything into the run's scratch
    folder; ``COMPARE_TEST_RENDERED=reports`` checks an already rendered folder instead
    (after `make reports`, to look again without rendering twice).
    """
    given = os.environ.get("COMPARE_TEST_RENDERED")
    if given:
        return Path(given).resolve()
    out = _rendering_folder(request, tmp_path_factory)
    # Under pytest-xdist every worker asks for the rendering: the first renders while holding
    # the lock and signs the folder with the run's id, the others wait and read it.
    with (out.parent / f"{out.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        signed = out.parent / f"{out.name}.session"
        if not signed.is_file() or signed.read_text(encoding="utf-8") != testrun_uid:
            _render_catalog(out)
            signed.write_text(testrun_uid, encoding="utf-8")
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    failed = [(r["name"], r["message"]) for r in run["reports"] if r["status"] != "ok"]
    assert not failed, failed
    assert {r["name"] for r in run["reports"]} >= set(catalog_under_test.NAMES)
    return out


def _rendering_folder(request, tmp_path_factory) -> Path:
    """pytest's cache folder for the rendering, or the run's scratch folder without a cache."""
    cache = getattr(request.config, "cache", None)
    if cache is None:
        return _shared_basetemp(tmp_path_factory) / "rendered-catalog"
    return cache.mkdir("test-catalog")


def _render_catalog(out: Path) -> None:
    """Render the reports under test into ``out`` (figures beside the pages)."""
    from compare.reports import run_reports

    out.mkdir(parents=True, exist_ok=True)
    # figures go where the pages go (the kernels inherit the variable)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COMPARE_FIGURES_ROOT", str(out))
        run_reports(jobs=2, out_dir=out, progress=False, only=catalog_under_test.NAMES)


@pytest.fixture(scope="session")
def pdf_pages(tmp_path_factory):
    """``pdf_pages(path)``: a rendered PDF's pages (`pdf_pages.Page`), parsed once per PDF and
    kept in the run's shared base folder, where every pytest-xdist worker finds them."""
    import pdf_pages as module

    module.use_cache_dir(_shared_basetemp(tmp_path_factory) / "pdf-pages")
    return module.read_pages


def _shared_basetemp(tmp_path_factory) -> Path:
    """The base folder all workers of this run share (the parent of each worker's own)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def built():
    """The real build's whole result (`BuildResult`): the table, the notes printed with it
    and the observations, built once per session."""
    return build_table()


@pytest.fixture(scope="session")
def codebook():
    """The project's codebook of indicators (`compare.ingest.codebook.Codebook`)."""
    from compare.ingest.codebook import load_codebook

    return load_codebook()


@pytest.fixture()
def project_copy(tmp_path: Path) -> Path:
    """A project root in ``tmp_path`` with writable copies of data/raw (manifest and
    documents) and data/codebook; nothing built yet."""
    for sub in ("raw", "codebook"):
        shutil.copytree(paths.DATA / sub, tmp_path / "data" / sub)
    for f in (tmp_path / "data" / "raw").iterdir():
        f.chmod(0o644)
    return tmp_path


def _visible_files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if not p.name.startswith(".")}


@pytest.fixture()
def assert_build_refused():
    """The check that ``compare build`` refuses a project's bad input cleanly: exit code 2,
    one line on stderr matching ``pattern`` and no traceback, and ``data/processed`` left
    exactly as it was. Call it as ``assert_build_refused(root, pattern)``; it returns the
    build's stdout. The build runs in this process (`in_process.compare`)."""
    from in_process import compare

    def check(root: Path, pattern: str) -> str:
        processed = root / "data" / "processed"
        before = _visible_files(processed) if processed.is_dir() else {}
        result = compare(root, "build")
        message = result.stderr.strip()
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in message and len(message.splitlines()) == 1, message
        assert re.search(pattern, message), message
        after = _visible_files(processed) if processed.is_dir() else {}
        assert after == before  # the previous output set stays, untouched
        return result.stdout

    return check
