"""`reports.pack`: no near-empty page before a landscape table or under a table's last rows."""

from __future__ import annotations

import pytest

from compare.reports.pack import MIN_FILL, pack, page_fill, short_pages
from compare.reports.render import page

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _render(text: str):
    from weasyprint import HTML

    return HTML(string=text).render()


def _lines(n: int, word: str = "text") -> str:
    return "".join(f"<p>{word} {k} of a paragraph that fills one line.</p>" for k in range(n))


def _table(rows: int, cls: str = "") -> str:
    body = "".join(f"<tr><td>row {k}</td><td>{k}</td></tr>" for k in range(rows))
    return f'<table class="{cls}"><thead><tr><th>a</th><th>b</th></tr></thead><tbody>{body}</tbody></table>'


def _page(body: str) -> str:
    return page("t", '<div style="break-after: page"><h1>cover</h1></div>' + body, "en")


def test_the_text_before_a_landscape_table_joins_its_page():
    html = _page(_lines(4, "tail") + f'<div class="landscape-page">{_table(25, "landscape")}</div>')
    before = _render(html)
    assert short_pages(before.pages) == [1]  # the four lines alone on a portrait page
    after = pack(html, _render)
    assert short_pages(after.pages) == []
    assert len(after.pages) == len(before.pages) - 1
    last = after.pages[-1]
    assert last.width > last.height and page_fill(last)[0] >= MIN_FILL / 4


def test_a_short_tables_spilled_rows_take_the_whole_table_along():
    html = _page(_lines(44) + _table(22))
    before = _render(html)
    assert short_pages(before.pages), [page_fill(p) for p in before.pages]
    after = pack(html, _render)
    assert short_pages(after.pages) == []
    assert len(after.pages) == len(before.pages)


def test_a_long_tables_tail_keeps_more_rows():
    html = _page(_table(52))
    before = _render(html)
    assert short_pages(before.pages), [page_fill(p) for p in before.pages]
    after = pack(html, _render)
    assert short_pages(after.pages) == []


def test_a_full_page_is_left_as_it_is():
    html = _page(_lines(20))
    before = _render(html)
    assert short_pages(before.pages) == []
    after = pack(html, _render)
    assert [page_fill(p) for p in after.pages] == [page_fill(p) for p in before.pages]


def test_a_section_left_alone_on_the_last_page_takes_rows_before_it_along():
    body = _lines(16) + _table(24) + "<h2>a section of its own</h2>" + _lines(2, "closing")
    html = _page(body)
    before = _render(html)
    assert short_pages(before.pages) == [2]  # the table's tail rows, then the section alone
    after = pack(html, _render)
    assert short_pages(after.pages) == []
    assert len(after.pages) == len(before.pages)


def _paragraph(words: int) -> str:
    return "<p>" + " ".join(f"word{k} of a long method paragraph" for k in range(words)) + "</p>"


def test_a_paragraphs_last_lines_after_a_landscape_table_join_the_landscape_run():
    html = _page(
        f'<div class="landscape-page">{_table(18, "landscape")}</div><h2>Method</h2>{_paragraph(60)}'
    )
    before = _render(html)
    assert short_pages(before.pages) == [2] and before.pages[2].width < before.pages[2].height
    after = pack(html, _render)
    assert short_pages(after.pages) == []
    assert all(p.width > p.height for p in after.pages[1:])  # no turn back for a few lines


def test_a_short_landscape_section_after_a_landscape_page_is_not_left_alone():
    # a portrait table between two landscape blocks: the change of named page forces a break
    body = (
        f'<div class="landscape-page">{_table(20, "landscape")}</div>'
        f"<div><h3>a portrait table</h3>{_table(2)}</div>"
        f'<div class="landscape-page"><h2>a short section</h2>{_table(2, "landscape")}</div>'
    )
    html = _page(body)
    before = _render(html)
    assert short_pages(before.pages) == [2]
    after = pack(html, _render)
    assert short_pages(after.pages) == []
    assert len(after.pages) == len(before.pages) - 1


class _Pages(list):
    """The pages of a stand-in layout: ``length`` of them, and the layout's place ``n``."""

    def __init__(self, n: int, length: int):
        super().__init__(range(length))
        self.n = n


class _Layout:
    """A stand-in for a laid-out document of ``length`` pages, the ``n``-th laid out."""

    def __init__(self, n: int, length: int):
        self.n, self.pages = n, _Pages(n, length)


def _scripted(monkeypatch, shorts: list[int], deficits: list[float], length: int) -> list[int]:
    """Run pack over layouts of ``length`` pages whose short-page counts and shortfalls are
    ``shorts`` and ``deficits`` (one per layout); returns the layouts made, and the kept one
    last."""
    from compare.reports import pack as module

    made: list[int] = []
    monkeypatch.setattr(module, "short_pages", lambda pages: list(range(shorts[pages.n])))
    monkeypatch.setattr(module, "_deficit", lambda pages: deficits[pages.n])
    monkeypatch.setattr(module, "_moves", lambda soup, pages: 1)

    def render(text: str) -> _Layout:
        made.append(len(made))
        return _Layout(made[-1], length)

    kept = pack("<p>x</p>", render)
    return [*made, kept.n]


def test_a_long_documents_rounds_stop_when_one_takes_no_page_off_the_short_list(monkeypatch):
    from compare.reports.pack import LONG

    # the overview at 38 districts, 43 pages: four short pages, then two, two, two...
    layouts = _scripted(monkeypatch, [4, 2, 2, 2, 2], [0.54, 0.51, 0.47, 0.41, 0.39], LONG + 13)
    assert layouts[:-1] == [0, 1, 2] and layouts[-1] == 2  # three layouts, not five; the least shortfall
    # a short document takes every round it needs, as before
    layouts = _scripted(monkeypatch, [4, 2, 2, 2, 0], [0.54, 0.51, 0.47, 0.41, 0.0], LONG - 7)
    assert layouts[:-1] == [0, 1, 2, 3, 4] and layouts[-1] == 4
    # each round takes a page off: a long document goes on too
    layouts = _scripted(monkeypatch, [3, 2, 1, 0, 0], [0.3, 0.2, 0.1, 0.0, 0.0], LONG + 13)
    assert layouts[:-1] == [0, 1, 2, 3] and layouts[-1] == 3
