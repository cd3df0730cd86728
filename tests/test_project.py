"""The project is a value found at run time: `--project DIR`, COMPARE_ROOT or the working
directory; outside a project every command says so in one line and writes nothing;
`compare init DIR` creates a project that builds once a plan is registered."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from compare import paths
from compare.errors import SourceError
from compare.ingest.build import NO_PLANS
from compare.ingest.codebook import load_codebook
from compare.scaffold import init_project

PROJECT_COMMANDS = [
    ["build"],
    ["reports", "--only", "overview-en"],
    ["catalog"],
    ["add-source", "plan.txt", "--region", "wulong", "--adcode", "500156"],
    ["remove-source", "wulong"],
    ["recount"],
    ["synth", "--districts", "1", "--out", "corpus"],
    ["bench", "--quick"],
]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != paths.ENV}
    return subprocess.run(
        [sys.executable, "-m", "compare", *args], cwd=cwd, env=env, capture_output=True, text=True
    )


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.fixture()
def elsewhere(tmp_path: Path) -> Path:
    """A folder outside any project, holding one plan-like file."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "plan.txt").write_text("专栏2 指标\n", encoding="utf-8")
    return folder


@pytest.fixture()
def new_project(tmp_path: Path) -> Path:
    """A project just created by `compare init` (no plan registered)."""
    return init_project(tmp_path / "demo").root


@pytest.mark.parametrize("args", PROJECT_COMMANDS, ids=lambda a: a[0])
def test_outside_a_project_every_command_says_so_in_one_line_and_writes_nothing(elsewhere, args):
    before = files_under(elsewhere)
    out = run(*args, cwd=elsewhere)
    assert out.returncode == 2, out
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert str(elsewhere) in lines[0] and "is not a compare project" in lines[0]
    assert "compare init" in lines[0]
    assert files_under(elsewhere) == before


def test_a_project_option_that_is_no_project_names_the_folder(elsewhere, tmp_path):
    out = run("--project", str(elsewhere), "build", cwd=tmp_path)
    assert out.returncode == 2 and f"{elsewhere} is not a compare project" in out.stderr
    assert files_under(elsewhere) == ["plan.txt"]


def test_init_creates_the_project_files(new_project):
    made = files_under(new_project)
    expected = [
        "data/codebook/headers.csv",
        "data/codebook/indicators.csv",
        "data/codebook/references.csv",
        "data/raw/MANIFEST.csv",
        "notebooks/10-overview.ipynb",
        "reports/catalog.yml",
    ]
    assert set(expected) <= set(made), made
    assert (new_project / "data/processed").is_dir() and not any((new_project / "data/processed").iterdir())
    assert (new_project / "data/codebook/indicators.csv").read_bytes() == paths.CODEBOOK.read_bytes()
    manifest = (new_project / "data/raw/MANIFEST.csv").read_text(encoding="utf-8")
    assert manifest.startswith("file,region,") and manifest.count("\n") == 1
    catalog = (new_project / "reports/catalog.yml").read_text(encoding="utf-8")
    assert "name: overview-en" in catalog and "name: indicator-" not in catalog
    assert not [p for p in new_project.parent.iterdir() if p.name.startswith(".demo")]  # no staging left


def test_init_refuses_a_folder_that_is_not_empty(new_project, tmp_path):
    again = run("init", str(new_project), cwd=tmp_path)
    assert again.returncode == 2 and f"{new_project}: a project already" in again.stderr
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("x", encoding="utf-8")
    refused = run("init", "full", cwd=tmp_path)
    assert refused.returncode == 2 and "not an empty folder" in refused.stderr
    assert files_under(tmp_path / "full") == ["keep.txt"]


def test_a_new_project_builds_nothing_and_says_what_to_do(new_project):
    out = run("build", cwd=new_project / "notebooks")  # a subfolder finds its project
    assert out.returncode == 2, out
    assert out.stderr.strip() == f"compare: error: MANIFEST.csv: {NO_PLANS}"
    assert not any((new_project / "data/processed").iterdir())


def test_project_option_before_or_after_the_command(new_project, elsewhere):
    assert (new_project / "data/raw/MANIFEST.csv").is_file()
    for args in (["--project", str(new_project), "build"], ["build", "--project", str(new_project)]):
        out = run(*args, cwd=elsewhere)
        assert out.returncode == 2 and NO_PLANS in out.stderr, (args, out.stderr)


def test_a_missing_codebook_is_named_with_its_path(new_project):
    codebook = new_project / "data/codebook/indicators.csv"
    codebook.unlink()
    with pytest.raises(SourceError, match=f"codebook not found at {codebook}"):
        load_codebook(codebook)
    out = run("build", cwd=new_project)
    assert out.returncode == 2 and f"codebook not found at {codebook}" in out.stderr


def test_paths_are_read_when_used_not_at_import(new_project, monkeypatch):
    monkeypatch.delenv(paths.ENV, raising=False)
    monkeypatch.chdir(new_project / "data")
    assert paths.find_root() == new_project.resolve()
    with paths.in_project(new_project) as project:
        assert paths.MANIFEST == project.manifest == new_project.resolve() / "data/raw/MANIFEST.csv"
        assert os.environ[paths.ENV] == str(new_project.resolve())
    assert paths.ENV not in os.environ
    monkeypatch.chdir(new_project.parent)
    with pytest.raises(paths.NotAProject, match="compare init"):
        paths.project()


def test_compare_root_that_is_no_project_is_refused(tmp_path):
    with pytest.raises(paths.NotAProject, match=str(tmp_path)):
        paths.find_root(env={paths.ENV: str(tmp_path)})
