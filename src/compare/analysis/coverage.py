"""What each analysis compared and what it could not, each with its list.

Every result of `compare.analysis` keeps the rows it could not use, with a reason; these
functions count them by category so a report can say, for instance, "compared 27 targets
as numbers; could not compare 31 set by the city (list), 6 qualitative (list) …". Each
returns one row per category: ``category`` (a code the figures turn into words), ``n`` and
``items`` (``region:indicator_id@file:line``, comma-separated, in table order) for what could
not be compared; what was compared is counted only, the tables beside it list it.
"""

from __future__ import annotations

import pandas as pd

COLUMNS = ["category", "n", "items"]


def _items(part: pd.DataFrame) -> str:
    return ", ".join(
        f"{r}:{i}@{f}:{int(line)}"
        for r, i, f, line in zip(
            part["region"], part["indicator_id"], part["source_file"], part["source_line"]
        )
    )


#: Categories of what was compared: counted, not listed (the tables beside list them).
COMPARED = frozenset({"by_numbers", "rated", "scored", "stricter", "equal", "weaker"})


def _frame(groups: list[tuple[str, pd.DataFrame]]) -> pd.DataFrame:
    rows = [
        {"category": c, "n": len(p), "items": "" if c in COMPARED else _items(p)} for c, p in groups if len(p)
    ]
    return pd.DataFrame.from_records(rows, columns=COLUMNS)


def attainment(att: pd.DataFrame) -> pd.DataFrame:
    """`review.target_attainment`: compared by the numbers, resting on a note or on the plan's
    statement, and not assessable by reason."""
    if att.empty:
        return pd.DataFrame(columns=COLUMNS)
    groups = [
        ("by_numbers", att[att["final_reason"] == "by_numbers"]),
        ("on_note", att[att["on_note"] & (att["final"] != "not_assessable")]),
        ("on_statement", att[att["on_statement"]]),
    ]
    na = att[att["final"] == "not_assessable"]
    for reason in dict.fromkeys(na["final_reason"]):
        groups.append((f"not_assessable:{reason}", na[na["final_reason"] == reason]))
    return _frame(groups)


def ambition(amb: pd.DataFrame) -> pd.DataFrame:
    """`ambition.ambition`: rated targets, targets at their ceiling, and the rest by reason
    (set by the city, qualitative, maintain, five-year amounts, no baseline, …)."""
    if amb.empty:
        return pd.DataFrame(columns=COLUMNS)
    groups = [
        ("rated", amb[amb["improvement_rate"].notna() & (amb["ambition_class"] != "at ceiling")]),
        ("at_ceiling", amb[amb["ambition_class"] == "at ceiling"]),
        ("ordinal_class", amb[amb["reason"] == "ordinal_class"]),
    ]
    rest = amb[amb["improvement_rate"].isna() & (amb["reason"] != "ordinal_class")]
    rest = rest[rest["ambition_class"] != "at ceiling"]
    for reason in dict.fromkeys(rest["reason"]):
        groups.append((reason, rest[rest["reason"] == reason]))
    return _frame(groups)


def alignment(al: pd.DataFrame) -> pd.DataFrame:
    """`alignment.alignment_long`: one category per status."""
    if al.empty:
        return pd.DataFrame(columns=COLUMNS)
    from .alignment import ALIGNMENT_STATUSES

    part = al.copy()
    part["source_file"] = part["source_file"].where(
        part["source_file"].astype(str) != "", part["municipal_source_file"]
    )
    part["source_line"] = part["source_line"].fillna(part["municipal_source_line"])
    return _frame([(s, part[part["status"] == s]) for s in ALIGNMENT_STATUSES])


def scores(sc: pd.DataFrame) -> pd.DataFrame:
    """`scores.scores`: scored targets, and the rest by reason."""
    if sc.empty:
        return pd.DataFrame(columns=COLUMNS)
    groups = [("scored", sc[sc["score"].notna()])]
    rest = sc[sc["score"].isna()]
    for reason in dict.fromkeys(rest["reason"]):
        groups.append((reason, rest[rest["reason"] == reason]))
    return _frame(groups)
