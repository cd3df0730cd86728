"""Figures and tables for the notebooks, on the real table: cells checked against the plans
(file:line in the comments), Chinese glyphs present, source lines carried through."""

from __future__ import annotations

import doctest
import re
import warnings

import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

from matplotlib.text import Text

from compare import paths
from compare.errors import ParameterError
from compare.figures import charts, saving

DISTRICTS = ["kaizhou", "bishan", "tongnan", "qianjiang"]


def texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def save_without_missing_glyphs(fig, path) -> list[str]:
    """Save ``fig``; return the "missing from font" warnings raised while drawing it."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(path, dpi=80)
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


def test_doctests():
    from compare.figures import format, labels

    results = [doctest.testmod(m) for m in (labels, format)]
    assert sum(r.attempted for r in results) >= 5 and not any(r.failed for r in results)


def test_labels_regions_and_indicator_names(codebook):
    assert charts.label("zh", "森林覆盖率", "Forest cover") == "森林覆盖率"
    assert charts.label("en", "森林覆盖率", "Forest cover") == "Forest cover"
    with pytest.raises(ParameterError, match="valid values: zh, en"):
        charts.label("fr", "a", "b")
    assert list(charts.region_names("zh")) == [*DISTRICTS, "chongqing"]  # districts, then the city
    assert charts.region_names("zh")["bishan"] == "璧山区"
    assert charts.region_names("en")["chongqing"] == "Chongqing Municipality"
    assert charts.districts() == DISTRICTS
    assert charts.indicator_name(codebook, "forest_cover", "zh") == "森林覆盖率"
    assert charts.indicator_name(codebook, "forest_cover", "en") == "Forest cover"
    frame = charts.codebook_frame(codebook)
    assert {"indicator_id", "name_zh", "name_en", "unit", "direction"} <= set(frame.columns)
    assert charts.indicator_name(frame, "pm25_concentration", "en") == "Annual mean PM2.5 concentration"


# ----------------------------------------------------------------------------- coverage


def test_coverage_codes_match_the_table(table):
    codes = charts.coverage_codes(table)
    t14 = table[table["period"] == "14th"]
    assert codes.shape == (t14["indicator_id"].nunique(), 5)
    assert list(codes.columns) == [*DISTRICTS, "chongqing"]
    # forest cover: 约束性 in all four district tables (e.g. kaizhou 专栏2 row 3), not in the prose
    assert list(codes.loc["forest_cover"]) == ["binding"] * 4 + ["listed"]  # the city: a secondary 57
    # urban green coverage is 预期性 everywhere it is set
    assert set(codes.loc["urban_green_coverage", DISTRICTS]) == {"expected"}
    # the municipal targets come from prose and carry no attribute: ≤35 PM2.5
    assert codes.loc["pm25_concentration", "chongqing"] == "listed"
    # tongnan's table has no 自然保护地面积占比 row; its 生态功能指数 is only there
    assert codes.loc["nature_reserve_share", "tongnan"] == ""
    assert codes.loc["eco_function_index"].tolist() == ["", "", "binding", "", ""]
    # every cell is set exactly where the table has a 14th row for the pair
    present = set(zip(t14["indicator_id"], t14["region"]))
    for ident in codes.index:
        for region in codes.columns:
            assert (codes.loc[ident, region] != "") == ((ident, region) in present), (ident, region)


def test_coverage_matrix_is_labelled_per_language(table, codebook):
    zh = charts.coverage_matrix(table, "zh", codebook)
    en = charts.coverage_matrix(table, "en", codebook)
    assert list(zh.columns) == ["开州区", "璧山区", "潼南区", "黔江区", "重庆市", "规划数"]
    assert list(en.columns)[-1] == "Plans"
    assert zh.loc[("生态保护", "森林覆盖率"), "开州区"] == "约束性"
    assert en.loc[("Ecology", "Forest cover"), "Kaizhou District"] == "binding"
    assert en.loc[("Air", "Annual mean PM2.5 concentration"), "Plans"] == 5
    # domains come in the display order, each indicator once
    domains = list(dict.fromkeys(zh.index.get_level_values(0)))
    order = [charts.domain_name(d, "zh") for d in charts.DOMAINS]
    ranks = [order.index(d) for d in domains]
    assert ranks == sorted(ranks) and len(domains) == len(set(zh.index.get_level_values(0)))
    assert zh.index.get_level_values(1).is_unique


def test_counts_by_domain_and_attribute(table):
    counts = charts.counts_by_domain(table, "en")
    t14 = table[table["period"] == "14th"]
    assert counts.loc["Total", "Total"] == t14["indicator_id"].nunique()
    assert (
        counts.loc["Total", "Kaizhou District"]
        == t14.loc[t14["region"] == "kaizhou", "indicator_id"].nunique()
    )
    assert counts.loc["Air", "Bishan District"] == 2  # 空气质量优良天数, 细颗粒物浓度
    attrs = charts.counts_by_attribute(table, "zh")
    assert attrs.loc["重庆市", "未标属性"] == (t14["region"] == "chongqing").sum()
    # bishan's 地表水水质 header is not counted, its three rivers are
    bishan = t14[t14["region"] == "bishan"]
    assert attrs.loc["璧山区", "行数"] == len(bishan) - 1


def test_data_quality_counts_cells_without_numbers(table):
    dq = charts.data_quality(table, "en")
    assert dq["Rows"].sum() == len(table)
    row = dq[(dq["Region"] == "Tongnan District") & (dq["Period"] == "14th FYP")].iloc[0]
    t = table[(table["region"] == "tongnan") & (table["period"] == "14th")]
    raw = t[[c for c in t.columns if c.endswith("_raw")]]
    starred = raw.apply(lambda r: any("*" in str(v) for v in r), axis=1).sum()
    assert row["Rows printed with *"] == starred > 0  # 35*, 320*, 5* … as the plan prints them
    kaizhou = dq[(dq["Region"] == "Kaizhou District") & (dq["Period"] == "14th FYP")].iloc[0]
    assert kaizhou["Rows printed with *"] == 0  # Kaizhou's table prints no *
    assert row["Targets without a number"] == t["target_value"].isna().sum()
    texts_ = charts.non_numeric_targets(table, "zh")
    assert texts_.iloc[0]["原文"] == "完成市级下达目标"


# ----------------------------------------------------------------------------- one indicator


def test_dumbbell_renders_chinese_and_keeps_marks(table, codebook, tmp_path):
    fig = charts.dumbbell(table, codebook, "pm25_concentration", lang="zh")
    target = tmp_path / "pm25.png"
    assert save_without_missing_glyphs(fig, target) == []
    assert target.stat().st_size > 10_000
    shown = " ".join(texts(fig))
    assert "细颗粒物（PM2.5）年均浓度" in shown
    assert "35*" in shown  # tongnan 专栏2 row 1: 35* (final value set by the city)
    assert "≤28" in shown  # qianjiang 表2-1 row 5
    assert "完成市级下达目标" in shown  # kaizhou: no number, listed as text
    assert "重庆市 ≤35" in shown  # the municipal target as reference line
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["开州区", "璧山区", "潼南区", "黔江区"]


def test_dumbbell_english_cumulative_and_region_choice(table, codebook, tmp_path):
    fig = charts.dumbbell(table, codebook, "carbon_intensity_reduction", regions="bishan,tongnan", lang="en")
    assert save_without_missing_glyphs(fig, tmp_path / "co2.png") == []
    shown = " ".join(texts(fig))
    assert "[16.5]" in shown and "16.5*" in shown  # bishan [16.5] cumulative; tongnan 16.5*
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["Bishan District", "Tongnan District"]
    with pytest.raises(ParameterError, match=r"valid values: .*kaizhou"):
        charts.dumbbell(table, codebook, "forest_cover", regions="bishan,nowhere")
    with pytest.raises(ParameterError, match="forest_cover"):
        charts.dumbbell(table, codebook, "no_such_indicator")


def test_dumbbell_sub_rows_and_classes(table, codebook, tmp_path):
    fig = charts.dumbbell(table, codebook, "surface_water_class", lang="zh")
    assert save_without_missing_glyphs(fig, tmp_path / "water.png") == []
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "璧山区 · 璧南河" in labels and "黔江区 · 阿蓬江" in labels  # one line per river
    assert "开州区" in labels  # kaizhou does not set it: shown, marked as not in the plan
    shown = " ".join(texts(fig))
    assert "规划未列此指标" in shown and "Ⅲ类" in shown and "目标：保持" in shown


def test_indicator_rows_carry_source_lines(table):
    rows = charts.indicator_rows(table, "forest_cover", "en")
    t = table[table["indicator_id"] == "forest_cover"]
    assert len(rows) == len(t)
    expected = {f"{f}:{int(n)}" for f, n in zip(t["source_file"], t["source_line"])}
    cited = rows["Source (document, number, table, row; file:line)"]
    # the document (or a secondary figure's address) first, this project's file:line last
    pointers = [c.rsplit(" · ", 1)[1] for c in cited]
    assert set(pointers) == expected
    plans = [c for c in cited if "_eco_14th_fyp.txt:" in c]
    assert plans and all("生态环境保护“十四五”规划" in c.split(" · ")[0] for c in plans)
    # the line really is the indicator's line in the raw document
    for source in pointers:
        file, line = source.rsplit(":", 1)
        text = (paths.RAW / file).read_text(encoding="utf-8").splitlines()[int(line) - 1]
        assert "森林覆盖率" in text, source
    tongnan13 = rows[
        (rows["Region"] == "Tongnan District") & rows["Where (period, table, no.)"].str.startswith("13th")
    ]
    assert tongnan13.iloc[0]["Achieved"] == "41.7*"
    assert "认定达标" in tongnan13.iloc[0]["Note"]  # *计算方法变化，市林业局认定达标。
    only14 = charts.indicator_rows(table, "forest_cover", "zh", period="14th")
    assert "完成值" not in only14.columns
    assert set(only14["地区"]) == {"开州区", "璧山区", "潼南区", "黔江区", "重庆市"}  # the city: secondary


# ----------------------------------------------------------------------------- one region


def test_region_profile_sets_peers_beside(table, codebook):
    prof = charts.region_profile(table, codebook, "kaizhou", "zh").reset_index()
    forest = prof[prof["指标"] == "森林覆盖率"].iloc[0]
    # kaizhou 55 -> 57; bishan 48, tongnan 45, qianjiang ≥65; the city's 57 is secondary (†):
    # chongqing_2025_core_targets.csv:4, not in the municipal prose
    assert (forest["基期值"], forest["目标值"]) == ("55", "57")
    assert (forest["璧山区"], forest["潼南区"], forest["黔江区"], forest["重庆市"]) == (
        "48",
        "45",
        "≥65",
        "57†",
    )
    pm = prof[prof["指标"] == "细颗粒物（PM2.5）年均浓度"].iloc[0]
    assert pm["目标值"] == "完成市级下达目标" and pm["重庆市"] == "≤35"
    assert len(prof) == ((table["region"] == "kaizhou") & (table["period"] == "14th")).sum()
    ranks = [
        list(charts.DOMAINS).index(next(k for k, v in charts.DOMAINS.items() if v[0] == d))
        for d in prof["领域"]
    ]
    assert ranks == sorted(ranks)  # grouped by domain
    rivers = charts.region_profile(table, codebook, "bishan", "en").reset_index()
    assert "└ 璧南河" in set(rivers["Indicator"])


def test_review_13th_uses_the_attainment_verdicts(table, codebook):
    review = charts.review_13th(table, "zh", codebook=codebook)
    forest = review[(review["地区"] == "潼南区") & (review["指标"] == "森林覆盖率")].iloc[0]
    # tongnan 专栏1 row 4: ≥48 against 41.7*: missed by the numbers, but :166 says the method
    # changed and the forestry bureau deemed it met: met per the plan, the note shown with its line
    assert forest["目标 → 完成值"] == "≥48 → 41.7*"
    assert forest["按数值"].startswith("未完成") and forest["最终结论"].startswith("按规划说明完成")
    assert (
        "认定达标" in forest["规划自述与注释"] and "tongnan_eco_14th_fyp.txt:166" in forest["规划自述与注释"]
    )
    cited = forest["出处（文件、文号、表、行；文件:行）"]
    # Tongnan's plan prints no 文号 and no source gives its official address: the citation says so
    assert re.fullmatch(
        r"《潼南区[^》]+》（官方网址来源中未载）专栏1 第4行 · tongnan_eco_14th_fyp\.txt:46", cited
    ), cited
    summary = charts.review_summary(table, "en", codebook)
    assert summary["Total"].sum() == len(review)
    assert (
        summary.loc["Tongnan District", "met per the plan"]
        == ((review["地区"] == "潼南区") & review["最终结论"].str.startswith("按规划说明完成")).sum()
    )
    per_plan = charts.review_13th(table, "en", region="kaizhou", codebook=codebook, outcome="met_per_plan")
    assert "Region" not in per_plan.columns and len(per_plan) == 3
    assert set(per_plan["Final verdict"].str.split(" [(]", regex=True).str[0]) == {"met per the plan"}
    # group headers without cells are not targets (tongnan 饮用水源地水质达标率 over its sub-rows)
    assert not ((review["地区"] == "潼南区") & (review["目标 → 完成值"] == "— → —")).any()


def test_ambition_and_continuity_tables(table, codebook):
    amb = charts.ambition_table(table, codebook, indicator_id="forest_cover", lang="en")
    tongnan = amb[amb["Region"] == "Tongnan District"].iloc[0]
    assert tongnan["Baseline → target"] == "41.7 → 45"
    assert tongnan["Change; per year"].startswith("+3.3") and tongnan["Ambition (why; rank)"].startswith(
        "improve"
    )
    assert tongnan["Source (document, number, table, row; file:line)"].startswith("潼南区生态环境保护")
    assert tongnan["Source (document, number, table, row; file:line)"].endswith(
        ", Box 2 row 19 · tongnan_eco_14th_fyp.txt:377"
    )
    con = charts.continuity_table(table, indicator_id="forest_cover", lang="zh")
    assert set(con["核对"]) == {"一致"} and len(con) == 4
    # both rows cited: the 13th plan's review row, then the 14th plan's row
    cited = list(con["出处（文件、文号、表、行；文件:行）"])
    assert all(
        re.search(
            r"^《.+》（.+）专栏1 第\d+行 · \w+\.txt:\d+ → 《.+》（.+）(专栏|表)[\d-]+ 第\d+行 · \w+\.txt:\d+$",
            s,
        )
        for s in cited
    )


def test_review_figure_and_overview_figures_render(table, codebook, tmp_path):
    figures = {
        "review": charts.review_figure(table, "zh", codebook),
        "coverage": charts.coverage_heatmap(table, "zh", codebook),
        "domains": charts.domain_bars(table, "en"),
    }
    assert all(fig is not None for fig in figures.values())
    for name, fig in figures.items():
        assert save_without_missing_glyphs(fig, tmp_path / f"{name}.png") == []
        assert (tmp_path / f"{name}.png").stat().st_size > 5_000


def test_save_only_when_asked_and_under_reports(table, codebook, tmp_path, monkeypatch):
    fig = charts.domain_bars(table, "zh")
    assert charts.save(fig, "", "x") is None
    monkeypatch.setattr(paths, "REPORTS", tmp_path)
    saved = charts.save(fig, "figures/overview", "domains")
    assert saved == tmp_path / "figures" / "overview" / "domains.png"
    assert saved.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    absolute = charts.save(fig, tmp_path / "abs", "domains")
    assert absolute.parent == tmp_path / "abs" and absolute.stat().st_size > 0


def test_render_draws_once_saves_and_shows_the_same_bytes(table, tmp_path, monkeypatch):
    fig = charts.domain_bars(table, "zh")
    drawn = []
    original = fig.draw
    monkeypatch.setattr(fig, "draw", lambda renderer: drawn.append(1) or original(renderer))
    image = charts.render(fig, tmp_path / "figs", "domains", dpi=150)
    saved = (tmp_path / "figs" / "domains.png").read_bytes()
    assert image.data == saved and saved[:8] == b"\x89PNG\r\n\x1a\n"
    # constrained layout lays the figure out once, then draws it: two calls for the PNG,
    # two for its SVG copy; displaying it draws nothing more.
    assert len(drawn) == 4
    assert (tmp_path / "figs" / "domains.svg").is_file() and (tmp_path / "figs" / "domains.csv").is_file()
    width_px = int.from_bytes(saved[16:20], "big")
    assert image.width == round(width_px * 100 / 150)  # shown at the inline backend's size
    assert charts.render(fig, "", "x").data[:8] == b"\x89PNG\r\n\x1a\n"  # display only
    assert not list(tmp_path.glob("figures"))


def test_only_figures_without_a_layout_of_their_own_are_trimmed(table, codebook):
    from matplotlib.figure import Figure

    from compare.figures import maps

    assert not saving._needs_trim(charts.domain_bars(table, "zh"))  # constrained layout
    assert not saving._needs_trim(maps.locator_map("bishan"))  # axes placed by hand
    own = Figure(figsize=(2, 1))
    own.text(0.9, 0.5, "开州区 runs past the right edge")
    assert saving._needs_trim(own)
    png = charts.render(own, dpi=100).data
    assert int.from_bytes(png[16:20], "big") > 200  # trimmed to the text, not cut at 2 in


def test_show_hides_row_numbers_and_renders_deterministically(table, codebook):
    rows = charts.indicator_rows(table, "forest_cover", "zh")
    html = charts.show(rows).to_html()
    assert html == charts.show(rows).to_html()  # no random ids
    assert "row_heading" not in html and "kaizhou_eco_14th_fyp.txt" in html
    profile = charts.show(charts.region_profile(table, codebook, "kaizhou", "zh"), index=True).to_html()
    assert "row_heading" in profile and "生态保护" in profile


def test_show_blanks_missing_and_can_trim_trailing_zeros():
    import numpy as np
    import pandas as pd

    df = pd.DataFrame({"min": [310.0, 95.0], "cv": [0.064, np.nan], "n": [3, 4]})
    cells = lambda styler: re.findall(r"<td[^>]*>([^<]*)</td>", styler.to_html())  # noqa: E731
    assert cells(charts.show(df)) == ["310.00", "0.06", "3", "95.00", "", "4"]
    assert cells(charts.show(df, precision=3, trim_zeros=True)) == ["310", "0.064", "3", "95", "", "4"]


def test_map_indicators_puts_the_chosen_one_first(table):
    ids = charts.map_indicators(table, "pm25_concentration", n=4)
    assert ids[0] == "pm25_concentration" and len(ids) == 4 and len(set(ids)) == 4
    numeric = table[(table["period"] == "14th") & table["target_value"].notna()]
    for ident in ids[1:]:
        assert numeric.loc[numeric["indicator_id"] == ident, "region"].nunique() >= 2
