"""What a figure draws and says, recorded beside it: its data (written as CSV next to the
image) and its description (the image's alt text)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure


#: What each figure draws and says, as `attach_data` and `describe` record it (``data``,
#: ``alt``), read back by `figure_data` and `alt_text`. Kept beside the figures rather than
#: as attributes on them, so a matplotlib Figure carries nothing of ours; an entry goes
#: when its figure does.
_RECORDS: WeakKeyDictionary[Figure, dict[str, Any]] = WeakKeyDictionary()


def attach_data(fig: Figure, data: pd.DataFrame) -> Figure:
    """Record the data ``fig`` draws, exactly as drawn: `render` writes it beside the image
    as CSV, so a reader can replot or check the figure."""
    _RECORDS.setdefault(fig, {})["data"] = data
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
    _RECORDS.setdefault(fig, {})["alt"] = text
    return fig


def figure_data(fig: Figure) -> pd.DataFrame | None:
    """The data recorded with `attach_data`, or None."""
    data = _RECORDS.get(fig, {}).get("data")
    return data if isinstance(data, pd.DataFrame) else None


def alt_text(fig: Figure) -> str:
    """The figure's description: the one given to `describe`, else its titles, axis labels
    and legend entries in words (never the notebook's 'No description has been provided')."""
    given = _RECORDS.get(fig, {}).get("alt")
    if given:
        return str(given)
    parts: list[str] = []
    if fig.get_suptitle():
        parts.append(fig.get_suptitle())
    for ax in fig.axes:
        parts += _axes_words(ax)
    seen: list[str] = []
    for part in parts:
        if part not in seen:
            seen.append(part)
    return ". ".join(seen)


def _axes_words(ax: Any) -> list[str]:
    """An axes' titles, axis labels and legend entries, each on one line."""
    texts = [
        ax.get_title("left"),
        ax.get_title("center"),
        ax.get_title("right"),
        ax.get_xlabel(),
        ax.get_ylabel(),
    ]
    parts = [" ".join(t.split()) for t in texts if t.strip()]
    legend = ax.get_legend()
    if legend is not None:
        entries = [t.get_text() for t in legend.get_texts() if t.get_text().strip()]
        if entries:
            parts.append("; ".join(entries))
    return parts
