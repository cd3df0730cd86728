"""How far the districts' targets spread (`analysis.dispersion`)."""

from __future__ import annotations

import pandas as pd
import pytest

from compare.analysis.dispersion import dispersion
from table_rows import CODEBOOK, frame, one, row


def test_dispersion_targets_and_changes():
    df = frame(
        row("a", "14th", "forest_cover", base=47, target=48),
        row("b", "14th", "forest_cover", base=55, target=57),
        row("c", "14th", "forest_cover", base=65, target=("≥65", 65.0), op=">="),
        row("d", "14th", "forest_cover", base=41.7, target=45),
        row("a", "14th", "air_good_days", base=314, target=310, unit="天"),
        row("chongqing", "14th", "air_good_days", target=300, unit="天"),
        row("a", "14th", "pm25_concentration", target=("完成市级下达目标", None), kind="assigned"),
        row("b", "14th", "pm25_concentration", target=28, unit="μg/m3"),
    )
    out = dispersion(df, CODEBOOK)
    assert list(out["indicator_id"]) == ["forest_cover"]  # the others have < 2 plans
    f = out.iloc[0]
    targets = pd.Series([48, 57, 65, 45.0])
    assert (f.n, f["min"], f["max"], f["range"]) == (4, 45, 65, 20)
    assert f["std"] == pytest.approx(targets.std()) and f.cv == pytest.approx(targets.std() / targets.mean())
    changes = pd.Series([1, 2, 0, 3.3])
    assert f.change_n == 4 and f.change_std == pytest.approx(changes.std())
    assert "b=57@b.txt:1" in f.cells
    with_city = dispersion(df, CODEBOOK, include_municipal=True)
    days = one(with_city, indicator_id="air_good_days")
    assert days.n == 2 and days.change_n == 1  # the city has no baseline


def test_real_dispersion_forest_cover(table):
    # bishan:319 48, kaizhou:284 57, qianjiang:536 ≥65, tongnan:377 45
    r = one(dispersion(table), indicator_id="forest_cover")
    assert (r.n, r["min"], r["max"]) == (4, 45, 65)
    assert "qianjiang=≥65@qianjiang_eco_14th_fyp.txt:536" in r.cells
