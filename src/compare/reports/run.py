"""Running the catalog: each report that needs it is rendered, the rest are skipped.

`reports/catalog.yml` lists the reports. A run, in order:

1. takes the reports folder's lock, finishes commits a killed run left half done and
   sweeps its litter (`compare.reports.outputs`);
2. validates every report's parameters before any kernel starts (`compare.reports.params`);
3. fingerprints each report's inputs (`compare.reports.fingerprint`): a report whose
   fingerprint matches its last good render and whose files are intact is skipped as up
   to date (``force=True`` renders anyway);
4. renders the rest on worker processes (`compare.reports.pool`, ``jobs`` of them) or on
   a Dask cluster (`compare.reports.cluster`, ``scheduler=ADDRESS``), longest first; each
   worker stages a report's files (`compare.reports.worker`) and the client switches them
   in only when the report succeeded, so a failed or interrupted report keeps its
   previous good set;
5. writes the summary, ``index.html`` and ``run.json`` once, for what finished.

SIGINT or SIGTERM stop a run within seconds: no new report starts, workers and their
kernels are stopped, and step 5 still runs (exit code 128 + the signal's number).
A failing report never stops the others; the exit code is 1 if any failed.
"""

from __future__ import annotations

import collections
import contextlib
import json
import signal
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .. import faults, paths
from ..errors import CompareError
from ..files import write_text
from . import layout, outputs, params
from .catalog import Report, load_catalog, select, with_formats
from .fingerprint import Inputs, changed
from .render import harfbuzz_subsetting, write_index
from .result import Result

__all__ = ["Result", "build", "longest_first", "plan_reports", "run_reports", "summary", "write_run_json"]

# --------------------------------------------------------------------------- summaries


def _previous(out_dir: Path) -> dict[str, Result]:
    """Results of earlier runs (run.json), to keep the index whole after ``--only``."""
    try:
        data = json.loads((out_dir / layout.RUN_JSON).read_text(encoding="utf-8"))
        return {d["name"]: Result.from_dict(d) for d in data["reports"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _previous_meta(out_dir: Path) -> dict[str, Any]:
    try:
        data = json.loads((out_dir / layout.RUN_JSON).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_run_json(results: list[Result], out_dir: Path, **meta: Any) -> Path:
    """`out_dir/run.json`: per-report status and seconds per stage (read by benchmarks)."""
    target = out_dir / layout.RUN_JSON
    data = {**meta, "reports": [asdict(r) for r in results]}
    write_text(target, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return target


def summary(results: list[Result]) -> str:
    """A plain-text table (name, status, seconds, error) and a line of counts."""
    width = max([len(r.name) for r in results] + [4])
    lines = [f"{'name':<{width}}  status  seconds  error", "-" * (width + 32)]
    for r in results:
        status = "up to date" if r.up_to_date else r.status
        seconds = 0.0 if r.up_to_date else sum(r.seconds.values())
        lines.append(f"{r.name:<{width}}  {status:<6}  {seconds:7.1f}  {r.message}")
    lines.append(counts_line(results))
    return "\n".join(lines)


def counts_line(results: list[Result]) -> str:
    rendered = sum(1 for r in results if r.ok and not r.up_to_date)
    skipped = sum(1 for r in results if r.up_to_date)
    failed = sum(1 for r in results if not r.ok)
    return f"{len(results)} reports: {rendered} rendered, {skipped} skipped as up to date, {failed} failed"


# ------------------------------------------------------------------------- validation


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
            failed.append(Result(r.name, r.title, r.notebook.name).fail("parameters", str(exc)).finish())
    return runnable, failed


def _maybe_read(frame: Any) -> Any:
    """Read a reference CSV once; a missing file stays a path so only the checks that need
    it fail (with the file named)."""
    if isinstance(frame, (str, Path)) and Path(frame).is_file():
        return params.read_csv(frame)
    return frame


# ----------------------------------------------------------------------------- order


def longest_first(reports: list[Report], previous: dict[str, Result]) -> list[Report]:
    """The order to hand reports to workers: the longest first, so no worker is left with
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


# ---------------------------------------------------------------------------- signals


class _Stop:
    """Set by SIGINT/SIGTERM while a run is going: the run then stops starting reports."""

    def __init__(self) -> None:
        self.signum = 0

    def __call__(self) -> bool:
        return self.signum != 0

    def handler(self, signum: int, frame: Any) -> None:
        if not self.signum:
            self.signum = signum
            print(f"\n{signal.Signals(signum).name}: stopping …", file=sys.stderr, flush=True)


class _signals:
    """Install `_Stop` for SIGINT and SIGTERM (main thread only), restore on exit."""

    def __init__(self, stop: _Stop) -> None:
        self.stop = stop
        self.saved: dict[int, Any] = {}

    def __enter__(self) -> _Stop:
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self.saved[sig] = signal.signal(sig, self.stop.handler)
        return self.stop

    def __exit__(self, *exc: Any) -> None:
        for sig, old in self.saved.items():
            signal.signal(sig, old)


# ----------------------------------------------------------------------------- progress


class _Progress:
    """One bar for the catalog: done/total, rendered · skipped · failed, time left."""

    def __init__(self, total: int, skipped: int, enabled: bool) -> None:
        self.rendered = self.failed = 0
        self.skipped = skipped
        self.bar = None
        if enabled and total:
            from tqdm import tqdm

            self.bar = tqdm(
                total=total,
                desc="reports",
                unit="report",
                file=sys.stderr,
                bar_format="{desc}: {n_fmt}/{total_fmt} |{bar:20}| {postfix} [{elapsed}<{remaining}]",
            )
            self._postfix()

    def _postfix(self) -> None:
        if self.bar is not None:
            self.bar.set_postfix_str(
                f"rendered {self.rendered} · skipped {self.skipped} · failed {self.failed}", refresh=True
            )

    def update(self, result: Result) -> None:
        if result.ok:
            self.rendered += 1
        else:
            self.failed += 1
        if self.bar is not None:
            self.bar.update()
            self._postfix()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


# ---------------------------------------------------------------------------------- run


def _failure(report: Report, stage: str, message: str) -> Result:
    return Result(report.name, report.title, report.notebook.name).fail(stage, message).finish()


def _local(
    jobs: int, todo: list[Report], out_dir: Path, notebooks_dir: Path, stop: _Stop
) -> Iterator[tuple[Report, Path, Any]]:
    """Render on local worker processes; yields (report, staging folder, outcome)."""
    from . import worker
    from .pool import Pool

    pool = Pool(min(jobs, len(todo)))
    staged = {r.name: outputs.staging_dir(out_dir, r.name) for r in todo}
    by_name = {r.name: r for r in todo}
    tasks = [
        (r.name, worker.render, (r, str(staged[r.name]), worker.notebook_input_path(r, notebooks_dir)))
        for r in todo
    ]
    try:
        for name, kind, value in pool.run(tasks, stop):
            yield by_name[name], staged[name], (kind, value)
    finally:
        if stop():
            pool.stop()
        else:
            pool.close()


def _outcome(report: Report, kind: str, value: Any) -> Result:
    if kind == "ok" and isinstance(value, Result):
        return value
    if kind == "died":
        return _failure(report, "worker", f"{value} while rendering this report")
    return _failure(report, "worker", f"worker: {value}")


def _project_defaults(
    catalog: Any, out_dir: Any, notebooks_dir: Any, table: Any, codebook: Any, manifest: Any, boundaries: Any
) -> tuple[Any, Any, Any, Any, Any, Any, Any]:
    """A run's inputs, each given one or else the current project's."""
    p = paths.project()
    return (
        p.catalog if catalog is None else catalog,
        p.reports if out_dir is None else out_dir,
        p.notebooks if notebooks_dir is None else notebooks_dir,
        p.table_csv if table is None else table,
        p.codebook if codebook is None else codebook,
        p.manifest if manifest is None else manifest,
        p.boundaries if boundaries is None else boundaries,
    )


def run_reports(
    catalog: str | Path | None = None,
    only: list[str] | None = None,
    jobs: int = 1,
    out_dir: str | Path | None = None,
    *,
    notebooks_dir: str | Path | None = None,
    table: Any = None,
    codebook: Any = None,
    progress: bool | None = None,
    force: bool = False,
    scheduler: str | None = None,
    manifest: str | Path | None = None,
    boundaries: str | Path | None = None,
    dry_run: bool = False,
    formats: tuple[str, ...] | None = None,
) -> int:
    """Validate the catalog, skip what is up to date, render the rest; returns 0 if every
    chosen report is ok, 1 if any failed, 128 + N when stopped by signal N.

    ``progress=None`` shows the bar only when stderr is a terminal; ``dry_run`` prints
    what would be rendered and why, and writes nothing. ``formats`` (default: all of
    `catalog.FORMATS`) leaves out the PDF or the Word copy, for a quick look: they are part of a report's
    fingerprint, so the next run with every format renders those reports again.
    """
    catalog, out_dir, notebooks_dir, table, codebook, manifest, boundaries = _project_defaults(
        catalog, out_dir, notebooks_dir, table, codebook, manifest, boundaries
    )
    if jobs < 1:
        raise CompareError(f"jobs must be at least 1 (got {jobs})")
    started = time.perf_counter()
    out_dir, notebooks_dir = Path(out_dir), Path(notebooks_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    catalog_reports = load_catalog(catalog, notebooks_dir, reports_dir=out_dir)
    chosen = with_formats(select(catalog_reports, only), formats)
    if progress is None:
        progress = sys.stderr.isatty()
    with outputs.lock(out_dir), _signals(_Stop()) as stop, _litter_removed(out_dir):
        inputs = Inputs.gather(table, codebook, Path(manifest), Path(boundaries))
        fresh, prints = _plan(chosen, inputs, out_dir, force)
        stale = [r for r in chosen if r.name in prints]
        # Parameters are checked for the reports to render only: an up-to-date report's
        # notebook, parameters, table and codebook are those of its last good render.
        # A dry run checks them with the same function, so it lists what a run refuses.
        todo, failed = _validated(stale, table, codebook)
        if dry_run:
            print(plan_text(chosen, prints, failed))
            return 1 if failed else 0
        done = _settled(out_dir, fresh, failed)
        order = longest_first(todo, {**_previous(out_dir), **_state_results(out_dir)})
        bar = _Progress(len(order), len(done) - len(failed), progress)
        rendering = (jobs, scheduler, out_dir, notebooks_dir, stop)
        _render_and_commit(order, rendering, prints, done, bar)
        _interrupted(order, done, stop, out_dir)
        results = [done[r.name] for r in chosen]  # catalog order
        print(summary(results))
        _write_index_and_run(out_dir, catalog_reports, chosen, done, results, stop, jobs, scheduler, started)
        if stop.signum:
            return 128 + stop.signum
    return 0 if all(r.ok for r in results) else 1


def _settled(out_dir: Path, fresh: dict[str, Any], failed: list[Result]) -> dict[str, Result]:
    """The results known before rendering: each up-to-date report's, and each refused one's
    (its previous outputs kept)."""
    done = {name: _up_to_date(out_dir, state) for name, state in fresh.items()}
    for result in failed:
        done[result.name] = _keep_previous(out_dir, result)
    return done


def _render_and_commit(
    order: list[Report],
    rendering: tuple[int, str | None, Path, Path, _Stop],
    prints: dict[str, dict],
    done: dict[str, Result],
    bar: _Progress,
) -> None:
    """Render ``order`` (``rendering``: the arguments of `_render` after it) and commit each
    report as it finishes, its result into ``done``; the staging folders of reports that
    never finished are cleared however the loop ends."""
    out_dir = rendering[2]
    try:
        for report, staged, (kind, value) in _render(order, *rendering):
            done[report.name] = _commit(out_dir, report, staged, _outcome(report, kind, value), prints)
            bar.update(done[report.name])
    finally:
        bar.close()
        outputs.clear_staging(out_dir)  # folders of reports that never finished


def _commit(out_dir: Path, report: Report, staged: Path, result: Result, prints: dict[str, dict]) -> Result:
    """Switch a rendered report's outputs in, with the fingerprint it was rendered for."""
    result.fingerprint = str(prints[report.name]["fingerprint"])
    result.changed = list(prints[report.name]["changed"])
    fp = {k: prints[report.name][k] for k in ("fingerprint", "parts")}
    return outputs.commit(out_dir, result, staged, fp, report.figures_dir)


def _interrupted(order: list[Report], done: dict[str, Result], stop: _Stop, out_dir: Path) -> None:
    """Every report the run did not finish: a failure that keeps its previous outputs."""
    for report in order:
        if report.name not in done:
            name = signal.Signals(stop.signum).name if stop.signum else "an error"
            result = _failure(report, "interrupted", f"interrupted by {name} before it finished")
            done[report.name] = _keep_previous(out_dir, result)


def _write_index_and_run(
    out_dir: Path,
    catalog_reports: list[Report],
    chosen: list[Report],
    done: dict[str, Result],
    results: list[Result],
    stop: _Stop,
    jobs: int,
    scheduler: str | None,
    started: float,
) -> None:
    """Forget reports the catalog no longer lists, then write the landing page (every
    report's latest result) and run.json."""
    names = {r.name for r in catalog_reports}
    for gone in sorted(set(outputs.states(out_dir)) - names):
        outputs.forget(out_dir, gone)
    previous = {**_state_results(out_dir), **_previous(out_dir)}
    everything = [done.get(r.name) or previous.get(r.name) for r in catalog_reports]
    shown = [r for r in everything if r is not None]
    with faults.phase("index"):
        write_index(shown, out_dir)
        write_run_json(
            shown,
            out_dir,
            jobs=jobs,
            scheduler=scheduler,
            total_seconds=round(time.perf_counter() - started, 3),
            **_run_meta(out_dir, chosen, results, stop),
        )


@contextlib.contextmanager
def _litter_removed(out_dir: Path) -> Iterator[None]:
    """A run's start and end: commits a killed run left half done are finished and the
    litter of killed runs swept; in between every temporary file of the run, its workers
    and their kernels lives in the run's private runtime folder (`worker.temp_folder`),
    removed at the end, with those of workers that died during the run."""
    from .worker import remove_runtime_dir, sweep_runtime_dirs, temp_folder

    outputs.recover(out_dir)
    outputs.sweep(out_dir)
    try:
        with temp_folder():
            yield
    finally:
        remove_runtime_dir()
        sweep_runtime_dirs()


def _run_meta(out_dir: Path, chosen: list[Report], results: list[Result], stop: _Stop) -> dict[str, Any]:
    """What run.json records about this run besides its results and settings."""
    rendered = [r.name for r in results if r.ok and not r.up_to_date]
    return {
        "finished": Result("", "", "").finish().finished,
        "harfbuzz_subset": harfbuzz_subsetting()
        if rendered
        else _previous_meta(out_dir).get("harfbuzz_subset"),
        "this_run": [r.name for r in chosen],
        "rendered": rendered,
        "skipped": [r.name for r in results if r.up_to_date],
        "failed": [r.name for r in results if not r.ok],
        "interrupted": signal.Signals(stop.signum).name if stop.signum else None,
    }


def _plan(
    chosen: list[Report], inputs: Inputs, out_dir: Path, force: bool
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """Which reports are up to date (name -> committed state) and which must be rendered
    (name -> fingerprint, its parts, and what changed: parts, "outputs", "forced", "new")."""
    fresh: dict[str, dict[str, Any]] = {}
    prints: dict[str, dict[str, Any]] = {}
    for report in chosen:
        fingerprint, parts = inputs.fingerprint(report)
        state = outputs.read_state(out_dir, report.name)
        same = state is not None and state.get("fingerprint") == fingerprint
        if state is not None and same and not force and outputs.intact(out_dir, state):
            fresh[report.name] = state
            continue
        old_parts = (state or {}).get("parts") or {}
        why = ["forced"] if same and force else ["outputs"] if same else changed(old_parts, parts) or ["new"]
        prints[report.name] = {"fingerprint": fingerprint, "parts": parts, "changed": why}
    return fresh, prints


def plan_text(
    chosen: list[Report], prints: dict[str, dict[str, Any]], refused: list[Result] | None = None
) -> str:
    """What a dry run prints: each report to render and why, each a run would refuse
    (its parameters fail the checks of a render) and why, and how many are up to date."""
    why = {r.name: r.message for r in refused or []}
    lines = [
        f"refuse {r.name}: {why[r.name]}"
        if r.name in why
        else f"render {r.name}: {', '.join(prints[r.name]['changed'])}"
        for r in chosen
        if r.name in prints
    ]
    counts = f"{len(prints) - len(why)} to render, {len(chosen) - len(prints)} up to date"
    lines.append(counts + (f", {len(why)} refused" if why else ""))
    return "\n".join(lines)


def plan_reports(
    catalog: str | Path | None = None,
    only: list[str] | None = None,
    out_dir: str | Path | None = None,
    *,
    notebooks_dir: str | Path | None = None,
    table: Any = None,
    codebook: Any = None,
    force: bool = False,
    manifest: str | Path | None = None,
    boundaries: str | Path | None = None,
    formats: tuple[str, ...] | None = None,
) -> dict[str, list[str]]:
    """The reports a run would render, each with what changed (nothing is written)."""
    catalog, out_dir, notebooks_dir, table, codebook, manifest, boundaries = _project_defaults(
        catalog, out_dir, notebooks_dir, table, codebook, manifest, boundaries
    )
    out_dir = Path(out_dir)
    chosen = with_formats(select(load_catalog(catalog, notebooks_dir, reports_dir=out_dir), only), formats)
    inputs = Inputs.gather(table, codebook, Path(manifest), Path(boundaries))
    return {name: p["changed"] for name, p in _plan(chosen, inputs, out_dir, force)[1].items()}


def _render(
    order: list[Report], jobs: int, scheduler: str | None, out_dir: Path, notebooks_dir: Path, stop: _Stop
) -> Iterator[tuple[Report, Path, Any]]:
    if not order:
        return iter(())
    if scheduler:
        from .cluster import render_on_cluster

        return render_on_cluster(scheduler, order, out_dir, notebooks_dir, stop)
    return _local(jobs, order, out_dir, notebooks_dir, stop)


def _state_results(out_dir: Path) -> dict[str, Result]:
    out = {}
    for name, state in outputs.states(out_dir).items():
        try:
            out[name] = Result.from_dict(state["result"])
        except (KeyError, TypeError):
            continue
    return out


def _up_to_date(out_dir: Path, state: dict[str, Any]) -> Result:
    """The recorded result of a report skipped as up to date (failure pages of an older
    run are removed: the good set answers for these inputs)."""
    result = Result.from_dict(state["result"])
    result.up_to_date, result.changed = True, []
    for stale in (f"{result.name}.failed.ipynb", f"{result.name}.failed.html"):
        (out_dir / stale).unlink(missing_ok=True)
    return result


def _keep_previous(out_dir: Path, result: Result) -> Result:
    """A report that failed before rendering keeps its previous good set, if any."""
    state = outputs.read_state(out_dir, result.name)
    if state:
        result.kept = dict(state.get("result", {}).get("outputs", {}))
        result.message += f" (previous good report of {state.get('result', {}).get('finished', '?')} kept)"
    for stale in (f"{result.name}.failed.ipynb", f"{result.name}.failed.html"):
        (out_dir / stale).unlink(missing_ok=True)
    return result


def build(
    report: Report, out_dir: str | Path | None = None, notebooks_dir: str | Path | None = None
) -> Result:
    """Render one report in this process and switch its files in (no fingerprint check):
    for scripts and notebooks that want a single report without a pool."""
    out_dir = paths.project().reports if out_dir is None else out_dir
    notebooks_dir = paths.project().notebooks if notebooks_dir is None else notebooks_dir
    from . import worker

    out_dir = Path(out_dir)
    with outputs.lock(out_dir):
        staged = outputs.staging_dir(out_dir, report.name)
        result = worker.render(report, staged, worker.notebook_input_path(report, Path(notebooks_dir)))
        return outputs.commit(out_dir, result, staged, None, report.figures_dir)
