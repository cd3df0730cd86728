"""The table as bytes: CSV with exact numbers and parquet that depends on the data only.

Each function returns the bytes of one file; `build.write_outputs` switches them in as
one set.
"""

from __future__ import annotations

import io
from typing import Any

import pandas as pd

from .columns import meta


def _number(v: Any) -> str:
    if v is None or v is pd.NA or (isinstance(v, float) and pd.isna(v)):
        return ""
    text = repr(float(v))
    return text[:-2] if text.endswith(".0") else text


def to_csv_bytes(df: pd.DataFrame, table_meta: Any = None) -> bytes:
    """CSV with numbers printed exactly (no float noise), booleans as true/false."""
    m = table_meta or meta()
    out = df.copy()
    for c in m.of_type("number"):
        if c in out:
            out[c] = out[c].map(_number)
    for c in m.of_type("integer"):
        if c in out:
            out[c] = out[c].map(lambda v: "" if pd.isna(v) else str(int(v)))
    for c in m.of_type("boolean"):
        if c in out:
            out[c] = out[c].map(lambda v: "true" if v else "false")
    buf = io.StringIO()
    out.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue().encode("utf-8")


def to_parquet_bytes(df: pd.DataFrame) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(df, preserve_index=False)
    table = table.replace_schema_metadata(None)  # no library versions: bytes depend on data only
    buf = pa.BufferOutputStream()
    pq.write_table(table, buf, compression="zstd", write_statistics=True)
    return buf.getvalue().to_pybytes()


def notes_csv_bytes(notes: pd.DataFrame) -> bytes:
    buf = io.StringIO()
    notes.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue().encode("utf-8")
