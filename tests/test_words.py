"""The word catalogs (`compare.words`): both languages hold every word with the same
placeholders, and no reader-facing Chinese or English is left in code.

What counts as a word left in code (`words_in_code`), in ``src/compare/figures``,
``src/compare/reports`` and ``src/compare/analysis``:

- a tuple pairing a string with Chinese characters and a string with Latin letters and no
  Chinese (``("完成", "met")``), or a dict from Chinese keys to English values
  (``{"天": "days"}``);
- a dict keyed by ``"zh"`` and ``"en"``;
- a ``label(...)`` call with a string literal or f-string argument;
- a comparison with ``"zh"`` or ``"en"`` (``lang == "zh"``): a choice by language is made
  inside `compare.words` (`choose`, `wide`), never in a layer's code.

The allow-list is by place, not by string: ``src/compare/ingest`` is not scanned, because its
Chinese literals are data (parsing patterns such as 左右 and 约束性, the plans' printed
words), not words shown to readers; ``src/compare/words`` is the catalog API itself. Chinese
alone (a printed separator, a pattern) is not flagged: only pairs and language branches are.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from compare import words

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ("figures", "reports", "analysis")
CJK = re.compile(r"[\u3400-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")
#: Messages whose two languages say different things on purpose: id -> why.
OWN_FIELDS = {
    "text.findings.evidence_more": "Chinese counts all the evidence (等 N 处), English the rest (and M more)",
}


def _is_str(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _pairs_languages(a: ast.AST | None, b: ast.AST | None) -> bool:
    """``a`` is Chinese and ``b`` English (Latin letters, no Chinese)."""
    if not (_is_str(a) and _is_str(b)):
        return False
    x, y = a.value, b.value  # type: ignore[union-attr]
    return bool(CJK.search(x)) and not CJK.search(y) and bool(LATIN.search(y))


def _finding(node: ast.AST) -> str | None:
    if isinstance(node, ast.Tuple):
        items = node.elts
        if any(_pairs_languages(a, b) or _pairs_languages(b, a) for a in items for b in items):
            return "a (Chinese, English) pair"
    if isinstance(node, ast.Dict):
        if any(_pairs_languages(k, v) for k, v in zip(node.keys, node.values)):
            return "a dict from Chinese to English"
        if {k.value for k in node.keys if _is_str(k)} >= {"zh", "en"}:  # type: ignore[union-attr]
            return 'a dict keyed by "zh" and "en"'
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "label":
        if any(_is_str(a) or isinstance(a, ast.JoinedStr) for a in node.args):
            return "a label() call with literal words"
    if isinstance(node, ast.Compare):
        if any(_is_str(c) and c.value in words.LANGS for c in [node.left, *node.comparators]):  # type: ignore[union-attr]
            return "a branch on the language"
    return None


def words_in_code(source: str, name: str = "<code>") -> list[str]:
    """Every reader-facing word left in ``source``, as ``name:line: what``."""
    out = []
    for node in ast.walk(ast.parse(source)):
        what = _finding(node)
        if what:
            out.append(f"{name}:{node.lineno}: {what}")  # type: ignore[attr-defined]
    return out


def test_no_reader_facing_words_outside_the_catalogs():
    files = [p for layer in SCANNED for p in sorted((ROOT / "src" / "compare" / layer).rglob("*.py"))]
    assert len(files) > 20
    found = [f for p in files for f in words_in_code(p.read_text("utf-8"), str(p.relative_to(ROOT)))]
    assert found == []


@pytest.mark.parametrize(
    "planted",
    [
        'WORDS = {"met": ("完成", "met")}',
        'x = {"天": "days"}',
        'SDG = {"6.1.1": {"en": "Water", "zh": "水"}}',
        'title = label(lang, "要点", "Key findings")',
        'title = label(lang, f"第{n}", f"rank {n}")',
        'sep = "；" if lang == "zh" else "; "',
        'short = info["lang"] != "en"',
    ],
)
def test_the_scan_finds_a_planted_word(planted: str):
    assert words_in_code(planted)


def test_the_scan_leaves_data_and_catalog_lookups_alone():
    code = 'pattern = "左右"\nname = word("domains.water", lang)\nx = choose(lang, row.zh, row.en)\n'
    assert words_in_code(code) == []


def test_both_catalogs_hold_every_word_with_the_same_placeholders():
    zh, en = words.messages("zh"), words.messages("en")
    assert len(zh) > 500
    assert list(zh) == list(en)
    assert [k for k in zh if zh[k][0] != en[k][0]] == []  # the same group
    differ = {
        k: (zh[k][1], en[k][1])
        for k in zh
        if k not in OWN_FIELDS and words.placeholders(zh[k][1]) != words.placeholders(en[k][1])
    }
    assert differ == {}
    assert set(OWN_FIELDS) <= set(zh)
    assert [k for k in zh if bool(zh[k][1]) != bool(en[k][1])] == []  # none left untranslated


def test_every_id_names_its_group():
    zh = words.messages("zh")
    assert zh
    assert [k for k, (group, _) in zh.items() if not k.startswith(group + ".")] == []


def test_word_fills_placeholders_and_groups_keep_catalog_order():
    assert words.word("report_texts.indicator.title_of", "en", name="X") == "Indicator comparison: X"
    assert list(words.word_group("domains"))[:2] == ["ecology", "land"]
    assert words.word_pair("statuses.met") == ("完成", "met")
    assert words.word_groups("verdict_words")["final"]["met"] == ("完成", "met")


def test_an_unknown_language_is_refused_by_name():
    with pytest.raises(words.ParameterError, match="lang 'fr'"):
        words.word("domains.water", "fr")


def test_the_wheel_ships_the_catalogs():
    import tomllib

    data = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["package-data"]
    patterns = data["compare"]
    assert any(p.endswith(".po") and list((ROOT / "src" / "compare").glob(p)) for p in patterns), (
        "the .po catalogs are not package data"
    )
    assert {
        p.parent.parent.name for p in (ROOT / "src" / "compare" / "words" / "locale").glob("*/*/*.po")
    } == {
        "zh",
        "en",
    }
