"""Executive summaries: 3–5 findings per report, computed from the analytics.

A finding is structured, never prose: a ``code`` (the figures turn it into a sentence in
zh or en), ``values`` (the numbers the sentence states), ``items`` (the rows it names: region,
indicator, the printed cell, its source), ``evidence`` (``file:line`` of every cell and note
it rests on) and ``caveats`` (codes of `common.CAVEATS` the reader must see with it). Every
number in a finding comes from the table through the analyses; a finding whose count is
zero is still stated where its absence is the news (no 13th target missed).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .alignment import ALIGNMENT_STATUSES, COMPARED, CONTEXT, alignment, alignment_long
from .ambition import ambition
from .common import CodebookLike, caveats, district_rows
from .review import FINAL_VERDICTS, target_attainment
from .scores import LIGHTS, dashboard_parts, scores

KINDS = ("overview", "review", "alignment", "ambition", "profile")
#: Ambition classes that rate a target against its baseline (the headline counts them).
RATED = ("improve", "hold", "relax", "at ceiling")


@dataclass(frozen=True)
class Finding:
    """One finding of an executive summary (see the module docstring)."""

    code: str
    values: dict[str, Any] = field(default_factory=dict)
    items: tuple[dict[str, Any], ...] = ()
    evidence: tuple[str, ...] = ()
    caveats: tuple[str, ...] = ()


def _src(row: Any) -> str:
    return f"{row['source_file']}:{int(row['source_line'])}"


def _item(row: Any, text: str = "", **extra: Any) -> dict[str, Any]:
    return {
        "region": row["region"],
        "indicator_id": row["indicator_id"],
        "text": text,
        "source": _src(row),
        **extra,
    }


def _caveats(frame: pd.DataFrame) -> tuple[str, ...]:
    codes: dict[str, None] = {}
    for value in frame.get("caveats", pd.Series(dtype=str)):
        for c in str(value or "").split(","):
            if c:
                codes[c] = None
    return tuple(codes)


def _evidence(frame: pd.DataFrame, extra: Iterable[str] = ()) -> tuple[str, ...]:
    out = [_src(r) for _, r in frame.iterrows()]
    for col in ("caveat_sources", "note_sources"):
        if col in frame.columns:
            out += [s for v in frame[col] for s in str(v or "").split(",") if s]
    out += list(extra)
    return tuple(dict.fromkeys(out))


# ----------------------------------------------------------------------------- per report


def _review_findings(table: pd.DataFrame, cb: CodebookLike, region: str | None = None) -> list[Finding]:
    att = target_attainment(table, cb)
    if region:
        att = att[att["region"] == region]
    if att.empty:
        return []
    findings = [
        _review_totals(att),
        _review_turned(att),
        _review_missed(att),
        _review_not_assessable(att),
        _review_data_year(att),
    ]
    return [f for f in findings if f is not None][:5]


def _review_totals(att: pd.DataFrame) -> Finding:
    """The final verdicts counted, and how many rest on a note or the plan's own words."""
    counts = att["final"].value_counts()
    return Finding(
        "review_totals",
        {
            "total": len(att),
            **{v: int(counts.get(v, 0)) for v in FINAL_VERDICTS},
            "on_note": int(att["on_note"].sum()),
            "on_statement": int(att["on_statement"].sum()),
        },
        evidence=_evidence(att[att["on_note"] | att["on_statement"]]),
    )


def _review_turned(att: pd.DataFrame) -> Finding | None:
    """Targets missed by the numbers whose final verdict is another (a note, the plan's words)."""
    turned = att[(att["status"] == "missed") & (att["final"] != "missed")]
    if not len(turned):
        return None
    return Finding(
        "review_turned",
        {"n": len(turned)},
        tuple(
            _item(r, f"{r['target_raw']} → {r['achieved_raw']}", final=r["final"], reason=r["final_reason"])
            for _, r in turned.iterrows()
        ),
        _evidence(turned),
        _caveats(turned),
    )


def _review_missed(att: pd.DataFrame) -> Finding:
    """The targets finally missed."""
    missed = att[att["final"] == "missed"]
    return Finding(
        "review_missed",
        {"n": len(missed)},
        tuple(_item(r, f"{r['target_raw']} → {r['achieved_raw']}") for _, r in missed.iterrows()),
        _evidence(missed),
        _caveats(missed),
    )


def _review_not_assessable(att: pd.DataFrame) -> Finding | None:
    """The targets that cannot be assessed, by reason, or None."""
    na = att[att["final"] == "not_assessable"]
    if not len(na):
        return None
    reasons = na["final_reason"].value_counts()
    return Finding(
        "review_not_assessable",
        {"n": len(na), "reasons": {k: int(v) for k, v in reasons.items()}},
        tuple(_item(r, r["achieved_raw"], reason=r["final_reason"]) for _, r in na.iterrows()),
        _evidence(na),
        _caveats(na),
    )


def _review_data_year(att: pd.DataFrame) -> Finding | None:
    """Achieved values that are another year's data, or None."""
    other_year = att[att["caveats"].str.contains("data_year_differs")]
    if not len(other_year):
        return None
    return Finding(
        "review_data_year",
        {"n": len(other_year), "years": sorted({int(y) for y in other_year["achieved_year"].dropna()})},
        tuple(_item(r, r["achieved_raw"]) for _, r in other_year.iterrows()),
        _evidence(other_year),
        ("data_year_differs",),
    )


def _alignment_findings(table: pd.DataFrame, cb: CodebookLike, region: str | None = None) -> list[Finding]:
    """Counted over `alignment_long` (district × indicator, a district's rivers as one), the
    frame the report's matrix and count table show."""
    al = alignment(table, cb)
    long = alignment_long(table, cb)
    if region:
        al, long = al[al["region"] == region], long[long["region"] == region]
    if long.empty:
        return []
    findings = [
        _compared_finding(long),
        _weaker_finding(al),
        _context_finding(al),
        _aggregate_finding(al),
        _unstated_finding(long),
        _omitted_finding(long),
    ]
    return [f for f in findings if f is not None][:5]


def _compared_finding(long: pd.DataFrame) -> Finding:
    """How many district × indicator cells compare with the city's target, and how."""
    compared = long[long["status"].isin(COMPARED)]
    context = long[long["status"].isin(CONTEXT)]
    counts = long["status"].value_counts()
    return Finding(
        "alignment_compared",
        {
            "rows": len(long),
            "compared": len(compared),
            "context": len(context),
            **{s: int(counts.get(s, 0)) for s in ALIGNMENT_STATUSES},
        },
        evidence=_evidence(compared),
        caveats=_caveats(compared[compared["municipal_secondary"].astype(bool)].assign(caveats="secondary")),
    )


def _weaker_finding(al: pd.DataFrame) -> Finding:
    """The district targets weaker than the city's."""
    weaker = al[al["status"] == "weaker"]
    return Finding(
        "alignment_weaker",
        {"n": len(weaker)},
        tuple(
            _item(r, f"{r['district_raw']} / {r['municipal_raw']}", converted=r["district_converted"])
            for _, r in weaker.iterrows()
        ),
        _evidence(weaker, _municipal_sources(weaker)) + tuple(u for u in weaker["municipal_url"] if u),
        tuple(
            dict.fromkeys(_caveats(weaker) + (("secondary",) if weaker["municipal_secondary"].any() else ()))
        ),
    )


def _context_finding(al: pd.DataFrame) -> Finding | None:
    """District targets beside a city-wide level (context, not a bar), or None."""
    beside = al[al["status"].isin(CONTEXT)]
    if not len(beside):
        return None
    return Finding(
        "alignment_context",
        {"n": len(beside), **{s: int((beside["status"] == s).sum()) for s in CONTEXT}},
        tuple(
            _item(
                r,
                f"{r['district_raw']} / {r['municipal_raw']}",
                converted=r["district_converted"],
                status=r["status"],
            )
            for _, r in beside.iterrows()
        ),
        _evidence(beside, _municipal_sources(beside)),
        _caveats(beside),
    )


def _aggregate_finding(al: pd.DataFrame) -> Finding | None:
    """District targets that are shares of a city-wide total, or None."""
    agg = al[al["status"] == "aggregate"]
    if not len(agg):
        return None
    return Finding(
        "alignment_aggregate",
        {"n": len(agg), "indicators": sorted(set(agg["indicator_id"]))},
        tuple(_item(r, f"{r['district_raw']} / {r['municipal_raw']}") for _, r in agg.iterrows()),
        _evidence(agg),
        _caveats(agg),
    )


def _unstated_finding(long: pd.DataFrame) -> Finding:
    """The cells whose indicator the municipal plan states no target for."""
    unstated = long[long["status"] == "municipal not stated"]
    return Finding(
        "alignment_unstated",
        {"n": len(unstated), "indicators": len(set(unstated["indicator_id"]))},
        (),
        _evidence(unstated.head(0)),
    )


def _omitted_finding(long: pd.DataFrame) -> Finding | None:
    """City targets a district does not set (``missing``) or only the city sets, or None."""
    omitted = long[long["status"].isin(["missing", "city only"])]
    if not len(omitted):
        return None
    return Finding(
        "alignment_omitted",
        {
            "missing": int((omitted["status"] == "missing").sum()),
            "city_only": int((omitted["status"] == "city only").sum()),
            "city_only_indicators": sorted(
                set(omitted.loc[omitted["status"] == "city only", "indicator_id"])
            ),
        },
        evidence=_municipal_sources(omitted),
    )


def _municipal_sources(frame: pd.DataFrame) -> tuple[str, ...]:
    return tuple(
        dict.fromkeys(
            f"{f}:{int(x)}"
            for f, x in zip(frame["municipal_source_file"], frame["municipal_source_line"])
            if f and not pd.isna(x)
        )
    )


def _ambition_findings(table: pd.DataFrame, cb: CodebookLike, region: str | None = None) -> list[Finding]:
    amb = ambition(table, cb)
    amb = amb[amb["level"] == "district"]
    if region:
        amb = amb[amb["region"] == region]
    if amb.empty:
        return []
    findings = [
        _ambition_classes(amb),
        _ambition_relax(amb),
        _ambition_ceiling(amb),
        _ambition_pace(amb),
        _ambition_unrated(amb),
    ]
    return [f for f in findings if f is not None][:5]


def _ambition_classes(amb: pd.DataFrame) -> Finding:
    """The rated targets by class (the frame of the report's class table)."""
    classes = amb["ambition_class"].value_counts()
    rated = amb[amb["ambition_class"].isin(RATED)]
    return Finding(
        "ambition_classes",
        {"rows": len(amb), "rated": len(rated), **{c: int(classes.get(c, 0)) for c in RATED}},
        evidence=_evidence(rated),
    )


def _ambition_relax(amb: pd.DataFrame) -> Finding:
    """The targets that allow worse than their baseline."""
    relax = amb[amb["ambition_class"] == "relax"]
    return Finding(
        "ambition_relax",
        {"n": len(relax)},
        tuple(
            _item(r, f"{r['baseline_raw']} → {r['target_raw']}", caveats=r["caveats"])
            for _, r in relax.iterrows()
        ),
        _evidence(relax),
        _caveats(relax),
    )


def _ambition_ceiling(amb: pd.DataFrame) -> Finding | None:
    """Targets at a ceiling they keep, or None."""
    ceiling = amb[amb["ambition_class"] == "at ceiling"]
    return Finding("ambition_ceiling", {"n": len(ceiling)}, (), _evidence(ceiling)) if len(ceiling) else None


def _ambition_pace(amb: pd.DataFrame) -> Finding | None:
    """Planned against achieved pace where the 13th plan gives a past rate, or None."""
    paced = amb[amb["achieved_rate"].notna()]
    if not len(paced):
        return None
    shown = paced[paced["rate_ratio"].notna()]
    return Finding(
        "ambition_pace",
        {
            "n": len(paced),
            "with_ratio": len(shown),
            "near_zero": int((paced["ratio_status"] == "past_near_zero").sum()),
        },
        tuple(_item(r, f"{r['rate_ratio']:.2f}", pace=r["pace"]) for _, r in shown.iterrows()),
        _evidence(paced),
    )


def _ambition_unrated(amb: pd.DataFrame) -> Finding:
    """Targets not rated on the scale of change: assigned, qualitative, five-year amounts."""
    unrated = amb[
        amb["ambition_class"].isin(["assigned", "qualitative", "maintain"]) | (amb["reason"] == "flow")
    ]
    return Finding(
        "ambition_unrated",
        {
            "assigned": int((amb["ambition_class"] == "assigned").sum()),
            "qualitative": int(amb["ambition_class"].isin(["qualitative", "maintain"]).sum()),
            "flow": int((amb["reason"] == "flow").sum()),
        },
        evidence=(),
        caveats=_caveats(unrated[unrated["reason"] == "flow"]),
    )


#: Kinds of a district target, as the headlines and the kinds table group them.
TARGET_GROUPS = {
    "numeric": "numeric",
    "class": "numeric",
    "assigned": "assigned",
    "qualitative": "qualitative",
    "maintain": "qualitative",
    "none": "none",
}


def district_targets(table: pd.DataFrame, region: str | None = None) -> pd.DataFrame:
    """One row per district × 14th-FYP indicator (the cells of the coverage matrix), with the
    ``group`` of its target (`TARGET_GROUPS`): a row whose figures sit in its sub-rows (rivers)
    takes theirs. The frame behind the overview's and profile's headline counts."""
    d = district_rows(table[table["period"] == "14th"])
    if region:
        d = d[d["region"] == region]
    d = d.assign(_none=d["target_kind"] == "none").sort_values(["_none"], kind="stable")
    one = d.drop_duplicates(["region", "indicator_id"]).drop(columns="_none")
    order = list(dict.fromkeys(d["region"]))
    one = one.assign(group=one["target_kind"].map(TARGET_GROUPS).fillna("none"))
    return one.sort_values("region", key=lambda r: r.map(order.index), kind="stable")


def _coverage_finding(table: pd.DataFrame, cells: pd.DataFrame, code: str) -> Finding:
    t14 = table[table["period"] == "14th"]
    plans = t14.groupby("indicator_id")["region"].nunique()
    groups = cells["group"].value_counts()
    return Finding(
        code,
        {
            "indicators": int(t14["indicator_id"].nunique()),
            "shared": int((plans >= 2).sum()),
            "district_rows": len(cells),
            **{g: int(groups.get(g, 0)) for g in dict.fromkeys(TARGET_GROUPS.values())},
        },
        evidence=tuple(dict.fromkeys(cells["source_file"])),
    )


def _dashboard_finding(table: pd.DataFrame, cb: CodebookLike, region: str | None = None) -> Finding | None:
    """Counted over the dashboard's cells (`scores.dashboard_parts`: a district's rivers as one)."""
    _, lights, _ = dashboard_parts(table, cb)
    if region:
        lights = lights[lights.index == region]
    cells = lights.stack() if not lights.empty else pd.Series(dtype=str)
    cells = cells[cells != ""]
    if cells.empty:
        return None
    counts = cells.value_counts()
    sc = scores(table, cb)
    shown = {(r, i) for r, i in cells.index}
    on_page = pd.Series([(r, i) in shown for r, i in zip(sc["region"], sc["indicator_id"])], index=sc.index)
    bad = sc[sc["light"].isin(["red", "orange"]) & on_page & (sc["level"] == "district")]
    bad = bad.sort_values("score", kind="stable").drop_duplicates(["region", "indicator_id"])
    return Finding(
        "overview_dashboard",
        {"scored": len(cells), **{li: int(counts.get(li, 0)) for li in LIGHTS}},
        tuple(
            _item(r, r["target_raw"], light=r["light"], score=round(float(r["score"])))
            for _, r in bad.iterrows()
        ),
        _evidence(bad),
        _caveats(bad),
    )


def _overview(table: pd.DataFrame, cb: CodebookLike) -> list[Finding]:
    t14 = table[table["period"] == "14th"]
    dist14 = district_rows(t14)
    secondary = t14[t14["secondary"].astype(bool)]
    out = [_coverage_finding(table, district_targets(table), "overview_coverage")]
    dash = _dashboard_finding(table, cb)
    if dash is not None:
        out.append(dash)
    noted = dist14[dist14["note_kinds"].astype(str) != ""]
    caveated = t14[t14.apply(lambda r: bool(caveats(r)), axis=1)]
    counts = {
        c: int(caveated["note_kinds"].str.contains(c).sum())
        for c in ("set_by_higher_level", "estimate", "context")
    }
    out.append(
        Finding(
            "overview_notes",
            {"rows_with_notes": len(noted), "rows_with_caveats": len(caveated), **counts},
            evidence=tuple(
                dict.fromkeys(s for v in caveated["note_sources"] for s in str(v).split(",") if s)
            ),
            caveats=tuple(c for c, n in counts.items() if n),
        )
    )
    if len(secondary):
        out.append(
            Finding(
                "overview_secondary",
                {"n": len(secondary), "url": str(secondary["source_url"].iloc[0])},
                tuple(_item(r, r["target_raw"]) for _, r in secondary.iterrows()),
                _evidence(secondary) + tuple(dict.fromkeys(secondary["source_url"])),
                ("secondary",),
            )
        )
    return out[:5]


def _progress_finding(table: pd.DataFrame, cb: CodebookLike, observed: pd.DataFrame) -> Finding:
    """How many targets have a comparable observation, and how many are in each status
    (`progress.progress`); the items are the targets deteriorating or missed."""
    from .common import codebook_frame
    from .progress import STATUSES, progress

    p = progress(table, observed, codebook_frame(cb))
    counts = p["status"].value_counts()
    assessed = p[p["status"] != "no_observation"]
    bad = assessed[assessed["status"].isin(["deterioration", "missed"])]
    return Finding(
        "overview_progress",
        {"targets": len(p), "observed": len(assessed), **{s: int(counts.get(s, 0)) for s in STATUSES}},
        tuple(
            {
                "region": r["region"],
                "indicator_id": r["indicator_id"],
                "text": f"{r['target_raw']} · {r['latest_raw']} ({int(r['latest_year'])})",
                "source": str(r["latest_ref"]),
                "progress": r["status"],
            }
            for _, r in bad.iterrows()
        ),
        tuple(dict.fromkeys(assessed["latest_ref"])),
    )


def _profile(table: pd.DataFrame, cb: CodebookLike, region: str) -> list[Finding]:
    t14 = table[(table["period"] == "14th") & (table["region"] == region)]
    kinds = t14["target_kind"].map(TARGET_GROUPS).fillna("none").value_counts()
    out = [
        Finding(
            "profile_targets",
            {"rows": len(t14), **{g: int(kinds.get(g, 0)) for g in dict.fromkeys(TARGET_GROUPS.values())}},
            evidence=tuple(dict.fromkeys(t14["source_file"])),
        )
    ]
    out += [f for f in _review_findings(table, cb, region) if f.code in ("review_totals", "review_turned")]
    dash = _dashboard_finding(table, cb, region)
    if dash is not None:
        out.append(dash)
    al = [f for f in _alignment_findings(table, cb, region) if f.code == "alignment_compared"]
    out += al
    return out[:5]


def findings(
    table: pd.DataFrame,
    kind: str,
    codebook: CodebookLike = None,
    region: str | None = None,
    observed: pd.DataFrame | None = None,
) -> list[Finding]:
    """3–5 findings for a report of ``kind`` (`KINDS`); ``region`` for a profile; with the
    ``observed`` outcomes, the overview counts the targets' progress statuses too."""
    if kind == "overview":
        out = _overview(table, codebook)
        if observed is not None:
            out.insert(1, _progress_finding(table, codebook, observed))
        return out[:5]
    if kind == "review":
        return _review_findings(table, codebook)
    if kind == "alignment":
        return _alignment_findings(table, codebook)
    if kind == "ambition":
        return _ambition_findings(table, codebook)
    if kind == "profile":
        if not region:
            raise ValueError("a profile's findings need its region")
        return _profile(table, codebook, region)
    raise ValueError(f"kind {kind!r} is not valid; valid values: {', '.join(KINDS)}")
