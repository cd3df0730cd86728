"""Incremental rendering: a change re-renders exactly the reports whose inputs it touches.

A tiny project whose notebooks carry the suite's names, so the slices derived from the
parameters apply: an indicator report reads its indicator's rows, a profile its region's
rows and those of the indicators that region sets, anything else the whole table; one
entry declares its slice (``reads:``) itself.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from compare.reports import fingerprint, run_reports
from compare.reports.run import plan_reports
from test_reports_pipeline import notebook

pytestmark = pytest.mark.slow

TABLE = pd.DataFrame(
    {
        "region": ["kaizhou", "bishan", "bishan", "tongnan"],
        "indicator_id": ["pm25", "pm25", "air_good_days", "air_good_days"],
        "period": ["14th"] * 4,
        "target_value": ["30", "28", "90", "92"],
    }
)
CODEBOOK = pd.DataFrame({"indicator_id": ["pm25", "air_good_days"], "name_zh": ["PM2.5", "优良天数"]})
CATALOG = """\
reports:
  - {name: ind-pm25, notebook: 20-indicator.ipynb, parameters: {indicator_id: pm25}}
  - {name: ind-air, notebook: 20-indicator.ipynb, parameters: {indicator_id: air_good_days}}
  - {name: profile-kaizhou, notebook: 30-region-profile.ipynb, parameters: {region: kaizhou}}
  - {name: overview, notebook: 10-overview.ipynb}
  - {name: declared, notebook: 20-indicator.ipynb, parameters: {indicator_id: pm25}, reads: {region: tongnan}}
"""
ALL = {"ind-pm25", "ind-air", "profile-kaizhou", "overview", "declared"}


def make(root: Path) -> dict:
    nbs = root / "notebooks"
    notebook(
        nbs / "20-indicator.ipynb",
        ("params", 'indicator_id: str = "pm25"\nlang: str = "zh"'),
        ("code", "print(indicator_id)"),
    )
    notebook(
        nbs / "30-region-profile.ipynb", ("params", 'region: str = "kaizhou"'), ("code", "print(region)")
    )
    notebook(nbs / "10-overview.ipynb", ("code", "print('all')"))
    (root / "reports").mkdir(parents=True)
    (root / "reports" / "catalog.yml").write_text(CATALOG, encoding="utf-8")
    (root / "data").mkdir()
    TABLE.to_csv(root / "data" / "indicators.csv", index=False)
    CODEBOOK.to_csv(root / "data" / "codebook.csv", index=False)
    return {"root": root, "out": root / "reports"}


def _args(p: dict) -> dict:
    return {
        "out_dir": p["out"],
        "notebooks_dir": p["root"] / "notebooks",
        "table": p["root"] / "data" / "indicators.csv",
        "codebook": p["root"] / "data" / "codebook.csv",
    }


def render(p: dict, **kwargs) -> tuple[int, dict]:
    with contextlib.redirect_stdout(io.StringIO()):
        code = run_reports(
            p["root"] / "reports" / "catalog.yml", jobs=2, progress=False, **_args(p), **kwargs
        )
    return code, json.loads((p["out"] / "run.json").read_text(encoding="utf-8"))


def plan(p: dict, **kwargs) -> dict[str, list[str]]:
    """What a run would render now, and why (nothing is rendered)."""
    return plan_reports(p["root"] / "reports" / "catalog.yml", **_args(p), **kwargs)


def edit_table(p: dict, region: str, indicator: str, value: str) -> None:
    t = pd.read_csv(p["root"] / "data" / "indicators.csv", dtype=str)
    t.loc[(t["region"] == region) & (t["indicator_id"] == indicator), "target_value"] = value
    t.to_csv(p["root"] / "data" / "indicators.csv", index=False)


@pytest.fixture(scope="module")
def rendered_project(tmp_path_factory):
    p = make(tmp_path_factory.mktemp("incremental"))
    code, run = render(p)
    assert code == 0 and set(run["rendered"]) == ALL
    return p


def test_nothing_changed_nothing_rendered(rendered_project):
    code, run = render(rendered_project)
    assert code == 0 and run["rendered"] == [] and set(run["skipped"]) == ALL
    assert all(r["up_to_date"] for r in run["reports"])


def test_a_table_edit_renders_the_reports_that_read_the_rows(rendered_project):
    edit_table(rendered_project, "tongnan", "air_good_days", "95")
    assert plan(rendered_project) == {"ind-air": ["table"], "overview": ["table"], "declared": ["table"]}
    edit_table(rendered_project, "tongnan", "air_good_days", "92")
    assert plan(rendered_project) == {}
    edit_table(rendered_project, "bishan", "pm25", "27")
    assert plan(rendered_project) == {
        "ind-pm25": ["table"],
        "profile-kaizhou": ["table"],
        "overview": ["table"],
    }
    edit_table(rendered_project, "bishan", "pm25", "28")


def test_a_notebook_edit_renders_its_reports(rendered_project):
    path = rendered_project["root"] / "notebooks" / "20-indicator.ipynb"
    original = path.read_bytes()
    notebook(
        path, ("params", 'indicator_id: str = "pm25"\nlang: str = "zh"'), ("code", "print(indicator_id, 2)")
    )
    assert plan(rendered_project) == {
        "ind-pm25": ["notebook"],
        "ind-air": ["notebook"],
        "declared": ["notebook"],
    }
    path.write_bytes(original)


def test_a_parameter_edit_renders_that_report(rendered_project):
    catalog = rendered_project["root"] / "reports" / "catalog.yml"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(
        text.replace("{indicator_id: air_good_days}", "{indicator_id: air_good_days, lang: en}"),
        encoding="utf-8",
    )
    assert plan(rendered_project) == {"ind-air": ["parameters"]}
    catalog.write_text(text, encoding="utf-8")


def test_a_library_codebook_font_or_boundary_change_renders_everything(rendered_project, monkeypatch):
    monkeypatch.setattr(fingerprint, "library_digest", lambda: "another library")
    assert plan(rendered_project) == {key: ["library"] for key in ALL}
    monkeypatch.setattr(fingerprint, "font_digest", lambda: "another font")
    assert plan(rendered_project) == {key: ["font", "library"] for key in ALL}
    monkeypatch.undo()
    codebook = rendered_project["root"] / "data" / "codebook.csv"
    original = codebook.read_bytes()
    codebook.write_bytes(original + b"no2,NO2\n")
    assert plan(rendered_project) == {key: ["codebook"] for key in ALL}
    codebook.write_bytes(original)
    assert plan(rendered_project) == {}
    assert plan(rendered_project, force=True) == {key: ["forced"] for key in ALL}


def test_a_run_without_the_pdf_renders_again_and_the_next_full_run_makes_it(rendered_project):
    assert plan(rendered_project, formats=("html",)) == {key: ["formats"] for key in ALL}
    _, run = render(rendered_project, only=["overview"], formats=("html", "docx"))
    out = rendered_project["out"]
    assert run["rendered"] == ["overview"] and not (out / "overview.pdf").exists()
    assert (out / "overview.docx").stat().st_size > 0 and (out / "overview.html").stat().st_size > 0
    assert plan(rendered_project) == {"overview": ["formats"]}
    _, run = render(rendered_project)
    assert run["rendered"] == ["overview"] and (out / "overview.pdf").stat().st_size > 0


def test_corrupted_or_missing_outputs_are_rendered_again(rendered_project):
    out = rendered_project["out"]
    (out / "ind-pm25.html").write_text("broken", encoding="utf-8")
    (out / "profile-kaizhou.pdf").unlink()
    _, run = render(rendered_project)
    assert set(run["rendered"]) == {"ind-pm25", "profile-kaizhou"}
    assert {r["name"]: r["changed"] for r in run["reports"] if r["name"] in run["rendered"]} == {
        "ind-pm25": ["outputs"],
        "profile-kaizhou": ["outputs"],
    }
    assert (out / "profile-kaizhou.pdf").stat().st_size > 0


def test_a_removed_report_loses_its_outputs(rendered_project):
    catalog = rendered_project["root"] / "reports" / "catalog.yml"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(
        "\n".join(line for line in text.splitlines() if "declared" not in line) + "\n", encoding="utf-8"
    )
    _, run = render(rendered_project)
    assert run["rendered"] == [] and "declared" not in {r["name"] for r in run["reports"]}
    assert not list(rendered_project["out"].glob("declared*"))
    assert not (rendered_project["out"] / ".state" / "declared.json").exists()


def test_every_codebook_file_is_an_input_of_every_report(tmp_path):
    """A report reads the codebook's neighbours too (observation names, references, target
    bases): editing one of them must re-render, not be skipped as up to date."""
    import shutil

    from compare import paths
    from compare.reports.fingerprint import codebook_digest

    folder = tmp_path / "codebook"
    shutil.copytree(paths.project().codebook.parent, folder)
    before = codebook_digest(folder / "indicators.csv")
    labels = folder / "observation_labels.csv"
    assert labels.is_file()
    labels.write_text(
        labels.read_text(encoding="utf-8").replace("生态质量指数", "生态质量指数 "), encoding="utf-8"
    )
    assert codebook_digest(folder / "indicators.csv") != before
