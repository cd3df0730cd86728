"""The drawing boundaries: simplified below a pixel, cached by `make data`, read without geopandas."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
import shapely

from compare.figures import boundaries


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    path = tmp_path_factory.mktemp("boundaries") / "boundaries.parquet"
    boundaries.write_projected(path)
    return path


@pytest.fixture(scope="module")
def full():
    """The 38 units at full resolution, projected as the maps project them."""
    return boundaries.load_units().to_crs(boundaries.CRS_CHONGQING).set_index("adcode")


def test_simplified_units_stay_within_the_tolerance(cache, full):
    shapes = boundaries.projected(cache)
    units = shapes.units.set_index("adcode")
    assert len(units) == 38 and set(units.index) == set(full.index)
    assert shapely.is_valid(units["geometry"].to_numpy()).all()
    for adcode, simple in units["geometry"].items():
        original = full.loc[adcode, "geometry"]
        # The drawn outline strays from the true one by less than half a pixel of a full-page
        # map (about 390 m per pixel); topology-preserving simplification may go a little
        # past the tolerance itself, hence twice it.
        assert (
            shapely.hausdorff_distance(simple.boundary, original.boundary) <= 2 * boundaries.SIMPLIFY_METRES
        )
        assert simple.area == pytest.approx(original.area, rel=0.01)
        assert units.loc[adcode, "km2"] == pytest.approx(original.area / 1e6, abs=0.001)
    assert shapes.vertices_after < 0.3 * shapes.vertices_before


def test_label_points_lie_inside_their_units(cache):
    units = boundaries.projected(cache).units
    points = shapely.points(units["label_x"].to_numpy(), units["label_y"].to_numpy())
    assert shapely.contains(units["geometry"].to_numpy(), points).all()


def test_polygons_are_oriented_so_holes_fill_correctly(cache):
    shapes = boundaries.projected(cache)
    assert len(shapes.units) == 38  # the loop below sees every district's shape
    for geom in [*shapes.units["geometry"], shapes.outline]:
        for part in shapely.get_parts(geom):
            assert part.exterior.is_ccw
            assert not any(ring.is_ccw for ring in part.interiors)


def test_outline_is_the_dissolved_municipality(cache):
    outline = boundaries.projected(cache).outline
    assert outline.is_valid
    assert 80_000 < outline.area / 1e6 < 84_000  # Chongqing: about 82,400 km²


def test_the_cache_is_byte_identical_when_rewritten(cache, tmp_path):
    again = boundaries.write_projected(tmp_path / "again.parquet")
    assert again.read_bytes() == cache.read_bytes()


def test_a_stale_or_missing_cache_is_recomputed_not_trusted(cache, tmp_path, monkeypatch):
    assert boundaries._read_cache(cache, boundaries.SIMPLIFY_METRES) is not None
    assert boundaries._read_cache(cache, 500.0) is None  # made with another tolerance
    monkeypatch.setattr(boundaries, "cnmaps_version", lambda: "0.0.0")
    assert boundaries._read_cache(cache, boundaries.SIMPLIFY_METRES) is None  # other data
    monkeypatch.undo()
    missing = boundaries.projected(tmp_path / "missing.parquet")
    assert not (tmp_path / "missing.parquet").exists()  # reading never writes
    assert missing.vertices_after == boundaries.projected(cache).vertices_after


def test_regions_come_from_the_manifest(cache):
    units = boundaries.projected(cache).units
    regions = dict(zip(units["adcode"], units["region"]))
    assert {regions[a] for a in ("500154", "500120", "500152", "500114")} == {
        "kaizhou",
        "bishan",
        "tongnan",
        "qianjiang",
    }
    assert (units["region"] == "").sum() == 34


def test_maps_draw_from_the_cache_without_geopandas(cache, tmp_path):
    """The point of the cache: a report kernel draws maps with pandas, shapely and matplotlib."""
    script = textwrap.dedent(f"""
        import sys
        import matplotlib
        matplotlib.use("Agg")
        from pathlib import Path
        from compare.figures import boundaries, maps
        boundaries.BOUNDARIES = Path({str(cache)!r})
        fig = maps.locator_map("kaizhou")
        fig.savefig({str(tmp_path / "locator.png")!r}, dpi=50)
        print(sorted(m for m in ("geopandas", "pyproj") if m in sys.modules))
    """)
    out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"
    assert (tmp_path / "locator.png").stat().st_size > 5_000


def test_the_progress_status_map_draws_from_the_cache_without_geopandas(cache, tmp_path):
    """The progress report's map goes through `maps.category_panel`, as every report map does."""
    script = textwrap.dedent(f"""
        import sys
        import matplotlib
        matplotlib.use("Agg")
        import pandas as pd
        from pathlib import Path
        from compare.figures import boundaries
        from compare.figures import progress as fp
        boundaries.BOUNDARIES = Path({str(cache)!r})
        table = pd.DataFrame({{"region": ["kaizhou", "bishan"], "adcode": ["500154", "500120"],
                              "level": ["district", "district"]}})
        p = pd.DataFrame({{"region": ["kaizhou", "bishan"], "indicator_id": ["pm25_concentration"] * 2,
                          "status": ["on_track", "deterioration"]}})
        fig = fp.status_map(p, table, "en")
        fig.savefig({str(tmp_path / "status.png")!r}, dpi=50)
        texts = sorted(t.get_text() for t in fig.axes[0].texts)
        print(texts)
        print(sorted(m for m in ("geopandas", "pyproj") if m in sys.modules))
    """)
    out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True)
    lines = out.stdout.strip().splitlines()
    assert lines[-1] == "[]"
    assert lines[-2] == "['deterioration', 'on track']"
    assert (tmp_path / "status.png").stat().st_size > 2_000
