"""Reading the built tables back with their dtypes, as notebooks and analyses do."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import paths
from ..errors import SourceError
from ..files import read_parquet


def load_table(path: Path | None = None) -> pd.DataFrame:
    """The processed table with its dtypes (parquet), as notebooks and analyses read it."""
    path = paths.project().table_parquet if path is None else path
    if not path.exists():
        raise SourceError(path, "processed table not found; run `make data` (python -m compare build)")
    return read_parquet(path)


def load_observations(path: Path | None = None, required: bool = False) -> pd.DataFrame | None:
    """The observations table with its dtypes, or None when no observations are registered
    (``required``: an error that says how to register them, as the progress report needs)."""
    path = paths.project().observations_parquet if path is None else path
    if Path(path).exists():
        return read_parquet(path)
    if required:
        raise SourceError(
            path,
            "no observed outcomes are registered: add a bulletin with "
            "`compare add-source FILE --kind observations`, then `compare build`",
        )
    return None
