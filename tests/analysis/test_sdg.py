"""SDG codes and their labels (`analysis.sdg`)."""

from __future__ import annotations

import pytest

from compare.analysis.sdg import sdg, sdg_label
from compare.ingest.codebook import load_codebook
from table_rows import one


def test_every_sdg_code_in_the_codebook_has_labels():
    table = sdg(load_codebook())
    coded = table[table["sdg"] != ""]
    assert len(coded) > 50
    assert (coded["sdg_label_en"] != "").all() and (coded["sdg_label_zh"] != "").all()
    assert one(table, indicator_id="forest_cover").sdg_label_en.startswith("Forest area")
    assert one(table, indicator_id="pm25_concentration").sdg_goal == 11
    assert sdg_label("") == ""
    with pytest.raises(KeyError):
        sdg_label("99.9.9")
