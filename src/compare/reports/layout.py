"""What the suite itself writes in the reports folder, and the names a report may not take.

The reports folder holds each report's files (``NAME.ipynb``, ``NAME.html``, ``NAME.pdf``,
``NAME.failed.{ipynb,html}``, its figures folder) beside the suite's own: the landing
page, the run record, the data downloads, the thumbnails, the web font, the catalog and
the hidden state, staging and lock. The modules that write these take their names from
here (`compare.reports.render`, `compare.reports.run`, `compare.reports.outputs`), and
the catalog refuses a report name or ``figures_dir`` that would land on one of them
(`name_problem`, `folder_problem`): a report named ``index`` would be overwritten by the
landing page and re-render forever, a ``figures_dir: data`` would mix figures with the
downloads.
"""

from __future__ import annotations

from pathlib import PurePosixPath

#: The landing page (`render.write_index`).
INDEX = "index.html"
#: The run record (`run.write_run_json`).
RUN_JSON = "run.json"
#: The catalog itself.
CATALOG = "catalog.yml"
#: The benchmark's record (``compare bench``).
BENCHMARK = "benchmark.json"
#: The data downloads the landing page links (`render.write_index`).
DOWNLOADS_DIR = "data"
#: The landing page's thumbnails.
THUMBS_DIR = "thumbs"
#: The web font every page links.
FONTS_DIR = "fonts"
WEB_FONT = f"{FONTS_DIR}/NotoSansCJKsc-subset.woff"

#: Files and folders of the suite at the top of the reports folder (hidden ones, .state,
#: .staging and .lock, cannot collide: report names and figure folders never start with a dot).
SUITE_FILES = (INDEX, RUN_JSON, CATALOG, BENCHMARK)
SUITE_FOLDERS = (DOWNLOADS_DIR, THUMBS_DIR, FONTS_DIR)
#: What a report named NAME writes at the top of the reports folder.
REPORT_SUFFIXES = (".ipynb", ".html", ".pdf", ".docx", ".failed.ipynb", ".failed.html")


def report_files(name: str) -> list[str]:
    """The files a report called ``name`` may write at the top of the reports folder."""
    return [f"{name}{suffix}" for suffix in REPORT_SUFFIXES]


def reserved_names() -> set[str]:
    """Report names taken by the suite: the stems of its own files and its folders."""
    return {name.split(".", 1)[0] for name in SUITE_FILES} | set(SUITE_FOLDERS)


def name_problem(name: str) -> str:
    """Why ``name`` cannot name a report ("" when it can)."""
    clash = sorted(set(report_files(name)) & set(SUITE_FILES))
    if clash or name in reserved_names():
        what = f"its {clash[0]} would be overwritten by the suite's own" if clash else "the suite uses it"
        return f"name {name!r} is reserved ({what}); reserved names: {', '.join(sorted(reserved_names()))}"
    return ""


def folder_problem(folder: str) -> str:
    """Why ``folder`` (a normalised relative path) cannot hold a report's figures ("" when
    it can): it would lie in or over one of the suite's folders, or be one of its files."""
    parts = PurePosixPath(folder).parts
    if not parts or not folder.strip() or folder != folder.strip():
        return f"figures_dir {folder!r} must name a folder (no blank or surrounding spaces)"
    if parts[0] in SUITE_FOLDERS or parts[0] in SUITE_FILES:
        return (
            f"figures_dir {folder!r} lies in the suite's own {parts[0]!r} "
            f"(reserved: {', '.join(sorted((*SUITE_FOLDERS, *SUITE_FILES)))})"
        )
    return ""
