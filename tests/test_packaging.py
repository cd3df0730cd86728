"""The package installs anywhere: a built wheel works against a project directory given by
the working directory or COMPARE_ROOT, and starts a new one with `compare init`; every
package the code imports is declared, environment.yml asks for what pyproject asks for, and
the wheel carries the licence."""

from __future__ import annotations

import ast
import json
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
    templates = {f"compare/template/codebook/{p.name}" for p in (ROOT / "data/codebook").glob("*.csv")}
    templates |= {f"compare/template/notebooks/{p.name}" for p in (ROOT / "notebooks").glob("*.ipynb")}
    assert len(templates) > 10 and templates <= names, sorted(templates - names)
    assert "compare/ingest/manifest.schema.json" in names
    licence = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
    assert len(licence) == 1, sorted(n for n in names if "dist-info" in n)
    text = zipfile.ZipFile(wheel).read(licence[0]).decode("utf-8")
    assert text == (ROOT / "LICENSE").read_text(encoding="utf-8") and text.startswith("MIT License")


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


def _imports(source: str) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def _code_imports() -> set[str]:
    """Top-level modules imported by src/compare and by the notebooks' code cells."""
    found: set[str] = set()
    for path in (ROOT / "src" / "compare").rglob("*.py"):
        found |= _imports(path.read_text(encoding="utf-8"))
    for path in (ROOT / "notebooks").glob("*.ipynb"):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                lines = "".join(cell["source"]).splitlines()
                found |= _imports("\n".join(x for x in lines if not x.lstrip().startswith(("%", "!"))))
    return found - set(sys.stdlib_module_names) - {"compare", "__future__"}


def test_every_imported_package_is_declared():
    from importlib.metadata import packages_distributions

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = project["dependencies"] + project["optional-dependencies"]["cluster"]  # cluster: --scheduler
    declared = {re.match(r"[A-Za-z0-9_.-]+", r).group(0).lower().replace("_", "-") for r in runtime}
    imported = _code_imports()
    assert {"pandas", "bs4", "PIL", "fontTools", "psutil", "traitlets", "IPython", "numpy"} <= imported
    dists = packages_distributions()
    missing = {m: dists.get(m) for m in imported if not {d.lower() for d in dists.get(m, [m])} & declared}
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"


def test_the_floors_are_every_requirements_lowest_version():
    from compare_dev.floors import constraints, floors

    found = floors(ROOT / "pyproject.toml")
    assert found["pandas"] == "2.1.1" and found["pytest"] == "7"
    assert len(found) == len(_requirements())
    text = constraints(found)
    assert text.splitlines()[0] == f"babel=={found['babel']}" and text.count("==") == len(found)


def test_a_requirement_without_a_floor_is_refused(tmp_path):
    from compare_dev.floors import floors

    bad = tmp_path / "pyproject.toml"
    bad.write_text('[project]\ndependencies = ["pandas<3"]\n[project.optional-dependencies]\ntest = []\n')
    with pytest.raises(ValueError, match="'pandas<3' has no >= floor"):
        floors(bad)


@pytest.mark.slow
@pytest.mark.full
def test_a_fresh_environment_starts_a_project_and_renders_its_overview(wheel: Path, tmp_path: Path):
    """`pip install` of the wheel into a new venv, then `compare init demo && cd demo`, one real
    plan registered (a new project has none), `compare build`, `compare reports --only overview-en`."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", str(wheel)], check=True)
    env = {k: v for k, v in os.environ.items() if k not in ("COMPARE_ROOT", "PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{venv / 'bin'}:{env.get('PATH', '/usr/bin:/bin')}"

    def sh(command: str, cwd: Path) -> str:
        done = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", command], cwd=cwd, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, (command, done.stdout[-2000:], done.stderr[-3000:])
        return done.stdout

    plan = paths.RAW / "kaizhou_eco_14th_fyp.txt"
    sh("compare init demo", tmp_path)
    demo = tmp_path / "demo"
    sh(f"compare add-source {plan} --region kaizhou --adcode 500154", demo)
    built = sh("compare build", demo)
    assert "kaizhou_eco_14th_fyp.txt" in built and "boundaries: 38 units" in built
    sh("compare reports --only overview-en", demo)
    assert (demo / "reports" / "overview-en.html").stat().st_size > 10_000
    assert (demo / "reports" / "overview-en.pdf").read_bytes().startswith(b"%PDF")
    site = subprocess.run(
        [str(py), "-c", "import compare; print(compare.__file__)"], env=env, capture_output=True, text=True
    )
    assert site.stdout.startswith(str(venv)), site


def test_our_processes_load_jsonschema_without_the_iri_parsers():
    """jsonschema, imported after ``compare``, leaves out rfc3987_syntax (1.2-1.5 s of Lark
    parsers per process, see compare's docstring) and still checks the formats it keeps."""
    script = (
        "import sys, compare, jsonschema\n"
        "v = jsonschema.Draft7Validator({'format': 'date'}, format_checker=jsonschema.FormatChecker())\n"
        "print('lark' in sys.modules, v.is_valid('2020-02-30'), v.is_valid('2020-02-28'))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False", "True"]
