"""English pages gloss the plans' Chinese (compare.reports.gloss)."""

from __future__ import annotations

import re

import pytest

from catalog_under_test import outside_the_sample
from compare.reports.gloss import gloss_english, gloss_text

_OUTSIDE = re.compile(r'<span class="quote" lang="zh">[^<]*</span>')


def _unquoted_chinese(html: str) -> list[str]:
    return re.findall(r"[\u3400-\u9fff]+", _OUTSIDE.sub("", html))


def test_known_phrase_reads_as_its_meaning_with_the_original_quoted():
    out = gloss_text("完成市级下达目标")
    assert out.startswith("meet the target the city assigns (“") and out.endswith("”)")
    assert not _unquoted_chinese(out)


def test_table_caption_reads_in_english():
    assert gloss_text("专栏2") == "Box 2" and gloss_text("表2-1") == "Table 2-1"


def test_target_and_achieved_are_glossed_apart():
    out = gloss_text("达到重庆市要求 → 完成")
    assert "meet Chongqing's requirement" in out and "→ met (“" in out


def test_unknown_chinese_is_quoted_not_dropped():
    out = gloss_text("市上对我区考核目标为90%")
    assert "“" in out and "市上对我区考核目标为90%" in out.replace(
        '<span class="quote" lang="zh">', ""
    ).replace("</span>", "")
    assert not _unquoted_chinese(out)
    assert gloss_text("≥ 46") is None


def test_page_gloss_quotes_quoted_cells_and_glossed_names_only():
    body = (
        '<table><tr><td class="quote">稳步提升</td><td>Water quality (璧南河)</td><td>└ 璧北河</td></tr></table>'
        "<p>未翻译</p>"
    )
    out = gloss_english(body)
    assert "steady improvement" in out and "(“" in out
    assert _unquoted_chinese(out) == ["未翻译"]  # a paragraph is not glossed: the PDF check finds it


def test_a_quotation_is_glossed_but_never_quoted_again():
    page = '<p>document no. <span class="quote" lang="zh">开州府办发〔2021〕74号</span></p>'
    out = gloss_english(page)
    assert out.count('class="quote"') == 1 and "“" not in out
    known = '<p><span class="quote" lang="zh">完成市级下达目标</span></p>'
    assert "meet the target the city assigns (“" in gloss_english(known)  # a known meaning still glossed


@pytest.mark.slow
@pytest.mark.catalog
@pytest.mark.parametrize("name", outside_the_sample("profile-chongqing-en"))
def test_english_municipal_profile_glosses_every_clause_as_printed(rendered, name):
    """Each quoted Chinese cell of the text-as-printed columns of the English municipal
    profile reads as its English meaning, the clause kept beside it as the quotation."""
    from bs4 import BeautifulSoup

    from compare.figures.labels import header

    soup = BeautifulSoup((rendered / f"{name}.html").read_text(encoding="utf-8"), "html.parser")
    cells = []
    for table in soup.find_all("table"):
        heads = [th.get_text(" ", strip=True) for th in table.find("tr").find_all("th")]
        if header("text", "en") in heads:
            column = heads.index(header("text", "en"))
            cells += [row.find_all(["td", "th"])[column] for row in table.find_all("tr")[1:]]
    quoted = [c for c in cells if c.find(attrs={"lang": "zh"}) is not None]
    assert quoted, "no quoted clause in the text-as-printed columns"
    bare = []
    for cell in quoted:
        for quote in cell.find_all(attrs={"lang": "zh"}):
            quote.extract()
        meaning = re.sub(r"[“”()\s]", " ", cell.get_text()).strip()
        if len(re.findall(r"[A-Za-z]{3,}", meaning)) < 2:
            bare.append(str(cell)[:120])
    assert not bare, bare
