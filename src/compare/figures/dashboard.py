"""The target-ambition dashboard (district × indicator) and the scale tables of METHODS.

Colour = the traffic light of `analysis.scores` (green / yellow / orange / red), which follows
from the printed 0–100 score and the bounds printed beside it (`thresholds_table`); a target that rests on a caveat (a placeholder the city will replace, an
estimate, a COVID-year baseline, a secondary value) carries a dagger and the caveats are
listed under the figure by name. Indicators without a normative scale are not drawn; the
figure says which and why.
"""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING, Any

import pandas as pd

from .. import analysis, paths
from ..words import choose, word
from .citations import caveat_words, cite, cite_text
from .claims import column_totals
from .labels import (
    check_lang,
    header,
    indicator_name,
    region_name,
    rulebook_word,
    unit_label,
    verdict_header,
    words,
)
from .records import attach_data, grid_data
from .theme import PAGE_WIDTH_IN, TEXT_COLOUR, fitted_title, new_figure, source_line

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

LIGHT_COLOURS = {  # told apart under protan-, deutan- and tritanopia too (tests/test_colours.py)
    "green": "#00876c",
    "yellow": "#fee08b",
    "orange": "#fc8d59",
    "red": "#d73027",
    "": "#f4f4f4",
}


def dashboard_heatmap(table: pd.DataFrame, codebook: Any = None, lang: str = "zh") -> Figure | None:
    """Indicator (rows) × district (columns) dashboard of the 2025 targets on the common
    0–100 scale: colour = traffic light, text = score, † = the target carries a caveat."""
    from matplotlib.colors import ListedColormap

    check_lang(lang)
    score, lights, cav = analysis.dashboard_parts(table, codebook)
    if score.empty:
        return None
    score, lights, cav = score.T, lights.T, cav.T  # indicators down the page, districts across
    order = list(LIGHT_COLOURS)
    codes = lights.apply(lambda col: col.map(order.index)).to_numpy()
    nrows, ncols = score.shape
    fig = new_figure(PAGE_WIDTH_IN, 1.9 + 0.28 * nrows)
    ax = fig.add_subplot()
    ax.imshow(
        codes,
        cmap=ListedColormap([LIGHT_COLOURS[k] for k in order]),
        vmin=-0.5,
        vmax=len(order) - 0.5,
        aspect="auto",
        interpolation="nearest",
    )
    _write_scores(ax, score, lights, cav)
    ax.set_xticks(range(ncols), [region_name(r, lang) for r in score.columns], fontsize=8)
    ax.xaxis.tick_top()
    ax.set_yticks(range(nrows), [indicator_name(codebook, i, lang) for i in score.index], fontsize=8)
    ax.set_xticks([x - 0.5 for x in range(1, ncols)], minor=True)
    ax.set_yticks([y - 0.5 for y in range(1, nrows)], minor=True)
    ax.grid(False)
    ax.grid(which="minor", color="white", linewidth=1.0)
    ax.tick_params(which="both", length=0)
    ax.legend(
        handles=_light_legend(lang),
        ncol=2,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.01),
        frameon=False,
        fontsize=8,
    )
    fig.suptitle(
        fitted_title(fig, rulebook_word("dashboard_title", lang), 10), x=0.01, ha="left", fontsize=10
    )
    source_line(fig, rulebook_word("dashboard_source", lang))
    attach_data(fig, grid_data(score=score, light=lights, caveat=cav))
    return fig


def _write_scores(ax: Any, score: pd.DataFrame, lights: pd.DataFrame, cav: pd.DataFrame) -> None:
    """Write each scored cell's score, with † where the target carries a caveat (white on the
    dark lights)."""
    nrows, ncols = score.shape
    for i in range(nrows):
        for j in range(ncols):
            v = score.iat[i, j]
            if pd.isna(v):
                continue
            mark = "†" if cav.iat[i, j] else ""
            dark = lights.iat[i, j] in ("green", "red")
            ax.text(
                j,
                i,
                f"{v:.0f}{mark}",
                ha="center",
                va="center",
                fontsize=8,
                color="white" if dark else TEXT_COLOUR,
            )


def _light_legend(lang: str) -> list:
    """One legend patch per traffic light."""
    from matplotlib.patches import Patch

    return [
        Patch(facecolor=LIGHT_COLOURS[k], edgecolor="#999999", linewidth=0.5, label=words("light", k, lang))
        for k in analysis.LIGHTS
    ]


def dashboard_caveats(table: pd.DataFrame, codebook: Any = None, lang: str = "zh") -> pd.DataFrame:
    """The scored district targets that carry a caveat (the daggers of the dashboard)."""
    check_lang(lang)
    sc = analysis.scores(table, codebook)
    sc = sc[(sc["level"] == "district") & sc["score"].notna() & (sc["caveats"] != "")].reset_index(drop=True)
    df = pd.DataFrame(
        {
            "region": sc["region"].map(lambda r: region_name(r, lang)),
            "indicator": sc["indicator_id"].map(lambda i: indicator_name(codebook, i, lang)),
            "target": sc["target_raw"],
            "score": sc["score"].map(lambda v: f"{v:.0f}"),
            "light": sc["light"].map(lambda x: words("light", x, lang)),
            "caveats": [caveat_words(c, lang, s) for c, s in zip(sc["caveats"], sc["caveat_sources"])],
            "source": [cite(r, lang) for _, r in sc.iterrows()],
        }
    )
    return df.rename(columns={c: verdict_header(c, lang) for c in df.columns})


def lights_table(table: pd.DataFrame, codebook: Any = None, lang: str = "zh") -> pd.DataFrame:
    """Dashboard cells per district and colour (the frame the dashboard draws)."""
    check_lang(lang)
    _, lights, _ = analysis.dashboard_parts(table, codebook)
    cells = lights.stack() if not lights.empty else pd.Series(dtype=str)
    cells = cells[cells != ""]
    counts = pd.crosstab(cells.index.get_level_values(0), cells.values) if len(cells) else pd.DataFrame()
    counts = counts.reindex(index=list(lights.index), columns=list(analysis.LIGHTS), fill_value=0)
    counts.index = [region_name(r, lang) for r in counts.index]
    counts.index.name = header("region", lang)
    counts.columns = [words("light", k, lang) for k in counts.columns]
    return counts.fillna(0).astype(int)


def lights_claims(counts: pd.DataFrame, lang: str = "zh") -> dict[str, int]:
    """The counts `lights_table` shows, keyed like the dashboard headline."""
    return column_totals(
        counts, "overview_dashboard", {k: words("light", k, lang) for k in analysis.LIGHTS}, total="scored"
    )


def thresholds_table(table: pd.DataFrame, codebook: Any = None, lang: str = "zh") -> pd.DataFrame:
    """The colour bounds of every indicator the dashboard draws, on the 0–100 score (and the
    figure each bound stands for): a cell's colour follows from its printed score and these."""
    check_lang(lang)
    score, _, _ = analysis.dashboard_parts(table, codebook)
    sc = analysis.scores(table, codebook)
    sc = sc[sc["indicator_id"].isin(list(score.columns)) & sc["score"].notna()]
    sc = sc.drop_duplicates("indicator_id").set_index("indicator_id").reindex(list(score.columns))

    def bound(r: pd.Series, col: str, raw: str) -> str:
        return f"{r[col]:.0f} ({r[raw]:g})" if not pd.isna(r[raw]) else f"{r[col]:.0f}"

    df = pd.DataFrame(
        {
            "indicator": [indicator_name(codebook, i, lang) for i in sc.index],
            "green_from": [bound(r, "green_score", "green_threshold") for _, r in sc.iterrows()],
            "yellow_from": [bound(r, "yellow_score", "yellow_from") for _, r in sc.iterrows()],
            "orange_from": [bound(r, "red_score", "red_threshold") for _, r in sc.iterrows()],
            "bands": [rulebook_word(f"bands_{t}", lang) for t in sc["score_type"]],
        }
    )
    names = {k: rulebook_word(k, lang) for k in ("green_from", "yellow_from", "orange_from", "bands")}
    return df.rename(columns={"indicator": header("indicator", lang), **names})


def references(path: str | None = None) -> dict[str, dict[str, str]]:
    """data/codebook/references.csv: key -> title_zh, title_en, address, status."""
    with open(path or paths.REFERENCES, encoding="utf-8", newline="") as fh:
        return {r["key"]: r for r in csv.DictReader(fh)}


def reference_numbers(refs: dict[str, dict[str, str]] | None = None) -> dict[str, str]:
    """key -> ``[n]``: references are cited by number in the order of references.csv, the
    same in both languages (the keys are the codebook's, not the reader's)."""
    refs = references() if refs is None else refs
    return {key: f"[{n}]" for n, key in enumerate(refs, start=1)}


def scale_table(codebook: Any = None, lang: str = "zh") -> pd.DataFrame:
    """Every indicator's scale: how it is scored, lower bound, optimum, green and red
    thresholds, each with its reference key; the endowment flag and the SDG match."""
    check_lang(lang)
    cb = analysis.codebook_frame(codebook).reset_index()
    records = []
    cite = reference_numbers()

    def num(e: pd.Series, c: str) -> str:
        v = e[c]
        ref = e.get(c.replace("_bound", "").replace("_threshold", "") + "_ref", "")
        if pd.isna(v):
            return ""
        if not ref:
            return f"{v:g}"
        if ref not in cite:
            raise ValueError(f"codebook {e['indicator_id']}: {c} cites {ref!r}, not in {paths.REFERENCES}")
        return f"{v:g} {cite[ref]}"

    for _, e in cb.iterrows():
        records.append(
            {
                "indicator": indicator_name(codebook, e["indicator_id"], lang),
                "unit": unit_label(e["unit"], lang),
                "score_type": words("score_type", e["score_type"], lang),
                "lower_bound": num(e, "lower_bound"),
                "optimum": num(e, "optimum"),
                "green_threshold": num(e, "green_threshold"),
                "red_threshold": num(e, "red_threshold"),
                "endowment": words("endowment", e["endowment"], lang),
                "sdg": e["sdg"],
                "sdg_match": words("sdg_match", e["sdg_match"], lang),
            }
        )
    df = pd.DataFrame.from_records(records)
    return df.rename(columns={c: verdict_header(c, lang) for c in df.columns})


def basis_table(codebook: Any = None, lang: str = "zh") -> pd.DataFrame:
    """The comparison basis of every indicator, as the rulebook (`analysis.compare`) reads it
    from the codebook: the tolerance of an approximate figure in the indicator's own unit, how
    the municipal plan's figure relates to a district, whether it is an endowment, and whether
    its limit is a goal a target can reach."""
    check_lang(lang)
    cb = analysis.codebook_frame(codebook).reset_index()

    def tol(e: pd.Series) -> str:
        t = str(e.get("approx_tolerance", "") or "")
        return f"±{t} {unit_label(e['unit'], lang)}".strip() if t else rulebook_word("no_tolerance", lang)

    df = pd.DataFrame(
        {
            header("indicator", lang): [indicator_name(codebook, i, lang) for i in cb["indicator_id"]],
            rulebook_word("tolerance", lang): [tol(e) for _, e in cb.iterrows()],
            rulebook_word("city_basis", lang): [words("city_basis", str(b), lang) for b in cb["city_basis"]],
            verdict_header("endowment", lang): [words("endowment", str(x), lang) for x in cb["endowment"]],
            rulebook_word("limit_reachable", lang): [
                words("endowment", str(x), lang) if not pd.isna(lim) else ""
                for x, lim in zip(cb["limit_reachable"], cb["limit"])
            ],
        }
    )
    return df


def _address(address: str, lang: str) -> str:
    """A reference's address; a line of this project's copy of a plan cited with its document."""
    cited = cite_text(address.removeprefix("data/raw/"), lang)
    return cited if " · " in cited else address


def references_table(lang: str = "zh") -> pd.DataFrame:
    """The references of the scales and methods: key, what it says, address, how checked."""
    check_lang(lang)
    refs = references()
    df = pd.DataFrame(
        {
            "key": list(reference_numbers(refs).values()),
            "title": [choose(lang, r["title_zh"], r["title_en"]) for r in refs.values()],
            "address": [_address(str(r["address"]), lang) for r in refs.values()],
            "status_ref": [words("status_ref", r["status"], lang) for r in refs.values()],
        }
    )
    return df.rename(columns={c: verdict_header(c, lang) for c in df.columns})


def sdg_table(codebook: Any = None, lang: str = "zh") -> pd.DataFrame:
    """The SDG crosswalk with how well each code fits (exact, close, proxy, weak, mismatch)."""
    check_lang(lang)
    s = analysis.sdg(codebook)
    s = s[s["sdg"] != ""].reset_index(drop=True)
    df = pd.DataFrame(
        {
            "indicator": s["indicator_id"].map(lambda i: indicator_name(codebook, i, lang)),
            "sdg": s["sdg"] + " " + s[f"sdg_label_{lang}"],
            "sdg_match": s["sdg_match"].map(lambda m: words("sdg_match", m, lang)),
        }
    )
    return df.rename(columns={c: verdict_header(c, lang) for c in df.columns})


def notes_table(lang: str = "zh", path: str | None = None) -> pd.DataFrame:
    """The plans' notes (data/processed/notes.csv): how many rows each kind of note reaches,
    per region, and how many notes reached no row (the build keeps those, marked)."""
    check_lang(lang)
    notes = pd.read_csv(path or paths.NOTES_CSV, dtype=str, keep_default_na=False)
    notes = notes[notes["by"] != "unattached"]
    counts = pd.crosstab(notes["kind"], notes["region"])
    from ..ingest.notes import KINDS

    counts = counts.reindex([k for k in KINDS if k in counts.index])
    regions = [r for r in region_names_order() if r in counts.columns]
    counts = counts[regions]
    counts.index = [words("note_kind", k, lang) for k in counts.index]
    counts.index.name = verdict_header("note_kind", lang)
    counts.columns = [region_name(r, lang) for r in counts.columns]
    return counts


def region_names_order() -> list[str]:
    from .labels import region_names

    return list(region_names())


def sdg_line(codebook: Any, indicator_id: str, lang: str = "zh") -> str:
    """One indicator's SDG link and how well it fits ('' when it has none)."""
    check_lang(lang)
    s = analysis.sdg(codebook).set_index("indicator_id")
    if indicator_id not in s.index or not s.at[indicator_id, "sdg"]:
        return ""
    r = s.loc[indicator_id]
    title = choose(lang, r["sdg_label_zh"], r["sdg_label_en"])
    match = words("sdg_match", r["sdg_match"], lang)
    return word("text.dashboard.sdg_indicator_sdg_title_match", lang, sdg=r["sdg"], title=title, match=match)
