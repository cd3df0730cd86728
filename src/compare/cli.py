"""Command line: `python -m compare build | reports`. Errors are one line and exit non-zero."""
from __future__ import annotations

import argparse
import sys

from .errors import CompareError


def _build(args: argparse.Namespace) -> int:
    from .build import build_table, summary, write_table

    result = build_table()
    write_table(result.table)
    print(summary(result.table))
    for syn in result.unused_synonyms:
        print(f"warning: codebook synonym {syn!r} matches no printed name", file=sys.stderr)
    print(f"built {len(result.table)} rows in {result.seconds:.2f} s")
    return 0


def _reports(args: argparse.Namespace) -> int:
    from .reports import run_reports

    only = [n for part in (args.only or []) for n in part.split(",") if n]
    return run_reports(only=only or None, jobs=args.jobs)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m compare", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="parse data/raw into data/processed/indicators.{csv,parquet}").set_defaults(func=_build)
    r = sub.add_parser("reports", help="execute the notebooks in reports/catalog.yml to ipynb/html/pdf")
    r.add_argument("--only", action="append", metavar="NAME", help="report name(s), repeatable or comma-separated")
    r.add_argument("--jobs", type=int, default=1, help="reports rendered in parallel (default 1)")
    r.set_defaults(func=_reports)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except CompareError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
