"""Running the catalog: parameterised notebooks → executed notebook, HTML page and PDF per report.

`reports/catalog.yml` lists the reports; every parameter is validated (compare.params)
before any kernel starts, then each report is executed with papermill (optionally in a
process pool: papermill's ``cwd=`` is a process-wide chdir, so never threads) and rendered:
nbconvert's HTML with the code hidden, and a PDF of the same HTML by WeasyPrint with the
Noto Sans CJK font embedded (see design/RENDERING-NOTES.md for why this route).
A failing report never stops the others; the run ends with a summary, `index.html` and
`run.json` (per-report status and seconds per stage).
"""

from __future__ import annotations

import collections
import concurrent.futures as cf
import contextlib
import datetime as dt
import json
import multiprocessing
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .. import paths
from ..errors import CompareError
from ..files import temp_beside, write_text
from . import params
from .catalog import Report, load_catalog, select
from .render import harfbuzz_subsetting, html_to_pdf, to_html, write_index

OUTPUT_SUFFIXES = (".ipynb", ".html", ".pdf")
#: Kernels must never open a GUI window, but MPLBACKEND=Agg would also stop ipykernel from
#: installing its inline backend, and then no figure reaches the executed notebook (plt.show()
#: only warns). The inline backend is just as headless and captures the figures as PNG.
KERNEL_ENV = {
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
}
EXECUTION_TIMEOUT = 600
START_TIMEOUT = 120


@dataclass
class Result:
    """What happened to one report. ``stage`` is where it failed (parameters/execute/html/pdf)."""

    name: str
    title: str
    notebook: str
    status: str = "ok"
    stage: str = ""
    message: str = ""
    cell: int | None = None  # 0-based index of the failing cell in the SOURCE notebook
    execution_count: int | None = None
    ename: str = ""
    evalue: str = ""
    seconds: dict[str, float] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)
    finished: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def fail(self, stage: str, message: str) -> Result:
        self.status, self.stage, self.message = "failed", stage, message
        return self


@contextlib.contextmanager
def _kernel_env() -> Iterator[None]:
    """Headless (inline) matplotlib and a quiet debugger in kernels; restored afterwards."""
    saved = {k: os.environ.get(k) for k in KERNEL_ENV}
    os.environ.update(KERNEL_ENV)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


# ----------------------------------------------------------------------------- execute


def _source_cell(notebook: Path, executed_nb: Path, index: int) -> int:
    """Map papermill's cell index to the failing cell's index in the SOURCE notebook.

    papermill counts cells with its injected-parameters cell, then writes two error-marker
    cells into the saved copy; the cell id (nbformat >= 4.5) survives all of that.
    """
    import nbformat
    from papermill.execute import ERROR_MARKER_TAG

    try:
        executed = [
            c
            for c in nbformat.read(executed_nb, as_version=4).cells
            if ERROR_MARKER_TAG not in c.get("metadata", {}).get("tags", [])
        ]
        ids = [c.get("id") for c in nbformat.read(notebook, as_version=4).cells]
        cell_id = executed[index].get("id")
        if cell_id in ids:
            return ids.index(cell_id)
        return index - sum(
            1 for c in executed[:index] if "injected-parameters" in c.get("metadata", {}).get("tags", [])
        )
    except Exception:
        return index


def execute(report: Report, out_dir: str | Path = paths.REPORTS) -> Result:
    """Run the report's notebook with papermill into ``out_dir/<name>.ipynb``.

    The executed notebook is kept even when a cell fails, so the error can be read.
    """
    import papermill

    from . import engine

    out_dir = Path(out_dir)
    result = Result(report.name, report.title, report.notebook.name)
    target = out_dir / f"{report.name}.ipynb"
    tmp = temp_beside(target)
    start = time.perf_counter()
    try:
        with _kernel_env():
            papermill.execute_notebook(
                str(report.notebook),
                str(tmp),
                parameters=dict(report.parameters),
                kernel_name="python3",
                engine_name=engine.register(),
                progress_bar=False,
                log_output=False,
                execution_timeout=EXECUTION_TIMEOUT,
                start_timeout=START_TIMEOUT,
                cwd=str(report.notebook.parent),
            )
    except papermill.PapermillExecutionError as exc:
        result.cell = _source_cell(report.notebook, tmp, exc.cell_index)
        result.execution_count = exc.exec_count
        result.ename, result.evalue = exc.ename, exc.evalue
        evalue = " ".join(str(exc.evalue).split())
        result.fail("execute", f"cell {result.cell} (In [{exc.exec_count}]): {exc.ename}: {evalue}")
    except Exception as exc:  # kernel died, timeout, unreadable notebook …
        lines = str(exc).strip().splitlines()
        result.ename, result.evalue = type(exc).__name__, lines[0] if lines else ""
        result.fail("execute", f"{result.ename}: {result.evalue}")
    finally:
        result.seconds["execute"] = round(time.perf_counter() - start, 3)
        if tmp.stat().st_size > 0:
            os.replace(tmp, target)
            result.outputs["ipynb"] = target.name
        tmp.unlink(missing_ok=True)
    return result


def _remove_outputs(name: str, out_dir: Path) -> None:
    """Stale outputs of an earlier run must not be linked as this run's."""
    for suffix in OUTPUT_SUFFIXES:
        (out_dir / f"{name}{suffix}").unlink(missing_ok=True)


def build(report: Report, out_dir: str | Path = paths.REPORTS) -> Result:
    """Execute one report and render it: the unit of work of a process-pool worker."""
    out_dir = Path(out_dir)
    _remove_outputs(report.name, out_dir)
    result = execute(report, out_dir)
    nb_path = out_dir / f"{report.name}.ipynb"
    if "ipynb" not in result.outputs:
        return _finish(result)
    html_path = out_dir / f"{report.name}.html"
    ok, html = _stage(result, "html", lambda: to_html(nb_path, report.title, report.notebook.parent))
    if ok and _stage(result, "html", lambda: write_text(html_path, html))[0]:
        result.outputs["html"] = html_path.name
    if ok and result.ok:  # a failed run gets an HTML page showing the error, not a PDF
        pdf_path = out_dir / f"{report.name}.pdf"
        if _stage(result, "pdf", lambda: html_to_pdf(html, pdf_path))[0]:
            result.outputs["pdf"] = pdf_path.name
    return _finish(result)


def _finish(result: Result) -> Result:
    result.finished = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    return result


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


# --------------------------------------------------------------------------- summaries


def _previous(out_dir: Path) -> dict[str, Result]:
    """Results of earlier runs (run.json), to keep the index whole after ``--only``."""
    try:
        data = json.loads((out_dir / "run.json").read_text(encoding="utf-8"))
        return {d["name"]: Result(**d) for d in data["reports"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def write_run_json(results: list[Result], out_dir: Path, **meta: Any) -> Path:
    """`out_dir/run.json`: per-report status and seconds per stage (read by benchmarks)."""
    target = out_dir / "run.json"
    data = {**meta, "reports": [asdict(r) for r in results]}
    write_text(target, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return target


def summary(results: list[Result]) -> str:
    """A plain-text table: name, status, seconds, failing cell and error."""
    width = max([len(r.name) for r in results] + [4])
    lines = [f"{'name':<{width}}  status  seconds  error", "-" * (width + 32)]
    for r in results:
        lines.append(f"{r.name:<{width}}  {r.status:<6}  {sum(r.seconds.values()):7.1f}  {r.message}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------- run


def _validated(reports: list[Report], table: Any, codebook: Any) -> tuple[list[Report], list[Result]]:
    """Split into runnable reports and failed results, checking ALL parameters first."""
    ref_table = _maybe_read(table)
    ref_codebook = _maybe_read(codebook)
    runnable, failed = [], []
    for r in reports:
        try:
            params.validate(r.notebook, r.parameters, ref_table, ref_codebook)
            runnable.append(r)
        except CompareError as exc:
            failed.append(Result(r.name, r.title, r.notebook.name).fail("parameters", str(exc)))
    return runnable, failed


def _maybe_read(frame: Any) -> Any:
    """Read a reference CSV once; a missing file stays a path so only the checks that need
    it fail (with the file named)."""
    if isinstance(frame, (str, Path)) and Path(frame).is_file():
        return params.read_csv(frame)
    return frame


def _pool(jobs: int) -> cf.ProcessPoolExecutor:
    # spawn: forking a parent that holds threads (tqdm, zmq) or Pango state is unsafe.
    return cf.ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"))


def longest_first(reports: list[Report], previous: dict[str, Result]) -> list[Report]:
    """The order to hand reports to a pool: the longest first, so no worker is left with
    a long report while the others have finished (the makespan of a greedy schedule).

    A report's length is its seconds in the previous run (``run.json``) when known. Else
    reports of notebooks the catalog renders once (overview, review, alignment, ambition:
    each summarises the whole table, and they are the longest) go before the notebooks
    rendered once per indicator or region. Ties keep the catalog order.
    """
    per_notebook = collections.Counter(r.notebook for r in reports)
    known = {r.name: sum(previous[r.name].seconds.values()) for r in reports if r.name in previous}
    typical = sum(known.values()) / len(known) if known else 0.0
    return sorted(reports, key=lambda r: (-known.get(r.name, typical), per_notebook[r.notebook]))


def _run(runnable: list[Report], out_dir: Path, jobs: int, progress: bool) -> list[Result]:
    from tqdm import tqdm

    results: list[Result] = []
    with tqdm(
        total=len(runnable), desc="reports", unit="report", file=sys.stderr, disable=not progress
    ) as bar:
        if jobs <= 1 or len(runnable) <= 1:
            for r in runnable:
                bar.set_postfix_str(r.name)
                results.append(build(r, out_dir))
                bar.update()
            return results
        with _pool(min(jobs, len(runnable))) as pool:
            futures = {pool.submit(build, r, out_dir): r for r in longest_first(runnable, _previous(out_dir))}
            for future in cf.as_completed(futures):
                r = futures[future]
                try:
                    results.append(future.result())
                except cf.process.BrokenProcessPool as exc:
                    results.append(
                        Result(r.name, r.title, r.notebook.name).fail(
                            "execute",
                            f"worker process died ({exc}); a script that calls "
                            'run_reports(jobs>1) needs an `if __name__ == "__main__":` guard',
                        )
                    )
                except Exception as exc:
                    results.append(
                        Result(r.name, r.title, r.notebook.name).fail(
                            "execute", f"worker: {type(exc).__name__}: {exc}"
                        )
                    )
                bar.set_postfix_str(r.name)
                bar.update()
    return results


def run_reports(
    catalog: str | Path = paths.CATALOG,
    only: list[str] | None = None,
    jobs: int = 1,
    out_dir: str | Path = paths.REPORTS,
    *,
    notebooks_dir: str | Path = paths.NOTEBOOKS,
    table: Any = paths.TABLE_CSV,
    codebook: Any = paths.CODEBOOK,
    progress: bool = True,
) -> int:
    """Validate, execute and render the catalog's reports; 0 if all are ok, else 1.

    A report with invalid parameters is failed without starting a kernel; a failing
    notebook is kept (executed .ipynb and .html with the error); neither stops the others.
    """
    started = time.perf_counter()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    catalog_reports = load_catalog(catalog, notebooks_dir)
    chosen = select(catalog_reports, only)
    runnable, failed = _validated(chosen, table, codebook)
    for result in failed:
        _remove_outputs(result.name, out_dir)
    done = {r.name: r for r in failed + _run(runnable, out_dir, jobs, progress)}
    results = [done[r.name] for r in chosen]  # catalog order
    print(summary(results))

    previous = _previous(out_dir)
    found = [done.get(r.name) or previous.get(r.name) for r in catalog_reports]
    everything = [r for r in found if r is not None]
    write_index(everything, out_dir)
    write_run_json(
        everything,
        out_dir,
        jobs=jobs,
        finished=dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        total_seconds=round(time.perf_counter() - started, 3),
        harfbuzz_subset=harfbuzz_subsetting(),
        this_run=[r.name for r in chosen],
    )
    return 0 if all(r.ok for r in results) else 1


def main(argv: list[str] | None = None) -> int:
    """`python -m compare reports [--only NAME …] [--jobs N]` (for the CLI to call)."""
    import argparse

    parser = argparse.ArgumentParser(prog="compare reports", description=main.__doc__)
    parser.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        help="run only this report (repeatable, or comma-separated)",
    )
    parser.add_argument("--jobs", "-j", type=int, default=1, help="parallel kernels")
    args = parser.parse_args(argv)
    only = [n for item in args.only or [] for n in item.split(",") if n] or None
    try:
        return run_reports(only=only, jobs=args.jobs)
    except CompareError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
