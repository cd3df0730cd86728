"""One way out for every figure: drawn once (``render``), saved atomically as PNG, SVG and
the CSV of its data (``save``), and shown with its alt text and links."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .. import paths
from ..files import write_bytes
from .records import alt_text, describe, figure_data
from .theme import PAGE_WIDTH_IN

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure


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
