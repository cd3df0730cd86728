"""The one-page brief of a region: its headline targets beside the other plans', their
traffic lights, its 13th-FYP record in one count, and three findings from those tables.

**Headline targets** are the region's 14th-FYP rows that give a number (whole indicators,
not sub-rows such as single rivers), one per indicator: binding before expected, then the
indicators most other plans also set, then the plan's own order; `HEADLINE_ROWS` of them.
Each carries its traffic light (`scores`), the other plans' targets for the same indicator
(context, as printed) and, for a district, its alignment status against the city's target
(`alignment`: the suite's one like-with-like rule decides what compares).

Findings are structured (`findings.Finding`) and every number in them is counted from the
frames the brief shows: the lights of the headline table, the alignment statuses of the
headline table, the record counts.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .alignment import alignment
from .common import CodebookLike, codebook_frame, counterparts
from .findings import Finding
from .progress import STATUSES, progress
from .review import FINAL_VERDICTS, target_attainment
from .scores import LIGHTS, scores

HEADLINE_ROWS = 10
_KEY = ["region", "table", "row"]


def _quantified(rows: pd.DataFrame) -> pd.DataFrame:
    whole = rows["parent_seq"].astype(str) == ""
    numeric = rows["target_kind"].isin(["numeric", "class"]) & rows["target_value"].notna()
    return rows[whole & numeric]


def headline(
    table: pd.DataFrame, codebook: CodebookLike, region: str, n: int = HEADLINE_ROWS
) -> pd.DataFrame:
    """The region's headline 14th-FYP targets (see the module docstring), with ``light``,
    ``score``, ``others`` (how many other plans set the indicator) and, for a district,
    ``vs_city`` (alignment status)."""
    t = table[table["period"] == "14th"]
    own = _quantified(t[t["region"] == region]).drop_duplicates("indicator_id")
    if own.empty:
        return own.assign(light="", score=pd.Series(dtype=float), others=0, vs_city="")
    other = t[t["region"] != region]
    # a plan setting a convertible counterpart (good-air days for the good-air ratio) sets it
    setters = {
        i: other.loc[other["indicator_id"].isin(counterparts(i)), "region"].nunique()
        for i in own["indicator_id"]
    }
    own = own.assign(
        others=own["indicator_id"].map(setters).fillna(0).astype(int),
        _binding=(own["attribute"] != "binding").astype(int),
    )
    own = own.sort_values(["_binding", "others", "row"], ascending=[True, False, True], kind="stable").head(n)
    sc = scores(table, codebook)[[*_KEY, "score", "light"]]
    out = own.drop(columns="_binding").merge(sc, on=_KEY, how="left")
    out["light"] = out["light"].fillna("")
    al = alignment(table, codebook)[[*_KEY, "status"]].rename(columns={"status": "vs_city"})
    out = out.merge(al, on=_KEY, how="left")
    out["vs_city"] = out["vs_city"].fillna("")
    return _baseline_from_review(out, table, region).reset_index(drop=True)


def _baseline_from_review(head: pd.DataFrame, table: pd.DataFrame, region: str) -> pd.DataFrame:
    """Where the 14th-FYP row prints no 2020 value, the value the plan's own review of the
    13th period states for 2020 (the municipal plan's prose), flagged ``baseline_from_review``."""
    review = table[
        (table["region"] == region) & (table["period"] == "13th") & table["achieved_value"].notna()
    ]
    review = review.drop_duplicates("indicator_id").set_index("indicator_id")
    head = head.assign(baseline_from_review=False)
    for k, r in head.iterrows():
        if pd.isna(r["baseline_value"]) and r["indicator_id"] in review.index:
            got = review.loc[r["indicator_id"]]
            if got["unit"] == r["unit"]:
                head.loc[k, ["baseline_value", "baseline_raw", "baseline_kind"]] = [
                    got["achieved_value"],
                    got["achieved_raw"],
                    got["achieved_kind"],
                ]
                head.loc[k, "baseline_from_review"] = True
    return head


def others_targets(table: pd.DataFrame, region: str, ids: list[str]) -> pd.DataFrame:
    """The other plans' 14th-FYP rows for ``ids`` (whole indicators) or a convertible
    counterpart (good-air days for the good-air ratio, keyed by the id in ``ids``, in its own
    unit), one per region and indicator: the context the brief shows beside its targets."""
    t = table[(table["period"] == "14th") & (table["region"] != region)]
    t = t[t["parent_seq"].astype(str) == ""]
    parts = [
        t[t["indicator_id"].isin(counterparts(i))]
        .sort_values("indicator_id", key=lambda c, i=i: c != i, kind="stable")  # its own first
        .assign(indicator_id=i)
        for i in ids
    ]
    out = pd.concat(parts) if parts else t.head(0)
    return out.drop_duplicates(["region", "indicator_id"])


def record_13th(table: pd.DataFrame, codebook: CodebookLike, region: str) -> dict[str, int]:
    """The region's 13th-FYP record as counts: targets by final verdict, or, where its plan
    kept no 13th table (the municipal review prose), the 2020 values it states."""
    att = target_attainment(table, codebook)
    att = att[att["region"] == region]
    if len(att):
        counts = att["final"].value_counts()
        return {"total": len(att), **{v: int(counts.get(v, 0)) for v in FINAL_VERDICTS}}
    rows = table[(table["region"] == region) & (table["period"] == "13th")]
    return {"stated_2020": int(rows["achieved_value"].notna().sum())}


def progress_counts(
    table: pd.DataFrame, codebook: CodebookLike, region: str, observed: pd.DataFrame | None
) -> dict[str, int] | None:
    """The region's 14th-FYP targets per progress status (`progress.progress`, the Open SDG
    measure on the observations), for the targets an observation reaches; None (the brief
    shows nothing) when no observation reaches one."""
    if observed is None or observed.empty:
        return None
    frame = progress(table, observed, codebook_frame(codebook))
    frame = frame[(frame["region"] == region) & (frame["status"] != "no_observation")]
    counts = frame["status"].value_counts()
    return {s: int(counts[s]) for s in STATUSES if s in counts} or None


def brief_findings(head: pd.DataFrame, region_level: str, districts: int) -> list[Finding]:
    """Three findings from the headline table: its lights, where it stands against the
    city (a district) or how many districts share its targets (the city), and its
    lowest-scoring target."""
    evidence = tuple(f"{r.source_file}:{int(r.source_line)}" for r in head.itertuples())
    lights = head["light"].value_counts()
    out = [
        Finding(
            "brief_lights",
            {
                "n": len(head),
                "scored": int((head["light"] != "").sum()),
                **{k: int(lights.get(k, 0)) for k in LIGHTS},
            },
            evidence=evidence,
        )
    ]
    if region_level == "municipal":
        shared = head[head["others"] > 0]
        every = int((head["others"] >= districts).sum())
        out.append(
            Finding(
                "brief_shared", {"n": len(head), "shared": len(shared), "all": every, "districts": districts}
            )
        )
    else:
        status = head["vs_city"].value_counts()
        out.append(
            Finding(
                "brief_city",
                {
                    "n": len(head),
                    "compared": int(sum(status.get(s, 0) for s in ("stricter", "equal", "weaker"))),
                    **{s: int(status.get(s, 0)) for s in ("stricter", "equal", "weaker")},
                },
            )
        )
    scored = head[head["score"].notna()].sort_values("score", kind="stable")
    if len(scored):
        low = scored.iloc[0]
        out.append(
            Finding(
                "brief_lowest",
                {"score": round(float(low["score"])), "light": low["light"], "target": low["target_raw"]},
                (
                    {
                        "region": low["region"],
                        "indicator_id": low["indicator_id"],
                        "text": str(low["target_raw"]),
                        "source": f"{low['source_file']}:{int(low['source_line'])}",
                    },
                ),
            )
        )
    return out


def brief(
    table: pd.DataFrame, codebook: CodebookLike, region: str, observed: pd.DataFrame | None = None
) -> dict[str, Any]:
    """Everything the brief shows, computed once: ``headline``, ``others``, ``record``,
    ``progress`` (None: no observation reaches a target) and ``findings``."""
    head = headline(table, codebook, region)
    level = (
        str(table.loc[table["region"] == region, "level"].iloc[0])
        if (table["region"] == region).any()
        else ""
    )
    districts = int(table.loc[table["level"] == "district", "region"].nunique())
    return {
        "headline": head,
        "others": others_targets(table, region, list(head["indicator_id"])),
        "record": record_13th(table, codebook, region),
        "progress": progress_counts(table, codebook, region, observed),
        "findings": brief_findings(head, level, districts),
    }
