"""Shared fixtures: the real table built once per session, and a scratch copy of data/raw."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from compare import paths
from compare.ingest.build import build_table


@pytest.fixture(scope="session")
def table():
    """The normalised table built from the real documents."""
    return build_table().table


@pytest.fixture()
def raw_copy(tmp_path: Path) -> Path:
    """A writable copy of data/raw (manifest + documents) for bad-input tests."""
    dest = tmp_path / "raw"
    shutil.copytree(paths.RAW, dest)
    for f in dest.iterdir():
        f.chmod(0o644)
    return dest
