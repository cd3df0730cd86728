"""The table's one metadata file (`indicators.meta.yml`) and the schema built from it.

Every check the schema holds is broken once on the real table, and each time the
schema names it: a check that cannot fail would show up here as a breaker that passes.
"""

from __future__ import annotations

import json

import pandas as pd
import pandera.pandas as pa
import pytest

from compare import paths
from compare.ingest import columns as columns_module
from compare.ingest.build import COLUMNS, CONTRACT_COLUMNS
from compare.ingest.columns import meta, parse_meta
from compare.ingest.exports import datapackage
from compare.ingest.rows import PERIODS
from compare.ingest.schema import TABLE_CHECKS, schema
from compare.ingest.sources import LEVELS
from compare.ingest.values import KINDS, OPERATORS


@pytest.fixture(scope="module")
def table_schema(table):
    return schema(set(table["region"]), set(table["indicator_id"]))


def _failures(table_schema, df) -> set[tuple[str | None, str]]:
    """(column, check) of every failure, with checks named by kind."""
    try:
        table_schema.validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        out = set()
        for column, check in exc.failure_cases[["column", "check"]].drop_duplicates().itertuples(index=False):
            check = str(check)
            kind = next(
                (
                    k
                    for k, prefix in (
                        ("allowed", "isin"),
                        ("required", "str_length"),
                        ("pattern", "str_matches"),
                        ("minimum", "greater_than_or_equal_to"),
                        ("dtype", "dtype"),
                        ("unique", "column_in_dataframe"),
                    )
                    if check.startswith(prefix)
                ),
                check,
            )
            out.add((column if kind not in [c.description for c in meta().checks] else None, kind))
        return out
    return set()


def test_the_real_table_passes(table, table_schema):
    assert _failures(table_schema, table) == set()


def test_columns_come_from_the_metadata_file(table):
    m = meta()
    assert COLUMNS == m.names == list(table.columns)
    assert CONTRACT_COLUMNS == COLUMNS[: len(CONTRACT_COLUMNS)] == m.contract
    assert all(c.label_zh and c.label_en and c.description for c in m.columns)
    kinds = {c.name: c.values for c in m.columns}
    assert kinds["target_kind"] == kinds["baseline_kind"] == KINDS  # one list of kinds
    assert kinds["target_operator"] == OPERATORS and kinds["level"] == LEVELS and kinds["period"] == PERIODS
    assert {c.name for c in m.checks} == set(TABLE_CHECKS)


# (column, kind of check) -> a change that breaks exactly that check on the real table
def _first(df, mask) -> int:
    return int(df.index[mask][0])


COLUMN_BREAKERS = {
    "allowed": lambda df, c: df.__setitem__(c, df[c].where(df.index != 0, "bogus_value")),
    "required": lambda df, c: df.__setitem__(c, df[c].where(df.index != 0, "")),
    "pattern": lambda df, c: df.__setitem__(c, df[c].where(df.index != 0, "Not A Pattern!")),
    "minimum": lambda df, c: df.__setitem__(c, df[c].where(df.index != 0, -1)),
}


def _column_checks() -> list[tuple[str, str]]:
    out = []
    for c in meta().columns:
        if c.values is not None:
            out.append((c.name, "allowed"))
        if c.required and c.type == "string":
            out.append((c.name, "required"))
        if c.pattern:
            out.append((c.name, "pattern"))
        if c.minimum is not None:
            out.append((c.name, "minimum"))
    return out


@pytest.mark.parametrize(("column", "kind"), _column_checks())
def test_each_column_check_can_fail(table, table_schema, column, kind):
    df = table.copy()
    COLUMN_BREAKERS[kind](df, column)
    assert (column, kind) in _failures(table_schema, df)


@pytest.mark.parametrize("column", list(COLUMNS))
def test_each_column_type_is_checked(table, table_schema, column):
    df = table.copy()
    kind = meta()[column].type
    df[column] = df[column].astype(object).where(df.index != 0, 1.5 if kind == "string" else "text")
    assert (column, "dtype") in _failures(table_schema, df)


def _set(df, mask, **values):
    k = _first(df, mask)
    for col, v in values.items():
        df.loc[k, col] = v


TABLE_BREAKERS = {
    "operator_iff_number": lambda df: _set(df, df.target_value.notna(), target_operator=""),
    "number_iff_numeric_kind": lambda df: _set(df, df.target_kind == "numeric", target_kind="qualitative"),
    "upper_iff_range": lambda df: _set(df, df.target_operator == "=", target_upper=99.0),
    "achieved_kind_iff_cell": lambda df: _set(df, df.achieved_raw != "", achieved_kind=""),
    "no_achieved_in_14th": lambda df: _set(df, df.period == "14th", achieved_raw="55"),
    "cumulative_flag_matches_cells": lambda df: _set(df, df.cumulative_cells == "", cumulative=True),
    "target_after_baseline": lambda df: _set(df, df.baseline_year.notna(), target_year=1990),
    "sub_row_has_parent": lambda df: _set(df, df.parent_seq != "", parent_name_zh=""),
    "longterm_year_for_cell": lambda df: _set(df, df.longterm_raw == "", longterm_raw="≥60"),
    "unmapped_only_for_reference": lambda df: _set(
        df, df.level == "district", indicator_id="", domain="", indicator_name_en=""
    ),
}


@pytest.mark.parametrize("name", sorted(TABLE_BREAKERS))
def test_each_table_check_can_fail(table, table_schema, name):
    df = table.copy()
    TABLE_BREAKERS[name](df)
    description = next(c.description for c in meta().checks if c.name == name)
    assert (None, description) in _failures(table_schema, df)


def test_every_table_check_has_a_breaker():
    assert set(TABLE_BREAKERS) == set(TABLE_CHECKS)


def test_the_key_is_unique_and_columns_strict(table, table_schema):
    df = pd.concat([table, table.head(1)], ignore_index=True)
    with pytest.raises(pa.errors.SchemaError, match="unique"):
        table_schema.validate(df)
    errors = (pa.errors.SchemaError, pa.errors.SchemaErrors)
    with pytest.raises(errors, match="extra_column"):
        table_schema.validate(table.assign(extra_column=""))  # strict: a column the file does not describe
    with pytest.raises(errors, match="footnote"):
        table_schema.validate(table.drop(columns=["footnote"]))


def test_descriptor_and_docs_come_from_the_file(table):
    from compare.ingest.serialise import to_csv_bytes

    package = datapackage(to_csv_bytes(table), paths.CODEBOOK.read_bytes())
    fields = package["resources"][0]["schema"]["fields"]
    assert [f["name"] for f in fields] == COLUMNS
    by_name = {f["name"]: f for f in fields}
    for c in meta().columns:
        f = by_name[c.name]
        assert f["type"] == c.type and f["description"] == c.description
        assert f["title"] == f"{c.label_en} / {c.label_zh}"
        if isinstance(c.values, tuple):
            assert f["constraints"]["enum"] == [v for v in c.values if v]
    assert json.dumps(package)  # serialisable
    assert columns_module.main(["--check"]) == 0, "docs/columns.md is out of date"
    text = columns_module.markdown()
    assert all(f"`{c}`" in text for c in COLUMNS)


def test_a_new_column_flows_through_build_and_exports(table, monkeypatch, tmp_path):
    """With one more entry, records that do not set it give the empty value (False for a
    flag), the schema checks it, and the data package and workbook carry it."""
    import openpyxl

    from compare.ingest import exports, frame, serialise
    from compare.ingest import schema as schema_module

    text = (paths.ROOT / "src/compare/ingest/indicators.meta.yml").read_text(encoding="utf-8")
    entry = (
        "  - name: reviewed\n    type: boolean\n    label_zh: 已复核\n    label_en: Reviewed\n"
        "    description: True for a row from a facts source.\n"
    )
    wider = parse_meta(text.replace("\nchecks:\n", "\n" + entry + "\nchecks:\n"))
    for module in (frame, schema_module, serialise, exports):
        monkeypatch.setattr(module, "meta", lambda: wider)
    records = table.head(3).to_dict("records")
    wide = frame.to_frame(records)
    assert list(wide.columns) == wider.names and wide["reviewed"].tolist() == [False] * 3
    schema_module.schema(set(table["region"]), set(table["indicator_id"])).validate(wide)
    written = exports.write_exports(wide, paths.CODEBOOK, tmp_path)
    package = json.loads(written["datapackage.json"].read_text(encoding="utf-8"))
    assert package["resources"][0]["schema"]["fields"][-1]["name"] == "reviewed"
    header = next(
        openpyxl.load_workbook(written["indicators.xlsx"], read_only=True)["14th"].iter_rows(values_only=True)
    )
    assert header[-1] == "已复核"
