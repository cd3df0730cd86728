"""The project as a value (`compare.paths`): found from the working directory or
``COMPARE_ROOT``, set for a block, never fixed at import."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from compare import paths


def make_project(folder: Path) -> Path:
    """A folder holding the marker of a project (an empty manifest)."""
    (folder / paths.MARKER).parent.mkdir(parents=True)
    (folder / paths.MARKER).write_text("", encoding="utf-8")
    return folder


def test_the_root_is_the_nearest_folder_above_that_holds_the_manifest(tmp_path):
    root = make_project(tmp_path / "demo")
    deep = root / "notebooks" / "drafts"
    deep.mkdir(parents=True)
    assert paths.find_root(deep, env={}) == root.resolve()
    assert paths.find_project(root, env={}).manifest == root.resolve() / "data" / "raw" / "MANIFEST.csv"


def test_compare_root_wins_over_the_working_directory(tmp_path):
    here, named = make_project(tmp_path / "here"), make_project(tmp_path / "named")
    assert paths.find_root(here, env={paths.ENV: str(named)}) == named.resolve()


def test_outside_a_project_the_error_names_the_folder_and_compare_init(tmp_path):
    with pytest.raises(paths.NotAProject, match="compare init DIR") as caught:
        paths.find_root(tmp_path, env={})
    assert caught.value.folder == tmp_path.resolve()
    with pytest.raises(paths.NotAProject, match="nowhere"):
        paths.find_root(tmp_path, env={paths.ENV: str(tmp_path / "nowhere")})


def test_a_project_derives_every_path_from_its_root(tmp_path):
    project = paths.Project(tmp_path)
    assert project.codebook == tmp_path / "data" / "codebook" / "indicators.csv"
    assert project.table_csv.parent == project.processed == tmp_path / "data" / "processed"
    assert project.catalog == tmp_path / "reports" / "catalog.yml"


def test_in_project_uses_a_folder_for_a_block_then_the_one_before(tmp_path, monkeypatch):
    monkeypatch.delenv(paths.ENV, raising=False)
    before = paths.project().root
    demo = make_project(tmp_path / "demo").resolve()
    with paths.in_project(demo) as inside:
        assert inside.root == demo and paths.project().root == demo and paths.ROOT == demo
        assert paths.MANIFEST == demo / paths.MARKER
    assert paths.project().root == before and paths.ENV not in os.environ


def test_use_project_refuses_a_folder_without_a_manifest(tmp_path):
    with pytest.raises(paths.NotAProject):
        paths.use_project(tmp_path)


def test_an_unknown_constant_is_an_attribute_error():
    with pytest.raises(AttributeError, match="NOT_A_PATH"):
        paths.NOT_A_PATH  # noqa: B018
