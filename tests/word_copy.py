"""Reading a report's Word copy back against its HTML page (shared by the Word tests)."""

from __future__ import annotations

from pathlib import Path


def _text(tag) -> str:
    return " ".join(tag.get_text(" ").split())


def word_copy_problems(html_path: Path, docx_path: Path) -> list[str]:
    """What the ``.docx`` lacks of the page: its headings (as Word headings, in order),
    each table as a Word table with the page's rows and cells, each figure as a picture."""
    import docx
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser")
    body = soup.body
    document = docx.Document(str(docx_path))
    problems = []
    headings = [_text(h) for h in body.find_all(["h1", "h2", "h3", "h4"])]
    word_headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    if not headings or headings != word_headings:
        problems.append(f"headings: page {headings[:4]}…, Word {word_headings[:4]}…")
    tables = body.find_all("table")
    if len(tables) != len(document.tables):
        problems.append(f"tables: {len(tables)} on the page, {len(document.tables)} in Word")
    for k, (page_table, word_table) in enumerate(zip(tables, document.tables), start=1):
        cells = {_text(c) for c in page_table.find_all(["th", "td"])}
        word_cells = {c.text for row in word_table.rows for c in row.cells}
        if cells != word_cells:
            problems.append(
                f"table {k}: only on the page {sorted(cells - word_cells)[:3]}, "
                f"only in Word {sorted(word_cells - cells)[:3]}"
            )
        if len(page_table.find_all("tr")) != len(word_table.rows):
            problems.append(
                f"table {k}: {len(page_table.find_all('tr'))} rows, {len(word_table.rows)} in Word"
            )
    figures = [img for img in body.find_all("img") if img.get("src", "").startswith("data:image/")]
    if len(figures) != len(document.inline_shapes):
        problems.append(f"figures: {len(figures)} on the page, {len(document.inline_shapes)} in Word")
    return problems
