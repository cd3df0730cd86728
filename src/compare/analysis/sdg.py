"""The SDG indicators the codebook's indicators relate to, with short titles."""

from __future__ import annotations

import pandas as pd

from ..words import LANGS, word_group
from .common import CodebookLike, codebook_frame

#: Short titles of the SDG indicators the codebook uses (UN global indicator framework;
#: the Chinese titles are short renderings, not the official Chinese text), from the word
#: catalogs' group ``sdg_labels``: code -> {lang: title}.
SDG_LABELS: dict[str, dict[str, str]] = {
    code: dict(zip(LANGS, pair)) for code, pair in word_group("sdg_labels").items()
}


def sdg_label(code: str, lang: str = "en") -> str:
    """Short title of an SDG indicator code; ``""`` for an empty code.

    >>> sdg_label("15.1.1")
    'Forest area as a proportion of total land area'
    >>> sdg_label("11.6.2", "zh")
    '城市细颗粒物（PM2.5）年均浓度'
    """
    code = (code or "").strip()
    if not code:
        return ""
    if code not in SDG_LABELS:
        raise KeyError(f"SDG indicator {code!r} has no label; add it to the word catalogs' group sdg_labels")
    return SDG_LABELS[code][lang]


#: How well a codebook indicator fits its SDG indicator (codebook ``sdg_match``), best first:
#: exact (the same measure), close (the same concept, a national definition), proxy (a related
#: measure), weak_proxy (loosely related), mismatch (the code says nothing about it).
SDG_MATCHES = ("exact", "close", "proxy", "weak_proxy", "mismatch")


def sdg(codebook: CodebookLike = None) -> pd.DataFrame:
    """Codebook indicators with their SDG indicator code, goal number, labels, and how well
    the code fits (``sdg_match``, `SDG_MATCHES`; ``exact`` True only for exact and close)."""
    cb = codebook_frame(codebook).reset_index()
    cb["sdg"] = cb["sdg"].fillna("").astype(str)
    return pd.DataFrame(
        {
            "indicator_id": cb["indicator_id"],
            "name_zh": cb["name_zh"],
            "name_en": cb["name_en"],
            "sdg": cb["sdg"],
            "sdg_goal": cb["sdg"].map(lambda c: int(c.split(".")[0]) if c else pd.NA).astype("Int64"),
            "sdg_label_en": cb["sdg"].map(lambda c: sdg_label(c, "en")),
            "sdg_label_zh": cb["sdg"].map(lambda c: sdg_label(c, "zh")),
            "sdg_match": cb["sdg_match"].where(cb["sdg"] != "", ""),
            "exact": cb["sdg_match"].isin(["exact", "close"]) & (cb["sdg"] != ""),
        }
    )
