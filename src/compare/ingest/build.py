"""Sources to the normalised table, in small named steps that flow one way:

verify (sha256) -> parse (tables per layout, or prose) -> harmonise (codebook ids,
parsed values, manifest metadata) -> validate (schema, unique key) -> write (atomic).
"""

from __future__ import annotations

import io
import re
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from .. import paths
from ..errors import SourceError
from ..files import write_bytes
from .codebook import Codebook, load_codebook
from .prose import mine_lines
from .rows import PrintedRow
from .sources import Source, read_manifest, verified_lines
from .tables import parse_document
from .values import parse_cell

# The contract's columns (CONTRACT.md section 2), in order, then this project's extensions.
CONTRACT_COLUMNS = [
    "region",
    "region_name_zh",
    "region_name_en",
    "adcode",
    "level",
    "period",
    "table",
    "seq",
    "parent_seq",
    "category_zh",
    "domain",
    "indicator_id",
    "indicator_name_zh",
    "indicator_name_en",
    "unit",
    "attribute",
    "baseline_year",
    "baseline_raw",
    "baseline_value",
    "target_year",
    "target_raw",
    "target_value",
    "target_operator",
    "target_kind",
    "achieved_raw",
    "achieved_value",
    "cumulative",
    "provisional",
    "note_zh",
    "source_file",
    "source_line",
]
EXTENSION_COLUMNS = [
    "row",  # 1-based position of the row in its table: with region/period/table, the key
    "parent_name_zh",  # printed name of the parent row / group cell for sub-rows
    "baseline_operator",
    "baseline_kind",
    "achieved_operator",
    "achieved_kind",
    "cumulative_cells",  # which cells are five-year cumulative: baseline,target,achieved
    "footnote",  # footnote marks in the value cells
    "status_zh",  # a 13th-FYP table's 完成情况 column where it is separate from the value
    "realigned",  # true where a web-copy row's cells were re-aligned from context
]
COLUMNS = CONTRACT_COLUMNS + EXTENSION_COLUMNS
KEY = ["region", "period", "table", "row"]
FLOAT_COLUMNS = ["baseline_value", "target_value", "achieved_value"]
INT_COLUMNS = ["baseline_year", "target_year", "source_line", "row"]
BOOL_COLUMNS = ["cumulative", "provisional", "realigned"]
ATTRIBUTES = {"约束性": "binding", "预期性": "expected", "": ""}
UNITS = {
    "％": "%",
    "微克/立方米": "μg/m3",
    "ug/m3": "μg/m3",
    "µg/m3": "μg/m3",
    "μg/m³": "μg/m3",
    "立方米万元": "立方米/万元",
}


@dataclass
class BuildResult:
    table: pd.DataFrame
    seconds: float
    unused_synonyms: list[str]


def parse_source(source: Source, codebook: Codebook) -> list[PrintedRow]:
    """Printed rows of one document: its indicator tables, or its prose when it has none."""
    lines = verified_lines(source)
    rows = parse_document(lines, source.file, codebook.is_name)
    return rows or mine_lines(lines, source.file)


def normalise_unit(unit: str) -> str:
    """One spelling per unit: NFKC (full-width, m³), then the synonyms in UNITS."""
    unit = unicodedata.normalize("NFKC", re.sub(r"\s+", "", unit))
    return UNITS.get(unit, unit)


def harmonise(source: Source, rows: list[PrintedRow], codebook: Codebook) -> list[dict]:
    """Give each printed row its codebook id, parsed values and manifest metadata."""
    out = []
    position: Counter[tuple[str, str]] = Counter()
    for r in rows:
        context = r.extra.get("sentence", "") or r.extra.get("parent_name", "")
        ident = codebook.lookup(r.name, context)
        if ident is None:
            raise SourceError(
                source.file,
                f"indicator name {r.name!r} is not in the codebook "
                f"({codebook.path.name}); add it as a synonym",
                r.line,
            )
        entry = codebook.entries[ident]
        if r.attribute not in ATTRIBUTES:
            raise SourceError(source.file, f"attribute {r.attribute!r} not recognised", r.line)
        base, target, achieved = (parse_cell(c) for c in (r.baseline_raw, r.target_raw, r.achieved_raw))
        cells = {"baseline": base, "target": target, "achieved": achieved}
        position[(r.period, r.table)] += 1
        out.append(
            {
                "region": source.region,
                "region_name_zh": source.name_zh,
                "region_name_en": source.name_en,
                "adcode": source.adcode,
                "level": source.level,
                "period": r.period,
                "table": r.table,
                "seq": r.seq,
                "parent_seq": r.parent_seq,
                "category_zh": r.category,
                "domain": entry.domain,
                "indicator_id": ident,
                "indicator_name_zh": re.sub(r"\s+", "", r.name),
                "indicator_name_en": entry.name_en,
                "unit": normalise_unit(r.unit) or entry.unit,
                "attribute": ATTRIBUTES[r.attribute],
                "baseline_year": r.baseline_year,
                "baseline_raw": r.baseline_raw,
                "baseline_value": base.value,
                "target_year": r.target_year,
                "target_raw": r.target_raw,
                "target_value": target.value,
                "target_operator": target.operator,
                "target_kind": target.kind,
                "achieved_raw": r.achieved_raw,
                "achieved_value": achieved.value,
                "cumulative": any(c.cumulative for c in cells.values()),
                "provisional": any(c.provisional for c in cells.values()),
                "note_zh": r.note,
                "source_file": source.file,
                "source_line": r.line,
                "row": position[(r.period, r.table)],
                "parent_name_zh": r.extra.get("parent_name", ""),
                "baseline_operator": base.operator,
                "baseline_kind": base.kind,
                "achieved_operator": achieved.operator if r.achieved_raw else "",
                "achieved_kind": achieved.kind if r.achieved_raw else "",
                "cumulative_cells": ",".join(k for k, c in cells.items() if c.cumulative),
                "footnote": ",".join(
                    dict.fromkeys(f for c in cells.values() for f in c.footnote.split(",") if f)
                ),
                "status_zh": r.extra.get("status", ""),
                "realigned": r.extra.get("realigned") == "true",
            }
        )
    return out


def to_frame(records: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame.from_records(records, columns=COLUMNS)
    for c in FLOAT_COLUMNS:
        df[c] = df[c].astype("float64")
    for c in INT_COLUMNS:
        df[c] = df[c].astype("Int64")
    for c in BOOL_COLUMNS:
        df[c] = df[c].astype(bool)
    text = [c for c in COLUMNS if c not in FLOAT_COLUMNS + INT_COLUMNS + BOOL_COLUMNS]
    df[text] = df[text].fillna("").astype(str)
    order = {"14th": 0, "13th": 1}
    df = df.sort_values(
        ["region", "period", "table", "row"],
        key=lambda s: s.map(order) if s.name == "period" else s,
        kind="stable",
    )
    return df.reset_index(drop=True)


def validate(df: pd.DataFrame, regions: set[str], codebook: Codebook) -> pd.DataFrame:
    """Check the table against the contract before anything is written."""
    import pandera.pandas as pa

    isin = pa.Check.isin
    schema = pa.DataFrameSchema(
        {
            "region": pa.Column(str, isin(sorted(regions))),
            "level": pa.Column(str, isin(["district", "municipal"])),
            "adcode": pa.Column(str, pa.Check.str_matches(r"^\d{6}$")),
            "period": pa.Column(str, isin(["13th", "14th"])),
            "table": pa.Column(str, pa.Check.str_length(min_value=1)),
            "indicator_id": pa.Column(str, isin(sorted(codebook.entries))),
            "indicator_name_zh": pa.Column(str, pa.Check.str_length(min_value=1)),
            "attribute": pa.Column(str, isin(["binding", "expected", ""])),
            "baseline_value": pa.Column(float, nullable=True),
            "target_value": pa.Column(float, nullable=True),
            "achieved_value": pa.Column(float, nullable=True),
            "target_operator": pa.Column(str, isin(["=", ">=", "<=", ">", "<", "~", ""])),
            "target_kind": pa.Column(
                str, isin(["numeric", "maintain", "assigned", "qualitative", "class", "none"])
            ),
            "cumulative": pa.Column(bool),
            "provisional": pa.Column(bool),
            "source_line": pa.Column("Int64", pa.Check.ge(1)),
            "row": pa.Column("Int64", pa.Check.ge(1)),
        },
        checks=[
            pa.Check(
                lambda d: (d["target_value"].isna() == (d["target_operator"] == "")).all(),
                error="a target operator exactly where there is a target number",
            ),
            pa.Check(lambda d: ((d["period"] == "14th") | (d["achieved_raw"] != "") | True).all()),
        ],
        unique=KEY,
        strict=False,
    )
    return schema.validate(df, lazy=False)


def _number(v: Any) -> str:
    if v is None or v is pd.NA or (isinstance(v, float) and pd.isna(v)):
        return ""
    text = repr(float(v))
    return text[:-2] if text.endswith(".0") else text


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV with numbers printed exactly (no float noise), booleans as true/false."""
    out = df.copy()
    for c in FLOAT_COLUMNS:
        out[c] = out[c].map(_number)
    for c in INT_COLUMNS:
        out[c] = out[c].map(lambda v: "" if pd.isna(v) else str(int(v)))
    for c in BOOL_COLUMNS:
        out[c] = out[c].map(lambda v: "true" if v else "false")
    buf = io.StringIO()
    out.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue().encode("utf-8")


def to_parquet_bytes(df: pd.DataFrame) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(df, preserve_index=False)
    table = table.replace_schema_metadata(None)  # no library versions: bytes depend on data only
    buf = pa.BufferOutputStream()
    pq.write_table(table, buf, compression="zstd", write_statistics=True)
    return buf.getvalue().to_pybytes()


def build_table(manifest: Path = paths.MANIFEST, codebook_path: Path = paths.CODEBOOK) -> BuildResult:
    """Every source through every step; raises SourceError on the first bad input."""
    t0 = time.perf_counter()
    codebook = load_codebook(codebook_path)
    sources = read_manifest(manifest)
    records: list[dict] = []
    for source in sources:
        records.extend(harmonise(source, parse_source(source, codebook), codebook))
    df = validate(to_frame(records), {s.region for s in sources}, codebook)
    return BuildResult(df, time.perf_counter() - t0, codebook.unused_synonyms())


def write_table(
    df: pd.DataFrame, csv_path: Path = paths.TABLE_CSV, parquet_path: Path = paths.TABLE_PARQUET
) -> None:
    """Serialise both files fully in memory first, then replace them atomically."""
    csv_bytes, parquet_bytes = to_csv_bytes(df), to_parquet_bytes(df)
    write_bytes(csv_path, csv_bytes)
    write_bytes(parquet_path, parquet_bytes)


def summary(df: pd.DataFrame) -> str:
    counts = df.groupby(["source_file", "period", "table"], sort=True).size()
    lines = [f"{'source':34} {'period':6} {'table':7} rows"]
    lines += [f"{f:34} {p:6} {t:7} {n:4d}" for (f, p, t), n in counts.items()]
    lines.append(
        f"{'total':34} {'':6} {'':7} {len(df):4d}  ({df['indicator_id'].nunique()} distinct indicator ids)"
    )
    return "\n".join(lines)


def load_table(path: Path = paths.TABLE_PARQUET) -> pd.DataFrame:
    """The processed table with its dtypes (parquet), as notebooks and analyses read it."""
    if not path.is_file():
        raise SourceError(path, "processed table not found; run `make data` (python -m compare build)")
    return pd.read_parquet(path)
