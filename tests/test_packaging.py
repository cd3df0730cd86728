"""The package installs anywhere: a built wheel works against a project directory given by
the working directory or COMPARE_ROOT, and environment.yml asks for what pyproject asks for."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

tomllib = pytest.importorskip("tomllib")  # Python 3.11+

from compare import paths

ROOT = Path(__file__).resolve().parents[1]


def _requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = project["dependencies"] + project["optional-dependencies"]["test"]
    out = {}
    for req in reqs:
        m = re.fullmatch(r"([A-Za-z0-9_.-]+)\s*(.*)", req)
        assert m, req
        out[m.group(1).lower()] = m.group(2).replace(" ", "")
    return out


def test_environment_yml_matches_pyproject():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    specs: dict[str, str] = {}
    for dep in env["dependencies"]:
        items = dep["pip"] if isinstance(dep, dict) else [dep]
        for item in items:
            m = re.fullmatch(r"([A-Za-z0-9_.-]+)\s*(.*)", item)
            assert m, item
            specs[m.group(1).lower()] = m.group(2).replace(" ", "")
    python = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert specs.pop("python") == python["requires-python"]
    specs.pop("pip", None)
    assert specs == _requirements()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
    )
    (found,) = out.glob("compare-*.whl")
    return found


@pytest.mark.slow
def test_wheel_holds_the_package_and_its_data_but_no_dev_tools(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    src = ROOT / "src"
    shipped = {
        p.relative_to(src).as_posix()
        for p in (src / "compare").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert shipped <= names, sorted(shipped - names)
    assert not any(n.startswith(("compare_dev/", "tests/", "dev/")) for n in names)


@pytest.mark.slow
@pytest.mark.parametrize("how", ["cwd", "COMPARE_ROOT"])
def test_installed_wheel_builds_a_project_it_is_pointed_at(wheel: Path, tmp_path: Path, how: str):
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site), str(wheel)],
        check=True,
    )
    project = tmp_path / "project"
    shutil.copytree(paths.RAW, project / "data" / "raw")
    shutil.copytree(paths.CODEBOOK.parent, project / "data" / "codebook")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "COMPARE_ROOT"}
    env["PYTHONPATH"] = str(site)
    if how == "COMPARE_ROOT":
        env["COMPARE_ROOT"] = str(project)
    cwd = project / "data" if how == "cwd" else elsewhere  # a subfolder finds its project too
    check = "import compare, sys; print(compare.__file__)"
    where = subprocess.run([sys.executable, "-c", check], cwd=cwd, env=env, capture_output=True, text=True)
    assert where.stdout.strip().startswith(str(site)), where
    done = subprocess.run(
        [sys.executable, "-m", "compare", "build"], cwd=cwd, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert (project / "data" / "processed" / "indicators.csv").read_bytes() == paths.TABLE_CSV.read_bytes()
