"""The normalised table for readers outside Python: an Excel workbook and a data package.

`write_exports` writes, next to each other in one folder:

- ``indicators.xlsx``: sheets ``14th`` and ``13th`` (the district tables, one per plan
  period), ``municipal`` (the municipal targets mined from the prose; period 14th, kept
  apart because they come from sentences, not from a table) and ``codebook``. Every sheet
  has two header rows, Chinese then English, so a reader of either language can filter.
- ``indicators.csv``: the table exactly as `serialise.to_csv_bytes` prints it;
- ``codebook.csv``: a byte copy of the codebook the ids come from;
- ``datapackage.json``: a Frictionless data package describing both CSVs (types,
  descriptions from the data contract, primary key region/period/table/row, foreign key
  indicator_id -> codebook, byte size and sha256 of each file);
- ``indicators.spreadsheet.csv``: the table for opening in a spreadsheet program (UTF-8
  with a byte-order mark, text that begins with ``= + - @`` or a tab prefixed by ``'``).

Headers, descriptions, types and allowed values all come from `indicators.meta.yml`.

Formula injection: a printed cell or name beginning with ``=``, ``+``, ``-`` or ``@`` is
text, never a formula. In the workbook such cells are stored as strings with Excel's
quote-prefix style (the text is unchanged and Excel will not evaluate it); the
spreadsheet CSV prefixes them with ``'``. ``indicators.csv`` is the contract's data and
keeps every value exactly as printed: import it as text, or open the workbook.

All files are deterministic: the workbook has fixed document properties and fixed zip
timestamps, so the same table gives the same bytes.
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
from typing import Any

import pandas as pd

from .. import paths
from ..files import output_set
from .codebook import DIRECTIONS, MEASURES, load_codebook
from .columns import meta, observations_meta
from .serialise import to_csv_bytes

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
    "city_basis": (
        "市级数值口径",
        "City figure basis",
        "How the municipal plan's figure relates to one district: city_wide (a city-wide level: "
        "context, never a bar), sections (another set of monitoring sections) or each_district "
        "(a requirement every district meets).",
    ),
    "approx_tolerance": (
        "“左右”容差",
        "Tolerance of ~",
        "The band of an approximate figure (~, 左右) in the indicator's unit (percentage points "
        "for shares); empty: an approximate figure does not compare.",
    ),
    "limit_reachable": (
        "上限可达",
        "Limit reachable",
        "yes where the limit is a level a target can reach (100 % treatment), so a share of the "
        "headroom to it is shown; no where it only bounds the arithmetic (100 % forest cover).",
    ),
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


#: First characters that make a spreadsheet cell a formula (or a DDE payload).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: object) -> bool:
    """A string a spreadsheet program would read as a formula: ``=HYPERLINK(…)``, ``-1+2``."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def _fields() -> dict[str, tuple[str, str, str]]:
    """column -> (Chinese header, English header, description), from the metadata file."""
    return {c.name: (c.label_zh, c.label_en, c.description) for c in meta().columns}


def _sheet(wb, title: str, frame: pd.DataFrame, fields: dict[str, tuple[str, str, str]]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    columns = list(frame.columns)
    ws.append([fields[c][0] for c in columns])
    ws.append([fields[c][1] for c in columns])
    for row in frame.itertuples(index=False, name=None):
        ws.append([_cell(v) for v in row])
        for cell in ws[ws.max_row]:
            if is_formula_like(cell.value):  # text, never a formula: string type + quote prefix
                cell.data_type = "s"
                cell.quotePrefix = True
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


def workbook_bytes(
    df: pd.DataFrame, codebook_path: Path | None = None, observed: pd.DataFrame | None = None
) -> bytes:
    """The workbook, byte-stable for a given table (fixed properties and zip timestamps)."""
    codebook_path = paths.project().codebook if codebook_path is None else codebook_path
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    columns = meta().names
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"table lacks columns {missing}")
    df = df[columns]
    fields = _fields()
    prose = df["table"].isin(["prose", "facts"])  # the municipal prose and its secondary facts
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, "14th", df[(df["period"] == "14th") & ~prose], fields)
    _sheet(wb, "13th", df[(df["period"] == "13th") & ~prose], fields)
    _sheet(wb, "municipal", df[prose], fields)
    if observed is not None:
        obs_meta = observations_meta()
        obs_fields = {c.name: (c.label_zh, c.label_en, c.description) for c in obs_meta.columns}
        _sheet(wb, "observations", observed[obs_meta.names], obs_fields)
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


def _field(name: str, labels: tuple[str, str, str], kind: str) -> dict:
    field: dict = {
        "name": name,
        "title": f"{labels[1]} / {labels[0]}",
        "description": labels[2],
        "type": kind,
    }
    if kind == "boolean":
        field["trueValues"], field["falseValues"] = ["true"], ["false"]
    return field


def _indicator_schema(table_meta: Any = None) -> dict:
    """A table's Frictionless schema: every field, type and constraint from its metadata file
    (the indicator table's by default)."""
    m = table_meta or meta()
    fields = []
    for c in m.columns:
        field = _field(c.name, (c.label_zh, c.label_en, c.description), c.type)
        constraints: dict = {}
        allowed = c.allowed()  # lists known only at build time (regions, ids) are left to keys
        if allowed:
            constraints["enum"] = allowed
        if c.pattern:
            constraints["pattern"] = c.pattern
        if c.minimum is not None:
            constraints["minimum"] = c.minimum
        if c.required:
            constraints["required"] = True
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    return {
        "fields": fields,
        "missingValues": [""],
        "primaryKey": list(m.key),
        "foreignKeys": [
            {"fields": fk["fields"], "reference": {"resource": fk["resource"], "fields": fk["reference"]}}
            for fk in m.foreign_keys
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


def datapackage(csv_bytes: bytes, codebook_bytes: bytes, observations_bytes: bytes | None = None) -> dict:
    """The Frictionless descriptor of indicators.csv, codebook.csv and, when given,
    observations.csv (given their bytes)."""
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
            *(
                [
                    _resource(
                        "observations",
                        "observations.csv",
                        observations_bytes,
                        "Observed outcomes",
                        "data/processed/observations.csv: published figures year by year, each mapped "
                        "onto the codebook with its basis, evidence and source.",
                        _indicator_schema(observations_meta()),
                    )
                ]
                if observations_bytes is not None
                else []
            ),
        ],
    }


# --------------------------------------------------------------------------- entry point


def spreadsheet_csv_bytes(df: pd.DataFrame) -> bytes:
    """The table for spreadsheet programs: UTF-8 with a byte-order mark (so Excel reads it
    as UTF-8) and every text cell that would start a formula prefixed with ``'``."""
    text = to_csv_bytes(df[meta().names]).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(rows[0])
    for row in rows[1:]:
        w.writerow(["'" + v if is_formula_like(v) else v for v in row])
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


def export_files(
    df: pd.DataFrame, codebook_path: Path | None = None, observed: pd.DataFrame | None = None
) -> dict[str, bytes]:
    """indicators.xlsx, codebook.csv, datapackage.json and indicators.spreadsheet.csv for
    the table `df` (and the `observed` outcomes, when given: a workbook sheet and a data
    package resource), serialised in memory (the data package describes `to_csv_bytes(df)`)."""
    codebook_path = paths.project().codebook if codebook_path is None else codebook_path
    csv_bytes = to_csv_bytes(df[meta().names])
    codebook_bytes = Path(codebook_path).read_bytes()
    obs_bytes = None if observed is None else to_csv_bytes(observed, observations_meta())
    xlsx = workbook_bytes(df, codebook_path, observed)
    descriptor = datapackage(csv_bytes, codebook_bytes, obs_bytes)
    package = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    return {
        "indicators.xlsx": xlsx,
        "codebook.csv": codebook_bytes,
        "datapackage.json": package.encode("utf-8"),
        "indicators.spreadsheet.csv": spreadsheet_csv_bytes(df),
    }


def write_exports(
    df: pd.DataFrame, codebook_path: Path | None = None, out_dir: Path | None = None
) -> dict[str, Path]:
    """Write indicators.xlsx, indicators.csv, codebook.csv, datapackage.json and the
    spreadsheet CSV to `out_dir`, switched in together (`files.output_set`).

    Everything is serialised in memory first, so a failure leaves the previous exports
    intact. Returns the written paths by file name. (`build.write_outputs` writes these
    with the parquet table, the parse report and the boundaries as one set.)
    """
    codebook_path = paths.project().codebook if codebook_path is None else codebook_path
    out_dir = paths.project().processed if out_dir is None else out_dir
    out_dir = Path(out_dir)
    files = {"indicators.csv": to_csv_bytes(df[meta().names]), **export_files(df, codebook_path)}
    with output_set(out_dir) as out:
        for name, data in files.items():
            out.write_bytes(name, data)
    return {name: out_dir / name for name in files}
