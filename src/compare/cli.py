"""Command line: `python -m compare COMMAND [options]`. Errors are one line and exit non-zero.

Each command's options live with the module that implements it (`reports.main`,
`synth.main`, …); this file only dispatches.
"""

from __future__ import annotations

import importlib
import sys

from .errors import CompareError

COMMANDS = {
    "build": (
        "compare.cli",
        "build_main",
        "sources -> data/processed/: table, exports, parse report, boundaries (switched in as one set)",
    ),
    "reports": (
        "compare.reports.run",
        "main",
        "execute reports/catalog.yml with papermill -> ipynb/html/pdf [--only NAME] [--jobs N]",
    ),
    "catalog": ("compare.reports.catalog", "main", "regenerate reports/catalog.yml from the table"),
    "synth": ("compare_dev.synth", "main", "write a synthetic corpus: --districts N --out DIR"),
    "add-source": (
        "compare.ingest.register",
        "main",
        "register a new plan document in data/raw/MANIFEST.csv",
    ),
    "remove-source": (
        "compare.ingest.register",
        "remove_main",
        "back out a registration: REGION's manifest row and its file in data/raw",
    ),
    "recount": (
        "compare.ingest.register",
        "recount_main",
        "record again the tables and rows each document gives (after a deliberate codebook change)",
    ),
    "bench": ("compare_dev.bench", "main", "measure build and rendering -> reports/benchmark.json"),
}


def build_main(argv: list[str]) -> int:
    """`python -m compare build`: the table, its exports, the parse report and the map
    boundaries, switched in as one set (`ingest.build.main`), then a summary."""
    from .figures.boundaries import BOUNDARIES, projected, write_projected
    from .ingest.build import main

    rc = main(argv, extra={BOUNDARIES.name: write_projected})
    shapes = projected()
    print(
        f"boundaries: {len(shapes.units)} units for maps, {shapes.vertices_after:,} vertices "
        f"(simplified from {shapes.vertices_before:,})"
    )
    return rc


def _import(module: str):
    """Import a command's module; developer tools (`compare_dev`) come from the checkout's
    `dev/` folder, which is not part of the installed package."""
    if module.startswith("compare_dev"):
        from . import paths

        dev = str(paths.ROOT / "dev")
        if dev not in sys.path:
            sys.path.insert(0, dev)
        try:
            return importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith("compare_dev"):
                raise CompareError(
                    f"{module.split('.')[-1]} is a developer command: it needs a "
                    f"source checkout with dev/compare_dev ({dev} not found)"
                ) from None
            raise
    return importlib.import_module(module)


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
        return int(getattr(_import(module), func)(rest) or 0)
    except CompareError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
