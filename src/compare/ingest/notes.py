"""Notes printed with an indicator table, each attached to the rows it names, with a kind.

A plan qualifies its figures in four ways, and every one of them is a note here:

* a **mark** in a value cell (`17(1)`, `13.92【1】`, `41.7*`, `10441.8**`) explained by a line
  under the table that starts with the same mark;
* a **labelled table-wide note** (`注：1．…`, `备注:2.…`, `说明：…`) that applies to the rows
  whose indicators it names (`单位GDP二氧化碳排放量、能耗…等，最终以市上下达数为准`; as a class:
  `约束性指标…`), or, naming none, to the whole table, or, for the legends
  `带[ ]的数据为5年累计数` and `“—”表示…`, to the rows whose cells it describes;
* a **备注 column** cell of a row (`完成市级下达目标`, `提升2个百分点`);
* a 13th table's **完成情况 (status) column** cell (`完成`, `达到市级要求`).

`split_notes` cuts the lines under a table into notes (one line may hold several, one note
several clauses for different rows) and gives each a kind (`classify`); `attach` joins them to
the rows once the codebook has named every row. A mark no note explains becomes a note of
kind ``orphan_mark`` on its row, so nothing printed is ever dropped: a note that reaches no
row stays in the result with ``row`` None (``unattached``) for the build to report.

Kinds (``KINDS``): what the note does to the figures it qualifies.

===========================  ==========================================================
assessed_target_differs      the target actually assessed differs from the printed one
definition_changed           the indicator was redefined or redrawn (red line, sections)
method_changed_deemed_met    the method changed; the competent authority deemed it met
data_year_differs            the value is data of another year (``**为2019年数据``)
estimate                     the target is an estimate (``目标值为预计数``)
set_by_higher_level          the final value is set by a higher level (``以市级下达为准``)
context                      context for reading the values (``受新冠肺炎疫情…影响``)
data_pending                 the value is missing or will be recomputed (``暂未出``)
redelineation_pending        an area share that follows a delineation being redrawn
cumulative_definition        legend: ``[ ]`` marks a five-year cumulative figure
no_data_definition           legend: ``—`` means no data
target_rationale             a 备注 cell restating the target (``保持``, ``提升2个百分点``)
status_verdict               a 完成情况 cell: the plan's own verdict on a 13th target
orphan_mark                  a mark in a cell that no note under the table explains
===========================  ==========================================================
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .rows import Note, PrintedRow
from .values import normalise_text, parse_cell

KINDS = (
    "assessed_target_differs",
    "definition_changed",
    "method_changed_deemed_met",
    "data_year_differs",
    "estimate",
    "set_by_higher_level",
    "context",
    "data_pending",
    "redelineation_pending",
    "cumulative_definition",
    "no_data_definition",
    "target_rationale",
    "status_verdict",
    "orphan_mark",
)
#: How a note reaches a row: its mark in a cell, an indicator name it mentions (or the class
#: of indicators, 约束性指标), the cells it describes (legends), the row's own 备注 or 完成情况
#: cell, or (a labelled note naming no indicator and describing no cell) the whole table.
BY = ("mark", "name", "content", "column", "status", "table")
#: Kinds under which the final value of a figure is set by a higher level (`provisional`).
PROVISIONAL_KINDS = frozenset({"set_by_higher_level"})
#: Kinds that are caveats a reader must see next to any verdict resting on the row.
CAVEAT_KINDS = frozenset(
    {"estimate", "set_by_higher_level", "context", "data_pending", "redelineation_pending", "orphan_mark"}
)


@dataclass(frozen=True)
class RowNote:
    """A note attached to one row: how it got there and which cell carries its mark."""

    note: Note
    by: str  # one of BY
    cell: str = ""  # baseline / target / achieved for a mark; "" otherwise


@dataclass
class Attached:
    """The notes of one document: per row (aligned with the rows given) and unattached."""

    rows: list[list[RowNote]]
    unattached: list[Note] = field(default_factory=list)


# ----------------------------------------------------------------------------- marks

# A mark follows the value it qualifies: a digit, a closing bracket, % or a word (以上, 左右).
_AFTER_VALUE = r"(?<=[\d\]〕】%\u4e00-\u9fff])"
NOTE_MARKS = (
    (re.compile(r"【(\d+)】"), lambda m: f"【{m.group(1)}】"),
    (re.compile(_AFTER_VALUE + r"\((\d+)\)"), lambda m: f"({m.group(1)})"),
    (re.compile(_AFTER_VALUE + r"(\*+)"), lambda m: m.group(1)),
)
_CELLS = ("baseline", "target", "achieved")


def cell_marks(raw: str) -> list[str]:
    """The note marks a printed cell carries, in order (`13.92【1】` -> ['【1】'])."""
    cell = unicodedata.normalize("NFKC", raw)
    out: list[str] = []
    for pattern, key in NOTE_MARKS:
        for m in pattern.finditer(cell):
            if key(m) not in out:
                out.append(key(m))
    return out


# ----------------------------------------------------------------------------- kinds

_CUM_DEF = re.compile(
    r"带?[“\"']?[\[［〔][\]］〕][”\"']?号?的?(?:数据)?(?:为|表示)(?:5年|五年)累计数据?[，,；;。]?"
)
_DASH_DEF = re.compile(r"[“\"']?[—－\-]+[”\"']?表示[^；;。]*[；;。]?")
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("assessed_target_differs", re.compile(r"考核(?:目标|要求)为\d|责任书.*要求.*达到\d")),
    ("data_year_differs", re.compile(r"\d{4}年数据|上一?年度?数据")),
    ("method_changed_deemed_met", re.compile(r"认定达标")),
    ("definition_changed", re.compile(r"开展评估调整|核算体系发生变化|口径调整|比.{0,12}(?:增加|减少)\d+个")),
    ("estimate", re.compile(r"预计数|估算数|预估")),
    ("redelineation_pending", re.compile(r"(?:优化|评估)调整.{0,6}(?:为准|确定)|以优化调整后确定")),
    ("data_pending", re.compile(r"暂未出|尚在统计|尚未发布|最后认定为准|融合后.*计算结果为准")),
    ("set_by_higher_level", re.compile(r"下达.{0,8}为准|以.{0,6}下达|另行下达")),
    ("context", re.compile(r"疫情|受.{0,12}影响|高于正常年份|数据来源")),
)
_COLUMN_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("redelineation_pending", re.compile(r"调整")),
    ("set_by_higher_level", re.compile(r"下达|以.*为准|市级\d")),
)


def classify(text: str) -> tuple[str, ...]:
    """Kinds of a note printed under a table, primary first (``context`` if none fits).

    >>> classify("*计算方法变化，市林业局认定达标。")
    ('method_changed_deemed_met',)
    >>> classify("**为2019年数据，市环保局认定达标。")
    ('data_year_differs', 'method_changed_deemed_met')
    >>> classify("2.单位GDP二氧化碳排放量…的目标值为预计数,最终以市级下达数为准。")
    ('estimate', 'set_by_higher_level')
    """
    t = normalise_text(text)
    kinds: list[str] = []
    if _CUM_DEF.search(t):
        kinds.append("cumulative_definition")
    if _DASH_DEF.search(t):
        kinds.append("no_data_definition")
    for kind, pattern in _RULES:
        if pattern.search(t):
            kinds.append(kind)
    return tuple(kinds) or ("context",)


def classify_column(text: str) -> tuple[str, ...]:
    """Kind of a 备注 column cell: a pending delineation, a value set higher up, or a rationale."""
    t = normalise_text(text)
    for kind, pattern in _COLUMN_RULES:
        if pattern.search(t):
            return (kind,)
    return ("target_rationale",)


# ----------------------------------------------------------------------------- splitting

_MARK_START = re.compile(r"【\d+】|[（(]\d+[)）]|\*+")
_NUMBERED = re.compile(r"(?:^|(?<=[。；;]))(?P<n>\d{1,2})\s*[.．、]")
#: Labels that open a table-wide note (`注：`, `备注:`, `说明：`); the note takes its label
#: (and its number, `注3`) as mark.
LABELS = ("备注", "注", "说明")
_PREFIX = re.compile(r"^(?P<p>" + "|".join(LABELS) + r")[:：]?")


def _mark_of(part: str) -> tuple[str, str]:
    """(mark, rest) of a part that starts with a mark; ("", part) otherwise."""
    m = _MARK_START.match(part)
    if not m:
        return "", part
    mark = unicodedata.normalize("NFKC", m.group(0))
    return mark, part


def _clauses(mark: str, text: str, line: int, file: str) -> list[Note]:
    """One marked part cut into legend clauses and what remains, each with its kinds."""
    out: list[Note] = []
    rest = text
    for pattern, kind in ((_CUM_DEF, "cumulative_definition"), (_DASH_DEF, "no_data_definition")):
        for m in list(pattern.finditer(rest)):
            clause = m.group(0)
            out.append(Note(mark, clause.rstrip("，,；;"), line, (kind, *_extra_kinds(clause, kind)), file))
        rest = pattern.sub("", rest)
    body = re.sub(r"^(?:【\d+】|[（(]\d+[)）]|\*+|\d{1,2}[.．、])", "", rest).strip("，,；;。 ")
    if len(re.findall(r"[\u4e00-\u9fff]", body)) >= 4:
        out.append(Note(mark, rest.strip("，,；; "), line, classify(rest), file))
    elif not out:
        out.append(Note(mark, text.strip("，,；; "), line, classify(text), file))
    return out


def _extra_kinds(clause: str, primary: str) -> tuple[str, ...]:
    return tuple(k for k in classify(clause) if k != primary and k != "context")


def split_notes(lines: Iterable[tuple[str, int]], file: str = "") -> list[Note]:
    """The notes printed under one table, from its note lines ``(text, line)``.

    A line may hold several notes (`注：1．…。2．…。3．…`, `(1)…；（2）…；“—”表示…`); a note
    may hold a legend and a remark for different rows (`【4】带[ ]号的为五年累计数，2020年能耗数据
    暂未出…`): each becomes a note of its own. Numbered notes take their prefix as mark
    (`注3`, `备注2`); a part of a line without a mark continues the mark before it, except a
    legend, which stands alone. An unnumbered labelled note (`备注：…`, `说明：…`) takes its
    label as mark, as a numbered one does.
    """
    notes: list[Note] = []
    prefix = "注"
    for raw, line in lines:
        text = re.sub(r"\s+", "", raw)  # as printed, spaces aside; matching normalises itself
        if not text:
            continue
        p = _PREFIX.match(text)
        label = ""
        if p:
            prefix = label = p.group("p")
            text = text[p.end() :]
        # numbered notes: 1．… 2．… (one line may hold several)
        starts = list(_NUMBERED.finditer(text))
        if starts and starts[0].start() == 0:
            bounds = [m.start() for m in starts] + [len(text)]
            for m, end in zip(starts, bounds[1:]):
                chunk = text[m.start() : end]
                notes.extend(_clauses(f"{prefix}{m.group('n')}", chunk, line, file))
            continue
        # marked notes: (1)…；（2）…；legend；legend
        parts = [x for x in re.split(r"(?=【\d+】)|(?=[（(]\d+[)）])|(?=(?<![*\d])\*+)|[；;]", text) if x]
        mark = label
        for part in parts:
            own, _ = _mark_of(part)
            if own:
                mark = own
            elif _CUM_DEF.match(part) or _DASH_DEF.match(part):
                mark = ""
            if own and len(part) == len(own):
                continue  # a bare mark: its text follows on another part
            notes.extend(_clauses(own or mark, part, line, file))
    return notes


def column_note(text: str, line: int, file: str = "") -> Note:
    """A row's own 备注 cell as a note."""
    return Note("备注", text, line, classify_column(text), file)


def status_note(text: str, line: int, file: str = "") -> Note:
    """A row's own 完成情况 cell as a note: the plan's verdict on its 13th target."""
    return Note("完成情况", text, line, ("status_verdict",), file)


# ----------------------------------------------------------------------------- attaching


def _mentions(note: Note, ids: set[str], terms: Callable[[str], Sequence[str]]) -> set[str]:
    """The indicator ids among ``ids`` that the note names by a synonym or a note term."""
    text = normalise_text(note.text)
    return {i for i in ids if any(t and t in text for t in terms(i))}


_CLASS = re.compile(r"(约束性|预期性)指标")


def _attribute_named(note: Note) -> str:
    """The attribute (约束性 / 预期性) whose indicators a note names as a class
    (`约束性指标的目标值为预计数`), when it names exactly one; "" otherwise."""
    found = set(_CLASS.findall(normalise_text(note.text)))
    return found.pop() if len(found) == 1 else ""


def _is_dash(raw: str) -> bool:
    core = re.sub(r"【\d+】|\(\d+\)|\*+", "", normalise_text(raw))
    return bool(re.fullmatch(r"[-—－–]+", core))


def _describes(note: Note, row: PrintedRow) -> bool:
    """Whether a legend describes one of the row's cells."""
    cells = (row.baseline_raw, row.target_raw, row.achieved_raw)
    if note.kind == "cumulative_definition":
        return any(c and parse_cell(c).cumulative for c in cells)
    if note.kind == "no_data_definition":
        return any(c and _is_dash(c) for c in cells)
    return False


#: Tables whose ``note`` is the evidence a value was read from (a prose clause, a reported
#: phrase), not a 备注 cell.
EVIDENCE_TABLES = ("prose", "facts")


def attach(
    rows: list[PrintedRow],
    ids: list[str],
    terms: Callable[[str], Sequence[str]],
    loose: Sequence[Note] = (),
) -> Attached:
    """Join every note of every table of one document to the rows it applies to.

    ``ids`` gives each row's indicator id (aligned with ``rows``), ``terms`` the words a note
    may name an indicator by (its synonyms and the codebook's ``note_terms``). Rules, per
    table: a marked note goes to the rows whose cells carry its mark, except rows of
    indicators it does not name when it names some (`*生态保护红线…,自然保护地…` is not the
    note of `≥350*` good-air days), and also to unmarked rows it names; a legend to the rows
    whose cells it describes; a labelled note (`注3`, `备注`, `说明`) to the rows it names, else
    to the whole table unless it is a legend. A note that names no indicator but a class of them
    (`约束性指标…`) names the rows of that attribute (none in a table without it); the 备注 and
    完成情况 cells go to their own row. A mark that no note
    explains becomes an ``orphan_mark`` note of its row. ``loose`` notes (the surviving notes of a
    lost table, `prose.note_fragments`) go to the 14th-period rows of any table they name.
    """
    out: list[list[RowNote]] = [[] for _ in rows]
    unattached: list[Note] = []
    groups: dict[tuple[str, str], list[int]] = {}
    for i, r in enumerate(rows):
        groups.setdefault((r.period, r.table), []).append(i)
        out[i].extend(_cell_notes(r))
    for members in groups.values():
        unattached += _attach_table(members, rows, ids, terms, out)
    ids14 = {ids[i] for i, r in enumerate(rows) if r.period == "14th"}
    for note in loose:
        named = _mentions(note, ids14, terms)
        for i, r in enumerate(rows):
            if r.period == "14th" and ids[i] in named:
                out[i].append(RowNote(note, "name"))
        if not named:
            unattached.append(note)
    return Attached(out, unattached)


def _cell_notes(r: PrintedRow) -> list[RowNote]:
    """The notes a row carries in its own cells: its 备注 (outside evidence tables) and its
    完成情况 status."""
    found = []
    if r.note and r.table not in EVIDENCE_TABLES:
        found.append(RowNote(column_note(r.note, r.line, r.source_file), "column"))
    status = r.extra.get("status", "")
    if status:
        found.append(RowNote(status_note(status, r.line, r.source_file), "status"))
    return found


def _attach_table(
    members: list[int],
    rows: list[PrintedRow],
    ids: list[str],
    terms: Callable[[str], Sequence[str]],
    out: list[list[RowNote]],
) -> list[Note]:
    """Attach the notes of one table (rows ``members``) and its orphan marks to ``out``;
    the notes that reach no row."""
    unattached = []
    table_ids = {ids[i] for i in members}
    marks = {i: {c: cell_marks(getattr(rows[i], f"{c}_raw")) for c in _CELLS} for i in members}
    explained: dict[int, set[str]] = {i: set() for i in members}
    for note in rows[members[0]].table_notes:
        named = _mentions(note, table_ids, terms)
        attribute = "" if named or note.is_legend else _attribute_named(note)
        hits: dict[int, RowNote] = {}
        for i in members:
            hit = _row_hit(note, rows[i], ids[i], marks[i], named, attribute)
            if hit is not None:
                hits[i] = hit
                if hit.by == "mark":
                    explained[i].add(note.mark)
        if not hits and note.mark.startswith(LABELS) and not note.is_legend and not (named or attribute):
            hits = {i: RowNote(note, "table") for i in members}
        if not hits:
            unattached.append(note)
        for i, rn in hits.items():
            out[i].append(rn)
    for i in members:
        out[i].extend(_orphan_marks(rows[i], marks[i], explained[i]))
    return unattached


def _row_hit(
    note: Note, row: PrintedRow, row_id: str, marks: dict[str, list[str]], named: set[str], attribute: str
) -> RowNote | None:
    """How a table's note reaches one of its rows (by its mark, a legend's content, the
    indicator or attribute it names), or None."""
    cell = next((c for c in _CELLS if note.mark and note.mark in marks[c]), "")
    if cell and (not named or row_id in named or note.is_legend):
        return RowNote(note, "mark", cell)
    if note.is_legend and _describes(note, row):
        return RowNote(note, "content")
    if named and row_id in named and not note.is_legend:
        return RowNote(note, "name")
    if attribute and normalise_text(row.attribute) == attribute:
        return RowNote(note, "name")
    return None


def _orphan_marks(row: PrintedRow, marks: dict[str, list[str]], explained: set[str]) -> list[RowNote]:
    """An ``orphan_mark`` note for every mark in the row's cells that no note explains."""
    found = []
    for c in _CELLS:
        for mark in marks[c]:
            if mark not in explained:
                orphan = Note(mark, getattr(row, f"{c}_raw"), row.line, ("orphan_mark",), row.source_file)
                found.append(RowNote(orphan, "mark", c))
                explained.add(mark)
    return found


# ----------------------------------------------------------------------------- what notes say

_YEAR = re.compile(r"(\d{4})年数据")
_PREVIOUS_YEAR = re.compile(r"上一?年度?数据")
_VALUE = re.compile(
    r"(?P<num>\d+(?:\.\d+)?)(?P<unit>平方米|%|％|天|μg/m3|微克/立方米|吨|万亩|公顷)(?P<q>以上|以下)?"
)


def data_year(note: Note, year: int | None) -> int | None:
    """The year the qualified value is data of (`**为2019年数据` -> 2019; `上一年度数据` -> year-1)."""
    m = _YEAR.search(note.text)
    if m:
        return int(m.group(1))
    if _PREVIOUS_YEAR.search(note.text) and year:
        return year - 1
    return None


def assessed_target(note: Note, unit: str) -> float | None:
    """The target a note says was actually assessed, in the row's unit (`考核目标为90%` -> 90)."""
    want = {"％": "%", "微克/立方米": "μg/m3"}.get(unit, unit)
    for m in _VALUE.finditer(normalise_text(note.text)):
        got = {"％": "%", "微克/立方米": "μg/m3"}.get(m.group("unit"), m.group("unit"))
        if got == want:
            return float(m.group("num"))
    return None


_CITY_FIGURE = re.compile(
    r"(?:市级|全市|市上)(?:下达|要求|目标)?(?:为)?\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>%|％)"
)


def city_figure(text: str) -> float | None:
    """The municipal figure a district's note states for the same indicator (`市级95%` -> 95.0),
    or None.

    >>> city_figure("市级95%"), city_figure("最终以市级下达为准")
    (95.0, None)
    """
    m = _CITY_FIGURE.search(normalise_text(str(text or "")))
    return float(m.group("num")) if m else None


def ordered_kinds(row_notes: Iterable[RowNote]) -> list[str]:
    """Every kind of the notes on a row, once each, in `KINDS` order."""
    present = {k for rn in row_notes for k in rn.note.kinds}
    return [k for k in KINDS if k in present]


# ----------------------------------------------------------------------------- the table's columns

#: Notes shown in ``note_zh``: all but the legends, which explain typography a reader sees.
_SHOWN = ("column", "mark", "name", "table")


def row_columns(
    row: PrintedRow, row_notes: list[RowNote], baseline_year: int | None, achieved_year: int | None
) -> dict[str, Any]:
    """What a row's notes put in the table: the texts (``note_zh``), the kinds, where the
    notes are printed, whether the final value is set higher up (``provisional``), a target
    a note says was assessed instead, and the years of the baseline and achieved values
    when a note says the data are of another year."""
    texts: list[str] = []
    for rn in row_notes:
        if rn.by in _SHOWN and rn.note.text and not rn.note.is_legend and rn.note.kind != "orphan_mark":
            if rn.note.text not in texts:
                texts.append(rn.note.text)
    own = ("column", "status")  # the row's own cells: their line is the row's
    sources = list(dict.fromkeys(f"{rn.note.file}:{rn.note.line}" for rn in row_notes if rn.by not in own))
    kinds = ordered_kinds(row_notes)
    assessed = next(
        (
            v
            for rn in row_notes
            if "assessed_target_differs" in rn.note.kinds
            and (v := assessed_target(rn.note, row.unit)) is not None
        ),
        None,
    )
    for rn in row_notes:
        if "data_year_differs" in rn.note.kinds:
            # a mark may stand on several cells of the row (`＜38.4*`, `55.39*`): each is data of that year
            cells = (
                {c for c in _CELLS if rn.note.mark in cell_marks(getattr(row, f"{c}_raw"))} | {rn.cell}
                if rn.by == "mark"
                else {rn.cell}
            )
            if "baseline" in cells:
                baseline_year = data_year(rn.note, baseline_year) or baseline_year
            if cells & {"achieved", ""} and row.achieved_raw:
                achieved_year = data_year(rn.note, achieved_year) or achieved_year
    return {
        "note_zh": "；".join(texts),
        "note_kinds": ",".join(kinds),
        "note_sources": ",".join(sources),
        "note_target_value": assessed,
        "provisional": any(k in PROVISIONAL_KINDS for k in kinds),
        "baseline_year": baseline_year,
        "achieved_year": achieved_year,
    }


NOTE_COLUMNS = [
    "region",
    "period",
    "table",
    "row",
    "indicator_id",
    "mark",
    "kind",
    "kinds",
    "by",
    "cell",
    "text",
    "source_file",
    "source_line",
]


def note_record(key: dict[str, Any], rn: RowNote | None, note: Note) -> dict[str, Any]:
    """One line of the long notes table (``data/processed/notes.csv``); ``rn`` None for a
    note that reached no row."""
    return {
        **key,
        "mark": note.mark,
        "kind": note.kind,
        "kinds": ",".join(note.kinds),
        "by": rn.by if rn else "unattached",
        "cell": rn.cell if rn else "",
        "text": note.text,
        "source_file": note.file,
        "source_line": note.line,
    }


def notes_frame(records: list[dict[str, Any]]):
    """The long notes table, typed and in a stable order (region, period, table, row, line)."""
    import pandas as pd

    df = pd.DataFrame.from_records(records, columns=NOTE_COLUMNS)
    df["row"] = df["row"].astype("Int64")
    df["source_line"] = df["source_line"].astype("Int64")
    order = {"14th": 0, "13th": 1}
    df = df.sort_values(
        ["region", "period", "table", "row", "source_line", "mark"],
        key=lambda s: s.map(order) if s.name == "period" else s,
        kind="stable",
        na_position="last",
    )
    return df.reset_index(drop=True)
