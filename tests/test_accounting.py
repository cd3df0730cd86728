"""Never silent: every source accounted for, a parse report per build, nothing lost.

The parse report of the five plans is pinned here; the attacks of issue 16 (a plan cut at
a row boundary with its checksum updated, a registered document without tables, a
manifest row with an extra field) each end in one clear line and a previous table left
as it was.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from compare.errors import SourceError
from compare.ingest.build import REPORT_COLUMNS, build_table, report_line
from compare.ingest.sources import sha256_of
from in_process import compare

# The parse report of the five plans and the facts source: tables, rows, cells by kind, the
# notes printed under each table (split into clauses) and how many of them reach a row.
REPORT = {
    "kaizhou_eco_14th_fyp.txt": ("tables", 2, "13th/专栏1=23;14th/专栏2=22", 45, 81, 0, 13, 3, 0, 16, 7, 7),
    "bishan_eco_14th_fyp.txt": ("tables", 2, "13th/专栏1=23;14th/专栏2=24", 47, 48, 0, 16, 4, 12, 37, 9, 9),
    "tongnan_eco_14th_fyp.txt": ("tables", 2, "13th/专栏1=27;14th/专栏2=23", 50, 77, 2, 2, 1, 0, 41, 3, 3),
    "qianjiang_eco_14th_fyp.txt": ("tables", 2, "13th/专栏1=21;14th/表2-1=21", 42, 55, 2, 9, 4, 2, 33, 4, 4),
    # the prose targets, then the 2020 values its review of the 13th FYP states
    "chongqing_eco_14th_fyp.txt": ("prose", 0, "14th/prose=28;13th/prose=12", 40, 41, 0, 0, 0, 0, 51, 0, 0),
    # the supplementary core targets (secondary)
    "chongqing_2025_core_targets.csv": ("facts", 0, "14th/facts=6", 6, 4, 0, 2, 0, 0, 6, 0, 0),
    # observed outcomes: their own table (observations.csv), not rows of the indicator table
    "observed_2020_2025.csv": ("observations", 0, "14th/observations=72", 72, 0, 0, 0, 0, 0, 0, 0, 0),
}
FIELDS = (
    "kind",
    "tables",
    "table_rows",
    "rows",
    "cells_numeric",
    "cells_maintain",
    "cells_assigned",
    "cells_qualitative",
    "cells_class",
    "cells_none",
    "notes",
    "notes_attached",
)


def test_parse_report_of_the_five_plans():
    result = build_table()
    got = {r["file"]: tuple(r[f] for f in FIELDS) for r in result.report}
    assert got == REPORT
    assert all(r["unknown_names"] == 0 and r["cells_range"] == 0 for r in result.report)
    table_rows = [r["rows"] for r in result.report if r["kind"] != "observations"]
    assert sum(table_rows) == len(result.table) == 230
    assert sum(r["rows"] for r in result.report if r["kind"] == "observations") == len(result.observations)
    realigned = {r["file"]: r["realigned"] for r in result.report}
    assert realigned["qianjiang_eco_14th_fyp.txt"] == int(result.table["realigned"].sum()) > 0
    tongnan = next(r for r in result.report if r["file"].startswith("tongnan"))
    assert tongnan["notices"] == ""  # its numbering (12, 13 on a sub-row, 14) runs on
    line = report_line(next(r for r in result.report if r["file"].startswith("kaizhou")))
    assert line.startswith(
        "kaizhou_eco_14th_fyp.txt: 2 tables (13th/专栏1=23;14th/专栏2=22), 45 rows; cells 81 numeric"
    )


def rewrite_sha(root: Path, file: str) -> None:
    manifest = root / "data/raw/MANIFEST.csv"
    rows = list(csv.DictReader(manifest.open(encoding="utf-8")))
    for r in rows:
        if r["file"] == file:
            r["sha256"] = sha256_of(root / "data/raw" / file)
    with manifest.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def test_build_writes_the_parse_report_and_prints_a_line_per_document(project_copy):
    result = compare(project_copy, "build")
    assert result.returncode == 0, result.stderr
    for file in REPORT:
        assert sum(line.startswith(f"{file}: ") for line in result.stdout.splitlines()) == 1
    rows = list(
        csv.DictReader(
            io.StringIO((project_copy / "data/processed/parse_report.csv").read_text(encoding="utf-8"))
        )
    )
    assert list(rows[0]) == REPORT_COLUMNS
    assert {r["file"]: r["table_rows"] for r in rows} == {f: v[2] for f, v in REPORT.items()}


def test_a_plan_cut_at_a_row_boundary_stops_the_build(project_copy, assert_build_refused):
    """Kaizhou cut at line 120 keeps 10 of its 23 13th-plan rows and none of the 14th: its
    checksum updated, the recorded counts still tell."""
    compare(project_copy, "build")
    doc = project_copy / "data/raw/kaizhou_eco_14th_fyp.txt"
    doc.write_text("\n".join(doc.read_text(encoding="utf-8").split("\n")[:120]), encoding="utf-8")
    rewrite_sha(project_copy, doc.name)
    out = assert_build_refused(
        project_copy, r"kaizhou_eco_14th_fyp\.txt: 13th/专栏1 gives 10 rows but MANIFEST\.csv:2 records 23"
    )
    assert "kaizhou_eco_14th_fyp.txt: 1 tables" in out  # its parse-report line shows what it gave


def test_without_a_record_a_truncated_table_still_stops_the_build(project_copy):
    manifest = project_copy / "data/raw/MANIFEST.csv"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace("13th/专栏1=23;14th/专栏2=22", ""), encoding="utf-8"
    )
    doc = project_copy / "data/raw/kaizhou_eco_14th_fyp.txt"
    doc.write_text("\n".join(doc.read_text(encoding="utf-8").split("\n")[:120]), encoding="utf-8")
    rewrite_sha(project_copy, doc.name)
    with pytest.raises(SourceError, match=r"专栏1: the table runs into the end of the file"):
        build_table(manifest, project_copy / "data/codebook/indicators.csv")


def test_a_registered_document_without_tables_stops_the_build(project_copy, assert_build_refused):
    compare(project_copy, "build")
    raw = project_copy / "data/raw"
    (raw / "passwd.txt").write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    with (raw / "MANIFEST.csv").open("a", encoding="utf-8") as fh:
        fh.write(
            f"passwd.txt,wanzhou,万州区,Wanzhou District,500101,district,,,,,{sha256_of(raw / 'passwd.txt')},tables,\n"
        )
    assert_build_refused(project_copy, r"passwd\.txt: no indicator table rows found")


def test_a_manifest_row_with_an_extra_field_leaves_every_file(project_copy, assert_build_refused):
    compare(project_copy, "build")
    manifest = project_copy / "data/raw/MANIFEST.csv"
    lines = manifest.read_text(encoding="utf-8").split("\n")
    lines[2] += ",extra"
    manifest.write_text("\n".join(lines), encoding="utf-8")
    assert_build_refused(
        project_copy, r"^compare: error: MANIFEST\.csv:3: row has 14 fields but the header has 13"
    )


def test_a_path_out_of_raw_is_refused_before_reading(project_copy, assert_build_refused):
    compare(project_copy, "build")
    manifest = project_copy / "data/raw/MANIFEST.csv"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace("tongnan_eco_14th_fyp.txt", "../../../etc/hostname"),
        encoding="utf-8",
    )
    assert_build_refused(
        project_copy, r"MANIFEST\.csv:4: file '\.\./\.\./\.\./etc/hostname' must be a path inside raw/"
    )


def test_the_compared_districts_come_from_the_table(project_copy):
    """A provincial plan registers with its own level and adcode, and stays off the maps;
    the maps' districts are those the table holds."""
    from compare_dev import synth

    corpus = synth.generate(1, project_copy / "synth", seed=2)  # a plan for Wanzhou, registered as Sichuan's
    plan = next(p for p in corpus.parent.glob("*.txt"))
    result = compare(
        project_copy,
        "add-source",
        str(plan),
        "--region",
        "sichuan",
        "--adcode",
        "510000",
        "--level",
        "provincial",
        "--name-zh",
        "四川省",
        "--name-en",
        "Sichuan Province",
    )
    assert result.returncode == 0, result.stderr
    assert compare(project_copy, "build").returncode == 0
    code = (
        "from compare.figures.boundaries import suite_regions, projected; "
        "print(sorted(suite_regions().items())); "
        "print(sorted(r for r in projected().units['region'] if r))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "COMPARE_ROOT": str(project_copy)},
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    districts = (
        "[('bishan', '500120'), ('kaizhou', '500154'), ('qianjiang', '500114'), ('tongnan', '500152')]"
    )
    assert out.stdout.split("\n")[:2] == [districts, "['bishan', 'kaizhou', 'qianjiang', 'tongnan']"]
    report = (project_copy / "data/processed/parse_report.csv").read_text(encoding="utf-8")
    assert "sichuan" in report
