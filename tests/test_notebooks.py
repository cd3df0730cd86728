"""The report notebooks and their catalog.

Fast tests pin each notebook's parameter contract (`papermill.inspect_notebook`), check the
notebooks are committed clean, and check `reports/catalog.yml` is exactly what
`compare.catalog` generates from the table, with every entry valid. The slow tests read every
notebook as executed by papermill on the real table in the session's one rendering of the
catalog (conftest ``rendered``; a parameter the catalog does not use is executed here) and
assert on what it produced: figure files, the indicator and district names and cells in the
outputs, and no error.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from compare import paths, reports
from compare.figures import charts
from compare.reports import catalog, params

NOTEBOOKS = [
    "10-overview",
    "15-brief",
    "20-indicator",
    "30-region-profile",
    "31-municipal-profile",
    "35-pair",
    "40-review",
    "50-atlas",
    "60-alignment",
    "70-ambition",
    "80-methods",
    "90-progress",
]

#: name -> (annotated type, default as written); the order is the order in the cell.
CONTRACT = {
    "10-overview": {"lang": ("str", '"zh"'), "figures_dir": ("str", '""')},
    "15-brief": {"region": ("str", '"kaizhou"'), "lang": ("str", '"zh"')},
    "20-indicator": {
        "indicator_id": ("str", '"forest_cover"'),
        "regions": ("str", '""'),
        "lang": ("str", '"zh"'),
        "figures_dir": ("str", '""'),
    },
    "30-region-profile": {
        "region": ("str", '"kaizhou"'),
        "lang": ("str", '"zh"'),
        "figures_dir": ("str", '""'),
    },
    "31-municipal-profile": {"lang": ("str", '"zh"'), "figures_dir": ("str", '""')},
    "35-pair": {
        "region_a": ("str", '"bishan"'),
        "region_b": ("str", '"kaizhou"'),
        "lang": ("str", '"zh"'),
        "figures_dir": ("str", '""'),
    },
    "40-review": {"lang": ("str", '"zh"'), "figures_dir": ("str", '""')},
    "50-atlas": {
        "measure": ("str", '"target"'),
        "domain": ("str", '""'),
        "lang": ("str", '"zh"'),
        "figures_dir": ("str", '""'),
    },
    "60-alignment": {"lang": ("str", '"zh"'), "figures_dir": ("str", '""')},
    "70-ambition": {"indicator_id": ("str", '"all"'), "lang": ("str", '"zh"'), "figures_dir": ("str", '""')},
    "80-methods": {"lang": ("str", '"zh"'), "figures_dir": ("str", '""')},
    "90-progress": {"lang": ("str", '"zh"'), "figures_dir": ("str", '""')},
}


#: Notebooks whose every word comes from the labels module (reports-ui's).
OWN_LANGUAGE = {
    "10-overview",
    "15-brief",
    "20-indicator",
    "30-region-profile",
    "31-municipal-profile",
    "35-pair",
    "50-atlas",
    "90-progress",
}


def path_of(name: str) -> Path:
    return paths.NOTEBOOKS / f"{name}.ipynb"


# ----------------------------------------------------------------------------- contract


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_parameter_contract_is_pinned(name):
    import papermill

    declared = papermill.inspect_notebook(str(path_of(name)))
    assert {k: (v["inferred_type_name"], v["default"]) for k, v in declared.items()} == CONTRACT[name]
    assert list(declared) == list(CONTRACT[name])
    assert all(v["help"] for v in declared.values()), "every parameter has a comment"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_is_committed_clean_and_shaped(name):
    nb = nbformat.read(path_of(name), as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    first = nb.cells[0]
    assert first.cell_type == "markdown" and re.match(r"# \S", first.source)
    if name in OWN_LANGUAGE:  # the developer's note stays out of the one-language report
        assert first.metadata.get("tags") == ["remove-cell"]
        assert all(c.cell_type == "code" for c in nb.cells[1:]), "words come from compare.figures.labels"
    assert len(first.source.split("\n\n", 1)[1]) > 80, "an H1 title and a purpose paragraph"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[0].metadata.get("tags") == ["parameters"]
    assert "check_in_notebook(" in code[1].source
    # Setup (validation, imports, the table) is tagged, so the benchmark can tell it from
    # the work a report does; nothing after it is setup.
    setup = [i for i, c in enumerate(code) if "setup" in c.metadata.get("tags", [])]
    assert setup == [1, 2] and "load_table()" in code[2].source
    for cell in code:
        assert cell.outputs == [] and cell.execution_count is None
        assert "../" not in cell.source and "read_csv" not in cell.source  # no paths, no parsing


# ----------------------------------------------------------------------------- catalog


def test_catalog_file_is_generated_from_the_table(table):
    assert paths.CATALOG.read_text(encoding="utf-8") == catalog.to_yaml(catalog.build_catalog(table)), (
        "reports/catalog.yml is stale: run `python -m compare.catalog`"
    )


def test_catalog_entries_follow_the_data(table):
    entries = catalog.build_catalog(table)
    names = [e["name"] for e in entries]
    assert len(names) == len(set(names)) and all(re.fullmatch(r"[a-z0-9_-]+", n) for n in names)
    t14 = table[table["period"] == "14th"]
    plans = t14.groupby("indicator_id")["region"].nunique()
    for lang in ("zh", "en"):
        mine = [n[: -len(lang) - 1] for n in names if n.endswith(f"-{lang}")]
        assert len(mine) == len(names) // 2
        assert sorted(n[len("indicator-") :] for n in mine if n.startswith("indicator-")) == sorted(
            plans[plans >= 2].index
        )
        assert [n for n in mine if n.startswith("profile-")] == [
            *(f"profile-{r}" for r in sorted(charts.districts())),
            "profile-chongqing",
        ]
        assert {
            "overview",
            "review",
            "alignment",
            "ambition",
            "methods",
            "atlas",
            "indicator-forest_cover",
        } <= set(mine)
    # forest cover: the four districts, and the city through a secondary fact (not its prose)
    assert plans["forest_cover"] == 5
    kinds = catalog.counts(entries)
    assert kinds["indicator"] == 2 * (plans >= 2).sum() and kinds["profile"] == 8 and kinds["pair"] == 12
    assert kinds["brief"] == 10  # four districts and the city, in both languages
    assert sum(kinds.values()) == len(entries)
    by_name = {e["name"]: e for e in entries}
    assert by_name["ambition-en"]["parameters"]["indicator_id"] == "all"
    assert by_name["atlas-en"]["parameters"] == {
        "measure": "target",
        "lang": "en",
        "figures_dir": "figures/atlas-en",
    }
    assert by_name["pair-bishan-kaizhou-zh"]["parameters"]["region_a"] == "bishan"
    # a report speaks its language from the title on
    assert by_name["indicator-forest_cover-zh"]["title"] == "指标比较：森林覆盖率"
    assert by_name["indicator-forest_cover-en"]["title"] == "Indicator comparison: Forest cover"


def test_every_catalog_entry_is_valid():
    if not (paths.NOTEBOOKS / catalog.NOTEBOOKS["alignment"]).is_file():
        pytest.skip("60-alignment.ipynb not written yet")
    ref_table, ref_codebook = params.load_reference()
    entries = reports.load_catalog()
    for report in entries:
        params.validate(report.notebook, report.parameters, ref_table, ref_codebook)


# ----------------------------------------------------------------------------- execution


def run(name: str, tmp_path: Path, **parameters) -> tuple[nbformat.NotebookNode, Path]:
    import papermill

    figures = tmp_path / "figures" / name
    out = tmp_path / f"{name}.ipynb"
    papermill.execute_notebook(
        str(path_of(name)),
        str(out),
        kernel_name="python3",
        parameters={**parameters, "figures_dir": str(figures)},
        cwd=str(paths.NOTEBOOKS),
        progress_bar=False,
        execution_timeout=300,
        start_timeout=120,
    )
    return nbformat.read(out, as_version=4), figures


def executed(rendered: Path, name: str) -> tuple[nbformat.NotebookNode, Path]:
    """A catalog report's executed notebook and figures folder from the session's rendering."""
    return nbformat.read(rendered / f"{name}.ipynb", as_version=4), rendered / "figures" / name


def output_text(nb: nbformat.NotebookNode) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                raise AssertionError(f"{out.ename}: {out.evalue}")
            if out.output_type == "stream":
                assert out.name != "stderr" or "missing from font" not in out.text, out.text
                parts.append(out.text)
            for mime in ("text/plain", "text/html", "text/markdown"):
                if mime in out.get("data", {}):
                    parts.append(out.data[mime])
    return "\n".join(parts)


def images(nb: nbformat.NotebookNode) -> int:
    """Figures shown: PNG outputs, or the report figures (an HTML <figure> with the PNG)."""
    return sum(
        "image/png" in out.get("data", {})
        or 'class="report-figure"' in out.get("data", {}).get("text/html", "")
        for c in nb.cells
        for out in c.get("outputs", [])
    )


def assert_figures(folder: Path, names: list[str], csv: bool = True) -> None:
    """Each figure is written as PNG and SVG, with the CSV of the data it draws."""
    expected = [f"{n}.{ext}" for n in names for ext in (("png", "svg", "csv") if csv else ("png", "svg"))]
    found = sorted(p.name for p in folder.iterdir())
    assert set(expected) <= set(found), found
    for n in names:
        assert (folder / f"{n}.png").read_bytes()[:4] == b"\x89PNG"
        assert (folder / f"{n}.png").stat().st_size > 5_000
        assert (folder / f"{n}.svg").read_bytes().lstrip()[:5] in (b"<?xml", b"<svg ")


@pytest.mark.slow
def test_overview_runs(rendered, table):
    nb, figures = executed(rendered, "overview-en")
    parts = len(charts.heatmap_parts(table))
    assert parts >= 2  # the coverage matrix in page-sized parts
    assert_figures(figures, [*(f"coverage-{k}" for k in range(1, parts + 1)), "domains", "dashboard"])
    assert images(nb) == parts + 2
    text = output_text(nb)
    for expected in (
        "Forest cover",
        "Kaizhou District",
        "Chongqing Municipality",
        "binding",
        "kaizhou_eco_14th_fyp.txt",
        "Targets without a number",
        "完成市级下达目标",
        "Coverage overview",
    ):
        assert expected in text, expected


@pytest.mark.slow
def test_indicator_comparison_runs(tmp_path, table):
    nb, figures = run(
        "20-indicator", tmp_path, indicator_id="pm25_concentration", regions="bishan,tongnan", lang="zh"
    )
    assert_figures(figures, ["dumbbell", "map"])
    assert images(nb) == 2
    text = output_text(nb)
    rows = table[(table["indicator_id"] == "pm25_concentration") & (table["region"] == "tongnan")]
    for _, r in rows.iterrows():  # every printed row with its file:line
        assert f"{r['source_file']}:{int(r['source_line'])}" in text
    for expected in ("细颗粒物（PM2.5）年均浓度", "35*", "≤35", "潼南区", "放宽", "一致", "基期与目标"):
        assert expected in text, expected


@pytest.mark.slow
def test_region_profile_runs(rendered):
    nb, figures = executed(rendered, "profile-qianjiang-en")
    assert_figures(figures, ["locator"])
    assert "Region profile: Qianjiang District" in output_text(nb)
    text = output_text(nb)
    # qianjiang 表2-1: 森林覆盖率 65 -> ≥65; 13th 专栏1: 60 -> 65, 完成
    for expected in (
        "Qianjiang District",
        "Forest cover",
        "≥65",
        "Kaizhou District",
        "met",
        "qianjiang_eco_14th_fyp.txt:",
    ):
        assert expected in text, expected


@pytest.mark.slow
def test_progress_runs(rendered):
    nb, figures = executed(rendered, "progress-en")
    assert_figures(figures, ["progress-dashboard", "progress-trajectories", "progress-map"])
    text = output_text(nb)
    expected = (
        "Coverage: which targets have observations",
        "limited progress",
        "achieved (2025 outturn)",
        "observed_2020_2025.csv:38",  # 333 days (May 2025), used
        "observed_2020_2025.csv:48†",  # 329 days (January 2025), secondary, shown in the conflicts
        "‡",
        "progress-methodology.md",
    )
    assert [e for e in expected if e not in text] == []


@pytest.mark.slow
def test_review_runs(rendered):
    nb, figures = executed(rendered, "review-zh")
    assert_figures(figures, ["review"])
    text = output_text(nb)
    expected = ("未完成", "无法评估", "41.7*", "认定达标", "人均公园绿地面积")
    assert [e for e in expected if e not in text] == []


@pytest.mark.slow
def test_atlas_runs(rendered, table):
    nb, figures = executed(rendered, "atlas-en")
    ids = charts.atlas_indicators(table)
    assert len(ids) >= 10 and "air_good_days" in ids
    assert_figures(figures, ids)
    assert images(nb) == len(ids)
    text = output_text(nb)
    for expected in (
        "Atlas of indicators",
        "Contents",
        "Days with good air quality",
        'href="#air_good_days"',
    ):
        assert expected in text, expected


@pytest.mark.slow
def test_municipal_profile_runs(rendered):
    nb, figures = executed(rendered, "profile-chongqing-zh")
    assert_figures(figures, ["uptake"])
    text = output_text(nb)
    expected = ("重庆市概况", "chongqing_eco_14th_fyp.txt:", "自然保护地面积占比", "≥15.4")
    assert [e for e in expected if e not in text] == []


@pytest.mark.slow
def test_pair_runs(rendered):
    nb, figures = executed(rendered, "pair-bishan-tongnan-en")
    assert_figures(figures, ["domains"])
    text = output_text(nb)
    expected = ("side by side", "Bishan District", "Tongnan District", "set by both", "stricter")
    assert [e for e in expected if e not in text] == []


@pytest.mark.slow
def test_alignment_runs(rendered):
    nb, figures = executed(rendered, "alignment-zh")
    assert_figures(figures, ["alignment"])
    assert images(nb) == 1
    text = output_text(nb)
    # Kaizhou's nature-reserve share (9%) falls short of the municipal 不低于15.4%
    for expected in ("开州区", "15.4", "kaizhou_eco_14th_fyp.txt:", "chongqing_eco_14th_fyp.txt:"):
        assert expected in text, expected


@pytest.mark.slow
def test_ambition_runs(rendered):
    nb, figures = executed(rendered, "ambition-en")
    assert_figures(figures, ["improvement_rates-1", "target_ranges-1", "target_ranges-2"])
    assert images(nb) == 3
    text = output_text(nb)
    for expected in ("target rows", "Tongnan District", "tongnan_eco_14th_fyp.txt:"):
        assert expected in text, expected


@pytest.mark.slow
def test_bad_parameter_stops_the_notebook_listing_valid_values(tmp_path):
    import papermill

    with pytest.raises(papermill.PapermillExecutionError) as info:
        run("30-region-profile", tmp_path, region="kaizou")
    assert info.value.ename == "ParameterError"
    assert "did you mean 'kaizhou'" in info.value.evalue and "qianjiang" in info.value.evalue


@pytest.mark.slow
def test_papermill_run_with_an_undeclared_parameter_fails(tmp_path):
    """`papermill … -p regoins kaizhou` only warns; the notebook's own check stops it."""
    import papermill

    with pytest.raises(papermill.PapermillExecutionError) as info:
        run("30-region-profile", tmp_path, regoins="kaizhou")
    assert info.value.ename == "ParameterError"
    assert "regoins" in info.value.evalue and "did you mean 'region'" in info.value.evalue
