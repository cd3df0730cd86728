"""One look for every figure (`figures.theme`): text widths in em, wrapping, the direction
of a change, new figures in the suite's theme."""

from __future__ import annotations

import pytest

from compare.figures.theme import change_kind, new_figure, text_em, wrap_em


def test_chinese_counts_one_em_and_latin_about_half():
    assert text_em("森林") == 2.0 and text_em("ab") == pytest.approx(1.1)


def test_wrapping_keeps_every_character_and_each_line_within_the_width():
    text = "森林覆盖率达到百分之五十"
    lines = wrap_em(text, 5).split("\n")
    assert len(lines) == 3 and "".join(lines) == text
    assert max(text_em(line) for line in lines) <= 5


@pytest.mark.parametrize(
    ("base", "target", "direction", "kind"),
    [
        (50, 55, "higher_is_better", "better"),
        (50, 45, "higher_is_better", "worse"),
        (35, 30, "lower_is_better", "better"),
        (50, 50, "higher_is_better", "same"),
    ],
)
def test_a_change_is_better_or_worse_by_the_indicators_direction(base, target, direction, kind):
    assert change_kind(base, target, direction) == kind


def test_a_new_figure_has_the_size_asked_and_constrained_layout():
    fig = new_figure(6, 3)
    assert tuple(fig.get_size_inches()) == (6, 3) and fig.get_layout_engine() is not None
