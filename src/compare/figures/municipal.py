"""The municipal profile's key findings and the tables they are counted from: the 2020 values
the plan's review states (`analysis.municipal.review_values`) and the counts its targets
table and its uptake table show (`claims`)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..analysis.municipal import REVIEW_USES, municipal_findings, review_values
from ..words import word
from .citations import cite
from .claims import cell_counts
from .labels import check_lang, header, indicator_name, rulebook_word, unit_label


def _w(key: str, lang: str, **values: Any) -> str:
    return word(f"municipal_words.{key}", lang, **values)


def not_given(lang: str) -> str:
    """The cell of a column the plan's text gives no value for."""
    return _w("not_given", lang)


def review_table(table: pd.DataFrame, codebook: Any, region: str, lang: str = "zh") -> pd.DataFrame:
    """Every 2020 value the plan's review of the 13th FYP states: indicator, unit, the value
    and the clause as printed, what this page does with it (the baseline of a target, or why
    not), and its source."""
    check_lang(lang)
    rv = review_values(table, region)
    return pd.DataFrame(
        {
            header("indicator", lang): [indicator_name(codebook, i, lang) for i in rv["indicator_id"]],
            header("unit", lang): [unit_label(str(u), lang) for u in rv["unit"]],
            word("indicator.continuity_table.headers.achieved_2020", lang): list(rv["achieved_raw"]),
            header("text", lang): list(rv["evidence_zh"]),
            _w("use", lang): [_w(f"use_{u}", lang) for u in rv["use"]],
            rulebook_word("citation", lang): [cite(r, lang) for _, r in rv.iterrows()],
        }
    )


def review_claims(shown: pd.DataFrame, lang: str = "zh") -> dict[str, int]:
    """The counts the review table shows, keyed like the finding ``municipal_baselines``."""
    names = {f"use_{u}": _w(f"use_{u}", lang) for u in REVIEW_USES}
    column = _w("use", lang)
    return cell_counts(shown[column], "municipal_baselines", names, total="stated") if len(shown) else {}


def targets_claims(shown: pd.DataFrame, lang: str = "zh") -> dict[str, int]:
    """The counts the targets table (`profile.region_profile` of the municipality) shows:
    rows, attributes given, baselines shown and not given, secondary targets (†)."""
    missing = not_given(lang)
    base = shown[header("baseline", lang)].astype(str)
    attr = shown[header("attribute", lang)].astype(str)
    return {
        "municipal_targets.rows": len(shown),
        "municipal_baselines.rows": len(shown),
        "municipal_targets.attribute_given": int((attr != missing).sum()),
        "municipal_targets.secondary": int(shown[header("target", lang)].astype(str).str.endswith("†").sum()),
        "municipal_baselines.with_baseline": int((base != missing).sum()),
        "municipal_baselines.not_given": int((base == missing).sum()),
    }


def uptake_claims(shown: pd.DataFrame, districts: int, lang: str = "zh") -> dict[str, int]:
    """The counts the uptake table (`pair.municipal_uptake`) shows: indicators set by every
    district, by some, by none."""
    n = shown[word("pair.pair_words.n_districts", lang)] if len(shown) else pd.Series(dtype=int)
    return {
        "municipal_uptake.indicators": len(shown),
        "municipal_uptake.all": int((n == districts).sum()),
        "municipal_uptake.some": int(((n > 0) & (n < districts)).sum()),
        "municipal_uptake.none": int((n == 0).sum()),
    }


def not_drawn(uptake: pd.DataFrame, lang: str = "zh") -> str:
    """The sentence under the uptake chart: how many municipal indicators no district sets
    (counted from the uptake table, `pair.municipal_uptake`), which the chart leaves out."""
    n = int((uptake[word("pair.pair_words.n_districts", lang)] == 0).sum()) if len(uptake) else 0
    return _w("not_drawn", lang, n=n)


def show_summary(table: pd.DataFrame, codebook: Any, region: str, lang: str = "zh"):
    """The municipal profile's key findings (`analysis.municipal.municipal_findings`) for a
    notebook cell."""
    from IPython.display import HTML

    from .findings import summary_html

    return HTML(summary_html(municipal_findings(table, region), codebook, lang))
