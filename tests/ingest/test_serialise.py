"""The table as bytes (`ingest.serialise`): exact numbers, true/false, bytes that depend on
the data only."""

from __future__ import annotations

import io

import pandas as pd

from compare.files import read_parquet
from compare.ingest.frame import to_frame
from compare.ingest.serialise import notes_csv_bytes, to_csv_bytes, to_parquet_bytes


def test_numbers_print_exactly_without_float_noise_or_a_trailing_zero():
    df = to_frame(
        [
            {"region": "a", "period": "14th", "indicator_id": "x", "target_value": 0.1 + 0.2},
            {"region": "b", "period": "14th", "indicator_id": "x", "target_value": 95.0},
            {"region": "c", "period": "14th", "indicator_id": "x"},
        ]
    )
    back = pd.read_csv(io.BytesIO(to_csv_bytes(df)), dtype=str, keep_default_na=False)
    assert list(back["target_value"]) == ["0.30000000000000004", "95", ""]


def test_flags_are_written_true_or_false(table):
    flags = [c for c in table.columns if table[c].dtype == bool]
    assert flags
    back = pd.read_csv(io.BytesIO(to_csv_bytes(table)), dtype=str, keep_default_na=False)
    assert set(back[flags].to_numpy().ravel()) <= {"true", "false"}


def test_the_same_table_gives_the_same_bytes_and_parquet_reads_back_the_same_cells(table, tmp_path):
    assert to_csv_bytes(table) == to_csv_bytes(table.copy())
    data = to_parquet_bytes(table)
    assert data == to_parquet_bytes(table.copy()) and b"pandas_version" not in data
    (tmp_path / "t.parquet").write_bytes(data)
    assert to_csv_bytes(read_parquet(tmp_path / "t.parquet")) == to_csv_bytes(table)


def test_notes_are_written_as_plain_csv():
    notes = pd.DataFrame({"file": ["plan.txt"], "line": [3], "note": ["数据为2019年"]})
    assert notes_csv_bytes(notes) == "file,line,note\nplan.txt,3,数据为2019年\n".encode()
