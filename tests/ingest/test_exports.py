"""The exports: a Frictionless package that validates, and a workbook with two header rows."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import frictionless
import openpyxl
import pytest

from compare import paths
from compare.ingest import exports
from compare.ingest.build import COLUMNS, KEY
from compare.ingest.codebook import load_codebook
from compare.ingest.columns import meta
from compare.ingest.serialise import to_csv_bytes


@pytest.fixture(scope="module")
def exported(table, tmp_path_factory) -> dict[str, Path]:
    return exports.write_exports(table, paths.CODEBOOK, tmp_path_factory.mktemp("exports"))


def _errors(report) -> list:
    return report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_datapackage_validates(exported):
    report = frictionless.validate(str(exported["datapackage.json"]))
    assert report.valid, _errors(report)


def test_datapackage_describes_the_contract(exported, table):
    package = json.loads(exported["datapackage.json"].read_text(encoding="utf-8"))
    indicators, codebook = package["resources"]
    assert (indicators["path"], codebook["path"]) == ("indicators.csv", "codebook.csv")
    schema = indicators["schema"]
    assert [f["name"] for f in schema["fields"]] == COLUMNS
    assert all(f["description"] and f["title"] for f in schema["fields"])
    types = {f["name"]: f["type"] for f in schema["fields"]}
    assert types["target_value"] == "number" and types["source_line"] == "integer"
    assert types["cumulative"] == "boolean" and types["region"] == "string"
    assert schema["primaryKey"] == KEY == ["region", "period", "table", "row"]
    assert schema["foreignKeys"] == [
        {"fields": ["indicator_id"], "reference": {"resource": "codebook", "fields": ["indicator_id"]}}
    ]
    assert codebook["schema"]["primaryKey"] == ["indicator_id"]
    assert exported["indicators.csv"].read_bytes() == to_csv_bytes(table)
    assert exported["codebook.csv"].read_bytes() == paths.CODEBOOK.read_bytes()


@pytest.mark.parametrize(
    "breakage, error",
    [
        (
            lambda df: df.__setitem__("indicator_id", df["indicator_id"].where(df.index != 0, "no_such_id")),
            "foreign-key",
        ),
        (lambda df: df.__setitem__("row", df["row"].where(df.index != 1, df.loc[0, "row"])), "primary-key"),
    ],
)
def test_datapackage_catches_broken_keys(table, tmp_path, breakage, error):
    """The keys are real constraints: a bad id or a duplicate key fails validation."""
    df = table.copy()
    breakage(df)
    written = exports.write_exports(df, paths.CODEBOOK, tmp_path)
    report = frictionless.validate(str(written["datapackage.json"]))
    assert not report.valid
    assert error in {e[2] for e in report.flatten(["rowNumber", "fieldName", "type"])}


def test_workbook_sheets_headers_and_rows(exported, table):
    wb = openpyxl.load_workbook(exported["indicators.xlsx"], read_only=True)
    assert wb.sheetnames == ["14th", "13th", "municipal", "codebook"]
    prose = table["table"].isin(["prose", "facts"])
    expected_rows = {
        "14th": int(((table["period"] == "14th") & ~prose).sum()),
        "13th": int(((table["period"] == "13th") & ~prose).sum()),
        "municipal": int(prose.sum()),
        "codebook": len(load_codebook(paths.CODEBOOK).entries),
    }
    assert sum(expected_rows[s] for s in ("14th", "13th", "municipal")) == len(table)
    for name in ("14th", "13th", "municipal"):
        rows = list(wb[name].iter_rows(values_only=True))
        assert list(rows[0]) == [meta()[c].label_zh for c in COLUMNS], name
        assert list(rows[1]) == [meta()[c].label_en for c in COLUMNS], name
        assert len(rows) - 2 == expected_rows[name], name
    cb = list(wb["codebook"].iter_rows(values_only=True))
    assert cb[0][0] == "指标代码" and cb[1][0] == "Indicator id"
    assert len(cb) - 2 == expected_rows["codebook"]


def test_workbook_cells_are_typed(exported, table):
    wb = openpyxl.load_workbook(exported["indicators.xlsx"], read_only=True)
    rows = list(wb["14th"].iter_rows(values_only=True))
    col = {c: k for k, c in enumerate(COLUMNS)}
    data = rows[2:]
    assert all(r[col["source_line"]] >= 1 and isinstance(r[col["source_line"]], int) for r in data)
    assert all(isinstance(r[col["cumulative"]], bool) for r in data)
    values = [r[col["target_value"]] for r in data]
    assert any(isinstance(v, float) for v in values) and None in values  # numbers, empty when none
    first = table[(table["period"] == "14th") & (table["table"] != "prose")].iloc[0]
    assert data[0][col["region"]] == first["region"]
    assert data[0][col["indicator_id"]] == first["indicator_id"]


def test_exports_are_deterministic(exported, table, tmp_path):
    again = exports.write_exports(table, paths.CODEBOOK, tmp_path)
    for name, path in exported.items():
        assert again[name].read_bytes() == path.read_bytes(), name
    with zipfile.ZipFile(exported["indicators.xlsx"]) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert "2021-01-01T00:00:00Z" in core


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if not p.name.startswith(".")}


def test_failed_export_leaves_previous_files(table, tmp_path, monkeypatch):
    exports.write_exports(table, paths.CODEBOOK, tmp_path)
    before = _files(tmp_path)

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(exports, "workbook_bytes", boom)
    with pytest.raises(RuntimeError):
        exports.write_exports(table.head(3), paths.CODEBOOK, tmp_path)
    assert _files(tmp_path) == before


# --------------------------------------------------------------------------- formula injection

PAYLOADS = ['=HYPERLINK("http://example.invalid","x")', "+1+2", "-2+3", "@SUM(A1)", "\t=1"]


def test_formula_payloads_stay_text(table, tmp_path):
    """A printed name or cell that begins like a formula is text in the workbook (string
    type, quote prefix) and prefixed with ' in the spreadsheet CSV; indicators.csv keeps it."""
    df = table.copy()
    df.loc[: len(PAYLOADS) - 1, "indicator_name_zh"] = PAYLOADS
    written = exports.write_exports(df, paths.CODEBOOK, tmp_path)
    with zipfile.ZipFile(written["indicators.xlsx"]) as z:
        sheets = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in sheets  # no formula anywhere
    wb = openpyxl.load_workbook(written["indicators.xlsx"])
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value in PAYLOADS]
    assert len(cells) == len(PAYLOADS)
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    sheet_csv = written["indicators.spreadsheet.csv"].read_bytes()
    assert sheet_csv.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(sheet_csv.decode("utf-8-sig"), newline="")))
    names = [r[rows[0].index("indicator_name_zh")] for r in rows[1:]]
    assert names[: len(PAYLOADS)] == ["'" + p for p in PAYLOADS]
    assert all(not n.startswith(exports.FORMULA_START) for n in names)
    assert written["indicators.csv"].read_bytes() == to_csv_bytes(df)  # the data is unchanged


def test_cells_starting_with_a_dash_are_text_in_the_workbook(exported):
    """'-' (no figure) is a real cell value that Excel would read as the start of a formula."""
    wb = openpyxl.load_workbook(exported["indicators.xlsx"])
    dashes = [c for row in wb["14th"].iter_rows(min_row=3) for c in row if c.value == "-"]
    assert dashes and all(c.data_type == "s" and c.quotePrefix for c in dashes)
