"""Hand-made table rows for the analysis and verdict tests: one row builder for both, typed
and ordered by the build's own `to_frame`."""

from __future__ import annotations

import pandas as pd

from compare.ingest.build import BOOL_COLUMNS, COLUMNS, FLOAT_COLUMNS, INT_COLUMNS
from compare.ingest.frame import to_frame


def row(
    region: str,
    period: str,
    ident: str,
    *,
    base=None,
    target=None,
    achieved=None,
    op: str = "=",
    kind: str = "numeric",
    unit: str = "%",
    line: int = 1,
    **extra,
) -> dict:
    """One table row; ``base``/``target``/``achieved`` are (raw, value) or a number."""

    def cell(v):
        if v is None:
            return "", None
        return v if isinstance(v, tuple) else (f"{v:g}", float(v))

    (br, bv), (tr, tv), (ar, av) = cell(base), cell(target), cell(achieved)
    level = "municipal" if region == "chongqing" else "district"
    rec = {
        c: (None if c in FLOAT_COLUMNS + INT_COLUMNS else False if c in BOOL_COLUMNS else "") for c in COLUMNS
    }
    rec.update(
        {
            "region": region,
            "region_name_zh": region,
            "region_name_en": region,
            "level": level,
            "period": period,
            "table": "prose" if level == "municipal" else "T",
            "indicator_id": ident,
            "indicator_name_zh": ident,
            "unit": unit,
            "baseline_year": (2020 if period == "14th" else 2015) if bv is not None else None,
            "baseline_raw": br,
            "baseline_value": bv,
            "baseline_kind": "numeric" if bv is not None else "none",
            "target_year": 2025 if period == "14th" else 2020,
            "target_raw": tr,
            "target_value": tv,
            "target_operator": op if tv is not None else "",
            "target_kind": kind if (tv is not None or kind != "numeric") else "none",
            "achieved_raw": ar,
            "achieved_value": av,
            "achieved_kind": ("numeric" if av is not None else "none") if ar else "",
            "achieved_year": 2020 if ar else None,
            "source_file": f"{region}.txt",
            "source_line": line,
        }
    )
    rec.update(extra)
    if rec["cumulative_cells"]:
        rec["cumulative"] = True
    return rec


def frame(*rows: dict) -> pd.DataFrame:
    """The rows as the build types and orders them (row numbers in the order given)."""
    return to_frame([{**r, "row": i} for i, r in enumerate(rows, 1)])


def one(df: pd.DataFrame, **where) -> pd.Series:
    sel = df
    for k, v in where.items():
        sel = sel[sel[k] == v]
    assert len(sel) == 1, (where, sel)
    return sel.iloc[0]


#: a hand-made codebook of the indicators these rows use (the real codebook's columns)
CODEBOOK = pd.DataFrame(
    [
        # indicator_id, unit, direction, limit
        ("forest_cover", "%", "higher_is_better", "100"),
        ("pm25_concentration", "μg/m3", "lower_is_better", "35"),
        ("air_good_days", "天", "higher_is_better", "365"),
        ("forest_land_area", "万亩", "higher_is_better", ""),
        ("construction_land_total", "平方公里", "lower_is_better", ""),
        ("cod_reduction", "%", "higher_is_better", ""),
        ("energy_intensity_reduction", "%", "higher_is_better", ""),
        ("surface_water_class", "类别", "lower_is_better", ""),
        ("nature_reserve_share", "%", "higher_is_better", "100"),
        ("radiation_accident_rate", "起/万枚", "lower_is_better", ""),
        ("medical_waste_disposal", "%", "higher_is_better", "100"),
        ("contaminated_farmland_safe_use", "%", "higher_is_better", "100"),
    ],
    columns=["indicator_id", "unit", "direction", "limit"],
).assign(name_zh="", name_en="", domain="", sdg="", city_basis="city_wide")
# the rulebook's columns as the real codebook has them: ~ within 1 unit (pp for shares), 3 days;
# 100 % forest cover bounds the arithmetic, 100 % disposal is a goal; protected areas are endowment
CODEBOOK["approx_tolerance"] = CODEBOOK["unit"].map({"%": "1", "μg/m3": "1", "天": "3"}).fillna("")
CODEBOOK["limit_reachable"] = [
    "" if not lim else "no" if i in ("forest_cover", "nature_reserve_share") else "yes"
    for i, lim in zip(CODEBOOK["indicator_id"], CODEBOOK["limit"])
]
CODEBOOK["endowment"] = CODEBOOK["indicator_id"].map({"nature_reserve_share": "yes"}).fillna("no")
