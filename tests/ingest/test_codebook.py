"""The codebook maps every printed name, one concept to one id, and nothing is unused."""

from __future__ import annotations

import pytest

from compare import paths
from compare.errors import SourceError
from compare.ingest.build import build_table
from compare.ingest.codebook import DIRECTIONS, load_codebook, name_key


def test_every_printed_name_maps_and_every_synonym_is_used():
    result = build_table()
    assert result.unused_synonyms == []
    assert result.table.indicator_id.ne("").all()


def test_codebook_rows_are_complete():
    cb = load_codebook()
    assert len(cb.entries) > 0
    for e in cb.entries.values():
        assert e.name_zh and e.name_en and e.domain and e.unit, e.indicator_id
        assert e.direction in DIRECTIONS


@pytest.mark.parametrize(
    "printed,parent,expected",
    [
        ("万元GDP能耗累计下降率（%）", "", "energy_intensity_reduction"),
        ("单位GDP能耗下降率（%）", "", "energy_intensity_reduction"),
        ("单位GDP能源消耗下降率", "", "energy_intensity_reduction"),
        ("化学需氧量", "16.主要污染物排放总量下降率（%）", "cod_reduction"),
        ("#化学需氧量排放量", "主要污染物排放总量（吨）", "cod_emissions"),
        ("其中：璧南河", "地表水水质（类别）", "surface_water_class"),
        ("细颗粒物(PM2.5)年平均浓度(μg/m3", "", "pm25_concentration"),
    ],
)
def test_lookup(printed, parent, expected):
    assert load_codebook().lookup(printed, parent) == expected


def test_name_key_drops_seq_unit_and_subrow_marks():
    assert name_key("16.主要污染物排放总量下降率（%）") == "主要污染物排放总量下降率"
    assert name_key("#城市生活污水集中处理率（%）") == "城市生活污水集中处理率"


def test_a_synonym_claimed_by_two_ids_is_an_error(tmp_path):
    text = paths.CODEBOOK.read_text(encoding="utf-8")
    text += "forest_cover_copy,ecology,森林覆盖率,Forest cover,%,higher_is_better,,,level,森林覆盖率\n"
    path = tmp_path / "indicators.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError, match="synonym '森林覆盖率' maps to two ids"):
        load_codebook(path)
