"""Key findings of a pair report (two districts side by side), computed from its tables.

The same rows the report's tables show: each district's whole 14th-FYP indicator rows
(`top_rows`), the indicators both set and those only one sets, whose target is stricter
where the two compare (the suite's one rule, `comparability.compare`), and both districts' 13th-FYP final verdicts.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .common import CodebookLike
from .comparability import compare
from .findings import Finding
from .review import FINAL_VERDICTS, target_attainment


def top_rows(table: pd.DataFrame, region: str, period: str = "14th") -> pd.DataFrame:
    """A region's whole-indicator rows of ``period`` (no sub-rows such as single rivers)."""
    t = table[(table["region"] == region) & (table["period"] == period)]
    return t[t["parent_seq"].astype(str) == ""]


def compare_pair(ra: Any, rb: Any, codebook: CodebookLike = None) -> str:
    """``a`` (a's target is stricter), ``b``, ``equal``, or ``apart`` (they do not compare),
    by the suite's one rule (`comparability.compare`, as the pair's table words it)."""
    c = compare(ra, rb, codebook)
    if not c.comparable:
        return "apart"
    return {"stricter": "a", "weaker": "b", "equal": "equal"}.get(c.relation, "apart")


def _src(r: Any) -> str:
    return f"{r['source_file']}:{int(r['source_line'])}"


def pair_findings(table: pd.DataFrame, codebook: CodebookLike, region_a: str, region_b: str) -> list[Finding]:
    """Three findings: shared and own indicators, whose targets are stricter, the 13th record."""
    ta, tb = top_rows(table, region_a), top_rows(table, region_b)
    shared = sorted(set(ta["indicator_id"]) & set(tb["indicator_id"]))
    outcomes, evidence = [], []
    for ident in shared:
        ra, rb = ta[ta["indicator_id"] == ident].iloc[0], tb[tb["indicator_id"] == ident].iloc[0]
        outcomes.append(compare_pair(ra, rb, codebook))
        evidence += [_src(ra), _src(rb)]
    counts = pd.Series(outcomes, dtype=str).value_counts()
    att = target_attainment(table, codebook)
    record = {}
    for key, region in (("a", region_a), ("b", region_b)):
        verdicts = att.loc[att["region"] == region, "final"].value_counts()
        record[f"total_{key}"] = int(verdicts.sum())
        record.update({f"{v}_{key}": int(verdicts.get(v, 0)) for v in FINAL_VERDICTS})
    return [
        Finding(
            "pair_shared",
            {
                "shared": len(shared),
                "only_a": len(set(ta["indicator_id"]) - set(shared)),
                "only_b": len(set(tb["indicator_id"]) - set(shared)),
            },
        ),
        Finding(
            "pair_stricter",
            {
                "compared": int(sum(counts.get(k, 0) for k in ("a", "b", "equal"))),
                "stricter_a": int(counts.get("a", 0)),
                "stricter_b": int(counts.get("b", 0)),
                "equal": int(counts.get("equal", 0)),
                "apart": int(counts.get("apart", 0)),
            },
            evidence=tuple(dict.fromkeys(evidence)),
        ),
        Finding("pair_record", record),
    ]
