"""The one labels module (`figures.labels`): units, words in both languages, status labels."""

from __future__ import annotations

import re

from compare.figures import labels, maps

CJK = re.compile(r"[\u3400-\u9fff]")


def test_one_unit_dictionary_for_charts_and_maps():
    assert labels.unit_label("亩", "en") == "mu" and labels.unit_label("万亩", "en") == "10,000 mu"
    assert maps._unit_label("亩", "en") == labels.unit_label("亩", "en")
    for unit, english in labels.UNITS_EN.items():
        assert CJK.search(unit) and not CJK.search(english), unit
    assert labels.unit_label("μg/m3", "zh") == "μg/m³" and labels.same_unit("μg/m3", "μg/m³")


def test_every_word_has_both_languages():
    for table in (
        labels.REPORT_TEXTS,
        labels.PAGE_TEXTS,
        labels.FIGURE_TEXTS,
        labels.VERDICTS,
        labels.MAP_KINDS,
    ):
        for key, (zh, en) in table.items():
            assert zh and en, key
            assert not CJK.search(en), (key, en)
    for key in ("higher_is_better", "source", "other_unit"):
        assert CJK.search(labels.map_text(key, "zh")) and not CJK.search(labels.map_text(key, "en"))
    assert labels.OUTSIDE_SUITE[1] == "has a plan, not in this comparison"


def test_analysis_returns_codes_and_labels_hold_the_words():
    """Display words live in figures/labels.py only: analysis has no word tables of its own."""
    from compare import analysis

    assert not hasattr(analysis, "STATUS_LABELS") and not hasattr(analysis, "label")
    assert labels.status_label("weaker", "zh") == "弱于市级"
    assert labels.status_label("not assessable (no value)", "zh") == "无法评估"
