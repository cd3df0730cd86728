"""A report's Word copy (``NAME.docx``), built from the same HTML page as its PDF.

Writers edit a report before they send it, and Word is what they edit in. The copy holds
what the page holds, as Word's own parts so that it stays editable: headings as Word
headings (``Heading 1``–``Heading 4``), paragraphs and list items as paragraphs, tables as
Word tables with the same cells as the page (spanning header cells merged, header rows
repeated on each page, landscape sections for the tables the PDF sets on landscape
pages), figures as pictures with their alt text, addresses of published sources as links.

python-docx (pure Python, from PyPI) writes it: no program outside the virtual
environment is needed, and walking the page ourselves keeps every table cell exactly as
the page shows it (a generic HTML converter re-flows spanning headers). The file is
written atomically and byte-identically for the same page: the zip entries carry a fixed
time and the document's dates are the report's run date.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

from ..files import write_bytes
from ..words import word

#: Tags whose children are walked as blocks of the page.
_CONTAINERS = frozenset(
    {"div", "section", "article", "figure", "nav", "main", "header", "footer", "body", "details", "center"}
)
#: Blocks that are not part of the report's content (scripts, styles, figure-file links).
_SKIP_CLASSES = frozenset({"figure-files", "report-nav"})
_HEADING = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 4, "h6": 4}
#: Printable width of a portrait A4 page with the PDF's 15 mm side margins.
_PAGE_MM = (210.0, 297.0)
_MARGIN_MM = 15.0
_FONT = "Noto Sans CJK SC"
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def _text(tag: Any) -> str:
    """A tag's text with its white space collapsed, as a reader sees it."""
    return " ".join(tag.get_text(" ").split())


def _classes(tag: Any) -> set[str]:
    classes = tag.get("class") or []
    return set(classes if isinstance(classes, list) else str(classes).split())


# ------------------------------------------------------------------------------- tables


def table_grid(table: Any) -> list[list[tuple[int, int, int, int, str, bool]]]:
    """The cells of an HTML table placed on its grid, one list per row.

    Each cell is ``(row, column, rowspan, colspan, text, is_header)``; ``column`` counts
    the grid positions earlier rows' row-spanning cells take.
    """
    taken: set[tuple[int, int]] = set()
    rows = []
    for r, tr in enumerate(table.find_all("tr")):
        c = 0
        row = []
        for cell in tr.find_all(["th", "td"], recursive=False):
            while (r, c) in taken:
                c += 1
            rs, cs = (max(int(cell.get(k, 1) or 1), 1) for k in ("rowspan", "colspan"))
            taken |= {(r + i, c + j) for i in range(rs) for j in range(cs)}
            row.append((r, c, rs, cs, _text(cell), cell.name == "th"))
            c += cs
        rows.append(row)
    return rows


def _add_table(doc: Any, table: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    grid = table_grid(table)
    cells = [cell for row in grid for cell in row]
    if not cells:
        return
    n_rows = max(r + rs for r, _, rs, _, _, _ in cells)
    n_cols = max(c + cs for _, c, _, cs, _, _ in cells)
    out = doc.add_table(rows=n_rows, cols=n_cols)
    out.style = "Table Grid"
    # text first, on the plain grid (python-docx's cell() re-reads the whole table), then
    # the few spanning cells merged: a merge keeps the text of its top-left cell
    grid_cells = [row.cells for row in out.rows]
    for r, c, _, _, text, is_header in cells:
        run = grid_cells[r][c].paragraphs[0].add_run(text)
        run.bold = is_header or None
    for r, c, rs, cs, _, _ in cells:
        if rs > 1 or cs > 1:
            out.cell(r, c).merge(out.cell(min(r + rs, n_rows) - 1, min(c + cs, n_cols) - 1))
    header_rows = len(table.find("thead").find_all("tr")) if table.find("thead") else 0
    for row in out.rows[:header_rows]:
        flag = OxmlElement("w:tblHeader")
        flag.set(qn("w:val"), "true")
        _oxml_element(row).get_or_add_trPr().append(flag)


def _oxml_element(proxy: Any) -> Any:
    """The XML element beneath a python-docx paragraph or table row.

    python-docx has no public call to add a hyperlink or to repeat a header row on every
    page, and its paragraph and row objects expose their element only as ``_element``.
    This is the one place the Word copy reaches beneath python-docx's public API
    (``tests/test_public_surface.py`` allows it by this function's name).
    """
    return proxy._element


# ------------------------------------------------------------------------------ inlines


def _add_hyperlink(paragraph: Any, url: str, text: str) -> None:
    """A clickable link in ``paragraph`` (python-docx has no public call for one)."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "1F5F8B")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.extend([style, colour, underline])
    run.append(props)
    node = OxmlElement("w:t")
    node.text = text
    node.set(qn("xml:space"), "preserve")
    run.append(node)
    link.append(run)
    _oxml_element(paragraph).append(link)


def _add_inline(paragraph: Any, node: Any, bold: bool = False, small: bool = False) -> None:
    """The text of ``node`` as runs of ``paragraph``: bold, small print and web links kept."""
    from bs4 import NavigableString
    from docx.shared import Pt

    for child in node.children if hasattr(node, "children") else [node]:
        if isinstance(child, NavigableString):
            text = re.sub(r"\s+", " ", str(child))
            if text.strip() or (text and paragraph.runs):
                run = paragraph.add_run(text)
                run.bold = bold or None
                if small:
                    run.font.size = Pt(8)
        elif child.name == "br":
            paragraph.add_run().add_break()
        elif child.name == "a" and re.match(r"https?://", child.get("href", "")):
            _add_hyperlink(paragraph, child["href"], _text(child))
        elif child.name in ("script", "style"):
            continue
        else:
            _add_inline(
                paragraph, child, bold or child.name in ("b", "strong", "th"), small or child.name == "small"
            )


def _add_picture(doc: Any, img: Any, width_mm: float) -> None:
    from docx.shared import Mm

    m = re.match(r"data:image/(?:png|jpeg|gif);base64,(.+)", img.get("src", ""), flags=re.S)
    if not m:
        return
    data = base64.b64decode(m.group(1))
    from PIL import Image

    with Image.open(io.BytesIO(data)) as im:
        dpi = float((im.info.get("dpi") or (96, 96))[0] or 96)
        natural_mm = im.width / dpi * 25.4
    run = doc.add_paragraph().add_run()  # as doc.add_picture does, keeping the run
    run.add_picture(io.BytesIO(data), width=Mm(min(natural_mm, width_mm)))
    run.element.xpath(".//wp:docPr")[0].set("descr", img.get("alt", ""))  # the alt text


# ------------------------------------------------------------------------------- blocks


class _Writer:
    """Walks the page's body in order and adds each block to the document."""

    def __init__(self, doc: Any, skip: frozenset[str] = _SKIP_CLASSES) -> None:
        self.doc = doc
        self.landscape = False
        self.skip = skip

    def orient(self, landscape: bool) -> None:
        """Start a new section when the page orientation changes (tables set landscape)."""
        from docx.enum.section import WD_ORIENT, WD_SECTION
        from docx.shared import Mm

        if landscape == self.landscape:
            return
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        width, height = _PAGE_MM[::-1] if landscape else _PAGE_MM
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(width), Mm(height)
        self.landscape = landscape

    def width_mm(self) -> float:
        return (_PAGE_MM[1] if self.landscape else _PAGE_MM[0]) - 2 * _MARGIN_MM

    def walk(self, node: Any, landscape: bool = False) -> None:
        from bs4 import Tag

        for child in node.children:
            if not isinstance(child, Tag) or child.name in ("script", "style", "title"):
                continue
            if _classes(child) & self.skip and "cover-meta" not in _classes(child):
                continue
            here = landscape or bool(_classes(child) & {"landscape-page", "landscape"})
            self.block(child, here)

    def block(self, tag: Any, landscape: bool) -> None:
        if not self.frame(tag, landscape):
            self.content(tag, landscape)

    def frame(self, tag: Any, landscape: bool) -> bool:
        """Walk the cover (then a page break), its title or a container; False for any other tag."""
        if "cover" in _classes(tag):  # the cover, then a page break
            self.walk(tag, landscape)
            self.doc.add_page_break()
            return True
        if "cover-title" in _classes(tag):
            self.doc.add_paragraph(_text(tag), style="Title")
            return True
        if tag.name in _CONTAINERS and not _classes(tag) & {"front-matter"}:
            self.walk(tag, landscape)
            return True
        return False

    def content(self, tag: Any, landscape: bool) -> None:
        """A table, picture, heading, list or paragraph of the page, as Word's own."""
        name = tag.name
        if name == "table":
            self.orient(landscape)
            _add_table(self.doc, tag)
        elif name == "img":
            self.orient(landscape)
            _add_picture(self.doc, tag, self.width_mm())
        elif name in _HEADING:
            self.orient(landscape)
            self.doc.add_heading(_text(tag), level=_HEADING[name])
        elif name in ("ul", "ol"):
            self.items(tag, landscape, name == "ol")
        elif name == "div" or name in ("p", "pre", "blockquote", "span", "a", "small", "figcaption"):
            self.paragraph(tag, landscape)
        elif tag.find(["table", "img", "p", "h1", "h2", "h3", "h4"]):
            self.walk(tag, landscape)
        elif _text(tag):
            self.paragraph(tag, landscape)

    def paragraph(self, tag: Any, landscape: bool, style: str | None = None) -> None:
        if not _text(tag):
            return
        self.orient(landscape)
        if "front-matter" in _classes(tag):
            for span in tag.find_all("span") or [tag]:
                _add_inline(self.doc.add_paragraph(), span, small=True)
            return
        if tag.find(["table", "img", "ul", "ol", "h1", "h2", "h3", "h4", "div", "p"]):
            self.walk(tag, landscape)
            return
        _add_inline(self.doc.add_paragraph(style=style), tag)

    def items(self, tag: Any, landscape: bool, numbered: bool) -> None:
        style = "List Number" if numbered else "List Bullet"
        for li in tag.find_all("li", recursive=False):
            nested = li.find_all(["ul", "ol", "p", "table", "div"], recursive=False)
            if nested:
                first = li.find("p", recursive=False)
                if first is not None:
                    self.orient(landscape)
                    _add_inline(self.doc.add_paragraph(style=style), first)
                    first.extract()
                self.walk(li, landscape)
            elif _text(li):
                self.orient(landscape)
                _add_inline(self.doc.add_paragraph(style=style), li)


# ----------------------------------------------------------------------------- document


def _base_document(title: str, lang: str, date: dt.datetime) -> Any:
    """An empty A4 document: margins like the PDF's, CJK font, language, properties."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(_PAGE_MM[0]), Mm(_PAGE_MM[1])
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(_MARGIN_MM))
    for side in ("top_margin", "bottom_margin"):
        setattr(section, side, Mm(16))
    normal = doc.styles["Normal"]
    normal.font.size = Pt(10)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), _FONT)
    language = OxmlElement("w:lang")
    tag = word("page_texts.html_lang", lang)
    language.set(qn("w:val"), tag)
    language.set(qn("w:eastAsia"), "zh-CN")
    normal.element.get_or_add_rPr().append(language)
    props = doc.core_properties
    props.title, props.language = title, tag
    props.author, props.created, props.modified = "compare", date, date
    props.last_modified_by, props.revision = "compare", 1
    return doc


def _fixed_zip(data: bytes) -> bytes:
    """The same package with every entry dated ``_ZIP_TIME`` (byte-identical reruns)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def html_to_docx(html: str, docx_path: str | Path, date: str | None = None) -> None:
    """Write the report page ``html`` as an editable Word document at ``docx_path``.

    Parameters
    ----------
    html : str
        The full report page (as `render.to_html` makes it).
    docx_path : str or Path
        Where the ``.docx`` goes; written atomically.
    date : str, optional
        The report's run date (ISO); the document's created/modified dates. Default: the
        date in the page's front matter, else today.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    lang = "zh" if str(soup.html.get("lang", "zh") if soup.html else "zh").startswith("zh") else "en"
    if date is None:
        found = re.search(r"\d{4}-\d\d-\d\d", _text(soup.find(class_="front-matter") or soup.new_tag("p")))
        date = found.group(0) if found else dt.date.today().isoformat()
    when = dt.datetime.fromisoformat(date).replace(tzinfo=dt.timezone.utc)
    title = _text(soup.title) if soup.title else Path(docx_path).stem
    doc = _base_document(title, lang, when)
    # the cover holds the front matter: the copy under the title is for the web page
    skip = _SKIP_CLASSES | ({"front-matter"} if soup.find(class_="cover") else set())
    _Writer(doc, frozenset(skip)).walk(soup.body or soup)
    buffer = io.BytesIO()
    doc.save(buffer)
    write_bytes(Path(docx_path), _fixed_zip(buffer.getvalue()))
