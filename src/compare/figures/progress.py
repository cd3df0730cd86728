"""Progress toward the targets, for readers: coverage, the status dashboard, trajectories,
the map of district statuses, conflicts and the observations with their sources.

Every table here is built from `analysis.progress` frames; every observed figure carries its
source (file:line and address) and, for a secondary source, its mark († press report or copy,
‡ mirror copy). Words come from `labels` (PROGRESS_* dicts, REPORT_TEXTS ``progress.*``).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ..analysis import progress as prog
from ..words import choose, wide
from . import labels
from .axes import axis_meta, cap_axis
from .citations import cite, cite_ref
from .records import attach_data, describe
from .theme import MIN_PRINT_PT, PAGE_WIDTH_IN, wrap_em

#: Status colours (Open SDG's gauge order: green, yellow, orange, red; final verdicts darker).
COLOURS = {
    "achieved": "#1a7f37",
    "target_achieved": "#4caf50",
    "on_track": "#8bc34a",
    "acceleration_needed": "#ffd54f",
    "limited_progress": "#ff9800",
    "deterioration": "#e53935",
    "missed": "#8e0000",
    "not_assessable": "#bdbdbd",
    "no_observation": "#eeeeee",
}
SECONDARY_MARK, MIRROR_MARK = "†", "‡"


def word(group: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    """A word of one of the PROGRESS_* groups in ``lang`` ("" for no key; an unknown key as given)."""
    if not key:
        return ""
    return choose(labels.check_lang(lang), *group.get(key, (key, key)))


def mark(evidence: str, mirror: bool) -> str:
    """The mark of an observed figure: ‡ mirror copy, † other secondary, none for primary."""
    return MIRROR_MARK if mirror else SECONDARY_MARK if evidence == "secondary" else ""


def _pct(v: Any) -> str:
    return "" if v is None or pd.isna(v) else f"{100 * float(v):+.2f}%"


def _num(v: Any) -> str:
    if v is None or pd.isna(v):
        return ""
    return f"{float(v):.2f}".rstrip("0").rstrip(".")


def coverage_numbers(p: pd.DataFrame, matched: pd.DataFrame) -> dict[str, int]:
    """The counts the coverage paragraph states (all computed from the frames shown)."""
    observed = int((p["status"] != "no_observation").sum())
    return {
        "targets": len(p),
        "observed": observed,
        "none": len(p) - observed,
        "rows": len(matched),
        "compared": int((matched["compared_with"] != "").sum()),
    }


def coverage_table(p: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Per region: target rows, those with a comparable observation, those without."""
    h = labels.PROGRESS_HEADERS
    rows = []
    for region, g in p.groupby("region", sort=False):
        with_obs = int((g["status"] != "no_observation").sum())
        rows.append(
            {
                word(h, "region", lang): labels.region_name(region, lang),
                word(h, "targets", lang): len(g),
                word(h, "with_obs", lang): with_obs,
                word(h, "without", lang): len(g) - with_obs,
            }
        )
    return pd.DataFrame(rows)


def counts_table(p: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Targets per status (the overview's and the report's count)."""
    counts = prog.status_counts(p)
    h = labels.PROGRESS_HEADERS
    return pd.DataFrame(
        {
            word(h, "status", lang): [word(labels.PROGRESS_STATUSES, s, lang) for s in counts.index],
            word(h, "count", lang): counts.to_numpy(),
        }
    )


def host(address: str) -> str:
    """The site of an address (``cqrd.gov.cn``): the full address is in observations.csv."""
    from urllib.parse import urlparse

    return urlparse(address).netloc.removeprefix("www.") if address else ""


def _source(ref: str, evidence: str, mirror: bool, address: str) -> str:
    return f"{ref}{mark(evidence, mirror)} {host(address)}".strip()


def dashboard_table(
    p: pd.DataFrame, lang: str, codebook: Any = None, assessed_only: bool = True
) -> pd.DataFrame:
    """Each cell of the dashboard with what it rests on: target, base, latest, rates, R."""
    h = labels.PROGRESS_HEADERS
    rows = p[p["status"] != "no_observation"] if assessed_only else p
    out = []
    for _, r in rows.iterrows():
        unit = "" if r["basis"] == "plan" else f" [{word(labels.PROGRESS_BASES, r['basis'], lang)}]"
        # the plan's own 2020 value is the target row's line: cited with its document
        ref = cite(r, lang) if r["baseline_source"] == "plan" else r["baseline_ref"]
        base = (
            f"{_num(r['baseline'])} ({int(r['baseline_year'])}, {word(h, r['baseline_source'], lang)} {ref})"
            if pd.notna(r["baseline"])
            else ""
        )
        source = _source(
            str(r["latest_ref"]) if pd.notna(r["latest_ref"]) else "",
            str(r["latest_evidence"]),
            bool(r["latest_mirror"] is True),
            str(r["latest_address"] or ""),
        )
        latest = f"{_num(r['latest'])} ({int(r['latest_year'])}, {source})" if pd.notna(r["latest"]) else ""
        target = str(r["target_raw"]) + (SECONDARY_MARK if r["secondary_target"] else "")
        status = word(labels.PROGRESS_STATUSES, r["status"], lang)
        why = word(labels.PROGRESS_REASONS, r["reason"], lang)
        out.append(
            {
                word(h, "region", lang): labels.region_name(r["region"], lang),
                word(h, "indicator", lang): labels.indicator_name(codebook, r["indicator_id"], lang) + unit,
                word(h, "target", lang): target,
                word(h, "base", lang): base,
                word(h, "latest", lang): latest,
                word(h, "observed_rate", lang): _pct(r["cagr_observed"]),
                word(h, "required_rate", lang): _pct(r["cagr_required"]),
                word(h, "ratio", lang): _num(r["ratio"]),
                word(h, "status", lang): f"{status} ({why})" if why else status,
            }
        )
    return pd.DataFrame(out)


def dashboard_figure(p: pd.DataFrame, lang: str, codebook: Any = None) -> Figure:
    """Region × indicator grid of statuses (targets with an observation only)."""
    shown = p[p["status"] != "no_observation"]
    regions = list(dict.fromkeys(shown["region"]))
    ids = sorted(set(shown["indicator_id"]))
    fig = Figure(figsize=(PAGE_WIDTH_IN, 0.6 + 0.32 * max(len(ids), 1)))
    ax = fig.subplots()
    grid = np.full((len(ids), len(regions)), np.nan)
    codes = list(COLOURS)
    for _, r in shown.iterrows():
        i, j = ids.index(r["indicator_id"]), regions.index(r["region"])
        grid[i, j] = codes.index(r["status"])
    from matplotlib.colors import ListedColormap

    ax.imshow(
        grid, cmap=ListedColormap([COLOURS[c] for c in codes]), vmin=0, vmax=len(codes) - 1, aspect="auto"
    )
    ax.set_xticks(range(len(regions)), [labels.region_name(r, lang) for r in regions], fontsize=MIN_PRINT_PT)
    ax.set_yticks(
        range(len(ids)), [labels.indicator_name(codebook, i, lang) for i in ids], fontsize=MIN_PRINT_PT
    )
    cell_em = _em(PAGE_WIDTH_IN * 0.6 / max(len(regions), 1))  # the grid takes ~60 % of the width
    for (i, j), v in np.ndenumerate(grid):
        if not np.isnan(v):
            ax.text(
                j,
                i,
                wrap_em(word(labels.PROGRESS_STATUSES, codes[int(v)], lang), cell_em),
                ha="center",
                va="center",
                fontsize=MIN_PRINT_PT,
            )
    ax.tick_params(length=0)
    ax.grid(False)  # the style's grid would cross the cells
    fig.tight_layout()
    attach_data(fig, shown[["region", "indicator_id", "status", "ratio", "cagr_observed", "cagr_required"]])
    describe(fig, labels.text("progress.dashboard", lang))
    return fig


def _em(width_in: float) -> float:
    """How many ems of the smallest print size fit in ``width_in`` inches."""
    return width_in * 72 / MIN_PRINT_PT * 0.95


def trajectory_figure(p: pd.DataFrame, points: pd.DataFrame, lang: str, codebook: Any = None) -> Figure:
    """Small multiples: observed points, the straight path base → target, the target."""
    rows = p[(p["status"] != "no_observation") & p["baseline"].notna()]
    n = max(len(rows), 1)
    cols = 3
    fig = Figure(figsize=(PAGE_WIDTH_IN, 2.3 * ((n + cols - 1) // cols)))
    axes = fig.subplots((n + cols - 1) // cols, cols, squeeze=False)
    meta = axis_meta(codebook)
    for ax, (_, r) in zip(axes.flat, rows.iterrows()):
        pts = points[
            (points["region"] == r["region"])
            & (points["target_line"] == f"{r['source_file']}:{r['source_line']}")
        ]
        _draw_trajectory(ax, r, pts, lang)
        name = wrap_em(labels.indicator_name(codebook, r["indicator_id"], lang), _em(PAGE_WIDTH_IN / cols))
        title = f"{labels.region_name(r['region'], lang)}\n{name}"
        ax.set_title(title, fontsize=MIN_PRINT_PT)
        ax.tick_params(labelsize=MIN_PRINT_PT)
        ax.set_xlim(2019.5, 2025.5)
        drawn = [*pts["value_target_unit"], r["baseline"], r["target_value"]]
        cap_axis(ax, "y", meta.get(r["indicator_id"], {}), drawn, r.get("unit"))
    for ax in list(axes.flat)[len(rows) :]:
        ax.axis("off")
    handles, names = _shared_legend(axes.flat)
    fig.legend(handles, names, loc="lower center", ncol=4, fontsize=MIN_PRINT_PT, frameon=False)
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    attach_data(fig, points[list(TRAJECTORY_COLUMNS)])
    describe(fig, labels.text("progress.trajectories", lang))
    return fig


#: The columns of the observations a trajectory figure draws (its data file).
TRAJECTORY_COLUMNS = (
    "region",
    "indicator_id",
    "year",
    "value_target_unit",
    "evidence",
    "mirror",
    "source_file",
    "source_line",
)


def _draw_trajectory(ax: Any, r: pd.Series, pts: pd.DataFrame, lang: str) -> None:
    """One target's panel: its observations (primary filled, secondary open), the plan's own
    baseline, and for a target of a number the straight path to it and the target itself."""
    h = labels.PROGRESS_HEADERS
    for primary, style in ((True, "o"), (False, "o")):
        sel = pts[(pts["evidence"] == "primary") == primary]
        ax.plot(
            sel["year"],
            sel["value_target_unit"],
            style,
            ms=4,
            color="#1f4e79",
            mfc="#1f4e79" if primary else "white",
            label=word(h, "legend_primary" if primary else "legend_secondary", lang),
        )
    if r["baseline_source"] == "plan":  # the plan's own 2020 value, where the path starts
        ax.plot(
            [int(r["baseline_year"])],
            [r["baseline"]],
            "s",
            ms=4,
            color="#888888",
            label=word(h, "legend_base", lang),
        )
    if r["method"] == "target" and pd.notna(r["target_value"]):
        t0, tt = int(r["baseline_year"]), int(r["target_year"])
        ax.plot(
            [t0, tt],
            prog.straight_path(r["baseline"], t0, float(r["target_value"]), tt, [t0, tt]),
            "--",
            color="#888888",
            lw=1,
            label=word(h, "legend_path", lang),
        )
        ax.plot(
            [tt],
            [float(r["target_value"])],
            "*",
            ms=8,
            color=COLOURS["achieved"],
            label=word(h, "legend_target", lang),
        )


def _shared_legend(axes: Any) -> tuple[list, list[str]]:
    """The legend handles of all ``axes``, one per label, in the order they first appear."""
    legend: dict[str, Any] = {}
    for ax in axes:
        for handle, name in zip(*ax.get_legend_handles_labels()):
            legend.setdefault(name, handle)
    return list(legend.values()), list(legend)


def trajectory_points(p: pd.DataFrame, observed: pd.DataFrame, bases: dict | None = None) -> pd.DataFrame:
    """The observations each assessed target rests on, in the target's unit."""
    from ..analysis import comparability as rules

    bases = rules.target_bases() if bases is None else bases
    rows = []
    for _, t in p[p["status"] != "no_observation"].iterrows():
        basis = rules.target_basis(t, bases)
        mine = observed[(observed["region"] == t["region"]) & (observed["mapping"] == "mapped")]
        ok = [o for _, o in mine.iterrows() if rules.observed_against_target(o, t, basis) == ""]
        own = [o for o in ok if o["indicator_id"] == t["indicator_id"]] or ok
        for o in own:
            rec = o.to_dict()
            rec.update(
                value_target_unit=prog.value_for(o, t),
                converted=rules.observation_conversion(o, t) is not None,
            )
            rec["target_line"] = f"{t['source_file']}:{t['source_line']}"
            rows.append(rec)
    return pd.DataFrame(rows, columns=[*observed.columns, "value_target_unit", "converted", "target_line"])


def status_map(p: pd.DataFrame, table: pd.DataFrame, lang: str, codebook: Any = None) -> Figure | None:
    """One panel per indicator with district statuses: each district coloured by its status."""
    from . import fonts, maps

    adcodes = table.drop_duplicates("region").set_index("region")["adcode"].to_dict()
    levels = table.drop_duplicates("region").set_index("region")["level"].to_dict()
    district = p[(p["region"].map(levels) == "district") & (p["status"] != "no_observation")]
    ids = sorted(set(district["indicator_id"]))
    if not ids:
        return None
    fonts.use_cjk_font()
    cols = min(len(ids), 3)
    fig = Figure(figsize=(PAGE_WIDTH_IN, 2.6 * ((len(ids) + cols - 1) // cols)))
    axes = fig.subplots((len(ids) + cols - 1) // cols, cols, squeeze=False)
    for ax, ident in zip(axes.flat, ids):
        status = {
            str(adcodes[r]): s
            for r, s in district[district["indicator_id"] == ident][["region", "status"]].to_numpy()
        }
        maps.category_panel(
            ax,
            {a: COLOURS[s] for a, s in status.items()},
            {a: word(labels.PROGRESS_STATUSES, s, lang) for a, s in status.items()},
            COLOURS["no_observation"],
        )
        ax.set_title(
            wrap_em(labels.indicator_name(codebook, ident, lang), _em(PAGE_WIDTH_IN / cols)),
            fontsize=MIN_PRINT_PT,
        )
    for ax in list(axes.flat)[len(ids) :]:
        ax.axis("off")
    fig.tight_layout()
    attach_data(
        fig, district[["region", "indicator_id", "status"]].assign(adcode=lambda d: d["region"].map(adcodes))
    )
    describe(fig, labels.text("progress.map", lang))
    return fig


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_PERIOD_TOKEN = re.compile(r"(?:(\d{1,2}) )?(?:(early|mid|late) )?(" + "|".join(_MONTHS) + r")(?: (\d{4}))?")


def period_text(period: str, lang: str) -> str:
    """The part of a year a figure covers, as its source wrote it (``Jan-Sep``, ``1 Jan to
    early Mar 2024``), in ``lang``: in Chinese each end becomes ``M月[D日|上旬]`` after the one year
    (``YYYY年``) and ``-``/``to`` the range mark; a phrase of another shape is kept as written."""
    if not wide(lang):
        return period.replace("-", "–")
    ends = [e.strip() for e in re.split(r"\s*(?:-|–|\bto\b)\s*", period) if e.strip()]
    parts = [_PERIOD_TOKEN.fullmatch(e) for e in ends]
    if not parts or not all(parts):
        return period
    years = {m.group(4) for m in parts if m and m.group(4)}
    lead = f"{min(years)}年" if len(years) == 1 else ""
    ends_text = [_period_end(m, lang, with_year=not lead) for m in parts if m]
    return lead + word(labels.PROGRESS_PERIOD, "to", lang).join(ends_text)


def _period_end(m: re.Match, lang: str, with_year: bool = True) -> str:
    day, part, month, year = m.groups()
    text = f"{year}年" if year and with_year else ""
    text += f"{_MONTHS.index(month) + 1}月"
    if day:
        text += f"{int(day)}日"
    if part:
        text += word(labels.PROGRESS_PERIOD, part, lang)
    return text


def value_text(o: Any, lang: str) -> str:
    """A published figure with its unit in ``lang``; a partial year says which part."""
    text = f"{o['value_raw']} {labels.unit_label(o['unit'], lang)}".strip()
    if o["partial_year"]:
        period = period_text(str(o["period_covered"]), lang)
        text += f" ({word(labels.PROGRESS_REASONS, 'partial_year', lang)}: {period})"
    return text


@functools.lru_cache(maxsize=4)
def _label_names(path: str) -> dict[str, tuple[str, str]]:
    from ..ingest.observations import load_labels

    return {k: (v.name_zh, v.name_en) for k, v in load_labels(Path(path)).items() if v.name_zh}


def observation_name(o: Any, codebook: Any, lang: str) -> str:
    """An observation's indicator for a reader: the codebook's name, else the name
    observation_labels.csv gives a label with no plan counterpart, else the label as collected."""
    if o["indicator_id"]:
        return labels.indicator_name(codebook, o["indicator_id"], lang)
    from .. import paths

    names = _label_names(str(paths.project().data / "codebook" / "observation_labels.csv"))
    return choose(lang, *names[o["label"]]) if o["label"] in names else str(o["label"])


def observations_table(
    observed: pd.DataFrame,
    lang: str,
    codebook: Any = None,
    matched: pd.DataFrame | None = None,
    table: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Observations with region, indicator, year, value, basis, used, source and mark; with
    ``matched``, the target each compares with, cited with its document (its table and row
    from ``table``, the indicator table) or why none."""
    h = labels.PROGRESS_HEADERS
    out = []
    for _, o in observed.iterrows():
        name = observation_name(o, codebook, lang)
        rec = {
            word(h, "region", lang): labels.region_name(o["region"], lang),
            word(h, "indicator", lang): name,
            word(h, "year", lang): int(o["year"]),
            word(h, "value", lang): value_text(o, lang),
            word(h, "basis", lang): word(labels.PROGRESS_BASES, o["basis"], lang),
            word(h, "used", lang): word(h, "yes" if o["used"] else "no", lang),
            word(h, "source", lang): _source(
                f"{o['source_file']}:{int(o['source_line'])}",
                o["evidence"],
                bool(o["mirror"]),
                o["source_address"],
            ),
        }
        if matched is not None:
            m = matched.loc[o.name]
            rec[word(h, "why", lang)] = (
                cite_ref(m["compared_with"], lang, table)
                if m["compared_with"]
                else word(labels.PROGRESS_REASONS, m["why_not"], lang)
            )
        out.append(rec)
    return pd.DataFrame(out)


def conflicts_table(observed: pd.DataFrame, lang: str, codebook: Any = None) -> pd.DataFrame:
    """The figures in conflict, each with its source; the used one first in its group."""
    return observations_table(prog.conflicts(observed), lang, codebook)


def unmatched(observed: pd.DataFrame, matched: pd.DataFrame) -> pd.DataFrame:
    """Observations that compare with no target."""
    return observed[matched["compared_with"] == ""]


def progress_table(
    table: Any, lang: str, codebook: Any = None, region: str | None = None, indicator_id: str | None = None
) -> pd.DataFrame:
    """The progress of one region's targets, or of one indicator's targets in every plan,
    from the processed table and observations (a profile's or an indicator report's section);
    targets without an observation say so."""
    from ..analysis.common import codebook_frame
    from ..ingest.load import load_observations

    p = prog.progress(table, load_observations(), codebook_frame(codebook))
    if region is not None:
        p = p[p["region"] == region]
    if indicator_id is not None:
        p = p[p["indicator_id"] == indicator_id]
    rank = {s: k for k, s in enumerate(prog.STATUSES)}
    p = p.sort_values("status", key=lambda s: s.map(rank), kind="stable")  # assessed first
    return dashboard_table(p, lang, codebook, assessed_only=False)
