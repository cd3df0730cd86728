"""One look for every figure and one way out: the seaborn theme with the CJK font, the
colours, and ``render``/``save``/``show`` (a figure is drawn once, saved atomically, displayed).
"""

from __future__ import annotations

import math
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .. import paths
from ..files import write_bytes
from . import fonts

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure


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


def figure_root() -> Path:
    """Where relative ``figures_dir`` folders live: ``COMPARE_FIGURES_ROOT`` if set (the run
    helper points it at a staging directory while a report runs), else ``reports/``."""
    return Path(os.environ.get("COMPARE_FIGURES_ROOT") or paths.REPORTS)


def _figure_folder(figures_dir: str | os.PathLike | None) -> Path | None:
    if not figures_dir:
        return None
    folder = Path(figures_dir)
    return folder if folder.is_absolute() else figure_root() / folder


def _figure_target(figures_dir: str | os.PathLike | None, name: str) -> Path | None:
    folder = _figure_folder(figures_dir)
    return None if folder is None else folder / f"{name}.png"


#: The label compare.maps gives its figures: their axes are placed by hand to fill them.
MAP_FIGURE_LABEL = "compare.maps"
#: Width of the text on an A4 portrait page (210 mm less 2 x 15 mm margins), in inches.
PAGE_WIDTH_IN = 180 / 25.4
#: Smallest text a printed figure may carry, in points.
MIN_PRINT_PT = 7.0


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


def _svg(fig: Figure) -> bytes:
    """SVG bytes of `fig`, the same from run to run (no date, fixed ids), text kept as text."""
    import io

    import matplotlib as mpl

    buf = io.BytesIO()
    trim: dict[str, Any] = {"bbox_inches": "tight"} if _needs_trim(fig) else {}
    with mpl.rc_context({"svg.hashsalt": "compare", "svg.fonttype": "none"}):
        fig.savefig(buf, format="svg", facecolor="white", metadata={"Date": None}, **trim)
    return buf.getvalue()


def wrap_em(text: str, width_em: float) -> str:
    """``text`` broken into lines of at most ``width_em`` em (CJK 1 em, others about 0.55),
    between words, or between CJK characters."""
    lines, line, used = [], "", 0.0
    for word in re.findall(r"[\u2e80-\uffff]|[^\s\u2e80-\uffff]+\s*|\s+", text):
        w = _text_em(word)
        if used + w > width_em and line:
            lines.append(line.rstrip())
            line, used = "", 0.0
        line += word
        used += w
    lines.append(line.rstrip())
    return "\n".join(lines)


def fitted_title(fig: Figure, text: str, fontsize: float, share: float = 0.95) -> str:
    """A title wrapped to ``share`` of the figure's width at ``fontsize`` (a title wider than
    its figure would be cut off at the edge)."""
    return wrap_em(text, fig.get_figwidth() * 72 / fontsize * share)


def source_line(fig: Figure, text: str) -> None:
    """The figure's source line, under everything else (constrained layout makes room),
    wrapped to the figure's width."""
    width_em = fig.get_figwidth() * 72 / MIN_PRINT_PT * 0.97
    lines, line, used = [], "", 0.0
    for word in re.findall(r"[\u2e80-\uffff]|[^\s\u2e80-\uffff]+\s*|\s+", text):
        w = _text_em(word)
        if used + w > width_em and line:
            lines.append(line.rstrip())
            line, used = "", 0.0
        line += word
        used += w
    lines.append(line.rstrip())
    fig.supxlabel("\n".join(lines), x=0.01, ha="left", fontsize=MIN_PRINT_PT, color=_MUTED)


def legend_below(ax: Any, handles: list, ncol: int = 3, gap: float = 34.0) -> None:
    """A legend ``gap`` points under the axes (clear of the axis label), above the source
    line: constrained layout counts it as part of the axes."""
    _legend_below(ax, handles, ncol, gap)


def attach_data(fig: Figure, data: pd.DataFrame) -> Figure:
    """Record the data ``fig`` draws, exactly as drawn: `render` writes it beside the image
    as CSV, so a reader can replot or check the figure."""
    fig._compare_data = data  # type: ignore[attr-defined]
    return fig


def grid_data(**grids: pd.DataFrame | None) -> pd.DataFrame:
    """Indicator × region grids as the long table `attach_data` records: one row per cell
    of the first grid (its empty cells dropped, as drawn), the other grids' values beside.
    Every grid has indicator ids down and region keys across."""
    (first, grid), *others = grids.items()
    if grid is None:
        raise ValueError(f"grid_data: the first grid ({first}) is needed")
    data = grid.stack().rename(first).reset_index()
    data.columns = ["indicator_id", "region", first]
    keys = pd.MultiIndex.from_frame(data[["indicator_id", "region"]])
    for name, other in others:
        if other is not None:
            data[name] = other.stack().reindex(keys).to_numpy()
    return data


def describe(fig: Figure, text: str) -> Figure:
    """Record what ``fig`` shows in words: the image's alt text."""
    fig._compare_alt = text  # type: ignore[attr-defined]
    return fig


def figure_data(fig: Figure) -> pd.DataFrame | None:
    """The data recorded with `attach_data`, or None."""
    data = getattr(fig, "_compare_data", None)
    return data if isinstance(data, pd.DataFrame) else None


def alt_text(fig: Figure) -> str:
    """The figure's description: the one given to `describe`, else its titles, axis labels
    and legend entries in words (never the notebook's 'No description has been provided')."""
    given = getattr(fig, "_compare_alt", None)
    if given:
        return str(given)
    parts: list[str] = []
    suptitle = getattr(fig, "_suptitle", None)
    if suptitle is not None and suptitle.get_text():
        parts.append(suptitle.get_text())
    for ax in fig.axes:
        for title in (ax.get_title("left"), ax.get_title("center"), ax.get_title("right")):
            if title.strip():
                parts.append(" ".join(title.split()))
        for lab in (ax.get_xlabel(), ax.get_ylabel()):
            if lab.strip():
                parts.append(" ".join(lab.split()))
        legend = ax.get_legend()
        if legend is not None:
            entries = [t.get_text() for t in legend.get_texts() if t.get_text().strip()]
            if entries:
                parts.append("; ".join(entries))
    seen: list[str] = []
    for part in parts:
        if part not in seen:
            seen.append(part)
    return ". ".join(seen)


def print_scale(fig: Figure) -> float:
    """How much a figure shrinks on an A4 portrait page (1.0 if it fits at its own size)."""
    width = float(fig.get_figwidth())
    return min(1.0, PAGE_WIDTH_IN / width) if width > 0 else 1.0


def smallest_text_pt(fig: Figure) -> float:
    """The smallest font size of any visible text of ``fig`` at print size, in points."""
    from matplotlib.text import Text

    sizes = [
        float(t.get_fontsize())
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip() and t.figure is not None
    ]
    return round(min(sizes) * print_scale(fig), 2) if sizes else 0.0


def _csv_cell(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``) is
    prefixed with an apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


def _csv(data: pd.DataFrame) -> bytes:
    safe = data.apply(lambda col: col.map(_csv_cell) if col.dtype == object else col)
    return safe.to_csv(index=False, lineterminator="\n").encode("utf-8-sig")


def _href(figures_dir: str | os.PathLike, filename: str) -> str | None:
    """A figure file's link relative to the report page (pages sit at the figure root)."""
    folder = Path(figures_dir)
    if folder.is_absolute():
        return None
    return (folder / filename).as_posix()


def save(fig: Figure, figures_dir: str | os.PathLike | None, name: str, dpi: int = 150) -> Path | None:
    """Save ``fig`` as ``<figures_dir>/<name>.png`` (and ``.svg``, and ``.csv`` of its data
    when recorded) if ``figures_dir`` is set, else nothing.

    A relative ``figures_dir`` (``figures/overview``) is taken under `figure_root` so a
    notebook never needs a ``../`` path; files are written atomically.
    """
    target = _figure_target(figures_dir, name)
    if target is not None:
        _write_files(fig, target, _png(fig, dpi))
    return target


def _write_files(fig: Figure, target: Path, png: bytes) -> dict[str, Path]:
    written = {"png": write_bytes(target, png), "svg": write_bytes(target.with_suffix(".svg"), _svg(fig))}
    data = figure_data(fig)
    if data is not None:
        written["csv"] = write_bytes(target.with_suffix(".csv"), _csv(data))
    return written


class RenderedFigure:
    """A figure drawn once: its PNG, its description and the links to its files.

    Shown in a notebook (and so in the report) as an HTML ``<figure>``: the PNG embedded
    with real alt text, at its printed size, and under it links to PNG, SVG and CSV.
    """

    def __init__(self, png: bytes, dpi: int, alt: str, links: dict[str, str], min_pt: float):
        self.data, self.dpi, self.alt, self.links, self.min_pt = png, dpi, alt, links, min_pt

    @property
    def width_in(self) -> float:
        return int.from_bytes(self.data[16:20], "big") / self.dpi  # the PNG IHDR chunk: width

    @property
    def width(self) -> int:
        """Width in CSS pixels (100 per figure inch, as the inline backend shows figures)."""
        return round(self.width_in * 100)

    def _repr_html_(self) -> str:
        import base64
        import html

        src = "data:image/png;base64," + base64.b64encode(self.data).decode("ascii")
        img = (
            f'<img src="{src}" alt="{html.escape(self.alt, quote=True)}" '
            f'style="width: {min(self.width_in, PAGE_WIDTH_IN):.3f}in">'
        )
        caption = ""
        if self.links:
            anchors = " · ".join(
                f'<a href="{html.escape(href, quote=True)}">{kind.upper()}</a>'
                for kind, href in self.links.items()
            )
            caption = f'<figcaption class="figure-files">{anchors}</figcaption>'
        return f'<figure class="report-figure" data-min-pt="{self.min_pt:.2f}">{img}{caption}</figure>'

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/html": self._repr_html_(), "text/plain": self.alt}


def render(
    fig: Figure,
    figures_dir: str | os.PathLike | None = None,
    name: str = "figure",
    dpi: int = 150,
    *,
    alt: str | None = None,
) -> RenderedFigure:
    """Draw ``fig`` once to PNG, save it as :func:`save` does, and return it for display.

    Ending a cell with ``fig`` would make the inline backend draw the figure a second time
    after ``save``; drawing is most of a report's work, so a report shows the very bytes
    it saved. With ``figures_dir`` the PNG, an SVG and the CSV of the drawn data (see
    `attach_data`) are written and linked under the image, relative to the page.
    """
    if alt:
        describe(fig, alt)
    png = _png(fig, dpi)
    target = _figure_target(figures_dir, name)
    links: dict[str, str] = {}
    if target is not None and figures_dir:
        written = _write_files(fig, target, png)
        for kind, path in written.items():
            href = _href(figures_dir, path.name)
            if href:
                links[kind] = href
    return RenderedFigure(png, dpi, alt_text(fig), links, smallest_text_pt(fig))


def show(
    df: pd.DataFrame,
    index: bool | None = None,
    precision: int = 2,
    trim_zeros: bool = False,
    *,
    quoted: list[str] | tuple[str, ...] | None = None,
    counts: dict[str, int] | None = None,
):
    """A table for a report: every value escaped for HTML, the index hidden when it is only
    row numbers, NaN as blank, floats with ``precision`` decimals (``trim_zeros``: at most
    that many, so 310.0 shows as 310 and 0.064 as 0.064 in the same column).

    Short columns (region, status, numbers) never wrap; long text columns keep a readable
    width; a table too wide for a portrait page is set on a landscape page. ``quoted``
    names columns that quote the documents (default: the headers in
    `labels.quoted_headers`, such as printed names, cells as printed and notes): in an
    English report they are the only place Chinese may appear (cells of class ``quote``).

    The HTML ids derive from the content (pandas would draw a random uuid), so the same
    table renders to the same page on every run. ``counts`` (`claims.column_totals`) are
    written into the table as ``data-counts``, for the check that every headline agrees
    with its tables (`claims.mismatches`).
    """
    import hashlib
    import html as htmlmod

    digest = hashlib.sha1(df.to_csv().encode("utf-8")).hexdigest()[:10]
    # the Styler escapes cells and labels, not the names of the index and column levels
    df = df.copy()
    df.index.names = [None if n is None else htmlmod.escape(str(n)) for n in df.index.names]
    df.columns.names = [None if n is None else htmlmod.escape(str(n)) for n in df.columns.names]
    if trim_zeros:
        styler = df.style.format(_trimmed(precision), na_rep="", escape="html").set_uuid(digest)
    else:
        styler = df.style.format(na_rep="", precision=precision, escape="html").set_uuid(digest)
    styler = styler.format_index(escape="html", axis=0).format_index(escape="html", axis=1)
    hide_index = index is False or (index is None and isinstance(df.index, pd.RangeIndex))
    if hide_index:
        styler = styler.hide(axis="index")
    widths = _column_widths(df, hide_index)
    classes = pd.DataFrame("", index=df.index, columns=df.columns)
    from .labels import quoted_headers

    quotes = {str(q) for q in quoted} if quoted is not None else set(quoted_headers())
    for j, col in enumerate(df.columns):
        kind = "nowrap" if widths[j][1] else "text"
        if str(col) in quotes or htmlmod.escape(str(col)) in quotes:
            kind += " quote"
        classes.iloc[:, j] = kind
    if not df.empty and df.index.is_unique and df.columns.is_unique:
        styler = styler.set_td_classes(classes)
    total = sum(w for w, _ in widths) + (0 if hide_index else _index_width(df))
    layout = (
        "portrait"
        if total <= PORTRAIT_EM
        else "portrait tight"
        if total <= PORTRAIT_TIGHT_EM
        else "landscape"
        if total <= LANDSCAPE_EM
        else "landscape tight"
    )
    from .claims import counts_attr

    extra = counts_attr(counts) if counts else ""
    return styler.set_table_attributes(f'class="report-table {layout}" data-width-em="{total:.0f}"{extra}')


class _Html:
    """An HTML fragment for display (IPython shows ``text/html``)."""

    def __init__(self, html: str, plain: str):
        self.html, self.plain = html, plain

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/html": self.html, "text/plain": self.plain}


def heading(text: str, level: int = 2, anchor: str | None = None, new_page: bool = False) -> _Html:
    """A heading whose text may come from a document or the manifest: always escaped
    (``Markdown(f"## {name}")`` would let a name carrying HTML into the page).
    ``new_page`` starts a new page before it in print."""
    import html

    if level not in range(1, 7):
        raise ValueError(f"heading level {level} is not 1..6")
    ident = f' id="{html.escape(anchor, quote=True)}"' if anchor else ""
    klass = ' class="new-page"' if new_page else ""
    return _Html(f"<h{level}{ident}{klass}>{html.escape(str(text))}</h{level}>", str(text))


def table(df: pd.DataFrame, lang: str, **kwargs: Any) -> Any:
    """`show` for a table that may be empty: an empty one is a short "(none)" line."""
    from .labels import text

    if df.empty:
        return paragraph(text("empty", lang))
    return show(df, **kwargs)


def paragraph(text: str) -> _Html:
    """A paragraph of plain text, escaped."""
    import html

    return _Html(f"<p>{html.escape(str(text))}</p>", str(text))


def section(key: str, lang: str, level: int = 2, anchor: str | None = None, **values: Any) -> _Html:
    """A report section's heading and, when `labels.REPORT_TEXTS` has one, its intro
    paragraph (``key + ".intro"``), in ``lang``."""
    from .labels import REPORT_TEXTS, text

    parts = [heading(text(key, lang, **values), level, anchor)]
    if f"{key}.intro" in REPORT_TEXTS:
        parts.append(paragraph(text(f"{key}.intro", lang, **values)))
    return _Html("\n".join(p.html for p in parts), "\n\n".join(p.plain for p in parts))


def report_title(kind: str, lang: str, subject: str | None = None) -> _Html:
    """The report's title (H1, with its subject: an indicator or region name) and its
    intro paragraph, from `labels.REPORT_TEXTS` (``kind.title``, ``kind.intro``)."""
    from .labels import REPORT_TEXTS, text

    title = text(f"{kind}.title", lang)
    if subject:
        from ..words import word

        title += word("punct.colon", lang) + subject
    parts = [heading(title, 1)]
    if f"{kind}.intro" in REPORT_TEXTS:
        parts.append(paragraph(text(f"{kind}.intro", lang)))
    return _Html("\n".join(p.html for p in parts), "\n\n".join(p.plain for p in parts))


def contents(items: list[tuple[str, str]], lang: str) -> _Html:
    """A table of contents: (anchor, title) pairs linked to their headings; the PDF adds
    each heading's page number."""
    import html

    from .labels import text

    lis = "".join(
        f'<li><a href="#{html.escape(anchor, quote=True)}">{html.escape(title)}</a></li>'
        for anchor, title in items
    )
    return _Html(
        f'<nav class="toc"><h2>{html.escape(text("atlas.contents", lang))}</h2><ol>{lis}</ol></nav>',
        "\n".join(title for _, title in items),
    )


#: Table widths (in em of the printed table font) that fit a portrait / landscape A4 page.
PORTRAIT_EM = 56.0
LANDSCAPE_EM = 84.0
#: A table up to this wide stays on a portrait page in the tight font (0.68 em of 0.78: 7.1 pt):
#: every turn to a landscape page starts a new page, and the text before it can be left alone.
PORTRAIT_TIGHT_EM = PORTRAIT_EM * 0.78 / 0.68


def _text_em(text: str) -> float:
    """Printed width of ``text`` in em: CJK and full-width characters 1, others about 0.55."""
    return sum(1.0 if ord(ch) > 0x2E7F else 0.55 for ch in text)


def _longest_word_em(text: str) -> float:
    words = text.split()
    return max((_text_em(w) for w in words), default=0.0)


def _column_widths(df: pd.DataFrame, hide_index: bool) -> list[tuple[float, bool]]:
    """Per column: the width it needs (em, padding included) and whether it stays on one line.

    A column whose longest cell is short (at most 12 em) never wraps; a longer text column
    gets room for its longest word and about 10 em, and wraps."""
    out = []
    for j, col in enumerate(df.columns):
        cells = ["" if pd.isna(v) else str(v) for v in df.iloc[:, j].tolist()] if len(df) else []
        head = " ".join(str(c) for c in (col if isinstance(col, tuple) else (col,)))
        longest = max((_text_em(c) for c in cells), default=0.0)
        head_word = max(_longest_word_em(head), min(_text_em(head), 3.0))
        one_word = all(not any(ch.isspace() or ord(ch) > 0x2E7F for ch in c) for c in cells)
        if longest <= 12.0 or (one_word and longest <= 18.0):  # short cells, or one ASCII word each
            out.append((max(longest, head_word, 2.0) + 0.8, True))
        else:
            out.append((max(9.0, min(longest / 3, 16.0), head_word) + 0.8, False))
    return out


def _index_width(df: pd.DataFrame) -> float:
    total = 0.0
    for level in range(df.index.nlevels):
        values = [str(v) for v in df.index.get_level_values(level)]
        total += min(max((_text_em(v) for v in values), default=2.0), 12.0) + 0.8
    return total


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


_CHANGE_COLOURS = {"better": _BETTER, "worse": _WORSE, "same": _FLAT, "alone": _TEXT}


def _change_kind(b: float, t: float, direction: str) -> str:
    """better / worse / same (target vs baseline, in the codebook's direction) or alone."""
    if math.isnan(b) or math.isnan(t):
        return "alone"
    if abs(t - b) < 1e-9 or direction == "neutral":
        return "same"
    better = t > b if direction == "higher_is_better" else t < b
    return "better" if better else "worse"
