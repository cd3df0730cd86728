"""The normalised table as the contract describes it: columns, key, values never invented,
determinism, and the CLI summary."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd

from compare import paths
from compare.ingest.build import CONTRACT_COLUMNS, KEY, build_table, to_csv_bytes, to_parquet_bytes
from compare.ingest.values import parse_cell


def test_contract_columns_come_first_in_order(table):
    assert list(table.columns[: len(CONTRACT_COLUMNS)]) == CONTRACT_COLUMNS


def test_key_is_unique(table):
    assert not table.duplicated(KEY).any()


def test_values_are_never_invented(table):
    for col in ("baseline", "target", "achieved"):
        for raw, value in zip(table[f"{col}_raw"], table[f"{col}_value"]):
            parsed = parse_cell(raw).value
            assert (pd.isna(value) and parsed is None) or value == parsed, (col, raw, value)


def test_no_number_means_no_operator(table):
    assert ((table.target_operator == "") == table.target_value.isna()).all()


def test_periods_and_years(table):
    t14 = table[table.period == "14th"]
    assert set(t14.target_year.dropna()) == {2025}
    assert (table[table.period == "13th"].target_year == 2020).all()
    assert (t14.achieved_raw == "").all()


def test_municipal_rows_come_from_prose_with_their_lines(table):
    muni = table[table.region == "chongqing"]
    assert set(muni.table) == {"prose"} and set(muni.level) == {"municipal"}
    pm = muni[muni.indicator_id == "pm25_concentration"].iloc[0]
    # chongqing_eco_14th_fyp.txt:149 ... PM2.5年均浓度 ... 控制在35微克/立方米以内
    assert (pm.source_line, pm.target_value, pm.target_operator) == (149, 35.0, "<=")


def test_two_builds_give_identical_bytes():
    a, b = build_table().table, build_table().table
    assert to_csv_bytes(a) == to_csv_bytes(b)
    assert to_parquet_bytes(a) == to_parquet_bytes(b)


def test_written_files_hold_the_same_rows(table):
    subprocess.run([sys.executable, "-m", "compare", "build"], check=True, capture_output=True)
    assert paths.TABLE_CSV.read_bytes() == to_csv_bytes(table)
    parquet = pd.read_parquet(paths.TABLE_PARQUET)
    pd.testing.assert_frame_equal(parquet, table, check_dtype=False)


def test_cli_prints_a_row_count_per_source_and_table():
    out = subprocess.run(
        [sys.executable, "-m", "compare", "build"], check=True, capture_output=True, text=True
    ).stdout
    import re

    assert re.search(r"^qianjiang_eco_14th_fyp\.txt\s+14th\s+表2-1\s+21$", out, re.M)
    assert re.search(r"^chongqing_eco_14th_fyp\.txt\s+14th\s+prose\s+28$", out, re.M)
    assert re.search(r"^total\s+212\s+\(84 distinct indicator ids\)$", out, re.M)
