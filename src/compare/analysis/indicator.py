"""Key findings of an indicator report (one indicator across the plans), computed from its tables.

The same frames the report's tables show: the 14th-FYP whole-indicator rows of the indicator
(who sets it), `ambition.ambition` of its rows (the ambition table's classes) and
`alignment.alignment` of its rows (the alignment table's statuses, decided by the suite's one
rule, `comparability.compare`).
"""

from __future__ import annotations

import pandas as pd

from .alignment import ALIGNMENT_STATUSES, COMPARED, CONTEXT, alignment
from .ambition import ambition
from .common import CodebookLike
from .findings import RATED, Finding


def _src(r: pd.Series) -> str:
    return f"{r['source_file']}:{int(r['source_line'])}"


def _set_by(table: pd.DataFrame, indicator_id: str) -> Finding:
    rows = table[(table["indicator_id"] == indicator_id) & (table["period"] == "14th")]
    rows = rows[rows["parent_seq"].astype(str) == ""]
    districts = rows[rows["level"] == "district"]
    n_districts = table.loc[table["level"] == "district", "region"].nunique()
    return Finding(
        "indicator_set",
        {
            "districts": int(districts["region"].nunique()),
            "of": int(n_districts),
            "municipal": int((rows["level"] == "municipal").any()),
        },
        evidence=tuple(dict.fromkeys(_src(r) for _, r in rows.iterrows())),
    )


def _ambition(table: pd.DataFrame, codebook: CodebookLike, indicator_id: str) -> Finding:
    amb = ambition(table[table["indicator_id"] == indicator_id], codebook)
    counts = amb["ambition_class"].value_counts() if len(amb) else pd.Series(dtype=int)
    values = {c: int(counts.get(c, 0)) for c in RATED}
    return Finding(
        "indicator_ambition",
        {"rows": len(amb), "rated": sum(values.values()), **values, "at_ceiling": values["at ceiling"]},
        evidence=tuple(dict.fromkeys(_src(r) for _, r in amb.iterrows())),
    )


def _alignment(table: pd.DataFrame, codebook: CodebookLike, indicator_id: str) -> Finding:
    al = alignment(table, codebook)
    al = al[al["indicator_id"] == indicator_id]
    counts = al["status"].value_counts()
    values = {s: int(counts.get(s, 0)) for s in ALIGNMENT_STATUSES}
    return Finding(
        "indicator_alignment",
        {
            "rows": len(al),
            "compared": sum(values[s] for s in COMPARED),
            "context": sum(values[s] for s in CONTEXT),
            "apart": len(al) - sum(values[s] for s in (*COMPARED, *CONTEXT)),
            **values,
        },
        evidence=tuple(dict.fromkeys(_src(r) for _, r in al.iterrows())),
    )


def indicator_findings(table: pd.DataFrame, codebook: CodebookLike, indicator_id: str) -> list[Finding]:
    """Three findings of one indicator: how many districts (and whether the city) set it in the
    14th FYP, how its targets move from their baselines (ambition classes), and how the
    districts' targets stand against the city's (alignment statuses)."""
    return [
        _set_by(table, indicator_id),
        _ambition(table, codebook, indicator_id),
        _alignment(table, codebook, indicator_id),
    ]
