"""A report's outputs as one set: staged, switched in together, recorded, swept.

A report is rendered into a staging folder (``reports/.staging/``). Only the client
switches staged files into ``reports/``, and only for a report that succeeded: the
executed notebook, HTML, PDF, Word copy and figures replace the previous ones together, and files of
the previous set the new one lacks are removed (stale figures, an old failure page). A
failed report stages only ``NAME.failed.{ipynb,html}``; its previous good set stays.

The switch is a journal: the list of moves is written (atomically) to
``reports/.state/NAME.commit.json`` before the first rename and removed after the last.
A run killed in between leaves the journal, and the next run finishes the moves before
anything else, so a reader finds the old set or the new one (a mix only for the few
milliseconds of the renames, or until the next run after a SIGKILL). The last step
writes ``reports/.state/NAME.json``: the report's fingerprint, its files with their
sha256 and its result; it is what "up to date" is checked against.

Runs on one reports folder take turns (`lock`), so the sweep at the start of a run
(staging folders, temporary files and kernel folders of killed runs) never touches the
files of a live one.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .. import faults
from ..files import write_text
from .fingerprint import file_digest
from .result import Result

STATE = ".state"
STAGING = ".staging"
LOCK = ".lock"


def state_dir(out_dir: Path) -> Path:
    return out_dir / STATE


def staging_dir(out_dir: Path, name: str) -> Path:
    """A fresh staging folder for one report (same filesystem as ``out_dir``: renames)."""
    root = out_dir / STAGING
    root.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{name}.", dir=root))


# ------------------------------------------------------------------------------- state


def read_state(out_dir: Path, name: str) -> dict[str, Any] | None:
    try:
        data = json.loads((state_dir(out_dir) / f"{name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def states(out_dir: Path) -> dict[str, dict[str, Any]]:
    out = {}
    folder = state_dir(out_dir)
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        if not path.name.endswith(".commit.json"):
            data = read_state(out_dir, path.stem)
            if data is not None:
                out[path.stem] = data
    return out


def intact(out_dir: Path, state: dict[str, Any]) -> bool:
    """Whether every file of a committed set exists with the bytes it was committed with."""
    files = state.get("files")
    if not isinstance(files, dict) or not files:
        return False
    return all(file_digest(out_dir / rel) == sha for rel, sha in files.items())


# ------------------------------------------------------------------------------ commit


def _protected() -> contextlib.AbstractContextManager[Any]:
    """Hold SIGINT/SIGTERM while files are switched (delivered right after)."""
    if hasattr(signal, "pthread_sigmask"):
        return _masked()
    return contextlib.nullcontext()


@contextlib.contextmanager
def _masked() -> Iterator[None]:
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def commit(
    out_dir: Path,
    result: Result,
    staged: Path,
    fingerprint: dict[str, Any] | None = None,
    figures_dir: str = "",
) -> Result:
    """Switch ``result.files`` from ``staged`` into ``out_dir``.

    A good result replaces the report's previous set (``fingerprint`` is recorded with
    it: ``{"fingerprint": ..., "parts": {...}}``); a failed one adds only its failure
    pages and keeps the previous set, which ``result.kept`` then names.
    """
    name = result.name
    previous = read_state(out_dir, name)
    moves = [rel for rel in result.files if (staged / rel).is_file()]
    remove: list[str] = []
    state = None
    if result.ok:
        old = set((previous or {}).get("files", {})) | {f"{name}.failed.ipynb", f"{name}.failed.html"}
        if figures_dir and (out_dir / figures_dir).is_dir():
            old |= {
                p.relative_to(out_dir).as_posix() for p in (out_dir / figures_dir).rglob("*") if p.is_file()
            }
        remove = sorted(old - set(moves))
        state = {
            "name": name,
            **(fingerprint or {}),
            "files": {rel: file_digest(staged / rel) for rel in moves},
            "result": asdict(result),
        }
    else:
        remove = [f for f in (f"{name}.failed.ipynb", f"{name}.failed.html") if f not in moves]
        result.kept = dict((previous or {}).get("result", {}).get("outputs", {})) if previous else {}
        if result.kept and "previous good report kept" not in result.message:
            result.message += (
                f" (previous good report of {previous.get('result', {}).get('finished', '?')} kept)"  # type: ignore[union-attr]
            )
    journal = {"staged": str(staged), "moves": moves, "remove": remove, "state": state, "name": name}
    path = state_dir(out_dir) / f"{name}.commit.json"
    with _protected(), faults.phase("switch"):
        write_text(path, json.dumps(journal, ensure_ascii=False))
        _apply(out_dir, journal)
        path.unlink()
    shutil.rmtree(staged, ignore_errors=True)
    return result


def _apply(out_dir: Path, journal: dict[str, Any]) -> None:
    """Carry out a commit journal; safe to repeat (moves whose source is gone are done)."""
    staged = Path(journal["staged"])
    for rel in journal["moves"]:
        src, dst = staged / rel, out_dir / rel
        if src.is_file():
            dst.parent.mkdir(parents=True, exist_ok=True)
            os.replace(src, dst)
            faults.point("switch")  # some files of the new set in place, not all
    for rel in journal["remove"]:
        target = out_dir / rel
        with contextlib.suppress(FileNotFoundError, IsADirectoryError, NotADirectoryError):
            target.unlink()
        _prune(target.parent, out_dir)
    if journal.get("state"):
        write_text(
            state_dir(out_dir) / f"{journal['name']}.json",
            json.dumps(journal["state"], ensure_ascii=False, indent=1),
        )


def _prune(folder: Path, stop: Path) -> None:
    """Remove empty folders from ``folder`` up to (not including) ``stop``."""
    while folder != stop and stop in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def forget(out_dir: Path, name: str) -> list[str]:
    """Remove the committed set of a report that is no longer in the catalog."""
    state = read_state(out_dir, name)
    removed = []
    for rel in (state or {}).get("files", {}):
        target = out_dir / rel
        if target.is_file():
            target.unlink()
            removed.append(rel)
            _prune(target.parent, out_dir)
    for rel in (f"{name}.failed.ipynb", f"{name}.failed.html"):
        (out_dir / rel).unlink(missing_ok=True)
    (state_dir(out_dir) / f"{name}.json").unlink(missing_ok=True)
    return removed


# ------------------------------------------------------------------------ sweep, lock


def recover(out_dir: Path) -> list[str]:
    """Finish the commits a killed run left half done (their journals)."""
    done = []
    folder = state_dir(out_dir)
    for path in sorted(folder.glob("*.commit.json")) if folder.is_dir() else []:
        try:
            journal = json.loads(path.read_text(encoding="utf-8"))
            _apply(out_dir, journal)
            done.append(str(journal.get("name", path.stem)))
        except (OSError, ValueError, KeyError, TypeError):
            pass  # an unreadable journal was never complete: its moves never started
        path.unlink(missing_ok=True)
    return done


def clear_staging(out_dir: Path) -> None:
    shutil.rmtree(out_dir / STAGING, ignore_errors=True)


def sweep(out_dir: Path) -> list[Path]:
    """Remove what killed runs left: staging folders, temporary files, kernel folders."""
    from .worker import sweep_runtime_dirs

    removed: list[Path] = []
    staging = out_dir / STAGING
    if staging.is_dir():
        for child in staging.iterdir():
            shutil.rmtree(child, ignore_errors=True) if child.is_dir() else child.unlink(missing_ok=True)
            removed.append(child)
    for folder in (out_dir, state_dir(out_dir)):
        for tmp in folder.glob(".*.tmp*") if folder.is_dir() else []:
            if tmp.is_file() and not tmp.name.startswith(".catalog."):
                tmp.unlink(missing_ok=True)
                removed.append(tmp)
    removed += sweep_runtime_dirs()
    return removed


@contextlib.contextmanager
def lock(out_dir: Path) -> Iterator[None]:
    """One run at a time per reports folder; a second one waits for the first."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; runs must not overlap
        yield
        return
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / LOCK, "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"waiting for another run to finish in {out_dir} …", file=sys.stderr, flush=True)
            fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
