"""The tests mirror the modules: ``src/compare/<subpackage>/<module>.py`` is tested in
``tests/<subpackage>/test_<module>.py`` and ``src/compare/<module>.py`` in
``tests/test_<module>.py``, and that file imports the module it is named for.

Tests of the whole pipeline (a run, a build, the catalog) are not about one module and sit
at the top of ``tests/`` beside the top-level modules' files.
"""

from __future__ import annotations

import ast
from pathlib import Path

import compare

PACKAGE = Path(compare.__file__).resolve().parent
TESTS = Path(__file__).resolve().parent
SKIPPED = {"__init__", "__main__"}


def dotted(module: Path, package: Path) -> str:
    """The import name of ``module`` (a ``.py`` file under ``package``)."""
    parts = module.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts)


def mirror_of(module: Path, package: Path, tests: Path) -> Path:
    """The test file that mirrors ``module``: same folders under ``tests``, ``test_`` prefix."""
    relative = module.relative_to(package)
    return tests / relative.parent / f"test_{relative.name}"


def imported(source: str) -> set[str]:
    """Every module name ``source`` imports, with ``from a import b`` giving ``a`` and ``a.b``."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def layout_problems(package: Path, tests: Path) -> list[str]:
    """What the test layout lacks for ``package``: a module without its mirror file, or a
    mirror file that does not import the module it is named for."""
    problems = []
    for module in sorted(package.rglob("*.py")):
        if module.stem in SKIPPED:
            continue
        name, mirror = dotted(module, package), mirror_of(module, package, tests)
        if not mirror.is_file():
            problems.append(f"{name}: no {mirror.relative_to(tests.parent)}")
        elif name not in imported(mirror.read_text(encoding="utf-8")):
            problems.append(f"{name}: {mirror.relative_to(tests.parent)} does not import it")
    return problems


def orphans(package: Path, tests: Path) -> list[str]:
    """Test files in a subpackage's folder that mirror no module (left behind by a rename)."""
    found = []
    for folder in sorted(p.parent for p in tests.glob("*/__init__.py")):
        for test_file in sorted(folder.glob("test_*.py")):
            module = package / folder.name / f"{test_file.stem.removeprefix('test_')}.py"
            if not module.is_file():
                found.append(test_file.relative_to(tests.parent).as_posix())
    return found


def test_every_module_has_a_mirror_test_file_that_imports_it():
    modules = [p for p in PACKAGE.rglob("*.py") if p.stem not in SKIPPED]
    assert len(modules) > 80  # the scan saw the package
    assert layout_problems(PACKAGE, TESTS) == []


def test_every_test_file_of_a_subpackage_folder_mirrors_a_module():
    assert list(TESTS.glob("*/test_*.py"))  # the scan saw the folders
    assert orphans(PACKAGE, TESTS) == []


def test_every_test_folder_is_named_for_a_subpackage():
    folders = sorted(p.name for p in TESTS.iterdir() if p.is_dir() and (p / "__init__.py").is_file())
    assert folders, "no test package folder found"
    subpackages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert set(folders) <= subpackages, set(folders) - subpackages


def test_the_layout_check_finds_a_missing_file_and_a_file_that_does_not_import(tmp_path):
    package, tests = tmp_path / "src" / "pkg", tmp_path / "tests"
    for module in (
        "__init__.py",
        "__main__.py",
        "top.py",
        "sub/__init__.py",
        "sub/a.py",
        "sub/b.py",
        "sub/c.py",
    ):
        (package / module).parent.mkdir(parents=True, exist_ok=True)
        (package / module).write_text("", encoding="utf-8")
    (tests / "sub").mkdir(parents=True)
    (tests / "test_top.py").write_text("from pkg import top\n", encoding="utf-8")
    (tests / "sub" / "test_a.py").write_text("from pkg.sub.a import thing\n", encoding="utf-8")
    (tests / "sub" / "test_b.py").write_text(
        "from pkg.sub import a\n# pkg.sub.b named in a comment\n", encoding="utf-8"
    )
    assert layout_problems(package, tests) == [
        "pkg.sub.b: tests/sub/test_b.py does not import it",
        "pkg.sub.c: no tests/sub/test_c.py",
    ]
    (tests / "sub" / "test_b.py").write_text("from pkg.sub import a, b as module_b\n", encoding="utf-8")
    (tests / "sub" / "test_c.py").write_text("import pkg.sub.c\n", encoding="utf-8")
    assert layout_problems(package, tests) == []


def test_the_layout_check_finds_a_test_file_whose_module_is_gone(tmp_path):
    package, tests = tmp_path / "src" / "pkg", tmp_path / "tests"
    (package / "sub").mkdir(parents=True)
    (package / "sub" / "kept.py").write_text("", encoding="utf-8")
    (tests / "sub").mkdir(parents=True)
    for name in ("__init__.py", "test_kept.py", "test_renamed.py", "helpers.py"):
        (tests / "sub" / name).write_text("", encoding="utf-8")
    (tests / "test_top_level_behaviour.py").write_text("", encoding="utf-8")  # not a folder's file
    assert orphans(package, tests) == ["tests/sub/test_renamed.py"]
