"""Header words of indicator tables and the column roles they name, read from data.

`data/codebook/headers.csv` maps what a plan prints in a header cell (``现状值``,
``2020年``, ``〔累计〕``) onto the role of its column, as the codebook's synonyms map
indicator names. A user extends it without touching code; an unrecognised header stops
the build with a message that names this file and suggests a role.

A header cell is normalised (NFKC, no whitespace, no brackets) and a year in it is taken
out: ``2020年现状值`` is the word ``现状值`` (baseline) for the year 2020. A bare year has
no word; its role comes from the rows for that year and the table's period (2015/2020 in
a 13th-FYP table, 2020/2025 in a 14th-FYP table, 2035 a long-range target). A target
column dated after the plan period is a long-range target as well.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import paths
from ..errors import SourceError

#: Column roles a header may name.
ROLES = (
    "category",
    "seq",
    "name",
    "attribute",
    "unit",
    "baseline",
    "target",
    "achieved",
    "completion",  # 完成情况: the achieved value, or a status beside one
    "status",
    "note",
    "cumulative",
    "longterm",
)
#: The last year of each plan period: a target column dated later is a long-range one.
PERIOD_END = {"13th": 2020, "14th": 2025}
COLUMNS = ("header", "role", "period", "note")
_YEAR = re.compile(r"(\d{4})年?")
_BRACKETS = str.maketrans("", "", "〔〕[]【】()（）<>《》")
# A footnote mark glued to a header word (〔累计〕1, 现状值²): split off like a name's.
_MARK = re.compile(r"(?<=[\u4e00-\u9fff])(?:[0-9]{1,2}|[¹²³⁴-⁹]+|[①-⑳]|\*+)$")


def normalise_header(text: str) -> str:
    """NFKC, no whitespace, no brackets: ``〔累计〕`` and ``累 计`` are ``累计``."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if not ch.isspace()).translate(_BRACKETS)


@dataclass(frozen=True)
class Role:
    role: str
    year: int | None


class Headers:
    """The header vocabulary: words -> role, years -> role per period."""

    def __init__(self, words: dict[str, str], years: dict[tuple[int, str], str], path: Path):
        self.words = words
        self.years = years  # (year, period or "") -> role
        self.path = path

    def split(self, cell: str) -> tuple[str, int | None]:
        """(word, year) of a header cell: ``2020年现状值`` -> (``现状值``, 2020)."""
        h = normalise_header(cell)
        m = _YEAR.search(h)
        if not m:
            return _MARK.sub("", h), None
        word = h[: m.start()] + h[m.end() :]
        if m.group(0).endswith("年") and re.fullmatch(r"[0-9]{1,2}|\*+", word):
            word = ""  # a mark glued to a bare year: 2020年1
        return _MARK.sub("", word), int(m.group(1))

    def role(self, cell: str, period: str) -> Role | None:
        """The role a header cell names in a table of `period`, or None if unknown."""
        word, year = self.split(cell)
        if not word:
            if year is None:
                return None
            role = self.years.get((year, period)) or self.years.get((year, ""))
            return Role(role, year) if role else None
        role = self.words.get(word)
        if role is None:
            return None
        if role == "target" and year is not None and year > PERIOD_END.get(period, 9999):
            role = "longterm"
        return Role(role, year)

    def is_header(self, cell: str) -> bool:
        """A header word of some table (any period); used to find where a header ends."""
        word, year = self.split(cell)
        if not word:
            return year is not None and any(y == year for y, _ in self.years)
        return word in self.words

    def suggest(self, cell: str) -> str:
        """The role of the known header that shares most characters with `cell`, or ""."""
        word, _ = self.split(cell)
        best, score = "", 0.0
        for known, role in sorted(self.words.items()):
            common = len(set(word) & set(known))
            s = common / len(set(word) | set(known)) if common else 0.0
            if s > score:
                best, score = role, s
        return best

    def unknown(self, cell: str, label: str, file: str, line: int) -> SourceError:
        """The error for an unrecognised header cell: names this file and suggests a role."""
        h = normalise_header(cell)
        hint = self.suggest(cell)
        guess = f" (perhaps `{h},{hint}`)" if hint else ""
        return SourceError(
            file,
            f"{label}: header cell {h!r} not recognised; add it to {self.path.parent.name}/"
            f"{self.path.name} with its column role{guess}; roles: {', '.join(ROLES)}",
            line,
        )


def load_headers(path: Path | None = None) -> Headers:
    """Read and validate headers.csv; an error names the file and line."""
    path = paths.project().headers if path is None else path
    return _load(Path(path), Path(path).stat().st_mtime_ns if Path(path).is_file() else 0)


@lru_cache(maxsize=8)
def _load(path: Path, _mtime: int) -> Headers:
    from .sources import read_text

    rows = list(csv.reader(read_text(path).splitlines()))
    if not rows or tuple(c.strip() for c in rows[0][: len(COLUMNS)]) != COLUMNS:
        raise SourceError(path, f"needs the columns {list(COLUMNS)}", 1)
    words: dict[str, str] = {}
    years: dict[tuple[int, str], str] = {}
    for i, row in enumerate(rows[1:], start=2):
        if any(c.strip() for c in row):
            _add_row(path, i, row, words, years)
    return Headers(words, years, path)


def _add_row(
    path: Path, i: int, row: list[str], words: dict[str, str], years: dict[tuple[int, str], str]
) -> None:
    """Line ``i`` of the header words into ``words`` (a word) or ``years`` (a bare year of a
    period); errors name the line."""
    header, role, period = [*row, "", "", ""][:3]
    header, role, period = normalise_header(header), role.strip(), period.strip()
    if role not in ROLES:
        raise SourceError(path, f"role {role!r} is not one of {list(ROLES)}", i)
    if period and period not in PERIOD_END:
        raise SourceError(path, f"period {period!r} is not one of {list(PERIOD_END)}", i)
    if not header:
        raise SourceError(path, "empty header", i)
    m = _YEAR.fullmatch(header)
    if m:
        key = (int(m.group(1)), period)
        if years.setdefault(key, role) != role:
            raise SourceError(path, f"year {header} maps to two roles for period {period or 'any'}", i)
        return
    if _YEAR.search(header):
        raise SourceError(path, f"{header!r}: write the word without its year", i)
    if period:
        raise SourceError(path, f"{header!r}: a period applies to bare years only", i)
    if words.setdefault(header, role) != role:
        raise SourceError(path, f"header {header!r} maps to two roles: {words[header]} and {role}", i)
