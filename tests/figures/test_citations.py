"""Citations a reader can follow (`figures.citations`): the document's short title and 文号,
the line it was printed on."""

from __future__ import annotations

from compare import paths
from compare.figures.citations import (
    caveat_words,
    cite_ref,
    cite_text,
    document_part,
    plan_documents,
    short_title,
)


def test_every_manifest_document_has_its_title_and_region():
    docs = plan_documents(paths.MANIFEST)
    assert len(docs) >= 6
    kaizhou = docs["kaizhou_eco_14th_fyp.txt"]
    assert (kaizhou["doc_no"], kaizhou["issued"], kaizhou["region"]) == (
        "开州府办发〔2021〕74号",
        "2021-12-25",
        "kaizhou",
    )


def test_a_districts_title_drops_the_citys_name():
    assert short_title("重庆市璧山区生态环境保护“十四五”规划") == "璧山区生态环境保护“十四五”规划"


def test_a_citation_names_the_document_its_number_and_the_line():
    part = document_part("kaizhou_eco_14th_fyp.txt", "en")
    assert part.startswith("开州区生态环境保护“十四五”规划 (开州府办发〔2021〕74号")
    assert cite_ref("kaizhou_eco_14th_fyp.txt:512", "en") == f"{part} · kaizhou_eco_14th_fyp.txt:512"


def test_bare_references_in_a_text_are_cited_and_the_rest_kept():
    text = cite_text("see kaizhou_eco_14th_fyp.txt:512 here", "en")
    assert text.startswith("see 开州区") and text.endswith("kaizhou_eco_14th_fyp.txt:512 here")
    assert cite_text("no reference here", "en") == "no reference here"


def test_caveat_codes_become_words_in_the_reports_language():
    assert caveat_words("set_by_higher_level,secondary", "zh") == "最终以上级下达为准；二手来源"
    assert caveat_words("", "en") == ""
