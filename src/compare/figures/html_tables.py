"""Tables for a report page: every value escaped, widths that fit a portrait page (or a
landscape one), and the same HTML on every run."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .fragments import paragraph
from .theme import text_em


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
    layout = table_layout(total)
    from .claims import counts_attr

    extra = counts_attr(counts) if counts else ""
    return styler.set_table_attributes(f'class="report-table {layout}" data-width-em="{total:.0f}"{extra}')


def table(df: pd.DataFrame, lang: str, **kwargs: Any) -> Any:
    """`show` for a table that may be empty: an empty one is a short "(none)" line."""
    from .labels import text

    if df.empty:
        return paragraph(text("empty", lang))
    return show(df, **kwargs)


#: Table widths (in em of the printed table font) that fit a portrait / landscape A4 page.
PORTRAIT_EM = 56.0


LANDSCAPE_EM = 84.0
#: A table up to this wide stays on a portrait page in the tight font (0.68 em of 0.78: 7.1 pt):
#: every turn to a landscape page starts a new page, and the text before it can be left alone.
PORTRAIT_TIGHT_EM = PORTRAIT_EM * 0.78 / 0.68


def table_layout(width_em: float) -> str:
    """The classes that set a table ``width_em`` wide on its page.

    >>> [table_layout(w) for w in (50, 60, 70, 90)]
    ['portrait', 'portrait tight', 'landscape', 'landscape tight']
    """
    if width_em <= PORTRAIT_EM:
        return "portrait"
    if width_em <= PORTRAIT_TIGHT_EM:
        return "portrait tight"
    return "landscape" if width_em <= LANDSCAPE_EM else "landscape tight"


def _longest_word_em(text: str) -> float:
    words = text.split()
    return max((text_em(w) for w in words), default=0.0)


def _column_widths(df: pd.DataFrame, hide_index: bool) -> list[tuple[float, bool]]:
    """Per column: the width it needs (em, padding included) and whether it stays on one line.

    A column whose longest cell is short (at most 12 em) never wraps; a longer text column
    gets room for its longest word and about 10 em, and wraps."""
    out = []
    for j, col in enumerate(df.columns):
        cells = ["" if pd.isna(v) else str(v) for v in df.iloc[:, j].tolist()] if len(df) else []
        head = " ".join(str(c) for c in (col if isinstance(col, tuple) else (col,)))
        longest = max((text_em(c) for c in cells), default=0.0)
        head_word = max(_longest_word_em(head), min(text_em(head), 3.0))
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
        total += min(max((text_em(v) for v in values), default=2.0), 12.0) + 0.8
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
