"""The municipal plan on its own page: its targets, the 2020 values its review states, how
many districts set each of its indicators, and the key findings of the municipal profile.

The municipal plan's indicator table is lost: its 2025 targets are mined from its prose
(table ``prose``) or taken from a published secondary report (``secondary``), and its review
of the 13th FYP states 2020 values (period ``13th``). A 2020 value is the baseline of a 2025
target only for the same indicator, in the same unit, as a level (`review_values`): 333
good-air days are not the baseline of the 92.6 % good-air ratio, and a five-year cut of the
13th FYP is no 2020 level. A district *sets* a municipal indicator when it sets the same
indicator or one the codebook converts to or from it (`common.counterparts`: good-air days
for the good-air ratio).
"""

from __future__ import annotations

import pandas as pd

from .common import caveats, counterparts
from .findings import Finding

#: Why a 2020 value of the review is not the baseline of a 2025 target (`review_values`).
REVIEW_USES = ("baseline", "other_indicator", "cumulative", "unit", "no_target")


def _src(r: pd.Series) -> str:
    return f"{r['source_file']}:{int(r['source_line'])}"


def _whole(t: pd.DataFrame) -> pd.DataFrame:
    return t[t["parent_seq"].astype(str) == ""]


def targets(table: pd.DataFrame, region: str) -> pd.DataFrame:
    """The municipal plan's 14th-FYP rows (whole indicators), in the table's order."""
    return _whole(table[(table["region"] == region) & (table["period"] == "14th")])


def uptake(table: pd.DataFrame, region: str) -> pd.DataFrame:
    """Per municipal indicator (one row per 14th-FYP target): ``setting``, the districts that
    set it or a convertible counterpart, in the table's order, and ``n``."""
    t14 = _whole(table[table["period"] == "14th"])
    dist = t14[t14["level"] == "district"]
    order = list(dict.fromkeys(dist["region"]))
    own = targets(table, region)
    setting = [
        [d for d in order if counterparts(i) & set(dist.loc[dist["region"] == d, "indicator_id"])]
        for i in own["indicator_id"]
    ]
    return own.assign(setting=setting, n=[len(s) for s in setting])


def _use(r: pd.Series, own: pd.DataFrame) -> str:
    same = own[own["indicator_id"] == r["indicator_id"]]
    if same.empty:
        other = own[own["indicator_id"].isin(counterparts(r["indicator_id"]))]
        return "other_indicator" if len(other) else "no_target"
    if str(r.get("cumulative_cells", "") or "") or bool(r["cumulative"]):
        return "cumulative"
    if str(same.iloc[0]["unit"]) != str(r["unit"]):
        return "unit"
    return "baseline"


def review_values(table: pd.DataFrame, region: str) -> pd.DataFrame:
    """The 2020 values the plan's review of the 13th FYP states (13th-period rows with an
    achieved value), each with ``use``: ``baseline`` (the 2020 level of a 2025 target of the
    same indicator and unit), ``other_indicator`` (a counterpart's target: shown, never
    converted), ``cumulative`` (a five-year cut, no level), ``unit`` or ``no_target``."""
    t13 = table[(table["region"] == region) & (table["period"] == "13th") & table["achieved_value"].notna()]
    own = targets(table, region)
    return t13.assign(use=[_use(r, own) for _, r in t13.iterrows()])


def baselines(table: pd.DataFrame, region: str) -> dict[str, pd.Series]:
    """indicator_id -> the review row that gives a target its 2020 baseline (`review_values`
    with use ``baseline``, first stated), for a target that prints none of its own."""
    rv = review_values(table, region)
    own = targets(table, region).set_index("indicator_id")
    out: dict[str, pd.Series] = {}
    for _, r in rv[rv["use"] == "baseline"].iterrows():
        ident = r["indicator_id"]
        if ident not in out and pd.isna(own.loc[ident, "baseline_value"]):
            out[ident] = r
    return out


def municipal_findings(table: pd.DataFrame, region: str) -> list[Finding]:
    """Three findings of the municipal profile: what its targets are (numbers, set by the
    national assessment, secondary, attributes given), how many districts set each of its
    indicators, and which 2020 values its review states and which serve as baselines."""
    own = targets(table, region)
    kinds = own["target_kind"].value_counts()
    up = uptake(table, region)
    n_districts = int(table.loc[table["level"] == "district", "region"].nunique())
    rv = review_values(table, region)
    base = baselines(table, region)
    printed = int(own["baseline_value"].notna().sum())
    uses = rv["use"].value_counts()
    return [
        Finding(
            "municipal_targets",
            {
                "rows": len(own),
                "numeric": int(kinds.get("numeric", 0) + kinds.get("class", 0)),
                "assigned": int(kinds.get("assigned", 0)),
                "secondary": int(own["secondary"].astype(bool).sum()),
                "attribute_given": int((own["attribute"].astype(str) != "").sum()),
            },
            evidence=tuple(dict.fromkeys(own["source_file"])),
        ),
        Finding(
            "municipal_uptake",
            {
                "indicators": len(up),
                "districts": n_districts,
                "all": int((up["n"] == n_districts).sum()),
                "some": int(((up["n"] > 0) & (up["n"] < n_districts)).sum()),
                "none": int((up["n"] == 0).sum()),
            },
        ),
        Finding(
            "municipal_baselines",
            {
                "stated": len(rv),
                "rows": len(own),
                "with_baseline": printed + len(base),
                "printed": printed,
                "from_review": len(base),
                "not_given": len(own) - printed - len(base),
                **{f"use_{u}": int(uses.get(u, 0)) for u in REVIEW_USES},
            },
            tuple(
                {
                    "region": "",  # the page is the municipality's: its name is not repeated
                    "indicator_id": r["indicator_id"],
                    "text": f"{r['achieved_raw']} (2020) → {own.loc[own['indicator_id'] == i, 'target_raw'].iloc[0]}",
                    "source": _src(r),
                    # a caveat of the target (a changed definition: 74 sections, not 42)
                    "caveats": ",".join(caveats(own[own["indicator_id"] == i].iloc[0])),
                }
                for i, r in base.items()
            ),
            tuple(dict.fromkeys(_src(r) for _, r in rv.iterrows())),
            tuple(dict.fromkeys(c for i in base for c in caveats(own[own["indicator_id"] == i].iloc[0]))),
        ),
    ]
