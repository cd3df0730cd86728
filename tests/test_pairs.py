"""Pair reports by design: every pair while the suite holds few district plans; beyond
that, districts that share a border and the pairs a user asks for (``pairs:`` in the
catalog, ``compare reports --pair a,b``). Borders come from the boundary data."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from compare import paths
from compare.errors import CompareError
from compare.reports import catalog, load_catalog
from compare.units import UNITS_EN
from compare_dev import borders

ADCODES = {"wanzhou": "500101", "kaizhou": "500154", "bishan": "500120", "yunyang": "500235"}


def test_the_borders_file_is_computed_from_the_boundary_data():
    computed = borders.compute_borders()
    assert (paths.CODEBOOK.parent / "borders.csv").read_text(encoding="utf-8") == borders.to_csv(computed), (
        "data/codebook/borders.csv is stale: run `python -m compare_dev.borders`"
    )


def test_borders_are_the_known_neighbours():
    frame = pd.read_csv(paths.CODEBOOK.parent / "borders.csv", dtype=str)
    near = borders.neighbours(frame)
    assert len(near) == 38, "every unit borders another"
    assert near["500154"] == {
        "500101",
        "500229",
        "500235",
        "500238",
    }  # Kaizhou: Wanzhou, Chengkou, Yunyang, Wuxi
    assert near["500241"] == {"500242"}  # Xiushan borders only Youyang inside Chongqing
    assert "500120" not in near["500154"]  # Bishan and Kaizhou are far apart
    assert all(a < b for a, b in zip(frame["adcode_a"], frame["adcode_b"]))
    assert not frame.duplicated(["adcode_a", "adcode_b"]).any()


def test_up_to_eight_districts_every_pair_is_in_the_catalog():
    districts = [f"d{i}" for i in range(8)]
    assert catalog.catalog_pairs(districts, {}) == list(itertools.combinations(districts, 2))


def test_beyond_eight_districts_bordering_and_requested_pairs():
    # the 38 units, four of them under their names
    named = {code: key for key, code in ADCODES.items()}
    adcodes = {named.get(code, f"u{code}"): code for code in UNITS_EN}
    districts = sorted(adcodes)
    assert len(districts) == 38
    pairs = catalog.catalog_pairs(districts, adcodes)
    assert len(pairs) == len(pd.read_csv(paths.CODEBOOK.parent / "borders.csv"))
    assert ("kaizhou", "wanzhou") in pairs and ("kaizhou", "yunyang") in pairs
    assert ("bishan", "kaizhou") not in pairs
    asked = catalog.catalog_pairs(districts, adcodes, [("kaizhou", "bishan")])
    assert set(asked) - set(pairs) == {("bishan", "kaizhou")}
    with pytest.raises(CompareError, match="kaizou is not a district of the table"):
        catalog.catalog_pairs(districts, adcodes, [("kaizou", "bishan")])


def test_the_catalog_keeps_the_pairs_asked_for(tmp_path, table):
    path = tmp_path / "catalog.yml"
    path.write_text(catalog.to_yaml([], [("bishan", "kaizhou")]), encoding="utf-8")
    catalog.write_catalog(path, table, add_pairs=["tongnan,qianjiang"])
    assert catalog.requested_pairs(path) == [("bishan", "kaizhou"), ("qianjiang", "tongnan")]
    names = {r.name for r in load_catalog(path, reports_dir=tmp_path)}
    assert {"pair-bishan-kaizhou-zh", "pair-qianjiang-tongnan-en"} <= names
    assert catalog.pair_names(["kaizhou,bishan"]) == ["pair-bishan-kaizhou-zh", "pair-bishan-kaizhou-en"]


@pytest.mark.parametrize(
    "pairs, message",
    [
        ("pairs: kaizhou\n", "'pairs' must be a list"),
        ("pairs: [[kaizhou]]\n", "a pair is two district keys"),
        ("pairs: [[kaizhou, kaizhou]]\n", "two different districts"),
        ("pear: []\n", "unknown top-level key"),
    ],
)
def test_a_bad_pairs_list_is_named(tmp_path, pairs, message):
    path = tmp_path / "catalog.yml"
    (tmp_path / "nb").mkdir()
    path.write_text(pairs + "reports: []\n", encoding="utf-8")
    with pytest.raises(CompareError, match=message):
        load_catalog(path, tmp_path / "nb")


# ------------------------------------------------------------ a synthetic 10-district project


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
    done = compare_cli(ten, "reports", "--pair", "wanzhou,dadukou", "--jobs", "2", "--no-progress")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    run = json.loads((ten / "reports" / "run.json").read_text(encoding="utf-8"))
    assert run["rendered"] == ["pair-dadukou-wanzhou-zh", "pair-dadukou-wanzhou-en"]
    assert (ten / "reports" / "pair-dadukou-wanzhou-en.pdf").stat().st_size > 0
    assert catalog.requested_pairs(ten / "reports" / "catalog.yml") == [("dadukou", "wanzhou")]
    again = compare_cli(ten, "catalog")  # regenerating the catalog keeps what was asked for
    assert again.returncode == 0 and "pair-dadukou-wanzhou-en" in (ten / "reports" / "catalog.yml").read_text(
        encoding="utf-8"
    )


def test_a_pair_of_unknown_districts_is_refused(ten):
    done = compare_cli(ten, "reports", "--pair", "wanzhou,kaizou")
    assert done.returncode == 2 and "kaizou is not a district of the table" in done.stderr
    assert "kaizou" not in (ten / "reports" / "catalog.yml").read_text(encoding="utf-8")
