"""Secondary facts (`ingest.supplementary`): a CSV of figures a plan's text lost, each row a
14th-period row of table ``facts`` with its published address; a bad row names its line."""

from __future__ import annotations

import csv
import dataclasses
import io

import pytest

from compare.errors import SourceError
from compare.ingest.sources import read_manifest, sha256_of
from compare.ingest.supplementary import FACTS_COLUMNS, TABLE, read_facts


@pytest.fixture(scope="module")
def facts_source():
    """The manifest's one facts source (the municipal plan's press report)."""
    (source,) = [s for s in read_manifest() if s.kind == "facts"]
    return source


def rewritten(source, tmp_path, change):
    """A copy of the facts file with ``change(rows)`` applied, registered with its new sha256."""
    with source.path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    rows = change(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / source.file
    path.write_text(out.getvalue(), encoding="utf-8")
    return dataclasses.replace(source, raw_dir=tmp_path, sha256=sha256_of(path))


def test_each_fact_becomes_a_14th_period_row_with_its_address(facts_source):
    rows = read_facts(facts_source)
    assert len(rows) == 6  # the manifest expects 14th/facts=6
    assert {(r.period, r.table, r.target_year) for r in rows} == {("14th", TABLE, 2025)}
    first = rows[0]
    assert (first.name, first.target_raw, first.unit, first.line) == (
        "地表水国控断面水质优良比例",
        "97.3",
        "%",
        2,
    )
    assert first.extra["secondary"] == "true" and first.extra["source_url"].startswith("https://")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda rows: [{**rows[0], "region": "kaizhou"}, *rows[1:]],
            "differs from the manifest's 'chongqing'",
        ),
        (lambda rows: [rows[0], {**rows[1], "target_year": "二〇二五"}], "is not a year"),
        (lambda rows: [rows[0], rows[1], {**rows[2], "address": " "}], "needs its published address"),
    ],
    ids=["another-region", "year-in-words", "no-address"],
)
def test_a_bad_fact_is_refused_at_its_line(facts_source, tmp_path, change, message):
    source = rewritten(facts_source, tmp_path, change)
    with pytest.raises(SourceError, match=message) as caught:
        read_facts(source)
    assert caught.value.file == facts_source.file and caught.value.line in (2, 3, 4)


def test_a_facts_file_without_a_column_is_refused(facts_source, tmp_path):
    source = rewritten(
        facts_source, tmp_path, lambda rows: [{k: v for k, v in r.items() if k != "address"} for r in rows]
    )
    assert "address" in FACTS_COLUMNS
    with pytest.raises(SourceError, match=r"needs columns \['address'\]"):
        read_facts(source)


def test_a_changed_facts_file_fails_its_checksum(facts_source, tmp_path):
    source = rewritten(facts_source, tmp_path, lambda rows: rows[:-1])
    with pytest.raises(SourceError, match="sha256"):
        read_facts(dataclasses.replace(source, sha256=facts_source.sha256))
