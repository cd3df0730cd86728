"""Rendering one report into a staging folder: papermill, then HTML, PDF and Word copy.

This is the unit of work a worker runs (a local process of the pool, or a Dask worker).
It writes only into the staging folder it is given; the client switches the staged files
in (`compare.reports.outputs`) when the report succeeded. Notebooks run on papermill's
own nbclient engine with its options:

* ``request_save_on_cell_execute=False``: the executed notebook is written once, when the
  run ends (papermill's default rewrites it before and after every cell);
* ``shutdown_kernel="immediate"``: every output a report makes is in the notebook or
  written by the cell that made it, so nothing waits for the kernel's interpreter to
  tear down (about 0.3 s per report);
* the kernel manager's config puts the kernel on Unix domain sockets (``transport="ipc"``)
  and its connection file (mode 0600, it holds the HMAC key) in a private folder of this
  worker (mode 0700, see `runtime_dir`): no open TCP port, no socket shared between
  kernels that run side by side, nothing left in the user's Jupyter runtime folder;
* the kernel's working directory is the notebook's folder, passed to the kernel as
  nbclient's ``resources`` path instead of papermill's ``cwd=`` (a ``chdir`` of the whole
  process).

When a cell raises, papermill writes the notebook with its error. When the kernel dies
or a cell times out papermill writes nothing, so nbclient's ``on_notebook_start`` hook
keeps a reference to the notebook being executed and it is written here, with a marker
cell saying where and why execution stopped.
"""

from __future__ import annotations

import contextlib
import html as htmlmod
import itertools
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .. import faults
from ..files import write_text
from .catalog import Report
from .render import html_to_pdf, to_html
from .result import Result
from .word import html_to_docx

#: Kernels must never open a GUI window, but MPLBACKEND=Agg would also stop ipykernel from
#: installing its inline backend, and then no figure reaches the executed notebook (plt.show()
#: only warns). The inline backend is just as headless and captures the figures as PNG.
KERNEL_ENV = {
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
}
EXECUTION_TIMEOUT = 600
START_TIMEOUT = 120
#: Private folders of kernel sockets and connection files live under here, one per
#: worker process, named ``w<pid>-<random>`` so a later run can sweep those whose
#: process is gone.
RUNTIME_PREFIX = "compare-"
#: The runtime root as processes started inside `temp_folder` must see it.
ROOT_ENV = "COMPARE_RUNTIME_ROOT"

_runtime: Path | None = None
_kernels = itertools.count(1)


def runtime_root() -> Path:
    """``<tmp>/compare-<uid>``: the user's own folder (0700) for the runtime folders.

    Inside `temp_folder` (and in the processes started there) ``$TMPDIR`` points into a
    runtime folder; ``COMPARE_RUNTIME_ROOT`` then keeps the root where it was.
    """
    uid = os.getuid() if hasattr(os, "getuid") else 0
    base = os.environ.get(ROOT_ENV)
    root = Path(base) if base else Path(tempfile.gettempdir()) / f"{RUNTIME_PREFIX}{uid}"
    root.mkdir(mode=0o700, exist_ok=True)
    if hasattr(os, "getuid") and (root.stat().st_uid != uid or root.is_symlink()):
        raise RuntimeError(f"{root} is not this user's own folder")
    os.chmod(root, 0o700)
    return root


def runtime_dir() -> Path:
    """This process's private folder for kernel sockets and connection files (0700)."""
    global _runtime
    if _runtime is None or not _runtime.is_dir():
        _runtime = Path(tempfile.mkdtemp(prefix=f"w{os.getpid()}-", dir=runtime_root()))
    return _runtime


def remove_runtime_dir() -> None:
    global _runtime
    if _runtime is not None:
        shutil.rmtree(_runtime, ignore_errors=True)
        _runtime = None


@contextlib.contextmanager
def temp_folder() -> Iterator[Path]:
    """Every temporary file of this process and its children in a fresh folder inside
    this process's runtime folder, removed when the block ends.

    ``tempfile.tempdir`` (this process: WeasyPrint's font folder, ``weasyprint-*``, which
    it removes only when its font configuration is collected) and ``$TMPDIR`` (processes
    started here: workers, kernels) point at it. A process stopped by SIGTERM removes
    its whole runtime folder (`remove_runtime_dir`); one killed outright leaves it to the
    sweep of the next run (`sweep_runtime_dirs`). One report at a time per process: the
    setting is process-wide.
    """
    root = runtime_root()
    folder = Path(tempfile.mkdtemp(prefix="tmp-", dir=runtime_dir()))
    saved = tempfile.tempdir
    tempfile.tempdir = str(folder)
    try:
        with _environ({"TMPDIR": str(folder), ROOT_ENV: str(root)}):
            yield folder
    finally:
        tempfile.tempdir = saved
        shutil.rmtree(folder, ignore_errors=True)


def sweep_runtime_dirs() -> list[Path]:
    """Remove runtime folders left by worker processes that no longer exist (killed)."""
    removed: list[Path] = []
    try:
        root = runtime_root()
    except (OSError, RuntimeError):
        return removed
    for folder in root.glob("w*-*"):
        try:
            pid = int(folder.name[1:].split("-", 1)[0])
        except ValueError:
            continue
        if pid != os.getpid() and not _alive(pid):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def _environ(values: dict[str, str]) -> Iterator[None]:
    """Set environment variables the kernel inherits; restored afterwards."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def kernel_config(folder: Path) -> Any:
    """The kernel manager's config: IPC sockets and the connection file in ``folder``."""
    from traitlets.config import Config

    n = next(_kernels)
    manager: dict[str, Any] = {"connection_file": str(folder / f"kernel-{n}.json")}
    if ipc_fits(folder / f"k{n}"):
        manager.update(transport="ipc", ip=str(folder / f"k{n}"))
    return Config({"KernelManager": manager})


#: The longest Unix domain socket path, in bytes: ``sun_path`` holds 108 on Linux and 104 on
#: macOS, with the closing NUL.
IPC_PATH_MAX = 103


def ipc_fits(ip: Path) -> bool:
    """Whether a kernel's IPC sockets (``IP-1`` ... ``IP-5``) fit a Unix socket address.

    A longer path cannot be bound: the kernel starts but its client never reaches it, and the
    run waited for ever (a project or temporary folder deep in the file system). Such a
    kernel, and every kernel on Windows (ZeroMQ has no IPC transport there), talks over TCP
    on localhost instead.

    Parameters
    ----------
    ip : Path
        The sockets' path prefix.

    Returns
    -------
    bool
        True on POSIX when the longest socket path fits.
    """
    return os.name == "posix" and len(os.fsencode(f"{ip}-5")) <= IPC_PATH_MAX


# ----------------------------------------------------------------------------- execute


def _source_cell(notebook: Path, executed: list[Any], index: int) -> int:
    """Map papermill's cell index to the failing cell's index in the SOURCE notebook.

    papermill counts cells with its injected-parameters cell, then writes error-marker
    cells into the saved copy; the cell id (nbformat >= 4.5) survives all of that.
    """
    import nbformat
    from papermill.execute import ERROR_MARKER_TAG

    try:
        cells = [c for c in executed if ERROR_MARKER_TAG not in c.get("metadata", {}).get("tags", [])]
        ids = [c.get("id") for c in nbformat.read(notebook, as_version=4).cells]
        cell_id = cells[index].get("id")
        if cell_id in ids:
            return ids.index(cell_id)
        return index - sum(
            1 for c in cells[:index] if "injected-parameters" in c.get("metadata", {}).get("tags", [])
        )
    except Exception:
        return index


def _stopped_at(nb: Any) -> int | None:
    """Index of the cell execution stopped in: the last one papermill started (it marks
    every cell "pending" first, and a started one "running", then "completed")."""
    started = [
        i
        for i, cell in enumerate(nb.cells)
        if cell.get("metadata", {}).get("papermill", {}).get("status") not in (None, "pending")
    ]
    return started[-1] if started else None


def _write_stopped(nb: Any, target: Path, why: str, cell: int | None) -> None:
    """Write a notebook whose kernel died or timed out, with a marker cell on top."""
    import nbformat
    from papermill.execute import ERROR_MARKER_TAG

    where = f"cell {cell}" if cell is not None else "kernel start"
    marker = nbformat.v4.new_markdown_cell(
        f"**Execution stopped** at {htmlmod.escape(where)}: {htmlmod.escape(why)}",
        metadata={"tags": [ERROR_MARKER_TAG]},
    )
    nb.cells.insert(0, marker)
    write_text(target, nbformat.writes(nb))


def _normalise(path: Path, input_path: str, output_path: str) -> None:
    """Record project-relative notebook paths (not this worker's staging folder) and fixed
    ids for the cells papermill adds, so an executed notebook does not depend on where or
    when it was run (apart from its recorded times)."""
    import nbformat
    from papermill.execute import ERROR_MARKER_TAG

    nb = nbformat.read(path, as_version=4)
    meta = nb.metadata.setdefault("papermill", {})
    meta["input_path"], meta["output_path"] = input_path, output_path
    # papermill gives the cells it adds random ids; fixed ones keep runs comparable
    markers = 0
    for cell in nb.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if "injected-parameters" in tags:
            cell["id"] = "injected-parameters"
        elif ERROR_MARKER_TAG in tags:
            markers += 1
            cell["id"] = f"papermill-error-{markers}"
    write_text(path, nbformat.writes(nb))


def notebook_input_path(report: Report, notebooks_dir: Path) -> str:
    """The notebook's path as the executed notebook records it.

    Parameters
    ----------
    report : Report
        A catalog entry.
    notebooks_dir : Path
        The project's notebook folder.

    Returns
    -------
    str
        ``notebooks/NAME.ipynb`` relative to the project, else the notebook's file name.
    """
    try:
        return "notebooks/" + report.notebook.relative_to(notebooks_dir.resolve()).as_posix()
    except ValueError:
        return report.notebook.name


def execute(report: Report, target: Path, result: Result, input_path: str = "") -> bool:
    """Run the report's notebook with papermill into ``target``; True if every cell ran.

    A failed run still leaves the executed notebook at ``target`` (with its error) when
    there is one to show.
    """
    import papermill

    live: dict[str, Any] = {}

    def keep(notebook: Any = None, **_: Any) -> None:
        live["nb"] = notebook

    start = time.perf_counter()
    ok = False
    try:
        papermill.execute_notebook(
            str(report.notebook),
            str(target),
            parameters=dict(report.parameters),
            kernel_name="python3",
            request_save_on_cell_execute=False,
            progress_bar=False,
            log_output=False,
            execution_timeout=EXECUTION_TIMEOUT,
            start_timeout=START_TIMEOUT,
            shutdown_kernel="immediate",
            config=kernel_config(runtime_dir()),
            resources={"metadata": {"path": str(report.notebook.parent)}},
            on_notebook_start=keep,
        )
        ok = True
    except papermill.PapermillExecutionError as exc:
        cells = live["nb"].cells if "nb" in live else []
        result.cell = _source_cell(report.notebook, cells, exc.cell_index)
        result.execution_count = exc.exec_count
        result.ename, result.evalue = exc.ename, exc.evalue
        evalue = " ".join(str(exc.evalue).split())
        result.fail("execute", f"cell {result.cell} (In [{exc.exec_count}]): {exc.ename}: {evalue}")
    except Exception as exc:  # kernel died, timeout, unreadable notebook …
        lines = str(exc).strip().splitlines()
        result.ename, result.evalue = type(exc).__name__, lines[0] if lines else ""
        why = f"{result.ename}: {result.evalue}"
        if "nb" in live:
            index = _stopped_at(live["nb"])
            if index is not None:
                result.cell = _source_cell(report.notebook, live["nb"].cells, index)
            with contextlib.suppress(Exception):
                _write_stopped(live["nb"], target, why, result.cell)
        where = f"cell {result.cell}: " if result.cell is not None else ""
        result.fail("execute", f"{where}{why}")
    finally:
        result.seconds["execute"] = round(time.perf_counter() - start, 3)
    if target.is_file() and input_path:
        with contextlib.suppress(Exception):
            _normalise(target, input_path, f"{report.name}.ipynb")
    return ok


def _stage(result: Result, stage: str, fn: Any) -> tuple[bool, Any]:
    """Run one rendering stage, adding its time; an error fails the report (first error wins)."""
    start = time.perf_counter()
    try:
        ok, value = True, fn()
    except Exception as exc:
        if result.ok:
            result.fail(stage, f"{stage}: {type(exc).__name__}: {exc}".splitlines()[0])
        ok, value = False, None
    result.seconds[stage] = round(result.seconds.get(stage, 0.0) + time.perf_counter() - start, 3)
    return ok, value


def render(
    report: Report, staging: str | Path, input_path: str = "", env: dict[str, str] | None = None
) -> Result:
    """Execute and render one report into ``staging``; the files written are listed in
    ``result.files`` (relative to ``staging``), its pages in ``result.outputs``.

    A good run stages ``NAME.ipynb``, ``NAME.html``, ``NAME.pdf``, ``NAME.docx`` (the
    Word copy, `word.html_to_docx`) and the figures; a
    failed one ``NAME.failed.ipynb`` and ``NAME.failed.html`` (the page shows the error).
    Figures go to ``staging/<figures_dir>``: the kernel's ``COMPARE_FIGURES_ROOT``.
    Temporary files (the kernel's, WeasyPrint's) live in this process's runtime folder
    and are removed when the report is done (`temp_folder`).
    """
    with temp_folder():
        return _render(report, Path(staging), input_path, env)


def _render(report: Report, staging: Path, input_path: str, env: dict[str, str] | None) -> Result:
    staging.mkdir(parents=True, exist_ok=True)
    result = Result(report.name, report.title, report.notebook.name)
    cpu_before = _cpu()
    nb_path = staging / f"{report.name}.ipynb"
    kernel_env = {**KERNEL_ENV, "COMPARE_FIGURES_ROOT": str(staging), **(env or {})}
    with _environ(kernel_env), faults.phase("execute"):
        ok = execute(report, nb_path, result, input_path or report.notebook.name)
    prefix = report.name if ok else f"{report.name}.failed"
    if nb_path.is_file() and not ok:
        nb_path = nb_path.rename(staging / f"{prefix}.ipynb")
    if nb_path.is_file():
        _write_pages(report, staging, nb_path, prefix, result)
    if not result.ok and ok:  # rendering failed after a good run: stage it as a failure
        _stage_as_failed(report, staging, result)
    result.files = sorted(
        p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file() and ".tmp" not in p.name
    )
    if not result.ok:  # figures of a failed run are not kept
        result.files = [f for f in result.files if f in result.outputs.values()]
    result.cpu_seconds = round(_cpu() - cpu_before, 3)
    return result.finish()


def _write_pages(report: Report, staging: Path, nb_path: Path, prefix: str, result: Result) -> None:
    """The executed notebook's HTML page, and for a good run its PDF and Word copy (those of
    ``report.formats``)."""
    result.outputs["ipynb"] = nb_path.name
    html_path = staging / f"{prefix}.html"
    done, html = _stage(
        result, "html", lambda: to_html(nb_path, report.title, report.notebook.parent, formats=report.formats)
    )
    if done and _stage(result, "html", lambda: write_text(html_path, html))[0]:
        result.outputs["html"] = html_path.name
    if done and result.ok and "pdf" in report.formats:  # a failed run gets no PDF: its page shows the error
        pdf_path = staging / f"{prefix}.pdf"
        if _stage(result, "pdf", lambda: html_to_pdf(html, pdf_path))[0]:
            result.outputs["pdf"] = pdf_path.name
    if done and result.ok and "docx" in report.formats:
        docx_path = staging / f"{prefix}.docx"
        if _stage(result, "docx", lambda: html_to_docx(html, docx_path))[0]:
            result.outputs["docx"] = docx_path.name


def _stage_as_failed(report: Report, staging: Path, result: Result) -> None:
    """A good run whose rendering failed: no PDF or Word copy, the rest renamed ``.failed``."""
    for kind in ("pdf", "docx"):  # a failure shows as its page, not as a document
        result.outputs.pop(kind, None)
        (staging / f"{report.name}.{kind}").unlink(missing_ok=True)
    for kind, name in list(result.outputs.items()):
        failed = f"{report.name}.failed{Path(name).suffix}"
        (staging / name).rename(staging / failed)
        result.outputs[kind] = failed


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the kernels)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return 0.0
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
