"""Indicator tables in the plan documents, parsed per *layout*, never per file.

A table is found by its caption (`专栏N …指标…` or `表N-M …指标…`), its columns by the
words in its header, and its rows by anchors (sequence numbers, attribute cells,
indicator names). Three layouts occur:

- ``tab``: a Word export where every cell starts on a tab-indented line, a cell may
  continue on following untabbed lines, and rows are separated by a blank line. Merged
  cells leave empty cells; a split name column (group + sub-indicator) adds one cell.
- ``web``: a web-page copy with one cell per line and empty cells dropped, so cells
  are re-aligned from context (anchors and the kind of each cell).

Nothing here knows a region, a file name or a line number.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import SourceError
from .notes import attach_notes, note_index
from .rows import PrintedRow
from .values import normalise_text

CAPTION = re.compile(r"^\s*(专栏\s*\d+|表\s*\d+[-－—]\d+)\s*(.*指标.*)$")
ARTIFACT = re.compile(r"\[bookmark:[^\]]*\]")
HEADING = re.compile(
    r"^\s*(第[一二三四五六七八九十百\d]+[章节]|专栏\s*\d+|表\s*\d+[-－—]\d+|"
    r"[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)"
)
NOTE_START = re.compile(r"^\s*(注|备注|\*|【\d+】|[（(]\d+[)）])")
SEQ_PREFIX = re.compile(r"^(\d{1,3})\s*[.．、]\s*(?=\S)")
ATTRIBUTES = {"约束性": "binding", "预期性": "expected"}
UNIT_BRACKET = re.compile(r"[（(]([^（）()]*)[）)]?$")
# Words that are a header cell, or the fragments a multi-line header cell splits into.
HEADER_WORDS = re.compile(
    r"^(类别|领域|序号|指标|指标名称|指标类别|指标类型|指标属性|类型|属性|单位|备注|"
    r"(\d{4}年)?(现状值|目标值|目标|水平值|基准值|完成情况|完成值|实际值)(\d{4}年)?|\d{4}年)$"
)
STATUS_OR_VALUE_WORD = re.compile(
    r"^(已?完成|未完成|基本完成|已?达到|满足|执行|保持|稳步|提升|提高|不发生|以.*为准|"
    r"[-—－/／]|.*要求|.*目标|.*标准)"
)
# Words a note or a target uses and a category label (a noun phrase) never does.
NOTE_WORDS = re.compile(
    r"提高|提升|保持|为准|要求|不低于|不高于|稳步|确定|调整|增长|百分点|基数|现状|达到|完成|执行|下达|不发生"
)


@dataclass
class Cell:
    text: str
    line: int  # 1-based


@dataclass
class Table:
    """A located indicator table: caption, period, layout and the cells under it."""

    label: str
    caption: str
    line: int
    period: str
    layout: str
    header: list[Cell] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)  # tab layout
    tokens: list[Cell] = field(default_factory=list)  # web layout
    notes: list[Cell] = field(default_factory=list)


# --------------------------------------------------------------------------- locating


def clean(text: str) -> str:
    """Cell text without Word artifacts and without any whitespace (incl. U+3000)."""
    return re.sub(r"\s+", "", ARTIFACT.sub("", text))


def find_tables(lines: list[str], file: str) -> list[Table]:
    """Every indicator table in a document, with its layout detected from the first cell."""
    tables = []
    for i, raw in enumerate(lines):
        m = CAPTION.match(ARTIFACT.sub("", raw))
        if not m:
            continue
        caption = m.group(0).strip()
        period = "13th" if "十三五" in caption else "14th" if "十四五" in caption else ""
        if not period:
            raise SourceError(file, f"table caption names no plan period: {caption!r}", i + 1)
        first = next((text for text in lines[i + 1 :] if text.strip()), "")
        layout = "tab" if ARTIFACT.sub("", first).startswith("\t") else "web"
        t = Table(re.sub(r"\s+", "", m.group(1)), caption, i + 1, period, layout)
        (_read_tab if layout == "tab" else _read_web)(t, lines, i + 1)
        tables.append(t)
    return tables


def _is_table_end(text: str, blanks: int) -> bool:
    return blanks >= 2 or bool(HEADING.match(text)) or bool(NOTE_START.match(text))


NOTE_LINE = re.compile(r"^\s*(注|备注|\*|【\d+】|[（(]\d+[)）]|\d+\s*[.．])")


def _read_notes(t: Table, lines: list[str], start: int) -> None:
    """Footnotes under a table: consecutive note-like lines (blank lines between allowed)."""
    blanks = 0
    for j in range(start, min(start + 40, len(lines))):
        text = ARTIFACT.sub("", lines[j]).strip()
        if not text:
            blanks += 1
            if blanks > 2:
                return
            continue
        if HEADING.match(text) or not NOTE_LINE.match(text):
            return
        t.notes.append(Cell(text, j + 1))
        blanks = 0


def _read_tab(t: Table, lines: list[str], start: int) -> None:
    rows: list[list[Cell]] = []
    blanks, j = 0, start
    while j < len(lines):
        line = ARTIFACT.sub("", lines[j])
        if not line.strip() and not line.startswith("\t"):
            blanks += 1
        elif line.startswith("\t"):
            if not rows or blanks:
                rows.append([])
            rows[-1].append(Cell(line[1:], j + 1))
            blanks = 0
        elif rows and not _is_table_end(line, blanks):
            rows[-1][-1].text = rows[-1][-1].text.rstrip() + line.strip()  # continued on an untabbed line
            blanks = 0
        elif rows:
            break
        j += 1
    rows = [r for r in rows if any(clean(c.text) for c in r)]
    # a one-cell row that reads like a note (`*计算方法变化…`) ends the table
    for k, r in enumerate(rows):
        filled = [c for c in r if clean(c.text)]
        if k and len(filled) == 1 and NOTE_START.match(filled[0].text.strip()):
            t.notes.extend(Cell(c.text.strip(), c.line) for rr in rows[k:] for c in rr if clean(c.text))
            rows = rows[:k]
            break
    if not rows:
        return
    t.header, t.rows = rows[0], rows[1:]
    _read_notes(t, lines, j)


def _read_web(t: Table, lines: list[str], start: int) -> None:
    tokens: list[Cell] = []
    j = start
    while j < len(lines):
        text = ARTIFACT.sub("", lines[j]).strip()
        if text:
            if (
                tokens
                and not HEADER_WORDS.match(clean(text))
                and (HEADING.match(text) or NOTE_START.match(text) or len(text) > 60)
            ):
                break
            tokens.append(Cell(text, j + 1))
        j += 1
    # header: header words, merging the fragments a multi-line header cell split into
    header: list[Cell] = []
    k = 0
    while k < len(tokens) and HEADER_WORDS.match(clean(tokens[k].text)):
        nxt = clean(tokens[k + 1].text) if k + 1 < len(tokens) else ""
        merged = clean(tokens[k].text) + nxt
        if (
            nxt
            and HEADER_WORDS.match(merged)
            and HEADER_WORDS.match(nxt)
            and _is_fragment_pair(clean(tokens[k].text), nxt, header)
        ):
            header.append(Cell(merged, tokens[k].line))
            k += 2
        else:
            header.append(Cell(clean(tokens[k].text), tokens[k].line))
            k += 1
    t.header, t.tokens = header, tokens[k:]
    _read_notes(t, lines, j)


def _is_fragment_pair(first: str, second: str, header: list[Cell]) -> bool:
    """`2020年`+`现状值` and (after a name column) `指标`+`类别` are one split cell."""
    if re.fullmatch(r"\d{4}年", first):
        return True
    if first == "指标" and second in ("类别", "类型", "属性"):
        return any(clean(c.text).startswith("指标") for c in header)
    return False


# --------------------------------------------------------------------------- columns


def column_roles(header: list[Cell], t: Table, file: str) -> list[tuple[str, int | None]]:
    """Map header cells onto roles (category, seq, name, attribute, unit, baseline, target,
    achieved, status, note) with the year each value column refers to."""
    roles: list[tuple[str, int | None]] = []
    for c in header:
        h = clean(c.text)
        year_m = re.search(r"(\d{4})年", h)
        year = int(year_m.group(1)) if year_m else None
        word = re.sub(r"\d{4}年", "", h)
        if word in ("类别", "领域"):
            role = "category"
        elif word == "序号":
            role = "seq"
        elif word in ("指标", "指标名称"):
            role = "name"
        elif word in ("指标类别", "指标类型", "指标属性", "类型", "属性"):
            role = "attribute"
        elif word == "单位":
            role = "unit"
        elif word == "备注":
            role = "note"
        elif word in ("现状值", "水平值", "基准值"):
            role = "baseline"
        elif word in ("目标值", "目标"):
            role = "target"
        elif word in ("完成值", "实际值"):
            role = "achieved"
        elif word == "完成情况":
            role = "status" if any(r == "achieved" for r, _ in roles) or not year else "achieved"
        else:
            raise SourceError(file, f"{t.label}: header cell {h!r} not recognised", c.line)
        roles.append((role, year))
    names = [r for r, _ in roles]
    if "name" not in names or not ({"target", "baseline"} & set(names)):
        raise SourceError(
            file,
            f"{t.label}: header {[clean(c.text) for c in header]} not recognised "
            "(needs an indicator-name column and a baseline or target column)",
            t.line,
        )
    return roles


# --------------------------------------------------------------------------- rows


@dataclass
class _Context:
    """What fills down from row to row: category, the last top-level row, the group cell."""

    category: str = ""
    parent_seq: str = ""
    parent_name: str = ""
    parent_unit: str = ""
    group_seq: str = ""
    group_name: str = ""
    group_unit: str = ""


def split_name(printed: str) -> tuple[str, str, str]:
    """(seq prefix, name without it, unit from trailing brackets) of a printed name.

    >>> split_name("16.主要污染物排放总量下降率（%）")
    ('16', '主要污染物排放总量下降率（%）', '%')
    """
    name = clean(printed)
    seq = ""
    m = SEQ_PREFIX.match(name)
    if m:
        seq, name = m.group(1), name[m.end() :]
    unit = ""
    u = UNIT_BRACKET.search(name)
    if u and u.start() > 0 and looks_like_unit(u.group(1)):
        unit = u.group(1)
    return seq, name, unit


def looks_like_unit(text: str) -> bool:
    return bool(
        re.fullmatch(
            r"%|％|天|[万]?亩|[平立]方[米公里]+.*|[微毫]克.*|[μu]g/m3|[万]?吨.*|公顷|分贝|类别|件|个|"
            r"无量纲|[万]?立方米.*|千瓦时|公里|处|座|起(/万枚)?",
            normalise_text(text),
        )
    )


def _row(
    file: str,
    t: Table,
    name_cell: Cell,
    values: dict[str, str],
    roles: dict[str, int | None],
    ctx: _Context,
    seq_cell: str,
    is_sub: bool,
    parent: tuple[str, str, str] | None,
    realigned: bool = False,
) -> PrintedRow:
    pseq, name, unit = split_name(name_cell.text)
    seq = clean(seq_cell) or pseq
    sub = is_sub or name.startswith(("其中", "#"))
    if parent is not None:  # a split name column: the group cell is the parent
        parent_seq, parent_name, parent_unit = parent
    elif sub:
        parent_seq, parent_name, parent_unit = ctx.parent_seq, ctx.parent_name, ctx.parent_unit
    else:
        parent_seq, parent_name, parent_unit = "", "", ""
    unit = clean(values.get("unit", "")) or unit or parent_unit
    row = PrintedRow(
        source_file=file,
        period=t.period,
        table=t.label,
        seq=seq,
        name=name,
        line=name_cell.line,
        parent_seq=parent_seq,
        category=ctx.category,
        unit=unit,
        attribute=clean(values.get("attribute", "")),
        baseline_year=roles.get("baseline"),
        baseline_raw=values.get("baseline", "").strip(),
        target_year=roles.get("target"),
        target_raw=values.get("target", "").strip(),
        achieved_raw=values.get("achieved", "").strip(),
        note=clean(values.get("note", "")),
    )
    row.extra["parent_name"] = parent_name
    row.extra["status"] = clean(values.get("status", ""))
    row.extra["realigned"] = "true" if realigned else ""
    if not sub and parent is None:
        ctx.parent_seq, ctx.parent_name, ctx.parent_unit = seq, name, unit
    return row


def parse_tab_table(t: Table, file: str) -> list[PrintedRow]:
    roles = column_roles(t.header, t, file)
    names = [r for r, _ in roles]
    years = dict(roles)
    n = len(roles)
    ctx = _Context()
    out = []
    for cells in t.rows:
        parent = None
        if len(cells) == n + 1:  # the name column split into a group cell and a sub-name
            i = names.index("name")
            group, sub = cells[i], cells[i + 1]
            if clean(group.text):
                ctx.group_seq, g_name, g_unit = split_name(group.text)
                ctx.group_name = g_name
                ctx.group_unit = g_unit
            elif not ctx.group_name:
                raise SourceError(file, f"{t.label}: sub-row without a group cell above it", sub.line)
            parent = (ctx.group_seq, ctx.group_name, ctx.group_unit)
            cells = [*cells[:i], sub, *cells[i + 2 :]]
        elif len(cells) != n:
            raise SourceError(
                file,
                f"{t.label}: row has {len(cells)} cells but the header has {n} columns "
                "and the row cannot be re-aligned",
                cells[0].line,
            )
        else:
            ctx.group_seq = ctx.group_name = ""
        values = {r: c.text for r, c in zip(names, cells)}
        if clean(values.get("category", "")):
            ctx.category = clean(values["category"])
        name_cell = cells[names.index("name")]
        if not clean(name_cell.text):
            raise SourceError(file, f"{t.label}: row without an indicator name", cells[0].line)
        seq = values.get("seq", "")
        is_sub = "seq" in names and not clean(seq) and bool(ctx.parent_seq)
        out.append(_row(file, t, name_cell, values, years, ctx, seq, is_sub, parent))
    return out


def _category_like(text: str) -> bool:
    """A short label with no digits that is neither a value nor a status word."""
    s = normalise_text(text)
    return (
        0 < len(s) <= 10
        and not re.search(r"[0-9A-Za-z%≥≤<>\[\]〔〕【】]", s)
        and not STATUS_OR_VALUE_WORD.match(s)
        and not NOTE_WORDS.search(s)
        and s not in ATTRIBUTES
    )


def parse_web_table(t: Table, file: str, is_name: Callable[[str], bool]) -> list[PrintedRow]:
    """Re-align a one-cell-per-line table whose empty cells were dropped.

    Anchors: with an attribute column, the cell before each 约束性/预期性 is a name and
    the cell before that a sequence number when it continues the numbering; without
    one, a name is a cell the codebook recognises (`is_name`). Between two anchors, the
    trailing short labels are the next row's category; the rest fill the value columns
    left to right (a lone value is the target). Rows filled with fewer cells than columns
    are flagged `realigned`.
    """
    roles = column_roles(t.header, t, file)
    names = [r for r, _ in roles]
    years = dict(roles)
    value_roles = [r for r in names if r not in ("category", "seq", "name", "attribute")]
    toks = t.tokens
    anchors: list[int] = []  # index of each row's name token
    if "attribute" in names:
        anchors = [k - 1 for k, c in enumerate(toks) if clean(c.text) in ATTRIBUTES and k > 0]
    else:
        anchors = [k for k, c in enumerate(toks) if is_name(c.text)]
    if not anchors:
        raise SourceError(file, f"{t.label}: no indicator rows found under the header", t.line)
    # sequence numbers: the token before a name, when it continues the numbering
    seq_at: dict[int, str] = {}
    last = 0
    for a in anchors:
        s = clean(toks[a - 1].text) if a > 0 else ""
        if "seq" in names and s.isdigit() and int(s) == last + 1:
            seq_at[a], last = s, int(s)
    starts = [a - 1 if a in seq_at else a for a in anchors]
    first_value = [a + (2 if "attribute" in names else 1) for a in anchors]
    ctx = _Context()
    out = []
    # leading tokens before the first row are its category
    pending_cat = list(toks[: starts[0]])
    for r, a in enumerate(anchors):
        if pending_cat:
            if not all(_category_like(c.text) for c in pending_cat):
                bad = next(c for c in pending_cat if not _category_like(c.text))
                raise SourceError(
                    file,
                    f"{t.label}: cell {clean(bad.text)!r} cannot be re-aligned "
                    "(no indicator name recognised before it)",
                    bad.line,
                )
            ctx.category = "".join(clean(c.text) for c in pending_cat)
        end = starts[r + 1] if r + 1 < len(anchors) else len(toks)
        span = toks[first_value[r] : end]
        pending_cat = []
        if r + 1 < len(anchors):
            while span and _category_like(span[-1].text) and len(pending_cat) < 3:
                pending_cat.insert(0, span.pop())
        if len(span) > len(value_roles):
            raise SourceError(
                file,
                f"{t.label}: {len(span)} value cells for {len(value_roles)} columns "
                "after this indicator; the row cannot be re-aligned",
                toks[a].line,
            )
        if len(span) == 1 and "target" in value_roles and "baseline" in value_roles:
            assigned = {"target": span[0].text}
        else:
            assigned = {role: c.text for role, c in zip(value_roles, span)}
        values = dict(assigned)
        if "attribute" in names:
            values["attribute"] = toks[a + 1].text
        is_sub = "seq" in names and a not in seq_at and bool(ctx.parent_seq)
        out.append(
            _row(
                file,
                t,
                toks[a],
                values,
                years,
                ctx,
                seq_at.get(a, ""),
                is_sub,
                None,
                realigned=len(span) < len([v for v in value_roles if v != "note"]),
            )
        )
    return out


def parse_document(lines: list[str], file: str, is_name: Callable[[str], bool]) -> list[PrintedRow]:
    """All indicator rows of all indicator tables in one document."""
    rows: list[PrintedRow] = []
    for t in find_tables(lines, file):
        if not t.header:
            raise SourceError(file, f"{t.label}: table has no header", t.line)
        parsed = parse_tab_table(t, file) if t.layout == "tab" else parse_web_table(t, file, is_name)
        if not parsed:
            raise SourceError(file, f"{t.label}: table has no rows", t.line)
        binding_caption = "约束性指标" in t.caption and "预期性" not in t.caption
        for row in parsed:
            if not row.attribute and binding_caption:
                row.attribute = "约束性"
        attach_notes(parsed, note_index(c.text for c in t.notes))
        rows.extend(parsed)
    return rows
