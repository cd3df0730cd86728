"""Speed and memory, measured: `compare bench` writes reports/benchmark.json.

Each build is measured in a fresh Python process (its own peak RSS, no warm caches
shared with the others). Rendering is measured by running `compare reports` in a fresh
process against a scratch copy of the project (``COMPARE_ROOT``), never on reports/:

* ``engine``: papermill's own engine with the suite's options (what reports run on)
  against the custom engine it replaced (`compare_dev.old_engine`), on the same reports,
  interleaved, best and median of several rounds;
* ``incremental``: on the real catalog, a full render, a no-op run and a run after
  editing one target in one region's plan (rebuilt table), as ratios of the full render;
* ``synthetic``: the 38-district corpus (`compare synth`) built into a project whose
  catalog has every report in both languages, rendered with ``--jobs 2`` and ``--jobs 1``;
  the cost per report against the number of districts (the same reports at 5, 10, 20
  and 38 districts); the parallel speedup beside the CPU time the reports used.

Every figure is stored with the machine's load average before and after it: this is a
shared 2-core machine, and a speedup measured while others work says little. Targets are
reported as met or not; no test asserts on timing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from compare import paths

_CHILD = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from compare.ingest.build import build_table
from compare import paths
from pathlib import Path
t1 = time.perf_counter()
manifest = Path(sys.argv[1]) if len(sys.argv) > 1 else paths.MANIFEST
result = build_table(manifest, shared_adcodes=len(sys.argv) > 1)  # synthetic corpora: K documents per district
t2 = time.perf_counter()
print(json.dumps({
    "rows": len(result.table),
    "import_seconds": round(t1 - t0, 3),
    "build_seconds": round(t2 - t1, 3),
    "inner_seconds": round(result.seconds, 3),
    "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
}))
"""


def measure_build(manifest: Path | None = None, repeat: int = 3) -> dict:
    """Best of `repeat` fresh-process builds (time) and the largest peak RSS seen."""
    runs = []
    for _ in range(repeat):
        args = [sys.executable, "-c", _CHILD] + ([str(manifest)] if manifest else [])
        out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
        runs.append(json.loads(out.strip().splitlines()[-1]))
    best = min(runs, key=lambda r: r["build_seconds"])
    best["peak_rss_mb"] = max(r["peak_rss_mb"] for r in runs)
    best["runs"] = [r["build_seconds"] for r in runs]
    return best


def synthetic_builds(workdir: Path, districts: int = 38, docs_per_district=(1, 10)) -> list[dict]:
    """Builds of synthetic corpora of growing size, to show how cost grows."""
    from compare_dev.synth import generate

    out = []
    for k in docs_per_district:
        corpus = workdir / f"synth-{districts}x{k}"
        generate(districts, corpus, seed=0, docs_per_district=k)
        m = measure_build(corpus / "MANIFEST.csv")
        m["documents"] = districts * k
        m["seconds_per_document"] = round(m["build_seconds"] / m["documents"], 4)
        out.append(m)
    return out


# ------------------------------------------------------------------------------- helpers


def load() -> list[float]:
    """1, 5 and 15 minute load averages (what else ran while a figure was measured)."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:  # pragma: no cover
        return []


def _env(root: Path) -> dict[str, str]:
    return {**os.environ, "COMPARE_ROOT": str(root)}


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants (workers, kernels), in MB."""
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0.0
    total = 0
    for proc in procs:
        try:
            total += proc.memory_info().rss
        except psutil.Error:
            continue
    return total / 2**20


def compare_cli(root: Path, *args: str) -> dict:
    """Run `compare ARGS` in a fresh process against the project at ``root``; its time,
    exit code, the load around it and the peak resident memory of its process tree
    (sampled twice a second: the client, its workers and their kernels together)."""
    before = load()
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "compare", *args],
        env=_env(root),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=root,
    )
    peak = 0.0
    while proc.poll() is None:
        peak = max(peak, tree_rss_mb(proc.pid))
        time.sleep(0.5)
    stderr = proc.stderr.read() if proc.stderr else ""
    seconds = time.perf_counter() - t0
    out = {
        "args": list(args),
        "seconds": round(seconds, 2),
        "exit_code": proc.returncode,
        "load": [before, load()],
        "peak_rss_mb": round(peak, 1),
    }
    if proc.returncode not in (0, 1):
        out["stderr"] = stderr[-2000:]
    return out


def run_json(root: Path) -> dict:
    path = root / "reports" / "run.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def project_copy(dest: Path, raw: Path | None = None) -> Path:
    """A scratch project: the notebooks, the codebook, the raw documents (``raw`` or the
    real ones) and the real catalog; the table is built in it."""
    import shutil

    dest.mkdir(parents=True)
    shutil.copytree(paths.NOTEBOOKS, dest / "notebooks")
    shutil.copytree(paths.CODEBOOK.parent, dest / "data" / "codebook")
    shutil.copytree(raw or paths.RAW, dest / "data" / "raw")
    (dest / "data" / "processed").mkdir(parents=True)
    (dest / "reports").mkdir()
    shutil.copy(paths.CATALOG, dest / "reports" / "catalog.yml")
    build = compare_cli(dest, "build")
    if build["exit_code"]:
        raise RuntimeError(f"build failed in {dest}: {build.get('stderr', '')}")
    return dest


def write_catalog_both_languages(root: Path) -> int:
    """The catalog for the table at ``root``, every report in zh and en (names suffixed
    with the language unless the catalog already makes both)."""
    code = (
        "import sys, yaml\n"
        "from compare.reports import catalog\n"
        "from compare import load_table\n"
        "from compare.ingest.codebook import load_codebook\n"
        "from compare.files import write_text\n"
        "t, c = load_table(), load_codebook()\n"
        "base = catalog.build_catalog(t, c)\n"
        "langs = {e['parameters'].get('lang') for e in base}\n"
        "entries = base\n"
        "if langs <= {'zh', None}:\n"
        "    entries = []\n"
        "    for lang in ('zh', 'en'):\n"
        "        for e in catalog.build_catalog(t, c, lang=lang):\n"
        "            e = dict(e, name=f\"{e['name']}-{lang}\")\n"
        "            if 'figures_dir' in e['parameters']:\n"
        "                e['parameters'] = dict(e['parameters'], figures_dir=f\"figures/{e['name']}\")\n"
        "            entries.append(e)\n"
        "write_text(sys.argv[1], catalog.to_yaml(entries))\n"
        "print(len(entries))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(root / "reports" / "catalog.yml")],
        env=_env(root),
        capture_output=True,
        text=True,
        check=True,
        cwd=root,
    )
    return int(out.stdout.strip().splitlines()[-1])


def edit_one_target(root: Path, region: str) -> dict:
    """Change one printed 14th-FYP target of ``region``'s plan (a number on a line of its
    own near the row's source line), update the manifest's sha256, rebuild the table."""
    import csv
    import hashlib
    import io
    import re

    import pandas as pd

    table = pd.read_csv(root / "data" / "processed" / "indicators.csv", dtype=str, keep_default_na=False)
    rows = table[(table["region"] == region) & (table["period"] == "14th") & (table["target_value"] != "")]
    manifest = root / "data" / "raw" / "MANIFEST.csv"
    sources = list(csv.DictReader(manifest.open(encoding="utf-8")))
    entry = next(s for s in sources if s["region"] == region)
    doc = root / "data" / "raw" / entry["file"]
    data = doc.read_bytes()
    text = data.decode("utf-8-sig")
    lines = text.split("\n")
    for _, row in rows.iterrows():
        line = int(row["source_line"]) - 1
        for i in range(line, min(line + 12, len(lines))):
            cell = lines[i].strip().rstrip("\r")
            if cell == row["target_raw"].strip() and re.search(r"\d", cell):
                lines[i] = re.sub(r"(\d+)", lambda m: str(int(m.group(1)) + 1), lines[i], count=1)
                new = "\n".join(lines).encode("utf-8")
                if data.startswith(b"\xef\xbb\xbf"):
                    new = b"\xef\xbb\xbf" + new
                doc.write_bytes(new)
                entry["sha256"] = hashlib.sha256(new).hexdigest()
                buf = io.StringIO()
                w = csv.DictWriter(buf, fieldnames=list(sources[0]), lineterminator="\n")
                w.writeheader()
                w.writerows(sources)
                manifest.write_text(buf.getvalue(), encoding="utf-8")
                build = compare_cli(root, "build")
                return {
                    "region": region,
                    "indicator_id": row["indicator_id"],
                    "line": i + 1,
                    "was": cell,
                    "now": lines[i].strip(),
                    "build_exit_code": build["exit_code"],
                }
    raise RuntimeError(f"no target of {region} found to edit")


def _mean(values: list[float]) -> float:
    return round(sum(values) / len(values), 3) if values else 0.0


def _median(values: list[float]) -> float:
    v = sorted(values)
    return round((v[len(v) // 2] + v[(len(v) - 1) // 2]) / 2, 3) if v else 0.0


def render_stats(run: dict) -> dict:
    """Per-report means from a run.json: wall seconds per stage and CPU seconds."""
    this_run = set(run.get("this_run", []))
    reports = [
        r
        for r in run.get("reports", [])
        if r["name"] in this_run and not r.get("up_to_date") and r.get("seconds")
    ]
    total = [sum(r["seconds"].values()) for r in reports]
    return {
        "reports": len(reports),
        "failed": sum(1 for r in reports if r.get("status") != "ok"),
        "mean_seconds": _mean(total),
        "mean_execute_seconds": _mean([r["seconds"].get("execute", 0.0) for r in reports]),
        "mean_html_seconds": _mean([r["seconds"].get("html", 0.0) for r in reports]),
        "mean_pdf_seconds": _mean([r["seconds"].get("pdf", 0.0) for r in reports]),
        "mean_cpu_seconds": _mean([r.get("cpu_seconds", 0.0) for r in reports]),
        "sum_seconds": round(sum(total), 2),
        "sum_cpu_seconds": round(sum(r.get("cpu_seconds", 0.0) for r in reports), 2),
    }


#: Report kind by notebook (the catalog's kinds).
def _kind(notebook: str) -> str:
    from compare.reports.catalog import NOTEBOOKS

    return {nb: kind for kind, nb in NOTEBOOKS.items()}.get(notebook, notebook)


def report_parts(root: Path, result: dict) -> dict:
    """One rendered report split into its parts, in seconds: ``kernel`` (start-up of the
    kernel and papermill's own work: the execute time no cell accounts for), ``setup``
    (the parameters and setup cells: imports, parameter checks, loading the table and
    codebook), ``work`` (every other cell: analysis, figures, fonts and boundaries on
    first use), ``html`` and ``pdf``; ``fixed`` is what every report pays whatever it
    shows (kernel + setup)."""
    import nbformat

    seconds = result.get("seconds", {})
    execute = seconds.get("execute", 0.0)
    setup = work = 0.0
    path = root / "reports" / f"{result['name']}.ipynb"
    if path.is_file():
        for cell in nbformat.read(path, as_version=4).cells:
            duration = (cell.metadata.get("papermill") or {}).get("duration") or 0.0
            tags = set(cell.metadata.get("tags", []))
            if tags & {"setup", "parameters", "injected-parameters"}:
                setup += duration
            else:
                work += duration
    kernel = max(execute - setup - work, 0.0)
    parts = {"kernel": kernel, "setup": setup, "work": work}
    parts.update(html=seconds.get("html", 0.0), pdf=seconds.get("pdf", 0.0))
    parts["fixed"] = kernel + setup
    parts["total"] = sum(seconds.values())
    return {k: round(v, 3) for k, v in parts.items()}


def by_kind(root: Path, run: dict) -> dict:
    """Per kind of report (overview, pair, …): how many, their summed and mean seconds,
    CPU seconds, and the mean parts of `report_parts` with the fixed cost's share."""
    this_run = set(run.get("this_run", []))
    groups: dict[str, list[dict]] = {}
    for r in run.get("reports", []):
        if r["name"] in this_run and not r.get("up_to_date") and r.get("status") == "ok":
            parts = report_parts(root, r) | {"cpu": r.get("cpu_seconds", 0.0), "name": r["name"]}
            groups.setdefault(_kind(r["notebook"]), []).append(parts)
    out = {}
    for kind, items in sorted(groups.items()):
        mean = {k: _mean([i[k] for i in items]) for k in ("kernel", "setup", "work", "html", "pdf", "total")}
        total = sum(i["total"] for i in items)
        out[kind] = {
            "reports": len(items),
            "sum_seconds": round(total, 2),
            "sum_cpu_seconds": round(sum(i["cpu"] for i in items), 2),
            "mean": mean,
            "fixed_share": round(sum(i["fixed"] for i in items) / total, 3) if total else None,
            "longest": max(items, key=lambda i: i["total"])["name"],
        }
    return out


def fixed_share(root: Path, run: dict) -> dict:
    """Over every report of a run: the share of report time that is fixed cost (kernel +
    setup), and the shares of each part."""
    this_run = set(run.get("this_run", []))
    parts = [
        report_parts(root, r)
        for r in run.get("reports", [])
        if r["name"] in this_run and not r.get("up_to_date") and r.get("status") == "ok"
    ]
    total = sum(p["total"] for p in parts)
    if not total:
        return {}
    keys = ("kernel", "setup", "work", "html", "pdf", "fixed")
    return {f"{k}_share": round(sum(p[k] for p in parts) / total, 3) for k in keys}


def projection(seconds: list[float], workers: int, rss_mb_per_worker: float) -> dict:
    """The makespan of ``seconds`` (one report each) on ``workers`` workers, longest first
    (the order `compare reports` hands them out), and the memory they would need."""
    import heapq

    free = [0.0] * workers
    for s in sorted(seconds, reverse=True):
        heapq.heappush(free, heapq.heappop(free) + s)
    return {
        "workers": workers,
        "seconds": round(max(free), 1),
        "bounded_by_longest_report": round(max(seconds), 1) >= round(max(free), 1),
        "memory_gb": round(workers * rss_mb_per_worker / 1024, 1),
    }


# -------------------------------------------------------------------------------- engine


def engine_comparison(names: list[str], rounds: int = 3) -> dict:
    """Execute the same reports on papermill's own engine (the suite's options) and on the
    custom engine it replaced, interleaved; seconds per report (execute only)."""
    import tempfile as tf

    import papermill

    from compare.reports import load_catalog
    from compare.reports.result import Result
    from compare.reports.worker import KERNEL_ENV, _environ, execute
    from compare_dev import old_engine

    reports = [r for r in load_catalog() if r.name in names]
    stock: list[float] = []
    custom: list[float] = []
    loads = [load()]
    with tf.TemporaryDirectory() as tmp, _environ({**KERNEL_ENV, "COMPARE_FIGURES_ROOT": tmp}):
        for _ in range(rounds):
            for report in reports:
                t0 = time.perf_counter()
                execute(report, Path(tmp) / f"{report.name}.stock.ipynb", Result(report.name, "", ""))
                stock.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                papermill.execute_notebook(
                    str(report.notebook),
                    str(Path(tmp) / f"{report.name}.custom.ipynb"),
                    parameters=dict(report.parameters),
                    kernel_name="python3",
                    engine_name=old_engine.register(),
                    progress_bar=False,
                    log_output=False,
                    cwd=str(report.notebook.parent),
                )
                custom.append(time.perf_counter() - t0)
            loads.append(load())
    n = len(reports)
    per_round = lambda xs: [round(sum(xs[i * n : (i + 1) * n]) / n, 3) for i in range(rounds)]  # noqa: E731
    return {
        "reports": [r.name for r in reports],
        "rounds": rounds,
        "stock_seconds_per_report": {
            "best_round": min(per_round(stock)),
            "median_round": _median(per_round(stock)),
            "rounds": per_round(stock),
        },
        "custom_seconds_per_report": {
            "best_round": min(per_round(custom)),
            "median_round": _median(per_round(custom)),
            "rounds": per_round(custom),
        },
        "load": loads,
    }


# ------------------------------------------------------------------------ incremental


def incremental(workdir: Path, jobs: int = 2, region: str = "kaizhou") -> dict:
    """Full render, no-op run and one-plan-edit run of the real catalog (ratios)."""
    root = project_copy(workdir / "real")
    full = compare_cli(root, "reports", "--jobs", str(jobs), "--no-progress")
    full_run = run_json(root)
    noop = compare_cli(root, "reports", "--jobs", str(jobs), "--no-progress")
    noop_run = run_json(root)
    edit = edit_one_target(root, region)
    after = compare_cli(root, "reports", "--jobs", str(jobs), "--no-progress")
    after_run = run_json(root)
    total = len(full_run.get("reports", []))
    return {
        "catalog_reports": total,
        "full": {**full, **render_stats(full_run)},
        "noop": {
            **noop,
            "rendered": len(noop_run.get("rendered", [])),
            "skipped": len(noop_run.get("skipped", [])),
        },
        "noop_ratio": round(noop["seconds"] / full["seconds"], 3) if full["seconds"] else None,
        "edit": edit,
        "after_edit": {
            **after,
            "rendered": after_run.get("rendered", []),
            "skipped": len(after_run.get("skipped", [])),
        },
        "edit_rendered_ratio": round(len(after_run.get("rendered", [])) / total, 3) if total else None,
        "edit_seconds_ratio": round(after["seconds"] / full["seconds"], 3) if full["seconds"] else None,
    }


# -------------------------------------------------------------------------- synthetic


def synthetic_project(workdir: Path, districts: int) -> tuple[Path, int]:
    from compare_dev.synth import generate

    corpus = workdir / f"corpus-{districts}"
    generate(districts, corpus, seed=0)
    (corpus / "expected.csv").unlink()
    root = project_copy(workdir / f"synth-{districts}", raw=corpus)
    return root, write_catalog_both_languages(root)


def sample_names(root: Path) -> list[str]:
    """The same kinds of report at every size, in both languages: the first report of each
    notebook (a district's profile, brief, pair, an indicator; each whole-table report), and
    every part of an atlas split by domain (`growth` takes the slowest)."""
    import yaml

    entries = yaml.safe_load((root / "reports" / "catalog.yml").read_text(encoding="utf-8"))["reports"]
    picked: list[str] = []
    for lang in ("zh", "en"):
        seen: set[str] = set()
        for e in entries:
            name, notebook = e["name"], e["notebook"]
            if not name.endswith(f"-{lang}") or (notebook in seen and not name.startswith("atlas")):
                continue
            seen.add(notebook)
            picked.append(name)
    return picked


def per_report(run: dict) -> dict[str, float]:
    """Seconds of each report rendered in a run (all stages)."""
    this_run = set(run.get("this_run", []))
    return {
        r["name"]: round(sum(r["seconds"].values()), 2)
        for r in run.get("reports", [])
        if r["name"] in this_run and not r.get("up_to_date") and r.get("seconds")
    }


def _sample_key(name: str) -> str:
    """The kind and language of a sampled report (``profile-wanzhou-zh`` -> ``profile-zh``;
    the municipality's profile and brief are kinds of their own: ``profile-municipal-zh``)."""
    from compare.figures.labels import municipal_regions

    parts = name.split("-")
    kind = parts[0]
    if kind in ("profile", "brief") and len(parts) > 2 and parts[1] in municipal_regions():
        kind += "-municipal"
    return f"{kind}-{parts[-1]}"


def _slowest(per_report: dict[str, float]) -> dict[str, float]:
    """The seconds of each sampled kind and language, the slowest report's where there are
    several (the parts of a split atlas)."""
    out: dict[str, float] = {}
    for name, seconds in per_report.items():
        key = _sample_key(name)
        out[key] = max(seconds, out.get(key, 0.0))
    return out


def growth(per_size: list[dict]) -> dict[str, float]:
    """Each sampled kind's seconds at the largest size over its seconds at the smallest (the
    slowest part of a split report)."""
    first = _slowest(per_size[0]["per_report"])
    last = _slowest(per_size[-1]["per_report"])
    return {k: round(last[k] / first[k], 2) for k in sorted(first) if k in last and first[k]}


def on_dask(root: Path, jobs: int) -> dict:
    """The whole catalog again on a local Dask cluster of ``jobs`` single-threaded worker
    processes, through ``compare reports --scheduler`` (needs the cluster extra)."""
    try:
        import distributed
    except ImportError:
        return {"skipped": "distributed is not installed (pip install -e '.[cluster]')"}
    with distributed.LocalCluster(
        n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        run = compare_cli(
            root, "reports", "--scheduler", cluster.scheduler_address, "--force", "--no-progress"
        )
    # the workers are the cluster's processes, not the client's children: the peak is the client's
    return {"workers": jobs, **run, **render_stats(run_json(root))}


def synthetic(
    workdir: Path,
    sizes=(5, 10, 20, 38),
    scaling_sample: int = 24,
    full_jobs: int = 2,
    dask: bool = True,
) -> dict:
    """Cost per report against catalog size; the full catalog of the largest size in both
    languages, per kind of report with its fixed cost, with the peak memory, and again on a
    local Dask cluster; ``--jobs 1`` against ``--jobs 2`` on an evenly spaced sample of it
    (every k-th report, so every kind is in it) or on all of it (``scaling_sample=0``);
    the makespan projected to 16 and 64 workers from the measured reports."""
    import yaml

    out: dict = {"per_size": []}
    for n in sizes:
        root, size = synthetic_project(workdir, n)
        names = sample_names(root)
        run = compare_cli(root, "reports", "--jobs", "1", "--no-progress", "--only", ",".join(names))
        done = run_json(root)
        out["per_size"].append(
            {
                "districts": n,
                "catalog_reports": size,
                "sample": names,
                **run,
                **render_stats(done),
                "per_report": per_report(done),
            }
        )
    out["growth_largest_over_smallest"] = growth(out["per_size"])
    root = workdir / f"synth-{sizes[-1]}"
    full = compare_cli(root, "reports", "--jobs", str(full_jobs), "--force", "--no-progress")
    done = run_json(root)
    out["full"] = {
        "districts": sizes[-1],
        "jobs": full_jobs,
        **full,
        **render_stats(done),
        "by_kind": by_kind(root, done),
        "fixed_cost": fixed_share(root, done),
    }
    seconds = list(per_report(done).values())
    rss = full["peak_rss_mb"] / full_jobs
    out["projection"] = {
        "from": "the full run's seconds per report, scheduled longest first; memory: peak RSS / jobs",
        "per_worker_rss_mb": round(rss, 1),
        "workers": [projection(seconds, w, rss) for w in (full_jobs, 16, 64)] if seconds else [],
    }
    if dask:
        out["dask"] = on_dask(root, full_jobs)
        if out["dask"].get("seconds") and full["seconds"]:
            out["dask"]["ratio_to_local_pool"] = round(out["dask"]["seconds"] / full["seconds"], 2)
    catalog = yaml.safe_load((root / "reports" / "catalog.yml").read_text(encoding="utf-8"))["reports"]
    names = [e["name"] for e in catalog]
    if scaling_sample and scaling_sample < len(names):
        step = len(names) / scaling_sample
        names = [names[int(i * step)] for i in range(scaling_sample)]
    only = ["--only", ",".join(names)]
    scaling = {}
    for jobs in (2, 1):
        run = compare_cli(root, "reports", "--jobs", str(jobs), "--force", "--no-progress", *only)
        scaling[f"jobs{jobs}"] = {**run, **render_stats(run_json(root))}
    j1, j2 = scaling["jobs1"], scaling["jobs2"]
    scaling["reports"] = len(names)
    if j2["seconds"] and j1["seconds"]:
        scaling["speedup"] = round(j1["seconds"] / j2["seconds"], 2)
        # CPU time the reports used over the CPU time the cores offered: below 1, the
        # cores waited (start-up, the client's own work, the last report alone) or
        # other processes had them (see the load).
        scaling["jobs1_cpu_utilisation"] = round(j1["sum_cpu_seconds"] / j1["seconds"], 2)
        scaling["jobs2_cpu_utilisation"] = round(j2["sum_cpu_seconds"] / (2 * j2["seconds"]), 2)
        scaling["report_seconds_jobs2_over_jobs1"] = (
            round(j2["mean_seconds"] / j1["mean_seconds"], 2) if j1["mean_seconds"] else None
        )
        scaling["report_cpu_jobs2_over_jobs1"] = (
            round(j2["mean_cpu_seconds"] / j1["mean_cpu_seconds"], 2) if j1["mean_cpu_seconds"] else None
        )
    out["scaling"] = scaling
    return out


# ------------------------------------------------------------------------------- main


def sizes_up_to(districts: int) -> tuple[int, ...]:
    """The catalog sizes measured: 5, 10, 20 districts below ``districts``, and ``districts``."""
    return tuple(sorted({n for n in (5, 10, 20) if n < districts} | {districts}))


def run(
    skip_reports: bool = False,
    quick: bool = False,
    out: Path | None = None,
    districts: int = 38,
    catalog_only: bool = False,
) -> dict:
    """Every measurement (``catalog_only``: only the synthetic catalog of ``districts``)."""
    result: dict = {
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0], "load_at_start": load()}
    }
    if not catalog_only:
        result["build_real"] = measure_build()
        with tempfile.TemporaryDirectory() as tmp:
            result["build_synthetic"] = synthetic_builds(Path(tmp))
    if not skip_reports:
        if not catalog_only:
            with tempfile.TemporaryDirectory() as tmp:
                result["incremental"] = incremental(Path(tmp))
        if not quick and not catalog_only:
            result["engine"] = engine_comparison(
                ["overview-zh", "indicator-forest_cover-en", "profile-kaizhou-zh", "atlas-en"]
            )
        if not quick:
            with tempfile.TemporaryDirectory() as tmp:
                result["synthetic"] = synthetic(Path(tmp), sizes=sizes_up_to(districts))
    result["targets"] = targets(result)
    result["machine"]["load_at_end"] = load()
    out = paths.project().reports / "benchmark.json" if out is None else out
    out.parent.mkdir(parents=True, exist_ok=True)
    from compare.files import write_text

    write_text(out, json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    return result


def targets(result: dict) -> dict:
    """Each target of the issues, met or not (figures, not assertions)."""
    targets: dict = {}
    syn = result.get("build_synthetic")
    if syn:
        growth = (
            syn[-1]["seconds_per_document"] / syn[0]["seconds_per_document"]
            if syn[0]["seconds_per_document"]
            else None
        )
        targets["real_build_under_1s"] = result["build_real"]["build_seconds"] < 1.0
        targets["synthetic_380_under_10s"] = syn[-1]["build_seconds"] < 10.0
        targets["per_document_cost_ratio_380_vs_38"] = round(growth, 2) if growth else None
    inc = result.get("incremental")
    if inc:
        targets["noop_at_most_5pct_of_full"] = (inc["noop_ratio"] or 1) <= 0.05
        targets["one_plan_edit_at_most_40pct_rendered"] = (inc["edit_rendered_ratio"] or 1) <= 0.40
    eng = result.get("engine")
    if eng:
        targets["stock_engine_at_least_as_fast"] = (
            eng["stock_seconds_per_report"]["median_round"]
            <= eng["custom_seconds_per_report"]["median_round"] * 1.02
        )
    synth = result.get("synthetic")
    if synth and "speedup" in synth["scaling"]:
        targets["jobs2_speedup_at_least_1.8"] = synth["scaling"]["speedup"] >= 1.8
    if synth:
        full = synth["full"]
        targets[f"catalog_{full['districts']}_jobs{full['jobs']}_under_45_min"] = full["seconds"] < 45 * 60
        grown = synth["growth_largest_over_smallest"]
        targets["no_sampled_report_over_3x_its_smallest_size_time"] = bool(grown) and max(grown.values()) <= 3
    return targets


def main_with(args: Any) -> int:
    """`compare bench` (options parsed by compare.cli)."""
    result = run(
        skip_reports=args.skip_reports,
        quick=args.quick,
        districts=args.districts,
        catalog_only=args.catalog_only,
    )
    r = result.get("build_real")
    if r:
        print(
            f"real plans: {r['rows']} rows, build {r['build_seconds']:.2f} s "
            f"(+{r['import_seconds']:.2f} s imports), peak RSS {r['peak_rss_mb']:.0f} MB"
        )
    for s in result.get("build_synthetic", []):
        print(
            f"synthetic {s['documents']:4d} documents: {s['rows']} rows, build {s['build_seconds']:.2f} s, "
            f"{1000 * s['seconds_per_document']:.1f} ms/document, peak RSS {s['peak_rss_mb']:.0f} MB"
        )
    inc = result.get("incremental")
    if inc:
        print(
            f"real catalog ({inc['catalog_reports']} reports): full {inc['full']['seconds']:.1f} s, "
            f"no-op {inc['noop']['seconds']:.1f} s ({inc['noop_ratio']:.1%}), after one plan edit "
            f"{len(inc['after_edit']['rendered'])} rendered ({inc['edit_rendered_ratio']:.0%}) in "
            f"{inc['after_edit']['seconds']:.1f} s"
        )
    eng = result.get("engine")
    if eng:
        print(
            f"engine, s/report (median round): stock {eng['stock_seconds_per_report']['median_round']:.2f}, "
            f"custom {eng['custom_seconds_per_report']['median_round']:.2f}"
        )
    synth = result.get("synthetic")
    if synth:
        for s in synth["per_size"]:
            print(
                f"{s['districts']:2d} districts ({s['catalog_reports']} reports): {s['mean_seconds']:.2f} s per sample report"
            )
        f = synth["full"]
        print(
            f"{f['districts']} districts, --jobs {f['jobs']}: {f['reports']} reports in {f['seconds']:.1f} s, "
            f"peak RSS {f['peak_rss_mb']:.0f} MB, fixed cost {f['fixed_cost'].get('fixed_share', 0):.0%}, "
            f"load {f['load']}"
        )
        for kind, k in f["by_kind"].items():
            print(
                f"  {kind:10s} {k['reports']:4d} reports, {k['sum_seconds']:8.1f} s, {k['mean']['total']:.1f} s each"
            )
        print("growth, largest over smallest size:", json.dumps(synth["growth_largest_over_smallest"]))
        d = synth.get("dask", {})
        if "seconds" in d:
            print(
                f"on a local Dask cluster: {d['seconds']:.1f} s ({d.get('ratio_to_local_pool')}x the local pool)"
            )
        for w in synth["projection"]["workers"]:
            print(f"  projected on {w['workers']} workers: {w['seconds']:.0f} s, {w['memory_gb']} GB")
        sc = synth["scaling"]
        if "speedup" in sc:
            print(
                f"{sc['reports']} reports: --jobs 1 {sc['jobs1']['seconds']:.1f} s, --jobs 2 "
                f"{sc['jobs2']['seconds']:.1f} s, speedup {sc['speedup']}x, CPU use "
                f"{sc['jobs1_cpu_utilisation']:.0%} / {sc['jobs2_cpu_utilisation']:.0%}"
            )
    print("targets:", json.dumps(result["targets"]))
    return 0
