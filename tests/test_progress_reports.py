"""A user adds a district's bulletin figures the README's way (add-source --kind observations,
build, reports): the district shows up in the progress report, its profile and the map of
statuses, with no code change."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from compare import paths

pytestmark = pytest.mark.slow

BULLETIN = """region,indicator,year,value,unit,printed,published,source_title,source_address,publisher,note
qianjiang,air_good_days,2022,351,days,空气质量优良天数351天,2023-01-15,2022年黔江区环境质量状况,http://www.qianjiang.gov.cn/hj/2022.html,黔江区生态环境局,primary
qianjiang,air_good_days,2024,347,days,空气质量优良天数347天,2025-01-12,2024年黔江区环境质量状况,http://www.qianjiang.gov.cn/hj/2024.html,黔江区生态环境局,primary
"""


def compare(root: Path, *args: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "compare", *args],
        cwd=root,
        env={**os.environ, "COMPARE_ROOT": str(root)},
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    return proc.stdout


def test_a_new_districts_bulletin_reaches_the_reports(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(paths.RAW, root / "data" / "raw")
    shutil.copytree(paths.DATA / "codebook", root / "data" / "codebook")
    shutil.copytree(paths.NOTEBOOKS, root / "notebooks")
    (root / "reports").mkdir()
    shutil.copy(paths.CATALOG, root / "reports" / "catalog.yml")
    bulletin = tmp_path / "qianjiang_2024.csv"
    bulletin.write_text(BULLETIN, encoding="utf-8")

    added = compare(root, "add-source", str(bulletin), "--kind", "observations")
    assert "region qianjiang" in added and "14th/observations=2" in added
    compare(root, "build")
    compare(
        root,
        "reports",
        "--no-progress",
        "--formats",
        "html",
        "--only",
        "progress-en",
        "--only",
        "profile-qianjiang-en",
    )

    progress = (root / "reports" / "progress-en.html").read_text(encoding="utf-8")
    profile = (root / "reports" / "profile-qianjiang-en.html").read_text(encoding="utf-8")
    drawn = pd.read_csv(root / "reports" / "figures" / "progress-en" / "progress-map.csv", dtype=str)
    for page in (progress, profile):
        assert "347 (2024, qianjiang_2024.csv:3" in page
    assert "qianjiang" in set(drawn["region"])
