"""Command line: ``compare COMMAND [options]`` (also ``python -m compare``).

One argparse parser with a subcommand per step; every option is parsed and checked here
before any command runs, so ``--help`` or a bad option never writes a file. Errors are
one line on stderr and a non-zero exit code (2 for bad input, 1 for failed reports).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import paths
from .errors import CompareError, ParameterError

PROG = "compare"
#: Commands that work without a project (the others find it first, or say there is none).
PROJECTLESS = ("init",)


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("compare")
    except PackageNotFoundError:  # pragma: no cover - a source tree without metadata
        from . import __version__

        return str(__version__)


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, got {value}")
    return value


def _districts(text: str) -> int:
    value = positive_int(text)
    if value > 38:
        raise argparse.ArgumentTypeError(f"Chongqing has 38 county-level units, got {value}")
    return value


def _formats(text: str) -> tuple[str, ...]:
    """``html,pdf``: the formats a run makes (`reports.catalog.with_formats` checks them)."""
    from .reports.catalog import with_formats

    formats = tuple(f.strip() for f in text.split(",") if f.strip())
    try:
        with_formats([], formats)
    except ParameterError as exc:
        raise argparse.ArgumentTypeError(f"{text!r}: {str(exc).split(': ', 1)[1]}") from None
    return formats


PROJECT_HELP = (
    "the project folder (default: the nearest folder at or above the working directory "
    "holding data/raw/MANIFEST.csv, or $COMPARE_ROOT)"
)

# ------------------------------------------------------------------------------ commands


def cmd_build(args: argparse.Namespace) -> int:
    from .figures.boundaries import projected, write_projected
    from .ingest.build import build

    build(extra={paths.project().boundaries.name: write_projected})
    shapes = projected()
    print(
        f"boundaries: {len(shapes.units)} units for maps, {shapes.vertices_after:,} vertices "
        f"(simplified from {shapes.vertices_before:,})"
    )
    return 0


def _pair(text: str) -> str:
    """``--pair a,b``: two district keys (checked against the table when the catalog is written)."""
    items = [t.strip() for t in text.split(",")]
    if len(items) != 2 or not all(items) or items[0] == items[1]:
        raise argparse.ArgumentTypeError(f"two different district keys, e.g. kaizhou,bishan; got {text!r}")
    return ",".join(items)


def cmd_reports(args: argparse.Namespace) -> int:
    from .reports.run import run_reports

    only = args.only
    if args.pair:
        from .reports.catalog import pair_names, write_catalog

        names = pair_names(args.pair)
        if not args.dry_run:
            target = write_catalog(add_pairs=args.pair)
            print(f"{target}: pairs {' '.join(args.pair)} listed under pairs:")
        only = [*(only or []), *(n for n in names if n not in (only or []))]
    return run_reports(
        only=only,
        jobs=args.jobs,
        force=args.force,
        scheduler=args.scheduler,
        progress=args.progress,
        dry_run=args.dry_run,
        formats=args.formats,
    )


def cmd_catalog(args: argparse.Namespace) -> int:
    import yaml

    from .reports.catalog import counts, write_catalog

    target = write_catalog()
    entries = yaml.safe_load(target.read_text(encoding="utf-8"))["reports"]
    kinds = ", ".join(f"{k} {n}" for k, n in counts(entries).items())
    print(f"wrote {target}: {len(entries)} reports ({kinds})")
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from .scaffold import init_project

    made = init_project(args.folder)
    print(
        f"created project {made.root}: codebook, header words, references, notebooks, "
        f"an empty manifest and reports/catalog.yml; next: cd {args.folder} && "
        f"compare add-source PLAN.txt --region ID --adcode CODE && compare build"
    )
    return 0


def cmd_add_source(args: argparse.Namespace) -> int:
    from dataclasses import fields

    from .ingest.register import NewSource, register

    args.manifest = args.manifest or paths.project().manifest
    source = NewSource(**{f.name: getattr(args, f.name) for f in fields(NewSource)})
    reg = register(source, manifest=args.manifest)
    row = reg.row
    print(
        f"added {row['file']} as region {row['region']} ({row['name_zh']}, {row['adcode']}, {row['level']}) "
        f"to {args.manifest}; sha256 {row['sha256'][:12]}…; {row['expected_rows'] or 'no rows recorded'}"
    )
    for notice in reg.notices:
        print(f"notice: {notice}", file=sys.stderr)
    return 0


def cmd_remove_source(args: argparse.Namespace) -> int:
    from .ingest.register import remove_source

    args.manifest = args.manifest or paths.project().manifest

    row = remove_source(args.region, args.manifest, keep_file=args.keep_file)
    kept = f"; {row['file']} kept in data/raw" if args.keep_file else ""
    print(f"removed region {row['region']} ({row['file']}) from {args.manifest}{kept}")
    return 0


def cmd_recount(args: argparse.Namespace) -> int:
    from .ingest.register import recount

    changed = recount(args.regions or None, args.manifest)
    for region, (old, new) in changed.items():
        print(f"{region}: {old or 'nothing recorded'} -> {new}")
    if not changed:
        print("every document gives the rows recorded")
    return 0


def cmd_inspect(args: argparse.Namespace) -> int:
    from .ingest.codebook import load_codebook
    from .ingest.inspect import reading, render
    from .ingest.sources import read_manifest
    from .ingest.tablemap import load_map

    kind, map_path = args.kind, args.table_map
    args.manifest = args.manifest or paths.project().manifest
    if args.manifest.is_file():  # a registered document: its kind and table map from the manifest
        for s in read_manifest(args.manifest):
            if s.path.resolve() == args.file.resolve():
                kind = kind or s.kind
                map_path = map_path or (s.raw_dir / s.table_map if s.table_map else None)
    codebook = load_codebook()
    print(render(reading(args.file, kind or "tables", load_map(map_path), codebook), codebook), end="")
    return 0


def cmd_codebook_suggest(args: argparse.Namespace) -> int:
    from .files import write_text
    from .ingest.inspect import suggest

    text = suggest(args.region, args.manifest)
    if args.out:
        write_text(args.out, text)
        print(f"wrote {text.count(chr(10)) - 1} candidate synonym lines to {args.out}")
    else:
        print(text, end="")
    return 0


def _dev(module: str) -> Any:
    """Import a developer tool from the checkout's ``dev/`` folder (not installed)."""
    dev = str(paths.ROOT / "dev")
    if dev not in sys.path:
        sys.path.insert(0, dev)
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("compare_dev"):
            raise CompareError(
                f"{module.split('.')[-1]} is a developer command: it needs a source checkout "
                f"with dev/compare_dev ({dev} not found)"
            ) from None
        raise


def cmd_synth(args: argparse.Namespace) -> int:
    import csv

    synth = _dev("compare_dev.synth")
    manifest = synth.generate(
        args.districts, args.out, seed=args.seed, docs_per_district=args.docs_per_district, faults=args.faults
    )
    with manifest.open(encoding="utf-8") as fh:
        n = sum(1 for _ in csv.DictReader(fh))
    print(f"wrote {n} documents, {manifest} and {manifest.parent / 'expected.csv'}")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    bench = _dev("compare_dev.bench")
    return int(bench.main_with(args) or 0)


# -------------------------------------------------------------------------------- parser


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=PROG,
        description="Compare Chongqing's district 14th Five-Year eco-environmental plans: "
        "build the indicator table from the plan documents and render comparison reports.",
    )
    p.add_argument("--version", action="version", version=f"{PROG} {version()}")
    p.add_argument("--project", type=Path, metavar="DIR", help=PROJECT_HELP)
    # also accepted after the command; SUPPRESS keeps it from overriding the one given before
    where = argparse.ArgumentParser(add_help=False)
    where.add_argument("--project", type=Path, metavar="DIR", default=argparse.SUPPRESS, help=PROJECT_HELP)
    sub = p.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, run, help_, add_arguments in COMMANDS:
        parents = [] if name in PROJECTLESS else [where]
        c = sub.add_parser(name, help=help_, description=help_[0].upper() + help_[1:] + ".", parents=parents)
        c.set_defaults(run=run)
        if add_arguments is not None:
            add_arguments(c)
    return p


def _init_arguments(new: argparse.ArgumentParser) -> None:
    """`compare init`'s folder."""
    new.add_argument("folder", type=Path, metavar="DIR", help="the new project's folder (new or empty)")


def _reports_arguments(r: argparse.ArgumentParser) -> None:
    """`compare reports`: which reports, how many at once, a dry run, a cluster, the bar."""
    r.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        help="render only this report (repeatable, or comma-separated names)",
    )
    r.add_argument(
        "--pair",
        action="append",
        type=_pair,
        metavar="A,B",
        help="render the pair report of districts A and B (both languages), adding the pair "
        "to the catalog's pairs: list so later runs keep it (repeatable)",
    )
    r.add_argument(
        "--jobs", "-j", type=positive_int, default=1, metavar="N", help="reports rendered at once (default 1)"
    )
    r.add_argument("--force", action="store_true", help="render even the reports that are up to date")
    r.add_argument(
        "--formats",
        type=_formats,
        metavar="LIST",
        help="the documents to make, comma-separated: html (always), pdf, docx (default: all); "
        "a report made without one is rendered again by the next run that asks for it",
    )
    r.add_argument(
        "--dry-run",
        action="store_true",
        help="list the reports that would be rendered, and why; render nothing",
    )
    r.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="render on a Dask cluster, e.g. tcp://host:8786 (needs the 'cluster' extra)",
    )
    bar = r.add_mutually_exclusive_group()
    bar.add_argument(
        "--progress", dest="progress", action="store_true", default=None, help="always show the progress bar"
    )
    bar.add_argument(
        "--no-progress", dest="progress", action="store_false", help="never show the progress bar"
    )


def _add_source_arguments(a: argparse.ArgumentParser) -> None:
    """`compare add-source`: the document and its manifest row."""
    from .ingest.sources import KINDS, LEVELS

    a.add_argument("file", type=Path, help="the plan document (UTF-8 text)")
    a.add_argument(
        "--region",
        default="",
        help="new region id, lower-case letters, digits, _ (e.g. wanzhou); observations: the region "
        "their rows describe (default: read from the file)",
    )
    a.add_argument(
        "--adcode", default="", help="six-digit administrative code (e.g. 500101); not for observations"
    )
    a.add_argument("--name-zh", default="", help="Chinese name (default: from the boundary data)")
    a.add_argument("--name-en", default="", help="English name (default: from the boundary data)")
    a.add_argument("--level", default="district", choices=LEVELS)
    a.add_argument(
        "--kind",
        default="tables",
        choices=KINDS,
        help="tables: a plan with indicator tables; prose: targets only in its prose; facts: a CSV of "
        "secondary facts with their published addresses; observations: a CSV of observed outcomes "
        "(the columns of data/raw/observed_2020_2025.csv) (default tables)",
    )
    a.add_argument("--title-zh", default="", help="the document's Chinese title")
    a.add_argument("--doc-no", default="", help="the document number (文号)")
    a.add_argument("--issued", default="", help="date of issue, YYYY-MM-DD")
    a.add_argument("--layout", default="", help="a note on how the tables are printed")
    a.add_argument(
        "--manifest", type=Path, default=None, help="the manifest to add to (default: the project's)"
    )
    a.add_argument(
        "--table-map",
        type=Path,
        default=None,
        metavar="YAML",
        help="a table map stating what the parser cannot guess (copied beside the document, named in the manifest)",
    )


def _remove_source_arguments(rm: argparse.ArgumentParser) -> None:
    """`compare remove-source`: the region and the manifest."""
    rm.add_argument("region", help="the region id to remove")
    rm.add_argument("--keep-file", action="store_true", help="keep the document in data/raw")
    rm.add_argument(
        "--manifest", type=Path, default=None, help="the manifest to remove it from (default: the project's)"
    )


def _recount_arguments(rc: argparse.ArgumentParser) -> None:
    """`compare recount`: the regions and the manifest."""
    rc.add_argument("regions", nargs="*", metavar="REGION", help="regions to recount (default: all)")
    rc.add_argument(
        "--manifest", type=Path, default=None, help="the manifest to update (default: the project's)"
    )


def _inspect_arguments(i: argparse.ArgumentParser) -> None:
    """`compare inspect`: the document and how to read it."""
    from .ingest.sources import KINDS

    i.add_argument("file", type=Path, help="the document (registered or not)")
    i.add_argument(
        "--kind",
        choices=KINDS,
        default=None,
        help="tables or prose (default: from the manifest, else tables)",
    )
    i.add_argument(
        "--table-map", type=Path, default=None, help="a table map (YAML) to read the document with"
    )
    i.add_argument(
        "--manifest",
        type=Path,
        default=None,
        help="the manifest to look the file up in (default: the project's)",
    )


def _codebook_arguments(cb: argparse.ArgumentParser) -> None:
    """`compare codebook suggest`: the region, the manifest, the output."""
    cbs = cb.add_subparsers(dest="codebook_command", metavar="ACTION", required=True)
    sg = cbs.add_parser(
        "suggest",
        help="candidate synonym lines for a region's unknown indicator names",
        description="Write, for each printed name of REGION's document the codebook does not know, "
        "the nearest codebook entry as a candidate synonym line (CSV) for the user to accept.",
    )
    sg.set_defaults(run=cmd_codebook_suggest)
    sg.add_argument("region", help="the registered region")
    sg.add_argument("--manifest", type=Path, default=None, help="the manifest (default: the project's)")
    sg.add_argument("--out", type=Path, default=None, help="write the CSV here (default: print it)")


def _synth_arguments(s: argparse.ArgumentParser) -> None:
    """`compare synth`: size, seed and faults of the corpus."""
    s.add_argument(
        "--districts", type=_districts, default=38, metavar="N", help="county-level units, 1-38 (default 38)"
    )
    s.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write the corpus to")
    s.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    s.add_argument(
        "--docs-per-district",
        type=positive_int,
        default=1,
        metavar="K",
        help="documents per unit (default 1)",
    )
    s.add_argument(
        "--faults", type=_share, default=0.0, metavar="F", help="share of documents with one fault (0-1)"
    )


def _bench_arguments(b: argparse.ArgumentParser) -> None:
    """`compare bench`: what to measure."""
    b.add_argument("--skip-reports", action="store_true", help="measure the builds only")
    b.add_argument(
        "--quick",
        action="store_true",
        help="measure only the builds and the real catalog (no synthetic catalog, no old-against-new comparison)",
    )
    b.add_argument(
        "--districts",
        type=_districts,
        default=38,
        metavar="N",
        help="districts of the synthetic catalog rendered in full (default 38)",
    )
    b.add_argument(
        "--catalog-only",
        action="store_true",
        help="measure only the synthetic catalog (no builds, no real catalog, no old-against-new comparison)",
    )


#: Every command: name, what runs it, its help line and what adds its arguments.
COMMANDS: tuple[
    tuple[str, Callable[[argparse.Namespace], int], str, Callable[[argparse.ArgumentParser], None] | None],
    ...,
] = (
    (
        "init",
        cmd_init,
        "create a new project in DIR: the codebook, header words, references and notebooks, "
        "an empty manifest and the report catalog",
        _init_arguments,
    ),
    (
        "build",
        cmd_build,
        "read the plan documents in data/raw and write the indicator table (CSV, parquet, "
        "Excel, datapackage.json) and the map boundaries to data/processed",
        None,
    ),
    (
        "reports",
        cmd_reports,
        "render the reports listed in reports/catalog.yml (executed notebook, HTML, PDF, "
        "figures) and reports/index.html; reports whose inputs did not change are skipped",
        _reports_arguments,
    ),
    (
        "catalog",
        cmd_catalog,
        "regenerate reports/catalog.yml (which reports exist) from the indicator table",
        None,
    ),
    (
        "add-source",
        cmd_add_source,
        "copy a plan document into data/raw and register it in the manifest",
        _add_source_arguments,
    ),
    (
        "remove-source",
        cmd_remove_source,
        "remove a region's plan from the manifest and data/raw",
        _remove_source_arguments,
    ),
    (
        "recount",
        cmd_recount,
        "record again the tables and rows each registered document gives (after a deliberate change "
        "of the codebook or the header words)",
        _recount_arguments,
    ),
    (
        "inspect",
        cmd_inspect,
        "show how the parser reads a document: tables, header roles, each row's cells and the "
        "strings it could not place (the build's own reading; nothing is written)",
        _inspect_arguments,
    ),
    ("codebook", cmd_codebook_suggest, "codebook helpers (see `codebook suggest`)", _codebook_arguments),
    (
        "synth",
        cmd_synth,
        "write a synthetic corpus of plans with a known table (developer tool)",
        _synth_arguments,
    ),
    (
        "bench",
        cmd_bench,
        "measure build and rendering speed into reports/benchmark.json (developer tool)",
        _bench_arguments,
    ),
)


def main(argv: list[str] | None = None) -> int:
    p = parser()
    args = p.parse_args(sys.argv[1:] if argv is None else argv)
    if args.command == "reports" and args.only is not None:
        names = [n.strip() for item in args.only for n in item.split(",")]
        if not all(names):
            p.error("reports --only: empty report name; give one or more report names")
        args.only = names
    try:
        if args.command in PROJECTLESS:
            return int(args.run(args) or 0)
        with paths.in_project(args.project or paths.find_root()):  # also for the processes it starts
            return int(args.run(args) or 0)
    except CompareError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # Ctrl-C before a command's own handling starts (imports)
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
