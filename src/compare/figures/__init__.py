"""Figures and display tables drawn from the table and the analyses.

Charts, maps and the boundaries and font they need. Reads the table and
`compare.analysis`; never parses. The notebooks use the modules in ``__all__``:
`charts` (tables and charts of the table), `analysis_charts` (the analyses' charts),
`dashboard`, `findings` and `maps`; `labels` holds the look-ups of reader-facing words,
`boundaries` the districts' shapes, `theme` the look every figure shares, `records` the
data and description recorded with a figure, `saving` the files a figure is saved as,
`html_tables` and `fragments` the tables and headings of a report page.
Each module is imported when first asked for, so importing ``compare.figures`` is cheap.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import (
        analysis_charts,
        boundaries,
        charts,
        dashboard,
        findings,
        fragments,
        html_tables,
        labels,
        maps,
        records,
        saving,
        theme,
    )

__all__ = [
    "analysis_charts",
    "boundaries",
    "charts",
    "dashboard",
    "findings",
    "fragments",
    "html_tables",
    "labels",
    "maps",
    "records",
    "saving",
    "theme",
]


def __getattr__(name: str) -> ModuleType:
    """Import a public module of this package when it is first asked for."""
    if name in __all__:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
