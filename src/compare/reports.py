"""Batch reports: parameterised notebooks → executed notebook, HTML page and PDF per report.

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
import html as htmlmod
import json
import multiprocessing
import os
import re
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterator

import yaml

from . import fonts, params, paths
from .files import atomic_path, temp_beside, write_text
from .errors import CompareError, ParameterError

NAME_RE = re.compile(r"^[a-z0-9_-]+$")
ENTRY_KEYS = {"name", "notebook", "title", "parameters"}
OUTPUT_SUFFIXES = (".ipynb", ".html", ".pdf")
#: Kernels must never open a GUI window, but MPLBACKEND=Agg would also stop ipykernel from
#: installing its inline backend, and then no figure reaches the executed notebook (plt.show()
#: only warns). The inline backend is just as headless and captures the figures as PNG.
KERNEL_ENV = {"MPLBACKEND": "module://matplotlib_inline.backend_inline",
              "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
EXECUTION_TIMEOUT = 600
START_TIMEOUT = 120


@dataclass(frozen=True)
class Report:
    """One catalog entry; ``notebook`` is resolved against the notebooks directory."""

    name: str
    notebook: Path
    title: str
    parameters: dict[str, Any] = field(default_factory=dict)


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

    def fail(self, stage: str, message: str) -> "Result":
        self.status, self.stage, self.message = "failed", stage, message
        return self


# ------------------------------------------------------------------------------- catalog

def _entry_lines(text: str) -> list[int]:
    """1-based line of each entry under `reports:` (for messages); [] if not a list."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "reports" and isinstance(value, yaml.SequenceNode):
                return [item.start_mark.line + 1 for item in value.value]
    return []


def load_catalog(path: str | Path = paths.CATALOG,
                 notebooks_dir: str | Path = paths.NOTEBOOKS) -> list[Report]:
    """Read `catalog.yml`; errors name the file, the line and the report entry."""
    path, notebooks_dir = Path(path), Path(notebooks_dir)
    if not path.is_file():
        raise CompareError(f"{path}: catalog not found")
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
        lines = _entry_lines(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = getattr(exc, "problem", None) or str(exc)
        raise CompareError(f"{where}: bad YAML: {problem}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("reports"), list):
        raise CompareError(f"{path}: expected a top-level 'reports:' list")
    reports: list[Report] = []
    seen: dict[str, int] = {}
    for i, entry in enumerate(data["reports"]):
        line = lines[i] if i < len(lines) else None
        where = f"{path}:{line}" if line else str(path)
        reports.append(_report(entry, i + 1, where, notebooks_dir, seen))
    return reports


def _report(entry: Any, number: int, where: str, notebooks_dir: Path,
            seen: dict[str, int]) -> Report:
    label = f"report #{number}"
    if not isinstance(entry, dict):
        raise CompareError(f"{where}: {label}: expected a mapping with name, notebook, title")
    name = entry.get("name")
    if name is not None:
        label = f"report #{number} '{name}'"
    unknown = sorted(set(map(str, entry)) - ENTRY_KEYS)
    if unknown:
        raise CompareError(f"{where}: {label}: unknown key(s) {', '.join(unknown)}; "
                           f"valid keys: {', '.join(sorted(ENTRY_KEYS))}")
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise CompareError(f"{where}: {label}: 'name' must match [a-z0-9_-]+")
    if name in seen:
        raise CompareError(f"{where}: {label}: duplicate name, already used by report #{seen[name]}")
    seen[name] = number
    notebook = entry.get("notebook")
    if not isinstance(notebook, str) or not notebook:
        raise CompareError(f"{where}: {label}: 'notebook' is missing")
    nb_path = (notebooks_dir / notebook).resolve()
    if not nb_path.is_file():
        raise CompareError(f"{where}: {label}: notebook {notebook} not found in {notebooks_dir}")
    parameters = entry.get("parameters") or {}
    if not isinstance(parameters, dict):
        raise CompareError(f"{where}: {label}: 'parameters' must be a mapping")
    title = entry.get("title") or name
    return Report(name=name, notebook=nb_path, title=str(title), parameters=dict(parameters))


def select(reports: list[Report], only: list[str] | None) -> list[Report]:
    """The reports named in ``only`` (all if None), in catalog order."""
    if not only:
        return list(reports)
    names = [r.name for r in reports]
    unknown = [n for n in only if n not in names]
    if unknown:
        raise ParameterError(f"--only {', '.join(unknown)}: no such report; "
                             f"valid values: {', '.join(names)}")
    return [r for r in reports if r.name in only]


# ------------------------------------------------------------------------- atomic files

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
        executed = [c for c in nbformat.read(executed_nb, as_version=4).cells
                    if ERROR_MARKER_TAG not in c.get("metadata", {}).get("tags", [])]
        ids = [c.get("id") for c in nbformat.read(notebook, as_version=4).cells]
        cell_id = executed[index].get("id")
        if cell_id in ids:
            return ids.index(cell_id)
        return index - sum(1 for c in executed[:index]
                           if "injected-parameters" in c.get("metadata", {}).get("tags", []))
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
                str(report.notebook), str(tmp), parameters=dict(report.parameters),
                kernel_name="python3", engine_name=engine.register(), progress_bar=False,
                log_output=False, execution_timeout=EXECUTION_TIMEOUT, start_timeout=START_TIMEOUT,
                cwd=str(report.notebook.parent))
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


# -------------------------------------------------------------------------------- render

def font_css() -> str:
    """@font-face for the CJK OTF shipped by mplfonts (a file:// URL: works offline)."""
    url = fonts.cjk_font_path().resolve().as_uri()
    return (f'@font-face {{ font-family: "{fonts.FAMILY}"; '
            f'src: local("{fonts.FAMILY}"), url("{url}") format("opentype"); }}\n')


PAGE_CSS = """
:root { --sans: "Noto Sans", "DejaVu Sans", "%(family)s", sans-serif; }
html { font-family: "%(family)s", "DejaVu Sans", sans-serif; font-size: 10.5pt;
       line-height: 1.5; color: #1a1a1a; }
body { max-width: 60em; margin: 0 auto; padding: 1em; }
h1, h2, h3, h4 { line-height: 1.25; page-break-after: avoid; }
h1 { font-size: 1.8em; } h2 { font-size: 1.4em; } h3 { font-size: 1.15em; }
pre, code { font-family: "DejaVu Sans Mono", monospace, "%(family)s"; font-size: 0.85em; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0.4em 0; }
img, svg { max-width: 100%%; height: auto; }
table { border-collapse: collapse; margin: 0.6em 0; font-size: 0.85em;
        font-variant-numeric: tabular-nums; }
th, td { border: 0.5pt solid #bbb; padding: 0.15em 0.35em; text-align: right;
         vertical-align: top; overflow-wrap: break-word; }
th, td { white-space: normal; } td:last-child { min-width: 9em; }
@media print { table { font-size: 0.78em; } }
th { background: #f0f0f0; font-weight: bold; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; }
tbody tr:nth-child(even) { background: #fafafa; }
.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"],
.output_stderr { background: #fff5f5; }
.jp-OutputArea-output, .output_area { margin: 0.3em 0; }
.ansi-red-fg { color: #c33; } .ansi-green-fg { color: #2a2; }
.ansi-cyan-fg { color: #288; } .ansi-blue-fg { color: #25a; }
.ansi-bold { font-weight: bold; }
@page { size: A4; margin: 18mm 15mm 18mm 15mm;
        @bottom-center { content: counter(page) " / " counter(pages);
                         font-family: "%(family)s"; font-size: 8pt; color: #666; } }
footer.report-params { margin-top: 2em; padding-top: 0.5em; border-top: 0.5pt solid #bbb;
                        font-size: 0.8em; color: #666; }
@media print { body { max-width: none; padding: 0; } }
"""


def page(title: str, body: str) -> str:
    """A full, self-contained HTML page (UTF-8, CJK font stack) around ``body``."""
    css = font_css() + PAGE_CSS % {"family": fonts.FAMILY}
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{htmlmod.escape(title)}</title>\n<style>\n{css}</style>\n</head>\n"
            f"<body>\n{body}\n</body>\n</html>\n")


def _notebook_title(nb: Any, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            m = re.search(r"^#\s+(.+)$", cell.source, flags=re.M)
            if m:
                return m.group(1).strip()
    return fallback


def to_html(nb_path: str | Path, title: str | None = None,
            base_dir: str | Path | None = None) -> str:
    """The executed notebook as a full HTML page, code hidden, images embedded (base64).

    ``base_dir`` is where relative image paths in markdown are looked up (the source
    notebook's directory); cells tagged ``remove-cell``/``remove-output`` are dropped.
    """
    import nbformat
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    nb_path = Path(nb_path)
    nb = nbformat.read(nb_path, as_version=4)
    exporter = HTMLExporter(template_name="basic", exclude_input=True,
                            exclude_input_prompt=True, exclude_output_prompt=True,
                            embed_images=True, exclude_anchor_links=True)
    exporter.register_preprocessor(TagRemovePreprocessor(
        # the injected cell shows nothing and has a random id: the page would differ per run
        remove_cell_tags={"remove-cell", "remove_cell", "injected-parameters"},
        remove_all_outputs_tags={"remove-output", "remove_output"},
        remove_input_tags={"remove-input", "remove_input"}), enabled=True)
    resources = {"metadata": {"path": str(base_dir or nb_path.parent), "name": nb_path.stem}}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return page(title or _notebook_title(nb, nb_path.stem), body + _footer(nb))


def _footer(nb: Any) -> str:
    """Which notebook and parameters produced the page (the code itself is hidden)."""
    meta = nb.metadata.get("papermill", {})
    values = ", ".join(f"{k} = {v!r}" for k, v in (meta.get("parameters") or {}).items())
    source = Path(meta.get("input_path") or "").name
    if not (values or source):
        return ""
    return (f'\n<footer class="report-params">{htmlmod.escape(source)}'
            f'{" · " if source and values else ""}<code>{htmlmod.escape(values)}</code></footer>\n')


def html_to_pdf(html: str, pdf_path: str | Path, base_url: str | Path | None = None) -> None:
    """Render ``html`` to an A4 PDF (atomically), embedding a subset of the CJK font.

    The FontConfiguration must reach both CSS() and write_pdf(), else WeasyPrint silently
    ignores the @font-face.
    """
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    pdf_path = Path(pdf_path)
    font_config = FontConfiguration()
    css = CSS(string=font_css(), font_config=font_config)
    document = HTML(string=html, base_url=str(base_url or pdf_path.parent))
    with atomic_path(pdf_path) as tmp:
        document.write_pdf(str(tmp), stylesheets=[css], font_config=font_config)


def harfbuzz_subsetting() -> bool:
    """Whether WeasyPrint subsets fonts with HarfBuzz (~0.7 s/PDF) rather than fontTools (~16 s)."""
    try:
        from weasyprint.text.ffi import harfbuzz, harfbuzz_subset
        return bool(harfbuzz_subset) and bool(harfbuzz.hb_version_atleast(4, 1, 0))
    except Exception:
        return False


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

def write_index(results: list[Result], out_dir: str | Path = paths.REPORTS,
                title: str = "报告 / Reports") -> Path:
    """`out_dir/index.html`: every report with its title, status and links (UTF-8)."""
    out_dir = Path(out_dir)
    rows = []
    for r in results:
        links = " · ".join(
            f'<a href="{htmlmod.escape(r.outputs[k])}">{k.upper()}</a>'
            for k in ("html", "pdf", "ipynb") if k in r.outputs)
        status = "✓ ok" if r.ok else "✗ failed"
        rows.append(
            f'<tr class="{r.status}"><td>{htmlmod.escape(r.title)}</td>'
            f"<td><code>{htmlmod.escape(r.name)}</code></td><td>{status}</td>"
            f"<td>{links}</td><td>{sum(r.seconds.values()):.1f}</td>"
            f"<td>{htmlmod.escape(r.message)}</td><td>{htmlmod.escape(r.finished)}</td></tr>")
    body = (f"<h1>{htmlmod.escape(title)}</h1>\n<table>\n<thead><tr><th>标题 / Title</th>"
            "<th>name</th><th>状态 / status</th><th>文件 / files</th><th>s</th>"
            "<th>错误 / error</th><th>run at</th></tr></thead>\n<tbody>\n"
            + "\n".join(rows) + "\n</tbody>\n</table>\n"
            "<style>td { text-align: left; } tr.failed td { background: #fff0f0; }</style>")
    target = out_dir / "index.html"
    write_text(target, page(title, body))
    return target


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
        lines.append(f"{r.name:<{width}}  {r.status:<6}  {sum(r.seconds.values()):7.1f}  "
                     f"{r.message}")
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
    with tqdm(total=len(runnable), desc="reports", unit="report", file=sys.stderr,
              disable=not progress) as bar:
        if jobs <= 1 or len(runnable) <= 1:
            for r in runnable:
                bar.set_postfix_str(r.name)
                results.append(build(r, out_dir))
                bar.update()
            return results
        with _pool(min(jobs, len(runnable))) as pool:
            futures = {pool.submit(build, r, out_dir): r
                       for r in longest_first(runnable, _previous(out_dir))}
            for future in cf.as_completed(futures):
                r = futures[future]
                try:
                    results.append(future.result())
                except cf.process.BrokenProcessPool as exc:
                    results.append(Result(r.name, r.title, r.notebook.name).fail(
                        "execute", f"worker process died ({exc}); a script that calls "
                        "run_reports(jobs>1) needs an `if __name__ == \"__main__\":` guard"))
                except Exception as exc:
                    results.append(Result(r.name, r.title, r.notebook.name)
                                   .fail("execute", f"worker: {type(exc).__name__}: {exc}"))
                bar.set_postfix_str(r.name)
                bar.update()
    return results


def run_reports(catalog: str | Path = paths.CATALOG, only: list[str] | None = None,
                jobs: int = 1, out_dir: str | Path = paths.REPORTS, *,
                notebooks_dir: str | Path = paths.NOTEBOOKS,
                table: Any = paths.TABLE_CSV, codebook: Any = paths.CODEBOOK,
                progress: bool = True) -> int:
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
    everything = [done.get(r.name) or previous.get(r.name) for r in catalog_reports]
    everything = [r for r in everything if r is not None]
    write_index(everything, out_dir)
    write_run_json(everything, out_dir, jobs=jobs,
                   finished=dt.datetime.now().astimezone().isoformat(timespec="seconds"),
                   total_seconds=round(time.perf_counter() - started, 3),
                   harfbuzz_subset=harfbuzz_subsetting(),
                   this_run=[r.name for r in chosen])
    return 0 if all(r.ok for r in results) else 1


def main(argv: list[str] | None = None) -> int:
    """`python -m compare reports [--only NAME …] [--jobs N]` (for the CLI to call)."""
    import argparse

    parser = argparse.ArgumentParser(prog="compare reports", description=main.__doc__)
    parser.add_argument("--only", action="append", metavar="NAME",
                        help="run only this report (repeatable, or comma-separated)")
    parser.add_argument("--jobs", "-j", type=int, default=1, help="parallel kernels")
    args = parser.parse_args(argv)
    only = [n for item in args.only or [] for n in item.split(",") if n] or None
    try:
        return run_reports(only=only, jobs=args.jobs)
    except CompareError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
