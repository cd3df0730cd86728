"""Command line: `python -m compare COMMAND [options]`. Errors are one line and exit non-zero.

Each command's options live with the module that implements it (`reports.main`,
`synth.main`, …); this file only dispatches.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from .errors import CompareError

COMMANDS = {
    "build": ("compare.cli", "build_main", "sources -> data/processed/indicators.{csv,parquet,xlsx}, datapackage.json, boundaries.parquet"),
    "reports": ("compare.reports", "main", "execute reports/catalog.yml with papermill -> ipynb/html/pdf [--only NAME] [--jobs N]"),
    "catalog": ("compare.catalog", "main", "regenerate reports/catalog.yml from the table"),
    "synth": ("compare.synth", "main", "write a synthetic corpus: --districts N --out DIR"),
    "add-source": ("compare.manifest_tools", "main", "register a new plan document in data/raw/MANIFEST.csv"),
    "bench": ("compare.bench", "main", "measure build and rendering -> reports/benchmark.json"),
}


def build_main(argv: list[str]) -> int:
    """`python -m compare build`: the table, its exports, the map boundaries, a summary."""
    from .boundaries import projected, write_projected
    from .build import build_table, summary, write_table
    from .exports import write_exports

    argparse.ArgumentParser(prog="python -m compare build", description=build_main.__doc__).parse_args(argv)
    result = build_table()
    write_table(result.table)
    write_exports(result.table)
    print(summary(result.table))
    for syn in result.unused_synonyms:
        print(f"warning: codebook synonym {syn!r} matches no printed name", file=sys.stderr)
    print(f"built {len(result.table)} rows in {result.seconds:.2f} s")
    shapes = projected(write_projected())
    print(f"boundaries: {len(shapes.units)} units for maps, {shapes.vertices_after:,} vertices "
          f"(simplified from {shapes.vertices_before:,})")
    return 0


def usage() -> str:
    lines = ["usage: python -m compare COMMAND [options]", "", "commands:"]
    lines += [f"  {name:11} {help_}" for name, (_, _, help_) in COMMANDS.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        print(usage())
        return 0 if argv else 2
    command, rest = argv[0], argv[1:]
    if command not in COMMANDS:
        print(f"error: unknown command {command!r}\n{usage()}", file=sys.stderr)
        return 2
    module, func, _ = COMMANDS[command]
    try:
        return int(getattr(importlib.import_module(module), func)(rest) or 0)
    except CompareError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
