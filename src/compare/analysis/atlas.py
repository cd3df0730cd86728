"""What the atlas maps, and its key findings, computed from the table.

The atlas holds one map per indicator at least two plans set with a number in the 14th FYP
(`candidates`). A district is *on the map* when its whole-indicator row gives a number in the
indicator's own unit (codebook ``unit``): the map colours it. A number in another unit is
drawn as "other unit, not comparable", a target without a number as its kind. An indicator
whose map would colour no district (the city's number alone, or only numbers in another
unit) is left out of the atlas with its reason (``no_district_on_scale``): a blank map says
nothing.

Where the targets of a map differ is decided by the suite's one rule
(`comparability.compare`), district against district: ``differ`` when two of them compare
and are not equal, ``same`` when every pair compares as equal, ``apart`` when no pair
compares (an endowment, approximate figures without a tolerance, one district only). The
city's target is shown beside the map as context, never used as a bar.

An atlas of many maps is split by domain (`parts`): up to `MAPS_PER_REPORT` maps make one
atlas; beyond that, each domain with a map gets an atlas of its own, so no atlas grows with
the number of districts beyond its largest domain (the codebook's domains hold 2 to 15
indicators). ``coverage(..., domain=...)`` and `in_domain` give one part's rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations
from typing import Any

import pandas as pd

from .common import CodebookLike, codebook_frame
from .comparability import compare
from .findings import Finding

#: How the districts' targets of one map stand to each other (`spread`).
SPREADS = ("differ", "same", "apart")
#: Why an indicator at least two plans set with a number is not mapped.
LEFT_OUT = ("no_district_on_scale",)
#: Up to this many maps the atlas is one report; beyond, one report per domain (`parts`).
#: At 24 maps an atlas takes about three times the five-district atlas's time (8 maps), the
#: most one report may grow (`make bench` measures it).
MAPS_PER_REPORT = 24
#: The columns of `coverage`, in order.
COVERAGE_COLUMNS = (
    "indicator_id",
    "domain",
    "on_map",
    "off_map",
    "districts",
    "city_raw",
    "spread",
    "mapped",
    "reason",
    "evidence",
    "map_evidence",
)
_UNIT_SPELLINGS = {"ug/m3": "μg/m3", "μg/m³": "μg/m3", "m³": "m3"}


def _unit(u: Any) -> str:
    text = str(u or "").strip()
    return _UNIT_SPELLINGS.get(text, text)


def _src(r: Any) -> str:
    return f"{r['source_file']}:{int(r['source_line'])}"


def candidates(table: pd.DataFrame, period: str = "14th", min_plans: int = 2) -> list[str]:
    """Indicators at least ``min_plans`` plans set with a number in ``period`` (any row)."""
    t = table[(table["period"] == period) & table["target_value"].notna()]
    counts = t.groupby("indicator_id")["region"].nunique()
    return sorted(i for i in counts.index if counts[i] >= min_plans)


def spread(rows: pd.DataFrame, codebook: CodebookLike = None) -> str:
    """``differ`` / ``same`` / ``apart``: the districts' targets of one map against each
    other, pair by pair, by `comparability.compare` (see the module docstring)."""
    relations = []
    for (_, a), (_, b) in combinations(rows.iterrows(), 2):
        c = compare(a, b, codebook)
        if c.comparable:
            relations.append(c.relation)
    if not relations:
        return "apart"
    return "same" if all(r == "equal" for r in relations) else "differ"


def _district_cells(top: pd.DataFrame, unit: str) -> tuple[pd.DataFrame, dict[str, str]]:
    """The district rows the map colours, and region -> why another district's row is not
    coloured (``other_unit`` or its target kind)."""
    dist = top[top["level"] == "district"]
    numeric = dist["target_value"].notna()
    same = dist["unit"].map(_unit) == unit
    off = {r["region"]: "other_unit" for _, r in dist[numeric & ~same].iterrows()}
    off.update({r["region"]: str(r["target_kind"]) for _, r in dist[~numeric].iterrows()})
    return dist[numeric & same], off


def coverage(
    table: pd.DataFrame,
    codebook: CodebookLike = None,
    period: str = "14th",
    min_plans: int = 2,
    domain: str = "",
) -> pd.DataFrame:
    """One row per candidate indicator (`candidates`): which districts its map colours
    (``on_map``, region keys in the table's order), the other districts that set it and why
    their row is not coloured (``off_map``: region -> ``other_unit`` or the target kind), how
    many districts the table has (``districts``), the city's target as printed (``city_raw``,
    context), ``spread``,
    ``mapped`` and, for one left out, its ``reason`` (`LEFT_OUT`); ``evidence`` holds the
    ``file:line`` of every cell, ``map_evidence`` those of the cells the map colours.
    A ``domain`` keeps that domain's indicators only (one part of a split atlas, `parts`)."""
    cb = codebook_frame(codebook)
    t = table[table["period"] == period]
    top = t[t["parent_seq"].astype(str) == ""]
    n_districts = int(table.loc[table["level"] == "district", "region"].nunique())
    records = []
    for ident in candidates(table, period, min_plans):
        rows = top[top["indicator_id"] == ident]
        unit = _unit(cb["unit"].get(ident, "")) if ident in cb.index else ""
        on_map, off = _district_cells(rows, unit or _unit(rows["unit"].mode().iloc[0]))
        off = {k: v for k, v in off.items() if k not in set(on_map["region"])}
        city = rows[rows["level"] == "municipal"]
        records.append(
            {
                "indicator_id": ident,
                "domain": str(rows["domain"].iloc[0]) if len(rows) else "",
                "on_map": list(dict.fromkeys(on_map["region"])),
                "off_map": off,
                "districts": n_districts,
                "city_raw": str(city["target_raw"].iloc[0]) if len(city) else "",
                "spread": spread(on_map.drop_duplicates("region"), cb),
                "mapped": len(on_map) > 0,
                "reason": "" if len(on_map) else LEFT_OUT[0],
                "evidence": tuple(dict.fromkeys(_src(r) for _, r in rows.iterrows())),
                "map_evidence": tuple(dict.fromkeys(_src(r) for _, r in on_map.iterrows())),
            }
        )
    frame = pd.DataFrame.from_records(records, columns=list(COVERAGE_COLUMNS))
    return in_domain(frame, domain) if domain else frame


def in_domain(cov: pd.DataFrame, domain: str) -> pd.DataFrame:
    """The rows of `coverage` in ``domain`` (all of them for ``""``), renumbered."""
    return cov[cov["domain"] == domain].reset_index(drop=True) if domain else cov


def parts(cov: pd.DataFrame, order: Sequence[str] = (), per_report: int | None = None) -> list[str]:
    """The atlas's reports as domains: ``[""]`` (one atlas of every map) while `coverage`
    maps at most ``per_report`` indicators, else each domain with a map.

    Parameters
    ----------
    cov : DataFrame
        `coverage` of the whole table.
    order : sequence of str
        Domain keys in the order the parts take; other domains follow, sorted.
    per_report : int, optional
        The most maps one atlas holds before it is split (default `MAPS_PER_REPORT`).

    Returns
    -------
    list of str
        ``[""]``, or the domain keys of the parts.
    """
    mapped = cov[cov["mapped"]]
    if len(mapped) <= (MAPS_PER_REPORT if per_report is None else per_report):
        return [""]
    present = set(mapped["domain"])
    return [d for d in order if d in present] + sorted(present - set(order))


def atlas_findings(cov: pd.DataFrame) -> list[Finding]:
    """Three findings from the atlas's coverage (`coverage`): how many maps and which are left
    out, how many districts each map colours, and where the districts' targets differ (the
    maps' table names them; the evidence lists the cells of the maps whose targets differ)."""
    maps = cov[cov["mapped"]]
    left = cov[~cov["mapped"]]
    n_on = maps["on_map"].map(len)
    full = int((n_on == maps["districts"]).sum()) if len(maps) else 0
    counts = maps["spread"].value_counts()
    differ = maps[maps["spread"] == "differ"]
    return [
        Finding(
            "atlas_maps",
            {"candidates": len(cov), "maps": len(maps), "left_out": len(left)},
            evidence=tuple(s for ev in left["evidence"] for s in ev),
        ),
        Finding(
            "atlas_coverage",
            {
                "maps": len(maps),
                "all": full,
                "some": len(maps) - full,
                "districts": int(cov["districts"].max()) if len(cov) else 0,
                "one": int((n_on == 1).sum()),
            },
        ),
        Finding(
            "atlas_spread",
            {"maps": len(maps), **{s: int(counts.get(s, 0)) for s in SPREADS}},
            evidence=tuple(s for ev in differ["map_evidence"] for s in ev),
        ),
    ]
