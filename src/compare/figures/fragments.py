"""HTML fragments for a report page (headings, paragraphs, sections, titles, a table of
contents), every text from a document escaped."""

from __future__ import annotations

from typing import Any


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
