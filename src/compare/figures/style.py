"""One look for every figure and one way out: the seaborn theme with the CJK font, the
colours, and ``render``/``save``/``show`` (a figure is drawn once, saved atomically, displayed).
"""

from __future__ import annotations

import math
import os
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
    """The folder a relative ``figures_dir`` is under: ``COMPARE_FIGURES_ROOT`` (set by the
    report runner to the report's staging folder while it renders) or ``reports/``."""
    return Path(os.environ.get("COMPARE_FIGURES_ROOT") or paths.REPORTS)


def _figure_target(figures_dir: str | os.PathLike | None, name: str) -> Path | None:
    if not figures_dir:
        return None
    folder = Path(figures_dir)
    if not folder.is_absolute():
        folder = figure_root() / folder
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
