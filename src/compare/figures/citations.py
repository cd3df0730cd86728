"""Citations a reader can follow: the document (short title and 文号), the table caption and
row number, the published address where the manifest or the row records one, and the
``file:line`` of this project's copy as a second pointer for reproducing."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from .. import paths
from ..words import wide
from .labels import check_lang, region_name, rulebook_word, table_name


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


def cite(row: pd.Series, lang: str = "zh") -> str:
    """One cited figure: ``《璧山区…规划》（璧山府发〔2021〕44号）专栏2 第16行 · bishan_eco_14th_fyp.txt:441``,
    with the document's official address (manifest ``source_url``) before the file line where
    the manifest records one (the pages link it); a secondary figure names its published
    address instead of a document."""
    check_lang(lang)
    file, line = str(row.get("source_file", "")), row.get("source_line")
    pointer = f"{file}:{int(line)}" if line is not None and not pd.isna(line) else file
    if str(row.get("source_url", "") or ""):
        return f"{row['source_url']} · {pointer}"
    doc = _documents().get(file)
    if doc is None:
        return pointer
    kind = str(row.get("table", ""))
    where = table_name(kind, lang)
    number = row.get("row")
    if kind not in ("prose", "facts") and number is not None and not pd.isna(number):
        where += rulebook_word("row_n", lang).format(n=int(number))
    number_part = f"（{doc['doc_no']}）" if doc["doc_no"] else ""
    # Chinese sets a title in book-title marks, so it never runs into the table's caption
    title = f"《{short_title(doc['title'])}》" if wide(lang) else short_title(doc["title"])
    sep = "" if wide(lang) else ", "
    address = f" · {doc['url']}" if doc["url"] else ""
    return f"{title}{number_part}{sep}{where}{address} · {pointer}"


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
