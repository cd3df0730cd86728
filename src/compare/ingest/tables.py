"""Indicator tables in the plan documents, parsed per *layout*, never per file.

A table is found by its caption (`专栏N …指标…` or `表N-M …指标…`), its columns by the
words in its header (`data/codebook/headers.csv`, see `headers`), and its rows by anchors
(sequence numbers, attribute cells, indicator names). Two layouts occur:

- ``tab``: a Word export where every cell starts on a tab-indented line, a cell may
  continue on following untabbed lines, and rows are separated by a blank line. Merged
  cells leave empty cells; a split name column (group + sub-indicator) adds one cell.
- ``web``: a web-page copy with one cell per line and empty cells dropped, so cells
  are re-aligned from context: each row's cells are placed in the header's columns, in
  order, by what each cell can be (a row number, a category label, an attribute, a unit,
  a value, a note), whatever the order of the columns.

Columns may stand in any order and a table may carry extra ones (unit, note, status,
〔累计〕, a 2035 column). Every table is checked for completeness: its row numbers run on
without a gap, and a table that runs into the end of the file is flagged as possibly
truncated. Nothing here knows a region, a file name or a line number.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import SourceError
from .headers import Headers, Role, load_headers
from .layout import cell_pieces, strip_separators
from .notes import split_notes
from .rows import ATTRIBUTES, PrintedRow
from .tablemap import MappedTable, TableMap
from .values import normalise_text, parse_cell

CAPTION = re.compile(r"^\s*(专栏\s*\d+|表\s*\d+[-－—]\d+)\s*(.*指标.*)$")
ARTIFACT = re.compile(r"\[bookmark:[^\]]*\]")
HEADING = re.compile(
    r"^\s*(第[一二三四五六七八九十百\d]+[章节]|专栏\s*\d+|表\s*\d+[-－—]\d+|"
    r"[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)"
)
NOTE_START = re.compile(r"^\s*(注|备注|说明[:：]|\*|【\d+】|[（(]\d+[)）])")
SEQ_PREFIX = re.compile(r"^(\d{1,3})\s*[.．、]\s*(?=\S)")
UNIT_BRACKET = re.compile(r"[（(]([^（）()]*)[）)]?$")
# A category cell's own numbering: 1。空气质量, 2.水环境, 一、生态, （一）生态.
CATEGORY_NUMBER = re.compile(
    r"^(?:[0-9０-９]{1,2}\s*[.．。、]|[一二三四五六七八九十]+\s*[、.．。]|[（(][一二三四五六七八九十0-9０-９]+[)）])\s*"
)
STATUS_OR_VALUE_WORD = re.compile(
    r"^(已?完成|未完成|基本完成|已?达到|满足|执行|保持|稳步|提升|提高|不发生|以.*为准|"
    r"[-—－/／]|.*要求|.*目标|.*标准)"
)
# Words a note or a target uses and a category label (a noun phrase) never does.
NOTE_WORDS = re.compile(
    r"提高|提升|保持|为准|要求|不低于|不高于|稳步|确定|调整|增长|百分点|基数|现状|达到|完成|执行|下达|不发生"
)
#: Value-like roles: columns that hold a printed figure or text about the row.
VALUE_ROLES = ("unit", "baseline", "target", "achieved", "status", "note", "cumulative", "longterm")
#: When a web copy dropped cells, the columns it most likely kept, in order.
FILL_PRIORITY = ("target", "baseline", "achieved", "cumulative", "longterm", "unit", "status", "note")


@dataclass
class Cell:
    text: str
    line: int  # 1-based


@dataclass(frozen=True)
class Stray:
    """A string of a table that is no cell of it (junk a site inserted, a string that fits
    no column), reported with its line, never merged into a value."""

    line: int
    text: str
    why: str


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
    at_eof: bool = False  # the table ran into the end of the file: possibly truncated
    last_line: int = 0
    stray: list[Stray] = field(default_factory=list)
    mapped: MappedTable | None = None  # what a table map states about this table


@dataclass
class ParsedTable:
    """One table's rows and what a reader must know about its completeness."""

    label: str
    period: str
    line: int
    layout: str
    rows: list[PrintedRow]
    notes: int  # note lines under the table
    notes_attached: int  # notes under the table attached to at least one row
    problems: list[tuple[int, str]]  # (line, what): gaps in numbering, a table cut at the end
    caption: str = ""
    header: list[tuple[Cell, str, int | None]] = field(default_factory=list)  # cell, role, year
    stray: list[Stray] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.period}/{self.label}"


# --------------------------------------------------------------------------- locating


def clean(text: str) -> str:
    """Cell text without Word artifacts and without any whitespace (incl. U+3000)."""
    return re.sub(r"\s+", "", ARTIFACT.sub("", text))


def _caption(raw: str, mapped: MappedTable | None) -> tuple[str, str] | None:
    """(label, caption text) of a caption line, or None; a mapped table's line is one."""
    text = " ".join(p.text for p in cell_pieces(ARTIFACT.sub("", raw)) if p.text)
    m = CAPTION.match(text)
    if m:
        return re.sub(r"\s+", "", m.group(1)), m.group(0).strip()
    if mapped is not None:
        return mapped.label or clean(text)[:12] or f"line{mapped.start}", text.strip()
    return None


def find_tables(
    lines: list[str],
    file: str,
    headers: Headers | None = None,
    is_name: Callable[[str], bool] | None = None,
    table_map: TableMap | None = None,
) -> list[Table]:
    """Every indicator table in a document, with its layout detected from the first cell.
    A table map's tables are found at the lines it states, whatever their caption."""
    headers = headers or load_headers()
    tmap = table_map or TableMap()
    lines = tmap.apply(lines)
    tables = []
    for i, raw in enumerate(lines):
        mapped = tmap.at(i + 1)
        found = _caption(raw, mapped) if mapped or "指标" in raw else None
        if not found:
            continue
        label, caption = found
        if mapped and mapped.label:
            label = mapped.label
        period = (mapped.period if mapped else "") or (
            "13th" if "十三五" in caption else "14th" if "十四五" in caption else ""
        )
        if not period:
            raise SourceError(file, f"table caption names no plan period: {caption!r}", i + 1)
        stop = min(mapped.end, len(lines)) if mapped and mapped.end else len(lines)
        first = next((text for text in lines[i + 1 : stop] if text.strip()), "")
        layout = "tab" if ARTIFACT.sub("", first).startswith("\t") else "web"
        t = Table(label, caption, i + 1, period, layout, mapped=mapped)
        if layout == "tab":
            _read_tab(t, lines[:stop], i + 1)
        else:
            _read_web(t, lines[:stop], i + 1, headers, is_name or (lambda _: False), file)
        if mapped and mapped.end and stop < len(lines):
            t.at_eof = False  # the map says where the table ends
        tables.append(t)
    return tables


def _is_table_end(text: str, blanks: int) -> bool:
    return blanks >= 2 or bool(HEADING.match(text)) or bool(NOTE_START.match(text))


NOTE_LINE = re.compile(r"^\s*(注|备注|说明|\*|【\d+】|[（(]\d+[)）]|\d+\s*[.．])")


def _read_notes(t: Table, lines: list[str], start: int) -> None:
    """Footnotes under a table: consecutive note-like lines (blank lines between allowed)."""
    blanks = 0
    for j in range(start, min(start + 40, len(lines))):
        text = " ".join(p.text for p in cell_pieces(ARTIFACT.sub("", lines[j])) if p.text)
        if not text:
            blanks += 1
            if blanks > 2:
                return
            continue
        if HEADING.match(text) or not NOTE_LINE.match(text):
            return
        t.notes.append(Cell(text, j + 1))
        blanks = 0


def _tab_cell(text: str) -> str:
    """A tab cell without separator characters a copy left at its end (``76.7 |``)."""
    stripped = text.rstrip()
    return strip_separators(text) if stripped[-1:] and stripped[-1] in "|│┃｜¦" else text


def _read_tab(t: Table, lines: list[str], start: int) -> None:
    rows, j, ended, blanks = _tab_rows(lines, start)
    t.at_eof = not ended and bool(rows) and blanks < 2
    rows = [r for r in rows if any(clean(c.text) for c in r)]
    rows = _cut_at_note_row(t, rows)
    if not rows:
        return
    t.header, t.rows = rows[0], rows[1:]
    if t.mapped and t.mapped.header:
        a, b = t.mapped.header
        head = [r for r in rows if all(a <= c.line <= b for c in r)]
        t.header = [c for r in head for c in r]
        t.rows = [r for r in rows if r not in head]
    t.last_line = max((c.line for r in rows for c in r), default=t.line)
    _read_notes(t, lines, j)


def _tab_rows(lines: list[str], start: int) -> tuple[list[list[Cell]], int, bool, int]:
    """(rows of cells, the line after them, whether something else ended them, blank lines
    at their end) of a tab-separated copy from line ``start``."""
    rows: list[list[Cell]] = []
    blanks, j = 0, start
    ended = False
    while j < len(lines):
        line = ARTIFACT.sub("", lines[j])
        if not line.strip() and not line.startswith("\t"):
            blanks += 1
        elif line.startswith("\t"):
            if not rows or blanks:
                rows.append([])
            rows[-1].append(Cell(_tab_cell(line[1:]), j + 1))
            blanks = 0
        elif rows and not _is_table_end(line, blanks):
            rows[-1][-1].text = rows[-1][-1].text.rstrip() + line.strip()  # continued on an untabbed line
            blanks = 0
        elif rows:
            ended = True
            break
        j += 1
    return rows, j, ended, blanks


def _cut_at_note_row(t: Table, rows: list[list[Cell]]) -> list[list[Cell]]:
    """The rows before a one-cell row that reads like a note (`*计算方法变化…`): that row and
    the rest become the table's notes."""
    for k, r in enumerate(rows):
        filled = [c for c in r if clean(c.text)]
        if k and len(filled) == 1 and NOTE_START.match(filled[0].text.strip()):
            t.notes.extend(Cell(c.text.strip(), c.line) for rr in rows[k:] for c in rr if clean(c.text))
            t.at_eof = False
            return rows[:k]
    return rows


def category_text(text: str) -> str | None:
    """The label of a category cell (its numbering such as ``1。`` or ``一、`` removed), or
    None when the cell cannot be one: a short label with no digits that is neither a value
    nor a status word."""
    label = CATEGORY_NUMBER.sub("", clean(text))
    s = normalise_text(label)
    ok = (
        0 < len(s) <= 10
        and not re.search(r"[0-9A-Za-z%≥≤<>\[\]〔〕【】]", s)
        and not STATUS_OR_VALUE_WORD.match(s)
        and not NOTE_WORDS.search(s)
        and s not in ATTRIBUTES
    )
    return label if ok else None


def _category_like(text: str) -> bool:
    return category_text(text) is not None


def _starts_row(tokens: list[str], is_name: Callable[[str], bool]) -> bool:
    """A numbered category heading inside a web table is followed by a row: a row number
    or an indicator name within the next cells."""
    return any(re.fullmatch(r"\d{1,3}", clean(x)) or is_name(x) for x in tokens[:3])


def _line_cells(t: Table, text: str, line: int, file: str) -> list[Cell]:
    """The cells of one line of a web copy: separators are layout, junk strings are cut
    off and reported (`layout.cell_pieces`); a cell the junk makes ambiguous stops."""
    cells = []
    for piece in cell_pieces(text):
        if piece.ambiguous:
            readings = " or ".join(repr(r) for r in piece.readings)
            raise SourceError(
                file,
                f"{t.label}: a junk string glued to a cell makes it ambiguous (it reads as {readings}); "
                "correct the copy, or skip the line in a table map",
                line,
            )
        if piece.junk:
            t.stray.append(Stray(line, piece.junk, "junk string cut off" if piece.text else "junk string"))
        if piece.text:
            cells.append(Cell(piece.text, line))
    return cells


#: A sentence of prose (a comma inside, a full stop at the end): no table cell reads so.
PROSE_SENTENCE = re.compile(r"^.{4,}，.{4,}[。！？]$")


def _ends_table(t: Table, text: str, j: int, lines: list[str], headers: Headers, is_name) -> bool:
    """A line that ends a web copy's table: a heading, a note, a long line or a sentence
    of prose (news text after a copied table), unless it is a numbered category."""
    if PROSE_SENTENCE.match(text) and not HEADING.match(text):
        return True
    if headers.is_header(clean(text)) or not (
        HEADING.match(text) or NOTE_START.match(text) or len(text) > 60
    ):
        return False
    ahead = [p.text for x in lines[j + 1 : j + 12] for p in cell_pieces(ARTIFACT.sub("", x)) if p.text]
    return not (HEADING.match(text) and category_text(text) and _starts_row(ahead, is_name))


def _read_web(
    t: Table, lines: list[str], start: int, headers: Headers, is_name: Callable[[str], bool], file: str
) -> None:
    tokens: list[Cell] = []
    j = start
    ended = False
    while j < len(lines):
        raw = ARTIFACT.sub("", lines[j]).strip()
        cells = _line_cells(t, raw, j + 1, file) if raw else []
        text = " ".join(c.text for c in cells)
        if text:
            if tokens and _ends_table(t, text, j, lines, headers, is_name):
                t.stray = [s for s in t.stray if s.line != j + 1]
                ended = True
                break
            tokens.extend(cells)
        j += 1
    t.at_eof = not ended and bool(tokens)
    header, k = _web_header(t, tokens, headers, file)
    t.header, t.tokens = header, tokens[k:]
    t.last_line = t.tokens[-1].line if t.tokens else t.line
    _read_notes(t, lines, j)


def _web_header(t: Table, tokens: list[Cell], headers: Headers, file: str) -> tuple[list[Cell], int]:
    """The header cells (header words, merging the fragments a multi-line header cell split
    into) and the index of the first body cell. A table map's header lines or column count
    state it instead."""
    if t.mapped and t.mapped.header:
        a, b = t.mapped.header
        k = next((n for n, c in enumerate(tokens) if c.line > b), len(tokens))
        return [c for c in tokens[:k] if c.line >= a], k
    if t.mapped and t.mapped.columns:
        n = len(t.mapped.columns)
        return tokens[:n], n
    header: list[Cell] = []
    k = 0
    while k < len(tokens) and headers.is_header(clean(tokens[k].text)):
        first = clean(tokens[k].text)
        nxt = clean(tokens[k + 1].text) if k + 1 < len(tokens) else ""
        if nxt and headers.is_header(nxt) and _is_fragment_pair(first, nxt, header, headers, t.period):
            header.append(Cell(first + nxt, tokens[k].line))
            k += 2
        else:
            header.append(Cell(first, tokens[k].line))
            k += 1
    if header and k + 1 < len(tokens) and headers.is_header(clean(tokens[k + 1].text)):
        raise headers.unknown(
            tokens[k].text, t.label, file, tokens[k].line
        )  # a header cell between header cells
    return header, k


def _is_fragment_pair(first: str, second: str, header: list[Cell], headers: Headers, period: str) -> bool:
    """`2020年`+`现状值` and (after a name column) `指标`+`类别` are one split cell."""
    merged = headers.role(first + second, period)
    if merged is None or second[:1] in "〔[【(（":
        return False  # a bracketed word (〔累计〕) is a cell of its own
    word, year = headers.split(first)
    if not word and year is not None:
        return headers.split(second)[1] is None  # a bare year and a word: 2020年 + 现状值
    mine = headers.role(first, period)
    return (
        mine is not None
        and mine.role == "name"
        and merged.role != "name"
        and any((r := headers.role(c.text, period)) is not None and r.role == "name" for c in header)
    )


# --------------------------------------------------------------------------- columns


def column_roles(header: list[Cell], t: Table, file: str, headers: Headers) -> list[tuple[str, int | None]]:
    """Map header cells onto roles (category, seq, name, attribute, unit, baseline, target,
    achieved, status, note, cumulative, longterm) with the year each column refers to."""
    roles: list[tuple[str, int | None]] = []
    stated = t.mapped.columns if t.mapped and t.mapped.columns else ()
    if stated and len(stated) != len(header):
        raise SourceError(
            file,
            f"{t.label}: the table map states {len(stated)} columns but the header has {len(header)} cells "
            f"{[clean(c.text) for c in header]}",
            t.line,
        )
    for k, c in enumerate(header):
        found = headers.role(c.text, t.period)
        if stated:
            year = found.year if found is not None else headers.split(c.text)[1]
            found = Role(stated[k], year)
        if found is None:
            raise headers.unknown(c.text, t.label, file, c.line)
        role, year = found.role, found.year
        if role == "completion":
            role = "status" if any(r == "achieved" for r, _ in roles) or not year else "achieved"
        roles.append((role, year))
    names = [r for r, _ in roles]
    if "name" not in names or not ({"target", "baseline", "cumulative"} & set(names)):
        raise SourceError(
            file,
            f"{t.label}: header {[clean(c.text) for c in header]} not recognised "
            "(needs an indicator-name column and a baseline, target or 〔累计〕 column)",
            t.line,
        )
    twice = sorted({r for r in names if names.count(r) > 1 and r != "name"})
    if twice:
        raise SourceError(
            file, f"{t.label}: two columns are {twice[0]}: {[clean(c.text) for c in header]}", t.line
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
    top: str = ""  # a two-level category column: the top level filled down
    two_level: bool = False


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
    cells: dict[str, Cell],
    roles: dict[str, int | None],
    ctx: _Context,
    seq_cell: str,
    is_sub: bool,
    parent: tuple[str, str, str] | None,
    realigned: bool = False,
) -> PrintedRow:
    values = {r: c.text for r, c in cells.items()}
    pseq, name, unit = split_name(name_cell.text)
    if not re.search(r"[\u4e00-\u9fffA-Za-z]", normalise_text(name)):
        raise SourceError(
            file,
            f"{t.label}: cell {clean(name_cell.text)!r} stands where an indicator name should be",
            name_cell.line,
        )
    seq = clean(seq_cell) or pseq
    sub = is_sub or name.startswith(("其中", "#"))
    parent_seq, parent_name, parent_unit = _parent_of(parent, sub, ctx)
    unit = clean(values.get("unit", "")) or unit or parent_unit
    target = values.get("target", "").strip()
    cumulative = values.get("cumulative", "").strip()
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
        target_raw=target,
        achieved_raw=values.get("achieved", "").strip(),
        note=clean(values.get("note", "")),
        cumulative_raw=cumulative,
        longterm_year=roles.get("longterm") if "longterm" in roles else None,
        longterm_raw=values.get("longterm", "").strip(),
        cells={r: c.line for r, c in cells.items() if clean(c.text)},
    )
    if cumulative and not clean(target).strip("-—－/／"):  # the year column is empty: 〔累计〕 is the target
        _cumulative_is_target(row, cumulative, cells["cumulative"].line, roles, t.period)
    row.extra["parent_name"] = parent_name
    row.extra["status"] = clean(values.get("status", ""))
    row.extra["realigned"] = "true" if realigned else ""
    if not sub and parent is None:
        ctx.parent_seq, ctx.parent_name, ctx.parent_unit = seq, name, unit
    return row


_PERIOD_YEAR = {"13th": 2020, "14th": 2025}


def _parent_of(parent: tuple[str, str, str] | None, sub: bool, ctx: _Context) -> tuple[str, str, str]:
    """(seq, name, unit) of a row's parent: the group cell of a split name column, the row
    above for a sub-row, else none."""
    if parent is not None:  # a split name column: the group cell is the parent
        return parent
    if sub:
        return ctx.parent_seq, ctx.parent_name, ctx.parent_unit
    return "", "", ""


def _cumulative_is_target(
    row: PrintedRow, cumulative: str, line: int, roles: dict[str, int | None], period: str
) -> None:
    """A row whose year column is empty: its 〔累计〕 cell is the target."""
    row.target_raw = cumulative
    row.target_year = row.target_year or roles.get("cumulative") or _PERIOD_YEAR.get(period)
    row.cells["target"] = line
    row.extra["cumulative_target"] = "true"


def parse_tab_table(t: Table, file: str, headers: Headers | None = None) -> list[PrintedRow]:
    roles = column_roles(t.header, t, file, headers or load_headers())
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
        by_role = dict(zip(names, cells))
        if "category" in by_role and clean(by_role["category"].text):
            ctx.category = CATEGORY_NUMBER.sub("", clean(by_role["category"].text)) or clean(
                by_role["category"].text
            )
        name_cell = by_role["name"]
        if not clean(name_cell.text):
            raise SourceError(file, f"{t.label}: row without an indicator name", cells[0].line)
        seq = by_role["seq"].text if "seq" in by_role else ""
        is_sub = "seq" in names and not clean(seq) and bool(ctx.parent_seq)
        out.append(_row(file, t, name_cell, by_role, years, ctx, seq, is_sub, parent))
    return out


# --------------------------------------------------------------------------- web rows


def _fits(role: str, text: str, next_seq: int) -> bool:
    """Whether a cell of a web copy can stand in a column of this role. A row number is
    the next one only (a value such as 9 before a sub-row is no row number); a lost row
    still shows, as a gap in the numbering of the rows after it."""
    s = clean(text)
    attribute = s in ATTRIBUTES
    if role == "attribute":
        return attribute
    if attribute:
        return False
    if role == "seq":
        return bool(re.fullmatch(r"\d{1,3}", s)) and int(s) == next_seq
    if role == "category":
        return _category_like(text)
    if CATEGORY_NUMBER.match(s) and _category_like(text):
        return False  # a numbered category label (8。资源利用) is no value, unit or note
    if role == "unit":
        return looks_like_unit(s)
    if role in ("baseline", "target", "achieved", "cumulative", "longterm"):
        return not looks_like_unit(s)
    return True  # status, note: any text


@dataclass
class _Slot:
    side: str  # "post" (the row before the gap) or "pre" (the row after it)
    role: str


def _category_refuses(slot: _Slot, cell: Cell, filled: list[Cell]) -> bool:
    """Whether a category slot that holds ``filled`` cannot take ``cell`` too."""
    if slot.role != "category":
        return False
    numbered = bool(CATEGORY_NUMBER.match(clean(cell.text)))
    if numbered and any(CATEGORY_NUMBER.match(clean(c.text)) for c in filled):
        return True  # one numbered piece: 1。生态 + 保护, or 生态环境质量 + 1。空气质量
    # a label split by a line break: two cells of one line are two cells
    return bool(filled) and filled[-1].line == cell.line and not numbered


def _place(gap: list[Cell], slots: list[_Slot], next_seq: int) -> list[list[Cell]] | None:
    """The best placement of a gap's cells into slots (in order, at most one cell each; a
    category may take up to three cells a web copy split it into), or None.

    Best: the next row's number is found; the most cells go to the next row's category;
    then the columns a copy most likely kept (FILL_PRIORITY) are the ones filled.
    """
    best: tuple | None = None
    best_fill: list[list[Cell]] | None = None
    n = len(gap)

    def score(fill: list[list[Cell]]) -> tuple:
        seq = any(s.side == "pre" and s.role == "seq" and f for s, f in zip(slots, fill))
        cats = sum(len(f) for s, f in zip(slots, fill) if s.side == "pre" and s.role == "category")
        kept = tuple(
            any(s.side == "post" and s.role == role and f for s, f in zip(slots, fill))
            for role in FILL_PRIORITY
        )
        return (seq, cats, kept)

    def walk(i: int, k: int, fill: list[list[Cell]]) -> None:
        nonlocal best, best_fill
        if i == n:
            s = score(fill)
            if best is None or s > best:
                best, best_fill = s, [list(f) for f in fill]
            return
        if n - i > sum(3 if slots[m].role == "category" else 1 for m in range(k, len(slots))):
            return
        for m in range(k, len(slots)):
            slot = slots[m]
            if not _fits(slot.role, gap[i].text, next_seq) or _category_refuses(slot, gap[i], fill[m]):
                continue
            fill[m].append(gap[i])
            # a category slot may take the following cells too (a split label)
            if slot.role == "category" and len(fill[m]) < 3:
                walk(i + 1, m, fill)
            else:
                walk(i + 1, m + 1, fill)
            fill[m].pop()

    walk(0, 0, [[] for _ in slots])
    return best_fill


def _category(pieces: list[Cell], ctx: _Context) -> str:
    """The category the pieces of a category cell name. A numbered piece after unnumbered
    ones is a sub-category (生态环境质量 + 1。空气质量 -> 生态环境质量/空气质量); once a table
    has shown two levels, a numbered cell alone is a sub-category of the top level above."""
    labels = [category_text(c.text) or clean(c.text) for c in pieces]
    numbered = [bool(CATEGORY_NUMBER.match(clean(c.text))) for c in pieces]
    if any(numbered[1:]):
        k = numbered.index(True, 1)
        ctx.top, ctx.two_level = "".join(labels[:k]), True
        return f"{ctx.top}/{''.join(labels[k:])}"
    if ctx.two_level and numbered[0]:
        return f"{ctx.top}/{''.join(labels)}"
    ctx.top = "".join(labels)
    return ctx.top


def _is_value(text: str) -> bool:
    return parse_cell(text).kind in ("numeric", "class", "none") or clean(text) in ATTRIBUTES


def _chunk_name(toks: list[Cell], lo: int, hi: int, is_name: Callable[[str], bool], room: int) -> int | None:
    """The name among the cells of one row (those before its attribute cell, at most `room`
    of them after the name): a name the codebook knows, else the first cell that is no
    category label and no row number (or, where that cell is a value, the label before it).
    Cells before the name that fit no column are left to the re-aligner to report."""
    lo = max(lo, hi - room - 1)
    for k in range(lo, hi):
        if is_name(toks[k].text):
            return k
    for k in range(lo, hi):
        text = clean(toks[k].text)
        label = category_text(text) and k + 1 < hi and not _is_value(toks[k + 1].text)
        if re.fullmatch(r"\d{1,3}", text) or label:
            continue
        if re.search(r"[\u4e00-\u9fff]", text) and not _is_value(text):
            return k
        return k - 1 if k > lo and category_text(toks[k - 1].text) else None
    return None


def _anchors(toks: list[Cell], names: list[str], is_name: Callable[[str], bool]) -> list[int]:
    """The index of each row's name cell: beside its attribute cell when the attribute column
    stands next to the name; in each run of cells an attribute cell closes when the attribute
    column is the last one (the name found in the run); else the names the codebook knows."""
    i_name = names.index("name")
    pre, post = names[:i_name], names[i_name + 1 :]
    offset = 1 if post[:1] == ["attribute"] else -1 if pre[-1:] == ["attribute"] else 0
    if offset:
        found = [
            k - offset
            for k, c in enumerate(toks)
            if clean(c.text) in ATTRIBUTES and 0 <= k - offset < len(toks)
        ]
        return sorted(set(found))
    known = [k for k, c in enumerate(toks) if is_name(c.text)]
    if names[-1] != "attribute":
        return known
    closes = [k for k, c in enumerate(toks) if clean(c.text) in ATTRIBUTES]
    room = len(post) - 1  # the cells a row may have after its name, its attribute cell aside
    chunks = [_chunk_name(toks, lo + 1, hi, is_name, room) for lo, hi in zip([-1, *closes], closes)]
    if not chunks or any(c is None for c in chunks) or not set(known) <= set(chunks):
        return known
    return [c for c in chunks if c is not None]


def _place_or_drop(
    gap: list[Cell], slots: list[_Slot], next_seq: int, stray: list[Stray]
) -> tuple[list[Cell], list[list[Cell]] | None]:
    """The placement of a gap's cells; where none exists, the placement without the one
    cell (no number) that fits no column, which is reported as stray. A number is never
    dropped: where it does not fit, the row cannot be re-aligned."""
    fill = _place(gap, slots, next_seq)
    if fill is not None:
        return gap, fill
    found = []
    for k, cell in enumerate(gap):
        if parse_cell(cell.text).kind in ("numeric", "class") or clean(cell.text) in ATTRIBUTES:
            continue
        trial = gap[:k] + gap[k + 1 :]
        fill = _place(trial, slots, next_seq)
        if fill is not None:
            found.append((cell, trial, fill))
    if len(found) != 1:
        return gap, None
    cell, trial, fill = found[0]
    stray.append(Stray(cell.line, clean(cell.text), "fits no column of the row"))
    return trial, fill


def parse_web_table(
    t: Table, file: str, is_name: Callable[[str], bool], headers: Headers | None = None
) -> list[PrintedRow]:
    """Re-align a one-cell-per-line table whose empty cells were dropped.

    Anchors (`_anchors`): the cell beside each 约束性/预期性 when the attribute column
    stands next to the name; the name in each row an attribute cell closes when the
    attribute column is last; else the cells the codebook recognises (`is_name`). The
    cells between two names belong to the columns after the first name and before the
    second, in header order; `_place` puts each where it fits (a category cell a header
    does not name, as in a 指标 header spanning a two-level category column, included).
    Rows filled with fewer cells than columns are flagged `realigned`. A row whose cells
    fit nowhere is an error naming the row and the cells; one stray string that fits no
    column is left out and reported.
    """
    roles = column_roles(t.header, t, file, headers or load_headers())
    names = [r for r, _ in roles]
    years = dict(roles)
    i_name = names.index("name")
    pre, post = names[:i_name], names[i_name + 1 :]
    if "category" not in names:
        pre = ["category", *pre]  # a category the header's name column spans
    toks = t.tokens
    anchors = _anchors(toks, names, is_name)
    if not anchors:
        raise SourceError(file, f"{t.label}: no indicator rows found under the header", t.line)
    ctx = _Context()
    out: list[PrintedRow] = []
    placed_pre: dict[str, list[Cell]] = {}
    last_seq = 0
    bounds = [-1, *anchors, len(toks)]
    for r in range(len(anchors) + 1):
        gap = toks[bounds[r] + 1 : bounds[r + 1]]
        slots = ([_Slot("post", x) for x in post] if r > 0 else []) + (
            [_Slot("pre", x) for x in pre] if r < len(anchors) else []
        )
        gap, fill = _place_or_drop(gap, slots, last_seq + 1, t.stray)
        if fill is None:
            where = toks[anchors[r - 1]] if r > 0 else (gap[0] if gap else toks[anchors[0]])
            raise SourceError(
                file,
                f"{t.label}: cannot re-align the row: cells {[clean(c.text) for c in gap]} do not fit "
                f"the columns {[s.role for s in slots]}",
                where.line,
            )
        post_cells = {s.role: f for s, f in zip(slots, fill) if s.side == "post" and f}
        if r > 0:
            row, seq = _web_row(file, t, toks[anchors[r - 1]], post_cells, placed_pre, names, years, ctx)
            if seq:
                last_seq = int(seq)
            out.append(row)
        placed_pre = {s.role: f for s, f in zip(slots, fill) if s.side == "pre" and f}
        if "seq" in placed_pre:
            last_seq = int(clean(placed_pre["seq"][0].text))
        if "category" in placed_pre:
            ctx.category = _category(placed_pre["category"], ctx)
    return out


def _web_row(
    file: str,
    t: Table,
    name: Cell,
    post_cells: dict[str, list[Cell]],
    placed_pre: dict[str, list[Cell]],
    names: list[str],
    years: dict,
    ctx: _Context,
) -> tuple[PrintedRow, str]:
    """(the row, its number as printed) of the name cell ``name``: the cells placed after
    it and those placed before it (its number and category excepted); flagged `realigned`
    when it fills fewer value columns than the header has."""
    value_roles = [r for r in names if r in VALUE_ROLES]
    cells = {role: c[0] for role, c in post_cells.items()}
    cells.update({role: c[0] for role, c in placed_pre.items() if role not in ("seq", "category")})
    seq_cells = placed_pre.get("seq")
    seq = clean(seq_cells[0].text) if seq_cells else ""
    is_sub = "seq" in names and not seq and bool(ctx.parent_seq)
    filled = sum(1 for role in value_roles if role in cells and role != "note")
    realigned = filled < len([v for v in value_roles if v != "note"])
    return _row(file, t, name, cells, years, ctx, seq, is_sub, None, realigned=realigned), seq


# --------------------------------------------------------------------------- documents


def _numbering_problems(rows: list[PrintedRow]) -> list[tuple[int, str]]:
    """Gaps in a table's row numbers. A sub-row's parent number counts when it is new (the
    group cell of a split name column carries the number of rows it holds)."""
    problems = []
    last, last_line = 0, 0
    for row in rows:
        if row.seq.isdigit():
            k = int(row.seq)
        elif row.parent_seq.isdigit() and int(row.parent_seq) > last:
            k = int(row.parent_seq)
        else:
            continue
        if k != last + 1:
            what = f"start at {k}" if not last else f"jump from {last} (line {last_line}) to {k}"
            problems.append((row.line, f"row numbers {what}: a row may be missing"))
        last, last_line = k, row.line
    return problems


def parse_tables(
    lines: list[str],
    file: str,
    is_name: Callable[[str], bool],
    headers: Headers | None = None,
    table_map: TableMap | None = None,
) -> list[ParsedTable]:
    """Every indicator table of one document, with its rows and completeness problems
    (the one reading both the build and `compare inspect` show)."""
    headers = headers or load_headers()
    out = []
    for t in find_tables(lines, file, headers, is_name, table_map):
        if not t.header:
            raise SourceError(file, f"{t.label}: table has no header", t.line)
        parsed = (
            parse_tab_table(t, file, headers)
            if t.layout == "tab"
            else parse_web_table(t, file, is_name, headers)
        )
        if not parsed:
            raise SourceError(file, f"{t.label}: table has no rows", t.line)
        binding_caption = "约束性指标" in t.caption and "预期性" not in t.caption
        for row in parsed:
            if not row.attribute and binding_caption:
                row.attribute = "约束性"
        table_notes = tuple(split_notes(((c.text, c.line) for c in t.notes), file))
        for row in parsed:  # joined to the rows they name once the codebook has named them
            row.table_notes = table_notes
        problems = _numbering_problems(parsed)
        if t.at_eof:
            problems.append(
                (t.last_line, "the table runs into the end of the file: the document may be truncated")
            )
        out.append(
            ParsedTable(
                label=t.label,
                period=t.period,
                line=t.line,
                layout=t.layout,
                rows=parsed,
                notes=len(table_notes),
                notes_attached=0,  # counted by the build once `notes.attach` has run
                problems=problems,
                caption=t.caption,
                header=[
                    (c, role, year)
                    for c, (role, year) in zip(t.header, column_roles(t.header, t, file, headers))
                ],
                stray=list(t.stray),
            )
        )
    return out


def parse_document(
    lines: list[str],
    file: str,
    is_name: Callable[[str], bool],
    headers: Headers | None = None,
    table_map: TableMap | None = None,
) -> list[PrintedRow]:
    """All indicator rows of all indicator tables in one document."""
    return [row for t in parse_tables(lines, file, is_name, headers, table_map) for row in t.rows]
