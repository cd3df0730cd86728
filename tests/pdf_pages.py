"""A rendered PDF's pages as the report checks read them, parsed once per PDF.

pdfplumber (pdfminer) takes seconds to lay out a report's characters and find its tables,
and five checks read the same PDF (layout, quarter page, cover, brief, Chinese outside
quotations). `read_pages` parses a PDF once and keeps what those checks read, in memory and
in the test run's shared folder under the PDF's SHA-256, so the other pytest-xdist worker
reads it back instead of parsing again. A changed PDF has another hash: a check never reads
the pages of other bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

#: the character attributes the checks read
CHAR_KEYS = ("text", "x0", "x1", "top", "bottom", "non_stroking_color")
#: pages whose whole text is kept (the cover and the page after it)
TEXT_PAGES = 2
#: bump when the kept attributes change, so old cache entries are not read
VERSION = 1

_memory: dict[str, list[Page]] = {}
_cache_dir: Path | None = None


@dataclass(frozen=True)
class Table:
    """A table pdfplumber finds on a page: its box and its cells, row by row."""

    bbox: tuple[float, float, float, float]
    rows: list[list[str | None]]


@dataclass(frozen=True)
class Page:
    """One page: its size, its characters, how many images it holds, its tables, and its
    text (only for the first `TEXT_PAGES` pages, else ``None``)."""

    number: int
    width: float
    height: float
    chars: list[dict]
    images: int
    tables: list[Table]
    text: str | None


def use_cache_dir(folder: Path | None) -> None:
    """Keep parsed pages in ``folder`` too (``None``: in memory only)."""
    global _cache_dir
    _cache_dir = folder


def read_pages(pdf: Path) -> list[Page]:
    """The pages of ``pdf``, parsed once per content (see the module's docstring)."""
    digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
    if digest not in _memory:
        _memory[digest] = _from_disk(digest) or _parse_and_keep(pdf, digest)
    return _memory[digest]


def _entry(digest: str) -> Path | None:
    return None if _cache_dir is None else _cache_dir / f"v{VERSION}-{digest}.json"


def _from_disk(digest: str) -> list[Page] | None:
    entry = _entry(digest)
    if entry is None or not entry.is_file():
        return None
    pages = json.loads(entry.read_text(encoding="utf-8"))
    for page in pages:
        page["tables"] = [Table(tuple(t["bbox"]), t["rows"]) for t in page["tables"]]
    return [Page(**page) for page in pages]


def _parse_and_keep(pdf: Path, digest: str) -> list[Page]:
    pages = _parse(pdf)
    entry = _entry(digest)
    if entry is not None:
        entry.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps([_plain(p) for p in pages], ensure_ascii=False)
        fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(data)
        os.replace(tmp, entry)  # atomic: the other worker reads a whole entry or none
    return pages


def _plain(page: Page) -> dict:
    return {**page.__dict__, "tables": [{"bbox": t.bbox, "rows": t.rows} for t in page.tables]}


def _parse(pdf: Path) -> list[Page]:
    import pdfplumber

    pages = []
    with pdfplumber.open(pdf) as doc:
        for number, page in enumerate(doc.pages, start=1):
            chars = [{k: _plain_value(c.get(k)) for k in CHAR_KEYS} for c in page.chars]
            tables = [Table(tuple(t.bbox), t.extract()) for t in page.find_tables()]
            text = (page.extract_text() or "") if number <= TEXT_PAGES else None
            pages.append(Page(number, page.width, page.height, chars, len(page.images), tables, text))
    return pages


def _plain_value(value):
    """A character attribute as JSON keeps it: colours (tuples in pdfplumber) as lists of
    numbers, anything else that is not a number or text (a pattern's name) as text."""
    if isinstance(value, (tuple, list)):
        return [v if isinstance(v, (int, float)) else str(v) for v in value]
    return value if value is None or isinstance(value, (int, float, str)) else str(value)
