"""An indicator's charts (`figures.indicator`): the dumbbell of baselines and targets."""

from __future__ import annotations

from compare.figures import records
from compare.figures.indicator import dumbbell


def test_dumbbell_does_not_place_another_unit_on_its_axis(table):
    fig = dumbbell(table, None, "radiation_accident_rate", None, "zh")
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert any("单位不同（%），不可比" in t for t in texts)
    data = records.figure_data(fig)
    tongnan = data[data["region_label"] == "潼南区"].iloc[0]
    assert not tongnan["drawn_on_axis"] and tongnan["unit"] == "%"
