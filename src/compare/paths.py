"""The project: one value holding the project's folder and every path derived from it.

A project is a folder holding ``data/raw/MANIFEST.csv`` (``compare init DIR`` creates
one). Nothing is fixed at import: the project in use is, in this order, the one a program
set with `use_project` (``compare --project DIR``), the folder named by ``COMPARE_ROOT``,
else the nearest folder at or above the working directory that holds the manifest.
Outside a project `project` raises `NotAProject`, one line naming the folder and
``compare init``. Functions take their paths as arguments whose default ``None`` means
"the current project's", resolved when they run.

The old constants (``paths.MANIFEST``, ``paths.ROOT``, ...) remain readable: each is
looked up on the current project when read.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .errors import CompareError

__all__ = [
    "MARKER",
    "NotAProject",
    "Project",
    "find_project",
    "find_root",
    "in_project",
    "project",
    "use_project",
]

MARKER = Path("data") / "raw" / "MANIFEST.csv"
#: The environment variable naming the project folder (set by ``--project`` for child processes).
ENV = "COMPARE_ROOT"


class NotAProject(CompareError):
    """The working directory (or the folder given) is not inside a project."""

    def __init__(self, folder: Path):
        self.folder = folder
        super().__init__(
            f"{folder} is not a compare project (no {MARKER.as_posix()} in it or a folder above); "
            f"create one with `compare init DIR` or pass --project DIR"
        )


@dataclass(frozen=True)
class Project:
    """A project folder and the paths the suite reads and writes in it.

    Parameters
    ----------
    root : Path
        The project folder (the one holding ``data/raw/MANIFEST.csv``).
    """

    root: Path

    @property
    def data(self) -> Path:
        """``data/``: raw documents, codebook, processed table."""
        return self.root / "data"

    @property
    def raw(self) -> Path:
        """``data/raw/``: the plan documents as published and their manifest."""
        return self.data / "raw"

    @property
    def manifest(self) -> Path:
        """``data/raw/MANIFEST.csv``: one row per registered document."""
        return self.raw / "MANIFEST.csv"

    @property
    def codebook(self) -> Path:
        """``data/codebook/indicators.csv``: one row per indicator."""
        return self.data / "codebook" / "indicators.csv"

    @property
    def headers(self) -> Path:
        """``data/codebook/headers.csv``: the header words of indicator tables."""
        return self.data / "codebook" / "headers.csv"

    @property
    def references(self) -> Path:
        """``data/codebook/references.csv``: the references the codebook cites."""
        return self.data / "codebook" / "references.csv"

    @property
    def processed(self) -> Path:
        """``data/processed/``: the built table and everything beside it."""
        return self.data / "processed"

    @property
    def table_csv(self) -> Path:
        """``data/processed/indicators.csv``: the table."""
        return self.processed / "indicators.csv"

    @property
    def table_parquet(self) -> Path:
        """``data/processed/indicators.parquet``: the table with its dtypes."""
        return self.processed / "indicators.parquet"

    @property
    def parse_report(self) -> Path:
        """``data/processed/parse_report.csv``: one record per document."""
        return self.processed / "parse_report.csv"

    @property
    def notes_csv(self) -> Path:
        """``data/processed/notes.csv``: the plans' notes, one row per note and row."""
        return self.processed / "notes.csv"

    @property
    def observations_parquet(self) -> Path:
        """``data/processed/observations.parquet``: the observed values (kind ``observations``)."""
        return self.processed / "observations.parquet"

    @property
    def boundaries(self) -> Path:
        """``data/processed/boundaries.parquet``: the maps' projected boundaries."""
        return self.processed / "boundaries.parquet"

    @property
    def notebooks(self) -> Path:
        """``notebooks/``: the report notebooks."""
        return self.root / "notebooks"

    @property
    def reports(self) -> Path:
        """``reports/``: the rendered reports."""
        return self.root / "reports"

    @property
    def catalog(self) -> Path:
        """``reports/catalog.yml``: which reports exist."""
        return self.reports / "catalog.yml"


def find_root(start: Path | None = None, env: Mapping[str, str] | None = None) -> Path:
    """The project folder for a process started in `start`.

    Parameters
    ----------
    start : Path, optional
        Where to look from (default: the working directory).
    env : Mapping, optional
        The environment (default: ``os.environ``); ``COMPARE_ROOT`` names the folder.

    Returns
    -------
    Path
        ``COMPARE_ROOT`` when set, else the nearest folder at or above `start` holding
        ``data/raw/MANIFEST.csv``.

    Raises
    ------
    NotAProject
        When no folder qualifies (or ``COMPARE_ROOT`` names one without a manifest).
    """
    named = (os.environ if env is None else env).get(ENV)
    if named:
        root = Path(named).resolve()
        if not (root / MARKER).is_file():
            raise NotAProject(root)
        return root
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / MARKER).is_file():
            return folder
    raise NotAProject(here)


def find_project(start: Path | None = None, env: Mapping[str, str] | None = None) -> Project:
    """The `Project` found from `start` (see `find_root`)."""
    return Project(find_root(start, env))


_current: Project | None = None


def use_project(folder: Path | None) -> Project | None:
    """Make `folder` the project of this process and of the processes it starts.

    Parameters
    ----------
    folder : Path or None
        A project folder; None forgets the choice (the project is found again).

    Returns
    -------
    Project or None
        The project now in use (None after forgetting).

    Raises
    ------
    NotAProject
        When `folder` holds no ``data/raw/MANIFEST.csv``.
    """
    global _current
    if folder is None:
        _current = None
        return None
    root = Path(folder).resolve()
    if not (root / MARKER).is_file():
        raise NotAProject(root)
    _current = Project(root)
    os.environ[ENV] = str(root)  # notebook kernels and worker processes inherit it
    return _current


@contextmanager
def in_project(folder: Path) -> Iterator[Project]:
    """Use the project in `folder` inside a ``with`` block, then the one used before.

    Parameters
    ----------
    folder : Path
        A project folder.

    Yields
    ------
    Project
        The project in use inside the block.
    """
    global _current
    before, named = _current, os.environ.get(ENV)
    try:
        yield use_project(folder) or Project(Path(folder).resolve())
    finally:
        _current = before
        if named is None:
            os.environ.pop(ENV, None)
        else:
            os.environ[ENV] = named


def project() -> Project:
    """The project in use: the one `use_project` set, else the one found from the cwd.

    Raises
    ------
    NotAProject
        Outside a project.
    """
    return _current or find_project()


#: The constants earlier code reads (``paths.MANIFEST``), each a `Project` attribute.
_CONSTANTS = {
    "ROOT": "root",
    "DATA": "data",
    "RAW": "raw",
    "MANIFEST": "manifest",
    "CODEBOOK": "codebook",
    "HEADERS": "headers",
    "REFERENCES": "references",
    "PROCESSED": "processed",
    "TABLE_CSV": "table_csv",
    "TABLE_PARQUET": "table_parquet",
    "PARSE_REPORT": "parse_report",
    "NOTES_CSV": "notes_csv",
    "OBSERVATIONS_PARQUET": "observations_parquet",
    "NOTEBOOKS": "notebooks",
    "REPORTS": "reports",
    "CATALOG": "catalog",
}


def __getattr__(name: str) -> Path:
    """``paths.MANIFEST`` and the other constants: the current project's path, when read."""
    if name in _CONSTANTS:
        return Path(getattr(project(), _CONSTANTS[name]))
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
