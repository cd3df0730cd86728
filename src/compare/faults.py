"""Kill points: the dangerous moments of a run, named, so a test can strike them on purpose.

A killed build or report run must leave one whole output set and no litter. Random kills
rarely land in the few milliseconds that matter most (the switch of an output set, a PDF
being written, the index being written), so the code marks those moments:

* ``point("switch")`` is a place where a test may stop the process. It does nothing unless
  the environment variable ``COMPARE_KILL_AT`` names it: ``PHASE[:N[:ACTION]]`` strikes
  at the N-th time (default 1) this process reaches the point ``PHASE``; ``ACTION`` is

  - ``kill`` (default): SIGKILL this process, as a power cut or the OOM killer would;
  - ``int``: SIGINT to this process's group, as Ctrl-C in a terminal, then wait a few
    seconds inside the phase so the signal lands while it is still going on;
  - ``raise``: raise `KillPoint` (an error in the middle of the phase).

* ``phase("pdf")`` marks a span of time; with ``COMPARE_PHASE_LOG`` set, every entry and
  exit is appended to that file (``time pid enter|exit PHASE``), so a test that kills a
  run at a random moment can tell which phase the kill landed in.

When a point strikes with ``COMPARE_KILL_LOG`` set, a line ``PHASE ACTION PID`` is
appended to that file first. Only tests set these variables; in normal runs each call
costs one dictionary lookup.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections import Counter
from collections.abc import Iterator

KILL_AT = "COMPARE_KILL_AT"
KILL_LOG = "COMPARE_KILL_LOG"
PHASE_LOG = "COMPARE_PHASE_LOG"
ACTIONS = ("kill", "int", "raise")
#: Seconds an ``int`` strike waits inside the phase for the interrupt to be handled.
INT_WAIT = 5.0

_reached: Counter[str] = Counter()


class KillPoint(RuntimeError):
    """Raised by a point whose action is ``raise``."""


def parse(spec: str) -> tuple[str, int, str]:
    """``"pdf:2:int"`` -> ``("pdf", 2, "int")``; the count defaults to 1, the action to kill."""
    parts = spec.strip().split(":")
    name = parts[0]
    count = int(parts[1]) if len(parts) > 1 and parts[1] else 1
    action = parts[2] if len(parts) > 2 and parts[2] else "kill"
    if not name or count < 1 or action not in ACTIONS:
        raise ValueError(f"{KILL_AT}={spec!r}: expected PHASE[:N[:{'|'.join(ACTIONS)}]]")
    return name, count, action


def point(name: str) -> None:
    """A moment where a test may stop this process (see the module docstring)."""
    spec = os.environ.get(KILL_AT)
    if not spec:
        return
    phase, count, action = parse(spec)
    if phase != name:
        return
    _reached[name] += 1
    if _reached[name] != count:
        return
    _append(os.environ.get(KILL_LOG), f"{name} {action} {os.getpid()}")
    if action == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    elif action == "int":
        os.killpg(os.getpgid(0), signal.SIGINT)
        time.sleep(INT_WAIT)  # still inside the phase when the run stops
    else:
        raise KillPoint(f"kill point {name} reached ({KILL_AT})")


@contextlib.contextmanager
def phase(name: str) -> Iterator[None]:
    """Mark the time spent in ``name`` in ``COMPARE_PHASE_LOG`` (when set)."""
    log = os.environ.get(PHASE_LOG)
    _append(log, f"{time.time():.6f} {os.getpid()} enter {name}")
    try:
        yield
    finally:
        _append(log, f"{time.time():.6f} {os.getpid()} exit {name}")


def _append(log: str | None, line: str) -> None:
    if not log:
        return
    # one write of a short line to a file opened for appending: lines of several
    # processes never interleave
    fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, (line + "\n").encode())
    finally:
        os.close(fd)
