"""The manifest, validated with one schema: every error names the manifest and the line.

Each case edits one row of a copy of data/raw/MANIFEST.csv (`raw_copy`) the way a careless
user or an attacker would, and `read_manifest` must refuse it naming that line.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from compare.errors import SourceError
from compare.ingest.sources import (
    KINDS,
    MANIFEST_COLUMNS,
    REQUIRED_COLUMNS,
    parse_expected,
    read_manifest,
    verified_lines,
)


def _rows(manifest: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(manifest.read_text(encoding="utf-8"), newline="")))


def _write(manifest: Path, rows: list[dict[str, str]]) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(MANIFEST_COLUMNS), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    manifest.write_text(buf.getvalue(), encoding="utf-8")


def _edit(raw: Path, k: int, **values: str) -> Path:
    manifest = raw / "MANIFEST.csv"
    rows = _rows(manifest)
    rows[k].update(values)
    _write(manifest, rows)
    return manifest


def test_the_real_manifest_reads(raw_copy):
    sources = read_manifest(raw_copy / "MANIFEST.csv")
    assert [s.kind for s in sources] == ["tables"] * 4 + ["prose", "facts", "observations"]
    assert [s.line for s in sources] == [2, 3, 4, 5, 6, 7, 8]
    assert sources[0].expected == {"13th/专栏1": 23, "14th/专栏2": 22}
    assert all(len(verified_lines(s)) > 100 for s in sources if s.kind not in ("facts", "observations"))


@pytest.mark.parametrize(
    ("row", "values", "message"),
    [
        (1, {"adcode": "５００１２０"}, "must be six ASCII digits"),
        (1, {"adcode": "٥٠٠١٢٠"}, "must be six ASCII digits"),
        (1, {"adcode": "110101"}, "110101 is not a county-level unit of Chongqing"),
        (4, {"adcode": "500154"}, "not Chongqing Municipality's"),
        (1, {"level": "county"}, "level 'county' must be one of"),
        (1, {"level": ""}, "level '' must be one of"),
        (1, {"region": ""}, "region '' must match"),
        (1, {"region": "Bi Shan"}, "must match"),
        (1, {"region": "kaizhou"}, "duplicate region 'kaizhou': also on line 2"),
        (
            1,
            {"file": "kaizhou_eco_14th_fyp.txt"},
            "duplicate file 'kaizhou_eco_14th_fyp.txt': also on line 2",
        ),
        (1, {"adcode": "500154"}, "duplicate adcode '500154': also on line 2"),
        (
            1,
            {"sha256": "0c1da67d625b00bec4bdafef59354fc8beb1d27e9f7ee50014e7a452926391d8"},
            "duplicate content",
        ),
        (1, {"issued": "2021-13-45"}, "must be a real date"),
        (1, {"issued": "2021-02-29"}, "must be a real date"),
        (1, {"name_zh": "璧山\u2028区"}, r"name_zh holds control or line-separator characters \(U\+2028\)"),
        (1, {"name_en": "Bishan\u0085District"}, r"U\+0085"),
        (1, {"title_zh": "规划\u200b"}, r"U\+200B"),
        (1, {"file": "../../etc/hostname"}, "must be a path inside raw/"),
        (1, {"file": "/etc/hostname"}, "must be a path inside raw/"),
        (1, {"file": "MANIFEST.csv"}, "may not be the manifest itself"),
        (1, {"kind": "pdf"}, "kind 'pdf' must be one of"),
        (1, {"sha256": "xyz"}, "must be 64 lowercase hex digits"),
        (1, {"expected_rows": "lots"}, "expected_rows 'lots' must read like"),
    ],
)
def test_bad_rows_name_their_line(raw_copy, row, values, message):
    manifest = _edit(raw_copy, row, **values)
    with pytest.raises(SourceError, match=message) as exc:
        read_manifest(manifest)
    assert exc.value.file == "MANIFEST.csv" and exc.value.line == row + 2, str(exc.value)


def test_a_row_with_an_extra_field_names_its_line(raw_copy):
    manifest = raw_copy / "MANIFEST.csv"
    lines = manifest.read_text(encoding="utf-8").split("\n")
    lines[3] += ",surplus"
    manifest.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(SourceError, match=r"MANIFEST.csv:4: row has 14 fields but the header has 13"):
        read_manifest(manifest)


def test_a_row_with_a_missing_field_names_its_line(raw_copy):
    manifest = raw_copy / "MANIFEST.csv"
    lines = manifest.read_text(encoding="utf-8").split("\n")
    lines[2] = lines[2].rsplit(",", 1)[0]
    manifest.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(SourceError, match=r"MANIFEST.csv:3: row has 12 fields"):
        read_manifest(manifest)


def test_a_line_separator_does_not_split_a_row(raw_copy):
    """U+2028 inside a quoted field: the row stays one row and is refused at its line."""
    manifest = _edit(raw_copy, 2, layout="Word export\u2028second line")
    with pytest.raises(SourceError) as exc:
        read_manifest(manifest)
    assert exc.value.line == 4 and "U+2028" in str(exc.value)


def test_a_missing_kind_column_is_named(raw_copy):
    manifest = raw_copy / "MANIFEST.csv"
    rows = _rows(manifest)
    buf = io.StringIO()
    w = csv.DictWriter(
        buf, fieldnames=list(MANIFEST_COLUMNS[:11]), lineterminator="\n", extrasaction="ignore"
    )
    w.writeheader()
    w.writerows(rows)
    manifest.write_text(buf.getvalue(), encoding="utf-8")
    with pytest.raises(SourceError, match=r"MANIFEST.csv:1: missing columns \['kind'\]"):
        read_manifest(manifest)


def test_a_symlink_out_of_raw_is_refused(raw_copy, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("专栏1 外部\n", encoding="utf-8")
    (raw_copy / "link.txt").symlink_to(outside)
    manifest = _edit(raw_copy, 1, file="link.txt")
    with pytest.raises(SourceError, match="resolves outside raw/") as exc:
        read_manifest(manifest)
    assert exc.value.line == 3


def test_a_symlink_inside_raw_is_read(raw_copy):
    (raw_copy / "sub").mkdir()
    os.replace(raw_copy / "bishan_eco_14th_fyp.txt", raw_copy / "sub" / "bishan.txt")
    (raw_copy / "bishan_eco_14th_fyp.txt").symlink_to(raw_copy / "sub" / "bishan.txt")
    assert len(read_manifest(raw_copy / "MANIFEST.csv")) == 7


def test_every_kind_is_accepted(raw_copy):
    """`facts` (a CSV of secondary facts) supplements a plan's region: the region may repeat."""
    manifest = raw_copy / "MANIFEST.csv"
    rows = _rows(manifest)
    facts = raw_copy / "facts.csv"
    facts.write_text("region,indicator_name_zh\nchongqing,森林覆盖率\n", encoding="utf-8")
    import hashlib

    rows.append(
        {
            **rows[4],
            "file": "facts.csv",
            "kind": "facts",
            "expected_rows": "",
            "sha256": hashlib.sha256(facts.read_bytes()).hexdigest(),
        }
    )
    _write(manifest, rows)
    sources = read_manifest(manifest)
    assert {s.kind for s in sources} == set(KINDS)


def test_expected_rows_parse():
    assert parse_expected("13th/专栏1=23;14th/表2-1=21") == {"13th/专栏1": 23, "14th/表2-1": 21}
    assert parse_expected("") == {}


def test_an_official_address_is_read_and_an_older_manifest_without_it_still_loads(raw_copy):
    assert all(s.source_url == "" for s in read_manifest(raw_copy / "MANIFEST.csv"))
    manifest = _edit(raw_copy, 1, source_url="https://example.org/bishan-plan.html")
    sources = read_manifest(manifest)
    assert [s.source_url for s in sources[:3]] == ["", "https://example.org/bishan-plan.html", ""]


@pytest.mark.parametrize("url", ["www.example.org/plan", "https://example.org/a plan", "ftp://example.org/x"])
def test_an_official_address_that_is_no_web_address_is_refused_at_its_line(raw_copy, url):
    manifest = _edit(raw_copy, 1, source_url=url)
    with pytest.raises(SourceError, match=r"MANIFEST.csv:3: source_url .* must be an address"):
        read_manifest(manifest)


def test_the_schema_is_a_table_schema_that_frictionless_checks_the_real_manifest_with():
    """The descriptor is valid Table Schema, and frictionless's own whole-table validation
    (types, constraints, unique columns) passes on the real manifest."""
    import frictionless

    from compare import paths
    from compare.ingest.sources import schema_descriptor

    assert frictionless.Schema.validate_descriptor(schema_descriptor()).valid
    schema = frictionless.Schema.from_descriptor(schema_descriptor())
    sync = frictionless.Detector(schema_sync=True)  # a column that may be absent (table_map) is
    resource = frictionless.Resource(
        path="MANIFEST.csv", basepath=str(paths.RAW), schema=schema, detector=sync
    )
    report = frictionless.validate(resource)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert set(REQUIRED_COLUMNS) <= {f.name for f in resource.schema.fields} <= set(MANIFEST_COLUMNS)


@pytest.mark.parametrize(
    "field, value",
    [
        ("region", "Bi Shan"),
        ("level", "county"),
        ("sha256", "xyz"),
        ("issued", "2021-02-30"),
        ("name_en", ""),
    ],
)
def test_frictionless_and_the_reader_agree_on_a_bad_cell(raw_copy, field, value):
    import frictionless

    from compare.ingest.sources import schema_descriptor

    manifest = _edit(raw_copy, 1, **{field: value})
    with pytest.raises(SourceError) as exc:
        read_manifest(manifest)
    assert exc.value.line == 3 and field in exc.value.reason
    schema = frictionless.Schema.from_descriptor(schema_descriptor())
    report = frictionless.validate(
        frictionless.Resource(path=manifest.name, basepath=str(raw_copy), schema=schema)
    )
    assert report.flatten(["rowNumber", "fieldName"]) == [[3, field]]


def test_a_header_only_manifest_is_a_project_without_documents(tmp_path):
    manifest = tmp_path / "MANIFEST.csv"
    manifest.write_text(",".join(MANIFEST_COLUMNS) + "\n", encoding="utf-8")
    assert read_manifest(manifest) == []
