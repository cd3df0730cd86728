"""The common shape every parser emits, before the codebook gives rows their ids.

Parsers for different layouts (and the prose miner) all return `PrintedRow`s, so the
harmonising step never needs to know where a row came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Plan periods, in the table's order (the 14th plan first).
PERIODS = ("14th", "13th")
#: Attribute cells as printed -> the table's value.
ATTRIBUTES = {"约束性": "binding", "预期性": "expected"}


@dataclass(frozen=True)
class Note:
    """One note, or one clause of a note, as printed (whitespace removed); `notes` finds
    and classifies them, a `PrintedRow` carries those of its table."""

    mark: str  # "(1)", "【4】", "*", "**", "注3", "备注2", "备注", "说明", "完成情况", or "" for a legend clause
    text: str
    line: int  # 1-based line the note is printed on
    kinds: tuple[str, ...]  # primary kind first
    file: str = ""

    @property
    def kind(self) -> str:
        return self.kinds[0]

    @property
    def is_legend(self) -> bool:
        return self.kind in ("cumulative_definition", "no_data_definition")


@dataclass
class PrintedRow:
    """One indicator row as printed: every cell kept as raw text."""

    source_file: str
    period: str  # "14th" or "13th"
    table: str  # label as printed: "专栏2", "表2-1", or "prose"
    seq: str  # row number as printed ("" when the table has none)
    name: str  # indicator name as printed, whitespace removed
    line: int  # 1-based line of the indicator name in the source file
    parent_seq: str = ""
    category: str = ""
    unit: str = ""  # unit cell or the unit printed in the name's brackets
    attribute: str = ""  # 约束性 / 预期性 as printed
    baseline_year: int | None = None
    baseline_raw: str = ""
    target_year: int | None = None
    target_raw: str = ""
    achieved_raw: str = ""
    note: str = ""
    cumulative_raw: str = ""  # a 〔累计〕 column's cell
    longterm_year: int | None = None
    longterm_raw: str = ""  # a long-range (2035) column's cell
    cells: dict[str, int] = field(default_factory=dict)  # role -> 1-based line of its cell
    extra: dict[str, str] = field(default_factory=dict)
    table_notes: tuple[Note, ...] = ()  # every note printed under the row's table (notes.attach)
