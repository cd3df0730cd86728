"""One look for every figure: the seaborn theme with the CJK font, the colours, the page's
sizes, and the marks every chart shares (titles fitted to the figure, the source line, a
legend under the axes, how a target moves from its baseline)."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

from . import fonts

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure


# Colours: one palette for every figure.
#: A baseline (the start of a change).
BASELINE_COLOUR = "#8c8c8c"


_BETTER = "#1b7837"


_WORSE = "#b2182b"


_FLAT = "#4d6d9a"


#: The municipal plan beside the districts.
MUNICIPAL_COLOUR = "#d95f02"


#: Text and dark marks.
TEXT_COLOUR = "#222222"


#: Secondary text (notes, source lines) and muted marks.
MUTED_COLOUR = "#666666"


#: Coverage cells by how a plan sets an indicator (binding, expected, listed, absent).
COVERAGE_COLOURS = {"binding": "#1f5f8b", "expected": "#7fb2d5", "listed": "#c9a66b", "": "#f4f4f4"}


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


def new_figure(width: float, height: float) -> Figure:
    """A new figure in the suite's theme, with constrained layout.

    Parameters
    ----------
    width, height : float
        Its size in inches.

    Returns
    -------
    matplotlib.figure.Figure
        A figure outside pyplot's state (nothing is shown or kept by pyplot).
    """
    from matplotlib.figure import Figure

    set_style()
    return Figure(figsize=(width, height), layout="constrained")


#: Width of the text on an A4 portrait page (210 mm less 2 x 15 mm margins), in inches.
PAGE_WIDTH_IN = 180 / 25.4


#: Smallest text a printed figure may carry, in points.
MIN_PRINT_PT = 7.0


def wrap_em(text: str, width_em: float) -> str:
    """``text`` broken into lines of at most ``width_em`` em (CJK 1 em, others about 0.55),
    between words, or between CJK characters."""
    lines, line, used = [], "", 0.0
    for word in re.findall(r"[\u2e80-\uffff]|[^\s\u2e80-\uffff]+\s*|\s+", text):
        w = text_em(word)
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
    fig.supxlabel(wrap_em(text, width_em), x=0.01, ha="left", fontsize=MIN_PRINT_PT, color=MUTED_COLOUR)


def legend_below(ax: Any, handles: list, ncol: int = 3, gap: float = 34.0) -> None:
    """A legend ``gap`` points under the axes (clear of the axis label), above the source
    line: constrained layout counts it as part of the axes."""
    _legend_below(ax, handles, ncol, gap)


def text_em(text: str) -> float:
    """Printed width of ``text`` in em: CJK and full-width characters 1, others about 0.55."""
    return sum(1.0 if ord(ch) > 0x2E7F else 0.55 for ch in text)


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
        color=MUTED_COLOUR,
        annotation_clip=False,
    )


#: A target against its baseline, by `change_kind`.
CHANGE_COLOURS = {"better": _BETTER, "worse": _WORSE, "same": _FLAT, "alone": TEXT_COLOUR}


def change_kind(b: float, t: float, direction: str) -> str:
    """How a target moves from its baseline, in the codebook's direction.

    Parameters
    ----------
    b, t : float
        Baseline and target (NaN when missing).
    direction : str
        ``higher_is_better``, ``lower_is_better`` or ``neutral``.

    Returns
    -------
    str
        ``better``, ``worse``, ``same`` (equal, or a neutral direction) or ``alone``
        (either value missing); the keys of `CHANGE_COLOURS`.
    """
    if math.isnan(b) or math.isnan(t):
        return "alone"
    if abs(t - b) < 1e-9 or direction == "neutral":
        return "same"
    better = t > b if direction == "higher_is_better" else t < b
    return "better" if better else "worse"
