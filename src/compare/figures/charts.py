"""Figures and tables the notebooks show, so that the notebooks themselves stay thin.

Every function takes the normalised table (``build.load_table()``) and, where indicator
metadata is needed, the codebook (``codebook.load_codebook()`` or the codebook CSV as a
DataFrame). Tables come back as DataFrames whose headers, indicator names and district
names follow ``lang`` ("zh" or "en"); figures are bare matplotlib ``Figure`` objects (no
pyplot state, so a batch of reports never accumulates open figures) drawn in one seaborn
style with the Noto Sans CJK font, so Chinese renders without "missing from font" warnings.

Values are shown as printed: a target of ``≥310`` keeps its operator, ``35*`` (final value
set by a higher level) its star, ``[16.5]`` (five-year cumulative) its brackets, and a target
without a number (``完成市级下达目标``) is listed as text, never plotted as a number.

What the notebooks call:

* labels: ``label(lang, zh, en)``, ``region_names``/``region_name`` (manifest),
  ``indicator_name`` (codebook), ``domain_name``; ``codebook_frame`` (the form ``maps`` takes);
* coverage: ``coverage_matrix`` (table) and ``coverage_heatmap`` (figure),
  ``counts_by_domain``/``domain_bars``, ``counts_by_attribute``, ``data_quality``,
  ``non_numeric_targets``;
* one indicator: ``dumbbell`` (figure), ``indicator_rows``, ``ambition_table``,
  ``continuity_table``; one region: ``region_profile``;
* the 13th FYP: ``review_13th``, ``review_summary``, ``review_figure`` (verdicts from
  ``analysis.target_attainment``);
* output: ``set_style``, ``render(fig, figures_dir, name)`` (draw once, save, display),
  ``save(fig, figures_dir, name)``, ``show(df)``.
"""

from __future__ import annotations

import csv
import math
import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .. import paths
from ..errors import ParameterError
from ..files import write_bytes
from . import fonts

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

LANGS = ("zh", "en")
PERIODS = ("14th", "13th")

#: Display order and names of the codebook's domains (unknown domains follow, by id).
DOMAINS: dict[str, tuple[str, str]] = {
    "ecology": ("生态保护", "Ecology"),
    "land": ("国土空间", "Land use"),
    "climate": ("应对气候变化", "Climate"),
    "resources": ("资源利用", "Resource use"),
    "green_economy": ("绿色发展", "Green economy"),
    "air": ("大气环境", "Air"),
    "water": ("水环境", "Water"),
    "emissions": ("污染物减排", "Emissions"),
    "sanitation": ("环境基础设施", "Sanitation"),
    "noise": ("声环境", "Noise"),
    "risk": ("环境风险", "Environmental risk"),
    "governance": ("环境治理", "Governance"),
}
ATTRIBUTES: dict[str, tuple[str, str]] = {
    "binding": ("约束性", "binding"),
    "expected": ("预期性", "expected"),
    "listed": ("列出（未分属性）", "listed (no attribute)"),
    "": ("未列出", "not set"),
}
KINDS: dict[str, tuple[str, str]] = {
    "numeric": ("数值", "numeric"),
    "maintain": ("保持", "maintain"),
    "assigned": ("由上级下达", "set by higher level"),
    "qualitative": ("定性", "qualitative"),
    "class": ("类别", "class"),
    "none": ("无数值", "no figure"),
}
STATUSES: dict[str, tuple[str, str]] = {
    "met": ("完成", "met"),
    "missed": ("未完成", "missed"),
    "not_assessable": ("无法评估", "not assessable"),
}
OPERATORS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "~": "≈", "=": ""}

# Column headers of the tables below: key -> (zh, en).
HEADERS: dict[str, tuple[str, str]] = {
    "domain": ("领域", "Domain"),
    "indicator": ("指标", "Indicator"),
    "indicator_id": ("指标编码", "Indicator id"),
    "region": ("地区", "Region"),
    "period": ("规划期", "Period"),
    "where": ("位置（规划期 表 序号）", "Where (period, table, no.)"),
    "table": ("表", "Table"),
    "seq": ("序号", "No."),
    "printed_name": ("原文指标名称", "Name as printed"),
    "unit": ("单位", "Unit"),
    "attribute": ("属性", "Attribute"),
    "baseline": ("基期值", "Baseline"),
    "target": ("目标值", "Target"),
    "achieved": ("完成值", "Achieved"),
    "kind": ("目标类型与标记", "Target kind, flags"),
    "note": ("备注", "Note"),
    "source": ("出处（文件:行）", "Source (file:line)"),
    "status": ("评估", "Assessment"),
    "basis": ("依据 / 差距", "Basis / gap"),
    "claim_check": ("与规划自述", "vs plan's claim"),
    "evidence": ("原文证据", "Evidence as printed"),
    "municipal": ("重庆市目标", "Municipal target"),
    "plans": ("规划数", "Plans"),
    "total": ("合计", "Total"),
    "rows": ("行数", "Rows"),
    "sub_rows": ("子行", "Sub-rows"),
    "target_text": ("目标无数值", "Targets without a number"),
    "baseline_text": ("基期无数值", "Baselines without a number"),
    "achieved_text": ("完成值无数值", "Achieved without a number"),
    "provisional": ("待上级核定 (*)", "Provisional (*)"),
    "cumulative": ("五年累计 [ ]", "Cumulative [ ]"),
    "realigned": ("单元格重排", "Cells realigned"),
    "text": ("原文", "Text as printed"),
    "count": ("次数", "Count"),
    "regions": ("地区", "Regions"),
    "source_file": ("文件", "File"),
}

_FLAG_TEXT = {
    "provisional": ("*待上级核定", "* set by higher level"),
    "cumulative": ("[五年累计]", "[cumulative]"),
    "realigned": ("单元格已重排", "cells realigned"),
}

# Colours: one palette for every figure.
_BASELINE = "#8c8c8c"
_BETTER = "#1b7837"
_WORSE = "#b2182b"
_FLAT = "#4d6d9a"
_MUNICIPAL = "#d95f02"
_TEXT = "#222222"
_MUTED = "#666666"
_COVERAGE_COLOURS = {"binding": "#1f5f8b", "expected": "#7fb2d5", "listed": "#c9a66b", "": "#f4f4f4"}
_STATUS_COLOURS = {"met": "#1b7837", "missed": "#b2182b", "not_assessable": "#bdbdbd"}


# ------------------------------------------------------------------------------ labels


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ParameterError(f"lang {lang!r} is not valid; valid values: {', '.join(LANGS)}")
    return lang


def label(lang: str, zh: str, en: str) -> str:
    """The Chinese or the English text.

    >>> label("en", "森林覆盖率", "Forest cover")
    'Forest cover'
    """
    return zh if check_lang(lang) == "zh" else en


def _pick(pair: tuple[str, str], lang: str) -> str:
    return label(lang, pair[0], pair[1])


def header(key: str, lang: str) -> str:
    """A table header in ``lang`` (the key itself if it has no translation)."""
    return _pick(HEADERS[key], lang) if key in HEADERS else key


def _relabel(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    return df.rename(columns={c: header(c, lang) for c in df.columns})


@lru_cache(maxsize=4)
def _manifest(path: str) -> tuple[tuple[str, str, str, str], ...]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return tuple((r["region"], r["name_zh"], r["name_en"], r["level"]) for r in csv.DictReader(fh))


def region_names(lang: str = "zh", manifest: str | Path = paths.MANIFEST) -> dict[str, str]:
    """Region key -> display name from the manifest, districts first, the municipality last.

    >>> region_names("en")["kaizhou"]
    'Kaizhou District'
    """
    rows = _manifest(str(manifest))
    ordered = [r for r in rows if r[3] != "municipal"] + [r for r in rows if r[3] == "municipal"]
    return {r[0]: label(lang, r[1], r[2]) for r in ordered}


def region_name(region: str, lang: str = "zh") -> str:
    return region_names(lang).get(region, region)


def districts() -> list[str]:
    """Region keys of the district plans, in manifest order."""
    return [r[0] for r in _manifest(str(paths.MANIFEST)) if r[3] == "district"]


def municipal_regions() -> list[str]:
    return [r[0] for r in _manifest(str(paths.MANIFEST)) if r[3] == "municipal"]


def _meta(codebook: Any) -> dict[str, dict[str, str]]:
    """Indicator metadata by id from a Codebook, a codebook DataFrame, or None (the file)."""
    if codebook is None:
        from ..ingest.codebook import load_codebook

        codebook = load_codebook()
    if isinstance(codebook, pd.DataFrame):
        cb = codebook.fillna("").astype(str)
        return {r["indicator_id"]: dict(r) for r in cb.to_dict("records")}
    return {
        i: {
            "indicator_id": i,
            "domain": e.domain,
            "name_zh": e.name_zh,
            "name_en": e.name_en,
            "unit": e.unit,
            "direction": e.direction,
            "sdg": e.sdg,
            "limit": e.limit,
        }
        for i, e in codebook.entries.items()
    }


def indicator_name(codebook: Any, indicator_id: str, lang: str = "zh") -> str:
    """The codebook's name of an indicator in ``lang`` (the id if the codebook lacks it)."""
    entry = _meta(codebook).get(indicator_id)
    if not entry:
        return indicator_id
    return label(lang, entry.get("name_zh") or indicator_id, entry.get("name_en") or indicator_id)


def domain_name(domain: str, lang: str = "zh") -> str:
    return _pick(DOMAINS[domain], lang) if domain in DOMAINS else domain


def _domain_rank(domain: str) -> int:
    order = list(DOMAINS)
    return order.index(domain) if domain in order else len(order)


def codebook_frame(codebook: Any = None) -> pd.DataFrame:
    """The codebook as a DataFrame (the form ``maps`` takes), from a Codebook or the file."""
    if isinstance(codebook, pd.DataFrame):
        return codebook
    if codebook is None:
        from ..ingest.codebook import load_codebook

        codebook = load_codebook()
    return codebook.frame()


def _names_from_table(table: pd.DataFrame, lang: str) -> dict[str, str]:
    """Indicator names when no codebook is given: the English name column, or the id."""
    col = "indicator_name_en" if lang == "en" else None
    out: dict[str, str] = {}
    for ident, group in table.groupby("indicator_id", sort=False):
        if col and group[col].astype(str).str.len().gt(0).any():
            out[ident] = group[col].astype(str).iloc[0]
    return out


def _indicator_names(table: pd.DataFrame, codebook: Any, lang: str) -> dict[str, str]:
    try:
        meta = _meta(codebook)
    except Exception:  # no codebook file: fall back on the table's own columns
        meta = {}
    names = {i: label(lang, m.get("name_zh") or i, m.get("name_en") or i) for i, m in meta.items()}
    for ident, name in _names_from_table(table, lang).items():
        names.setdefault(ident, name)
    if lang == "zh":
        for ident, group in table.groupby("indicator_id", sort=False):
            names.setdefault(ident, str(group["indicator_name_zh"].iloc[0]))
    return names


# ------------------------------------------------------------------------------ values


def fmt(value: float | None) -> str:
    """A number without float noise: 48 not 48.0, 13.92 not 13.920000000000002.

    >>> fmt(48.0), fmt(13.92), fmt(None)
    ('48', '13.92', '')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    text = f"{float(value):.6g}"
    return text


def value_label(
    operator: str, value: float | None, provisional: bool = False, cumulative: bool = False
) -> str:
    """``≥310``, ``35*``, ``[16.5]``: a value with its operator and flags, as the plans print it.

    >>> value_label(">=", 350.0, provisional=True)
    '≥350*'
    >>> value_label("=", 16.5, cumulative=True)
    '[16.5]'
    """
    text = fmt(value)
    if not text:
        return ""
    text = OPERATORS.get(operator or "=", operator or "") + text
    if cumulative:
        text = f"[{text}]"
    return text + ("*" if provisional else "")


def _is_true(v: Any) -> bool:
    if isinstance(v, str):
        return v.strip().lower() in {"true", "1", "yes"}
    return bool(v) and not (isinstance(v, float) and math.isnan(v))


def _cells(row: pd.Series, which: str) -> set[str]:
    """Which value cells of a row are five-year cumulative ('baseline', 'target', 'achieved')."""
    cells = str(row.get("cumulative_cells", "") or "")
    if cells:
        return set(cells.split(","))
    return {which} if _is_true(row.get("cumulative", False)) else set()


def _num(v: Any) -> float:
    try:
        out = float(v)
    except (TypeError, ValueError):
        return math.nan
    return out


def _source(row: pd.Series) -> str:
    line = row.get("source_line", "")
    line = "" if line is None or (isinstance(line, float) and math.isnan(line)) else int(line)
    return f"{row.get('source_file', '')}:{line}"


def _flags(row: pd.Series, lang: str) -> str:
    out = [
        _pick(_FLAG_TEXT[f], lang)
        for f in ("provisional", "cumulative", "realigned")
        if f in row and _is_true(row[f])
    ]
    return "; ".join(out)


def _check_period(period: str) -> str:
    if period not in PERIODS:
        raise ParameterError(f"period {period!r} is not valid; valid values: {', '.join(PERIODS)}")
    return period


def _check_indicator(table: pd.DataFrame, indicator_id: str) -> None:
    valid = sorted(set(table["indicator_id"]))
    if indicator_id not in valid:
        raise ParameterError(
            f"indicator_id {indicator_id!r} is not in the table; valid values: {', '.join(valid)}"
        )


def _check_region(table: pd.DataFrame, region: str) -> None:
    valid = sorted(set(table["region"]))
    if region not in valid:
        raise ParameterError(f"region {region!r} is not in the table; valid values: {', '.join(valid)}")


def _region_order(table: pd.DataFrame) -> list[str]:
    known = list(region_names())
    present = set(table["region"])
    return [r for r in known if r in present] + sorted(present - set(known))


def _has_children(table: pd.DataFrame) -> pd.Series:
    """True for rows that other rows name as their parent (group headers like 地表水水质)."""
    key = table["region"] + "|" + table["period"] + "|" + table["table"] + "|" + table["seq"].astype(str)
    parents = set(
        table.loc[table["parent_seq"].astype(str) != "", "region"]
        + "|"
        + table.loc[table["parent_seq"].astype(str) != "", "period"]
        + "|"
        + table.loc[table["parent_seq"].astype(str) != "", "table"]
        + "|"
        + table.loc[table["parent_seq"].astype(str) != "", "parent_seq"].astype(str)
    )
    return key.isin(parents) & (table["seq"].astype(str) != "")


def _sub_name(row: pd.Series) -> str:
    """Short label of a sub-row (``璧南河``), empty for a top-level row."""
    if str(row.get("parent_seq", "")) == "" and not str(row.get("parent_name_zh", "")):
        return ""
    from ..ingest.codebook import name_key

    return name_key(str(row["indicator_name_zh"]))


# ------------------------------------------------------------------------------ style


def set_style() -> None:
    """The seaborn theme every figure uses, then the CJK font (set_theme resets fonts)."""
    import seaborn as sns

    sns.set_theme(
        style="whitegrid",
        context="notebook",
        rc={
            "axes.edgecolor": "#cccccc",
            "grid.color": "#e6e6e6",
            "axes.titlelocation": "left",
            "axes.titlesize": 13,
            "axes.labelsize": 10.5,
            "xtick.labelsize": 9.5,
            "ytick.labelsize": 10,
            "legend.fontsize": 9,
            "legend.frameon": False,
        },
    )
    fonts.use_cjk_font()


def _figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    set_style()
    return Figure(figsize=(width, height), layout="constrained")


def _figure_target(figures_dir: str | os.PathLike | None, name: str) -> Path | None:
    if not figures_dir:
        return None
    folder = Path(figures_dir)
    if not folder.is_absolute():
        folder = paths.REPORTS / folder
    return folder / f"{name}.png"


#: The label compare.maps gives its figures: their axes are placed by hand to fill them.
MAP_FIGURE_LABEL = "compare.maps"


def _needs_trim(fig: Figure) -> bool:
    """Whether saving should trim ``fig`` to its content (``bbox_inches="tight"``).

    Charts here use constrained layout, which already fits everything inside the figure,
    and maps place their axes to fill it; trimming those only costs time. Any other
    figure (an analyst's own) is trimmed, so nothing drawn outside it is cut off.
    """
    return fig.get_layout_engine() is None and fig.get_label() != MAP_FIGURE_LABEL


def _png(fig: Figure, dpi: int) -> bytes:
    """PNG bytes of `fig` (compression level 1: about 6% more bytes than the default 6 in
    half the time)."""
    import io

    buf = io.BytesIO()
    trim: dict[str, Any] = {"bbox_inches": "tight"} if _needs_trim(fig) else {}
    fig.savefig(buf, format="png", dpi=dpi, facecolor="white", pil_kwargs={"compress_level": 1}, **trim)
    return buf.getvalue()


def save(fig: Figure, figures_dir: str | os.PathLike | None, name: str, dpi: int = 150) -> Path | None:
    """Save ``fig`` as ``<figures_dir>/<name>.png`` if ``figures_dir`` is set, else nothing.

    A relative ``figures_dir`` (``figures/overview``) is taken under ``reports/`` so a
    notebook never needs a ``../`` path; the file is written atomically.
    """
    target = _figure_target(figures_dir, name)
    if target is not None:
        write_bytes(target, _png(fig, dpi))
    return target


def render(fig: Figure, figures_dir: str | os.PathLike | None = None, name: str = "figure", dpi: int = 150):
    """Draw ``fig`` once to PNG, save it as :func:`save` does, and return it for display.

    Ending a cell with ``fig`` would make the inline backend draw the figure a second time
    after ``save``; drawing is most of a report's work, so a report shows the very bytes
    it saved. The image is displayed at the size the inline backend would give it (100
    px per figure inch) and keeps its ``dpi`` pixels for sharp HTML and PDF pages.
    """
    from IPython.display import Image

    png = _png(fig, dpi)
    target = _figure_target(figures_dir, name)
    if target is not None:
        write_bytes(target, png)
    width_px = int.from_bytes(png[16:20], "big")  # the PNG IHDR chunk: width, big-endian
    return Image(data=png, format="png", width=round(width_px * 100 / dpi))


def show(df: pd.DataFrame, index: bool | None = None, precision: int = 2, trim_zeros: bool = False):
    """A table for a report: the index hidden when it is only row numbers, NaN as blank,
    floats with ``precision`` decimals (``trim_zeros``: at most that many, so 310.0 shows
    as 310 and 0.064 as 0.064 in the same column).

    The HTML ids derive from the content (pandas would draw a random uuid), so the same
    table renders to the same page on every run.
    """
    import hashlib

    digest = hashlib.sha1(df.to_csv().encode("utf-8")).hexdigest()[:10]
    if trim_zeros:
        styler = df.style.format(_trimmed(precision), na_rep="").set_uuid(digest)
    else:
        styler = df.style.format(na_rep="", precision=precision).set_uuid(digest)
    if index is False or (index is None and isinstance(df.index, pd.RangeIndex)):
        styler = styler.hide(axis="index")
    return styler


def _trimmed(precision: int):
    """A cell formatter: floats to at most ``precision`` decimals, other values as text.

    >>> [_trimmed(3)(v) for v in (310.0, 0.0640, -0.0001, 7, "≥35")]
    ['310', '0.064', '0', '7', '≥35']
    """

    def fmt(value: Any) -> str:
        if isinstance(value, float):
            text = f"{value:.{precision}f}".rstrip("0").rstrip(".")
            return "0" if text == "-0" else text
        return str(value)

    return fmt


# ------------------------------------------------------------------------------ coverage


def coverage_codes(table: pd.DataFrame, period: str = "14th") -> pd.DataFrame:
    """indicator_id x region: ``binding``, ``expected``, ``listed`` (set, no attribute) or ''.

    Rows are ordered by domain, then by how many plans set the indicator.
    """
    _check_period(period)
    t = table[table["period"] == period]
    regions = _region_order(table)
    out: dict[str, dict[str, str]] = {}
    for (ident, region), group in t.groupby(["indicator_id", "region"], sort=False):
        attrs = [a for a in group["attribute"].astype(str) if a]
        out.setdefault(ident, {})[region] = attrs[0] if attrs else "listed"
    codes = pd.DataFrame.from_dict(out, orient="index").reindex(columns=regions).fillna("")
    domains = t.groupby("indicator_id")["domain"].first()
    n = (codes != "").sum(axis=1)
    order = sorted(codes.index, key=lambda i: (_domain_rank(domains.get(i, "")), -n[i], i))
    codes = codes.loc[order]
    codes.index.name = "indicator_id"
    codes.columns.name = "region"
    return codes


def coverage_matrix(
    table: pd.DataFrame, lang: str = "zh", codebook: Any = None, period: str = "14th"
) -> pd.DataFrame:
    """Which plan sets which indicator: indicators (by domain) x regions, in ``lang``.

    A cell says 约束性/binding, 预期性/expected, 列出/listed (the municipal targets mined
    from prose carry no attribute) or is empty; the last column counts the plans.
    """
    check_lang(lang)
    codes = coverage_codes(table, period)
    names = _indicator_names(table, codebook, lang)
    domains = table.groupby("indicator_id")["domain"].first()
    cells = codes.apply(lambda col: col.map(lambda c: _pick(ATTRIBUTES[c], lang) if c else ""))
    cells.columns = [region_name(r, lang) for r in codes.columns]
    cells[header("plans", lang)] = (codes != "").sum(axis=1)
    cells.index = pd.MultiIndex.from_arrays(
        [
            [domain_name(domains.get(i, ""), lang) for i in codes.index],
            [names.get(i, i) for i in codes.index],
        ],
        names=[header("domain", lang), header("indicator", lang)],
    )
    return cells


def coverage_heatmap(
    table: pd.DataFrame, lang: str = "zh", codebook: Any = None, period: str = "14th"
) -> Figure:
    """The coverage matrix as a figure: colour = attribute, text = the target as printed."""
    from matplotlib.patches import Patch

    check_lang(lang)
    codes = coverage_codes(table, period)
    names = _indicator_names(table, codebook, lang)
    t = table[(table["period"] == period)]
    top = t[~_has_children(t)]
    printed: dict[tuple[str, str], str] = {}
    for (ident, region), group in top.groupby(["indicator_id", "region"], sort=False):
        texts = [_target_text(r, lang, short=True) for _, r in group.iterrows()]
        texts = [x for x in texts if x]
        printed[(ident, region)] = texts[0] + ("…" if len(texts) > 1 else "") if texts else "—"
    order = list(_COVERAGE_COLOURS)
    numeric = codes.apply(lambda col: col.map(order.index))
    nrows, ncols = codes.shape
    fig = _figure(2.6 + 1.35 * ncols + (2.4 if lang == "en" else 1.6), 1.4 + 0.27 * nrows)
    ax = fig.add_subplot()
    from matplotlib.colors import ListedColormap

    cmap = ListedColormap([_COVERAGE_COLOURS[k] for k in order])
    ax.imshow(
        numeric.to_numpy(),
        cmap=cmap,
        vmin=-0.5,
        vmax=len(order) - 0.5,
        aspect="auto",
        interpolation="nearest",
    )
    for i, ident in enumerate(codes.index):
        for j, region in enumerate(codes.columns):
            text = printed.get((ident, region), "")
            if codes.iat[i, j] and text:
                dark = codes.iat[i, j] == "binding"
                ax.text(j, i, text, ha="center", va="center", fontsize=7.5, color="white" if dark else _TEXT)
    ax.set_xticks(range(ncols), [region_name(r, lang) for r in codes.columns])
    ax.xaxis.tick_top()
    ax.set_yticks(range(nrows), [names.get(i, i) for i in codes.index], fontsize=8.5)
    ax.set_xticks([x - 0.5 for x in range(1, ncols)], minor=True)
    ax.set_yticks([y - 0.5 for y in range(1, nrows)], minor=True)
    ax.grid(False)
    ax.grid(which="minor", color="white", linewidth=1.2)
    ax.tick_params(which="both", length=0)
    # domain separators and names
    domains = t.groupby("indicator_id")["domain"].first()
    dom = [domains.get(i, "") for i in codes.index]
    start = 0
    for k in range(1, nrows + 1):
        if k == nrows or dom[k] != dom[start]:
            if k < nrows:
                ax.axhline(k - 0.5, color="#555555", linewidth=0.9)
            ax.annotate(
                domain_name(dom[start], lang),
                xy=(1.01, (start + k - 1) / 2),
                xycoords=("axes fraction", "data"),
                va="center",
                ha="left",
                fontsize=8.5,
                color=_MUTED,
            )
            start = k
    handles = [
        Patch(
            facecolor=_COVERAGE_COLOURS[k],
            edgecolor="#999999",
            linewidth=0.5,
            label=_pick(ATTRIBUTES[k], lang),
        )
        for k in order
    ]
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.01 * 30 / max(nrows, 1)),
        ncol=4,
        fontsize=8.5,
    )
    title = label(
        lang,
        f"各规划设定的指标（{'十四五' if period == '14th' else '十三五'}）",
        f"Which plan sets which indicator ({period} FYP)",
    )
    ax.set_title(title, loc="left", pad=28)
    return fig


def counts_by_domain(table: pd.DataFrame, lang: str = "zh", period: str = "14th") -> pd.DataFrame:
    """Distinct indicators per domain and region (and in all plans together)."""
    check_lang(lang)
    t = table[table["period"] == _check_period(period)]
    regions = _region_order(table)
    counts = (
        t.groupby(["domain", "region"])["indicator_id"]
        .nunique()
        .unstack(fill_value=0)
        .reindex(columns=regions, fill_value=0)
    )
    counts[header("total", lang)] = t.groupby("domain")["indicator_id"].nunique()
    counts = counts.loc[sorted(counts.index, key=lambda d: (_domain_rank(d), d))]
    total = counts.sum(axis=0)
    total[header("total", lang)] = t["indicator_id"].nunique()
    counts.loc["__total__"] = total
    counts.index = [header("total", lang) if d == "__total__" else domain_name(d, lang) for d in counts.index]
    counts.index.name = header("domain", lang)
    counts.columns = [region_name(c, lang) if c in regions else c for c in counts.columns]
    return counts.astype(int)


def counts_by_attribute(table: pd.DataFrame, lang: str = "zh", period: str = "14th") -> pd.DataFrame:
    """Per region: indicator rows that are binding / expected / unmarked, and target kinds.

    Group headers whose values sit in their sub-rows (``地表水水质`` over ``璧南河``) are
    not counted; the sub-rows are.
    """
    check_lang(lang)
    t = table[table["period"] == _check_period(period)]
    t = t[~_has_children(t)]
    regions = _region_order(t)
    attr = t["attribute"].astype(str).replace("", "listed")
    a = pd.crosstab(t["region"], attr).reindex(
        index=regions, columns=["binding", "expected", "listed"], fill_value=0
    )
    a.columns = [
        _pick(ATTRIBUTES[c], lang) if c != "listed" else label(lang, "未标属性", "no attribute")
        for c in a.columns
    ]
    k = pd.crosstab(t["region"], t["target_kind"]).reindex(index=regions, columns=list(KINDS), fill_value=0)
    k.columns = [label(lang, "目标：", "target: ") + _pick(KINDS[c], lang) for c in k.columns]
    out = pd.concat([a, k], axis=1)
    out[header("rows", lang)] = t.groupby("region").size().reindex(regions, fill_value=0)
    out.index = [region_name(r, lang) for r in out.index]
    out.index.name = header("region", lang)
    return out.astype(int)


def domain_bars(table: pd.DataFrame, lang: str = "zh", period: str = "14th") -> Figure:
    """Indicators per domain, one bar per region (grouped horizontal bars)."""
    import seaborn as sns

    check_lang(lang)
    t = table[table["period"] == _check_period(period)]
    regions = _region_order(table)
    counts = t.groupby(["domain", "region"])["indicator_id"].nunique().reset_index(name="n")
    counts["domain_label"] = counts["domain"].map(lambda d: domain_name(d, lang))
    counts["region_label"] = counts["region"].map(lambda r: region_name(r, lang))
    domains = sorted(counts["domain"].unique(), key=lambda d: (_domain_rank(d), d))
    fig = _figure(8.6, 1.2 + 0.5 * len(domains))
    ax = fig.add_subplot()
    sns.barplot(
        data=counts,
        y="domain_label",
        x="n",
        hue="region_label",
        ax=ax,
        order=[domain_name(d, lang) for d in domains],
        hue_order=[region_name(r, lang) for r in regions],
        palette="deep",
        orient="h",
    )
    ax.set_xlabel(label(lang, "指标数", "Indicators"))
    ax.set_ylabel("")
    ax.legend(title="", loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.set_title(label(lang, "各领域指标数（“十四五”）", "Indicators per domain (14th FYP)"))
    return fig


# ------------------------------------------------------------------------------ data quality


def data_quality(table: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Per source file and table: rows, sub-rows, value cells without a number, flags.

    A cell "without a number" has text (``完成市级下达目标``, ``-``) or nothing where a value
    could stand; its text stays in the table's ``*_raw`` column.
    """
    check_lang(lang)
    t = table.copy()
    t["sub_rows"] = t["parent_seq"].astype(str) != ""
    t["target_text"] = t["target_value"].isna()
    t["baseline_text"] = t["baseline_value"].isna()
    t["achieved_text"] = t["achieved_value"].isna() & (t["period"] == "13th")
    for flag in ("provisional", "cumulative", "realigned"):
        t[flag] = t[flag].map(_is_true) if flag in t else False
    keys = ["source_file", "region", "period", "table"]
    agg = (
        t.groupby(keys, sort=False)
        .agg(
            rows=("indicator_id", "size"),
            sub_rows=("sub_rows", "sum"),
            baseline_text=("baseline_text", "sum"),
            target_text=("target_text", "sum"),
            achieved_text=("achieved_text", "sum"),
            provisional=("provisional", "sum"),
            cumulative=("cumulative", "sum"),
            realigned=("realigned", "sum"),
        )
        .reset_index()
    )
    agg.loc[agg["period"] == "14th", "achieved_text"] = 0
    order = {r: i for i, r in enumerate(_region_order(table))}
    agg = agg.sort_values(
        ["region", "period"],
        key=lambda s: s.map(order) if s.name == "region" else s.map({"14th": 0, "13th": 1}),
    ).reset_index(drop=True)
    agg["region"] = agg["region"].map(lambda r: region_name(r, lang))
    agg = agg.rename(columns={"source_file": "source_file"})
    return _relabel(agg, lang)


def non_numeric_targets(table: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Target texts that carry no number (``完成市级下达目标``…), how often and where."""
    check_lang(lang)
    t = table[table["target_value"].isna() & (table["target_raw"].astype(str) != "")]
    t = t[~_has_children(t) | (t["target_raw"].astype(str).str.strip("-— ") != "")]
    rows = []
    for (raw, kind), group in t.groupby(["target_raw", "target_kind"], sort=False):
        rows.append(
            {
                "text": raw,
                "kind": _pick(KINDS.get(kind, (kind, kind)), lang),
                "count": len(group),
                "regions": "、".join(dict.fromkeys(region_name(r, lang) for r in group["region"]))
                if lang == "zh"
                else ", ".join(dict.fromkeys(region_name(r, lang) for r in group["region"])),
            }
        )
    out = pd.DataFrame(rows, columns=["text", "kind", "count", "regions"])
    out = out.sort_values(["count", "text"], ascending=[False, True]).reset_index(drop=True)
    return _relabel(out, lang)


# ------------------------------------------------------------------------------ one indicator


def indicator_rows(
    table: pd.DataFrame, indicator_id: str, lang: str = "zh", period: str | None = None
) -> pd.DataFrame:
    """Every row of one indicator as printed: cells, notes, flags and ``file:line``.

    ``where`` is the plan period, the table as printed and the row number (``14th 专栏2
    12``); a baseline or target year other than the period's usual one (2020/2025 for the
    14th FYP, 2015/2020 for the 13th) is added to the cell, as in ``36 (2019)``.
    """
    check_lang(lang)
    _check_indicator(table, indicator_id)
    t = table[table["indicator_id"] == indicator_id]
    if period:
        t = t[t["period"] == _check_period(period)]
    order = {r: i for i, r in enumerate(_region_order(table))}
    t = t.assign(_r=t["region"].map(order), _p=t["period"].map({"14th": 0, "13th": 1}))
    t = t.sort_values(["_r", "_p", "table", "row"] if "row" in t else ["_r", "_p", "table"])
    rows = []
    for _, r in t.iterrows():
        seq = r["seq"] or (f"({r['parent_seq']})" if r["parent_seq"] else "")
        kind = _pick(KINDS.get(r["target_kind"], (r["target_kind"],) * 2), lang)
        flags = _flags(r, lang)
        rows.append(
            {
                "region": region_name(r["region"], lang),
                "where": " ".join(x for x in (r["period"], r["table"], str(seq)) if x),
                "printed_name": r["indicator_name_zh"],
                "unit": r["unit"],
                "attribute": _pick(ATTRIBUTES.get(r["attribute"], (r["attribute"],) * 2), lang)
                if r["attribute"]
                else "",
                "baseline": _year_raw(r, "baseline"),
                "target": _year_raw(r, "target"),
                "achieved": r.get("achieved_raw", ""),
                "kind": "；".join(x for x in (kind, flags) if x)
                if lang == "zh"
                else "; ".join(x for x in (kind, flags) if x),
                "note": r.get("note_zh", ""),
                "source": _source(r),
            }
        )
    columns = [
        "region",
        "where",
        "printed_name",
        "unit",
        "attribute",
        "baseline",
        "target",
        "achieved",
        "kind",
        "note",
        "source",
    ]
    if period == "14th":
        columns.remove("achieved")
    return _relabel(pd.DataFrame(rows, columns=columns), lang)


_USUAL_YEARS = {
    ("14th", "baseline"): 2020,
    ("14th", "target"): 2025,
    ("13th", "baseline"): 2015,
    ("13th", "target"): 2020,
}


def _baseline_text(r: pd.Series, lang: str) -> str:
    """The baseline for display: number with operator and brackets (class as Ⅲ类), else raw."""
    value = _num(r.get("baseline_value"))
    if math.isnan(value):
        return str(r.get("baseline_raw", "") or "")
    if r.get("baseline_kind", "") == "class" or r.get("target_kind", "") == "class":
        return _class_label(value, lang)
    return value_label(
        r.get("baseline_operator", "=") or "=", value, False, "baseline" in _cells(r, "baseline")
    )


def _row_name(names: dict[str, str], zh_names: dict[str, str], ident: str, printed: str, lang: str) -> str:
    """The codebook name, with the printed name added where it names a part or variant
    (``地表水（河流）水质类别（璧南河）``), so rows of one indicator stay distinguishable."""
    from ..ingest.codebook import name_key

    name = names.get(ident, ident)
    key, zh = name_key(printed), zh_names.get(ident, "")
    if not key or key in zh or zh in key:
        return name
    return f"{name}（{key}）" if lang == "zh" else f"{name} ({key})"


def _year_raw(r: pd.Series, which: str) -> str:
    raw = str(r.get(f"{which}_raw", "") or "")
    year = r.get(f"{which}_year")
    if not raw or _isnan(year) or int(year) == _USUAL_YEARS.get((r.get("period"), which)):
        return raw
    return f"{raw} ({int(year)})"


def _target_text(r: pd.Series, lang: str, short: bool = False) -> str:
    """The target for display: number with operator and flags, else the printed text."""
    value = _num(r.get("target_value"))
    if not math.isnan(value) and r.get("target_kind") == "class":
        return OPERATORS.get(r.get("target_operator") or "=", "") + _class_label(value, lang)
    if not math.isnan(value):
        return value_label(
            r.get("target_operator", "="),
            value,
            _is_true(r.get("provisional")),
            "target" in _cells(r, "target"),
        )
    raw = str(r.get("target_raw", "") or "").strip()
    if raw in {"", "-", "—", "/"}:
        return ""
    if short and (len(raw) > 6 or lang == "en"):  # the kind of target; the text is in the tables
        return _pick(KINDS.get(r.get("target_kind", ""), (raw[:6] + "…", raw[:6] + "…")), lang)
    return raw


def dumbbell(
    table: pd.DataFrame,
    codebook: Any,
    indicator_id: str,
    regions: str | Iterable[str] | None = None,
    lang: str = "zh",
    period: str = "14th",
) -> Figure:
    """Baseline -> target per district plan for one indicator.

    One line per plan row (sub-rows such as single rivers get their own line): the grey dot
    is the baseline, the coloured dot the target (green where the target improves on the
    baseline in the codebook's direction, red where it allows worse, blue where it holds,
    black where there is no baseline to compare with). Labels keep the operators and flags
    as printed (≥, *, [cumulative]); a target without a number is written out as text; the
    municipal target is a dashed reference line. ``regions``: keys as a list or a
    comma-separated string; empty or None means every district.
    """
    from matplotlib.lines import Line2D
    from matplotlib.transforms import blended_transform_factory

    check_lang(lang)
    _check_period(period)
    _check_indicator(table, indicator_id)
    meta = _meta(codebook).get(indicator_id, {})
    direction = meta.get("direction", "neutral")
    chosen = _regions_param(table, regions)
    t = table[(table["indicator_id"] == indicator_id) & (table["period"] == period)]
    t = t[~_has_children(t) | t["target_value"].notna() | t["baseline_value"].notna()]

    lines: list[dict] = []
    for region in chosen:
        sub = t[t["region"] == region].sort_values("row") if "row" in t else t[t["region"] == region]
        if sub.empty:
            lines.append({"label": region_name(region, lang), "missing": True})
            continue
        for _, r in sub.iterrows():
            name = region_name(region, lang)
            part = _sub_name(r)
            b = _num(r["baseline_value"])
            klass = r["target_kind"] == "class" or r.get("baseline_kind", "") == "class"
            lines.append(
                {
                    "label": f"{name} · {part}" if part and len(sub) > 1 else name,
                    "missing": False,
                    "b": b,
                    "t": _num(r["target_value"]),
                    "class": klass,
                    "kind": r["target_kind"],
                    "b_text": _baseline_text(r, lang),
                    "t_text": (
                        _class_label(_num(r["target_value"]), lang)
                        if klass and not math.isnan(_num(r["target_value"]))
                        else _target_text(r, lang)
                    ),
                }
            )
    muni = table[
        (table["indicator_id"] == indicator_id)
        & (table["period"] == period)
        & (table["region"].isin(municipal_regions()))
    ]
    muni_value, muni_text = math.nan, ""
    if not muni.empty:
        r = muni.iloc[0]
        muni_value, muni_text = _num(r["target_value"]), _target_text(r, lang)

    values = [v for ln in lines if not ln["missing"] for v in (ln["b"], ln["t"]) if not math.isnan(v)]
    if not math.isnan(muni_value):
        values.append(muni_value)
    classes = any(ln.get("class") for ln in lines)
    fig = _figure(8.6, 1.9 + 0.52 * max(len(lines), 1))
    ax = fig.add_subplot()
    if classes:
        ax.set_xlim(0.5, 6.0)
        ax.set_xticks(range(1, 6), [_class_label(v, lang) for v in range(1, 6)])
    elif values:
        lo, hi = min(values), max(values)
        span = (hi - lo) or max(abs(hi) * 0.1, 1.0)
        ax.set_xlim(lo - 0.18 * span, hi + 0.30 * span)
    else:
        ax.set_xlim(0, 1)
        ax.set_xticks([])
    trans = blended_transform_factory(ax.transAxes, ax.transData)
    xmin, xmax = ax.get_xlim()
    pad = 0.012 * (xmax - xmin)
    used: set[str] = set()
    for y, ln in enumerate(lines):
        if ln["missing"]:
            ax.text(
                0.01,
                y,
                label(lang, "规划未列此指标", "not in this plan"),
                transform=trans,
                va="center",
                ha="left",
                fontsize=9,
                color=_MUTED,
                style="italic",
            )
            continue
        b, tv = ln["b"], ln["t"]
        kind = _change_kind(b, tv, direction)
        colour = _CHANGE_COLOURS[kind]
        if not math.isnan(b) and not math.isnan(tv):
            ax.plot(
                [b, tv], [y, y], color=colour, linewidth=2.6, alpha=0.55, solid_capstyle="round", zorder=2
            )
        if not math.isnan(b):
            ax.scatter([b], [y], s=70, color=_BASELINE, zorder=3)
            used.add("baseline")
        if not math.isnan(tv):
            ax.scatter([tv], [y], s=90, color=colour, zorder=4, marker="D" if ln["class"] else "o")
            used.add(kind)
        same = not math.isnan(b) and not math.isnan(tv) and abs(b - tv) < 1e-9
        if not math.isnan(b) and ln["b_text"] and not same:
            left = not math.isnan(tv) and tv >= b
            ax.text(
                b - pad if left else b + pad,
                y + 0.27,
                ln["b_text"],
                ha="right" if left else "left",
                va="center",
                fontsize=8.5,
                color=_BASELINE,
            )
        if not math.isnan(tv):
            right = math.isnan(b) or tv >= b
            text = ln["t_text"] + (label(lang, "（与基期持平）", " (= baseline)") if same else "")
            ax.text(
                tv + pad if right else tv - pad,
                y + 0.27,
                text,
                ha="left" if right else "right",
                va="center",
                fontsize=9.5,
                color=colour,
            )
        elif ln["t_text"]:
            text = (
                label(
                    lang,
                    "目标：",
                    f"target ({_pick(KINDS.get(ln['kind'], ('', '')), 'en')}): "
                    if ln["kind"] in KINDS
                    else "target: ",
                )
                + ln["t_text"]
            )
            if math.isnan(b):
                ax.text(
                    0.01,
                    y,
                    text,
                    transform=trans,
                    ha="left",
                    va="center",
                    fontsize=9,
                    color=_TEXT,
                    style="italic",
                )
            else:
                far_right = (b - xmin) / (xmax - xmin) > 0.55
                ax.text(
                    b - 2.5 * pad if far_right else b + 2.5 * pad,
                    y,
                    text,
                    ha="right" if far_right else "left",
                    va="center",
                    fontsize=9,
                    color=_TEXT,
                    style="italic",
                )
        elif math.isnan(b):
            ax.text(
                0.01,
                y,
                label(lang, "无基期值与目标值", "no baseline or target figure"),
                transform=trans,
                ha="left",
                va="center",
                fontsize=9,
                color=_MUTED,
                style="italic",
            )
    legend = {
        "baseline": label(lang, "基期值", "baseline"),
        "better": label(lang, "目标：较基期改善", "target: better than baseline"),
        "worse": label(lang, "目标：允许较基期变差", "target: allows worse than baseline"),
        "same": label(lang, "目标：与基期持平", "target: holds the baseline"),
        "alone": label(lang, "目标（无基期值可比）", "target (no baseline to compare)"),
    }
    handles = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=7,
            color=_BASELINE if k == "baseline" else _CHANGE_COLOURS[k],
            label=text,
        )
        for k, text in legend.items()
        if k in used
    ]
    if not math.isnan(muni_value):
        ax.axvline(muni_value, color=_MUNICIPAL, linestyle="--", linewidth=1.4, zorder=1)
        ax.text(
            muni_value,
            1.0,
            f" {region_name(municipal_regions()[0], lang)} {muni_text}",
            transform=blended_transform_factory(ax.transData, ax.transAxes),
            ha="left",
            va="bottom",
            fontsize=9,
            color=_MUNICIPAL,
        )
        handles.append(
            Line2D(
                [], [], color=_MUNICIPAL, linestyle="--", label=label(lang, "重庆市目标", "municipal target")
            )
        )
    elif muni_text:
        handles.append(
            Line2D(
                [],
                [],
                color="none",
                label=label(lang, f"重庆市目标：{muni_text}", f"municipal target: {muni_text}"),
            )
        )
    ax.set_ylim(len(lines) - 0.4, -0.7)
    ax.set_yticks(range(len(lines)), [ln["label"] for ln in lines])
    ax.grid(axis="y", visible=False)
    years = _years(t)
    name = indicator_name(codebook, indicator_id, lang)
    unit = meta.get("unit") or (t["unit"].iloc[0] if len(t) else "")
    ax.set_xlabel(_unit_label(unit, lang))
    ax.set_title(
        label(
            lang,
            f"{name}：{years[0]}年基期 → {years[1]}年目标",
            f"{name}: {years[0]} baseline → {years[1]} target",
        ),
        pad=16,
    )
    _legend_below(ax, handles, ncol=min(len(handles), 3))
    _footnote(
        ax,
        label(
            lang,
            "≥/≤ 为下限/上限；* 以上级最终下达为准；[ ] 为五年累计值。"
            "来源：各区（市）生态环境保护“十四五”规划。",
            "≥/≤ lower/upper bound; * final value set by a higher level; "
            "[ ] five-year cumulative. Source: each plan's eco-environmental 14th FYP.",
        ),
        rows=math.ceil(len(handles) / 3) if handles else 0,
    )
    return fig


_ROMAN = {1: "Ⅰ", 2: "Ⅱ", 3: "Ⅲ", 4: "Ⅳ", 5: "Ⅴ"}


def _class_label(value: float, lang: str) -> str:
    """A water-quality class as printed in the plans: 3 -> Ⅲ类 / Class Ⅲ."""
    if math.isnan(value):
        return ""
    roman = _ROMAN.get(round(value), fmt(value))
    return label(lang, f"{roman}类", f"Class {roman}")


_UNITS_EN = {
    "天": "days",
    "万亩": "10,000 mu",
    "平方公里": "km²",
    "公里": "km",
    "吨": "t",
    "万吨": "10,000 t",
    "个": "count",
    "件": "cases",
    "类别": "class",
    "公顷": "ha",
    "平方米": "m²",
    "吨标煤/万元": "tce / 10,000 yuan",
    "无量纲": "index",
    "起/万枚": "accidents / 10,000 sources",
    "立方米/万元": "m³ / 10,000 yuan",
    "分贝": "dB(A)",
    "万立方米": "10,000 m³",
}


def _unit_label(unit: str, lang: str) -> str:
    unit = {"μg/m3": "μg/m³"}.get(unit, unit)
    return unit if lang == "zh" else _UNITS_EN.get(unit, unit)


def _legend_below(ax, handles: list, ncol: int, gap: float = 38.0) -> None:
    """A legend ``gap`` points below the axes (clear of tick labels and the axis label)."""
    from matplotlib.transforms import offset_copy

    if not handles:
        return
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=ncol,
        bbox_transform=offset_copy(ax.transAxes, ax.figure, y=-gap, units="points"),
        fontsize=8.5,
        borderaxespad=0.0,
    )


def _footnote(ax, text: str, rows: int = 1, gap: float = 38.0) -> None:
    """Small grey text under the axes (and under a legend of ``rows`` rows)."""
    ax.annotate(
        text,
        xy=(0.0, 0.0),
        xycoords="axes fraction",
        xytext=(0.0, -(gap + 8 + 17 * rows)),
        textcoords="offset points",
        ha="left",
        va="top",
        fontsize=7.5,
        color=_MUTED,
        annotation_clip=False,
    )


def _years(t: pd.DataFrame) -> tuple[int, int]:
    def mode(col: str, default: int) -> int:
        v = pd.to_numeric(t[col], errors="coerce").dropna() if col in t else pd.Series(dtype=float)
        return int(v.mode().iloc[0]) if len(v) else default

    return mode("baseline_year", 2020), mode("target_year", 2025)


_CHANGE_COLOURS = {"better": _BETTER, "worse": _WORSE, "same": _FLAT, "alone": _TEXT}


def _change_kind(b: float, t: float, direction: str) -> str:
    """better / worse / same (target vs baseline, in the codebook's direction) or alone."""
    if math.isnan(b) or math.isnan(t):
        return "alone"
    if abs(t - b) < 1e-9 or direction == "neutral":
        return "same"
    better = t > b if direction == "higher_is_better" else t < b
    return "better" if better else "worse"


def _regions_param(table: pd.DataFrame, regions: str | Iterable[str] | None) -> list[str]:
    if regions is None or (isinstance(regions, str) and not regions.strip()):
        return [r for r in districts() if r in set(table["region"])] or districts()
    items = [s.strip() for s in regions.split(",")] if isinstance(regions, str) else list(regions)
    for r in items:
        _check_region(table, r)
    return [r for r in items if r]


# ------------------------------------------------------------------------------ one region


def region_profile(
    table: pd.DataFrame, codebook: Any, region: str, lang: str = "zh", period: str = "14th"
) -> pd.DataFrame:
    """Every indicator row of one plan, grouped by domain, beside the peers and the municipality.

    Index: (domain, indicator; sub-rows such as single rivers as ``└ 璧南河``). Columns:
    unit, attribute, baseline and target as printed, then each other district's target and
    the municipal target for the same id, headed by the plan's name ("" where that plan
    does not set the indicator).
    """
    check_lang(lang)
    _check_region(table, region)
    t = table[table["period"] == _check_period(period)]
    names = _indicator_names(table, codebook, lang)
    own = t[t["region"] == region]
    peers = [r for r in districts() if r != region and r in set(t["region"])]
    munis = [r for r in municipal_regions() if r != region and r in set(t["region"])]
    top = t[t["parent_seq"].astype(str) == ""]

    def target_of(other: str, ident: str) -> str:
        rows = top[(top["region"] == other) & (top["indicator_id"] == ident)]
        if rows.empty:
            return ""
        texts = [_target_text(r, lang) for _, r in rows.iterrows()]
        return "；".join(x for x in texts if x) or "—"

    records = []
    for _, r in own.iterrows():
        part = _sub_name(r)
        is_sub = bool(part) and str(r["parent_seq"]) != ""
        rec = {
            "_domain": r["domain"],
            "domain": domain_name(r["domain"], lang),
            "indicator": (f"└ {part}" if is_sub else names.get(r["indicator_id"], r["indicator_id"])),
            "unit": r["unit"],
            "attribute": _pick(ATTRIBUTES[r["attribute"] or "listed"], lang) if r["attribute"] else "",
            "baseline": _baseline_text(r, lang),
            "target": _target_text(r, lang) or str(r["target_raw"]),
        }
        for other in peers + munis:
            rec[other] = "" if is_sub else target_of(other, r["indicator_id"])
        records.append(rec)
    df = pd.DataFrame(records)
    if df.empty:
        return df
    df["_rank"] = df["_domain"].map(_domain_rank)
    df = df.sort_values("_rank", kind="stable").drop(columns=["_rank", "_domain"])
    df = df.rename(columns={o: region_name(o, lang) for o in peers + munis})
    df = _relabel(df, lang)
    return df.set_index([header("domain", lang), header("indicator", lang)])


# ------------------------------------------------------------------------------ 13th FYP review

_REASONS: dict[str, tuple[str, str]] = {
    "no target": ("无目标值", "no target figure"),
    "no value": ("无完成值", "no achieved figure"),
    "assigned": ("目标由上级下达，无数值", "target set by a higher level, no figure"),
    "qualitative": ("定性目标", "qualitative target"),
    "maintain": ("“保持”类目标", "'maintain' target"),
    "class": ("类别目标", "class target"),
    "cumulative mismatch": ("五年累计值与年度值不可比", "cumulative vs non-cumulative figure"),
    "class vs number": ("类别与数值不可比", "class vs number"),
}


def attainment(table: pd.DataFrame, codebook: Any = None) -> pd.DataFrame:
    """``analysis.target_attainment`` with ``outcome`` (met / missed / not_assessable) and
    ``reason`` split out of its ``status`` (``not assessable (no value)``), in region order.

    Group headers without cells of their own (``饮用水源地水质达标率`` over its urban and
    township sub-rows) are not targets and are left out.
    """
    from .. import analysis

    att = analysis.target_attainment(table, codebook)
    headers = table[
        _has_children(table)
        & (table["target_raw"].astype(str) == "")
        & (table["achieved_raw"].astype(str) == "")
    ]
    if not att.empty and not headers.empty:  # group headers (饮用水源地水质达标率 over its sub-rows)
        keys = set(zip(headers["region"], headers["period"], headers["table"], headers["row"]))
        att = att[[k not in keys for k in zip(att["region"], att["period"], att["table"], att["row"])]]
    if att.empty:
        return att.assign(outcome=pd.Series(dtype=str), reason=pd.Series(dtype=str))
    status = att["status"].astype(str)
    att["outcome"] = status.map(lambda x: x if x in ("met", "missed") else "not_assessable")
    att["reason"] = status.str.extract(r"\((.*)\)", expand=False).fillna("")
    order = {r: i for i, r in enumerate(_region_order(table))}
    att = att.assign(_r=att["region"].map(order))
    return att.sort_values(["_r", "row"], kind="stable").drop(columns="_r").reset_index(drop=True)


def _reason_label(reason: str, lang: str) -> str:
    if not reason:
        return ""
    if reason in _REASONS:
        return _pick(_REASONS[reason], lang)
    if reason.endswith(" achieved"):
        kind = reason[: -len(" achieved")]
        return label(
            lang,
            f"完成值为{_pick(KINDS.get(kind, (kind, kind)), 'zh')}",
            f"achieved is {_pick(KINDS.get(kind, (kind, kind)), 'en')}",
        )
    return reason


def review_13th(
    table: pd.DataFrame,
    lang: str = "zh",
    region: str | None = None,
    codebook: Any = None,
    outcome: str | None = None,
) -> pd.DataFrame:
    """Every district 13th-FYP target with what was achieved and whether it was met.

    The verdict is ``analysis.target_attainment``'s (numbers compared in the indicator's
    direction; text claims do not count as measurements). Columns: region, indicator,
    unit, target, achieved (as printed), assessment, why not assessable or the signed gap
    (positive = better than the target), the plan's own words and whether they agree with
    the numbers, and the source line. ``region`` and ``outcome`` (met / missed /
    not_assessable) select rows.
    """
    check_lang(lang)
    if region:
        _check_region(table, region)
    if outcome and outcome not in STATUSES:
        raise ParameterError(f"outcome {outcome!r} is not valid; valid values: {', '.join(STATUSES)}")
    att = attainment(table, codebook)
    if region:
        att = att[att["region"] == region]
    if outcome:
        att = att[att["outcome"] == outcome]
    names = _indicator_names(table, codebook, lang)
    zh_names = _indicator_names(table, codebook, "zh")
    from .. import analysis

    records = []
    for _, a in att.iterrows():
        name = _row_name(names, zh_names, a["indicator_id"], str(a["indicator_name_zh"]), lang)
        gap = a.get("gap_signed")
        evidence = str(a.get("evidence", "") or "")
        note = str(a.get("note_zh", "") or "")
        if note and note not in evidence:
            evidence = "；".join(x for x in (evidence, note) if x)
        agrees = a.get("agrees_with_claim")
        check = (
            ""
            if agrees is None or agrees is pd.NA or (isinstance(agrees, float) and math.isnan(agrees))
            else label(lang, "一致", "agrees")
            if bool(agrees)
            else label(lang, "不一致", "differs")
        )
        records.append(
            {
                "region": region_name(a["region"], lang),
                "indicator": name,
                "unit": a["unit"],
                "target": a["target_raw"],
                "achieved": a["achieved_raw"],
                "status": analysis.label(a["outcome"].replace("_", " "), lang),
                "basis": (
                    _reason_label(a["reason"], lang)
                    if a["outcome"] == "not_assessable"
                    else label(lang, "差距 ", "gap ") + f"{gap:+.4g}"
                    if gap is not None and not (isinstance(gap, float) and math.isnan(gap))
                    else ""
                ),
                "evidence": evidence,
                "claim_check": check,
                "source": _source(a),
            }
        )
    columns = [
        "region",
        "indicator",
        "unit",
        "target",
        "achieved",
        "status",
        "basis",
        "evidence",
        "claim_check",
        "source",
    ]
    if region:  # one region: the column would repeat its name on every row
        columns.remove("region")
    return _relabel(pd.DataFrame(records, columns=columns), lang)


def review_summary(table: pd.DataFrame, lang: str = "zh", codebook: Any = None) -> pd.DataFrame:
    """Counts of met / missed / not assessable 13th-FYP targets per district."""
    from .. import analysis

    check_lang(lang)
    att = attainment(table, codebook)
    regions = [r for r in _region_order(table) if r in set(att["region"])]
    counts = pd.crosstab(att["region"], att["outcome"]).reindex(
        index=regions, columns=list(STATUSES), fill_value=0
    )
    counts[header("total", lang)] = counts.sum(axis=1)
    counts.columns = [
        analysis.label(c.replace("_", " "), lang) if c in STATUSES else c for c in counts.columns
    ]
    counts.index = [region_name(r, lang) for r in counts.index]
    counts.index.name = header("region", lang)
    return counts.astype(int)


def review_figure(table: pd.DataFrame, lang: str = "zh", codebook: Any = None) -> Figure:
    """Stacked bars: how many 13th-FYP targets each district met, missed, could not assess."""
    from .. import analysis

    check_lang(lang)
    att = attainment(table, codebook)
    regions = [r for r in _region_order(table) if r in set(att["region"])]
    counts = pd.crosstab(att["region"], att["outcome"]).reindex(
        index=regions, columns=list(STATUSES), fill_value=0
    )
    fig = _figure(8.0, 1.6 + 0.6 * len(regions))
    ax = fig.add_subplot()
    left = pd.Series(0, index=counts.index)
    ylabels = [region_name(r, lang) for r in counts.index]
    for s in STATUSES:
        ax.barh(
            ylabels,
            counts[s],
            left=left,
            color=_STATUS_COLOURS[s],
            label=analysis.label(s.replace("_", " "), lang),
            height=0.6,
        )
        for y, (r, n) in enumerate(counts[s].items()):
            if n:
                ax.text(
                    left[r] + n / 2,
                    y,
                    str(n),
                    ha="center",
                    va="center",
                    fontsize=9,
                    color="white" if s != "not_assessable" else _TEXT,
                )
        left = left + counts[s]
    ax.invert_yaxis()
    ax.set_xlabel(label(lang, "目标数", "Targets"))
    ax.grid(axis="y", visible=False)
    handles, _labels = ax.get_legend_handles_labels()
    _legend_below(ax, handles, ncol=3)
    ax.set_title(
        label(
            lang,
            "“十三五”目标完成情况（按数值判断）",
            "13th FYP targets: met, missed, not assessable (by the numbers)",
        )
    )
    return fig


def _one_indicator(table: pd.DataFrame, indicator_id: str | None) -> pd.DataFrame:
    """The rows of one indicator (both periods), or all rows when none is named.

    Ambition (ranks included) and continuity are computed within an indicator, so on these
    rows alone they give the same result as on the whole table, in a fraction of the time
    (a test compares the two for every indicator).
    """
    return table[table["indicator_id"] == indicator_id] if indicator_id else table


def ambition_table(
    table: pd.DataFrame,
    codebook: Any = None,
    indicator_id: str | None = None,
    region: str | None = None,
    lang: str = "zh",
) -> pd.DataFrame:
    """``analysis.ambition`` for display: how far each 14th target moves from its baseline.

    Columns: region, indicator, baseline and target as printed, change, implied annual rate,
    the 2015->2020 rate achieved in the 13th FYP and the ratio of the two, the share of the
    headroom to the codebook limit the target uses, the class (improve / hold / relax /
    assigned …) with its reason, the rank among plans and the source line.
    """
    from .. import analysis

    check_lang(lang)
    if indicator_id:
        _check_indicator(table, indicator_id)
    amb = analysis.ambition(_one_indicator(table, indicator_id), codebook)
    if amb.empty:  # keep the columns for an empty display table
        amb = analysis.ambition(table, codebook).iloc[:0]
    if region:
        _check_region(table, region)
        amb = amb[amb["region"] == region]
    names = _indicator_names(table, codebook, lang)
    zh_names = _indicator_names(table, codebook, "zh")
    order = {r: i for i, r in enumerate(_region_order(table))}
    amb = amb.assign(_r=amb["region"].map(order)).sort_values(["_r", "row"], kind="stable")
    headers = {
        "change": ("变化（目标−基期）", "Change (target − baseline)"),
        "rate": ("年均变化", "Annual change"),
        "past": ("“十三五”年均变化", "13th FYP annual change"),
        "ratio": ("提速倍数", "Rate ratio"),
        "headroom": ("占剩余空间", "Headroom used"),
        "class": ("雄心", "Ambition"),
        "reason": ("说明", "Reason"),
        "rank": ("排名", "Rank"),
    }
    records = []
    for _, a in amb.iterrows():
        rank = a.get("rank")
        records.append(
            {
                "region": region_name(a["region"], lang),
                "indicator": _row_name(names, zh_names, a["indicator_id"], str(a["indicator_name_zh"]), lang),
                "baseline": a["baseline_raw"],
                "target": a["target_raw"],
                "change": _signed(a["abs_change"]),
                "rate": _with_unit(a["annual_rate"], a["rate_unit"]),
                "past": _with_unit(a["achieved_rate"], a["rate_unit"]),
                "ratio": _plain(a["rate_ratio"]),
                "headroom": (f"{a['headroom_used']:.0%}" if not _isnan(a["headroom_used"]) else "")
                + (
                    f" ({a['headroom_kind']})"
                    if a.get("headroom_kind") and lang == "en"
                    else f"（{_HEADROOM_ZH.get(a['headroom_kind'], a['headroom_kind'])}）"
                    if a.get("headroom_kind")
                    else ""
                ),
                "class": analysis.label(a["ambition_class"], lang) if a["ambition_class"] else "",
                "reason": a["reason"] if lang == "en" else _reason_zh(a["reason"]),
                "rank": "" if rank is None or rank is pd.NA or _isnan(rank) else str(int(rank)),
                "source": _source(a),
            }
        )
    columns = [
        "region",
        "indicator",
        "baseline",
        "target",
        "change",
        "rate",
        "past",
        "ratio",
        "headroom",
        "class",
        "reason",
        "rank",
        "source",
    ]
    columns = [c for c in columns if not ((c == "region" and region) or (c == "indicator" and indicator_id))]
    df = pd.DataFrame(records, columns=columns)
    df = df.rename(columns={k: _pick(v, lang) for k, v in headers.items()})
    return _relabel(df, lang)


_HEADROOM_ZH = {"gap closed": "缩小与上限差距", "slack used": "用去标准余量"}
_REASON_ZH = {
    "no target": "无目标值",
    "no numeric baseline": "无基期数值",
    "neutral direction": "方向中性",
    "ordinal water class: no rate": "水质类别：不计算速率",
    "flow over the period (reduction/increment), not a level": "期间累计量（降低率/增量），非存量水平",
}


def _reason_zh(reason: str) -> str:
    if not reason:
        return ""
    if reason in _REASON_ZH:
        return _REASON_ZH[reason]
    if reason.startswith("cumulative five-year figure"):
        return "五年累计值"
    if reason.startswith("target is "):
        kind = reason[len("target is ") :].split(":")[0]
        return f"目标为{_pick(KINDS.get(kind, (kind, kind)), 'zh')}"
    return reason


def _isnan(v: Any) -> bool:
    try:
        return v is None or v is pd.NA or math.isnan(float(v))
    except (TypeError, ValueError):
        return False


def _plain(v: Any, digits: int = 3) -> str:
    return "" if _isnan(v) else f"{float(v):.{digits}g}"


def _signed(v: Any) -> str:
    return "" if _isnan(v) else f"{float(v):+.4g}"


def _with_unit(v: Any, unit: str) -> str:
    return "" if _isnan(v) else f"{float(v):+.3g} {unit}"


_CONTINUITY = {
    "equal": ("一致", "equal"),
    "mismatch": ("不一致", "mismatch"),
    "not comparable": ("不可比", "not comparable"),
}


def continuity_table(
    table: pd.DataFrame, indicator_id: str | None = None, region: str | None = None, lang: str = "zh"
) -> pd.DataFrame:
    """``analysis.continuity`` for display: does the 14th plan's 2020 baseline repeat the
    2020 value its 13th-FYP review reported? Both cells as printed, with both source lines."""
    from .. import analysis

    check_lang(lang)
    if indicator_id:
        _check_indicator(table, indicator_id)
    con = analysis.continuity(_one_indicator(table, indicator_id))
    if con.empty:  # keep the columns for an empty display table
        con = analysis.continuity(table).iloc[:0]
    if con.empty and not len(con.columns):
        return con
    if region:
        _check_region(table, region)
        con = con[con["region"] == region]
    order = {r: i for i, r in enumerate(_region_order(table))}
    con = con.assign(_r=con["region"].map(order)).sort_values("_r", kind="stable")
    names = _indicator_names(table, None, lang)
    headers = {
        "achieved_2020": ("“十三五”报告的2020年值", "2020 value in the 13th FYP review"),
        "baseline_2020": ("“十四五”2020年基期值", "2020 baseline in the 14th FYP"),
        "status": ("核对", "Check"),
        "reason": ("说明", "Reason"),
        "printed_13th": ("“十三五”表中名称", "Name in 13th table"),
        "printed_14th": ("“十四五”表中名称", "Name in 14th table"),
    }
    records = [
        {
            "region": region_name(c["region"], lang),
            "indicator": names.get(c["indicator_id"], c["indicator_id"]),
            "printed_13th": c["indicator_name_zh_13th"],
            "printed_14th": c["indicator_name_zh_14th"],
            "achieved_2020": c["achieved_2020_raw"],
            "baseline_2020": c["baseline_2020_raw"],
            "status": _pick(_CONTINUITY.get(c["status"], (c["status"], c["status"])), lang),
            "reason": c["reason"],
            "source": f"{c['source_file']}:{int(c['source_line_13th'])} → {int(c['source_line_14th'])}",
        }
        for _, c in con.iterrows()
    ]
    columns = [
        "region",
        "indicator",
        "printed_13th",
        "printed_14th",
        "achieved_2020",
        "baseline_2020",
        "status",
        "reason",
        "source",
    ]
    columns = [c for c in columns if not ((c == "region" and region) or (c == "indicator" and indicator_id))]
    df = pd.DataFrame(records, columns=columns)
    df = df.rename(columns={k: _pick(v, lang) for k, v in headers.items()})
    return _relabel(df, lang)


# ------------------------------------------------------------------------------ maps


def map_indicators(table: pd.DataFrame, indicator_id: str, n: int = 4, period: str = "14th") -> list[str]:
    """``indicator_id`` and the next indicators most often set with a number, for small multiples."""
    t = table[(table["period"] == period) & table["target_value"].notna() & table["region"].isin(districts())]
    counts = t.groupby("indicator_id")["region"].nunique().sort_values(ascending=False, kind="stable")
    ranked = sorted(counts.index, key=lambda i: (-counts[i], i))
    return [indicator_id, *[i for i in ranked if i != indicator_id][: max(n - 1, 0)]]
