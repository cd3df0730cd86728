"""Records to the table: every column of a metadata file, in order, with its dtype.

The indicator table (`to_frame`) and the observations (`typed_frame` with their metadata)
take their shape here; `schema` checks it, `serialise` writes it.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .columns import meta
from .rows import PERIODS

#: The cells of a row that hold a value (each has raw, kind, operator, value, upper).
VALUE_CELLS = ("baseline", "target", "achieved")


def typed_frame(records: list[dict], m: Any) -> pd.DataFrame:
    """Records as a frame of the metadata `m`'s columns, in order, each with its dtype; a
    column a record does not set is empty (False for a flag)."""
    df = pd.DataFrame.from_records(records, columns=m.names)
    for c in m.of_type("number"):
        df[c] = df[c].astype("float64")
    for c in m.of_type("integer"):
        df[c] = df[c].astype("Int64")
    for c in m.of_type("boolean"):  # a row that does not set a flag does not have it
        df[c] = df[c].astype("boolean").fillna(False).astype(bool)
    text = m.of_type("string")
    df[text] = df[text].fillna("").astype(str)
    return df


def to_frame(records: list[dict]) -> pd.DataFrame:
    """The records as the table: every column of the metadata file, in order, with its
    dtype; a column a record does not set is empty (False for a flag), then sorted by key."""
    m = meta()
    df = typed_frame(records, m)
    order = {p: k for k, p in enumerate(PERIODS)}
    df = df.sort_values(
        list(m.key),
        key=lambda s: s.map(order) if s.name == "period" else s,
        kind="stable",
    )
    return df.reset_index(drop=True)
