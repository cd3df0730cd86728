"""A report's outputs are one set: replaced together on success, kept on failure, stale
files removed, a half-done switch finished by the next run; catalog paths stay inside."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
from pathlib import Path

import pytest

from compare.errors import CompareError
from compare.reports import layout, load_catalog, outputs, run_reports, select
from compare.reports.result import Result
from test_reports_pipeline import notebook

FIGURES = """\
from matplotlib.figure import Figure
from compare.figures import saving
def draw(name, values):
    fig = Figure(figsize=(2, 2)); fig.add_subplot().plot(values)
    saving.save(fig, figures_dir, name)
draw("one", [1, 2, 3] if variant == "a" else [3, 2, 1])
if variant == "a":
    draw("two", [1, 1, 2])
if variant == "fail":
    raise RuntimeError("deliberate failure after drawing")
"""


def snapshot(out: Path) -> dict[str, str]:
    """sha256 of every file of the report ``fig`` (pages and figures)."""
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file() and (p.name.startswith("fig.") or "figures" in p.relative_to(out).parts)
    }


@pytest.fixture()
def figure_project(tmp_path):
    nbs = tmp_path / "notebooks"
    notebook(nbs / "10-fig.ipynb", ("params", 'variant: str = "a"\nfigures_dir: str = ""'), ("code", FIGURES))
    catalog = tmp_path / "reports" / "catalog.yml"
    catalog.parent.mkdir()
    table = tmp_path / "indicators.csv"
    table.write_text("region,indicator_id\nkaizhou,pm25\n", encoding="utf-8")
    return {"root": tmp_path, "catalog": catalog, "out": tmp_path / "reports", "table": table}


def render(p: dict, variant: str) -> tuple[int, dict]:
    p["catalog"].write_text(
        "reports:\n  - name: fig\n    notebook: 10-fig.ipynb\n"
        f"    parameters: {{variant: {variant}, figures_dir: figures/fig}}\n",
        encoding="utf-8",
    )
    with contextlib.redirect_stdout(io.StringIO()):
        code = run_reports(
            p["catalog"],
            out_dir=p["out"],
            notebooks_dir=p["root"] / "notebooks",
            table=p["table"],
            codebook=p["table"],
            progress=False,
        )
    return code, json.loads((p["out"] / "run.json").read_text(encoding="utf-8"))["reports"][0]


@pytest.mark.slow
def test_outputs_are_replaced_together_only_when_the_run_succeeds(figure_project):
    out = figure_project["out"]
    code, first = render(figure_project, "a")
    assert code == 0 and first["status"] == "ok"
    good = snapshot(out)
    assert set(good) >= {
        "fig.ipynb",
        "fig.html",
        "fig.pdf",
        "fig.docx",
        "figures/fig/one.png",
        "figures/fig/two.png",
    }

    # fails after drawing new figures: nothing of the good set changes
    code, failed = render(figure_project, "fail")
    assert code == 1 and failed["status"] == "failed" and failed["stage"] == "execute"
    after = snapshot(out)
    assert {k: v for k, v in after.items() if k in good} == good
    assert set(after) - set(good) == {"fig.failed.ipynb", "fig.failed.html"}
    assert failed["kept"] == {"ipynb": "fig.ipynb", "html": "fig.html", "pdf": "fig.pdf", "docx": "fig.docx"}
    assert "previous good report" in failed["message"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "failed" in index and "previous good report" in index
    assert not (out / ".staging").exists()  # staging folders are removed at the end of a run


@pytest.mark.slow
def test_files_the_new_set_lacks_are_removed(figure_project):
    out = figure_project["out"]
    render(figure_project, "a")
    (out / "figures" / "fig" / "stray.png").write_bytes(b"left by someone")
    code, result = render(figure_project, "b")
    assert code == 0 and result["status"] == "ok"
    # a figure is saved as PNG and SVG: the stray file and both copies of "two" are gone
    assert sorted(p.name for p in (out / "figures" / "fig").iterdir()) == ["one.png", "one.svg"]
    state = outputs.read_state(out, "fig")
    assert state is not None and not any("two." in f for f in state["files"])
    assert outputs.intact(out, state)


def test_a_half_done_switch_is_finished_by_the_next_run(tmp_path, monkeypatch):
    out = tmp_path / "reports"
    for name in ("r.html", "r.pdf"):
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text("old", encoding="utf-8")
    staged = outputs.staging_dir(out, "r")
    for name in ("r.html", "r.pdf"):
        (staged / name).write_text("new", encoding="utf-8")
    result = Result(
        "r", "R", "r.ipynb", outputs={"html": "r.html", "pdf": "r.pdf"}, files=["r.html", "r.pdf"]
    )

    real_replace, calls = outputs.os.replace, []

    def dies_after_one(src, dst):
        if Path(dst).parent == out:  # the report's files, not the journal
            if calls:
                raise KeyboardInterrupt  # the process is killed between two renames
            calls.append(dst)
        real_replace(src, dst)

    monkeypatch.setattr(outputs.os, "replace", dies_after_one)
    with pytest.raises(KeyboardInterrupt):
        outputs.commit(out, result, staged, {"fingerprint": "f"})
    monkeypatch.undo()
    assert sorted((out / n).read_text(encoding="utf-8") for n in ("r.html", "r.pdf")) == ["new", "old"]
    assert outputs.recover(out) == ["r"]
    assert [(out / n).read_text(encoding="utf-8") for n in ("r.html", "r.pdf")] == ["new", "new"]
    state = outputs.read_state(out, "r")
    assert state is not None and state["fingerprint"] == "f" and outputs.intact(out, state)
    assert not list((out / ".state").glob("*.commit.json"))


def test_sweep_removes_litter_of_killed_runs(tmp_path):
    out = tmp_path / "reports"
    staged = outputs.staging_dir(out, "r")
    (staged / "r.html").write_text("partial", encoding="utf-8")
    (out / ".r.abc123.tmp.pdf").write_text("partial", encoding="utf-8")
    (out / "keep.html").write_text("kept", encoding="utf-8")
    outputs.sweep(out)
    assert not staged.exists() and not (out / ".r.abc123.tmp.pdf").exists()
    assert (out / "keep.html").exists()


def write_catalog(tmp_path: Path, entry: str) -> Path:
    (tmp_path / "notebooks").mkdir(exist_ok=True)
    notebook(tmp_path / "notebooks" / "a.ipynb", ("params", 'figures_dir: str = ""'))
    (tmp_path / "x.ipynb").write_text((tmp_path / "notebooks" / "a.ipynb").read_text())
    path = tmp_path / "reports" / "catalog.yml"
    path.parent.mkdir(exist_ok=True)
    path.write_text("reports:\n" + entry, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "entry, message",
    [
        (
            "  - {name: a, notebook: ../x.ipynb}\n",
            r"catalog.yml:2: report #1 'a': notebook ../x.ipynb is outside",
        ),
        (
            "  - {name: a, notebook: /etc/hostname}\n",
            r"catalog.yml:2: report #1 'a': notebook /etc/hostname is outside",
        ),
        (
            "  - {name: a, notebook: a.ipynb, parameters: {figures_dir: ../../../../elsewhere}}\n",
            r"catalog.yml:2: report #1 'a': figures_dir '../../../../elsewhere' must be a folder inside",
        ),
        (
            "  - {name: a, notebook: a.ipynb, parameters: {figures_dir: /tmp/x}}\n",
            r"report #1 'a': figures_dir '/tmp/x' must be a folder inside",
        ),
        (
            "  - {name: a, notebook: a.ipynb, parameters: {figures_dir: .}}\n",
            r"figures_dir '.' must be a folder inside",
        ),
        (
            "  - {name: a, notebook: a.ipynb, parameters: {figures_dir: figures/a}}\n"
            "  - {name: b, notebook: a.ipynb, parameters: {figures_dir: figures/a/b}}\n",
            r"catalog.yml:3: report #2 'b': figures_dir 'figures/a/b' overlaps report #1's 'figures/a'",
        ),
        (
            "  - {name: a, notebook: a.ipynb, reads: {district: x}}\n",
            r"report #1 'a': 'reads' must be 'all' or",
        ),
    ],
)
def test_catalog_paths_stay_inside(tmp_path, entry, message):
    with pytest.raises(CompareError, match=message) as caught:
        load_catalog(write_catalog(tmp_path, entry), tmp_path / "notebooks")
    assert "\n" not in str(caught.value)


RESERVED_NAMES = sorted(layout.reserved_names())


@pytest.mark.parametrize("name", RESERVED_NAMES)
def test_a_report_may_not_take_a_name_of_the_suite(tmp_path, name):
    """``index`` would be overwritten by the landing page (and re-render forever); the
    others are the suite's own files and folders."""
    assert {"index", "run", "data", "thumbs", "fonts"} <= set(RESERVED_NAMES)
    entry = f"  - {{name: ok, notebook: a.ipynb}}\n  - {{name: {name}, notebook: a.ipynb}}\n"
    with pytest.raises(CompareError, match=rf"catalog.yml:3: report #2 '{name}': name '{name}' is reserved"):
        load_catalog(write_catalog(tmp_path, entry), tmp_path / "notebooks")


@pytest.mark.parametrize(
    "folder", ["data", "data/a", "thumbs", "fonts/x", "index.html", "run.json", "' '", "' figures/a'"]
)
def test_figures_may_not_go_into_the_suites_folders(tmp_path, folder):
    entry = f"  - {{name: a, notebook: a.ipynb, parameters: {{figures_dir: {folder}}}}}\n"
    with pytest.raises(CompareError, match=r"catalog.yml:2: report #1 'a': figures_dir .*(reserved|blank)"):
        load_catalog(write_catalog(tmp_path, entry), tmp_path / "notebooks")


def test_figures_may_not_take_the_name_of_a_reports_file(tmp_path):
    entry = (
        "  - {name: a, notebook: a.ipynb}\n"
        "  - {name: b, notebook: a.ipynb, parameters: {figures_dir: a.html/figs}}\n"
    )
    with pytest.raises(CompareError, match=r"catalog.yml:3: report #2 'b': figures_dir 'a.html/figs' takes"):
        load_catalog(write_catalog(tmp_path, entry), tmp_path / "notebooks")


def test_the_suites_own_files_are_written_where_the_layout_says(figure_project):
    """The reserved names are the ones the suite really writes: after a run, every
    top-level entry of the reports folder is a report's file, a figures folder, hidden,
    or one of `layout`'s."""
    assert render(figure_project, "v1")[0] == 0
    out = figure_project["root"] / "reports"
    top = {p.name for p in out.iterdir() if not p.name.startswith(".")}
    ours = set(layout.SUITE_FILES) | set(layout.SUITE_FOLDERS) | {"figures"}
    theirs = set(layout.report_files("fig"))
    assert top and top <= ours | theirs, top - ours - theirs
    assert {layout.INDEX, layout.RUN_JSON, layout.FONTS_DIR} <= top


def test_a_dry_run_refuses_what_a_run_refuses(figure_project, capsys):
    """``--dry-run`` checks parameters with the run's own function: a report a run would
    refuse is listed as refused (not "would render"), with the run's message."""
    figure_project["catalog"].write_text(
        "reports:\n"
        "  - {name: good, notebook: 10-fig.ipynb, parameters: {variant: b}}\n"
        "  - {name: bad, notebook: 10-fig.ipynb, parameters: {variant: 3, colour: red}}\n",
        encoding="utf-8",
    )
    args = {
        "out_dir": figure_project["out"],
        "notebooks_dir": figure_project["root"] / "notebooks",
        "table": figure_project["table"],
        "codebook": figure_project["table"],
        "progress": False,
    }
    assert run_reports(figure_project["catalog"], dry_run=True, **args) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("render good: ") and lines[-1] == "1 to render, 0 up to date, 1 refused"
    assert lines[1].startswith("refuse bad: ") and "variant: expects str" in lines[1]
    assert not (figure_project["out"] / "run.json").exists()
    assert run_reports(figure_project["catalog"], only=["bad"], **args) == 1
    (recorded,) = json.loads((figure_project["out"] / "run.json").read_text(encoding="utf-8"))["reports"]
    assert recorded["stage"] == "parameters" and lines[1] == f"refuse bad: {recorded['message']}"


def test_a_symlink_out_of_the_notebooks_folder_is_refused(tmp_path):
    path = write_catalog(tmp_path, "  - {name: a, notebook: link.ipynb}\n")
    (tmp_path / "notebooks" / "link.ipynb").symlink_to(tmp_path / "x.ipynb")
    with pytest.raises(CompareError, match=r"notebook link\.ipynb is outside"):
        load_catalog(path, tmp_path / "notebooks")


def test_only_must_name_reports(tmp_path):
    reports = load_catalog(
        write_catalog(tmp_path, "  - {name: a, notebook: a.ipynb}\n"), tmp_path / "notebooks"
    )
    for bad in ([], [""], [" "]):
        with pytest.raises(CompareError, match="--only: a report name is empty; valid values: a"):
            select(reports, bad)
    assert [r.name for r in select(reports, None)] == ["a"]
