"""What a web page leaves on a copied table line that is layout, not content.

Two things, as rules that hold for any page:

- **Separator characters** (``|``, ``│``, ``┃``, ``｜``, ``¦``) standing alone between
  cells, or at the start or end of a line, separate cells: a line ``| 76。7 |`` is the
  cell ``76。7``, and ``指标 | 2015年`` is two cells.
- **Junk strings** some sites insert into every line to defeat copying (runs of one- or
  two-character ASCII pieces such as ``' t. {( b; u0 S5 ?: ^``) are not cells. A piece
  that is only junk is dropped and reported; junk glued to a cell is cut off. Where the
  cut is ambiguous (``70。83 b* f2…``: is the value 70.8 or 70.83?) the cell is
  ambiguous, and the caller must stop rather than guess.

Nothing here knows a table's columns: `cell_pieces` returns what each piece of a line is,
and the table reader decides what to do with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .values import parse_cell

SEPARATORS = "|│┃｜¦"
_STANDALONE_SEPARATOR = re.compile(rf"(?:^|\s+)[{SEPARATORS}]+(?=\s|$)")
_EDGE = re.compile(rf"^[\s{SEPARATORS}]+|[\s{SEPARATORS}]+$")
#: Characters no plan cell prints, but copy-protection junk is full of.
ODD = set("!\"#$&';?@\\^_`{}~")
_TOKEN = r"[!-~]{1,2}"
_WHOLE_JUNK = re.compile(rf"^{_TOKEN}(?: {_TOKEN}){{2,}}$")
_GLUED_JUNK = re.compile(rf"{_TOKEN}(?: {_TOKEN}){{3,}}$")
_CLOSING = set(")）]】〕%")
_DECIMAL_END = re.compile(r"[。．.]$")


@dataclass(frozen=True)
class Piece:
    """One piece of a copied line: the cell text (empty when the piece was only junk), the
    junk cut off it, and the readings when the cut was ambiguous."""

    text: str
    junk: str = ""
    readings: tuple[str, ...] = ()

    @property
    def ambiguous(self) -> bool:
        return len(self.readings) > 1


def strip_separators(text: str) -> str:
    """The line without separator characters and whitespace at either end."""
    return _EDGE.sub("", text)


def _is_junk(text: str) -> bool:
    return sum(ch in ODD for ch in text) >= 1


def _valid(candidate: str) -> bool:
    return (
        not any(ch in ODD for ch in candidate)
        and not _DECIMAL_END.search(candidate)
        and not parse_cell(candidate).error
    )


def _meaning(candidate: str) -> tuple:
    c = parse_cell(candidate)
    return (c.kind, c.value, c.operator, c.upper)


def _shortest(texts) -> str:
    """The shortest non-empty reading (a mark glued by the junk is not the cell's)."""
    return min((t for t in texts if t), key=len, default="")


def _readings(before: str, junk: str) -> Piece:
    """The cell where junk is glued to `before` (``before`` may be empty: a piece that is
    junk throughout but whose first token could be a cell, ``-*`` or ``3``)."""
    first = junk.split(" ", 1)[0]  # the piece the junk's first token may share with the cell
    candidates = [before + first[0]] if len(first) == 2 else []
    candidates += [before, before + first]
    valid = [c.strip() for c in candidates if _valid(c.strip())]
    if any(c and parse_cell(c).kind in ("numeric", "class") for c in valid):
        readings = tuple(dict.fromkeys(valid))
        if len({_meaning(c) for c in readings}) > 1:
            return Piece(readings[0], junk, readings)
        return Piece(_shortest(readings), junk)
    if not before:
        return Piece(_shortest(valid), junk)
    text = before + first[0] if len(first) == 2 and first[0] in _CLOSING else before
    return Piece(text.strip(), junk)


def cut_junk(piece: str) -> Piece:
    """A piece without the junk glued to its end (see the module's doc)."""
    piece = piece.strip()
    if _WHOLE_JUNK.fullmatch(piece) and _is_junk(piece):
        if re.match(r"[0-9\-—<>≥≤=]", piece):
            return _readings("", piece)
        return Piece("", piece)
    m = _GLUED_JUNK.search(piece)
    if not m or not _is_junk(m.group(0)):
        return Piece(piece)
    before, junk = piece[: m.start()], m.group(0)
    if before.endswith(" "):
        return Piece(before.strip(), junk)
    return _readings(before, junk)


def cell_pieces(line: str) -> list[Piece]:
    """The pieces of a copied line: split at standalone separators, each cut of its junk.
    Empty pieces (a bare separator, blank space) are left out."""
    parts = _STANDALONE_SEPARATOR.split(line)
    out = []
    for part in parts:
        part = strip_separators(part)
        if part:
            out.append(cut_junk(part))
    return out
