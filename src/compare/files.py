"""Atomic output files, and sets of files that are replaced together.

A failed build or report must never leave a half-written table, figure or PDF where the
previous good one was, so every output goes through here:

- `atomic_path` / `write_bytes`: one file, written beside the target and renamed over it.
- `output_set`: several files that belong together (the table, its exports, the parse
  report, the boundaries). They are written into a fresh generation directory and
  switched in with a single rename of one symbolic link, so a reader (or a build killed at
  any moment) sees either the whole old set or the whole new set, never a mix:

      data/processed/indicators.csv  ->  .current/indicators.csv
      data/processed/.current        ->  .sets/<generation>/

  The previous generation is kept for readers that are still on it; older ones, and
  generations a killed build left half-written, are swept by the next commit.
  Where symbolic links cannot be made (some Windows setups) the files are replaced one by
  one, each atomically, and the set guarantee does not hold.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from . import faults

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

CURRENT = ".current"
SETS = ".sets"
_LOCK = ".lock"


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


def fsync_dir(directory: Path) -> None:
    """Make a rename in `directory` durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


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


def write_bytes(target: str | os.PathLike, data: bytes, mode: int | None = None, point: str = "") -> Path:
    """Write `data` atomically (flushed to disk before the rename). ``point`` names the
    kill point (`compare.faults`) between the written temporary file and the rename."""
    with atomic_path(target, mode) as tmp:
        with tmp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if point:
            faults.point(point)
    return Path(target)


def write_text(target: str | os.PathLike, text: str, mode: int | None = None, point: str = "") -> Path:
    """Write UTF-8 text atomically, newlines as given (``point``: see `write_bytes`)."""
    return write_bytes(target, text.encode("utf-8"), mode, point)


# --------------------------------------------------------------------------- sets of files


@contextlib.contextmanager
def _locked(path: Path, blocking: bool = True) -> Iterator[bool]:
    """An exclusive advisory lock on `path` (created if needed); yields whether it was
    taken. Without fcntl (Windows) it always yields True."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield True
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)


def _symlinks_work(directory: Path) -> bool:
    probe = directory / f".probe-{os.getpid()}-{time.monotonic_ns()}"
    try:
        os.symlink("x", probe)
    except (OSError, NotImplementedError):
        return False
    probe.unlink()
    return True


def _replace_link(link: Path, target: str) -> None:
    """Point `link` at `target` atomically (a new link renamed over the old entry)."""
    tmp = link.parent / f".{link.name}.tmp-{os.getpid()}-{time.monotonic_ns()}"
    os.symlink(target, tmp)
    os.replace(tmp, link)


def _is_set_link(path: Path, name: str) -> bool:
    return path.is_symlink() and os.readlink(path) == f"{CURRENT}/{name}"


class OutputSet:
    """Files written into a staging directory, switched into `directory` together.

    Use `output_set`; write each file to `path(name)` (or with `write_bytes`), and the set
    is committed when the block ends without an error.
    """

    def __init__(self, directory: Path, staging: Path):
        self.directory = directory
        self.staging = staging
        self.names: list[str] = []

    def path(self, name: str) -> Path:
        """Where to write `name` in the staging directory (a plain file name)."""
        if Path(name).name != name or name.startswith("."):
            raise ValueError(f"output set member must be a plain file name, got {name!r}")
        if name not in self.names:
            self.names.append(name)
        return self.staging / name

    def write_bytes(self, name: str, data: bytes) -> Path:
        path = self.path(name)
        with path.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        return path


def _adopt_plain_files(directory: Path, names: list[str], sets: Path) -> None:
    """Move a set written as plain files (before sets existed) into a generation of its
    own, without a moment where a reader would see anything but the old content."""
    plain = [n for n in names if (directory / n).is_file() and not (directory / n).is_symlink()]
    if not plain:
        return
    current = directory / CURRENT
    if current.is_symlink() and current.exists():
        base = current.resolve()
    else:
        base = sets / f"g{time.time_ns():020d}-{os.getpid()}-adopted"
        base.mkdir(parents=True)
        fsync_dir(sets)
        _replace_link(current, f"{SETS}/{base.name}")
    for n in plain:
        if not (base / n).exists():
            shutil.copy2(directory / n, base / n)
    fsync_dir(base)
    for n in plain:
        _replace_link(directory / n, f"{CURRENT}/{n}")


def _sweep(directory: Path, keep: set[str]) -> None:
    """Remove generations not in `keep` and staging directories whose builder is gone."""
    sets = directory / SETS
    for entry in sorted(sets.iterdir()) if sets.is_dir() else []:
        if entry.name in keep:
            continue
        if entry.name.startswith(".staging-"):
            young = time.time() - entry.stat().st_mtime < 10  # its builder may not hold the lock yet
            with _locked(entry / _LOCK, blocking=False) as free:
                if not free or young:
                    continue  # a build is still writing it
            shutil.rmtree(entry, ignore_errors=True)
        elif entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
    for entry in directory.iterdir():
        if entry.name.startswith(f".{CURRENT}.tmp-") or (
            entry.name.startswith(".") and ".tmp-" in entry.name
        ):
            if entry.is_symlink():
                entry.unlink(missing_ok=True)


def _commit(out: OutputSet) -> None:
    directory, sets = out.directory, out.directory / SETS
    generation = sets / f"g{time.time_ns():020d}-{os.getpid()}"
    fsync_dir(out.staging)
    with _locked(directory / _LOCK), faults.phase("set-switch"):
        previous = directory / CURRENT
        old_names = [
            e.name
            for e in directory.iterdir()
            if _is_set_link(e, e.name) or (e.name in out.names and e.is_file())
        ]
        _adopt_plain_files(directory, sorted(set(old_names) | set(out.names)), sets)
        before = os.readlink(previous) if previous.is_symlink() else ""
        (out.staging / _LOCK).unlink(missing_ok=True)
        os.rename(out.staging, generation)
        fsync_dir(sets)
        faults.point("set-switch")  # the generation in place, no link to it yet
        for name in out.names:  # new members: a link that points into the next generation
            link = directory / name
            if not _is_set_link(link, name):
                _replace_link(link, f"{CURRENT}/{name}")
        faults.point("set-switch")  # just before the switch
        _replace_link(previous, f"{SETS}/{generation.name}")  # the switch
        fsync_dir(directory)
        faults.point("set-switch")  # just after it, old members and generations still there
        for name in old_names:  # members the new set no longer has
            if name not in out.names and _is_set_link(directory / name, name):
                (directory / name).unlink()
        _sweep(directory, {generation.name, Path(before).name})


def _commit_plain(out: OutputSet) -> None:
    """Fallback without symbolic links: each file replaced atomically, one by one."""
    for name in out.names:
        os.replace(out.staging / name, out.directory / name)
    fsync_dir(out.directory)
    shutil.rmtree(out.staging, ignore_errors=True)


@contextlib.contextmanager
def output_set(directory: str | os.PathLike) -> Iterator[OutputSet]:
    """Stage files for `directory`; switch them in together when the block succeeds.

    On an error (or a kill) nothing in `directory` changes; the staging directory is
    removed, or swept by the next commit if the process died.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    sets = directory / SETS
    sets.mkdir(exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=sets))
    os.chmod(staging, 0o777 & ~(0o666 ^ _default_mode()))  # readable as any output, not mkdtemp's 0700
    out = OutputSet(directory, staging)
    try:
        with _locked(staging / _LOCK):
            yield out
            if _symlinks_work(directory):
                _commit(out)
            else:  # pragma: no cover - platforms without symbolic links
                _commit_plain(out)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def read_parquet(path: str | os.PathLike, columns: list[str] | None = None) -> pd.DataFrame:
    """A parquet file as a DataFrame, read synchronously by Arrow itself.

    pandas' default read opens the file as a Python object and lets Arrow pre-buffer it
    on its I/O threads; a read future still holding a Python buffer at interpreter exit
    then needs the GIL and aborts the process ("terminate called without an active
    exception", SIGABRT, about one build in twelve under load; pyarrow 22,
    apache/arrow#34314; core dump: ``ReadRangeCache`` -> ``PyBuffer::~PyBuffer`` ->
    ``PyGILState_Ensure`` during ``Py_FinalizeEx``). Arrow's own local file system,
    no pre-buffering and no thread pool leave nothing running once the call returns; our
    files are small, so this costs nothing measurable.
    """
    import pandas as pd
    from pyarrow import fs

    return pd.read_parquet(
        os.path.abspath(path),
        columns=columns,
        filesystem=fs.LocalFileSystem(),
        use_threads=False,
        pre_buffer=False,
    )
