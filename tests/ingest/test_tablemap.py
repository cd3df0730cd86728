"""A table map (`ingest.tablemap`): what a user states about a document the parser cannot
guess; every error names the map file and the entry's line."""

from __future__ import annotations

from pathlib import Path

import pytest

from compare.errors import SourceError
from compare.ingest.headers import ROLES
from compare.ingest.tablemap import NO_MAP, MappedTable, load_map, parse_map

MAP = """\
skip: [41, 57]
tables:
  - start: 12
    end: 80
    label: 表1
    period: 14th
    header: [13, 18]
    columns: [category, name, baseline, target, attribute]
  - start: 90
"""


def test_a_map_gives_its_tables_by_start_line_and_the_lines_to_skip():
    table_map = parse_map(MAP, Path("plan.map.yml"), ROLES)
    assert table_map.skip == frozenset({41, 57})
    assert table_map.at(12) == MappedTable(
        12, 80, "表1", "14th", (13, 18), ("category", "name", "baseline", "target", "attribute")
    )
    assert table_map.at(90) == MappedTable(90) and table_map.at(13) is None


def test_skipped_lines_are_blanked_and_the_others_keep_their_numbers():
    table_map = parse_map("skip: [2]\n", Path("plan.map.yml"), ROLES)
    assert table_map.apply(["a", "banner", "c"]) == ["a", "", "c"]


def test_no_map_changes_nothing(tmp_path):
    assert load_map(None) is NO_MAP and NO_MAP.apply(["a", "b"]) == ["a", "b"] and NO_MAP.at(1) is None
    path = tmp_path / "plan.map.yml"
    path.write_text(MAP, encoding="utf-8")
    assert load_map(path).at(12).label == "表1"


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("tables: [\n", "not valid YAML", 2),
        ("rows: []\n", "holds `tables` and `skip` only", None),
        ("skip: 4\n", "skip must be a list", 1),
        ("tables:\n  - start: 12\n    end: 5\n", "end 5 is not after start 12", 2),
        ("tables:\n  - start: 12\n    period: 15th\n", "period '15th'", 2),
        ("tables:\n  - start: 12\n    colour: red\n", "unknown keys", 2),
        ("tables:\n  - start: 12\n    columns: [name, value]\n", r"columns \['value'\] are no roles", 2),
        ("tables:\n  - end: 12\n", "needs `start`", None),
    ],
)
def test_a_bad_map_is_refused_naming_the_file_and_line(text, message, line):
    with pytest.raises(SourceError, match=message) as caught:
        parse_map(text, Path("data/raw/plan.map.yml"), ROLES)
    assert (caught.value.file, caught.value.line) == ("plan.map.yml", line)
