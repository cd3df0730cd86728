"""The 13th FYP in review: were its 2020 targets met, and do the 14th baselines repeat its actuals?"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..ingest.codebook import name_key
from .common import (
    _TRACE,
    APPROX_BAND,
    SIGN,
    TOL,
    CodebookLike,
    _cells,
    _comparable_kind,
    _direction,
    _districts,
    _num,
    codebook_frame,
)


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
    dist = _districts(table)
    records = []
    for region in dist["region"].drop_duplicates():
        t13 = dist[(dist["region"] == region) & (dist["period"] == "13th")]
        t14 = dist[(dist["region"] == region) & (dist["period"] == "14th")]
        for old, new in _pairs(t13, t14):
            a, b = _num(old["achieved_value"]), _num(new["baseline_value"])
            cum_a, cum_b = "achieved" in _cells(old), "baseline" in _cells(new)
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
    return text, claimed


def _meets(a: float, t: float, op: str, sign: int) -> bool:
    if op == ">=":
        return a >= t - TOL
    if op == ">":
        return a > t + TOL
    if op == "<=":
        return a <= t + TOL
    if op == "<":
        return a < t - TOL
    if op == "~":
        return sign * (a - t) >= -TOL or abs(a - t) <= APPROX_BAND * abs(t) + TOL
    if sign == 0:
        return abs(a - t) <= TOL
    return sign * (a - t) >= -TOL


def target_attainment(table: pd.DataFrame, codebook: CodebookLike = None) -> pd.DataFrame:
    """Each district 13th row's 2020 target: met, missed, or not assessable.

    * Inequality operators are read literally (``≥48``: met iff achieved >= 48; ``<50``:
      achieved < 50). ``=`` targets are met when the achieved value is at least as good as
      the target in the indicator's direction (a forest-cover target of 50 is met by 55; a
      construction-land cap of 278.3 by 200.15). ``~`` (左右) targets are met when at least
      as good or within ±5 % (``APPROX_BAND``) of the target.
    * Water classes compare on I=1..V=5, lower is better.
    * Cumulative figures are compared with cumulative figures only; a cumulative against a
      non-cumulative cell is ``not assessable (cumulative mismatch)``.
    * A target or achieved cell without a number is ``not assessable (<kind>)``.
    * ``provisional`` rows (``*``: final value set by a higher level, or data of another
      year) keep their numeric verdict and are flagged; ``evidence`` carries the plan's own
      words (完成情况 column, text cell, or a note such as ``市林业局认定达标``) and
      ``claimed_met`` whether they assert success. A text claim is the plan's
      self-assessment, not a measurement, so it does not turn ``not assessable`` into
      ``met``; ``agrees_with_claim`` shows where the numbers and the claim part ways.
    """
    cb = codebook_frame(codebook)
    t13 = _districts(table)
    t13 = t13[t13["period"] == "13th"]
    records = []
    for _, r in t13.iterrows():
        direction = _direction(cb, r["indicator_id"])
        sign = SIGN.get(direction, 0)
        tk, ak = r["target_kind"], r["achieved_kind"]
        t, a = _num(r["target_value"]), _num(r["achieved_value"])
        cells = _cells(r)
        if not _comparable_kind(tk) or pd.isna(t):
            status = f"not assessable ({tk if tk != 'none' else 'no target'})"
        elif not _comparable_kind(ak) or pd.isna(a):
            status = f"not assessable ({'no value' if ak in ('none', '') else ak + ' achieved'})"
        elif tk != ak:
            status = "not assessable (class vs number)"
        elif ("target" in cells) != ("achieved" in cells):
            status = "not assessable (cumulative mismatch)"
        else:
            status = "met" if _meets(a, t, r["target_operator"], sign if tk != "class" else -1) else "missed"
        evidence, claimed = _claim(r)
        assessed = status in ("met", "missed")
        records.append(
            {
                **{c: r[c] for c in _TRACE},
                "direction": direction,
                "target_raw": r["target_raw"],
                "target_operator": r["target_operator"],
                "target_value": t,
                "target_kind": tk,
                "achieved_raw": r["achieved_raw"],
                "achieved_value": a,
                "achieved_kind": ak,
                "cumulative_cells": r["cumulative_cells"],
                "provisional": bool(r["provisional"]),
                "gap_signed": (sign if tk != "class" else -1) * (a - t) + 0.0 if assessed else np.nan,
                "status": status,
                "assessable": assessed,
                "evidence": evidence,
                "claimed_met": claimed,
                "agrees_with_claim": (status == "met") == claimed if assessed and evidence else pd.NA,
                "note_zh": r["note_zh"],
                "source_file": r["source_file"],
                "source_line": r["source_line"],
            }
        )
    return pd.DataFrame.from_records(records)
