"""Colours within one figure stay distinct for readers with colour-vision deficiency.

Each palette is passed through the Machado, Oliveira & Fernandes (2009) simulation of
protanopia, deuteranopia and tritanopia (severity 1.0, on linear sRGB) and every pair of
its colours must stay at least `MIN_DELTA_E` apart in CIELAB (ΔE*ab, D65).
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_rgb

from compare.figures.analysis_charts import ALIGNMENT_COLOURS
from compare.figures.dashboard import LIGHT_COLOURS

MIN_DELTA_E = 10.0
MACHADO = {
    "protanopia": [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ],
    "deuteranopia": [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ],
    "tritanopia": [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ],
}


def _linear(c: np.ndarray) -> np.ndarray:
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(linear_rgb: np.ndarray) -> np.ndarray:
    xyz = (
        np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ linear_rgb
    )
    xyz = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def simulated_lab(colour: str, deficiency: str) -> np.ndarray:
    """CIELAB of ``colour`` as a reader with ``deficiency`` sees it."""
    linear = np.clip(np.array(MACHADO[deficiency]) @ _linear(np.array(to_rgb(colour))), 0, 1)
    return _lab(linear)


def closest_pair(palette: dict[str, str]) -> tuple[float, str, str, str]:
    pairs = [
        (float(np.linalg.norm(simulated_lab(ca, d) - simulated_lab(cb, d))), d, a, b)
        for d in MACHADO
        for (a, ca), (b, cb) in itertools.combinations(palette.items(), 2)
    ]
    assert pairs
    return min(pairs)


#: Context statuses of #19 (a district figure against a city-wide level, no judgement):
#: drawn in pale blues that are close to "equal" in normal vision already.
CONTEXT = ("above city", "at city", "below city")


@pytest.mark.parametrize(
    "palette",
    [
        {k: v for k, v in ALIGNMENT_COLOURS.items() if k and k not in CONTEXT},  # '' is the empty cell
        {k: v for k, v in LIGHT_COLOURS.items() if k},
    ],
    ids=["alignment-matrix-verdicts", "traffic-lights"],
)
def test_palette_stays_distinct_under_colour_vision_deficiency(palette):
    assert closest_pair(palette)[0] >= MIN_DELTA_E, closest_pair(palette)


def _drawn_encodings(fig, grid):
    """status -> (fill, hatch) as the alignment matrix draws each cell, checked against its legend."""
    from matplotlib.colors import to_hex

    ax = fig.axes[0]
    image = ax.images[0]
    hatches = {
        (round(p.get_x() + 0.5), round(p.get_y() + 0.5)): p.get_hatch() or ""
        for p in ax.patches
        if (p.get_gid() or "").startswith("hatch:")
    }
    drawn = {}
    for (i, j), status in np.ndenumerate(grid.to_numpy(dtype=object)):
        fill = to_hex(image.cmap(image.norm(image.get_array()[i, j])))
        drawn.setdefault(status, set()).add((fill, hatches.get((j, i), "")))
    legend = {
        text.get_text(): (to_hex(handle.get_facecolor()), handle.get_hatch() or "")
        for handle, text in zip(ax.get_legend().get_patches(), ax.get_legend().get_texts())
    }
    return drawn, legend


def test_alignment_matrix_keeps_every_status_apart_by_fill_or_hatch():
    """Under each simulated deficiency, two statuses of the matrix differ by ΔE ≥ MIN_DELTA_E
    in fill, or by the hatch the figure draws over the cell (and shows in its legend)."""
    from compare.analysis import ALIGNMENT_STATUSES
    from compare.figures.analysis_charts import alignment_heatmap
    from compare.figures.labels import words

    statuses = list(ALIGNMENT_STATUSES)
    assert len(statuses) == 12
    matrix = pd.DataFrame(
        np.array(statuses, dtype=object).reshape(4, 3),
        index=["kaizhou", "bishan", "tongnan", "qianjiang"],
        columns=["forest_cover", "pm25_concentration", "air_good_days"],
    )
    fig = alignment_heatmap(matrix, None, "en")
    drawn, legend = _drawn_encodings(fig, matrix.T)
    assert set(drawn) == set(statuses) and all(len(v) == 1 for v in drawn.values())
    encoding = {s: next(iter(drawn[s])) for s in statuses}
    for s in statuses:  # the legend shows what the cells show
        assert legend[words("alignment", s, "en")] == encoding[s], s
    assert {s for s in statuses if encoding[s][1]} == set(CONTEXT)
    confusable = [
        (round(delta, 1), deficiency, a, b)
        for a, b in itertools.combinations(statuses, 2)
        if encoding[a][1] == encoding[b][1]
        for delta, deficiency, _, _ in [closest_pair({a: encoding[a][0], b: encoding[b][0]})]
        if delta < MIN_DELTA_E
    ]
    assert not confusable, confusable


def test_context_fills_alone_would_not_keep_the_statuses_apart():
    """Why the context statuses carry a hatch: by fill alone they merge under deuteranopia."""
    assert closest_pair({k: v for k, v in ALIGNMENT_COLOURS.items() if k})[0] < MIN_DELTA_E


def _hue(colour: str) -> float:
    """CIELAB hue angle (degrees) of ``colour`` in normal vision."""
    _, a, b = _lab(_linear(np.array(to_rgb(colour))))
    return float(np.degrees(np.arctan2(b, a)))


def test_not_listed_is_not_drawn_in_the_red_family_of_weaker():
    """Not listed by the district is an absence, not a milder "weaker": its hue stands at least
    45° from the red of "weaker" (the orange it had stood 31° away)."""
    assert abs(_hue(ALIGNMENT_COLOURS["missing"]) - _hue(ALIGNMENT_COLOURS["weaker"])) >= 45.0
    assert abs(_hue("#fdae61") - _hue("#d73027")) < 45.0  # the old pair, which the check rejects


def test_the_simulation_sees_red_and_green_merge_for_deuteranopes():
    assert closest_pair({"red": "#d62728", "green": "#2ca02c"})[0] < MIN_DELTA_E
