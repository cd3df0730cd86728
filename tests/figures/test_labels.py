"""The one labels module, the figure files, and the parameter checks of the suite's notebooks."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from compare import paths
from compare.errors import ParameterError
from compare.figures import charts, labels, maps, records, saving
from compare.reports import params

CJK = re.compile(r"[\u3400-\u9fff]")


def test_one_unit_dictionary_for_charts_and_maps():
    assert labels.unit_label("亩", "en") == "mu" and labels.unit_label("万亩", "en") == "10,000 mu"
    assert maps._unit_label("亩", "en") == labels.unit_label("亩", "en")
    for unit, english in labels.UNITS_EN.items():
        assert CJK.search(unit) and not CJK.search(english), unit
    assert labels.unit_label("μg/m3", "zh") == "μg/m³" and labels.same_unit("μg/m3", "μg/m³")


def test_every_word_has_both_languages():
    for table in (
        labels.REPORT_TEXTS,
        labels.PAGE_TEXTS,
        labels.FIGURE_TEXTS,
        labels.VERDICTS,
        labels.MAP_KINDS,
    ):
        for key, (zh, en) in table.items():
            assert zh and en, key
            assert not CJK.search(en), (key, en)
    for key in ("higher_is_better", "source", "other_unit"):
        assert CJK.search(labels.map_text(key, "zh")) and not CJK.search(labels.map_text(key, "en"))
    assert labels.OUTSIDE_SUITE[1] == "has a plan, not in this comparison"


def test_analysis_returns_codes_and_labels_hold_the_words():
    """Display words live in figures/labels.py only: analysis has no word tables of its own."""
    from compare import analysis

    assert not hasattr(analysis, "STATUS_LABELS") and not hasattr(analysis, "label")
    assert labels.status_label("weaker", "zh") == "弱于市级"
    assert labels.status_label("not assessable (no value)", "zh") == "无法评估"


def test_figure_files_go_under_the_figure_root(tmp_path, monkeypatch):
    from matplotlib.figure import Figure

    monkeypatch.setenv("COMPARE_FIGURES_ROOT", str(tmp_path / "staging"))
    assert saving.figure_root() == tmp_path / "staging"
    fig = Figure(figsize=(4, 3))
    fig.add_subplot().plot([1, 2], [3, 4])
    records.attach_data(fig, pd.DataFrame({"x": [1, 2], "y": [3, 4]}))
    shown = saving.render(fig, "figures/demo-zh", "line", alt="A line from (1, 3) to (2, 4)")
    folder = tmp_path / "staging" / "figures" / "demo-zh"
    assert sorted(p.name for p in folder.iterdir()) == ["line.csv", "line.png", "line.svg"]
    html = shown._repr_html_()
    # links are relative to the page (pages sit at the root), never the staging path
    for ext in ("png", "svg", "csv"):
        assert f'href="figures/demo-zh/line.{ext}"' in html
    assert str(tmp_path) not in html and 'alt="A line from (1, 3) to (2, 4)"' in html
    assert shown.min_pt > 0 and (folder / "line.svg").read_bytes() == saving._svg(fig)  # deterministic
    monkeypatch.delenv("COMPARE_FIGURES_ROOT")
    assert saving.figure_root() == paths.REPORTS


def test_smallest_text_counts_the_print_scale():
    from matplotlib.figure import Figure

    wide = Figure(figsize=(14.16, 3))
    ax = wide.add_subplot()
    ax.set_title("x", fontsize=10)
    ax.tick_params(labelsize=10)
    ax.set_xlabel("y", fontsize=10)
    assert saving.smallest_text_pt(wide) == pytest.approx(5.0, abs=0.01)  # drawn 10 pt, printed at half


def test_wide_tables_go_landscape_and_short_columns_do_not_wrap():
    narrow = charts.show(pd.DataFrame({"地区": ["开州区"], "值": [1.0]})).to_html()
    assert 'class="report-table portrait"' in narrow and "nowrap" in narrow
    wide = pd.DataFrame({f"第{i}列的较长表头": ["一段比较长的说明文字，超过十二个字"] for i in range(9)})
    assert "landscape" in charts.show(wide).to_html()


# ---------------------------------------------------------------------------- parameters


def nb(name: str):
    return paths.NOTEBOOKS / f"{name}.ipynb"


def test_unknown_parameter_is_rejected_before_a_kernel(tmp_path):
    from compare.reports import run_reports

    catalog = tmp_path / "catalog.yml"
    catalog.write_text(
        "reports:\n  - name: typo\n    notebook: 30-region-profile.ipynb\n"
        "    title: t\n    parameters: {regoins: kaizhou}\n",
        encoding="utf-8",
    )
    code = run_reports(catalog, out_dir=tmp_path / "out", progress=False)
    run = (tmp_path / "out" / "run.json").read_text(encoding="utf-8")
    assert (
        code == 1 and '"stage": "parameters"' in run and "regoins" in run and "did you mean 'region'" in run
    )
    assert not list((tmp_path / "out").glob("typo.*")), "no kernel ran, nothing was written"


def test_papermill_injected_typo_is_caught_in_the_kernel():
    namespace = {"In": ["", '# Parameters\nregoins = "kaizhou"\nlang = "en"\n'], "region": "kaizhou"}
    with pytest.raises(ParameterError, match=r"parameter regoins: not declared.*did you mean 'region'"):
        params.check_in_notebook(namespace, notebook="30-region-profile", region="kaizhou", lang="en")
    namespace["In"].append('# Parameters\nregion = "bishan"\n')  # the latest injected cell counts
    params.check_in_notebook(namespace, notebook="30-region-profile", region="bishan", lang="zh")


def test_valid_values_name_only_values_that_work():
    table, codebook = params.load_reference()
    with pytest.raises(ParameterError) as e:
        params.validate(nb("30-region-profile"), {"region": "chongqing"}, table, codebook)
    assert str(e.value).endswith("valid values: bishan, kaizhou, qianjiang, tongnan")
    with pytest.raises(ParameterError) as e:
        params.validate(nb("20-indicator"), {"indicator_id": "bogus"}, table, codebook)
    valid = str(e.value).split("valid values: ")[1].split(", ")
    in_14th = set(table.loc[table["period"] == "14th", "indicator_id"])
    assert set(valid) == in_14th and len(valid) < len(codebook)
    with pytest.raises(ParameterError, match=r"valid values: baseline, target, change$"):
        params.validate(nb("50-atlas"), {"measure": "achieved"}, table, codebook)
    with pytest.raises(ParameterError, match="two different districts"):
        params.validate(nb("35-pair"), {"region_a": "bishan", "region_b": "bishan"}, table, codebook)
    params.validate(nb("35-pair"), {"region_a": "bishan", "region_b": "tongnan"}, table, codebook)
    params.validate(nb("20-indicator"), {"indicator_id": "forest_cover", "regions": ""}, table, codebook)


# ------------------------------------------------------------------------- honest scales


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


def test_dumbbell_does_not_place_another_unit_on_its_axis(table):
    fig = charts.dumbbell(table, None, "radiation_accident_rate", None, "zh")
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert any("单位不同（%），不可比" in t for t in texts)
    data = records.figure_data(fig)
    tongnan = data[data["region_label"] == "潼南区"].iloc[0]
    assert not tongnan["drawn_on_axis"] and tongnan["unit"] == "%"
