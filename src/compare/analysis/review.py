"""The 13th FYP in review: were its 2020 targets met, and do the 14th baselines repeat its actuals?"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from ..ingest.codebook import name_key
from .common import (
    SIGN,
    TOL,
    TRACE,
    CodebookLike,
    as_float,
    caveat_sources,
    caveats,
    codebook_frame,
    cumulative_cells_of,
    data_year_differs,
    direction_of,
    district_rows,
    measure_of,
    note_kinds,
    with_baseline_caveats,
)
from .comparability import tolerance, within_tolerance


def _comparable_kind(kind: str) -> bool:
    return kind in ("numeric", "class")


def _pair_key(name: str) -> str:
    return re.sub(r"水质$", "", name_key(name))


def _pairs(a: pd.DataFrame, b: pd.DataFrame) -> Iterable[tuple[pd.Series, pd.Series]]:
    """Rows of two tables for the same indicator: directly when each has one, else by name."""
    for ident in [i for i in a["indicator_id"].drop_duplicates() if i in set(b["indicator_id"])]:
        ra, rb = a[a["indicator_id"] == ident], b[b["indicator_id"] == ident]
        if len(ra) == 1 and len(rb) == 1:
            yield ra.iloc[0], rb.iloc[0]
            continue
        keys_b = {_pair_key(n): i for i, n in zip(rb.index, rb["indicator_name_zh"])}
        for _, x in ra.iterrows():
            k = _pair_key(x["indicator_name_zh"])
            if k in keys_b:
                yield x, rb.loc[keys_b[k]]


def continuity(table: pd.DataFrame) -> pd.DataFrame:
    """Does each district's 14th-table 2020 baseline repeat its 13th-table 2020 actual?

    One row per district × indicator present in both tables (sub-rows such as rivers are
    paired by name). ``status``: ``equal`` (numbers within 1e-9), ``mismatch``, or ``not
    comparable`` (a side without a number, or a cumulative figure against a
    non-cumulative one). Both raw cells and both source lines are reported.
    """
    dist = district_rows(table)
    records = []
    for region in dist["region"].drop_duplicates():
        t13 = dist[(dist["region"] == region) & (dist["period"] == "13th")]
        t14 = dist[(dist["region"] == region) & (dist["period"] == "14th")]
        for old, new in _pairs(t13, t14):
            a, b = as_float(old["achieved_value"]), as_float(new["baseline_value"])
            cum_a, cum_b = "achieved" in cumulative_cells_of(old), "baseline" in cumulative_cells_of(new)
            if pd.isna(a) or pd.isna(b):
                status, reason = (
                    "not comparable",
                    "no number on "
                    + (
                        "both sides"
                        if pd.isna(a) and pd.isna(b)
                        else "13th side"
                        if pd.isna(a)
                        else "14th side"
                    ),
                )
            elif cum_a != cum_b:
                status, reason = "not comparable", "cumulative vs non-cumulative"
            elif abs(a - b) <= TOL:
                status, reason = "equal", ""
            else:
                status, reason = "mismatch", f"difference {b - a:+g}"
            records.append(
                {
                    "region": region,
                    "indicator_id": old["indicator_id"],
                    "indicator_name_zh_13th": old["indicator_name_zh"],
                    "indicator_name_zh_14th": new["indicator_name_zh"],
                    "unit_13th": old["unit"],
                    "unit_14th": new["unit"],
                    "achieved_2020_raw": old["achieved_raw"],
                    "achieved_2020_value": a,
                    "baseline_2020_raw": new["baseline_raw"],
                    "baseline_2020_value": b,
                    "provisional": bool(old["provisional"]) or bool(new["provisional"]),
                    "status": status,
                    "reason": reason,
                    "source_file": new["source_file"],
                    "source_line_13th": old["source_line"],
                    "source_line_14th": new["source_line"],
                }
            )
    return pd.DataFrame.from_records(records)


_CLAIM_RE = re.compile(r"完成|达到|达标|满足")
_NEGATED_RE = re.compile(r"未完成|未达到|未达标|不满足|尚未")

#: Final verdicts of `target_attainment`, in display order.
FINAL_VERDICTS = ("met", "met_per_plan", "missed", "not_assessable")
#: Reasons a final verdict rests on a note printed with the table (not on the numbers).
NOTE_REASONS = frozenset(
    {"assessed_target", "deemed_met", "definition_changed", "data_year_differs", "data_pending"}
)


def _claim(row: pd.Series) -> tuple[str, bool]:
    """The plan's own verdict on a 13th row, from its status column, text cell or note."""
    texts = [row.get("status_zh", "")]
    if row.get("achieved_kind", "") not in ("numeric", "class"):
        texts.append(row.get("achieved_raw", ""))
    note = str(row.get("note_zh", ""))
    if "认定达标" in note:
        texts.append(note)
    text = " | ".join(dict.fromkeys(t for t in texts if t))
    claimed = bool(_CLAIM_RE.search(text)) and not _NEGATED_RE.search(text)
    # a worded target the plan repeats as its outcome (保持稳定 -> 保持稳定, like 达到重庆市要求
    # -> 达到重庆市要求) is the plan's own statement that it was met
    restated = (
        _worded(row, "target")
        and str(row.get("target_raw", "")).strip() == str(row.get("achieved_raw", "")).strip()
    )
    return text, claimed or restated


def _worded(row: pd.Series, what: str) -> bool:
    raw = str(row.get(f"{what}_raw", "") or "").strip()
    return (
        bool(raw) and row.get(f"{what}_kind", "") not in ("numeric", "class") and raw not in ("-", "—", "/")
    )


def meets(a: float, t: float, op: str, sign: int, tol: float = float("nan")) -> bool:
    """Whether ``a`` meets a target ``t`` printed with operator ``op`` (direction ``sign``).

    Inequalities literally; ``=`` as "at least as good in the indicator's direction"; ``~``
    as at least as good or within ``tol`` of the number (the indicator's tolerance,
    `comparability.tolerance`; none stated: at least as good).
    """
    if op == ">=":
        return a >= t - TOL
    if op == ">":
        return a > t + TOL
    if op == "<=":
        return a <= t + TOL
    if op == "<":
        return a < t - TOL
    if op == "~":
        return sign * (a - t) >= -TOL or bool(within_tolerance(a, t, "=", "~", tol))
    if sign == 0:
        return abs(a - t) <= TOL
    return sign * (a - t) >= -TOL


_meets = meets  # the name the figures used


def _numbers(r: pd.Series, cb: pd.DataFrame, sign: int) -> tuple[str, str]:
    """(verdict by the numbers, reason code) of one 13th row: met, missed, not assessable."""
    tk, ak = r["target_kind"], r["achieved_kind"]
    t, a = as_float(r["target_value"]), as_float(r["achieved_value"])
    if not _comparable_kind(tk) or pd.isna(t):
        return "not assessable", tk if tk != "none" else "no target"
    if not _comparable_kind(ak) or pd.isna(a):
        return "not assessable", "no value" if ak in ("none", "") else ak + " achieved"
    if tk != ak:
        return "not assessable", "class vs number"
    cells = cumulative_cells_of(r)
    flow = measure_of(cb, r["indicator_id"]) == "flow"
    if not flow and ("target" in cells) != ("achieved" in cells):
        return "not assessable", "cumulative mismatch"
    met = meets(a, t, r["target_operator"], sign if tk != "class" else -1, tolerance(r["indicator_id"], cb))
    return ("met" if met else "missed"), ""


def _final(r: pd.Series, numbers: str, reason: str, claimed: bool, sign: int) -> tuple[str, str]:
    """(final verdict, reason code): the numbers, unless the plan's own notes or words say more.

    In order: a redefined indicator (``definition_changed``) cannot be assessed; a method
    change the competent authority deemed met (``method_changed_deemed_met``) is met per the
    plan; numbers that meet the printed target are met (unless the achieved value is data of
    another year); numbers that miss it are met per the plan when they meet the target a note
    says was assessed (``note_target_value``), not assessable when they are another year's
    data, missed otherwise; where the numbers cannot decide, a pending figure
    (``data_pending``) stays not assessable and the plan's own statement of success (status
    column, text cell) makes it met per the plan.
    """
    kinds = note_kinds(r)
    other_year = data_year_differs(r)
    if "definition_changed" in kinds:
        return "not_assessable", "definition_changed"
    if "method_changed_deemed_met" in kinds:
        return "met_per_plan", "deemed_met"
    if numbers == "met":
        return ("not_assessable", "data_year_differs") if other_year else ("met", "by_numbers")
    if numbers == "missed":
        assessed = as_float(r.get("note_target_value"))
        a = as_float(r["achieved_value"])
        if not pd.isna(assessed) and meets(a, assessed, "=", sign):
            return "met_per_plan", "assessed_target"
        return ("not_assessable", "data_year_differs") if other_year else ("missed", "by_numbers")
    if "data_pending" in kinds:
        return "not_assessable", "data_pending"
    if claimed:
        return "met_per_plan", "plan_statement"
    return "not_assessable", reason.replace(" ", "_")


def _group_headers(t: pd.DataFrame) -> pd.Series:
    """Rows that only head sub-rows (``饮用水源地水质达标率`` over its urban and township rows):
    other rows name them as parent and they print no target and no achieved value."""
    if t.empty:
        return pd.Series(False, index=t.index)
    key = t["region"] + "|" + t["table"] + "|" + t["seq"].astype(str)
    subs = t[t["parent_seq"].astype(str) != ""]
    parents = set(subs["region"] + "|" + subs["table"] + "|" + subs["parent_seq"].astype(str))
    empty = (t["target_raw"].astype(str) == "") & (t["achieved_raw"].astype(str) == "")
    return key.isin(parents) & (t["seq"].astype(str) != "") & empty


def target_attainment(table: pd.DataFrame, codebook: CodebookLike = None) -> pd.DataFrame:
    """Each district 13th row's 2020 target: the verdict by the numbers, the plan's own
    statement, and the final verdict with its reason.

    By the numbers (``status``): met, missed or ``not assessable (<reason>)``. Inequality
    operators are read literally, ``=`` as at least as good in the indicator's direction
    (a construction-land cap of 278.3 is met by 200.15), ``~`` within the indicator's tolerance; water
    classes compare as ordered classes (I=1 … 劣V=6, lower is better). Five-year amounts are
    recognised from the codebook (``measure`` flow), so ``0`` against ``[0.65]`` for a COD
    reduction compares two five-year reductions; for levels a bracketed cell against a plain
    one is a ``cumulative mismatch``. A cell without a number cannot be assessed.

    The plan's statement (``evidence``, ``claimed_met``): its 完成情况 column, a text achieved
    cell (``已达到市总量控制要求``) or a note that says ``认定达标``.

    Group headers that print no cells of their own are not targets and are left out.

    The final verdict (``final``: met, met_per_plan, missed, not_assessable) and
    ``final_reason`` follow `_final`; ``on_note`` marks verdicts that rest on a note printed
    with the table, ``on_statement`` those resting on the plan's own words. ``caveats``
    (`common.caveats`) and ``caveat_sources`` go with every verdict.
    """
    cb = codebook_frame(codebook)
    t13 = district_rows(table)
    t13 = t13[t13["period"] == "13th"]
    t13 = t13[~_group_headers(t13)]
    prose = prose_caveats(t13, cb)
    records = []
    for _, r in t13.iterrows():
        records.append(_attainment_record(r, cb))
        with_baseline_caveats(records[-1], prose.get(r.name))
    return pd.DataFrame.from_records(records)


def _attainment_record(r: pd.Series, cb: pd.DataFrame) -> dict[str, Any]:
    """One 13th-period target's verdicts by the numbers, by the plan's statement and final."""
    direction = direction_of(cb, r["indicator_id"])
    sign = SIGN.get(direction, 0)
    tk = r["target_kind"]
    t, a = as_float(r["target_value"]), as_float(r["achieved_value"])
    numbers, reason = _numbers(r, cb, sign)
    status = numbers if numbers in ("met", "missed") else f"not assessable ({reason})"
    evidence, claimed = _claim(r)
    assessed = numbers in ("met", "missed")
    final, final_reason = _final(r, numbers, reason, claimed, sign)
    return {
        **{c: r[c] for c in TRACE},
        "direction": direction,
        "target_raw": r["target_raw"],
        "target_operator": r["target_operator"],
        "target_value": t,
        "target_kind": tk,
        "achieved_raw": r["achieved_raw"],
        "achieved_value": a,
        "achieved_kind": r["achieved_kind"],
        "achieved_year": r.get("achieved_year"),
        "target_year": r.get("target_year"),
        "cumulative_cells": r["cumulative_cells"],
        "provisional": bool(r["provisional"]),
        "gap_signed": (sign if tk != "class" else -1) * (a - t) + 0.0 if assessed else np.nan,
        "status": status,
        "assessable": assessed,
        "evidence": evidence,
        "claimed_met": claimed,
        "agrees_with_claim": (status == "met") == claimed if assessed and evidence else pd.NA,
        "note_target_value": as_float(r.get("note_target_value")),
        "final": final,
        "final_reason": final_reason,
        "on_note": final_reason in NOTE_REASONS,
        "on_statement": final_reason == "plan_statement",
        "note_kinds": r.get("note_kinds", ""),
        "caveats": ",".join(caveats(r)),
        "caveat_sources": caveat_sources(r),
        "note_zh": r["note_zh"],
        "note_sources": r.get("note_sources", ""),
        "source_file": r["source_file"],
        "source_line": r["source_line"],
        "table": r["table"],
        "row": r["row"],
    }


#: Caveats the review prose adds to a five-year figure of the table: the cut it states is
#: against another year than the period's start, or the prose gives the figure the table lacks.
PROSE_CAVEATS = ("reference_year_differs", "prose_figure")


def prose_caveats(t13: pd.DataFrame, codebook: CodebookLike = None) -> dict[Any, tuple[list[str], str]]:
    """Row index -> (caveat codes, prose ``file:line``) for 13th rows of five-year reductions
    whose plan states the cut in its prose (`ingest.prose.reduction_statements`): the same
    figure against another year than 2015 (璧山 PM2.5 ``[36.8]``: 较2017年下降36.8%, so
    ``reference_year_differs``), or a figure the table does not print, found by the
    indicator's note terms (璧山 energy ``-【4】``: 单位GDP能耗较2015年下降41.1%, so
    ``prose_figure``)."""
    from .. import paths
    from ..ingest.prose import reduction_statements

    cb = codebook_frame(codebook)
    out: dict[Any, tuple[list[str], str]] = {}
    flows = t13[[measure_of(cb, i) == "flow" for i in t13["indicator_id"]]]
    for file, rows in flows.groupby("source_file"):
        said = reduction_statements(paths.RAW / str(file))
        for idx, r in rows.iterrows():
            a = as_float(r["achieved_value"])
            start = (
                as_float(r.get("baseline_year")) if not pd.isna(as_float(r.get("baseline_year"))) else 2015
            )
            terms = [t for t in str(cb["note_terms"].get(r["indicator_id"], "") or "").split("|") if t]
            end = as_float(r.get("target_year"))
            for s in said:
                if not pd.isna(end) and s.year >= end:  # a cut planned from the period's end on
                    continue
                if not pd.isna(a) and abs(s.value - a) <= TOL and s.year != int(start):
                    out[idx] = (["reference_year_differs"], f"{s.file}:{s.line}")
                elif pd.isna(a) and terms and any(t in s.before for t in terms):
                    out[idx] = (["prose_figure"], f"{s.file}:{s.line}")
    return out


def attainment_summary(att: pd.DataFrame) -> pd.DataFrame:
    """Counts per region of the final verdicts (`FINAL_VERDICTS`), their total, and how many
    rest on a note printed with the table (``on_note``) or on the plan's own statement."""
    if att.empty:
        return pd.DataFrame(columns=[*FINAL_VERDICTS, "total", "on_note", "on_statement"])
    order = list(dict.fromkeys(att["region"]))
    counts = pd.crosstab(att["region"], att["final"]).reindex(
        index=order, columns=list(FINAL_VERDICTS), fill_value=0
    )
    counts["total"] = counts.sum(axis=1)
    counts["on_note"] = att.groupby("region")["on_note"].sum().reindex(order).astype(int)
    counts["on_statement"] = att.groupby("region")["on_statement"].sum().reindex(order).astype(int)
    counts.index.name = "region"
    return counts.astype(int)
