"""The table's columns from the one metadata file (`ingest.columns`): adding a column is one entry; bad metadata names the file and the column's line."""

from __future__ import annotations

import pytest

from compare import paths
from compare.errors import SourceError
from compare.ingest.columns import column_rows, markdown, meta, parse_meta
from compare.ingest.rows import PERIODS


def test_a_column_is_one_entry(tmp_path):
    """Adding a column is one entry in the file: the schema, descriptor and docs follow."""
    text = (paths.ROOT / "src/compare/ingest/indicators.meta.yml").read_text(encoding="utf-8")
    entry = (
        "  - name: reviewed\n    type: boolean\n    label_zh: 已复核\n    label_en: Reviewed\n"
        "    description: True for a row from a facts source.\n\ncolumns_end: true\n"
    )
    added = parse_meta(
        text.replace("\nchecks:\n", "\n" + entry.replace("\ncolumns_end: true\n", "") + "\nchecks:\n")
    )
    assert added.names == [*meta().names, "reviewed"] and added.of_type("boolean")[-1] == "reviewed"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace("    type: string\n", "    type: text\n", 1), r"region: type must be one of"),
        (
            lambda t: t.replace("  - name: region_name_zh\n", "  - name: region\n", 1),
            "duplicate column name 'region'",
        ),
        (
            lambda t: t.replace("    values: kinds\n", "    values: shapes\n", 1),
            "unknown value list 'shapes'",
        ),
        (
            lambda t: t.replace("    label_en: Region\n", "    colour: red\n", 1),
            r"unknown fields \['colour'\]",
        ),
        (lambda t: t.replace("columns:\n", "columns: [\n", 1), "not valid YAML"),
    ],
)
def test_bad_metadata_names_file_and_line(change, message):
    text = (paths.ROOT / "src/compare/ingest/indicators.meta.yml").read_text(encoding="utf-8")
    with pytest.raises(SourceError, match=message) as exc:
        parse_meta(change(text))
    assert str(exc.value).startswith("indicators.meta.yml")


def test_the_contracts_columns_come_first_and_the_key_names_columns():
    m = meta()
    assert m.contract and m.names[: len(m.contract)] == m.contract
    assert set(m.key) <= set(m.names) and m.key == ("region", "period", "table", "row")
    with pytest.raises(KeyError, match="no_such_column"):
        m["no_such_column"]


def test_a_column_allows_its_listed_values_or_those_the_build_knows():
    m = meta()
    assert m["period"].allowed() == list(PERIODS)
    assert m["region"].allowed() is None  # known only at build time
    assert m["region"].allowed({"regions": ["tongnan", "bishan"]}) == ["bishan", "tongnan"]
    assert m["source_line"].allowed() is None


def test_the_column_table_lists_every_column_with_both_labels():
    text = markdown()
    rows = column_rows(meta())
    assert len(rows) >= 2 + len(meta().columns)
    assert "| `region` |" in text and "地区" in text and "Region" in text
    assert "Generated from src/compare/ingest/indicators.meta.yml" in text
