"""Rendering on a Dask cluster started by the test: the same outputs as a local run apart
from recorded times, index and run.json written by the client, and a worker that dies
fails only its own report (the local pool is held to the same)."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
from pathlib import Path

import nbformat
import pytest

from compare.reports import run_reports
from compare.reports.cluster import bundle
from test_reports_pipeline import notebook

FIGURE = """\
from matplotlib.figure import Figure
from compare.figures import saving
fig = Figure(figsize=(2, 2)); fig.add_subplot().plot([1, 3, 2])
saving.save(fig, figures_dir, "line")
print("region", region)
"""
KILL_WORKER = "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)"
CATALOG = """\
reports:
  - {name: a, notebook: 10-fig.ipynb, title: 甲 A, parameters: {region: kaizhou, figures_dir: figures/a}}
  - {name: b, notebook: 10-fig.ipynb, title: 乙 B, parameters: {region: bishan, figures_dir: figures/b}}
  - {name: dies, notebook: 20-kill.ipynb, title: Kills its worker}
  - {name: c, notebook: 10-fig.ipynb, title: 丙 C, parameters: {region: tongnan, figures_dir: figures/c}}
"""


@pytest.fixture(scope="module")
def figure_and_kill_project(tmp_path_factory):
    root = tmp_path_factory.mktemp("cluster")
    nbs = root / "notebooks"
    notebook(
        nbs / "10-fig.ipynb", ("params", 'region: str = "kaizhou"\nfigures_dir: str = ""'), ("code", FIGURE)
    )
    notebook(nbs / "20-kill.ipynb", ("code", "print('starting')"), ("code", KILL_WORKER))
    (root / "catalog.yml").write_text(CATALOG, encoding="utf-8")
    table = root / "indicators.csv"
    table.write_text("region,indicator_id\nkaizhou,pm25\nbishan,pm25\ntongnan,pm25\n", encoding="utf-8")
    return root


def render(root: Path, out: Path, **kwargs) -> tuple[int, dict, Path]:
    with contextlib.redirect_stdout(io.StringIO()):
        code = run_reports(
            root / "catalog.yml",
            out_dir=out,
            notebooks_dir=root / "notebooks",
            table=root / "indicators.csv",
            codebook=root / "indicators.csv",
            progress=False,
            **kwargs,
        )
    return code, json.loads((out / "run.json").read_text(encoding="utf-8")), out


def without_times(path: Path) -> dict:
    """An executed notebook with what differs between runs removed: timestamps, durations."""
    nb = nbformat.read(path, as_version=4)
    for key in ("start_time", "end_time", "duration"):
        nb.metadata.get("papermill", {}).pop(key, None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        for key in ("start_time", "end_time", "duration"):
            cell.metadata.get("papermill", {}).pop(key, None)
    return dict(nb)


@pytest.fixture(scope="module")
def runs(figure_and_kill_project, tmp_path_factory):
    distributed = pytest.importorskip("distributed")
    import dask

    local = render(figure_and_kill_project, tmp_path_factory.mktemp("local"), jobs=2)
    # no retries: the report whose kernel kills its worker fails at once
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        with distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster:
            remote = render(
                figure_and_kill_project,
                tmp_path_factory.mktemp("remote"),
                scheduler=cluster.scheduler_address,
            )
    return local, remote


@pytest.mark.slow
@pytest.mark.full
def test_cluster_outputs_match_the_local_run(runs):
    (local_code, local, local_dir), (remote_code, remote, remote_dir) = runs
    assert local_code == remote_code == 1
    messages = [(r["name"], r["message"]) for r in local["reports"] + remote["reports"]]
    assert remote["scheduler"] and remote["rendered"] == local["rendered"] == ["a", "b", "c"], messages
    for name in ("a", "b", "c"):
        for suffix in (".html", ".pdf"):
            assert (local_dir / f"{name}{suffix}").read_bytes() == (
                remote_dir / f"{name}{suffix}"
            ).read_bytes()
        assert (local_dir / f"figures/{name}/line.png").read_bytes() == (
            remote_dir / f"figures/{name}/line.png"
        ).read_bytes()
        assert without_times(local_dir / f"{name}.ipynb") == without_times(remote_dir / f"{name}.ipynb")
    keys = ("status", "stage", "outputs", "files")
    for lr, rr in zip(local["reports"], remote["reports"]):
        if lr["name"] != "dies":
            assert {k: lr[k] for k in keys} == {k: rr[k] for k in keys}
    assert (remote_dir / "index.html").is_file()


@pytest.mark.slow
@pytest.mark.full
def test_a_dying_worker_fails_only_its_report(runs):
    for _, run, _ in runs:
        by_name = {r["name"]: r for r in run["reports"]}
        assert by_name["dies"]["status"] == "failed" and by_name["dies"]["stage"] == "worker"
        assert all(by_name[n]["status"] == "ok" for n in ("a", "b", "c"))
    local = {r["name"]: r for r in runs[0][1]["reports"]}
    assert "killed by SIGKILL" in local["dies"]["message"]
    remote = {r["name"]: r for r in runs[1][1]["reports"]}
    assert "KilledWorker" in remote["dies"]["message"]


def test_the_bundle_a_remote_kernel_reads_is_the_same_bytes_for_the_same_files(tmp_path):
    """Data and notebooks as a tar: sorted, no times, hidden files and bytecode left out
    (no cluster needed)."""
    import tarfile

    data, notebooks = tmp_path / "data", tmp_path / "notebooks"
    for path, text in (
        (data / "raw" / "MANIFEST.csv", "file\n"),
        (data / ".hidden", "x"),
        (notebooks / "10-overview.ipynb", "{}"),
        (notebooks / "__pycache__" / "x.pyc", "x"),
    ):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    first = bundle(notebooks, data)
    (data / "raw" / "MANIFEST.csv").touch()  # a new mtime, the same bytes
    assert bundle(notebooks, data) == first
    with tarfile.open(fileobj=io.BytesIO(first)) as tar:
        assert tar.getnames() == ["data/raw/MANIFEST.csv", "notebooks/10-overview.ipynb"]
        assert {m.mtime for m in tar.getmembers()} == {0}


@pytest.mark.slow
@pytest.mark.full
def test_the_workers_copy_of_the_bundle_goes_with_the_run(runs, figure_and_kill_project):
    """Each worker unpacks a run's bundle (notebooks and data) once; the run removes it at
    its end, so no copy outlives it in the workers' temp folder."""
    from compare.reports.cluster import remove_bundle
    from compare.reports.worker import runtime_root

    assert runs[1][1]["scheduler"]  # the cluster run happened
    digest = hashlib.sha256(bundle(figure_and_kill_project / "notebooks")).hexdigest()  # as the run made it
    assert not (runtime_root() / "bundles" / digest).exists()
    assert remove_bundle(digest) is False  # and removing it again finds nothing
