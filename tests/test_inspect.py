"""`compare inspect` shows the build's own reading, and `codebook suggest` the candidate lines."""

from __future__ import annotations

import pytest

from compare import paths
from compare.cli import main as cli_main
from compare.ingest import register
from compare.ingest.codebook import load_codebook
from compare.ingest.inspect import reading, render, suggest
from compare.ingest.sources import read_manifest

PLANS = [s for s in read_manifest(paths.MANIFEST) if s.kind in ("tables", "prose")]


@pytest.mark.parametrize("source", PLANS, ids=[s.region for s in PLANS])
def test_inspect_shows_the_reading_the_build_makes(source, table):
    read = reading(source.path, source.kind)
    built = table[(table["source_file"] == source.file)]
    got = [(r.line, r.baseline_raw, r.target_raw, r.achieved_raw, r.period) for r in read.rows]
    want = [
        (int(r.source_line), r.baseline_raw, r.target_raw, r.achieved_raw, r.period)
        for _, r in built.iterrows()
    ]
    assert len(got) == len(want) > 0
    assert sorted(got) == sorted(want)
    text = render(read, load_codebook())
    assert all(f"line {line}" in text for line, *_ in got)


def test_inspect_command_prints_tables_header_roles_and_rows(capsys):
    assert cli_main(["inspect", str(paths.RAW / "kaizhou_eco_14th_fyp.txt")]) == 0
    out = capsys.readouterr().out
    assert "13th/专栏1 line 47" in out and "-> category" in out and "name=" in out


def test_codebook_suggest_lists_each_unknown_name_with_its_nearest_entry(raw_copy):
    assert suggest("kaizhou", raw_copy / "MANIFEST.csv").splitlines() == [
        "indicator_id,synonym,similarity,line,other_candidates"
    ]  # every name of Kaizhou's plan is known
    fixture = paths.ROOT / "tests" / "fixtures" / "web_tables" / "national_13th_news_copy.txt"
    register.add_source(
        register.NewSource(fixture, region="wanzhou", adcode="500101"), raw_copy / "MANIFEST.csv"
    )
    rows = suggest("wanzhou", raw_copy / "MANIFEST.csv").splitlines()[1:]
    assert len(rows) == 8
    assert rows[0].startswith("air_good_days") and ",地级及以上城市空气质量优良天数比率(%)," in rows[0]
