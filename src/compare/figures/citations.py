"""Citations a reader can follow: the document (short title and 文号), the table caption and
row number, the official address where the manifest records one (or that the sources give
none), and the ``file:line`` of this project's copy as a second pointer for reproducing.

Every report cites through here: `cite` (a row), `cite_ref` and `cite_refs` (``file:line``
references, e.g. a note's lines), `cite_text` (a text holding bare references)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .. import paths
from ..words import wide, word
from .labels import PRINTED_MEANINGS, check_lang, region_name, rulebook_word, table_name, words

#: A reference ``file:line``; a bare one in a text (not behind its document's `` · ``).
REF = re.compile(r"(?P<file>[\w.-]+\.\w+):(?P<line>\d+)")
_BARE = re.compile(r"(?<! · )(?<![\w.-])(?P<file>[\w.-]+\.\w+):(?P<line>\d+)(?!\d)")
#: A table caption as printed (专栏2, 表2-1).
_CAPTION = re.compile(r"^(专栏|表)\s*(\d+(?:[-－]\d+)?)$")


def plan_documents(manifest: Path) -> dict[str, dict[str, str]]:
    """file -> the document's title, 文号, date issued, region and official address (``url``,
    empty where the manifest records none), from `manifest`."""
    from ..ingest.sources import read_manifest

    return {
        s.file: {
            "title": s.title_zh,
            "doc_no": s.doc_no,
            "issued": s.issued,
            "region": s.region,
            "url": s.source_url,
            "kind": s.kind,
        }
        for s in read_manifest(manifest)
    }


@lru_cache(maxsize=2)
def _documents() -> dict[str, dict[str, str]]:
    return plan_documents(paths.MANIFEST)


def short_title(title_zh: str) -> str:
    """A plan's title without the city's name before a district's (重庆市璧山区… -> 璧山区…).

    >>> short_title("重庆市璧山区生态环境保护“十四五”规划和二〇三五年远景目标")
    '璧山区生态环境保护“十四五”规划和二〇三五年远景目标'
    """
    title = str(title_zh or "")
    return title[3:] if title.startswith("重庆市") and ("区" in title[3:6] or "县" in title[3:6]) else title


def _where(row: pd.Series, lang: str) -> str:
    """The table caption and row number of a cited row (``专栏2 第16行`` / ``Box 2 row 16``);
    empty for a row that is not in a table (a note, or a pointer with no row)."""
    kind = str(row.get("table", "") or "")
    if not kind:
        return ""
    caption = _CAPTION.match(kind)
    if caption and not wide(lang):
        where = f"{PRINTED_MEANINGS['box' if caption.group(1) == '专栏' else 'table'][1]} {caption.group(2)}"
    else:
        where = table_name(kind, lang)
    number = row.get("row")
    if kind not in ("prose", "facts") and number is not None and not pd.isna(number):
        where += rulebook_word("row_n", lang).format(n=int(number))
    return where


def document_part(file: str, lang: str = "zh") -> str:
    """The document of a plan file: its short title and, in brackets, its 文号 (where the
    manifest records one) and its official address, or that the sources give none:
    ``《璧山区…远景目标》（璧山府发〔2021〕44号；官方网址来源中未载）``. Empty for a file the
    manifest does not list as a plan (a facts or observations source gives an address per row)."""
    from ..ingest.sources import PLAN_KINDS

    check_lang(lang)
    doc = _documents().get(file)
    if doc is None or not doc["title"] or doc.get("kind", "tables") not in PLAN_KINDS:
        return ""
    address = doc["url"] or rulebook_word("no_address_cited", lang)
    inside = word("punct.clause", lang).join(x for x in (doc["doc_no"], address) if x)
    if wide(lang):  # Chinese sets a title in book-title marks
        return f"《{short_title(doc['title'])}》（{inside}）"
    return f"{short_title(doc['title'])} ({inside})"


def _pointer(row: pd.Series) -> str:
    file, line = str(row.get("source_file", "")), row.get("source_line")
    return f"{file}:{int(line)}" if line is not None and not pd.isna(line) and str(line) != "" else file


def cite(row: pd.Series, lang: str = "zh") -> str:
    """One cited figure: the document (`document_part`: short title, 文号, official address or
    that the sources give none), the table caption and row number, then the ``file:line`` of
    this project's copy as a second pointer:
    ``《璧山区…》（璧山府发〔2021〕44号；官方网址来源中未载）专栏2 第16行 · bishan_eco_14th_fyp.txt:441``.
    A secondary figure names its published address instead of a document; a file the manifest
    does not list keeps its ``file:line`` only."""
    check_lang(lang)
    pointer = _pointer(row)
    if str(row.get("source_url", "") or ""):
        return f"{row['source_url']} · {pointer}"
    doc = document_part(str(row.get("source_file", "")), lang)
    if not doc:
        return pointer
    where = _where(row, lang)
    sep = "" if wide(lang) else ", "
    return f"{doc}{sep}{where} · {pointer}" if where else f"{doc} · {pointer}"


def row_at(file: str, line: int, rows: pd.DataFrame | None) -> pd.Series:
    """The row of ``rows`` printed at ``file:line`` (its table and row number), or a bare
    pointer where ``rows`` holds none (a note line, a prose statement)."""
    if rows is not None and len(rows) and {"source_file", "source_line"} <= set(rows.columns):
        hit = rows[
            (rows["source_file"] == file) & (pd.to_numeric(rows["source_line"], errors="coerce") == line)
        ]
        if len(hit):
            return hit.iloc[0]
    return pd.Series({"source_file": file, "source_line": line})


def cite_ref(ref: str, lang: str = "zh", rows: pd.DataFrame | None = None) -> str:
    """`cite` for a ``file:line`` reference: the row of ``rows`` printed there gives the table
    and row number; a reference that is not ``file:line`` (an address) is returned as it is."""
    m = REF.fullmatch(str(ref).strip())
    if not m:
        return str(ref)
    row = row_at(m.group("file"), int(m.group("line")), rows)
    return cite(row, lang)


def cite_refs(refs: str | Iterable[str], lang: str = "zh", rows: pd.DataFrame | None = None) -> str:
    """Several references (``a.txt:512,a.txt:514,b.csv:2`` or a list), the document named once
    per file: ``《…》（…）专栏1 第3行 · a.txt:512；a.txt:514；b.csv:2``. References that are not
    ``file:line`` of a listed document (an address, another file) keep their text."""
    check_lang(lang)
    items = [x.strip() for x in (refs.split(",") if isinstance(refs, str) else refs)]
    groups: dict[str, list[str]] = {}
    for ref in dict.fromkeys(x for x in items if x):
        m = REF.fullmatch(ref)
        file = m.group("file") if m and document_part(m.group("file"), lang) else ""
        groups.setdefault(file, []).append(ref)
    sep = word("punct.clause", lang)
    parts = []
    for file, group in groups.items():
        if not file:
            parts.extend(group)
            continue
        cells = []
        for ref in group:
            m = REF.fullmatch(ref)
            assert m is not None
            row = row_at(file, int(m.group("line")), rows)
            where = _where(row, lang)
            cells.append(f"{where} · {ref}" if where else ref)
        glue = "" if wide(lang) else " "
        parts.append(document_part(file, lang) + glue + sep.join(cells))
    return sep.join(parts)


def cite_text(text: str, lang: str = "zh", rows: pd.DataFrame | None = None) -> str:
    """``text`` with every bare ``file:line`` of a plan document (one the manifest lists) cited
    (`cite_ref`); a pointer already behind its document (`` · file:line``) is left as it is."""
    check_lang(lang)

    def one(m: re.Match) -> str:
        if not document_part(m.group("file"), lang):
            return m.group(0)
        return cite_ref(m.group(0), lang, rows)

    return _BARE.sub(one, str(text))


def _address(url: str, lang: str) -> str:
    return url or rulebook_word("no_address", lang)


def documents_table(table: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The documents a report cites: region, short title, 文号, date issued, this project's copy,
    and the published address: a plan's from the manifest's ``source_url``, a secondary
    source's from its rows; where neither records one, the table says so."""
    check_lang(lang)
    used = set(table["source_file"])
    urls = {
        f: u
        for f, u in zip(
            table["source_file"], table.get("source_url", pd.Series("", index=table.index)).fillna("")
        )
        if u
    }
    rows = [
        {
            rulebook_word("doc_region", lang): region_name(d["region"], lang),
            rulebook_word("doc_title", lang): short_title(d["title"]),
            rulebook_word("doc_no", lang): d["doc_no"],
            rulebook_word("doc_issued", lang): d["issued"],
            rulebook_word("doc_file", lang): file,
            rulebook_word("doc_address", lang): _address(d["url"] or urls.get(file, ""), lang),
        }
        for file, d in _documents().items()
        if file in used and d["title"]
    ]
    return pd.DataFrame(rows)


def caveat_words(codes: str, lang: str = "zh", sources: str = "") -> str:
    """``"set_by_higher_level,secondary"`` -> ``最终以上级下达为准；二手来源``, then where the
    caveats are printed (``sources``: the notes' file:line, each cited with its document by
    `citations.cite_refs`; a secondary address)."""
    sep = word("punct.clause", lang)
    text = sep.join(words("caveat", c, lang) for c in str(codes or "").split(",") if c)
    where = cite_refs(str(sources or ""), lang)
    if text and where:
        text += word("punct.paren", lang, text=where)
    return text
