"""District 14th-FYP targets against the municipal plan's targets for the same indicator."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .common import (
    _TRACE,
    SIGN,
    TOL,
    CodebookLike,
    _cells,
    _direction,
    _districts,
    _municipal,
    codebook_frame,
)

#: Status vocabulary of `alignment_matrix`, in display order.
ALIGNMENT_STATUSES = ("stricter", "equal", "weaker", "not comparable", "not quantified", "missing")


def _strict_good(op: str, sign: int) -> bool:
    return (op == ">" and sign > 0) or (op == "<" and sign < 0)


def compare_targets(d_value: float, d_op: str, m_value: float, m_op: str, direction: str) -> tuple[str, str]:
    """Status of a district target against the municipal one: stricter / equal / weaker.

    Compares the numbers in the indicator's direction; with equal numbers, a strict
    operator in the good direction (``>95`` against ``≥95``) is the stricter target.
    ``~`` (左右) is read as its number: ``93`` against ``93左右`` is equal.

    >>> compare_targets(28, "<=", 35, "<=", "lower_is_better")
    ('stricter', 'district 7 better in direction')
    >>> compare_targets(35, "=", 35, "<=", "lower_is_better")[0]
    'equal'
    """
    sign = SIGN.get(direction, 0)
    if sign == 0:
        return "not comparable", "neutral direction"
    d = sign * (d_value - m_value)
    if d > TOL:
        return "stricter", f"district {d:g} better in direction"
    if d < -TOL:
        return "weaker", f"district {-d:g} worse in direction"
    ds, ms = _strict_good(d_op, sign), _strict_good(m_op, sign)
    if ds and not ms:
        return "stricter", "same number, district operator strict"
    if ms and not ds:
        return "weaker", "same number, municipal operator strict"
    note = (
        "same number"
        + (" (municipal approximate)" if m_op == "~" else "")
        + (" (district approximate)" if d_op == "~" else "")
    )
    return "equal", note


def alignment(table: pd.DataFrame, codebook: CodebookLike = None) -> pd.DataFrame:
    """District 14th targets against the municipal plan's targets for the same indicator.

    One row per district 14th row whose indicator the municipal prose quantifies, where
    both targets are numeric. ``status`` is ``stricter`` / ``equal`` / ``weaker``
    (`compare_targets`), or ``not comparable`` when the units differ, one side is a
    cumulative figure and the other is not, or the direction is neutral. Evidence: both
    raw cells, operators and ``source_file:source_line``.
    """
    cb = codebook_frame(codebook)
    muni = _municipal(table)
    muni = muni[muni["target_kind"] == "numeric"].drop_duplicates("indicator_id")
    muni = muni.set_index("indicator_id")
    dist = _districts(table)
    dist = dist[
        (dist["period"] == "14th")
        & dist["indicator_id"].isin(muni.index)
        & dist["target_kind"].isin(["numeric", "class"])
    ]
    records = []
    for _, r in dist.iterrows():
        m = muni.loc[r["indicator_id"]]
        direction = _direction(cb, r["indicator_id"])
        if r["unit"] != m["unit"]:
            status, reason = "not comparable", f"units differ: {r['unit']} vs {m['unit']}"
        elif bool(_cells(r)) != bool(_cells(m)):
            status, reason = "not comparable", "cumulative vs non-cumulative figure"
        else:
            status, reason = compare_targets(
                r["target_value"], r["target_operator"], m["target_value"], m["target_operator"], direction
            )
        sign = SIGN.get(direction, 0)
        records.append(
            {
                **{c: r[c] for c in _TRACE},
                "direction": direction,
                "district_raw": r["target_raw"],
                "district_operator": r["target_operator"],
                "district_value": r["target_value"],
                "district_provisional": bool(r["provisional"]),
                "municipal_raw": m["target_raw"],
                "municipal_operator": m["target_operator"],
                "municipal_value": m["target_value"],
                "municipal_unit": m["unit"],
                "municipal_text": m["note_zh"],
                "signed_difference": sign * (r["target_value"] - m["target_value"])
                if status != "not comparable"
                else np.nan,
                "status": status,
                "reason": reason,
                "source_file": r["source_file"],
                "source_line": r["source_line"],
                "municipal_source_file": m["source_file"],
                "municipal_source_line": m["source_line"],
            }
        )
    return pd.DataFrame.from_records(records)


def municipal_omitted(table: pd.DataFrame, include_unquantified: bool = False) -> pd.DataFrame:
    """Indicators the municipal plan quantifies that a district's 14th table omits.

    ``status`` is ``missing`` (no row for the indicator at all). With
    ``include_unquantified=True`` also rows the district lists without a number
    (``not quantified``: assigned by the city, qualitative, maintain, or an empty cell),
    with the district's raw cell and line.
    """
    muni = _municipal(table)
    muni = muni[muni["target_kind"] == "numeric"].drop_duplicates("indicator_id")
    dist = _districts(table)
    dist14 = dist[dist["period"] == "14th"]
    records = []
    for region in dist["region"].drop_duplicates():
        mine = dist14[dist14["region"] == region]
        for _, m in muni.iterrows():
            rows = mine[mine["indicator_id"] == m["indicator_id"]]
            base = {
                "region": region,
                "indicator_id": m["indicator_id"],
                "municipal_raw": m["target_raw"],
                "municipal_text": m["note_zh"],
                "municipal_source_file": m["source_file"],
                "municipal_source_line": m["source_line"],
            }
            if rows.empty:
                records.append(
                    {
                        **base,
                        "status": "missing",
                        "district_raw": "",
                        "district_kind": "",
                        "source_file": "",
                        "source_line": pd.NA,
                    }
                )
            elif include_unquantified and not rows["target_kind"].isin(["numeric", "class"]).any():
                r = rows.iloc[0]
                records.append(
                    {
                        **base,
                        "status": "not quantified",
                        "district_raw": r["target_raw"],
                        "district_kind": r["target_kind"],
                        "source_file": r["source_file"],
                        "source_line": r["source_line"],
                    }
                )
    out = pd.DataFrame.from_records(
        records,
        columns=[
            "region",
            "indicator_id",
            "status",
            "district_raw",
            "district_kind",
            "source_file",
            "source_line",
            "municipal_raw",
            "municipal_text",
            "municipal_source_file",
            "municipal_source_line",
        ],
    )
    out["source_line"] = out["source_line"].astype("Int64")
    return out


def attribute_conflicts(table: pd.DataFrame, period: str = "14th") -> pd.DataFrame:
    """Indicators one district marks expected (预期性) and another marks binding (约束性).

    One row per district row of such an indicator, with its attribute, the districts on
    each side, and the row's source line.
    """
    dist = _districts(table)
    dist = dist[(dist["period"] == period) & dist["attribute"].isin(["binding", "expected"])]
    records = []
    for ident, grp in dist.groupby("indicator_id", sort=True):
        binding = sorted(set(grp.loc[grp["attribute"] == "binding", "region"]))
        expected = sorted(set(grp.loc[grp["attribute"] == "expected", "region"]))
        if not binding or not expected:
            continue
        for _, r in grp.drop_duplicates(["region", "attribute"]).iterrows():
            records.append(
                {
                    "indicator_id": ident,
                    "region": r["region"],
                    "region_name_zh": r["region_name_zh"],
                    "indicator_name_zh": r["indicator_name_zh"],
                    "attribute": r["attribute"],
                    "target_raw": r["target_raw"],
                    "binding_in": ",".join(binding),
                    "expected_in": ",".join(expected),
                    "source_file": r["source_file"],
                    "source_line": r["source_line"],
                }
            )
    return pd.DataFrame.from_records(
        records,
        columns=[
            "indicator_id",
            "region",
            "region_name_zh",
            "indicator_name_zh",
            "attribute",
            "target_raw",
            "binding_in",
            "expected_in",
            "source_file",
            "source_line",
        ],
    )


_WORST_FIRST = ["weaker", "not comparable", "equal", "stricter"]


def alignment_long(table: pd.DataFrame, codebook: CodebookLike = None) -> pd.DataFrame:
    """Every district × municipal-quantified indicator with one status and its evidence.

    Combines `alignment` (stricter / equal / weaker / not comparable; for a district with
    several rows of one indicator the least strict status is kept) with
    `municipal_omitted` (missing / not quantified).
    """
    al = alignment(table, codebook)
    if not al.empty:
        al = al.assign(_o=al["status"].map(_WORST_FIRST.index)).sort_values(["_o", "row"])
        al = al.drop_duplicates(["region", "indicator_id"]).drop(columns="_o")
    om = municipal_omitted(table, include_unquantified=True)
    cols = [
        "region",
        "indicator_id",
        "status",
        "district_raw",
        "municipal_raw",
        "reason",
        "source_file",
        "source_line",
        "municipal_source_file",
        "municipal_source_line",
    ]
    om["reason"] = om["district_kind"].map(lambda k: f"district target {k}" if k else "no row")
    parts = [p.reindex(columns=cols) for p in (al, om) if not p.empty]
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=cols)
    order = list(_districts(table)["region"].drop_duplicates())
    out["region"] = pd.Categorical(out["region"], categories=order, ordered=True)
    out = out.sort_values(["region", "indicator_id"]).reset_index(drop=True)
    out["region"] = out["region"].astype(str)
    return out


def alignment_matrix(table: pd.DataFrame, codebook: CodebookLike = None) -> pd.DataFrame:
    """District (rows) × indicator_id (columns) pivot of `alignment_long` statuses.

    Columns are the indicators the municipal plan quantifies; cells are stricter / equal /
    weaker / not comparable / not quantified / missing.
    """
    long = alignment_long(table, codebook)
    muni_ids = list(_municipal(table).query("target_kind == 'numeric'")["indicator_id"].drop_duplicates())
    regions = list(_districts(table)["region"].drop_duplicates())
    return long.pivot(index="region", columns="indicator_id", values="status").reindex(
        index=regions, columns=muni_ids
    )
