"""One place for the project's paths, so no module or notebook hard-codes `../data`.

The project directory (the one holding `data/raw/MANIFEST.csv`) is, in this order:
``COMPARE_ROOT`` when set; the nearest directory at or above the working directory that
holds the manifest; the source checkout this package was installed from in editable
mode; else the working directory itself (a new, empty project). An installed wheel
therefore works against whichever project directory it is run in.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

MARKER = Path("data") / "raw" / "MANIFEST.csv"


def find_root(start: Path | None = None, env: Mapping[str, str] | None = None) -> Path:
    """The project directory for a process started in ``start`` (default: the cwd)."""
    root = (os.environ if env is None else env).get("COMPARE_ROOT")
    if root:
        return Path(root).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / MARKER).is_file():
            return folder
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / MARKER).is_file() and (checkout / "pyproject.toml").is_file():
        return checkout
    return here


ROOT = find_root()
DATA = ROOT / "data"
RAW = DATA / "raw"
MANIFEST = RAW / "MANIFEST.csv"
CODEBOOK = DATA / "codebook" / "indicators.csv"
HEADERS = DATA / "codebook" / "headers.csv"
REFERENCES = DATA / "codebook" / "references.csv"
PROCESSED = DATA / "processed"
TABLE_CSV = PROCESSED / "indicators.csv"
TABLE_PARQUET = PROCESSED / "indicators.parquet"
PARSE_REPORT = PROCESSED / "parse_report.csv"
NOTES_CSV = PROCESSED / "notes.csv"
OBSERVATIONS_PARQUET = PROCESSED / "observations.parquet"
NOTEBOOKS = ROOT / "notebooks"
REPORTS = ROOT / "reports"
CATALOG = REPORTS / "catalog.yml"
