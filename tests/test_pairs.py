"""Pair reports by design: every pair while the suite holds few district plans; beyond
that, districts that share a border and the pairs a user asks for (``pairs:`` in the
catalog, ``compare reports --pair a,b``). Borders come from the boundary data."""

from __future__ import annotations

import itertools

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
