"""``compare init DIR`` (`compare.scaffold`): a new project from the package's templates,
assembled beside the folder and renamed into place."""

from __future__ import annotations

import csv

import pytest

from compare.errors import CompareError
from compare.ingest.sources import MANIFEST_COLUMNS
from compare.paths import MARKER
from compare.scaffold import TEMPLATES, init_project


def test_a_new_project_has_the_templates_an_empty_manifest_and_a_catalog(tmp_path):
    project = init_project(tmp_path / "demo")
    assert project.root == tmp_path / "demo"
    with (project.root / MARKER).open(encoding="utf-8") as f:
        assert list(csv.reader(f)) == [list(MANIFEST_COLUMNS)]  # the header, no plan
    copied = {where: sorted(p.name for p in (project.root / where).iterdir()) for where in TEMPLATES.values()}
    assert "indicators.csv" in copied[TEMPLATES["codebook"]]
    assert any(name.endswith(".ipynb") for name in copied[TEMPLATES["notebooks"]])
    assert project.catalog.is_file() and list(project.processed.iterdir()) == []
    assert [p.name for p in tmp_path.iterdir()] == ["demo"]  # no staging folder left


def test_a_new_project_gets_its_progress_report_once_it_has_observations(tmp_path, table):
    from compare.reports import catalog, load_catalog

    project = init_project(tmp_path / "demo")
    names = [r.name for r in load_catalog(project.catalog, project.notebooks)]
    assert "overview-en" in names and not [n for n in names if n.startswith("progress")]
    ours = [e["name"] for e in catalog.build_catalog(table)]  # this project has observations
    assert [n for n in ours if n.startswith("progress")] == ["progress-zh", "progress-en"]


def test_an_empty_folder_becomes_a_project(tmp_path):
    (tmp_path / "empty").mkdir()
    assert (init_project(tmp_path / "empty").root / MARKER).is_file()


def test_a_folder_with_files_is_refused_and_left_as_it_was(tmp_path):
    folder = tmp_path / "busy"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(CompareError, match="not an empty folder"):
        init_project(folder)
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    with pytest.raises(CompareError, match="a project already"):
        init_project(init_project(tmp_path / "demo").root)


def test_a_missing_parent_folder_is_refused(tmp_path):
    with pytest.raises(CompareError, match="no such folder"):
        init_project(tmp_path / "absent" / "demo")
    assert list(tmp_path.iterdir()) == []
