"""The normalised table for readers outside Python: an Excel workbook and a data package.

`write_exports` writes, next to each other in one folder:

- ``indicators.xlsx``: sheets ``14th`` and ``13th`` (the district tables, one per plan
  period), ``municipal`` (the municipal targets mined from the prose; period 14th, kept
  apart because they come from sentences, not from a table) and ``codebook``. Every sheet
  has two header rows, Chinese then English, so a reader of either language can filter.
- ``indicators.csv``: the table exactly as `build.to_csv_bytes` prints it;
- ``codebook.csv``: a byte copy of the codebook the ids come from;
- ``datapackage.json``: a Frictionless data package describing both CSVs (types,
  descriptions from the data contract, primary key region/period/table/row, foreign key
  indicator_id -> codebook, byte size and sha256 of each file).

All files are written atomically and deterministically: the workbook has fixed document
properties and fixed zip timestamps, so the same table gives the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import math
import zipfile
from pathlib import Path

import pandas as pd

from .. import paths
from ..files import write_bytes
from .build import BOOL_COLUMNS, COLUMNS, FLOAT_COLUMNS, INT_COLUMNS, KEY, to_csv_bytes
from .codebook import DIRECTIONS, MEASURES, load_codebook

# column -> (Chinese header, English header, description). Descriptions follow the data
# contract (CONTRACT.md section 2) and, for the extensions, build.EXTENSION_COLUMNS.
FIELDS: dict[str, tuple[str, str, str]] = {
    "region": (
        "地区",
        "Region",
        "Region id: kaizhou, bishan, tongnan, qianjiang, chongqing (and any added district).",
    ),
    "region_name_zh": ("地区名称", "Region name (zh)", "Region name in Chinese, from the manifest."),
    "region_name_en": ("地区英文名", "Region name (en)", "Region name in English, from the manifest."),
    "adcode": ("行政区划代码", "Adcode", "Six-digit administrative division code, from the manifest."),
    "level": ("行政级别", "Level", "district or municipal, from the manifest."),
    "period": (
        "规划期",
        "Plan period",
        "14th (14th-FYP target tables and the prose targets) or 13th (13th-FYP completion tables).",
    ),
    "table": ("表号", "Table", "Table label as printed (专栏2, 表2-1) or prose."),
    "seq": ("序号", "Row number", "Row number as printed (string)."),
    "parent_seq": ("上级序号", "Parent row number", "The parent's row number for sub-rows (e.g. 其中：…)."),
    "category_zh": (
        "类别",
        "Category",
        "The category cell that applies to the row (merged cells filled down).",
    ),
    "domain": ("领域", "Domain", "Canonical domain id from the codebook."),
    "indicator_id": (
        "指标代码",
        "Indicator id",
        "Canonical id from the codebook; the same id for the same concept in every plan.",
    ),
    "indicator_name_zh": (
        "指标名称（原文）",
        "Indicator name as printed",
        "The name as printed, whitespace removed.",
    ),
    "indicator_name_en": ("指标英文名", "Indicator name (en)", "English name from the codebook."),
    "unit": ("单位", "Unit", "Normalised unit (%, 天, μg/m3, 万亩, 平方公里, …)."),
    "attribute": ("指标属性", "Attribute", "binding (约束性), expected (预期性), or empty."),
    "baseline_year": ("基准年", "Baseline year", "Year of the baseline value, e.g. 2020."),
    "baseline_raw": ("基准值（原文）", "Baseline as printed", "The baseline cell as printed, e.g. [19.5]."),
    "baseline_value": (
        "基准值",
        "Baseline value",
        "The baseline number, e.g. 19.5; empty when the cell holds no number.",
    ),
    "target_year": ("目标年", "Target year", "Year of the target, e.g. 2025."),
    "target_raw": ("目标值（原文）", "Target as printed", "The target cell as printed, e.g. ≥310."),
    "target_value": (
        "目标值",
        "Target value",
        "The target number, e.g. 310; empty when the cell holds no number.",
    ),
    "target_operator": (
        "目标运算符",
        "Target operator",
        "=, >=, <=, >, <, ~, or empty when there is no number.",
    ),
    "target_kind": (
        "目标类型",
        "Target kind",
        "numeric, maintain, assigned (set by a higher level), qualitative, class, none.",
    ),
    "achieved_raw": (
        "完成值（原文）",
        "Achieved as printed",
        "13th-FYP completion value as printed; empty for 14th.",
    ),
    "achieved_value": (
        "完成值",
        "Achieved value",
        "13th-FYP completion number; empty for 14th or when the cell holds no number.",
    ),
    "cumulative": (
        "五年累计",
        "Cumulative",
        "True where a value is a five-year cumulative figure ([ ], 〔 〕).",
    ),
    "provisional": ("暂定值", "Provisional", "True where marked * (final value set by a higher level)."),
    "note_zh": ("备注", "Note", "The 备注 cell / table note that applies."),
    "source_file": ("来源文件", "Source file", "The raw file the row comes from."),
    "source_line": ("来源行", "Source line", "1-based line of the indicator name in the raw file."),
    "row": (
        "表内行号",
        "Row in table",
        "1-based position of the row in its table: with region, period and table, the key.",
    ),
    "parent_name_zh": (
        "上级指标名称",
        "Parent name as printed",
        "Printed name of the parent row / group cell for sub-rows.",
    ),
    "baseline_operator": (
        "基准值运算符",
        "Baseline operator",
        "Operator of the baseline number (as target_operator).",
    ),
    "baseline_kind": ("基准值类型", "Baseline kind", "Kind of the baseline cell (as target_kind)."),
    "achieved_operator": (
        "完成值运算符",
        "Achieved operator",
        "Operator of the achieved number; empty for 14th.",
    ),
    "achieved_kind": ("完成值类型", "Achieved kind", "Kind of the achieved cell; empty for 14th."),
    "cumulative_cells": (
        "累计值单元格",
        "Cumulative cells",
        "Which cells are five-year cumulative: baseline, target, achieved (comma-separated).",
    ),
    "footnote": ("脚注标记", "Footnote marks", "Footnote marks in the value cells, comma-separated."),
    "status_zh": (
        "完成情况",
        "Status",
        "A 13th-FYP table's 完成情况 column where it is separate from the value.",
    ),
    "realigned": ("重新对齐", "Realigned", "True where a web-copy row's cells were re-aligned from context."),
}
CODEBOOK_FIELDS: dict[str, tuple[str, str, str]] = {
    "indicator_id": ("指标代码", "Indicator id", "Canonical indicator id."),
    "domain": ("领域", "Domain", "Canonical domain id."),
    "name_zh": ("指标名称", "Name (zh)", "Canonical Chinese name."),
    "name_en": ("指标英文名", "Name (en)", "English name."),
    "unit": ("单位", "Unit", "Default unit of the indicator."),
    "direction": ("方向", "Direction", "higher_is_better, lower_is_better or neutral."),
    "sdg": ("可持续发展目标", "SDG", "Related SDG indicator, e.g. 15.1.1."),
    "limit": ("上限", "Limit", "Upper bound of the indicator's scale (e.g. 100 for a share), if any."),
    "measure": (
        "计量方式",
        "Measure",
        "level (a state at a point in time) or flow (an amount over the plan period, "
        "e.g. reductions, increments).",
    ),
    "synonyms": (
        "同义名称",
        "Synonyms",
        "Printed names (|-separated; * wildcards, parent/child qualified) that map onto the id.",
    ),
}
ENUMS = {
    "level": ["district", "municipal"],
    "period": ["14th", "13th"],
    "attribute": ["binding", "expected"],
    "target_operator": ["=", ">=", "<=", ">", "<", "~"],
    "baseline_operator": ["=", ">=", "<=", ">", "<", "~"],
    "achieved_operator": ["=", ">=", "<=", ">", "<", "~"],
    "target_kind": ["numeric", "maintain", "assigned", "qualitative", "class", "none"],
    "baseline_kind": ["numeric", "maintain", "assigned", "qualitative", "class", "none"],
    "achieved_kind": ["numeric", "maintain", "assigned", "qualitative", "class", "none"],
}
SHEETS = ("14th", "13th", "municipal", "codebook")
#: Fixed document date: the workbook's bytes depend on the data only.
FIXED_DATE = dt.datetime(2021, 1, 1)
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


# --------------------------------------------------------------------------- workbook


def _cell(value: object) -> object:
    """A pandas/numpy scalar as a plain Python value; missing as an empty cell."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
        if isinstance(value, float) and math.isnan(value):
            return None
    return value


def _sheet(wb, title: str, frame: pd.DataFrame, fields: dict[str, tuple[str, str, str]]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    columns = list(frame.columns)
    ws.append([fields[c][0] for c in columns])
    ws.append([fields[c][1] for c in columns])
    for row in frame.itertuples(index=False, name=None):
        ws.append([_cell(v) for v in row])
    bold = Font(bold=True)
    for cell in (*ws[1], *ws[2]):
        cell.font = bold
    ws.freeze_panes = "A3"
    if columns:
        ws.auto_filter.ref = f"A2:{get_column_letter(len(columns))}{max(ws.max_row, 2)}"
    for k, c in enumerate(columns, start=1):
        width = 36 if c.endswith(("_zh", "_en", "synonyms")) and c != "level" else 14
        ws.column_dimensions[get_column_letter(k)].width = width


def _codebook_fields(columns: list[str]) -> dict[str, tuple[str, str, str]]:
    """Headers and descriptions of the codebook's columns (a new column gets its name)."""
    return {c: CODEBOOK_FIELDS.get(c, (c, c, f"Codebook column {c}.")) for c in columns}


def _codebook_frame(codebook_path: Path) -> pd.DataFrame:
    """The codebook as its CSV holds it (validated first), `limit` as a number."""
    return load_codebook(codebook_path).frame()  # validated with the same checks as the build


def workbook_bytes(df: pd.DataFrame, codebook_path: Path = paths.CODEBOOK) -> bytes:
    """The workbook, byte-stable for a given table (fixed properties and zip timestamps)."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"table lacks columns {missing}")
    df = df[COLUMNS]
    prose = df["table"] == "prose"
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, "14th", df[(df["period"] == "14th") & ~prose], FIELDS)
    _sheet(wb, "13th", df[(df["period"] == "13th") & ~prose], FIELDS)
    _sheet(wb, "municipal", df[prose], FIELDS)
    codebook = _codebook_frame(codebook_path)
    _sheet(wb, "codebook", codebook, _codebook_fields(list(codebook.columns)))
    props = wb.properties
    props.creator = "compare"
    props.title = "Chongqing eco-environmental 14th-FYP indicators"
    props.created = props.modified = FIXED_DATE
    props.lastModifiedBy = None
    raw = io.BytesIO()
    # ExcelWriter directly: openpyxl's save_workbook would stamp `modified` with the clock
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).save()
    return _stable_zip(raw.getvalue())


def _stable_zip(data: bytes) -> bytes:
    """Re-pack a zip with every entry dated 1980-01-01 (zip stores local wall-clock times)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


# --------------------------------------------------------------------------- data package


def _field(name: str, meta: tuple[str, str, str], kind: str) -> dict:
    field: dict = {"name": name, "title": f"{meta[1]} / {meta[0]}", "description": meta[2], "type": kind}
    if kind == "boolean":
        field["trueValues"], field["falseValues"] = ["true"], ["false"]
    constraints: dict = {}
    if name in ENUMS:
        constraints["enum"] = ENUMS[name]
    if name == "adcode":
        constraints["pattern"] = r"\d{6}"
    if name in ("source_line", "row"):
        constraints["minimum"] = 1
    if name in (
        "region",
        "period",
        "table",
        "indicator_id",
        "indicator_name_zh",
        "source_file",
        "source_line",
        "row",
        "level",
        "adcode",
    ):
        constraints["required"] = True
    if constraints:
        field["constraints"] = constraints
    return field


def _indicator_schema() -> dict:
    def kind(c: str) -> str:
        return (
            "number"
            if c in FLOAT_COLUMNS
            else "integer"
            if c in INT_COLUMNS
            else "boolean"
            if c in BOOL_COLUMNS
            else "string"
        )

    return {
        "fields": [_field(c, FIELDS[c], kind(c)) for c in COLUMNS],
        "missingValues": [""],
        "primaryKey": list(KEY),
        "foreignKeys": [
            {"fields": ["indicator_id"], "reference": {"resource": "codebook", "fields": ["indicator_id"]}}
        ],
    }


def _codebook_schema(columns: list[str]) -> dict:
    fields = []
    meta = _codebook_fields(columns)
    for c in columns:
        f = _field(c, meta[c], "number" if c == "limit" else "string")
        if c == "indicator_id":
            f["constraints"] = {"required": True, "pattern": "[a-z][a-z0-9_]*"}
        if c == "direction":
            f["constraints"] = {"required": True, "enum": list(DIRECTIONS)}
        if c == "measure" and MEASURES:
            f["constraints"] = {"required": True, "enum": list(MEASURES)}
        fields.append(f)
    return {"fields": fields, "missingValues": [""], "primaryKey": ["indicator_id"]}


def _resource(name: str, path: str, data: bytes, title: str, description: str, schema: dict) -> dict:
    return {
        "name": name,
        "type": "table",
        "path": path,
        "title": title,
        "description": description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(data),
        "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
        "schema": schema,
    }


def datapackage(csv_bytes: bytes, codebook_bytes: bytes) -> dict:
    """The Frictionless descriptor of indicators.csv and codebook.csv (given their bytes)."""
    header = codebook_bytes.decode("utf-8-sig").splitlines()[0]
    codebook_columns = next(csv.reader([header]))
    return {
        "name": "chongqing-eco-fyp-indicators",
        "title": "Indicators of Chongqing's district eco-environmental 14th Five-Year Plans",
        "description": (
            "One row per indicator row of every indicator table in every plan (14th-FYP "
            "targets, 13th-FYP completion) plus the municipal targets mined from the prose; "
            "indicator ids from the codebook. Values are never invented: a cell without a "
            "number has an empty value and keeps its text in the *_raw column."
        ),
        "resources": [
            _resource(
                "indicators",
                "indicators.csv",
                csv_bytes,
                "Normalised indicator table",
                "data/processed/indicators.csv, as written by `python -m compare build`.",
                _indicator_schema(),
            ),
            _resource(
                "codebook",
                "codebook.csv",
                codebook_bytes,
                "Indicator codebook",
                "A copy of data/codebook/indicators.csv: one row per indicator concept.",
                _codebook_schema(codebook_columns),
            ),
        ],
    }


# --------------------------------------------------------------------------- entry point


def write_exports(
    df: pd.DataFrame, codebook_path: Path = paths.CODEBOOK, out_dir: Path = paths.PROCESSED
) -> dict[str, Path]:
    """Write indicators.xlsx, indicators.csv, codebook.csv and datapackage.json to `out_dir`.

    Everything is serialised in memory first, then each file replaced atomically, so a
    failure leaves the previous exports intact. Returns the written paths by file name.
    """
    out_dir = Path(out_dir)
    csv_bytes = to_csv_bytes(df[COLUMNS])
    codebook_bytes = Path(codebook_path).read_bytes()
    xlsx = workbook_bytes(df, codebook_path)
    package = json.dumps(datapackage(csv_bytes, codebook_bytes), ensure_ascii=False, indent=2) + "\n"
    files = {
        "indicators.xlsx": xlsx,
        "indicators.csv": csv_bytes,
        "codebook.csv": codebook_bytes,
        "datapackage.json": package.encode("utf-8"),
    }
    written = {}
    for name, data in files.items():
        write_bytes(out_dir / name, data)
        written[name] = out_dir / name
    return written
