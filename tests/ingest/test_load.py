"""Reading the built tables back (`ingest.load`), as notebooks and analyses do."""

from __future__ import annotations

import pytest

from compare import paths
from compare.errors import SourceError
from compare.ingest.load import load_observations, load_table
from compare.ingest.serialise import to_csv_bytes


def test_the_built_table_reads_back_with_the_same_cells(built):
    loaded = load_table()
    assert len(loaded) == len(built.table) > 0 and list(loaded.columns) == list(built.table.columns)
    # the parquet file carries no pandas metadata, so an integer column with gaps (Int64 in
    # the build) reads back as float64; its cells, written as the CSV writes them, are the same
    assert to_csv_bytes(loaded) == to_csv_bytes(built.table)


def test_a_missing_table_says_how_to_build_it(tmp_path):
    with pytest.raises(SourceError, match="run `make data`") as caught:
        load_table(tmp_path / "indicators.parquet")
    assert caught.value.file == "indicators.parquet"


def test_observations_are_none_until_some_are_registered(tmp_path):
    assert load_observations(tmp_path / "observations.parquet") is None
    observed = load_observations(paths.project().observations_parquet)
    assert observed is not None and len(observed) > 0


def test_a_report_that_needs_observations_says_how_to_register_them(tmp_path):
    with pytest.raises(
        SourceError, match=r"add-source FILE --kind observations`, then `compare build`"
    ) as caught:
        load_observations(tmp_path / "observations.parquet", required=True)
    assert caught.value.file == "observations.parquet"
