"""A project of ten synthetic district plans, beyond what the catalog renders in full: pair
reports only for districts that share a border and for pairs asked for, and an atlas split
by domain once it holds more maps than one report may (`analysis.atlas.MAPS_PER_REPORT`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from compare import paths
from compare.analysis import atlas
from compare.figures import labels
from compare.reports import catalog, load_catalog
from compare.words import word


def compare_cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "COMPARE_ROOT": str(root)}
    return subprocess.run(
        [sys.executable, "-m", "compare", *args], cwd=root, env=env, capture_output=True, text=True
    )


@pytest.fixture(scope="module")
def ten(tmp_path_factory) -> Path:
    """A project of ten synthetic district plans (the first ten units), table and catalog built."""
    from compare_dev.bench import project_copy
    from compare_dev.synth import generate

    work = tmp_path_factory.mktemp("ten")
    generate(10, work / "corpus", seed=0)
    (work / "corpus" / "expected.csv").unlink()
    root = project_copy(work / "project", raw=work / "corpus")
    done = compare_cli(root, "catalog")
    assert done.returncode == 0, done.stderr
    return root


@pytest.mark.slow
def test_ten_districts_get_the_bordering_pairs_only(ten):
    table = pd.read_csv(ten / "data" / "processed" / "indicators.csv", dtype=str)
    adcodes = dict(zip(table["region"], table["adcode"]))
    frame = pd.read_csv(paths.CODEBOOK.parent / "borders.csv", dtype=str)
    inside = frame[frame["adcode_a"].isin(adcodes.values()) & frame["adcode_b"].isin(adcodes.values())]
    names = [r.name for r in load_catalog(ten / "reports" / "catalog.yml", ten / "notebooks")]
    pairs = [n for n in names if n.startswith("pair-")]
    assert len(adcodes) == 10  # ten district plans, no municipal one
    assert len(inside) > 0 and len(pairs) == 2 * len(inside) < 2 * 45


@pytest.mark.slow
def test_a_pair_asked_for_renders_and_stays_in_the_catalog(ten):
    names = {r.name for r in load_catalog(ten / "reports" / "catalog.yml", ten / "notebooks")}
    assert "pair-dadukou-wanzhou-zh" not in names  # Wanzhou and Dadukou are far apart
    dry = compare_cli(ten, "reports", "--dry-run")
    assert dry.returncode == 0 and "pair-dadukou-wanzhou" not in dry.stdout  # `make reports` leaves it out
    done = compare_cli(
        ten, "reports", "--pair", "wanzhou,dadukou", "--jobs", "2", "--no-progress", "--formats", "html"
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    run = json.loads((ten / "reports" / "run.json").read_text(encoding="utf-8"))
    assert run["rendered"] == ["pair-dadukou-wanzhou-zh", "pair-dadukou-wanzhou-en"]
    assert (ten / "reports" / "pair-dadukou-wanzhou-en.html").stat().st_size > 0
    assert catalog.requested_pairs(ten / "reports" / "catalog.yml") == [("dadukou", "wanzhou")]
    again = compare_cli(ten, "catalog")  # regenerating the catalog keeps what was asked for
    assert again.returncode == 0 and "pair-dadukou-wanzhou-en" in (ten / "reports" / "catalog.yml").read_text(
        encoding="utf-8"
    )


def test_a_pair_of_unknown_districts_is_refused(ten):
    done = compare_cli(ten, "reports", "--pair", "wanzhou,kaizou")
    assert done.returncode == 2 and "kaizou is not a district of the table" in done.stderr
    assert "kaizou" not in (ten / "reports" / "catalog.yml").read_text(encoding="utf-8")


@pytest.mark.slow
def test_ten_districts_get_an_atlas_per_domain_each_with_that_domains_maps(ten):
    table = pd.read_parquet(ten / "data" / "processed" / "indicators.parquet")
    codebook = pd.read_csv(ten / "data" / "codebook" / "indicators.csv", dtype=str, keep_default_na=False)
    cov = atlas.coverage(table, codebook)
    domains = atlas.parts(cov)
    assert cov["mapped"].sum() > atlas.MAPS_PER_REPORT and len(domains) > 1
    names = [r.name for r in load_catalog(ten / "reports" / "catalog.yml", ten / "notebooks")]
    assert sorted(n for n in names if n.startswith("atlas")) == sorted(
        f"atlas-{d}-{lang}" for d in domains for lang in ("zh", "en")
    )
    smallest = min(domains, key=lambda d: int(cov.loc[cov["domain"] == d, "mapped"].sum()))
    done = compare_cli(ten, "reports", "--only", f"atlas-{smallest}-en", "--no-progress", "--formats", "html")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    page = (ten / "reports" / f"atlas-{smallest}-en.html").read_text(encoding="utf-8")
    title = word("report_texts.atlas.title", "en")
    assert f"{title}: {labels.domain_name(smallest, 'en')}</h1>" in page
    shown = sorted(p.stem for p in (ten / "reports" / "figures" / f"atlas-{smallest}-en").glob("*.png"))
    assert shown == sorted(cov.loc[(cov["domain"] == smallest) & cov["mapped"], "indicator_id"])
