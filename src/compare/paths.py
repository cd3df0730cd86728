"""One place for the project's paths, so no module or notebook hard-codes `../data`."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(os.environ.get("COMPARE_ROOT", Path(__file__).resolve().parents[2]))
DATA = ROOT / "data"
RAW = DATA / "raw"
MANIFEST = RAW / "MANIFEST.csv"
CODEBOOK = DATA / "codebook" / "indicators.csv"
PROCESSED = DATA / "processed"
TABLE_CSV = PROCESSED / "indicators.csv"
TABLE_PARQUET = PROCESSED / "indicators.parquet"
NOTEBOOKS = ROOT / "notebooks"
REPORTS = ROOT / "reports"
CATALOG = REPORTS / "catalog.yml"
