"""compare: Chongqing's district eco-environmental 14th-FYP plans as one tidy table.

The package's stages are its subpackages, in the order data flows: `compare.ingest`
(plan documents to the table), `compare.analysis` (comparisons that carry their source
cells), `compare.figures` (charts and maps), `compare.reports` (the catalog, notebooks
rendered to HTML and PDF) and `compare.words` (every word a reader sees). Each states
what it offers in ``__all__``. The project (the folder holding ``data/raw/MANIFEST.csv``)
is found at run time (`compare.paths.project`). Importing ``compare`` loads nothing
else: the two entry points below import their stage when called.

It does keep one optional module out of the process: jsonschema (which frictionless and
nbformat use in every build and report worker) imports ``rfc3987_syntax``, when installed,
for its "iri" format checker, and that import builds some 35 Lark parsers: 1.2-1.5 s of CPU
in every process (python-jsonschema/jsonschema#1428), a third of a `compare build`. No schema
the suite validates uses the "iri" formats; jsonschema skips them when the module is absent.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from .ingest.codebook import Codebook

if "jsonschema" not in sys.modules:  # see the docstring: a missing module, not an error
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

__version__ = "0.1.0"
__all__ = ["__version__", "load_codebook", "load_table"]


def load_table(path: str | Path | None = None) -> pd.DataFrame:
    """Read the built indicator table with its column types.

    Parameters
    ----------
    path : str or Path, optional
        A table written by ``compare build`` (parquet); default: the current project's
        ``data/processed/indicators.parquet``.

    Returns
    -------
    pandas.DataFrame
        One row per printed indicator, region, period and table; the columns are listed
        in ``docs/columns.md``.

    Raises
    ------
    compare.errors.SourceError
        When the table has not been built yet.
    compare.paths.NotAProject
        When no path is given and the working directory is not inside a project.

    Examples
    --------
    >>> table = compare.load_table()  # doctest: +SKIP
    >>> table.query("region == 'kaizhou' and period == '14th'")  # doctest: +SKIP
    """
    from .ingest.load import load_table as load

    return load(None if path is None else Path(path))


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Read and validate the codebook of indicators.

    Parameters
    ----------
    path : str or Path, optional
        A codebook CSV; default: the current project's ``data/codebook/indicators.csv``.

    Returns
    -------
    compare.ingest.codebook.Codebook
        The indicators by id with their names, units, directions and synonyms;
        ``.frame()`` gives them as a DataFrame.

    Raises
    ------
    compare.errors.SourceError
        When the file is missing or breaks the codebook's rules (the message names the
        file and the line).
    compare.paths.NotAProject
        When no path is given and the working directory is not inside a project.
    """
    from .ingest.codebook import load_codebook as load

    return load(None if path is None else Path(path))
