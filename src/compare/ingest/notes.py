"""Notes under an indicator table and the marks in its cells that point at them.

A plan qualifies a printed value with a mark (`(1)`, `【1】`, `*`, `**`) and explains the
mark in a note under the table; the note belongs to the rows whose cells carry the mark.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from .rows import PrintedRow

# A mark follows the value it qualifies: a digit, a closing bracket, % or a word (以上, 左右).
_AFTER_VALUE = r"(?<=[\d\]〕】%\u4e00-\u9fff])"
NOTE_MARKS = (
    (re.compile(r"【(\d+)】"), lambda m: f"【{m.group(1)}】"),
    (re.compile(_AFTER_VALUE + r"\((\d+)\)"), lambda m: f"({m.group(1)})"),
    (re.compile(_AFTER_VALUE + r"(\*+)"), lambda m: m.group(1)),
)


def note_index(notes: Iterable[str]) -> dict[str, str]:
    """Footnote text by its mark: `【4】`, `(1)`, `*`, `**`."""
    index: dict[str, str] = {}
    text = "\n".join(notes)
    for part in re.split(r"(?=【\d+】)|(?=[（(]\d+[)）])|(?=(?<![*\d])\*+)|\n", text):
        part = part.strip()
        m = re.match(r"^(【\d+】|[（(]\d+[)）]|\*+)", part)
        if m and len(part) > len(m.group(1)):
            mark = unicodedata.normalize("NFKC", m.group(1))  # （２） and (2) are one mark
            index.setdefault(mark, re.sub(r"\s+", "", part))
    return index


def attach_notes(rows: list[PrintedRow], notes: dict[str, str]) -> None:
    """Add to each row's note the table footnotes its cells point at."""
    for row in rows:
        marks: list[str] = []
        for raw in (row.baseline_raw, row.target_raw, row.achieved_raw):
            cell = unicodedata.normalize("NFKC", raw)
            for pattern, key in NOTE_MARKS:
                for m in pattern.finditer(cell):
                    k = key(m)
                    if k in notes and k not in marks:
                        marks.append(k)
        extra = [notes[m] for m in marks]
        row.note = "；".join([p for p in [row.note, *extra] if p])
