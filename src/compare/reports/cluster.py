"""Rendering on a Dask cluster: ``compare reports --scheduler tcp://HOST:8786``.

The client (the machine that runs ``compare reports``) does everything but render: it
fingerprints, decides what is up to date, and writes every file into ``reports/``, the
index and run.json included, once. The cluster only renders:

* the project's inputs (``data/`` and the notebooks, about 1 MB) are packed once,
  scattered to every worker, and unpacked there into a cache folder keyed by their hash,
  so workers need no shared folder and always read exactly what the client fingerprinted;
* each report is one task (`render_remote`) submitted through the client's
  `concurrent.futures` executor; it renders into a temporary folder on the worker and
  returns the result and the files' bytes, which the client stages and switches in like
  a local run's, so the outputs are the same as a local run's apart from recorded times;
* a worker first checks that its ``compare`` source, rendering libraries and font are the
  client's (`fingerprint.environment`), else the report fails saying so;
* no more reports are submitted than the cluster has worker threads, so a worker holds one
  report at a time and a worker that dies fails only that report (after the scheduler's
  own retries on other workers, ``distributed.scheduler.allowed-failures``);
* on SIGINT/SIGTERM the client cancels every pending task and closes its connection.

One report at a time runs in each worker process (a lock): the kernel inherits the
process's environment, which says where figures go. Start workers with ``--nthreads 1``
and as many ``--nworkers`` as the machine has cores.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import functools
import hashlib
import io
import os
import shutil
import tarfile
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .. import paths
from . import outputs
from .catalog import Report
from .result import Result

_lock = threading.Lock()


@functools.lru_cache(maxsize=1)
def _environment() -> tuple[tuple[str, str], ...]:
    """This worker's library source, versions and font, hashed once per process (the
    code it has imported, not whatever is on disk later)."""
    from .fingerprint import environment

    return tuple(sorted(environment().items()))


def bundle(notebooks_dir: Path, data_dir: Path | None = None) -> bytes:
    """The inputs a kernel reads, as a deterministic tar: ``data/`` and ``notebooks/``."""
    data_dir = paths.project().data if data_dir is None else data_dir
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for prefix, folder in (("data", data_dir), ("notebooks", notebooks_dir)):
            for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
                rel = path.relative_to(folder).as_posix()
                if any(part.startswith(".") for part in rel.split("/")) or "__pycache__" in rel:
                    continue
                info = tarfile.TarInfo(f"{prefix}/{rel}")
                data = path.read_bytes()
                info.size, info.mode, info.mtime = len(data), 0o644, 0
                tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def _unpacked(data: bytes, digest: str) -> Path:
    """The bundle unpacked on this worker (once per bundle; concurrent workers race safely)."""
    root = _bundles_dir()
    root.mkdir(exist_ok=True)
    target = root / digest
    if not target.is_dir():
        tmp = Path(tempfile.mkdtemp(dir=root, prefix=".unpack-"))
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            tar.extractall(tmp, filter="data")
        try:
            os.rename(tmp, target)
        except OSError:  # another worker process got there first
            shutil.rmtree(tmp, ignore_errors=True)
    return target


def render_remote(
    report: Report, notebook: str, data: bytes, digest: str, expected: dict[str, str], input_path: str
) -> tuple[Result, dict[str, bytes]]:
    """A cluster task: render ``report`` (its notebook at ``notebooks/<notebook>`` of the
    bundle) and return its result and staged files."""
    from dataclasses import replace

    from .worker import render, runtime_dir

    with _lock:
        mine = dict(_environment())
        differs = sorted(k for k in expected if expected[k] != mine.get(k))
        if differs:
            result = Result(report.name, report.title, report.notebook.name)
            what = ", ".join(
                {"library": "compare source", "versions": "library versions"}.get(k, k) for k in differs
            )
            return result.fail(
                "worker", f"worker's {what} differ(s) from the client's; install the same version"
            ).finish(), {}
        project = _unpacked(data, digest)
        local = replace(report, notebook=project / "notebooks" / notebook)
        staging = Path(tempfile.mkdtemp(prefix="report-", dir=runtime_dir()))
        try:
            result = render(local, staging, input_path, env={"COMPARE_ROOT": str(project)})
            files = {rel: (staging / rel).read_bytes() for rel in result.files}
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    result.notebook = report.notebook.name
    return result, files


def render_on_cluster(
    address: str, order: list[Report], out_dir: Path, notebooks_dir: Path, stop: Callable[[], bool]
) -> Iterator[tuple[Report, Path, Any]]:
    """Submit ``order`` to the scheduler at ``address``; yield (report, staged folder,
    outcome) as tasks finish, like the local pool."""
    try:
        from distributed import Client
    except ImportError as exc:
        from ..errors import CompareError

        raise CompareError("--scheduler needs Dask distributed: pip install 'compare[cluster]'") from exc
    from .fingerprint import environment
    from .worker import notebook_input_path

    client = Client(address, timeout="30s", set_as_default=False)
    executor = client.get_executor(pure=False)
    futures: dict[cf.Future, Report] = {}
    digest = None
    try:
        data = bundle(notebooks_dir)
        digest = hashlib.sha256(data).hexdigest()
        shared = client.scatter(data, broadcast=True, hash=False)
        expected = environment()
        root = notebooks_dir.resolve()
        queue = list(order)
        pending: set[cf.Future] = set()
        while (queue or pending) and not stop():
            # no more tasks than worker threads: a worker that dies then held one report
            # only (the scheduler fails or retries everything queued on a dead worker)
            slots = max(1, sum(client.nthreads().values())) - len(pending)
            while queue and slots > 0:
                report = queue.pop(0)
                rel = report.notebook.relative_to(root).as_posix()
                future = executor.submit(
                    render_remote,
                    report,
                    rel,
                    shared,
                    digest,
                    expected,
                    notebook_input_path(report, notebooks_dir),
                )
                futures[future] = report
                pending.add(future)
                slots -= 1
            finished, pending = cf.wait(pending, timeout=0.2, return_when=cf.FIRST_COMPLETED)
            for future in finished:
                yield _collected(future, futures[future], out_dir)
    finally:
        for future in futures:
            future.cancel()
        executor.shutdown(wait=False)
        if digest is not None:  # the workers' unpacked copy of this run's bundle goes with the run
            with contextlib.suppress(Exception):
                client.run(remove_bundle, digest)
        client.close(timeout=5)


def _bundles_dir() -> Path:
    """Where this worker keeps the bundles it unpacked (in its user's runtime root)."""
    from .worker import runtime_root

    return runtime_root() / "bundles"


def remove_bundle(digest: str) -> bool:
    """Remove this worker's unpacked copy of the bundle ``digest`` (a run's last task on each
    worker of the cluster); True when there was one."""
    target = _bundles_dir() / digest
    found = target.is_dir()
    shutil.rmtree(target, ignore_errors=True)
    return found


def _collected(future: cf.Future, report: Report, out_dir: Path) -> tuple[Report, Path, Any]:
    """(report, staged folder, outcome) of a finished task: its files written into the
    report's staging folder, or ``died`` with the reason when the task failed."""
    staged = outputs.staging_dir(out_dir, report.name)
    try:
        result, files = future.result()
    except Exception as exc:  # KilledWorker, lost connection …
        return report, staged, ("died", f"{type(exc).__name__}: {exc}")
    for rel, content in files.items():
        (staged / rel).parent.mkdir(parents=True, exist_ok=True)
        (staged / rel).write_bytes(content)
    return report, staged, ("ok", result)
