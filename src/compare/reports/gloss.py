"""English reports say in English what the plans' Chinese means; the Chinese stays quoted.

Applied to an English page after it is rendered, in one place for every report: every
element that quotes the documents (``td.quote``, ``span.quote``) and every row label that
carries Chinese is rewritten so that

* a phrase the suite knows (`labels.PRINTED_MEANINGS`: 完成市级下达目标, 达到国家考核要求,
  稳步提升, Ⅲ类, …) reads as its meaning followed by the original in quotation marks:
  ``meet the target the city assigns (“完成市级下达目标”)``; a table caption (专栏2, 表2-1)
  reads ``Box 2`` / ``Table 2-1``;
* any other Chinese (a note as printed, a name as printed) stands inside quotation marks
  “…”, marked ``lang="zh"``, as the evidence it is.

So a reader always knows what is quoted, and the per-page check of the English PDFs counts
Chinese characters outside quotation marks.
"""

from __future__ import annotations

import html as htmlmod
import re
from typing import Any

from ..figures.labels import PRINTED_MEANINGS, printed_meaning

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
#: A run of Chinese with the punctuation, digits and spaces between its characters.
_RUN = re.compile(
    rf"(?:[{_CJK}Ⅰ-Ⅻ〔（【《“][{_CJK}\u3000-\u303f\uff00-\uffef0-9.%<>≥≤ Ⅰ-Ⅻ“”、，；：]*[{_CJK}）〕】》”]|[{_CJK}])"
    r"(?:[0-9.]*[0-9]%?(?![\w.]))?"
)
_CAPTION = re.compile(r"^(专栏|表)\s*(\d+(?:[-－]\d+)?)$")


def _quoted(text: str) -> str:
    """``text`` (escaped) with each Chinese run in quotation marks, marked as zh."""
    out, last = [], 0
    for m in _RUN.finditer(text):
        run = m.group(0)
        before = text[max(0, m.start() - 1) : m.start()]
        out.append(htmlmod.escape(text[last : m.start()], quote=False))
        inner = f'<span class="quote" lang="zh">{htmlmod.escape(run, quote=False)}</span>'
        out.append(inner if before == "“" or run.startswith("“") else f"“{inner}”")
        last = m.end()
    out.append(htmlmod.escape(text[last:], quote=False))
    return "".join(out)


def gloss_text(text: str, quote_runs: bool = True) -> str | None:
    """The English HTML for one quoted text, or None when it holds no Chinese (or, with
    ``quote_runs`` false, when no meaning is known: the text is already a quotation)."""
    stripped = text.strip()
    if not re.search(rf"[{_CJK}]", stripped):
        return None
    if " → " in stripped:  # target → achieved: each side on its own
        return " → ".join(
            gloss_text(side, quote_runs) or htmlmod.escape(side, quote=False)
            for side in stripped.split(" → ")
        )
    parts = re.split(r"\s*[;；]\s*", stripped)
    if len(parts) > 1 and printed_meaning(stripped) is None:  # a clause and its note: each glossed
        return "; ".join(gloss_text(part, quote_runs) or htmlmod.escape(part, quote=False) for part in parts)
    caption = _CAPTION.match(stripped)
    if caption:
        key = "box" if caption.group(1) == "专栏" else "table"
        return htmlmod.escape(f"{PRINTED_MEANINGS[key][1]} {caption.group(2)}", quote=False)
    core = stripped.rstrip("*†")
    known = printed_meaning(core)
    if known is not None:
        marks = stripped[len(core) :]
        meaning = htmlmod.escape(known + marks, quote=False)
        return f'{meaning} (“<span class="quote" lang="zh">{htmlmod.escape(core, quote=False)}</span>”)'
    return _quoted(text) if quote_runs else None


def _may_wrap(tag: Any) -> None:
    """A glossed cell is longer than the page's widths assumed: let it wrap."""
    classes = tag.get("class") or []
    if "nowrap" in classes:
        tag["class"] = [c for c in classes if c != "nowrap"]


def _rewrite(tag: Any) -> None:
    from bs4 import BeautifulSoup

    # a span is already a quotation: it gains a meaning where one is known, never more quotes
    new = gloss_text(tag.get_text(), quote_runs=tag.name != "span")
    if new is None:
        return
    _may_wrap(tag)
    tag.clear()
    for node in list(BeautifulSoup(new, "html.parser").contents):
        tag.append(node)


def _bracketed(text: str) -> list[tuple[int, int]]:
    """Spans of the outermost (…) groups of ``text`` that hold Chinese (brackets nest)."""
    spans, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "(（":
            depth, start = depth + 1, (i + 1 if depth == 0 else start)
        elif ch in ")）" and depth:
            depth -= 1
            if depth == 0 and re.search(rf"[{_CJK}]", text[start:i]):
                spans.append((start, i))
    return spans


def _glossed_names(tag: Any) -> None:
    """Names the page glosses: a plan's own name for (a part of) an indicator, in brackets
    after the English name (``Water quality (璧南河)``), or a sub-row named as printed
    (``└ 璧南河``), set as quotes."""
    from bs4 import BeautifulSoup

    text = tag.get_text()
    if not re.search(rf"[{_CJK}]", text):
        return
    spans = _bracketed(text) + [m.span() for m in re.finditer(r"(?<=└ )\S+", text)]
    if not spans:
        return
    out, last = [], 0
    for start, end in sorted(spans):
        name = text[start:end]  # one quotation for the whole name as printed
        quoted = name if name.startswith("“") else f"“{name}”"
        out.append(
            htmlmod.escape(text[last:start], quote=False)
            + f'<span class="quote" lang="zh">{htmlmod.escape(quoted, quote=False)}</span>'
        )
        last = end
    out.append(htmlmod.escape(text[last:], quote=False))
    tag.clear()
    for node in list(BeautifulSoup("".join(out), "html.parser").contents):
        tag.append(node)


_ABOUT = re.compile(r"^([0-9.]+)左右([*†]*)$")


def _plain_cell(tag: Any) -> None:
    """A cell outside the quoted columns that shows a printed value: a phrase the suite
    knows is glossed, ``93左右`` reads ``≈93``, full-width signs (＞95) as ASCII."""
    import unicodedata

    from bs4 import BeautifulSoup

    text = tag.get_text().strip()
    if not text or not re.search(r"[\u3400-\u9fff\uff00-\uffef]", text):
        return
    about = _ABOUT.match(text)
    if about:
        new = f'≈{about.group(1)}{about.group(2)} (“<span class="quote" lang="zh">{htmlmod.escape(text, quote=False)}</span>”)'
    elif printed_meaning(text.rstrip("*†")) is not None:
        new = gloss_text(text) or ""
    elif not re.search(rf"[{_CJK}]", text):
        new = htmlmod.escape(unicodedata.normalize("NFKC", text), quote=False)
    else:
        return
    _may_wrap(tag)
    tag.clear()
    for node in list(BeautifulSoup(new, "html.parser").contents):
        tag.append(node)


def gloss_english(body: str) -> str:
    """The English page ``body`` with the documents' Chinese glossed and quoted (see the
    module docstring); a page without Chinese is returned unchanged."""
    if not re.search(rf"[{_CJK}]", body):
        return body
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(body, "html.parser")
    for tag in soup.select("td.quote, span.quote"):
        if tag.find(["td", "span", "a", "table"]) is None:
            _rewrite(tag)
    for tag in soup.select("td, th"):
        if "quote" not in (tag.get("class") or []) and tag.find(["span", "a", "table"]) is None:
            _plain_cell(tag)
            _glossed_names(tag)
    for tag in soup.select("td, th"):
        _quote_left_runs(tag)
    return str(soup)


def _quote_left_runs(tag: Any) -> None:
    """Chinese a cell still shows unquoted (beside a link or a quotation, which the passes
    above leave alone: a caveat's cited document before a secondary source's address) set as
    quotes, run by run."""
    from bs4 import BeautifulSoup

    for node in list(tag.find_all(string=re.compile(rf"[{_CJK}]"))):
        if node.find_parent(attrs={"lang": "zh"}) is not None:
            continue
        for child in list(BeautifulSoup(_quoted(str(node)), "html.parser").contents):
            node.insert_before(child)
        node.extract()


#: Quoted Chinese in an English page is set in this colour: a reader sees what is quoted,
#: and the PDF check tells quoted characters from unquoted ones by it.
QUOTE_COLOUR = (0x2E, 0x4E, 0x7E)
GLOSS_CSS = 'html[lang="en"] [lang="zh"] {{ color: rgb({}, {}, {}); }}\n'.format(*QUOTE_COLOUR)
