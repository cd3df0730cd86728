"""Bad input: one clear line naming the file (and line), a non-zero exit, and the
previous processed table left byte-for-byte intact."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from compare.ingest.sources import sha256_of
from in_process import compare

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture()
def project_with_old_table(project_copy: Path) -> Path:
    """`project_copy` with a previous table in data/processed that a refused build must keep."""
    processed = project_copy / "data" / "processed"
    processed.mkdir(parents=True)
    (processed / "indicators.csv").write_text("previous table\n", encoding="utf-8")
    (processed / "indicators.parquet").write_bytes(b"previous parquet")
    return project_copy


def rewrite_manifest_sha(root: Path, file: str) -> None:
    manifest = root / "data" / "raw" / "MANIFEST.csv"
    rows = list(csv.DictReader(manifest.open(encoding="utf-8")))
    for r in rows:
        if r["file"] == file:
            r["sha256"] = sha256_of(root / "data" / "raw" / file)
    with manifest.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def test_good_input_replaces_the_previous_table(project_with_old_table):
    result = compare(project_with_old_table, "build")
    assert result.returncode == 0, result.stderr
    assert "230" in result.stdout
    assert (
        (project_with_old_table / "data/processed/indicators.csv")
        .read_text(encoding="utf-8")
        .startswith("region,")
    )


def test_checksum_mismatch_names_the_file(project_with_old_table, assert_build_refused):
    doc = project_with_old_table / "data/raw/bishan_eco_14th_fyp.txt"
    doc.write_bytes(doc.read_bytes().replace("森林覆盖率".encode(), "森林覆盖度".encode(), 1))
    assert_build_refused(
        project_with_old_table, r"bishan_eco_14th_fyp\.txt: sha256 \w+… does not match the manifest"
    )


def test_missing_file_names_the_file(project_with_old_table, assert_build_refused):
    (project_with_old_table / "data/raw/tongnan_eco_14th_fyp.txt").unlink()
    assert_build_refused(
        project_with_old_table, r"tongnan_eco_14th_fyp\.txt: file listed in the manifest is missing"
    )


def test_empty_file_names_the_file(project_with_old_table, assert_build_refused):
    (project_with_old_table / "data/raw/kaizhou_eco_14th_fyp.txt").write_bytes(b"")
    assert_build_refused(project_with_old_table, r"kaizhou_eco_14th_fyp\.txt: file is empty")


def test_non_utf8_file_names_file_and_line(project_with_old_table, assert_build_refused):
    doc = project_with_old_table / "data/raw/kaizhou_eco_14th_fyp.txt"
    doc.write_bytes(doc.read_text(encoding="utf-8").encode("gb18030"))
    rewrite_manifest_sha(project_with_old_table, doc.name)
    assert_build_refused(project_with_old_table, r"kaizhou_eco_14th_fyp\.txt:1: not valid UTF-8")


def test_unrecognised_header_names_file_and_line(project_with_old_table, assert_build_refused):
    doc = project_with_old_table / "data/raw/tongnan_eco_14th_fyp.txt"
    text = doc.read_text(encoding="utf-8").replace("\t单位\n", "\t计量\n", 1)
    doc.write_text(text, encoding="utf-8")
    rewrite_manifest_sha(project_with_old_table, doc.name)
    assert_build_refused(
        project_with_old_table, r"tongnan_eco_14th_fyp\.txt:224: 专栏2: header cell '计量' not recognised"
    )


def test_row_that_cannot_be_realigned_names_file_and_line(project_with_old_table, assert_build_refused):
    doc = project_with_old_table / "data/raw/kaizhou_eco_14th_fyp.txt"
    lines = doc.read_text(encoding="utf-8").split("\n")
    assert lines[285] == "\t55"  # kaizhou_eco_14th_fyp.txt:286, forest cover baseline
    lines[285:286] = ["\t55", "\t56", "\t56.5"]
    doc.write_text("\n".join(lines), encoding="utf-8")
    rewrite_manifest_sha(project_with_old_table, doc.name)
    assert_build_refused(
        project_with_old_table, r"kaizhou_eco_14th_fyp\.txt:282: 专栏2: row has 9 cells but the header has 7"
    )


def test_unmapped_name_names_file_and_line(project_with_old_table, assert_build_refused):
    doc = project_with_old_table / "data/raw/qianjiang_eco_14th_fyp.txt"
    text = doc.read_text(encoding="utf-8").replace("水功能区", "水功能区", 1)
    text = text.replace("森林覆盖率(%)\n\n约束性", "森林健康指数(%)\n\n约束性", 1)
    doc.write_text(text, encoding="utf-8")
    rewrite_manifest_sha(project_with_old_table, doc.name)
    assert_build_refused(
        project_with_old_table,
        r"qianjiang_eco_14th_fyp\.txt:536: indicator name '森林健康指数\(%\)' is not in the codebook",
    )
