"""The synthetic corpus: the build must reproduce the generator's ground truth byte for byte.

`expected.csv` is written from what the generator printed, never by running the parsers,
so any difference below is a parser (or generator) bug, shown row by row.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from compare import paths
from compare.errors import ParameterError, SourceError
from compare.ingest.build import build_table
from compare.ingest.serialise import to_csv_bytes
from compare.ingest.sources import read_manifest, sha256_of
from compare_dev import synth


def _diff(expected: bytes, got: bytes, limit: int = 12) -> str:
    """The first differing rows, cell by cell, as a readable assertion message."""
    exp = list(csv.DictReader(io.StringIO(expected.decode("utf-8"))))
    out = list(csv.DictReader(io.StringIO(got.decode("utf-8"))))
    lines = [f"expected {len(exp)} rows, built {len(out)}"]
    for e, g in zip(exp, out):
        cells = {k: (e[k], g.get(k)) for k in e if e[k] != g.get(k)}
        if cells:
            lines.append(f"{e['source_file']}:{e['source_line']} {e['indicator_name_zh']}: {cells}")
        if len(lines) > limit:
            break
    return "\n".join(lines)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth12")
    return synth.generate(12, out, seed=0)


def test_small_corpus_builds_to_expected(corpus):
    expected = (corpus.parent / "expected.csv").read_bytes()
    got = to_csv_bytes(build_table(corpus, paths.CODEBOOK).table)
    assert got == expected, _diff(expected, got)


def test_corpus_covers_every_layout_and_feature(corpus):
    sources = read_manifest(corpus)
    assert len(sources) == 12
    layouts = [s.layout for s in sources]
    for note in synth.LAYOUT_NOTES.values():
        assert layouts.count(note) == 4
    for s in sources:
        assert s.sha256 == sha256_of(s.path)
        assert s.level == "district" and len(s.adcode) == 6 and s.adcode.startswith("50")
    rows = list(csv.DictReader((corpus.parent / "expected.csv").open(encoding="utf-8")))
    assert {r["period"] for r in rows} == {"13th", "14th"}
    assert {r["table"] for r in rows} >= {"专栏1", "专栏2", "表2-1"}
    assert any(r["parent_seq"] for r in rows), "sub-rows"
    assert any(r["provisional"] == "true" for r in rows), "* marks"
    assert any(r["cumulative"] == "true" for r in rows), "[cumulative] values"
    assert any(r["realigned"] == "true" for r in rows), "web rows with dropped cells"
    assert any(r["footnote"] for r in rows) and any(r["note_zh"] for r in rows), "notes"
    assert any(r["status_zh"] for r in rows), "a separate 完成情况 column"
    assert len({r["target_operator"] for r in rows}) >= 5


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_other_seeds_build_to_expected(tmp_path, seed):
    manifest = synth.generate(6, tmp_path, seed=seed)
    expected = (tmp_path / "expected.csv").read_bytes()
    got = to_csv_bytes(build_table(manifest, paths.CODEBOOK).table)
    assert got == expected, _diff(expected, got)


def test_deterministic_for_a_seed(tmp_path):
    a = synth.generate(6, tmp_path / "a", seed=7)
    b = synth.generate(6, tmp_path / "b", seed=7)
    c = synth.generate(6, tmp_path / "c", seed=8)
    files = sorted(p.name for p in a.parent.iterdir())
    assert files == sorted(p.name for p in b.parent.iterdir())
    for name in files:
        assert (a.parent / name).read_bytes() == (b.parent / name).read_bytes(), name
    assert (a.parent / "expected.csv").read_bytes() != (c.parent / "expected.csv").read_bytes()


def test_a_document_does_not_depend_on_the_corpus_size(tmp_path):
    small = synth.generate(2, tmp_path / "small", seed=3)
    large = synth.generate(5, tmp_path / "large", seed=3)
    documents = read_manifest(small)
    assert len(documents) > 0
    for s in documents:
        assert s.path.read_bytes() == (large.parent / s.file).read_bytes()


def test_several_documents_per_district(tmp_path):
    manifest = synth.generate(2, tmp_path, seed=0, docs_per_district=3)
    sources = read_manifest(manifest, shared_adcodes=True)
    assert len(sources) == 6 and len({s.region for s in sources}) == 6
    assert len({s.adcode for s in sources}) == 2
    with pytest.raises(SourceError, match="duplicate adcode"):  # one plan per district in the suite
        build_table(manifest, paths.CODEBOOK)
    got = to_csv_bytes(build_table(manifest, paths.CODEBOOK, shared_adcodes=True).table)
    assert got == (tmp_path / "expected.csv").read_bytes()


def test_cli_main(tmp_path, capsys):
    assert synth.main(["--districts", "3", "--out", str(tmp_path), "--seed", "4"]) == 0
    assert "wrote 3 documents" in capsys.readouterr().out
    assert len(read_manifest(tmp_path / "MANIFEST.csv")) == 3


def test_bad_arguments(tmp_path):
    with pytest.raises(ParameterError, match="between 1 and 38"):
        synth.generate(39, tmp_path)
    with pytest.raises(ParameterError, match="at least 1"):
        synth.generate(1, tmp_path, docs_per_district=0)


def test_units_from_the_boundary_data():
    units = synth.load_units()
    assert len(units) == 38 and len({u.key for u in units}) == 38
    assert all(len(u.adcode) == 6 and u.adcode.startswith("50") for u in units)
    assert {u.key: u.adcode for u in units}["kaizhou"] == "500154"


def test_units_need_no_plotting_stack():
    """Registering a plan and the synthetic corpus read unit names without geopandas."""
    import subprocess
    import sys

    code = (
        "import sys; from compare.units import units; assert len(units()) == 38; "
        "assert units()['500154'].name_zh == '开州区'; "
        "bad = {'geopandas', 'matplotlib', 'shapely', 'pyproj'} & set(sys.modules); "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
