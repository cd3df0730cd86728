"""Headlines checked against their tables: the counts a finding states and the counts a table
shows, written into the page as data attributes, and the check over a rendered page.

A finding of an executive summary carries ``data-claims`` (its counts, keyed
``<finding code>.<value>``); a table that shows the same counts carries ``data-counts`` with
the same keys, computed from the frame it displays. `mismatches` reads both from a rendered
HTML page and lists every key whose numbers differ, so a headline can never drift from the
table below it.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

#: The attribute as written (double quotes, escaped) or as an HTML parser re-serialises it
#: (single quotes around raw JSON).
_ATTR = re.compile(r"""data-(claims|counts)=(?:"([^"]*)"|'([^']*)')""")


def _ints(values: Mapping[str, Any], prefix: str = "") -> dict[str, int]:
    out = {}
    for key, v in values.items():
        if isinstance(v, bool) or not isinstance(v, (int, float)) or pd.isna(v):
            continue
        if float(v).is_integer():
            out[f"{prefix}{key}"] = int(v)
    return out


def claims_attr(code: str, values: Mapping[str, Any]) -> str:
    """`` data-claims="…"``: the whole-number values of a finding, keyed ``code.value``."""
    data = _ints(values, f"{code}.")
    return f' data-claims="{html.escape(json.dumps(data, sort_keys=True), quote=True)}"' if data else ""


def counts_attr(counts: Mapping[str, Any]) -> str:
    """`` data-counts="…"``: the counts a table shows, keyed like the findings' claims."""
    return f' data-counts="{html.escape(json.dumps(_ints(counts), sort_keys=True), quote=True)}"'


def column_totals(frame: pd.DataFrame, code: str, keys: Mapping[str, str], total: str = "") -> dict[str, int]:
    """Counts of a count table (rows × categories) keyed like a finding: ``keys`` maps a
    category code to the column header the table shows it under (a category the table lacks
    counts 0); ``total`` names the key of the sum of all cells."""
    out = {f"{code}.{k}": int(frame[col].sum()) if col in frame.columns else 0 for k, col in keys.items()}
    if total:
        out[f"{code}.{total}"] = int(frame.to_numpy().sum())
    return out


def read(page: str) -> tuple[dict[str, set[int]], dict[str, set[int]]]:
    """The claims and the table counts of a rendered page: key -> the numbers given for it."""
    found: dict[str, dict[str, set[int]]] = {"claims": {}, "counts": {}}
    for kind, double, single in _ATTR.findall(page):
        for key, value in json.loads(html.unescape(double or single)).items():
            found[kind].setdefault(key, set()).add(int(value))
    return found["claims"], found["counts"]


def mismatches(page: str) -> list[str]:
    """Every key a finding claims and a table counts with different numbers (``[]``: the
    headline agrees with its tables).

    >>> f = '<li data-claims="{&quot;a.n&quot;: 3}"></li>'
    >>> mismatches(f + '<table data-counts="{&quot;a.n&quot;: 4}">')
    ['a.n: finding 3, table 4']
    """
    claims, counts = read(page)
    out = []
    for key in sorted(set(claims) & set(counts)):
        if claims[key] != counts[key]:
            said = ", ".join(map(str, sorted(claims[key])))
            shown = ", ".join(map(str, sorted(counts[key])))
            out.append(f"{key}: finding {said}, table {shown}")
    return out


def checked_keys(page: str) -> set[str]:
    """The keys both a finding and a table of the page give (what `mismatches` compares)."""
    claims, counts = read(page)
    return set(claims) & set(counts)


def cell_counts(cells: pd.Series, code: str, names: Mapping[str, str], total: str = "rows") -> dict[str, int]:
    """Counts of a displayed column whose cells begin with a category's word (a class or a
    status, followed by its reason), keyed like a finding: ``names`` maps a category code to
    the word the table shows; ``total`` names the key of the number of cells.

    >>> cell_counts(pd.Series(["weaker (a)", "equal", "weaker"]), "x", {"equal": "equal", "weaker": "weaker"})
    {'x.equal': 1, 'x.weaker': 2, 'x.rows': 3}
    """
    longest = sorted(names.items(), key=lambda kv: -len(kv[1]))
    out = {f"{code}.{k}": 0 for k in names}
    for cell in cells.astype(str):
        key = next((k for k, w in longest if cell.startswith(w)), None)
        if key is not None:
            out[f"{code}.{key}"] += 1
    if total:
        out[f"{code}.{total}"] = len(cells)
    return out
