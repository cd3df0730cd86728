"""The pandera schema of the table and of the observations, from their metadata files.

Every column's type, allowed values, pattern and minimum come from `indicators.meta.yml`
(`observations.meta.yml`); the row checks those files name are implemented here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from .codebook import Codebook
from .columns import meta
from .frame import VALUE_CELLS
from .sources import REFERENCE_LEVELS


def _check_operator_iff_number(d: pd.DataFrame) -> pd.Series:
    ok = pd.Series(True, index=d.index)
    for c in VALUE_CELLS:
        ok &= (d[f"{c}_operator"] != "") == d[f"{c}_value"].notna()
    return ok


def _check_number_iff_numeric_kind(d: pd.DataFrame) -> pd.Series:
    ok = pd.Series(True, index=d.index)
    for c in VALUE_CELLS:
        ok &= d[f"{c}_kind"].isin(["numeric", "class"]) == d[f"{c}_value"].notna()
    return ok


def _check_upper_iff_range(d: pd.DataFrame) -> pd.Series:
    ok = pd.Series(True, index=d.index)
    for c in VALUE_CELLS:
        ranged = d[f"{c}_operator"] == "range"
        ok &= ranged == d[f"{c}_upper"].notna()
        ok &= ~ranged | (d[f"{c}_upper"] > d[f"{c}_value"]).fillna(False)
    return ok


def _check_achieved_kind_iff_cell(d: pd.DataFrame) -> pd.Series:
    return (d["achieved_kind"] != "") == (d["achieved_raw"] != "")


def _check_no_achieved_in_14th(d: pd.DataFrame) -> pd.Series:
    return (d["period"] != "14th") | (d["achieved_raw"] == "")


def _check_cumulative_flag_matches_cells(d: pd.DataFrame) -> pd.Series:
    return d["cumulative"] == (d["cumulative_cells"] != "")


def _check_target_after_baseline(d: pd.DataFrame) -> pd.Series:
    both = d["target_year"].notna() & d["baseline_year"].notna()
    return (~both | (d["target_year"] > d["baseline_year"])).fillna(True).astype(bool)


def _check_sub_row_has_parent(d: pd.DataFrame) -> pd.Series:
    return (d["parent_seq"] == "") | (d["parent_name_zh"] != "")


def _check_longterm_year_for_cell(d: pd.DataFrame) -> pd.Series:
    return (d["longterm_raw"] == "") | d["longterm_year"].notna()


def _check_unmapped_only_for_reference(d: pd.DataFrame) -> pd.Series:
    unmapped = d["indicator_id"] == ""
    blank = (d["domain"] == "") & (d["indicator_name_en"] == "")
    return ~unmapped & (d["domain"] != "") | unmapped & blank & d["level"].isin(REFERENCE_LEVELS)


#: The metadata file's `checks`, by name: each returns True for every row that passes.
TABLE_CHECKS: dict[str, Callable[[pd.DataFrame], pd.Series]] = {
    "operator_iff_number": _check_operator_iff_number,
    "number_iff_numeric_kind": _check_number_iff_numeric_kind,
    "upper_iff_range": _check_upper_iff_range,
    "achieved_kind_iff_cell": _check_achieved_kind_iff_cell,
    "no_achieved_in_14th": _check_no_achieved_in_14th,
    "cumulative_flag_matches_cells": _check_cumulative_flag_matches_cells,
    "target_after_baseline": _check_target_after_baseline,
    "sub_row_has_parent": _check_sub_row_has_parent,
    "longterm_year_for_cell": _check_longterm_year_for_cell,
    "unmapped_only_for_reference": _check_unmapped_only_for_reference,
}
#: The observations metadata file's `checks`, by name.
OBSERVATION_CHECKS: dict[str, Callable[[pd.DataFrame], pd.Series]] = {
    "partial_never_used": lambda d: ~(d["partial_year"] & d["used"]),
    "used_is_mapped_or_kept": lambda d: (d["mapping"] == "mapped") == (d["indicator_id"] != ""),
    "year_in_range": lambda d: d["year"].between(2015, 2030).fillna(False).astype(bool),
}
_PANDERA_TYPES = {"string": str, "number": float, "integer": "Int64", "boolean": bool}


def schema(
    regions: set[str],
    indicator_ids: set[str],
    table_meta: Any = None,
    check_functions: dict[str, Callable[[pd.DataFrame], pd.Series]] | None = None,
):
    """The pandera schema of a table, every column and check from its metadata file (the
    indicator table's by default; the observations pass theirs)."""
    import pandera.pandas as pa

    m = table_meta or meta()
    checks_by_name = TABLE_CHECKS if check_functions is None else check_functions
    runtime = {"regions": sorted(regions), "indicator_ids": sorted(indicator_ids)}
    missing = [c.name for c in m.checks if c.name not in checks_by_name]
    if missing:
        raise RuntimeError(f"{m.name} metadata names checks schema.py does not implement: {missing}")
    columns = {}
    for c in m.columns:
        checks = []
        allowed = c.allowed(runtime)
        if allowed is not None:
            values = allowed if c.required or c.type != "string" else [*allowed, ""]
            checks.append(pa.Check.isin(values, name=f"{c.name}: allowed values"))
        if c.required and c.type == "string":
            checks.append(pa.Check.str_length(min_value=1, name=f"{c.name}: required"))
        if c.pattern and c.type == "string":
            pattern = c.pattern if c.required else f"(?:{c.pattern})?"
            checks.append(pa.Check.str_matches(rf"^(?:{pattern})\Z", name=f"{c.name}: pattern"))
        if c.minimum is not None:
            checks.append(pa.Check.ge(c.minimum, name=f"{c.name}: minimum"))
        nullable = c.type in ("number", "integer") and not c.required
        columns[c.name] = pa.Column(_PANDERA_TYPES[c.type], checks=checks, nullable=nullable, name=c.name)
    table_checks = [
        pa.Check(lambda d, f=checks_by_name[c.name]: f(d), name=c.name, error=c.description) for c in m.checks
    ]
    return pa.DataFrameSchema(columns, checks=table_checks, unique=list(m.key), strict=True, ordered=True)


def validate(df: pd.DataFrame, regions: set[str], codebook: Codebook) -> pd.DataFrame:
    """Check the table against its schema (from indicators.meta.yml) before anything is written."""
    return schema(regions, set(codebook.entries)).validate(df, lazy=False)


def validate_observations(df: pd.DataFrame, regions: set[str], codebook: Codebook) -> pd.DataFrame:
    """Check the observations against their schema (observations.meta.yml), the same machinery."""
    from .columns import observations_meta

    m = observations_meta()
    return schema(regions, set(codebook.entries), m, OBSERVATION_CHECKS).validate(df, lazy=False)
