"""Mine quantified 2025 targets from a plan's prose, for plans whose indicator table is lost.

The municipal plan (``chongqing_eco_14th_fyp.txt``) kept its targets only in sentences such
as ``到2025年,全市城市生活污水集中处理率达到98%以上``. :func:`mine_targets` turns every
such quantified target into one :class:`~compare.rows.PrintedRow` with ``table="prose"``.

What counts as a target (every rule is a regex over the text; nothing is keyed on a line):

* The text is read one paragraph (line) at a time and cut into sentences at ``。!?``
  (a ``;`` only separates clauses, so a ``到2025年`` stays in force across it).
* A sentence that names a year with ``到20XX年`` is mined only when that year is 2025;
  ``到2035年`` vision sentences are skipped. All mined rows get ``target_year=2025``: the
  sentences without a year sit in the task chapters of a 2021-2025 plan.
* A sentence without ``到2025年`` is skipped when its paragraph looks back on the 13th plan
  (``较2015年``, ``十三五``, ``五年累计``, ...), so "森林覆盖率达到52.5%" of the review is no
  target; it is also skipped in a numbered project list (a paragraph opening ``1.``,
  ``2.`` ...): ``新建城市污水处理厂7座`` is a project quantity, not a target.
* Inside a mined sentence a number with a unit is a target when it is
    - led by a target verb: ``达到/提高到/稳定在/控制在/降至/不低于/不超过...X``;
    - a change from a baseline: ``由A%提高到B%以上`` (``baseline_raw=A``, 2020);
    - a cut: ``下降/降低/减少X%``;
    - a bracketed limit: ``稳定达标(35μg/m3以内)``;
    - a rate printed straight after its name: ``信访案件交办率100%``;
    - a share followed by its predicate: ``放射性废物100%安全收贮`` (the name is then
      subject + predicate, the number lifted out: ``...放射性废物安全收贮``);
    - or, only in a ``到2025年`` sentence, any other count, length or area:
      ``新建美丽宜居村庄1000个``, ``新增消落带库岸环境治理50公里``.
  Numbers that describe things (``35蒸吨/小时以下燃煤锅炉``, ``200户或500人以上``,
  ``低于100mg/L``) carry no target verb and are left alone.

Cells: ``target_raw`` is ``≥X`` for 以上/不低于/不少于, ``≤X`` for 以内/以下/不超过/不高于,
``X左右`` for 左右 and plain ``X`` otherwise; each number is copied from the sentence.

Names: the noun phrase between the clause start (or the previous target in the clause) and
the verb, whitespace removed, with scope and modal words trimmed (``全市``, ``我市``,
``确保``, ``力争``, ...). Coordinated subjects share a head: ``农药、化肥利用率`` gives
``农药利用率`` and ``化肥利用率``. Elliptical names are kept as printed (``按时回复率``,
``水质达标率``); ``extra["sentence"]`` holds the sentence that gives their subject and
``note`` the clause from the name to the number.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .notes import classify
from .rows import Note, PrintedRow
from .sources import read_document

TARGET_YEAR = 2025
BASELINE_YEAR = 2020

_NUM = r"(?<![A-Za-z0-9.])\d+(?:\.\d+)?"
# Longest first, so "个百分点" wins over "个" and "万吨/天" over "万吨".
_UNITS = (
    "个百分点",
    "起/万枚",
    "微克/立方米",
    "毫克/升",
    "μg/m3",
    "μg/m³",
    "mg/L",
    "万吨/天",
    "万吨/日",
    "吨/天",
    "万平方米",
    "平方公里",
    "平方米",
    "万公顷",
    "公顷",
    "万亩",
    "亩",
    "公里",
    "千米",
    "亿立方米",
    "万立方米",
    "立方米",
    "万千瓦",
    "千瓦",
    "万吨",
    "吨",
    "万辆",
    "辆",
    "万座",
    "座",
    "万个",
    "个",
    "家",
    "条",
    "台",
    "处",
    "天",
    "分贝",
    "%",
    "‰",
)
_UNIT = "(?:" + "|".join(re.escape(u) for u in _UNITS) + ")"
_Q = r"(?P<q>以上|以下|以内|左右)?"
_CJK = r"\u4e00-\u9fff"

# (kind, regex), highest priority first. Each has groups num/unit; most have verb and q.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "baseline",
        re.compile(
            rf"由(?P<base>{_NUM})(?:{_UNIT})?"
            r"(?P<verb>(?:提高|提升|增加|增长|上升|下降|降低|减少|降)(?:到|至))"
            rf"(?P<num>{_NUM})(?P<unit>{_UNIT}){_Q}"
        ),
    ),
    (
        "verb",
        re.compile(
            r"(?P<verb>达到|提高到|提高至|提升到|提升至|增加到|增加至|增长到|上升到|上升至|"
            r"稳定在|保持在|控制在|下降到|下降至|降低到|降低至|降至|降到|"
            r"不低于|不少于|不高于|不超过|不大于)"
            rf"(?P<num>{_NUM})(?P<unit>{_UNIT}){_Q}"
        ),
    ),
    ("cut", re.compile(rf"(?P<verb>下降|降低|减少|削减)(?P<num>{_NUM})(?P<unit>%|个百分点)")),
    ("bracket", re.compile(rf"(?P<verb>(?:稳定)?达标)[((](?P<num>{_NUM})(?P<unit>{_UNIT}){_Q}[))]")),
    ("rate", re.compile(rf"(?<=[率例重])(?P<num>{_NUM})(?P<unit>%){_Q}")),
    (
        "predicate",
        re.compile(
            rf"(?<=[{_CJK}])(?P<num>{_NUM})(?P<unit>%)"
            rf"(?!以上|以下|以内|左右)(?P<pred>[{_CJK}][^,,;;::。!?、()()]*)"
        ),
    ),
    # Only in sentences that say 到2025年.
    ("quantity", re.compile(rf"(?P<num>{_NUM})(?P<unit>{_UNIT}){_Q}")),
]

_SENTENCE = re.compile(r"[^。!?!?]+[。!?!?]?")
_YEAR = re.compile(r"到(20\d\d)年")
_REVIEW = re.compile(r"较20(?:0\d|1[0-5])年|十三五|五年累计|已全部")
_PROJECT_LIST = re.compile(r"^\s*\d+[.．、]")
_CLAUSE_END = re.compile(r"[,,;;::。!?!?]")
_LEAD = re.compile(r"^(?:到20\d\d年(?:底|末)?[,,]?|全市|我市|确保|实现|保持|力争|将|完成|全面)")
_TRAIL = re.compile(r"(?:力争|稳定|持续|进一步|基本|要|均|分别|的)$")
_REF_YEAR = re.compile(r"较(20\d\d)年$")
_HEAD = re.compile(
    r"^(?P<mod>.+?)(?P<head>(?:综合|集中|无害化|资源化|安全)?"
    r"(?:利用|处理|处置|治理|普及|覆盖|达标|排放|消费|回复|交办)?"
    r"(?:率|比例|比重|占比|总量|量|浓度|程度))$"
)
_MEASURE = re.compile(r"率|比例|比重|占比|量|浓度|程度")
_SPACE = re.compile(r"\s+")
_NOT_NAME = re.compile(rf"[{_CJK}A-Za-z]")


@dataclass
class _Hit:
    kind: str
    match: re.Match[str]

    @property
    def num_span(self) -> tuple[int, int]:
        return self.match.span("num")


def _cell(verb: str, num: str, q: str | None) -> str:
    if q == "以上" or verb in ("不低于", "不少于"):
        return f"≥{num}"
    if q in ("以下", "以内") or verb in ("不高于", "不超过", "不大于"):
        return f"≤{num}"
    if q == "左右":
        return f"{num}左右"
    return num


def _trim(name: str) -> str:
    name = _SPACE.sub("", name).lstrip("、")
    while True:
        old = name
        if len(name) > 3:
            name = _LEAD.sub("", name, count=1)
        name = _TRAIL.sub("", name)
        if name == old:
            return name


def _split_coordinated(name: str) -> list[str]:
    """``农药、化肥利用率`` -> ``农药利用率``, ``化肥利用率``; anything else unchanged."""
    if "、" not in name:
        return [name]
    *heads, last = name.split("、")
    m = _HEAD.match(last)
    if not m or any(not h or len(h) > 8 or _MEASURE.search(h) for h in heads):
        return [name]
    return [h + m["head"] for h in heads] + [last]


def _hits(sentence: str, dated: bool) -> list[_Hit]:
    accepted: list[_Hit] = []
    for kind, pattern in _PATTERNS:
        if kind == "quantity" and not dated:
            continue
        for m in pattern.finditer(sentence):
            span = m.span()
            if any(span[0] < a.match.end() and a.match.start() < span[1] for a in accepted):
                continue
            accepted.append(_Hit(kind, m))
    return sorted(accepted, key=lambda h: h.num_span)


def _sentence_rows(sentence: str, source: str, line: int) -> list[PrintedRow]:
    years = {int(y) for y in _YEAR.findall(sentence)}
    rows: list[PrintedRow] = []
    prev_end = 0
    for hit in _hits(sentence, dated=TARGET_YEAR in years):
        m = hit.match
        ends = [c.end() for c in _CLAUSE_END.finditer(sentence, 0, m.start())]
        start = max([prev_end, *ends])
        prev_end = m.end()
        region = sentence[start : m.start()]
        # the clause as printed, from the name to the number (the evidence)
        clause_start = start + len(region) - len(region.lstrip("、 \t"))
        lead = re.match(r"到20\d\d年(?:底|末)?[,,]?", sentence[clause_start:])
        if lead:
            clause_start += lead.end()
        note = _SPACE.sub("", sentence[clause_start : m.end()])
        name = _trim(region)
        extra = {"sentence": sentence.strip(), "verb": m.groupdict().get("verb") or ""}
        ref = _REF_YEAR.search(name)
        if ref:
            extra["reference_year"] = ref.group(1)
            name = _trim(name[: ref.start()])
        if hit.kind == "predicate":
            name += _SPACE.sub("", m["pred"])
            extra["verb"] = m["pred"]
        if not _NOT_NAME.search(name):
            continue  # a bare number with no indicator before it
        base = m.groupdict().get("base")
        cell = _cell(extra["verb"], m["num"], m.groupdict().get("q"))
        for part in _split_coordinated(name):
            rows.append(
                PrintedRow(
                    source_file=source,
                    period="14th",
                    table="prose",
                    seq="",
                    name=part,
                    line=line,
                    unit=m["unit"],
                    baseline_year=BASELINE_YEAR if base else None,
                    baseline_raw=base or "",
                    target_year=TARGET_YEAR,
                    target_raw=cell,
                    note=note,
                    extra=dict(extra),
                )
            )
    return rows


def mine_targets(path: Path) -> list[PrintedRow]:
    """Every quantified 2025 target printed in the prose of ``path``, by line then position."""
    path = Path(path)
    return mine_lines(read_document(path), path.name)


def mine_lines(lines: list[str], file: str) -> list[PrintedRow]:
    """`mine_targets` over a document's lines (already decoded and verified)."""
    rows: list[PrintedRow] = []
    for lineno, paragraph in enumerate(lines, start=1):
        if not paragraph.strip():
            continue
        looks_back = bool(_REVIEW.search(paragraph) or _PROJECT_LIST.match(paragraph))
        for sm in _SENTENCE.finditer(paragraph):
            sentence = sm.group(0)
            years = {int(y) for y in _YEAR.findall(sentence)}
            if years - {TARGET_YEAR}:
                continue  # 到2035年 and other years outside the plan period
            if looks_back and TARGET_YEAR not in years:
                continue
            rows.extend(_sentence_rows(sentence, file, lineno))
    return rows


# ----------------------------------------------------------------------------- the review

#: Year of the values a plan's review of its predecessor states (``全市森林覆盖率达到52.5%``).
REVIEW_YEAR = 2020
_REVIEW_LEVEL = re.compile(rf"(?P<verb>达到|降至|降到)(?P<num>{_NUM})(?P<unit>%|天|微克/立方米)(?![\d%])")
_REVIEW_RATE = re.compile(rf"(?<=[率例重])(?P<num>{_NUM})(?P<unit>%)")
_REVIEW_CUT = re.compile(
    rf"(?P<span>五年累计|较20(?:0\d|1[0-5])年(?:分别)?)(?P<verb>下降|降低|减少)"
    rf"(?P<nums>{_NUM}%(?:、{_NUM}%)*)"
)
_COUNT_LEAD = re.compile(r"^\d+个")


def mine_review(lines: list[str], file: str, is_name: Callable[[str], bool]) -> list[PrintedRow]:
    """The 2020 values a plan's review of the 13th FYP states, as 13th-period rows.

    Only paragraphs that look back (`_REVIEW`) and name no ``到20XX年`` are read. A value is
    a level reached (``达到/降至 X%|天|微克/立方米``, or a rate printed after its name,
    ``水质达标率100%``) or a five-year cut (``五年累计下降X%``, ``较2015年分别下降a%、b%``
    over coordinated subjects, giving ``<subject>下降``, cumulative ``[X]``). A value whose
    name the codebook does not know (``is_name``: ``园区工业集中度``) is not an indicator of
    the suite and is left out; nothing is invented: a sentence without a digit gives nothing.
    Rows: ``achieved_raw`` as printed (cuts in brackets), achieved in `REVIEW_YEAR`, the
    clause as ``note``.
    """
    rows: list[PrintedRow] = []
    for lineno, paragraph in enumerate(lines, start=1):
        if not _REVIEW.search(paragraph) or _PROJECT_LIST.match(paragraph):
            continue
        for sm in _SENTENCE.finditer(paragraph):
            sentence = sm.group(0)
            if _YEAR.search(sentence):
                continue
            rows.extend(_review_rows(sentence, file, lineno, is_name))
    return rows


def _review_rows(sentence: str, file: str, line: int, is_name: Callable[[str], bool]) -> list[PrintedRow]:
    out: list[PrintedRow] = []
    found: list[tuple[int, int, list[str], list[str], str, bool]] = []
    for m in _REVIEW_CUT.finditer(sentence):
        nums = re.findall(_NUM, m.group("nums"))
        found.append((m.start(), m.end(), nums, ["%"] * len(nums), m.group("verb"), True))
    for pattern in (_REVIEW_LEVEL, _REVIEW_RATE):
        for m in pattern.finditer(sentence):
            if any(a <= m.start() < b for a, b, *_ in found):
                continue
            found.append((m.start(), m.end(), [m.group("num")], [m.group("unit")], "", False))
    for start, end, nums, units, verb, cut in sorted(found):
        ends = [c.end() for c in _CLAUSE_END.finditer(sentence, 0, start)]
        begin = max([0, *ends])
        region = sentence[begin:start]
        name = _COUNT_LEAD.sub("", _trim(region))
        names = _split_subjects(name, len(nums)) if cut else [name]
        if len(names) != len(nums):
            continue
        clause = _SPACE.sub("", sentence[begin:end]).lstrip("、")
        for part, num, unit in zip(names, nums, units):
            printed = f"{part}{verb}" if cut else part
            if not _NOT_NAME.search(printed) or not is_name(printed):
                continue
            out.append(
                PrintedRow(
                    source_file=file,
                    period="13th",
                    table="prose",
                    seq="",
                    name=printed,
                    line=line,
                    unit="%" if unit == "%" else unit,
                    achieved_raw=f"[{num}]" if cut else num,
                    note=clause,
                    extra={"sentence": sentence.strip(), "achieved_year": str(REVIEW_YEAR)},
                )
            )
    return out


def _split_subjects(name: str, n: int) -> list[str]:
    """``二氧化硫、氮氧化物、化学需氧量、氨氮排放量`` with four values: the shared head
    (``排放量``) goes to every subject; one subject is returned as it is."""
    parts = [p for p in name.split("、") if p]
    if n == 1 or len(parts) != n:
        return [name]
    head = re.search(r"(排放量|排放总量|排放)$", parts[-1])
    suffix = head.group(1) if head else ""
    return [p if p.endswith(suffix) else p + suffix for p in parts]


_FRAGMENT = re.compile(r"^\s*(?:\d+[.．])?(?P<mark>\*+)(?P<text>表示.+)$")


def note_fragments(lines: list[str], file: str) -> list[Note]:
    """Notes of a lost indicator table that survive in the text as their own line
    (``2.*表示“十四五”期间,纳入国家考核的地表水国控断面为74个…``): mark, text and kinds, to be
    attached by the indicators they name."""
    out = []
    for lineno, text in enumerate(lines, start=1):
        m = _FRAGMENT.match(text)
        if m:
            body = _SPACE.sub("", m.group("mark") + m.group("text"))
            out.append(Note(m.group("mark"), body, lineno, classify(body), file))
    return out


_REDUCTION = re.compile(r"较(?P<year>\d{4})年(?:下降|降低|减少)(?P<num>\d+(?:\.\d+)?)\s*[%％]")


@dataclass(frozen=True)
class Reduction:
    """A change a plan's prose states against a named year (``较2017年下降36.8%``)."""

    file: str
    line: int
    year: int
    value: float
    before: str  # up to 30 characters of the sentence before the change: its subject


def reduction_statements(path: Path) -> list[Reduction]:
    """Every ``较YYYY年下降X%`` a document's prose states, with its line and the words before
    it (`Reduction`): the review of a plan says what was cut and against which year, which
    its table's bracketed figure does not print. A missing file gives no statements."""
    if not path.is_file():
        return []
    out = []
    for number, text in enumerate(read_document(path), start=1):
        for m in _REDUCTION.finditer(text):
            start = max(text.rfind("。", 0, m.start()), text.rfind("；", 0, m.start()), -1) + 1
            before = text[max(start, m.start() - 30) : m.start()]
            out.append(Reduction(path.name, number, int(m.group("year")), float(m.group("num")), before))
    return out
