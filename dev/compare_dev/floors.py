"""The lowest versions pyproject.toml allows, as a pip constraints file.

``make test-floors`` installs the package with these pins (binary wheels only) into a
second environment and runs the fast tests there, so a ``>=`` floor that no longer works
is caught instead of promised::

    python -m compare_dev.floors > floors.txt    # pandas==2.1, pyarrow==14, ...

Every requirement of the package and of its ``test`` extra must have a ``>=`` floor.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[2]
REQUIREMENT = re.compile(r"([A-Za-z0-9_.-]+)(\[[^\]]*\])?\s*(.*)")


def floors(pyproject: Path = ROOT / "pyproject.toml", extras: tuple[str, ...] = ("test",)) -> dict[str, str]:
    """Package name -> its ``>=`` floor, for the dependencies and `extras`.

    Raises
    ------
    ValueError
        When a requirement has no ``>=`` floor (its lowest version would be unknown).
    """
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    requirements = project["dependencies"] + [r for e in extras for r in project["optional-dependencies"][e]]
    out: dict[str, str] = {}
    for requirement in requirements:
        m = REQUIREMENT.fullmatch(requirement.strip())
        floor = re.search(r">=\s*([0-9][^,;\s]*)", m.group(3)) if m else None
        if not (m and floor):
            raise ValueError(f"{pyproject.name}: requirement {requirement!r} has no >= floor")
        out[m.group(1).lower()] = floor.group(1)
    return out


def constraints(found: dict[str, str]) -> str:
    """The constraints file: one ``name==floor`` line each, sorted."""
    return "".join(f"{name}=={version}\n" for name, version in sorted(found.items()))


def main() -> int:
    sys.stdout.write(constraints(floors()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
