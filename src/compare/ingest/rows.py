"""The common shape every parser emits, before the codebook gives rows their ids.

Parsers for different layouts (and the prose miner) all return `PrintedRow`s, so the
harmonising step never needs to know where a row came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
    extra: dict[str, str] = field(default_factory=dict)
