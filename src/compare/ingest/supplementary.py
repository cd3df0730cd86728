"""Secondary facts: a CSV of figures a plan's surviving text lost, each with its published address.

The municipal plan lost its indicator table; a press report of its press conference kept six
of the 2025 core targets (``data/raw/chongqing_2025_core_targets.csv``). Such a file is listed
in the manifest with ``kind = facts`` (TEAM decision 1) and its rows enter the table as
``secondary`` rows carrying ``source_url`` (decision 2): the plan text wins where both state a
value, and every report marks a secondary value with its address (`compare.analysis` does the
comparing, the reports the marking).

Each CSV row becomes a 14th-period row of table ``facts``: the name as reported is mapped
by the codebook like any printed name, the target cell is parsed like any cell
(``达到国家考核要求`` is ``assigned``), ``source_line`` is the CSV line.
"""

from __future__ import annotations

import csv

from ..errors import SourceError
from .rows import PrintedRow
from .sources import Source, verified_lines

FACTS_COLUMNS = (
    "region",
    "indicator_name_zh",
    "target_year",
    "target_raw",
    "unit",
    "evidence_zh",
    "source_kind",
    "publisher",
    "published",
    "title",
    "address",
)
#: The table label of secondary rows.
TABLE = "facts"


def read_facts(source: Source) -> list[PrintedRow]:
    """The rows of one facts CSV, after its sha256 check; a bad row names its line."""
    lines = verified_lines(source)
    reader = csv.DictReader(lines)
    missing = [c for c in FACTS_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise SourceError(source.path, f"facts file needs columns {missing}", 1)
    rows: list[PrintedRow] = []
    for rec in reader:
        i = reader.line_num
        region = (rec["region"] or "").strip()
        if region != source.region:
            raise SourceError(
                source.path, f"region {region!r} differs from the manifest's {source.region!r}", i
            )
        year = (rec["target_year"] or "").strip()
        if not year.isdigit():
            raise SourceError(source.path, f"target_year {year!r} is not a year", i)
        address = (rec["address"] or "").strip()
        if not address:
            raise SourceError(source.path, "a secondary fact needs its published address", i)
        rows.append(
            PrintedRow(
                source_file=source.file,
                period="14th",
                table=TABLE,
                seq="",
                name=(rec["indicator_name_zh"] or "").strip(),
                line=i,
                unit=(rec["unit"] or "").strip(),
                target_year=int(year),
                target_raw=(rec["target_raw"] or "").strip(),
                note=(rec["evidence_zh"] or "").strip(),
                extra={
                    "secondary": "true",
                    "source_url": address,
                    "publisher": (rec["publisher"] or "").strip(),
                    "published": (rec["published"] or "").strip(),
                },
            )
        )
    return rows
