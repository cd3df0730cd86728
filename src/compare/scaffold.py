"""``compare init DIR``: a new, working project from the files the package ships.

The wheel carries the codebook (indicators, header words, references) and the report
notebooks as package data (``compare/template/``); a new project gets copies of them, an
empty manifest (its header only) and the report catalog of a table without plans. The
project is assembled in a hidden folder beside ``DIR`` and renamed into place, so an
interrupted ``init`` leaves nothing behind.
"""

from __future__ import annotations

import shutil
import tempfile
from importlib.resources import as_file, files
from pathlib import Path

from .errors import CompareError
from .paths import MARKER, Project, in_project

__all__ = ["TEMPLATES", "init_project"]

#: Template folders of the package -> where they go in a project.
TEMPLATES = {
    "codebook": Path("data") / "codebook",
    "notebooks": Path("notebooks"),
}
#: Files a template folder may hold (a checkout's editor leftovers are not copied).
SUFFIXES = (".csv", ".ipynb")


def _empty_manifest() -> str:
    from .ingest.sources import MANIFEST_COLUMNS

    return ",".join(MANIFEST_COLUMNS) + "\n"


def _copy_templates(dest: Path) -> None:
    for name, where in TEMPLATES.items():
        with as_file(files("compare") / "template" / name) as folder:
            found = sorted(p for p in Path(folder).iterdir() if p.suffix in SUFFIXES and p.is_file())
            if not found:
                raise CompareError(f"the installed package lacks its {name} templates ({folder})")
            (dest / where).mkdir(parents=True, exist_ok=True)
            for path in found:
                shutil.copyfile(path, dest / where / path.name)


def _write_catalog(project: Project) -> None:
    """The catalog of a table without plans: the reports every project has."""
    import pandas as pd

    from .ingest.columns import meta
    from .reports.catalog import write_catalog

    empty = pd.DataFrame({name: pd.Series(dtype=object) for name in meta().names})
    with in_project(project.root):
        write_catalog(project.catalog, table=empty)


def init_project(folder: Path) -> Project:
    """Create a project in `folder` (which must not exist, or be empty).

    Parameters
    ----------
    folder : Path
        The new project's folder.

    Returns
    -------
    Project
        The new project: codebook, header words, references, notebooks, an empty
        manifest, ``reports/catalog.yml`` and an empty ``data/processed/``.

    Raises
    ------
    CompareError
        When `folder` exists and is not empty, or its parent folder does not exist.
    """
    folder = Path(folder).absolute()
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        what = "a project already" if (folder / MARKER).is_file() else "not an empty folder"
        raise CompareError(f"{folder}: {what}; `compare init` needs a new or empty folder")
    if not folder.parent.is_dir():
        raise CompareError(f"{folder.parent}: no such folder")
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a project folder is an ordinary one
    try:
        _copy_templates(staging)
        (staging / MARKER).parent.mkdir(parents=True)
        (staging / MARKER).write_text(_empty_manifest(), encoding="utf-8")
        (staging / "data" / "processed").mkdir()
        (staging / "reports").mkdir()
        _write_catalog(Project(staging))
        if folder.exists():
            folder.rmdir()  # empty, checked above
        staging.rename(folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Project(folder)
