"""The table slices the fingerprints use are honest: change every row outside a report's
slice and its pages and figures stay byte-identical (and its fingerprint stays the same),
so skipping it was right. Run on the real notebooks; if a notebook starts reading more,
this fails and its rule in compare.reports.fingerprint.SLICES must grow. The pages of the
unchanged table are the session's rendering of the catalog (conftest ``rendered``)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from compare import load_table, paths
from compare.reports import load_catalog
from compare.reports.fingerprint import Inputs, table_slice

pytestmark = pytest.mark.slow

NAMES = ["profile-qianjiang-en", "indicator-forest_cover-zh"]  # both in the rendered sample


def project(root: Path, table: pd.DataFrame) -> Path:
    shutil.copytree(paths.DATA, root / "data")
    shutil.copytree(paths.NOTEBOOKS, root / "notebooks")
    (root / "reports").mkdir()
    shutil.copy(paths.CATALOG, root / "reports" / "catalog.yml")
    table.to_parquet(root / "data" / "processed" / "indicators.parquet", index=False)
    table.to_csv(root / "data" / "processed" / "indicators.csv", index=False)
    return root


def perturbed(table: pd.DataFrame, keep: pd.Index) -> pd.DataFrame:
    """Every row not in ``keep`` gets other numbers and other printed targets."""
    out = table.copy()
    other = ~out.index.isin(keep)
    for column in ("target_value", "baseline_value"):
        out.loc[other, column] = out.loc[other, column] * 2 + 1
    out.loc[other, "target_raw"] = out.loc[other, "target_value"].map(
        lambda v: "" if pd.isna(v) else f"{v:g}"
    )
    return out


def _content(path: Path) -> bytes:
    """A page or figure as bytes, without the page's front matter: it names the data version
    (the whole table's hash), which a report skipped as up to date keeps from its own run;
    and without its links to the PDF and Word copy, which an HTML-only run does not make."""
    data = path.read_bytes()
    if path.suffix == ".html":
        # the front matter and the cover's copy of it (class "front-matter cover-meta")
        data = re.sub(rb'<div class="front-matter[^"]*">.*?</div>', b"", data, flags=re.S)
        data = re.sub(rb'<nav class="report-nav">.*?</nav>', b"", data, flags=re.S)
    return data


def render(root: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "compare",
            "reports",
            "--jobs",
            "2",
            "--no-progress",
            "--formats",
            "html",
            "--only",
            ",".join(NAMES),
        ],
        cwd=root,
        env={**os.environ, "COMPARE_ROOT": str(root)},
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]


def test_rows_outside_a_reports_slice_do_not_change_it(tmp_path, rendered):
    table = load_table()
    reports = {r.name: r for r in load_catalog() if r.name in NAMES}
    keep = pd.Index([])
    for report in reports.values():
        keep = keep.union(table_slice(report, table).index)
    assert len(table) - len(keep) >= 40, "few rows outside the slices: the test would prove little"
    changed = perturbed(table, keep)
    assert (changed["target_value"].fillna(-1) != table["target_value"].fillna(-1)).sum() > 20

    same = project(tmp_path / "same", table)
    other = project(tmp_path / "other", changed)
    fingerprints = {}
    for root in (same, other):
        inputs = Inputs.gather(
            root / "data" / "processed" / "indicators.csv",
            root / "data" / "codebook" / "indicators.csv",
            root / "data" / "raw" / "MANIFEST.csv",
            root / "data" / "processed" / "boundaries.parquet",
        )
        fingerprints[root] = {n: inputs.fingerprint(r)[1]["table"] for n, r in reports.items()}
        whole = next(r for r in load_catalog() if r.name == "overview-zh")
        fingerprints[root]["overview"] = inputs.fingerprint(whole)[1]["table"]
    assert {n: fingerprints[same][n] for n in NAMES} == {n: fingerprints[other][n] for n in NAMES}
    assert fingerprints[same]["overview"] != fingerprints[other]["overview"]  # the change is visible

    render(other)
    for name in NAMES:
        figures = sorted(
            p.relative_to(rendered).as_posix() for p in (rendered / "figures" / name).glob("*.png")
        )
        assert figures, name
        for rel in [f"{name}.html", *figures]:
            assert _content(rendered / rel) == _content(other / "reports" / rel), rel
