"""Atomic output files: write beside the target, then rename over it.

A failed build or report must never leave a half-written table, figure or PDF where the
previous good one was, so every output goes through here.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def temp_beside(target: Path) -> Path:
    """A fresh empty file next to `target` (same filesystem, so os.replace is atomic),
    with ordinary permissions (mkstemp's 0600 would otherwise survive the rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=f".tmp{target.suffix}", dir=target.parent)
    os.close(fd)
    os.chmod(tmp, _default_mode())
    return Path(tmp)


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike, mode: int | None = None) -> Iterator[Path]:
    """Yield a temp path to write; on success it replaces `target`, on error it is removed."""
    target = Path(target)
    tmp = temp_beside(target)
    try:
        yield tmp
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def write_bytes(target: str | os.PathLike, data: bytes, mode: int | None = None) -> Path:
    """Write `data` atomically (flushed to disk before the rename)."""
    with atomic_path(target, mode) as tmp:
        with tmp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    return Path(target)


def write_text(target: str | os.PathLike, text: str, mode: int | None = None) -> Path:
    """Write UTF-8 text atomically, newlines as given."""
    return write_bytes(target, text.encode("utf-8"), mode)
