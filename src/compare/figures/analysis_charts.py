"""Figures and display tables of `compare.analysis` results: alignment with the municipal
plan, ambition, coverage.

The 60-alignment and 70-ambition notebooks show these; keeping the drawing and the table
building here keeps those notebooks thin and lets every figure go through `charts.render`.
Inputs are the frames `analysis` returns, so a figure shows exactly the rows of the table
printed beside it; every word comes from `labels` (zh or en).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .. import analysis
from ..analysis.common import baseline_caveats, caveat_sources, caveats, with_baseline_caveats
from ..words import word, word_group
from .axes import axis_meta, cap_axis
from .citations import REF, caveat_words, cite, cite_ref, cite_text, row_at
from .claims import column_totals
from .format import printed_in, region_order
from .labels import (
    check_lang,
    header,
    indicator_name,
    indicator_names,
    pick,
    region_name,
    verdict_header,
    words,
)
from .records import attach_data, grid_data
from .theme import PAGE_WIDTH_IN, TEXT_COLOUR, new_figure, source_line

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

#: One colour per alignment status, in `analysis.ALIGNMENT_STATUSES` order, then '' (not listed
#: by the district, not quantified by the city); told apart under colour-vision deficiency too
#: (tests/test_colours.py).
ALIGNMENT_COLOURS = dict(
    zip(
        (*analysis.ALIGNMENT_STATUSES, ""),
        (
            "#1a9850",  # stricter
            "#91bfdb",  # equal
            "#d73027",  # weaker
            "#9ebcda",  # above city (context: no colour of judgement)
            "#e0ecf4",  # at city
            "#c994c7",  # below city
            "#969696",  # not comparable
            "#fee090",  # not quantified
            "#d9d9d9",  # municipal not stated
            "#9970ab",  # aggregate (the light purple was near "equal" blue for deuteranopes)
            "#d8b365",  # missing (tan: the orange read as a milder "weaker" red, issue #22)
            "#f7f7f7",  # city only
            "#ffffff",  # ''
        ),
    )
)
#: The second encoding of the context statuses (a district figure against a city-wide level):
#: their pale fills cannot be kept apart from the 12 other statuses by colour alone under
#: deuteranopia, so each is also hatched, in the cells and in the legend (tests/test_colours.py).
CONTEXT_HATCHES = {"above city": "////", "at city": "...", "below city": "\\\\\\\\"}
HATCH_COLOUR = "#555555"
#: Statuses that say something about the district's target against the city's.
_JUDGED = (*analysis.ALIGNMENT_STATUSES[:7], "not quantified", "aggregate")
_BETTER, _WORSE, _FLAT = "#1a9850", "#d73027", "#969696"
_RATE_UNIT = word_group("analysis_charts.rate_unit")


def _names(codebook: Any, lang: str) -> dict[str, str]:
    from .labels import codebook_meta

    return {i: indicator_name(codebook, i, lang) for i in codebook_meta(codebook)}


#: Panels per figure of the small-multiples charts: two across the printed width, three
#: rows, so a figure fits one A4 page with its text at print size.
PANELS_PER_FIGURE = 6


def panel_pages(ids: list[str], per: int = PANELS_PER_FIGURE) -> list[list[str]]:
    """``ids`` in groups of at most ``per``: one figure each (`improvement_rates`,
    `target_ranges`), so no figure is shrunk below 7 pt text to fit the page."""
    return [ids[k : k + per] for k in range(0, len(ids), per)]


def _panels(n: int, ncols: int = 2) -> tuple[Figure, list]:
    """A figure of ``n`` small panels, up to ``ncols`` a row across the printed width; the
    grid's spare cells hidden."""
    ncol = min(ncols, n)
    nrow = -(-n // ncol)
    # 2.0 in a row: a six-panel figure (6.8 in) leaves room on its page for a heading and a
    # short table before it, so that text is not left on a page of its own (issue #22)
    fig = new_figure(PAGE_WIDTH_IN, max(2.6, 0.8 + 2.0 * nrow))
    axes = list(fig.subplots(nrow, ncol, squeeze=False).flat)
    for ax in axes[n:]:
        ax.set_visible(False)
    return fig, axes[:n]


def _wrap(text: str, width: int) -> str:
    """Words on lines of at most ``width`` characters (a Chinese text has no spaces: kept)."""
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) if " " in text else text


def _name_list(ids: list[str], codebook: Any, lang: str) -> str:
    names = _names(codebook, lang)
    return word("punct.list", lang).join(names.get(i, i) for i in ids)


# ------------------------------------------------------------------------------ alignment


def alignment_order(
    matrix: pd.DataFrame, listed: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, list[str]]:
    """The alignment matrix to draw, and the indicators it leaves out.

    Columns are the indicators where at least one district's target was judged against the
    city's (`_JUDGED`; with ``listed``, a frame of the same shape, only cells where the
    district lists the indicator), ordered by how many were (stable); the others (the city
    quantifies it and no district lists it, or the city states no number) are returned
    apart, to be named under the figure rather than drawn as near-empty columns.
    """
    judged_cells = matrix.isin(_JUDGED)
    if listed is not None:
        judged_cells &= listed.reindex(index=matrix.index, columns=matrix.columns).fillna(False).astype(bool)
    judged = judged_cells.sum()
    order = judged.sort_values(ascending=False, kind="stable").index
    matrix = matrix[order]
    absent = [c for c in matrix.columns if judged[c] == 0]
    return matrix.drop(columns=absent), absent


def alignment_heatmap(
    matrix: pd.DataFrame,
    codebook: Any = None,
    lang: str = "zh",
    values: pd.DataFrame | None = None,
    municipal: dict[str, str] | None = None,
) -> Figure:
    """Indicator (rows) × district (columns): each district target against the municipal one
    (colour = status, `analysis.alignment_matrix` ordered by `alignment_order`), the district's
    target in the cell (``values``, same shape as ``matrix``, `alignment_values`) and the
    municipal target after each indicator name (``municipal``: id -> printed target, †
    marking a secondary one)."""
    check_lang(lang)
    statuses = _alignment_statuses(matrix)
    grid = matrix.T  # indicators down the page, districts across
    cells = values.T if values is not None else None
    fig = new_figure(PAGE_WIDTH_IN, 2.4 + 0.36 * grid.shape[0])
    ax = fig.add_subplot()
    _draw_status_cells(ax, grid, statuses)
    if cells is not None:
        _write_cell_targets(ax, grid, cells)
    _label_grid(ax, grid, _alignment_row_labels(matrix, codebook, lang, municipal), lang)
    ax.legend(
        handles=_alignment_legend(matrix, lang),
        ncol=2,
        loc="upper right",
        bbox_to_anchor=(1.0, -0.01),
        frameon=False,
        fontsize=8,
    )
    fig.suptitle(
        word("text.analysis_charts.district_14th_fyp_targets_against_the_ci", lang),
        x=0.01,
        ha="left",
        fontsize=10,
    )
    source_line(
        fig,
        word("text.analysis_charts.source_the_districts_14th_fyp_tables_the", lang),
    )
    drawn = grid_data(status=grid, district_target=cells)
    if municipal:
        drawn["municipal_target"] = drawn["indicator_id"].map(municipal).fillna("")
    attach_data(fig, drawn)
    return fig


def _alignment_statuses(matrix: pd.DataFrame) -> list[str]:
    """The statuses a matrix cell may hold, in colour order; raises on any other."""
    statuses = [*analysis.ALIGNMENT_STATUSES, ""]
    unknown = sorted(set(matrix.to_numpy().ravel()) - set(statuses))
    if unknown:
        raise ValueError(f"alignment matrix has statuses outside ALIGNMENT_STATUSES: {unknown}")
    return statuses


def _alignment_row_labels(
    matrix: pd.DataFrame, codebook: Any, lang: str, municipal: dict[str, str] | None
) -> list[str]:
    """Each indicator's name, followed by the municipal target where ``municipal`` gives one."""
    names = _names(codebook, lang)
    return [
        names.get(i, i)
        + (
            word("text.analysis_charts.city_value", lang, value=municipal[i])
            if municipal and municipal.get(i)
            else ""
        )
        for i in matrix.columns
    ]


def _draw_status_cells(ax: Any, grid: pd.DataFrame, statuses: list[str]) -> None:
    """Fill each cell of ``grid`` with its status's colour and hatch the context statuses."""
    from matplotlib.colors import ListedColormap

    codes = grid.apply(lambda col: col.map(statuses.index)).to_numpy()
    ax.imshow(
        codes,
        cmap=ListedColormap([ALIGNMENT_COLOURS[s] for s in statuses]),
        vmin=-0.5,
        vmax=len(statuses) - 0.5,
        aspect="auto",
        interpolation="nearest",
    )
    hatch_cells(ax, grid)


def _write_cell_targets(ax: Any, grid: pd.DataFrame, cells: pd.DataFrame) -> None:
    """Write the district's target in each cell, on a box of the fill where the cell is hatched."""
    nrows, ncols = grid.shape
    for i in range(nrows):
        for j in range(ncols):
            ax.text(
                j,
                i,
                _wrap(str(cells.iat[i, j] or ""), 12),
                ha="center",
                va="center",
                fontsize=7,
                color=TEXT_COLOUR,
                bbox=_hatched_text_box(grid.iat[i, j]),
            )


def _label_grid(ax: Any, grid: pd.DataFrame, rows: list[str], lang: str) -> None:
    """Districts across the top, ``rows`` down the side, white lines between the cells."""
    nrows, ncols = grid.shape
    ax.set_xticks(range(ncols), [_wrap(region_name(r, lang), 10) for r in grid.columns], fontsize=8)
    ax.xaxis.tick_top()
    ax.set_yticks(range(nrows), rows, fontsize=8)
    ax.set_xticks([x - 0.5 for x in range(1, ncols)], minor=True)
    ax.set_yticks([y - 0.5 for y in range(1, nrows)], minor=True)
    ax.grid(False)
    ax.grid(which="minor", color="white", linewidth=1.0)
    ax.tick_params(which="both", length=0)


def _alignment_legend(matrix: pd.DataFrame, lang: str) -> list:
    """One legend patch per status the matrix holds (hatched like its cells for the context ones)."""
    from matplotlib.patches import Patch

    present = [s for s in analysis.ALIGNMENT_STATUSES if (matrix == s).to_numpy().any()]
    return [
        Patch(
            facecolor=ALIGNMENT_COLOURS[s],
            edgecolor=HATCH_COLOUR if s in CONTEXT_HATCHES else "#999999",
            hatch=CONTEXT_HATCHES.get(s),
            linewidth=0.5,
            label=words("alignment", s, lang),
        )
        for s in present
    ]


def hatch_cells(ax: Any, grid: pd.DataFrame) -> list:
    """Hatch every cell of ``grid`` (statuses, rows drawn top down) whose status has a
    `CONTEXT_HATCHES` pattern, over the cell's fill; returns the patches drawn."""
    from matplotlib.patches import Rectangle

    drawn = []
    for (i, j), status in np.ndenumerate(grid.to_numpy(dtype=object)):
        if status in CONTEXT_HATCHES:
            cell = Rectangle(
                (j - 0.5, i - 0.5),
                1.0,
                1.0,
                fill=False,
                hatch=CONTEXT_HATCHES[status],
                edgecolor=HATCH_COLOUR,
                linewidth=0,
                gid=f"hatch:{status}",
            )
            drawn.append(ax.add_patch(cell))
    return drawn


def _hatched_text_box(status: str) -> dict | None:
    """A box of the cell's fill behind a hatched cell's text, so the hatch does not cross it."""
    if status not in CONTEXT_HATCHES:
        return None
    return {"boxstyle": "round,pad=0.2", "facecolor": ALIGNMENT_COLOURS[status], "edgecolor": "none"}


def alignment_values(table: pd.DataFrame, matrix: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The district target for each cell of ``matrix``: the number as printed, or the kind of a
    target without one (set by a higher level, qualitative …); '' where the district does not
    list the indicator."""
    from .labels import KINDS

    check_lang(lang)
    al = analysis.alignment(table)
    text = [
        printed_in(raw, v, op, lang)
        if kind in ("numeric", "class")
        else pick(KINDS.get(kind, (raw, raw)), lang)
        for raw, kind, v, op in zip(
            al["district_raw"], al["district_kind"], al["district_value"], al["district_operator"]
        )
    ]
    al = al.assign(_text=text).drop_duplicates(["region", "indicator_id"])
    raw = al.pivot(index="region", columns="indicator_id", values="_text")
    return raw.reindex(index=matrix.index, columns=matrix.columns).fillna("")


def alignment_counts(matrix: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Statuses per district (rows) of `analysis.alignment_matrix`, in status order."""
    check_lang(lang)
    stacked = matrix.stack()
    stacked = stacked[stacked != ""]
    counts = pd.crosstab(stacked.index.get_level_values(0), stacked.values)
    counts = counts.reindex(
        index=list(matrix.index), columns=[s for s in analysis.ALIGNMENT_STATUSES if s in counts.columns]
    )
    counts.index = [region_name(r, lang) for r in counts.index]
    counts.index.name = header("region", lang)
    counts.columns = [words("alignment", s, lang) for s in counts.columns]
    return counts.fillna(0).astype(int)


def alignment_claims(counts: pd.DataFrame, lang: str = "zh") -> dict[str, int]:
    """The counts `alignment_counts` shows, keyed like the alignment headline
    (``alignment_compared.<status>``, ``.rows``), for `claims.mismatches`."""
    keys = {s: words("alignment", s, lang) for s in analysis.ALIGNMENT_STATUSES}
    out = column_totals(counts, "alignment_compared", keys, total="rows")
    out["alignment_unstated.n"] = out["alignment_compared.municipal not stated"]
    return out


def alignment_table(
    table: pd.DataFrame,
    codebook: Any = None,
    lang: str = "zh",
    compared_only: bool = True,
    indicator_id: str | None = None,
) -> pd.DataFrame:
    """The cells behind every alignment verdict: district and municipal targets as printed
    (a converted good-air-day count with its ratio; a secondary municipal value marked with
    its address), the result and why, the caveats of both sides, both source lines.
    ``compared_only``: only the targets compared as numbers; ``indicator_id``: one indicator."""
    check_lang(lang)
    al = analysis.alignment(table, codebook)
    if compared_only:
        al = al[al["status"].isin([*analysis.ALIGNMENT_STATUSES[:6], "not comparable"])]
    if indicator_id:
        al = al[al["indicator_id"] == indicator_id]
    order = {s: i for i, s in enumerate(analysis.ALIGNMENT_STATUSES)}
    regions = {r: i for i, r in enumerate(region_order(table))}
    al = al.assign(_s=al["status"].map(order), _r=al["region"].map(regions)).sort_values(
        ["_s", "_r", "row"], kind="stable"
    )
    names = indicator_names(table, codebook, lang)
    records = [_alignment_record(a, names, table, lang) for _, a in al.iterrows()]
    df = pd.DataFrame(records, columns=["region", "indicator", "district", "municipal", "status", "caveats"])
    return df.rename(columns={c: verdict_header(c, lang) for c in df.columns})


def _alignment_record(a: pd.Series, names: dict[str, str], table: pd.DataFrame, lang: str) -> dict[str, str]:
    """One row of `alignment_table`: both targets as printed with their sources, the result
    and why, the caveats of both sides."""
    district = str(a["district_raw"])
    if not pd.isna(a["district_converted"]):
        district += word(
            "text.analysis_charts.district_converted_1f", lang, district_converted=a["district_converted"]
        )
    municipal = str(a["municipal_raw"])
    cav = word("punct.clause", lang).join(
        x
        for x in (
            caveat_words(a["caveats"], lang, a["caveat_sources"]),
            caveat_words(a["municipal_caveats"], lang, a["municipal_caveat_sources"]),
        )
        if x
    )
    msrc = (
        ""
        if pd.isna(a["municipal_source_line"])
        else cite_ref(f"{a['municipal_source_file']}:{int(a['municipal_source_line'])}", lang, table)
    )
    why = words("alignment_reason", a["reason"], lang)
    return {
        "region": region_name(a["region"], lang),
        "indicator": names.get(a["indicator_id"], a["indicator_id"]),
        "district": word(
            "text.analysis_charts.district_source", lang, district=district, source=cite(a, lang)
        ),
        "municipal": word("text.analysis_charts.municipal_msrc", lang, municipal=municipal, msrc=msrc)
        if msrc
        else municipal,
        "status": words("alignment", a["status"], lang) + word("text.analysis_charts.why", lang, why=why),
        "caveats": cav,
    }


def omitted_table(table: pd.DataFrame, codebook: Any = None, lang: str = "zh") -> pd.DataFrame:
    """Municipal targets a district does not list, by status: missing (a real omission),
    city only (a municipal total or project), aggregate (an endowment level)."""
    check_lang(lang)
    om = analysis.municipal_omitted(table, codebook=codebook)
    names = indicator_names(table, codebook, lang)
    order = {s: i for i, s in enumerate(analysis.ALIGNMENT_STATUSES)}
    om = om.assign(_s=om["status"].map(order)).sort_values(["_s", "indicator_id"], kind="stable")
    grouped = om.groupby(["status", "indicator_id"], sort=False)
    records = []
    for (status, ident), g in grouped:
        m = g.iloc[0]
        records.append(
            {
                "indicator": names.get(ident, ident),
                "municipal": m["municipal_raw"],
                "status": words("alignment", status, lang),
                "regions": word("punct.list", lang).join(region_name(r, lang) for r in g["region"]),
                "municipal_source": cite_ref(
                    f"{m['municipal_source_file']}:{int(m['municipal_source_line'])}", lang, table
                ),
            }
        )
    cols = ["indicator", "municipal", "status", "regions", "municipal_source"]
    df = pd.DataFrame(records, columns=cols)
    return df.rename(columns={c: verdict_header(c, lang) for c in df.columns})


def conflicts_table(table: pd.DataFrame, codebook: Any = None, lang: str = "zh") -> pd.DataFrame:
    """Municipal targets published twice: the plan text beside a secondary source
    (`analysis.secondary_conflicts`) and beside a district note that states the city's figure
    (`analysis.published_conflicts`: 璧山 ``市级95%`` against ``93左右``), with both figures
    and both sources."""
    check_lang(lang)
    conf = analysis.secondary_conflicts(table)
    pub = analysis.published_conflicts(table)
    names = indicator_names(table, codebook, lang)
    cited = lambda refs: refs.map(lambda r: cite_text(r, lang, table))  # noqa: E731
    yes_no = lambda c: word("text.analysis_charts.yes", lang) if c else word("text.analysis_charts.no", lang)  # noqa: E731
    frames = [
        pd.DataFrame(
            {
                "indicator": conf["indicator_id"].map(lambda i: names.get(i, i)),
                "plan_value": conf["plan_raw"] + " (" + cited(conf["plan_source"]) + ")",
                "secondary_value": conf["secondary_raw"] + " (" + cited(conf["secondary_source"]) + ")",
                "conflict": conf["conflict"].map(yes_no),
                "address": conf["source_url"],
            }
        ),
        pd.DataFrame(
            {
                "indicator": pub["indicator_id"].map(lambda i: names.get(i, i)),
                "plan_value": pub["municipal_raw"] + " (" + cited(pub["municipal_source"]) + ")",
                "secondary_value": pub["region"].map(lambda r: region_name(r, lang))
                + ": "
                + pub["district_note"]
                + " ("
                + cited(pub["district_source"])
                + ")",
                "conflict": pub["conflict"].map(yes_no),
                "address": "",
            }
        ),
    ]
    df = pd.concat([f for f in frames if len(f)], ignore_index=True) if len(conf) + len(pub) else frames[0]
    return df.rename(columns={c: verdict_header(c, lang) for c in df.columns})


def secondary_table(table: pd.DataFrame, codebook: Any = None, lang: str = "zh") -> pd.DataFrame:
    """The secondary municipal values in the table, each with its published address."""
    check_lang(lang)
    sec = table[table["secondary"].astype(bool)]
    names = indicator_names(table, codebook, lang)
    df = pd.DataFrame(
        {
            "indicator": sec["indicator_id"].map(lambda i: names.get(i, i)),
            "target": sec["target_raw"],
            "source": sec["source_file"] + ":" + sec["source_line"].astype(str),
            "address": sec["source_url"],
        }
    )
    return df.rename(columns={c: verdict_header(c, lang) for c in df.columns})


def _caveats_at(ref: str, rows: pd.DataFrame | None, inherited: dict, lang: str) -> str:
    """The caveats of the row printed at ``ref`` (``file:line``) in ``rows``, with a 14th-plan
    baseline's inherited ones (`analysis.common.baseline_caveats`), as words after a clause
    mark; empty where the row has none or ``rows`` is not given."""
    m = REF.fullmatch(ref)
    if rows is None or m is None:
        return ""
    row = row_at(m.group("file"), int(m.group("line")), rows)
    if "region" not in row:
        return ""
    rec = {"caveats": ",".join(caveats(row)), "caveat_sources": caveat_sources(row)}
    if row.get("period") == "14th":
        with_baseline_caveats(rec, inherited.get((row["region"], row["indicator_id"])))
    text = caveat_words(rec["caveats"], lang, rec["caveat_sources"])
    return word("punct.clause", lang) + text if text else ""


def coverage_table(
    cov: pd.DataFrame,
    lang: str = "zh",
    group: str = "coverage",
    codebook: Any = None,
    table: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """A coverage frame (`analysis.coverage.*`) for display: category in words, the count, and
    the items by indicator (``indicator: region (file:line), …``), one row per indicator
    (category and count on its first row): a cell holding every item of a category grows
    with the districts, and WeasyPrint's cost grows with the square of a cell's text). Each
    item's ``file:line`` is cited with its document (`citations.cite_ref`; the table and row
    number from ``table``, the indicator table, with the row's caveats)."""
    check_lang(lang)
    names = _names(codebook, lang)
    rows = []
    for code, n, text in zip(cov["category"], cov["n"], cov["items"]):
        for k, item in enumerate(_items_by_indicator(text, names, lang, table)):
            rows.append((_category_words(code, group, lang), n, item) if k == 0 else ("", None, item))
    df = pd.DataFrame(rows, columns=["category", "count", "items"])
    df["count"] = df["count"].astype("Int64")
    return df.rename(columns={c: verdict_header(c, lang) for c in df.columns})


def _category_words(code: str, group: str, lang: str) -> str:
    """A coverage category in words: from ``group``'s words or the other verdicts' words."""
    for g in (group, "coverage", "alignment", "ambition_reason", "score_reason", "final_reason"):
        w = words(g, code, lang)
        if w != code:
            return w
    if code.startswith("not_assessable:"):
        return (
            words("final", "not_assessable", lang)
            + word("punct.colon", lang)
            + _category_words(code.split(":", 1)[1], group, lang)
        )
    return code


def _at(where: str, lang: str, table: pd.DataFrame | None = None, inherited: dict | None = None) -> str:
    """`` (file:line)`` cited with its document (table and row from ``table``) and the row's
    caveats, in the page's words, or nothing."""
    if not where:
        return ""
    cav = _caveats_at(where, table, inherited or {}, lang)
    return word("text.analysis_charts.w", lang, w=cite_ref(where, lang, table) + cav)


def _items_by_indicator(
    text: str, names: dict[str, str], lang: str, table: pd.DataFrame | None = None
) -> list[str]:
    """Items grouped by indicator: ``Forest cover: Bishan (a.txt:319), Kaizhou (b.txt:88)``;
    a source shared by every region of the group (a municipal line) is named once."""
    inherited = baseline_caveats(table) if table is not None else {}
    groups: dict[str, list[tuple[str, str]]] = {}
    for x in (x for x in str(text).split(", ") if x):
        who, _, where = x.partition("@")
        region, _, ident = who.partition(":")
        groups.setdefault(ident, []).append((region_name(region, lang), where))
    out = []
    for ident, members in groups.items():
        wheres = {w for _, w in members}
        shared = wheres.pop() if len(wheres) == 1 else None
        who = word("punct.list", lang).join(
            r + ("" if shared is not None else _at(w, lang, table, inherited)) for r, w in members
        )
        out.append(
            names.get(ident, ident)
            + word("punct.colon", lang)
            + who
            + _at(shared or "", lang, table, inherited)
        )
    return out or [""]


def attribute_table(table: pd.DataFrame, codebook: Any = None, lang: str = "zh") -> pd.DataFrame:
    """Indicators one district marks binding and another expected (`analysis.attribute_conflicts`)."""
    from .labels import ATTRIBUTES

    check_lang(lang)
    conf = analysis.attribute_conflicts(table)
    names = indicator_names(table, codebook, lang)
    df = pd.DataFrame(
        {
            "indicator": conf["indicator_id"].map(lambda i: names.get(i, i)),
            "region": conf["region"].map(lambda r: region_name(r, lang)),
            "attribute": conf["attribute"].map(lambda a: pick(ATTRIBUTES.get(a, (a, a)), lang)),
            "target": conf["target_raw"],
            "source": [
                cite_ref(f"{f}:{int(n)}", lang, table)
                for f, n in zip(conf["source_file"], conf["source_line"])
            ],
        }
    )
    return df.rename(columns={c: header(c, lang) for c in df.columns})


def absent_note(absent: list[str], matrix: pd.DataFrame, codebook: Any = None, lang: str = "zh") -> str:
    """The sentence naming the indicators `alignment_order` leaves out of the figure, by why."""
    check_lang(lang)
    parts = []
    for status in ("missing", "city only", "aggregate", "municipal not stated"):
        ids = [i for i in absent if (matrix[i] == status).any()]
        if ids:
            parts.append(
                f"{words('alignment', status, lang)}{word('punct.colon', lang)}{_name_list(ids, codebook, lang)}"
            )
    return (
        word("text.analysis_charts.not_drawn", lang) + word("punct.stop", lang).join(parts) if parts else ""
    )


# ------------------------------------------------------------------------------ ambition


def rated_indicators(districts: pd.DataFrame, indicator_id: str = "all") -> tuple[list[str], list[str]]:
    """Which indicators the improvement-rate figure draws, and which it leaves out as flat.

    ``districts``: district rows of `analysis.ambition`. For ``"all"``, an indicator is
    drawn when at least two districts give it a rate and one of those rates is not zero;
    the ones where every rate is zero come back second, to be named instead. For a single
    indicator it is drawn whenever one district gives it a rate.
    """
    ceiling = districts.get("ambition_class", pd.Series("", index=districts.index)) == "at ceiling"
    rated = districts[districts["improvement_rate"].notna() & ~ceiling]
    one = indicator_id != "all"
    drawn: list[str] = []
    flat: list[str] = []
    for ident, group in rated.groupby("indicator_id", sort=True):
        if len(group) < (1 if one else 2):
            continue
        moving = bool((group["improvement_rate"].abs() > 1e-9).any())
        (drawn if moving or one else flat).append(ident)
    return drawn, flat


def improvement_rates(
    districts: pd.DataFrame, indicator_ids: list[str], codebook: Any = None, lang: str = "zh"
) -> Figure:
    """One panel per indicator: each district's implied annual improvement (green better,
    red relaxed, grey unchanged), in the indicator's own rate unit; a target resting on a
    caveat (placeholder, estimate, COVID year) is hatched."""
    check_lang(lang)
    if not indicator_ids:
        raise ValueError("indicator_ids is empty: nothing to draw (see rated_indicators)")
    names = _names(codebook, lang)
    fig, axes = _panels(len(indicator_ids))
    hatched = False
    drawn = []
    for ax, ident in zip(axes, indicator_ids):
        g = districts[(districts["indicator_id"] == ident) & districts["improvement_rate"].notna()]
        if "ambition_class" in g.columns:
            g = g[g["ambition_class"] != "at ceiling"]
        g = g.sort_values("improvement_rate", kind="stable")
        drawn.append(g)
        colours = [_BETTER if v > 1e-9 else _WORSE if v < -1e-9 else _FLAT for v in g["improvement_rate"]]
        y = list(range(len(g)))
        bars = ax.barh(y, g["improvement_rate"], color=colours)
        for bar, cav in zip(bars, g.get("caveats", pd.Series("", index=g.index))):
            if str(cav or ""):
                bar.set_hatch("///")
                bar.set_edgecolor("white")
                hatched = True
        ax.scatter(g["improvement_rate"], y, color=colours, s=14, zorder=3)  # a zero still shows
        ax.axvline(0, color="black", lw=0.8)
        lo, hi = min(0.0, g["improvement_rate"].min()), max(0.0, g["improvement_rate"].max())
        pad = 0.08 * ((hi - lo) or 1.0)
        ax.set_xlim(lo - pad, hi + pad)
        ax.set_yticks(y, [region_name(r, lang) for r in g["region"]])
        ax.set_title(_wrap(names.get(ident, ident), 40), fontsize=9)
        unit = g["rate_unit"].iloc[0] if len(g) else ""
        ax.set_xlabel(pick(_RATE_UNIT.get(unit, (unit, unit)), lang), fontsize=8)
        ax.tick_params(labelsize=8)
    source_line(fig, word("text.analysis_charts.source_the_districts_14th_fyp_tables", lang))
    title = word("text.analysis_charts.implied_annual_improvement_positive_bett", lang)
    if hatched:
        title += word("text.analysis_charts.hatched_caveat_see_table", lang)
    fig.suptitle(title, fontsize=10)
    cols = [
        c for c in ("indicator_id", "region", "improvement_rate", "rate_unit", "caveats") if c in districts
    ]
    attach_data(fig, pd.concat(drawn)[cols].reset_index(drop=True) if drawn else pd.DataFrame(columns=cols))
    return fig


def target_ranges(
    districts: pd.DataFrame, dispersion: pd.DataFrame, codebook: Any = None, lang: str = "zh"
) -> Figure | None:
    """One panel per level indicator of `analysis.dispersion`: each district's 2020
    baseline (grey) and 2025 target (blue) on the indicator's scale. None when no indicator
    has numeric targets from two districts."""
    from .labels import unit_label

    check_lang(lang)
    levels = dispersion[dispersion["measure"] == "level"]
    ids = list(levels["indicator_id"])
    if not ids:
        return None
    names = _names(codebook, lang)
    units = dict(zip(levels["indicator_id"], levels["unit"]))
    meta = axis_meta(codebook)
    fig, axes = _panels(len(ids))
    drawn = []
    for ax, ident in zip(axes, ids):
        g = districts[
            (districts["indicator_id"] == ident)
            & districts["target_value"].notna()
            & (districts["target_kind"] == "numeric")
        ]
        drawn.append(g)
        y = list(range(len(g)))
        for yi, b, t in zip(y, g["baseline_value"], g["target_value"]):
            if pd.notna(b):
                ax.plot([b, t], [yi, yi], color=_FLAT, lw=1.2, zorder=1)
        ax.scatter(g["baseline_value"], y, color=_FLAT, s=18, zorder=2, label="2020")
        ax.scatter(g["target_value"], y, color="#2166ac", s=28, zorder=3, label="2025")
        ax.set_yticks(y, [region_name(r, lang) for r in g["region"]], fontsize=8)
        ax.set_title(_wrap(names.get(ident, ident), 40), fontsize=9)
        ax.set_xlabel(unit_label(units.get(ident) or "", lang), fontsize=8)
        ax.tick_params(axis="x", labelsize=8)
        ax.margins(y=0.25)
        values = [*g["baseline_value"], *g["target_value"]]
        cap_axis(ax, "x", meta.get(ident, {}), values, units.get(ident))
    axes[0].legend(fontsize=7, loc="best", frameon=False)
    source_line(fig, word("text.analysis_charts.source_the_districts_14th_fyp_tables", lang))
    fig.suptitle(
        word("text.analysis_charts.2020_baseline_grey_and_2025_target_blue", lang),
        fontsize=10,
    )
    cols = ["indicator_id", "region", "baseline_value", "target_value"]
    attach_data(fig, pd.concat(drawn)[cols].reset_index(drop=True))
    return fig


def flat_note(flat: list[str], codebook: Any = None, lang: str = "zh") -> str:
    """The sentence naming indicators left out of `improvement_rates` because every district's
    implied rate is zero ('' when there are none)."""
    if not flat:
        return ""
    return word("text.analysis_charts.implied_annual_rate_is_0_in_every_distri", lang) + _name_list(
        flat, codebook, lang
    )


def ambition_classes(districts: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Ambition classes per district (rows), in words."""
    check_lang(lang)
    order = [
        "improve",
        "hold",
        "relax",
        "at ceiling",
        "assigned",
        "qualitative",
        "maintain",
        "not comparable",
    ]
    counts = pd.crosstab(districts["region"], districts["ambition_class"])
    counts = counts.reindex(columns=[c for c in order if c in counts.columns])
    regions = list(dict.fromkeys(r for r in districts["region"]))
    counts = counts.reindex(regions)
    counts.index = [region_name(r, lang) for r in counts.index]
    counts.index.name = header("region", lang)
    counts.columns = [words("ambition", c, lang) for c in counts.columns]
    return counts.fillna(0).astype(int)


def ambition_claims(classes: pd.DataFrame, lang: str = "zh") -> dict[str, int]:
    """The counts `ambition_classes` shows, keyed like the ambition headline
    (``ambition_classes.<class>``, ``.rows``), for `claims.mismatches`."""
    rated = ("improve", "hold", "relax", "at ceiling")
    out = column_totals(
        classes, "ambition_classes", {c: words("ambition", c, lang) for c in rated}, total="rows"
    )
    out["ambition_classes.rated"] = sum(out[f"ambition_classes.{c}"] for c in rated)
    return out


def _dispersion_cells(cells: str, lang: str, table: pd.DataFrame | None = None) -> str:
    """``kaizhou=＞95@kaizhou_eco_14th_fyp.txt:430; …`` (`analysis.dispersion`) as the
    reader's words, each cell cited (`citations.cite_ref`, its table and row from ``table``):
    ``开州区 ＞95（《开州区…》（…）专栏2 第15行 · kaizhou_eco_14th_fyp.txt:430）；…``."""
    parts = []
    for item in (x.strip() for x in str(cells or "").split(";")):
        region, _, rest = item.partition("=")
        raw, _, where = rest.rpartition("@")
        if not region or not rest:
            continue
        name = region_name(region, lang)
        parts.append(
            word(
                "text.analysis_charts.name_raw_where",
                lang,
                name=name,
                raw=raw,
                where=cite_ref(where, lang, table),
            )
            if where
            else f"{name} {raw}"
        )
    return word("punct.clause", lang).join(parts)


def dispersion_table(
    disp: pd.DataFrame, codebook: Any = None, lang: str = "zh", table: pd.DataFrame | None = None
) -> pd.DataFrame:
    """`analysis.dispersion` for display: range and coefficient of variation of the targets
    (and of the changes, for levels), with the cells used, each cited (table and row from
    ``table``, the indicator table)."""
    from .labels import unit_label

    check_lang(lang)
    names = _names(codebook, lang)
    df = pd.DataFrame(
        {
            "indicator": disp["indicator_id"].map(lambda i: names.get(i, i)),
            "unit": disp["unit"].map(lambda u: unit_label(u, lang)),
            "plans": disp["n"],
            "min": disp["min"],
            "max": disp["max"],
            "cv": disp["cv"].round(3),
            "change_cv": disp["change_cv"].round(3),
            "cells": disp["cells"].map(lambda c: _dispersion_cells(c, lang, table)),
        }
    )
    heads = word_group("analysis_charts.dispersion_table.heads")
    return df.rename(columns={c: pick(heads[c], lang) if c in heads else header(c, lang) for c in df.columns})


__all__ = [
    "ALIGNMENT_COLOURS",
    "absent_note",
    "alignment_claims",
    "alignment_counts",
    "alignment_heatmap",
    "alignment_order",
    "alignment_table",
    "alignment_values",
    "ambition_claims",
    "ambition_classes",
    "attribute_table",
    "conflicts_table",
    "coverage_table",
    "dispersion_table",
    "flat_note",
    "improvement_rates",
    "municipal_labels",
    "omitted_table",
    "panel_pages",
    "rated_indicators",
    "secondary_table",
    "target_ranges",
]


def municipal_labels(table: pd.DataFrame, lang: str = "zh") -> dict[str, str]:
    """indicator_id -> the municipal target as printed (in ``lang``, `format.printed_in`),
    † where it is a secondary value."""
    muni = analysis.municipal_targets(table)
    out = {
        i: printed_in(r["target_raw"], r["target_value"], r["target_operator"], lang)
        + ("†" if bool(r.get("secondary", False)) else "")
        for i, r in muni.iterrows()
        if r["target_kind"] in ("numeric", "class")
    }
    for (a, b), _rule in analysis.CONVERTIBLE.items():  # a count set against the city's ratio
        if b in out and a not in out:
            out[a] = out[b].replace("†", "") + "%" + ("†" if out[b].endswith("†") else "")
    return out
