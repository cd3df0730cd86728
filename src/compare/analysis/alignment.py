"""District 14th-FYP targets against the municipal plan's targets for the same indicator.

Every district 14th row gets one status, and every municipal indicator a district leaves
out gets one too, so nothing silently drops out of the alignment:

===================  ========================================================================
stricter / equal /   both targets are numbers (or water classes) on the same basis: the city's
weaker               figure binds every district (`comparability.basis`); ``~`` within the
                     indicator's own tolerance (codebook ``approx_tolerance``)
above / at / below   the city's figure is a city-wide level (or another set of sections):
city level           context, by the numbers as printed, never stricter or weaker
not comparable       both quantified, but unlike (unit, year, accounting, no tolerance); reason
not quantified       the district lists it without a number (set by the city, qualitative,
                     maintain, no figure)
municipal not        the municipal plan (text or secondary source) states no number for it
stated
aggregate            a level that reflects land or endowment (codebook ``endowment`` yes: red
                     line, protected areas, forest cover): the city's figure is a city-wide
                     aggregate, not a commitment each district should match
missing              the city quantifies it, the district table does not list it
city only            the city quantifies it, and it is a municipal total, project or section
                     (codebook ``scope`` city: new villages, km of reservoir shore) that no
                     district is expected to list
===================  ========================================================================

Every decision is `comparability.compare`'s; this module only collects the evidence.
The municipal value is the plan text's when it states one, else a secondary fact's (marked
``municipal_secondary`` with its address): the plan text wins (`municipal_targets`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .common import (
    CONVERTIBLE,
    TRACE,
    CodebookLike,
    caveat_sources,
    caveats,
    codebook_frame,
    direction_of,
    district_rows,
)
from .comparability import compare, tolerance, within_tolerance

#: Status vocabulary, in display order (the figures colour and order by it).
ALIGNMENT_STATUSES = (
    "stricter",
    "equal",
    "weaker",
    "above city",
    "at city",
    "below city",
    "not comparable",
    "not quantified",
    "municipal not stated",
    "aggregate",
    "missing",
    "city only",
)
#: Statuses where both sides were compared as numbers on the same basis.
COMPARED = ("stricter", "equal", "weaker")
#: Statuses of a district figure set beside a city-wide level (context).
CONTEXT = ("above city", "at city", "below city")
#: `comparability.Comparison.relation` -> alignment status.
_STATUS = {"above_city": "above city", "at_city": "at city", "below_city": "below city"}


def compare_targets(
    d_value: float, d_op: str, m_value: float, m_op: str, indicator_id: str, codebook: CodebookLike = None
) -> tuple[str, str]:
    """Status of one district target against a municipal one on the same basis, and a reason
    code: `comparability.compare` for two bare figures of ``indicator_id``.

    >>> compare_targets(28, "<=", 35, "<=", "pm25_concentration")
    ('stricter', 'better')
    >>> compare_targets(95, "=", 93, "~", "contaminated_farmland_safe_use")
    ('stricter', 'better')
    """
    row = {"indicator_id": indicator_id, "level": "district", "target_kind": "numeric"}
    c = compare(
        {**row, "target_value": d_value, "target_operator": d_op},
        {**row, "target_value": m_value, "target_operator": m_op},
        codebook,
    )
    return (c.relation, c.reason) if c.comparable else ("not comparable", c.reason)


def municipal_targets(table: pd.DataFrame) -> pd.DataFrame:
    """One municipal 14th target per indicator: the plan text's, else a secondary fact's.

    Indexed by indicator_id; ``secondary`` and ``source_url`` say where a secondary value is
    published. A quantified target wins over an unquantified one of the same source.
    """
    muni = table[(table["level"] == "municipal") & (table["period"] == "14th")].copy()
    if muni.empty:
        return muni.set_index("indicator_id", drop=False).rename_axis(None)
    muni["_secondary"] = muni.get("secondary", False).astype(bool)
    muni["_quantified"] = muni["target_kind"].isin(["numeric", "class"]) & muni["target_value"].notna()
    muni = muni[muni["target_raw"].astype(str) != ""]
    muni = muni.sort_values(["_secondary", "_quantified"], ascending=[True, False], kind="stable")
    out = muni.drop_duplicates("indicator_id").drop(columns=["_secondary", "_quantified"])
    return out.set_index("indicator_id", drop=False).rename_axis(None)


def secondary_conflicts(table: pd.DataFrame) -> pd.DataFrame:
    """Indicators both the municipal plan text and a secondary source quantify, with both
    values; ``conflict`` is True where they differ. The plan text wins either way."""
    muni = table[
        (table["level"] == "municipal") & (table["period"] == "14th") & table["target_value"].notna()
    ]
    sec = muni[muni["secondary"].astype(bool)]
    plan = muni[~muni["secondary"].astype(bool)]
    records = []
    for _, s in sec.iterrows():
        for _, p in plan[plan["indicator_id"] == s["indicator_id"]].iterrows():
            same = within_tolerance(
                p["target_value"],
                s["target_value"],
                p["target_operator"],
                s["target_operator"],
                tolerance(s["indicator_id"]),
            )
            records.append(
                {
                    "indicator_id": s["indicator_id"],
                    "plan_raw": p["target_raw"],
                    "plan_source": f"{p['source_file']}:{int(p['source_line'])}",
                    "secondary_raw": s["target_raw"],
                    "secondary_source": f"{s['source_file']}:{int(s['source_line'])}",
                    "source_url": s["source_url"],
                    "conflict": not (same and p["target_operator"] == s["target_operator"]),
                }
            )
    cols = [
        "indicator_id",
        "plan_raw",
        "plan_source",
        "secondary_raw",
        "secondary_source",
        "source_url",
        "conflict",
    ]
    return pd.DataFrame.from_records(records, columns=cols)


def published_conflicts(table: pd.DataFrame) -> pd.DataFrame:
    """Two published figures for the same municipal target that differ: a district's note
    stating the city's figure (璧山 ``市级95%``) against the municipal plan's own (``93左右``),
    compared within the indicator's tolerance. One row per district note that states a
    city figure, with both figures and both sources; ``conflict`` True where they differ."""
    from ..ingest.notes import city_figure

    muni = municipal_targets(table)
    dist = district_rows(table)
    dist = dist[dist["period"] == "14th"]
    records = []
    for _, r in dist.iterrows():
        stated = city_figure(r.get("note_zh", ""))
        if stated is None or r["indicator_id"] not in muni.index:
            continue
        m = muni.loc[r["indicator_id"]]
        if pd.isna(m["target_value"]):
            continue
        same = within_tolerance(
            stated, float(m["target_value"]), "=", m["target_operator"], tolerance(r["indicator_id"])
        )
        records.append(
            {
                "region": r["region"],
                "indicator_id": r["indicator_id"],
                "district_note": r["note_zh"],
                "district_source": f"{r['source_file']}:{int(r['source_line'])}",
                "stated_value": stated,
                "municipal_raw": m["target_raw"],
                "municipal_source": f"{m['source_file']}:{int(m['source_line'])}",
                "conflict": not bool(same),
            }
        )
    cols = [
        "region",
        "indicator_id",
        "district_note",
        "district_source",
        "stated_value",
        "municipal_raw",
        "municipal_source",
        "conflict",
    ]
    return pd.DataFrame.from_records(records, columns=cols)


def _counterpart(ident: str, muni: pd.DataFrame) -> tuple[pd.Series | None, str]:
    """The municipal row to compare an indicator with, and the conversion rule ('' if none)."""
    if ident in muni.index:
        return muni.loc[ident], ""
    for (a, b), rule in CONVERTIBLE.items():
        if ident == a and b in muni.index:
            return muni.loc[b], rule
    return None, ""


def alignment(table: pd.DataFrame, codebook: CodebookLike = None) -> pd.DataFrame:
    """Every district 14th row against the municipal target for its indicator.

    One row per district 14th row. ``status`` is one of `ALIGNMENT_STATUSES` (all but
    ``missing`` and ``city only``, which `municipal_omitted` gives), ``reason`` a code
    (`compare_targets`, `common.comparability`, ``converted``, the district's target kind).
    A good-air-day count is set against the city's good-air-day ratio by the documented
    conversion (`common.CONVERTIBLE`): ``district_converted`` holds the converted value.
    Evidence: both raw cells, operators, ``file:line`` of both, the municipal value's
    secondary address, and the caveats of both rows.
    """
    cb = codebook_frame(codebook)
    muni = municipal_targets(table)
    dist = district_rows(table)
    dist = dist[dist["period"] == "14th"]
    records = []
    for _, r in dist.iterrows():
        ident = r["indicator_id"]
        m, rule = _counterpart(ident, muni)
        rec = _alignment_record(r, direction_of(cb, ident))
        if m is not None:
            rec.update(_municipal_cells(m))
        quantified = (
            m is not None and m["target_kind"] in ("numeric", "class") and not pd.isna(m["target_value"])
        )
        endowment = str(cb["endowment"].get(ident, "")) if ident in cb.index else ""
        if not quantified:
            rec["status"], rec["reason"] = "municipal not stated", "no_municipal_number"
        elif endowment == "yes":
            rec["status"], rec["reason"] = "aggregate", "endowment"
        elif r["target_kind"] not in ("numeric", "class") or pd.isna(r["target_value"]):
            rec["status"], rec["reason"] = "not quantified", f"district_{r['target_kind']}"
        else:
            _judge(rec, r, m, rule, cb)
        records.append(rec)
    out = pd.DataFrame.from_records(records)
    if not out.empty:
        out["municipal_source_line"] = out["municipal_source_line"].astype("Int64")
    return out


def _alignment_record(r: pd.Series, direction: str) -> dict[str, Any]:
    """A district row's alignment record before it is judged: its cells, empty municipal ones."""
    return {
        **{c: r[c] for c in TRACE},
        "direction": direction,
        "district_raw": r["target_raw"],
        "district_operator": r["target_operator"],
        "district_value": r["target_value"],
        "district_kind": r["target_kind"],
        "district_converted": np.nan,
        "district_provisional": bool(r["provisional"]),
        "municipal_raw": "",
        "municipal_operator": "",
        "municipal_value": np.nan,
        "municipal_unit": "",
        "municipal_text": "",
        "municipal_secondary": False,
        "municipal_url": "",
        "signed_difference": np.nan,
        "basis": "",
        "status": "",
        "reason": "",
        "caveats": ",".join(caveats(r)),
        "caveat_sources": caveat_sources(r),
        "municipal_caveats": "",
        "municipal_caveat_sources": "",
        "source_file": r["source_file"],
        "source_line": r["source_line"],
        "municipal_source_file": "",
        "municipal_source_line": pd.NA,
    }


def _municipal_cells(m: pd.Series) -> dict[str, Any]:
    """The municipal counterpart's cells, caveats and source."""
    return {
        "municipal_raw": m["target_raw"],
        "municipal_operator": m["target_operator"],
        "municipal_value": m["target_value"],
        "municipal_unit": m["unit"],
        "municipal_text": m["note_zh"],
        "municipal_secondary": bool(m.get("secondary", False)),
        "municipal_url": m.get("source_url", ""),
        "municipal_caveats": ",".join(caveats(m)),
        "municipal_caveat_sources": caveat_sources(m),
        "municipal_source_file": m["source_file"],
        "municipal_source_line": m["source_line"],
    }


def _judge(rec: dict, r: pd.Series, m: pd.Series, rule: str, cb: pd.DataFrame) -> None:
    """Status, reason, basis and difference of a quantified district row against the city's."""
    c = compare(r, m, cb)
    if rule:
        rec["district_converted"] = c.value_a
    rec["basis"] = c.basis
    if not c.comparable:
        rec["status"], rec["reason"] = "not comparable", c.reason
        return
    rec["status"], rec["reason"] = _STATUS.get(c.relation, c.relation), c.reason
    if c.relation in COMPARED:
        rec["signed_difference"] = c.difference


#: The columns of `municipal_omitted`.
_OMITTED_COLUMNS = [
    "region",
    "indicator_id",
    "status",
    "district_raw",
    "district_kind",
    "source_file",
    "source_line",
    "municipal_raw",
    "municipal_text",
    "municipal_secondary",
    "municipal_url",
    "municipal_source_file",
    "municipal_source_line",
]


def municipal_omitted(
    table: pd.DataFrame, include_unquantified: bool = False, codebook: CodebookLike = None
) -> pd.DataFrame:
    """Indicators the municipal plan quantifies that a district's 14th table omits.

    ``status`` is ``city only`` for municipal totals, projects and sections (codebook
    ``scope`` city), ``aggregate`` for endowment levels, else ``missing``. With
    ``include_unquantified=True`` also rows the district lists without a number (``not
    quantified``), with the district's raw cell and line.
    """
    cb = codebook_frame(codebook)
    muni = municipal_targets(table)
    muni = muni[muni["target_kind"].isin(["numeric", "class"]) & muni["target_value"].notna()]
    dist = district_rows(table)
    dist14 = dist[dist["period"] == "14th"]
    records = []
    for region in dist["region"].drop_duplicates():
        mine = dist14[dist14["region"] == region]
        for ident, m in muni.iterrows():
            record = _omission(region, ident, m, mine, cb, include_unquantified)
            if record is not None:
                records.append(record)
    out = pd.DataFrame.from_records(records, columns=_OMITTED_COLUMNS)
    out["source_line"] = out["source_line"].astype("Int64")
    return out


def _omission(
    region: str, ident: str, m: pd.Series, mine: pd.DataFrame, cb: pd.DataFrame, include_unquantified: bool
) -> dict[str, Any] | None:
    """The record of a municipal target the district's rows ``mine`` omit (or, with
    ``include_unquantified``, list without a number), else None."""
    rows = mine[mine["indicator_id"] == ident]
    converted = [a for (a, b) in CONVERTIBLE if b == ident]
    if rows.empty and converted:
        rows = mine[mine["indicator_id"].isin(converted)]
    base = {
        "region": region,
        "indicator_id": ident,
        "municipal_raw": m["target_raw"],
        "municipal_text": m["note_zh"],
        "municipal_secondary": bool(m.get("secondary", False)),
        "municipal_url": m.get("source_url", ""),
        "municipal_source_file": m["source_file"],
        "municipal_source_line": m["source_line"],
    }
    if rows.empty:
        scope = str(cb["scope"].get(ident, "")) if ident in cb.index else ""
        endowment = str(cb["endowment"].get(ident, "")) if ident in cb.index else ""
        status = "city only" if scope == "city" else "aggregate" if endowment == "yes" else "missing"
        return {
            **base,
            "status": status,
            "district_raw": "",
            "district_kind": "",
            "source_file": "",
            "source_line": pd.NA,
        }
    if include_unquantified and not rows["target_kind"].isin(["numeric", "class"]).any():
        r = rows.iloc[0]
        return {
            **base,
            "status": "not quantified",
            "district_raw": r["target_raw"],
            "district_kind": r["target_kind"],
            "source_file": r["source_file"],
            "source_line": r["source_line"],
        }
    return None


def attribute_conflicts(table: pd.DataFrame, period: str = "14th") -> pd.DataFrame:
    """Indicators one district marks expected (预期性) and another marks binding (约束性).

    One row per district row of such an indicator, with its attribute, the districts on
    each side, and the row's source line.
    """
    dist = district_rows(table)
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


#: For a district with several rows of one indicator (rivers), the one status kept.
_WORST_FIRST = [
    "weaker",
    "not comparable",
    "equal",
    "stricter",
    "below city",
    "at city",
    "above city",
    "not quantified",
    "aggregate",
    "municipal not stated",
]


def alignment_long(table: pd.DataFrame, codebook: CodebookLike = None) -> pd.DataFrame:
    """Every district × indicator (the district's 14th indicators and the municipal ones)
    with one status and its evidence: `alignment` (the least strict status of a district's
    rows of one indicator) and `municipal_omitted` (missing, city only, aggregate)."""
    al = alignment(table, codebook)
    if not al.empty:
        al = al.assign(_o=al["status"].map(_WORST_FIRST.index)).sort_values(["_o", "row"], kind="stable")
        al = al.drop_duplicates(["region", "indicator_id"]).drop(columns="_o")
    om = municipal_omitted(table, codebook=codebook)
    cols = [
        "region",
        "indicator_id",
        "status",
        "district_raw",
        "municipal_raw",
        "municipal_secondary",
        "municipal_url",
        "reason",
        "caveats",
        "source_file",
        "source_line",
        "municipal_source_file",
        "municipal_source_line",
    ]
    om = om.assign(
        reason=om["status"].map({"missing": "no_row", "city only": "city_scope", "aggregate": "endowment"})
    )
    parts = [p.reindex(columns=cols) for p in (al, om) if not p.empty]
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=cols)
    order = list(district_rows(table)["region"].drop_duplicates())
    out["region"] = pd.Categorical(out["region"], categories=order, ordered=True)
    out = out.sort_values(["region", "indicator_id"]).reset_index(drop=True)
    out["region"] = out["region"].astype(str)
    return out


def alignment_matrix(table: pd.DataFrame, codebook: CodebookLike = None) -> pd.DataFrame:
    """District (rows) × indicator (columns) pivot of `alignment_long` statuses.

    Columns: every indicator a district 14th table lists or the city quantifies, those
    the city quantifies first. A cell is empty ('') where the district neither lists the
    indicator nor is expected to (the city does not quantify it either).
    """
    long = alignment_long(table, codebook)
    muni = municipal_targets(table)
    muni_ids = [i for i in muni.index if muni.at[i, "target_kind"] in ("numeric", "class")]
    dist_ids = list(district_rows(table).query("period == '14th'")["indicator_id"].drop_duplicates())
    columns = list(dict.fromkeys([*muni_ids, *dist_ids]))
    regions = list(district_rows(table)["region"].drop_duplicates())
    return (
        long.pivot(index="region", columns="indicator_id", values="status")
        .reindex(index=regions, columns=columns)
        .fillna("")
    )


def coverage(table: pd.DataFrame, codebook: CodebookLike = None) -> pd.DataFrame:
    """What the alignment compared and what it could not: one row per status with the
    count and the ``region:indicator`` list, in `ALIGNMENT_STATUSES` order."""
    long = alignment_long(table, codebook)
    records = []
    for status in ALIGNMENT_STATUSES:
        part = long[long["status"] == status]
        records.append(
            {
                "status": status,
                "n": len(part),
                "items": ", ".join(f"{r}:{i}" for r, i in zip(part["region"], part["indicator_id"])),
            }
        )
    return pd.DataFrame.from_records(records)
