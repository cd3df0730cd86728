"""Near-empty pages before a change of page orientation (issue #22 item 5).

A table too wide for a portrait page is set on a landscape page (`figures.html_tables.show`), and a
change of named page always starts a new page. The last lines of the text before it (a
paragraph's tail, a short note under a figure, a short section) can then be left alone on a
portrait page. `pack` lays the page out, finds each page that holds less than
`MIN_FILL` of its height in text and tables, has no picture and is followed by a landscape
page, and moves the text blocks laid out on it onto the next page's named page (they
open that page, above its table); then it lays the page out again. A short page next to a landscape page joins the landscape
run (`_continue_landscape`), and a paragraph whose last lines open a short page moves whole.
A figure never moves, and nothing changes on a page that is full enough (`AIM`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

__all__ = ["AIM", "LONG", "MIN_FILL", "MOVABLE", "pack", "page_box", "page_fill", "short_pages"]

#: A page without a picture holds at least this share of its height in text or tables (the
#: check of tests/test_report_outputs.py).
MIN_FILL = 0.25
#: The share `pack` aims at: a laid-out line box holds its leading, which the check (glyph
#: extents in the PDF) does not count, so a page at `MIN_FILL` here can be short there.
AIM = MIN_FILL + 0.03
#: Blocks that may move to the next page: text, lists and headings (whole, never split).
MOVABLE = ("p", "ul", "ol", "h2", "h3", "h4", "pre", "blockquote")
#: A document longer than this many pages gets another round only while rounds take pages
#: off the short list; only tables of many districts make one (the suite's catalog of four
#: districts has 23 pages at most, where short pages may need rounds that do not).
LONG = 30
_ID = "data-pack"
_TURN = "page: landscape"
_WHOLE = "break-inside: avoid"
_KEEP = "break-before: avoid"


def page_box(page: Any) -> Any:
    """The laid-out box tree of a WeasyPrint page: WeasyPrint has no public call for it (a
    page exposes its boxes only as ``_page_box``); this is the one place pack reaches it."""
    return page._page_box


def _boxes(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def _is_margin(box: Any) -> bool:
    return type(box).__name__ == "MarginBox"


def page_fill(page: Any) -> tuple[float, bool]:
    """(share of the page's height its lines of text and tables cover, whether it shows a
    picture) of a laid-out WeasyPrint page; runs closer than 8 pt join, as in the test."""
    spans, picture = [], False
    stack = [page_box(page)]
    while stack:
        box = stack.pop()
        if _is_margin(box):
            continue
        kind = type(box).__name__
        if kind.endswith("ReplacedBox"):
            picture = True
        if kind in ("LineBox", "TableBox"):
            spans.append((box.position_y, box.position_y + box.margin_height()))
            if kind == "LineBox":
                continue
        stack.extend(getattr(box, "children", ()))
    return _covered(spans, gap=8 * 96 / 72) / page.height, picture


def _covered(spans: list[tuple[float, float]], gap: float) -> float:
    """Length the union of ``spans`` covers, spans closer than ``gap`` joined."""
    total = 0.0
    ordered = sorted(spans)
    if not ordered:
        return total
    start, end = ordered[0]
    for top, bottom in ordered[1:]:
        if top > end + gap:
            total += end - start
            start, end = top, bottom
        else:
            end = max(end, bottom)
    return total + end - start


def short_pages(pages: list[Any]) -> list[int]:
    """Indices of the pages (the cover excepted) without a picture below `AIM`."""
    return [i for i in range(1, len(pages)) if (lambda f: not f[1] and f[0] < AIM)(page_fill(pages[i]))]


def _turns(pages: list[Any], i: int) -> bool:
    """Whether the flow turns from a portrait page ``i`` to a landscape page after it."""
    return (
        i + 1 < len(pages) and pages[i].width < pages[i].height and pages[i + 1].width > pages[i + 1].height
    )


def _marks(page: Any) -> list[str]:
    """The tagged blocks laid out on ``page``, in the order they appear."""
    ids: list[str] = []
    for box in _boxes(page_box(page)):
        element = getattr(box, "element", None)
        if element is None or _is_margin(box):
            continue
        mark = element.get(_ID)
        if mark and mark not in ids:
            ids.append(mark)
    return ids


def _outermost(element: Any) -> Any:
    """The outermost block that holds only ``element`` (a named page takes effect between
    sibling blocks, so the class goes on the wrapper the notebook's output puts around it)."""
    while element.parent is not None and element.parent.name == "div":
        siblings = [c for c in element.parent.children if getattr(c, "name", None)]
        if siblings != [element]:
            break
        element = element.parent
    return element


def _tag(soup: Any) -> None:
    for n, element in enumerate(soup.find_all([*MOVABLE, "table", "tr"])):
        element[_ID] = str(n)


def _add_style(element: Any, rule: str) -> int:
    """Append ``rule`` to ``element``'s inline style (the move needs no rule of the page's
    CSS); 1 if it was not there yet."""
    style = element.get("style", "")
    if rule in style:
        return 0
    element["style"] = f"{style}; {rule}" if style else rule
    return 1


def _placements(pages: list[Any]) -> dict[str, set[int]]:
    where: dict[str, set[int]] = {}
    for n, page in enumerate(pages):
        for mark in _marks(page):
            where.setdefault(mark, set()).add(n)
    return where


def _rows(page: Any, table: str) -> list[tuple[str, float]]:
    """(mark, height) of the rows of the tagged ``table`` laid out on ``page``, in order."""
    out: list[tuple[str, float]] = []
    for box in _boxes(page_box(page)):
        if type(box).__name__ != "TableBox" or box.element is None or box.element.get(_ID) != table:
            continue
        for row in _boxes(box):
            if type(row).__name__ == "TableRowBox" and row.element is not None and row.element.get(_ID):
                out.append((row.element.get(_ID), row.margin_height()))
    return out


def _pull_rows(soup: Any, pages: list[Any], i: int, table: str) -> int:
    """Keep more of a long table's last rows with the tail that spilled onto short page ``i``:
    rows of page ``i - 1`` join it until the tail fills `MIN_FILL` of a page."""
    tail = _rows(pages[i], table)
    before = [r for r in _rows(pages[i - 1], table) if r[0] not in {m for m, _ in tail}]
    fill, _ = page_fill(pages[i])
    needed = (AIM - fill) * pages[i].height + 12
    pulled: list[str] = []
    for mark, height in reversed(before[1:]):  # the first row of a page never moves
        if needed <= 0:
            break
        pulled.append(mark)
        needed -= height
    changed = 0
    for mark in [*pulled[:-1], *(m for m, _ in tail)] if pulled else []:
        element = soup.find(attrs={_ID: mark})
        if element is not None:
            changed += _add_style(element, _KEEP)
    return changed


def _fits_one_page(pages: list[Any], table: str, on: set[int]) -> bool:
    """Whether the tagged ``table``, laid out over the pages ``on``, fits one page's body."""
    height = sum(
        box.margin_height()
        for n in on
        for box in _boxes(page_box(pages[n]))
        if type(box).__name__ == "TableBox" and box.element is not None and box.element.get(_ID) == table
    )
    return height < 0.95 * min(page_box(pages[n]).height for n in on)


def _landscape(page: Any) -> bool:
    return bool(page.width > page.height)


def _top_blocks(soup: Any, page: Any) -> Iterator[Any]:
    """The tagged blocks laid out on ``page`` that sit in no other tagged block (a table
    whole, never its rows)."""
    for mark in _marks(page):
        element = soup.find(attrs={_ID: mark})
        if element is not None and element.name != "tr" and element.find_parent([*MOVABLE, "table"]) is None:
            yield element


def _continue_landscape(soup: Any, pages: list[Any], where: dict[str, set[int]], i: int) -> int:
    """A short page ``i`` next to a landscape page joins the landscape run.

    * A portrait page after a landscape page (the lines after a landscape table): its
      blocks are set on the landscape page, where they fit, or fill more of a page.
    * A landscape page after a landscape page: the blocks of the page before are named
      landscape too, so no change of named page forces the break between them, and the
      page's first block can take the blocks before it along (`_moves`)."""
    if i < 1 or not _landscape(pages[i - 1]):
        return 0
    n = i if not _landscape(pages[i]) else i - 1
    return sum(
        _add_style(_outermost(element), _TURN)
        for element in _top_blocks(soup, pages[n])
        if min(where[element.get(_ID)]) == n or n == i
    )


def _opening(soup: Any, pages: list[Any], where: dict[str, set[int]], i: int) -> int:
    """The block that opens short page ``i``: the last lines of a paragraph bring the
    paragraph whole; a block of its own takes the last lines or rows before it along."""
    first = _marks(pages[i])[:1]
    element = soup.find(attrs={_ID: first[0]}) if first else None
    if element is None or element.name == "tr":
        return 0
    if min(where[first[0]]) < i:
        return _add_style(element, _WHOLE) if element.name in MOVABLE else 0
    return 0 if _turns(pages, i) else _add_style(_outermost(element), _KEEP)


def _moves(soup: Any, pages: list[Any]) -> int:
    """Change the blocks of each short page; how many changed.

    * A table whose last rows spilled onto the short page is kept whole when it fits on one
      page (it then starts on the short page), else more of its rows join the tail.
    * Before a turn to landscape, the whole text blocks and tables of the short page join
      the landscape page.
    * A page that opens with a block of its own keeps it with what comes before it (the
      lines or rows before it come along)."""
    where = _placements(pages)
    changed = 0
    for i in short_pages(pages):
        changed += _continue_landscape(soup, pages, where, i) + _opening(soup, pages, where, i)
        for mark in _marks(pages[i]):
            element = soup.find(attrs={_ID: mark})
            if (
                element is None
                or element.name == "tr"
                or element.find_parent([*MOVABLE, "table"]) is not None
            ):
                continue
            if element.name == "table" and where[mark] != {i}:
                if max(where[mark]) != i:
                    continue  # the table goes on: its rows here are not its tail
                if len(where[mark]) == 2 and _fits_one_page(pages, mark, where[mark]):
                    changed += _add_style(element, _WHOLE)
                else:
                    changed += _pull_rows(soup, pages, i, mark)
            elif _turns(pages, i):
                changed += _add_style(_outermost(element), _TURN)
    return changed


def _deficit(pages: list[Any]) -> float:
    """How far the short pages fall below `AIM`, summed (0 when none is short)."""
    return sum(AIM - page_fill(pages[i])[0] for i in short_pages(pages))


def pack(html: str, render: Any, max_rounds: int = 4) -> Any:
    """The laid-out document of ``html`` (``render(html)`` -> WeasyPrint Document), with the
    text blocks of a short page before a turn of orientation moved onto the next page.

    Parameters
    ----------
    html : str
        The page to print.
    render : callable
        Lays ``html`` out (``HTML(string=...).render(...)``).
    max_rounds : int
        How many times at most the page is laid out again; the layout with the least
        shortfall below `AIM` is kept. In a document longer than `LONG` pages, a round that
        leaves as many short pages as the one before ends the rounds: each round is a new
        layout of the whole document (at 38 districts the overview, 43 pages, took five
        layouts of 9-12 s each and kept two short pages).

    Returns
    -------
    weasyprint.Document
        The laid-out document.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    _tag(soup)  # the blocks carry ids, so a laid-out box names the block it comes from
    document = render(str(soup))
    best, best_deficit = document, _deficit(document.pages)
    short = len(short_pages(document.pages))
    for _ in range(max_rounds):
        if not best_deficit or not _moves(soup, document.pages):
            break
        document = render(str(soup))  # a move may leave another page short: go on from it
        deficit, before, short = _deficit(document.pages), short, len(short_pages(document.pages))
        if deficit < best_deficit:
            best, best_deficit = document, deficit
        if short >= before and len(document.pages) > LONG:  # no page came off the short list
            break
    return best
