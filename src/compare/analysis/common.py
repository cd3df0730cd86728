"""Shared conventions of the analyses: direction signs, tolerance, the codebook frame,
row helpers and the annual-rate formula. See the package docstring for the rules."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeAlias

import numpy as np
import pandas as pd

from .. import paths
from ..ingest.codebook import Codebook, load_codebook

TOL = 1e-9
#: relative band of an approximate ("~", 左右) 13th-FYP target when judging attainment
APPROX_BAND = 0.05


@lru_cache(maxsize=4)
def _flow_ids(codebook_path: Path) -> frozenset[str]:
    return frozenset(
        e.indicator_id for e in load_codebook(codebook_path).entries.values() if e.measure == "flow"
    )


def flow_indicators() -> frozenset[str]:
    """Indicators whose figures are amounts over the plan period, not levels at its end
    (codebook column ``measure`` = ``flow``); the codebook is read on first use."""
    return _flow_ids(paths.CODEBOOK)


_FLOW_ID_RE = re.compile(r"_(reduction|abatement|net_increase)$")

SIGN = {"higher_is_better": 1, "lower_is_better": -1, "neutral": 0}

#: zh/en labels of the statuses and classes the analyses return.
STATUS_LABELS = {
    "stricter": {"zh": "严于市级", "en": "stricter"},
    "equal": {"zh": "与市级相同", "en": "equal"},
    "weaker": {"zh": "弱于市级", "en": "weaker"},
    "not comparable": {"zh": "不可比", "en": "not comparable"},
    "not quantified": {"zh": "未量化", "en": "not quantified"},
    "missing": {"zh": "未列入", "en": "missing"},
    "improve": {"zh": "提升", "en": "improve"},
    "hold": {"zh": "持平", "en": "hold"},
    "relax": {"zh": "放宽", "en": "relax"},
    "assigned": {"zh": "上级下达", "en": "assigned"},
    "qualitative": {"zh": "定性", "en": "qualitative"},
    "maintain": {"zh": "保持", "en": "maintain"},
    "met": {"zh": "完成", "en": "met"},
    "missed": {"zh": "未完成", "en": "missed"},
    "not assessable": {"zh": "无法评估", "en": "not assessable"},
}

CodebookLike: TypeAlias = "Codebook | pd.DataFrame | None"

# Columns that identify and trace a row of the table; carried into every result.
_TRACE = [
    "region",
    "region_name_zh",
    "region_name_en",
    "level",
    "period",
    "table",
    "row",
    "indicator_id",
    "indicator_name_zh",
    "unit",
    "attribute",
]


def label(status: str, lang: str = "zh") -> str:
    """Display label of a status or class (``label("weaker", "zh") == "弱于市级"``)."""
    base = status.split(" (")[0]
    return STATUS_LABELS.get(status, STATUS_LABELS.get(base, {})).get(lang, status)


def region_labels(table: pd.DataFrame, lang: str = "zh") -> dict[str, str]:
    """region id -> printed name (``开州区`` / ``Kaizhou District``) for plot labels."""
    col = "region_name_zh" if lang == "zh" else "region_name_en"
    return dict(zip(table["region"], table[col]))


def indicator_labels(codebook: CodebookLike = None, lang: str = "zh") -> dict[str, str]:
    """indicator_id -> codebook name in ``lang`` for plot labels."""
    cb = codebook_frame(codebook)
    return cb["name_zh" if lang == "zh" else "name_en"].to_dict()


# ----------------------------------------------------------------------------- helpers


def codebook_frame(codebook: CodebookLike = None) -> pd.DataFrame:
    """The codebook as a frame indexed by indicator_id, with ``limit`` as a float.

    Accepts a `Codebook` (``load_codebook()``), a DataFrame with the codebook's columns, or
    None (read the project's codebook).
    """
    if codebook is None:
        codebook = load_codebook()
    if isinstance(codebook, Codebook):
        df = codebook.frame()
    else:
        df = codebook.copy()
    df["limit"] = pd.to_numeric(df.get("limit", pd.Series(dtype=float)).replace("", np.nan), errors="coerce")
    for col in ("sdg", "name_zh", "name_en", "domain", "unit"):
        if col not in df.columns:
            df[col] = ""
    return df.set_index("indicator_id")


def is_flow(indicator_id: str) -> bool:
    """True for period amounts (reductions, abatements, increments), False for levels."""
    return indicator_id in flow_indicators() or bool(_FLOW_ID_RE.search(indicator_id))


def _direction(cb: pd.DataFrame, ident: str) -> str:
    return str(cb["direction"].get(ident, "neutral")) if ident in cb.index else "neutral"


def _cells(row: pd.Series) -> set[str]:
    return {c for c in str(row.get("cumulative_cells", "")).split(",") if c}


def _num(v: Any) -> float:
    return float("nan") if v is None or pd.isna(v) else float(v)


def _source(file: str, line: Any) -> str:
    return f"{file}:{int(line)}" if not pd.isna(line) else str(file)


def _districts(table: pd.DataFrame) -> pd.DataFrame:
    return table[(table["level"] == "district")]


def _municipal(table: pd.DataFrame) -> pd.DataFrame:
    return table[(table["level"] == "municipal") & (table["period"] == "14th")]


def _comparable_kind(kind: str) -> bool:
    return kind in ("numeric", "class")


def annual_rate(start: float, end: float, years: float, unit: str) -> tuple[float, str]:
    """Implied annual rate from ``start`` to ``end`` over ``years``, and its unit.

    Shares and rates (unit ``%``) change linearly, in percentage points per year; other
    units (levels, intensities) compound, in percent per year. NaN where undefined
    (no years, or a non-positive value for compounding).

    >>> annual_rate(55, 57, 5, "%")
    (0.4, 'pp/yr')
    >>> round(annual_rate(100, 200, 5, "天")[0], 4)
    14.8698
    """
    if any(pd.isna(x) for x in (start, end, years)) or years <= 0:
        return float("nan"), ("pp/yr" if unit == "%" else "%/yr")
    if unit == "%":
        return (end - start) / years, "pp/yr"
    if start <= 0 or end <= 0:
        return float("nan"), "%/yr"
    return ((end / start) ** (1.0 / years) - 1.0) * 100.0, "%/yr"
