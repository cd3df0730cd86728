"""Reports: the catalog, notebooks run with papermill, HTML, PDF and the index.

The catalog (`catalog`), parameter checks (`params`), running the notebooks with
papermill (`run`: fingerprints, a worker pool or a Dask cluster, the output sets) and turning
them into HTML, PDF and the index page (`render`).

The names below are the public entry points, re-exported for scripts and tests.
"""

from __future__ import annotations

from .catalog import Report, load_catalog, select
from .render import html_to_pdf, page, to_html, write_index
from .result import Result
from .run import build, longest_first, run_reports, summary

__all__ = [
    "Report",
    "Result",
    "build",
    "html_to_pdf",
    "load_catalog",
    "longest_first",
    "page",
    "run_reports",
    "select",
    "summary",
    "to_html",
    "write_index",
]
