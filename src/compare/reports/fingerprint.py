"""Fingerprints of a report's inputs: what decides whether it must be rendered again.

A report is rendered again only when something it reads changed, as make and dvc decide:
its notebook, its parameters and title, the documents asked for (a run's ``--formats``),
the slice of the table it reads, the codebook,
the manifest's descriptions of the regions, the library's source, the versions of the
libraries that draw and typeset, the CJK font and the boundary data. Each is hashed once
per run (the table slice per report) and the fingerprint is the hash of them all; the
parts are kept too, so a run can say which one changed.

**The table slice.** A catalog entry may name the rows it reads (``reads: all`` or
``reads: {region: [...], indicator_id: [...]}``: rows matching any of them). Without it
the slice follows from the notebook and its parameters (`SLICES`):

* a region profile reads its region's rows, and every row of the indicators that region
  sets: it shows the other plans' targets and the rank among plans beside its own;
* an indicator report reads that indicator's rows;
* both also read the indicators theirs are compared with across units (a district's
  good-air days against the city's good-air ratio);
* every other notebook (the overview, review, alignment, ambition, methods, the atlas,
  the pairs, any new one) reads the whole table.

Besides its slice, every report depends on the set of regions in the table (the columns
and order of its tables). A report skipped as up to date keeps the data version (the
table's hash) of the run that rendered it in its front matter: its slice, and so its
content, is the same under the new table. tests/test_fingerprint_slices.py renders reports with every
row outside their slice changed and checks that the pages do not change.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .. import paths
from ..files import read_parquet
from .catalog import Report

#: Libraries whose version can change what a page looks like.
RENDERING_LIBRARIES = (
    "papermill",
    "nbclient",
    "nbconvert",
    "nbformat",
    "ipykernel",
    "pandas",
    "numpy",
    "matplotlib",
    "seaborn",
    "shapely",
    "pyproj",
    "weasyprint",
    "mplfonts",
)
#: Manifest columns that record a document's content (its hash, its counts of tables and
#: rows) rather than describe it: editing a plan changes them, and what they describe
#: reaches reports through the table, so they are left out of every fingerprint.
MANIFEST_CONTENT_WORDS = ("sha256", "rows", "tables", "count")


def digest(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def file_digest(path: str | Path) -> str:
    """sha256 of a file's bytes ("" if it does not exist)."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except FileNotFoundError:
        return ""
    return h.hexdigest()


def tree_digest(root: Path, pattern: str = "*") -> str:
    """One hash over the names and bytes of every file under ``root`` (bytecode skipped)."""
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts):
        h.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        h.update(file_digest(path).encode("ascii") + b"\0")
    return h.hexdigest()


def codebook_digest(codebook: Path) -> str:
    """The codebook and every data file beside it (references, observation labels and names,
    target bases, borders, header words): reports read them all, so a change to any of them
    re-renders; only the codebook's own hash where it stands alone."""
    folder = codebook.parent
    if not codebook.is_file() or folder.name != "codebook":
        return file_digest(codebook)
    return tree_digest(folder, "*.csv")


def frame_digest(frame: pd.DataFrame) -> str:
    """A stable hash of a frame's columns, dtypes and values (row order kept, index ignored)."""
    h = hashlib.sha256()
    h.update(json.dumps([[str(c), str(t)] for c, t in frame.dtypes.items()]).encode("utf-8"))
    if len(frame):
        h.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return h.hexdigest()


def library_digest() -> str:
    """The installed `compare` package's source (every file in it)."""
    import compare

    return tree_digest(Path(compare.__file__).resolve().parent)


def versions() -> dict[str, str]:
    out = {}
    for name in RENDERING_LIBRARIES:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = ""
    return out


def font_digest() -> str:
    from ..figures import fonts

    try:
        return file_digest(fonts.cjk_font_path())
    except Exception:  # no font: the reports will fail; the fingerprint need not
        return ""


def environment() -> dict[str, str]:
    """What every report depends on besides the project's files: library source, library
    versions and the font. A cluster worker compares its own with the client's."""
    return {"library": library_digest(), "versions": digest(json.dumps(versions())), "font": font_digest()}


def manifest_digest(manifest: Path) -> str:
    """The manifest's descriptions of the regions and documents, without content hashes."""
    if not manifest.is_file():
        return ""
    frame = pd.read_csv(manifest, dtype=str, keep_default_na=False)
    keep = [c for c in frame.columns if not any(w in c.lower() for w in MANIFEST_CONTENT_WORDS)]
    return frame_digest(frame[keep])


def read_table(table: Any) -> pd.DataFrame | None:
    """The table as the notebooks read it: the parquet beside a CSV path when there is one."""
    if isinstance(table, pd.DataFrame):
        return table
    if table is None:
        return None
    path = Path(table)
    parquet = path.with_suffix(".parquet")
    if parquet.is_file():
        return read_parquet(parquet)
    if path.is_file():
        return pd.read_csv(path)
    return None


# ------------------------------------------------------------------------- table slices


def _with_counterparts(ids: set[str]) -> list[str]:
    """``ids`` and the indicators they are compared with across units (good-air days against
    the city's good-air ratio, `analysis.CONVERTIBLE`): an alignment verdict reads both."""
    from ..analysis.common import CONVERTIBLE

    out = set(ids)
    for a, b in CONVERTIBLE:
        if a in ids or b in ids:
            out |= {a, b}
    return sorted(out)


def _ids_of_region(table: pd.DataFrame, report: Report) -> dict[str, list[str]]:
    region = str(report.parameters.get("region", ""))
    ids = table.loc[table["region"] == region, "indicator_id"] if "indicator_id" in table else []
    return {"region": [region], "indicator_id": _with_counterparts(set(map(str, ids)))}


def _one_indicator(table: pd.DataFrame, report: Report) -> dict[str, list[str]] | str:
    ident = str(report.parameters.get("indicator_id", ""))
    if not ident or ident == "all":
        return "all"
    return {"indicator_id": _with_counterparts({ident})}


def _mapped_indicators(table: pd.DataFrame, report: Report) -> dict[str, list[str]] | str:
    ident = str(report.parameters.get("indicator_id", ""))
    if not ident or ident == "all":
        return "all"
    from ..figures.indicator import map_indicators

    return {"indicator_id": sorted(set(map_indicators(table, ident, n=4)))}


#: The rows a notebook reads, from its parameters (notebooks not listed read everything).
SLICES: dict[str, Callable[[pd.DataFrame, Report], Any]] = {
    "30-region-profile.ipynb": _ids_of_region,
    "20-indicator.ipynb": _one_indicator,
}


#: The observations a notebook reads (data/processed/observations.parquet): its region's,
#: its indicator's (and their counterparts'), or all; a notebook not listed reads none, so
#: a new year's bulletin re-renders only the reports that show those rows.
OBSERVATION_SLICES: dict[str, Callable[[Report], Any]] = {
    "90-progress.ipynb": lambda report: "all",
    "10-overview.ipynb": lambda report: "all",
    "30-region-profile.ipynb": lambda report: {"region": [str(report.parameters.get("region", ""))]},
    "15-brief.ipynb": lambda report: {"region": [str(report.parameters.get("region", ""))]},
    "31-municipal-profile.ipynb": lambda report: {"level": ["municipal"]},
    "20-indicator.ipynb": lambda report: {
        "indicator_id": _with_counterparts({str(report.parameters.get("indicator_id", ""))})
    },
}


def observations_digest(report: Report, observed: pd.DataFrame | None) -> str:
    """Hash of the observations ``report`` reads ("" when it reads none or there are none)."""
    rule = OBSERVATION_SLICES.get(report.notebook.name)
    if rule is None or observed is None:
        return ""
    selection = rule(report)
    if selection == "all":
        return frame_digest(observed)
    mask = pd.Series(False, index=observed.index)
    for column, values in selection.items():
        mask |= observed[column].astype(str).isin(values)
    return frame_digest(observed[mask])


def reads(report: Report, table: pd.DataFrame) -> Any:
    """``"all"`` or ``{column: [values]}``: the rows of ``table`` the report reads."""
    if report.reads is not None:
        return report.reads
    rule = SLICES.get(report.notebook.name)
    if rule is None or not {"region", "indicator_id"} <= set(table.columns):
        return "all"
    try:
        return rule(table, report)
    except Exception:  # a rule that cannot tell: the whole table, never too little
        return "all"


def table_slice(report: Report, table: pd.DataFrame) -> pd.DataFrame:
    selection = reads(report, table)
    if selection == "all":
        return table
    mask = pd.Series(False, index=table.index)
    for column, values in selection.items():
        if column in table.columns:
            mask |= table[column].astype(str).isin(values)
    return table[mask]


# --------------------------------------------------------------------------- fingerprints


@dataclass
class Inputs:
    """The hashed inputs of one run, shared by its reports."""

    table: pd.DataFrame | None
    shared: dict[str, str] = field(default_factory=dict)
    observed: pd.DataFrame | None = None
    _notebooks: dict[Path, str] = field(default_factory=dict)
    _whole_table: str = ""

    @classmethod
    def gather(
        cls,
        table: Any = None,
        codebook: Any = None,
        manifest: Path | None = None,
        boundaries: Path | None = None,
        observations: Path | None = None,
    ) -> Inputs:
        table = paths.project().table_csv if table is None else table
        codebook = paths.project().codebook if codebook is None else codebook
        manifest = paths.project().manifest if manifest is None else manifest
        boundaries = paths.project().boundaries if boundaries is None else boundaries
        observations = paths.project().observations_parquet if observations is None else observations
        frame = read_table(table)
        observed = read_parquet(observations) if Path(observations).is_file() else None
        shared = {
            **environment(),
            "codebook": codebook_digest(Path(codebook))
            if isinstance(codebook, (str, Path))
            else frame_digest(codebook)
            if isinstance(codebook, pd.DataFrame)
            else "",
            "manifest": manifest_digest(Path(manifest)),
            "boundaries": file_digest(boundaries),
            "regions": digest(json.dumps(sorted(map(str, frame["region"].unique()))))
            if frame is not None and "region" in frame
            else "",
        }
        return cls(frame, shared, observed)

    def notebook(self, path: Path) -> str:
        if path not in self._notebooks:
            self._notebooks[path] = file_digest(path)
        return self._notebooks[path]

    def table_digest(self, report: Report) -> str:
        if self.table is None:
            return ""
        part = table_slice(report, self.table)
        if len(part) == len(self.table):
            if not self._whole_table:
                self._whole_table = frame_digest(self.table)
            return self._whole_table
        return frame_digest(part)

    def parts(self, report: Report) -> dict[str, str]:
        """Every input of ``report``, hashed (the parts of its fingerprint)."""
        own = {
            "notebook": self.notebook(report.notebook),
            "parameters": digest(
                json.dumps(report.parameters, sort_keys=True, ensure_ascii=False, default=str)
            ),
            "title": digest(report.title),
            "formats": ",".join(report.formats),
            "table": self.table_digest(report),
            "observations": observations_digest(report, self.observed),
        }
        return {**own, **self.shared}

    def fingerprint(self, report: Report) -> tuple[str, dict[str, str]]:
        parts = self.parts(report)
        return digest(json.dumps(parts, sort_keys=True)), parts


def changed(old: dict[str, str], new: dict[str, str]) -> list[str]:
    """Names of the parts that differ (for "rendered because the table slice changed")."""
    return sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
