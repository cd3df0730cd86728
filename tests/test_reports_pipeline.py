"""The batch report pipeline: catalog, parameter checks, papermill runs, HTML and PDF.

The slow tests execute two tiny notebooks written here (not the project's notebooks) with a
real kernel, once serially and once with two workers.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from compare import reports
from compare.errors import CompareError, ParameterError
from compare.reports import params

REGIONS = ["kaizhou", "bishan", "tongnan", "qianjiang", "chongqing"]
NAMES_ZH = ["开州区", "璧山区", "潼南区", "黔江区", "重庆市"]
IDS = ["air_good_days", "pm25", "water_quality_ratio"]

GOOD_FIGURE = """\
import warnings
import matplotlib.pyplot as plt
import pandas as pd
from compare.figures.fonts import use_cjk_font
use_cjk_font()
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    fig, ax = plt.subplots(figsize=(5, 3))
    ax.bar(["开州区", "璧山区", "潼南区", "黔江区"], [1, 2, 3, 4])
    ax.set_title(f"{region}：空气质量优良天数")
    fig.canvas.draw()
missing = [w for w in caught if "missing from font" in str(w.message)]
print("missing glyphs:", len(missing))
plt.show()"""

GOOD_TABLE = """\
df = pd.DataFrame({"地区": ["开州区", "璧山区", "潼南区", "黔江区"],
                   "value": [1.5, 2.0, 3.25, 4.0]})
print(df.to_string())
df"""


# ----------------------------------------------------------------------------- fixtures


def notebook(path: Path, *cells) -> Path:
    """Write a notebook; the first code cell given as ("params", src) is tagged parameters."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for kind, src in cells:
        if kind == "md":
            nb.cells.append(nbformat.v4.new_markdown_cell(src))
        else:
            cell = nbformat.v4.new_code_cell(src)
            if kind == "params":
                cell.metadata["tags"] = ["parameters"]
            nb.cells.append(cell)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def write_reference(root: Path) -> tuple[Path, Path]:
    table = pd.DataFrame(
        {
            "region": REGIONS * 2,
            "region_name_zh": NAMES_ZH * 2,
            "period": ["14th"] * 10,
            "indicator_id": IDS[:2] * 5,
            "target_value": [""] * 10,
        }
    )
    codebook = pd.DataFrame(
        {
            "indicator_id": IDS,
            "domain": ["air", "air", "water"],
            "name_zh": ["空气质量优良天数比率", "PM2.5浓度", "地表水达标比例"],
            "name_en": ["Good air days", "PM2.5", "Water quality"],
            "unit": ["%", "μg/m3", "%"],
            "direction": ["higher_is_better", "lower_is_better", "higher_is_better"],
            "synonyms": ["", "", ""],
            "sdg": ["11.6", "11.6", "6.3"],
        }
    )
    (root / "data").mkdir(parents=True, exist_ok=True)
    table_csv, codebook_csv = root / "data" / "indicators.csv", root / "data" / "codebook.csv"
    table.to_csv(table_csv, index=False)
    codebook.to_csv(codebook_csv, index=False)
    return table_csv, codebook_csv


CATALOG = """\
reports:
  - name: good
    notebook: 10-good.ipynb
    title: 开州区 测试 / Kaizhou test
    parameters: {region: qianjiang, lang: zh}
  - name: bad
    notebook: 20-bad.ipynb
    title: 失败的报告 / Failing report
    parameters: {region: bishan}
  - name: invalid
    notebook: 10-good.ipynb
    title: 参数错误 / Bad parameter
    parameters: {region: wanzhou}
"""


def make_project(root: Path) -> dict[str, Path]:
    nbs = root / "notebooks"
    notebook(
        nbs / "10-good.ipynb",
        (
            "params",
            'region: str = "kaizhou"  # one of kaizhou, bishan, tongnan, qianjiang\n'
            'lang: str = "zh"  # zh or en',
        ),
        ("md", "# 开州区 测试\n\n一个测试报告。"),
        ("code", GOOD_FIGURE),
        ("code", GOOD_TABLE),
    )
    notebook(
        nbs / "20-bad.ipynb",
        ("params", 'region: str = "kaizhou"'),
        ("md", "# 失败 / failing"),
        ("code", 'raise ValueError("故意失败 deliberately")'),
        ("code", 'print("never reached")'),
    )
    notebook(
        nbs / "30-choices.ipynb",
        (
            "params",
            'region: str = "kaizhou"\nregions: list = ["kaizhou", "bishan"]\n'
            'indicator_id: str = "all"\nlang: str = "zh"\nmeasure: str = "target"\n'
            'code: str = "0500"',
        ),
        ("code", "pass"),
    )
    notebook(nbs / "40-one-indicator.ipynb", ("params", 'indicator_id: str = "pm25"'), ("code", "pass"))
    catalog = root / "reports" / "catalog.yml"
    catalog.parent.mkdir(parents=True, exist_ok=True)
    catalog.write_text(CATALOG, encoding="utf-8")
    table, codebook = write_reference(root)
    return {"notebooks": nbs, "catalog": catalog, "table": table, "codebook": codebook}


@pytest.fixture(scope="module")
def good_and_bad_project(tmp_path_factory) -> dict[str, Path]:
    return make_project(tmp_path_factory.mktemp("project"))


def run(project: dict[str, Path], jobs: int, out: Path) -> dict:
    stdout = io.StringIO()
    with contextlib.redirect_stdout(stdout):
        code = reports.run_reports(
            project["catalog"],
            jobs=jobs,
            out_dir=out,
            notebooks_dir=project["notebooks"],
            table=project["table"],
            codebook=project["codebook"],
            progress=False,
        )
    run_json = json.loads((out / "run.json").read_text(encoding="utf-8"))
    return {
        "code": code,
        "stdout": stdout.getvalue(),
        "out": out,
        "json": run_json,
        "by_name": {r["name"]: r for r in run_json["reports"]},
    }


@pytest.fixture(scope="module")
def serial(good_and_bad_project, tmp_path_factory):
    return run(good_and_bad_project, 1, tmp_path_factory.mktemp("out1"))


@pytest.fixture(scope="module")
def parallel(good_and_bad_project, tmp_path_factory):
    return run(good_and_bad_project, 2, tmp_path_factory.mktemp("out2"))


# ----------------------------------------------------------------------- params (fast)


@pytest.fixture()
def ref(good_and_bad_project):
    return params.load_reference(good_and_bad_project["table"], good_and_bad_project["codebook"])


def check(project, nb, values, ref):
    params.validate(project["notebooks"] / nb, values, *ref)


def test_declared_parameters(good_and_bad_project):
    declared = params.declared_parameters(good_and_bad_project["notebooks"] / "10-good.ipynb")
    assert list(declared) == ["region", "lang"]
    assert declared["region"]["inferred_type_name"] == "str"
    assert declared["region"]["default"] == '"kaizhou"'


def test_valid_parameters_pass(good_and_bad_project, ref):
    check(
        good_and_bad_project,
        "30-choices.ipynb",
        {
            "region": "tongnan",
            "regions": "kaizhou, qianjiang",
            "indicator_id": "all",
            "lang": "en",
            "measure": "change",
            "code": "0500",
        },
        ref,
    )
    check(good_and_bad_project, "30-choices.ipynb", {"regions": ["bishan"], "indicator_id": "pm25"}, ref)


def test_undeclared_parameter_lists_declared(good_and_bad_project, ref):
    with pytest.raises(ParameterError) as e:
        check(good_and_bad_project, "10-good.ipynb", {"regin": "kaizhou"}, ref)
    msg = str(e.value)
    assert "10-good.ipynb" in msg and "regin" in msg and "valid values: region, lang" in msg
    assert "\n" not in msg


@pytest.mark.parametrize(
    "values, bad, valid",
    [
        ({"region": "wanzhou"}, "region", "bishan, chongqing, kaizhou, qianjiang, tongnan"),
        ({"regions": ["kaizhou", "wanzhou"]}, "regions", "bishan, chongqing, kaizhou, qianjiang, tongnan"),
        ({"regions": "kaizhou,wanzhou"}, "regions", "bishan, chongqing, kaizhou, qianjiang, tongnan"),
        ({"indicator_id": "pm10"}, "indicator_id", "air_good_days, pm25, water_quality_ratio, all"),
        ({"lang": "fr"}, "lang", "zh, en"),
        ({"measure": "value"}, "measure", "baseline, target, change"),
    ],
)
def test_invalid_value_lists_valid_values(good_and_bad_project, ref, values, bad, valid):
    with pytest.raises(ParameterError) as e:
        check(good_and_bad_project, "30-choices.ipynb", values, ref)
    msg = str(e.value)
    assert msg.startswith("30-choices.ipynb: parameter " + bad)
    assert msg.endswith("valid values: " + valid)
    assert "\n" not in msg


def test_all_only_where_the_default_is_all(good_and_bad_project, ref):
    with pytest.raises(
        ParameterError,
        match=r"'all'.*valid values: air_good_days, pm25, "
        r"water_quality_ratio$",
    ):
        check(good_and_bad_project, "40-one-indicator.ipynb", {"indicator_id": "all"}, ref)
    check(good_and_bad_project, "40-one-indicator.ipynb", {"indicator_id": "water_quality_ratio"}, ref)


def test_region_typo_gets_a_hint(good_and_bad_project, ref):
    with pytest.raises(ParameterError, match="did you mean 'kaizhou'"):
        check(good_and_bad_project, "10-good.ipynb", {"region": "kaizou"}, ref)


def test_yaml_number_for_a_string_parameter(good_and_bad_project, ref):
    with pytest.raises(
        ParameterError,
        match=r"parameter code: expects str, got int 320 "
        r"\(quote it in catalog.yml\)",
    ):
        check(good_and_bad_project, "30-choices.ipynb", {"code": 0o500}, ref)


def test_notebook_without_parameters_cell(tmp_path, ref):
    nb = notebook(tmp_path / "plain.ipynb", ("code", "x = 1"))
    with pytest.raises(ParameterError, match="declares no parameters"):
        params.validate(nb, {"region": "kaizhou"}, *ref)


def test_validate_reads_csv_paths_and_names_missing_file(good_and_bad_project, tmp_path):
    nb = good_and_bad_project["notebooks"] / "10-good.ipynb"
    params.validate(nb, {"region": "bishan"}, good_and_bad_project["table"], good_and_bad_project["codebook"])
    with pytest.raises(CompareError, match=r"nothere\.csv: not found"):
        params.validate(nb, {"region": "bishan"}, tmp_path / "nothere.csv")
    params.validate(nb, {"lang": "en"}, tmp_path / "nothere.csv")  # table not needed


def test_check_in_notebook(good_and_bad_project, monkeypatch):
    monkeypatch.setattr(params.paths, "TABLE_CSV", good_and_bad_project["table"])
    monkeypatch.setattr(params.paths, "CODEBOOK", good_and_bad_project["codebook"])
    assert params.check_in_notebook(region="kaizhou", lang="zh", indicator_id="all") == {
        "region": "kaizhou",
        "lang": "zh",
        "indicator_id": "all",
    }
    with pytest.raises(ParameterError, match=r"^notebook: parameter lang: .*valid values: zh, en$"):
        params.check_in_notebook(lang="de")


# ---------------------------------------------------------------------- catalog (fast)


def test_load_catalog(good_and_bad_project):
    loaded = reports.load_catalog(good_and_bad_project["catalog"], good_and_bad_project["notebooks"])
    assert [r.name for r in loaded] == ["good", "bad", "invalid"]
    assert loaded[0].title == "开州区 测试 / Kaizhou test"
    assert loaded[0].notebook == (good_and_bad_project["notebooks"] / "10-good.ipynb").resolve()
    assert loaded[0].parameters == {"region": "qianjiang", "lang": "zh"}


@pytest.mark.parametrize(
    "text, pattern",
    [
        (
            "reports:\n  - name: a\n    notebook: 10-good.ipynb\n  - name: a\n    notebook: 20-bad.ipynb\n",
            r"catalog.yml:4: report #2 'a': duplicate name, already used by report #1",
        ),
        (
            "reports:\n  - name: a\n    notebook: 99-nope.ipynb\n",
            r"catalog.yml:2: report #1 'a': notebook 99-nope.ipynb not found",
        ),
        ("reports:\n  - name: a\n    notebook: [unclosed\n", r"catalog.yml:4: bad YAML"),
        (
            "reports:\n  - name: Big Name\n    notebook: 10-good.ipynb\n",
            r"report #1 'Big Name': 'name' must match",
        ),
        ("reports:\n  - name: a\n    notebok: 10-good.ipynb\n", r"unknown key\(s\) notebok"),
        ("- name: a\n", r"catalog.yml: expected a top-level 'reports:' list"),
    ],
)
def test_catalog_errors(good_and_bad_project, tmp_path, text, pattern):
    path = tmp_path / "catalog.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CompareError, match=pattern):
        reports.load_catalog(path, good_and_bad_project["notebooks"])


def test_only_unknown_name_lists_reports(good_and_bad_project):
    loaded = reports.load_catalog(good_and_bad_project["catalog"], good_and_bad_project["notebooks"])
    assert [r.name for r in reports.select(loaded, ["bad"])] == ["bad"]
    with pytest.raises(ParameterError, match="nope: no such report; valid values: good, bad, invalid"):
        reports.select(loaded, ["nope"])


def test_pools_get_the_longest_reports_first():
    def report(name, notebook):
        return reports.Report(name, Path(notebook), name)

    def took(name, seconds):
        return reports.Result(name, name, "x.ipynb", seconds={"execute": seconds, "pdf": 1.0})

    catalog = [
        report("indicator-a", "20.ipynb"),
        report("indicator-b", "20.ipynb"),
        report("overview", "10.ipynb"),
        report("map-a", "50.ipynb"),
        report("map-b", "50.ipynb"),
        report("ambition", "70.ipynb"),
    ]
    order = lambda previous: [r.name for r in reports.longest_first(catalog, previous)]  # noqa: E731
    # no earlier run: notebooks rendered once (whole-table summaries) first, catalog order kept
    assert order({}) == ["overview", "ambition", "indicator-a", "indicator-b", "map-a", "map-b"]
    # an earlier run's seconds decide; a report it did not have counts as their mean (4.4 s)
    previous = {
        "indicator-a": took("indicator-a", 2.0),
        "indicator-b": took("indicator-b", 2.5),
        "overview": took("overview", 3.0),
        "map-a": took("map-a", 3.5),
        "ambition": took("ambition", 6.0),
    }
    assert order(previous) == ["ambition", "map-a", "map-b", "overview", "indicator-b", "indicator-a"]


# ------------------------------------------------------------------ pipeline (slow)


def pdf_fonts_and_text(path: Path) -> tuple[set[str], str]:
    """/BaseFont names of the fonts whose file is EMBEDDED (dashes removed), and the text.

    WeasyPrint names a font after its family (`ABCDEF+Noto-Sans-CJK-SC`), hence the dashes.
    """
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    fonts, text = set(), []
    for page in reader.pages:
        resources = page.get("/Resources")
        font_dict = resources.get_object().get("/Font") if resources else None
        for ref in font_dict.get_object().values() if font_dict else []:
            font = ref.get_object()
            for desc_font in font.get("/DescendantFonts", [font]):
                desc = desc_font.get_object().get("/FontDescriptor")
                desc = desc.get_object() if desc is not None else {}
                if any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    fonts.add(str(font.get("/BaseFont")).replace("-", ""))
        text.append(page.extract_text() or "")
    return fonts, "\n".join(text)


@pytest.mark.slow
def test_good_report_outputs(serial):
    out = serial["out"]
    for suffix in (".ipynb", ".html", ".pdf", ".docx"):
        assert (out / f"good{suffix}").stat().st_size > 0
    good = serial["by_name"]["good"]
    assert good["status"] == "ok" and good["message"] == ""
    assert set(good["seconds"]) == {"execute", "html", "pdf", "docx"}
    assert not list(out.glob(".*tmp*")), "temp files left behind"


@pytest.mark.slow
def test_executed_notebook_has_parameters_and_cjk_figure(serial):
    nb = nbformat.read(serial["out"] / "good.ipynb", as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and 'region = "qianjiang"' in injected[0].source
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    text = "".join(o.get("text", "") for o in outputs)
    assert "missing glyphs: 0" in text
    assert any("image/png" in o.get("data", {}) for o in outputs), "figure not captured"


@pytest.mark.slow
def test_pdf_embeds_cjk_font_and_text(serial):
    fonts, text = pdf_fonts_and_text(serial["out"] / "good.pdf")
    assert any("NotoSansCJK" in f for f in fonts), fonts
    assert "开州区" in text and "黔江区" in text


@pytest.mark.slow
def test_html_is_self_contained_with_code_hidden(serial):
    html = (serial["out"] / "good.html").read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in html
    assert "<title>开州区 测试 / Kaizhou test</title>" in html
    assert "开州区" in html and "黔江区" in html
    assert "Noto Sans CJK SC" in html and "@font-face" in html
    assert "data:image/png;base64," in html
    assert "jp-InputArea" not in html
    for pre in re.findall(r"<pre[^>]*>(.*?)</pre>", html, flags=re.S):
        assert "use_cjk_font" not in pre and "plt.subplots" not in pre and "print(" not in pre
    assert "use_cjk_font" not in html


@pytest.mark.slow
def test_failing_report_is_kept_and_reported(serial):
    bad = serial["by_name"]["bad"]
    assert bad["status"] == "failed" and bad["stage"] == "execute"
    assert bad["cell"] == 2 and bad["ename"] == "ValueError"
    assert "故意失败" in bad["evalue"]
    assert bad["message"] == "cell 2 (In [3]): ValueError: 故意失败 deliberately"
    out = serial["out"]
    nb = nbformat.read(out / "bad.failed.ipynb", as_version=4)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors and errors[0].ename == "ValueError"
    assert "ValueError" in (out / "bad.failed.html").read_text(encoding="utf-8")
    assert bad["outputs"] == {"ipynb": "bad.failed.ipynb", "html": "bad.failed.html"}
    assert not (out / "bad.pdf").exists() and not (out / "bad.ipynb").exists()
    assert not (out / "bad.docx").exists()
    assert serial["by_name"]["good"]["status"] == "ok"  # the failure stopped nothing


@pytest.mark.slow
def test_invalid_parameters_fail_before_execution(serial):
    invalid = serial["by_name"]["invalid"]
    assert invalid["status"] == "failed" and invalid["stage"] == "parameters"
    assert invalid["message"] == (
        "10-good.ipynb: parameter region: 'wanzhou' is not a valid region in indicators.csv; "
        "valid values: bishan, chongqing, kaizhou, qianjiang, tongnan"
    )
    assert invalid["seconds"] == {} and invalid["outputs"] == {}
    assert not any(serial["out"].glob("invalid.*"))


@pytest.mark.slow
def test_exit_code_summary_and_index(serial):
    assert serial["code"] == 1
    lines = serial["stdout"].splitlines()
    assert lines[0].split() == ["name", "status", "seconds", "error"]
    assert any(
        line.startswith("bad") and "failed" in line and "cell 2 (In [3]): ValueError" in line
        for line in lines
    )
    assert any(line.startswith("good") and " ok " in line for line in lines)
    index = (serial["out"] / "index.html").read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in index
    for href in ("good.html", "good.pdf", "good.docx", "good.ipynb", "bad.failed.html", "bad.failed.ipynb"):
        assert f'href="{href}"' in index
    for title in ("开州区 测试 / Kaizhou test", "失败的报告 / Failing report", "参数错误 / Bad parameter"):
        assert title in index
    assert serial["json"]["harfbuzz_subset"] in (True, False)
    assert [r["name"] for r in serial["json"]["reports"]] == ["good", "bad", "invalid"]


@pytest.mark.slow
def test_two_jobs_give_the_same_outputs(serial, parallel):
    assert parallel["code"] == serial["code"] == 1
    names = lambda run: sorted(p.name for p in run["out"].iterdir())  # noqa: E731
    assert names(parallel) == names(serial)
    keys = ("status", "stage", "message", "cell", "ename", "evalue", "outputs")
    for name in ("good", "bad", "invalid"):
        assert {k: parallel["by_name"][name][k] for k in keys} == {
            k: serial["by_name"][name][k] for k in keys
        }
    assert (parallel["out"] / "good.html").read_text(encoding="utf-8") == (
        serial["out"] / "good.html"
    ).read_text(encoding="utf-8")
    fonts, text = pdf_fonts_and_text(parallel["out"] / "good.pdf")
    assert any("NotoSansCJK" in f for f in fonts) and "黔江区" in text


@pytest.mark.slow
def test_only_keeps_the_index_whole(good_and_bad_project, serial, tmp_path):
    import shutil

    out = tmp_path / "out"
    shutil.copytree(serial["out"], out)
    stdout = io.StringIO()
    with contextlib.redirect_stdout(stdout):
        code = reports.run_reports(
            good_and_bad_project["catalog"],
            only=["invalid"],
            out_dir=out,
            notebooks_dir=good_and_bad_project["notebooks"],
            table=good_and_bad_project["table"],
            codebook=good_and_bad_project["codebook"],
            progress=False,
        )
    assert code == 1
    data = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in data["reports"]] == ["good", "bad", "invalid"]
    assert data["this_run"] == ["invalid"]
    assert 'href="good.pdf"' in (out / "index.html").read_text(encoding="utf-8")
