"""Worker processes for ``--jobs N`` that can be stopped, and whose death fails one report.

Why not `concurrent.futures.ProcessPoolExecutor`: a worker that dies breaks the whole
pool (every pending report fails), and a Ctrl-C reaches its workers too (they share the
terminal's process group), which can leave the pool's queues half used and the run hung.
Here:

* workers are ``spawn`` processes (forking a parent that holds threads or Pango state is
  unsafe) that ignore SIGINT: the parent alone decides when to stop;
* a worker that dies fails the report it held; a new worker takes its place;
* `Pool.stop` sends SIGTERM to every worker, whose handler kills its kernel (its child
  processes) and removes its private kernel folder; whatever is still alive after a few
  seconds is killed, the kernels included (collected before the workers went);
* on Linux a worker gets SIGTERM when the parent dies (``PR_SET_PDEATHSIG``), so even a
  SIGKILL of the parent leaves no worker or kernel behind.
"""

from __future__ import annotations

import collections
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

# Imported here, not where a stop needs it: a signal handler that imported it while the main
# thread was importing it got a partly initialised module ("no attribute 'Error'", seen when
# Ctrl-C landed during start-up on a loaded machine).
import psutil

#: Seconds a worker has to stop its kernel after SIGTERM before it is killed.
GRACE = 3.0


def _die_with_parent() -> None:
    """Ask Linux to send SIGTERM to this process when its parent exits."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        pass


def kill_children(grace: float = 0.0) -> None:
    """Kill this process's descendants (its kernels), waiting up to ``grace`` seconds."""
    try:
        children = psutil.Process().children(recursive=True)
    except psutil.Error:
        return
    for child in children:
        try:
            child.kill()
        except psutil.Error:
            pass
    psutil.wait_procs(children, timeout=max(grace, 0.5))


def _on_term(signum: int, frame: Any) -> None:
    from .worker import remove_runtime_dir

    kill_children()
    remove_runtime_dir()
    os._exit(128 + signum)


def _worker_main(conn: Any, parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _on_term)
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before the request above
        return
    from .worker import remove_runtime_dir

    try:
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError):
                break
            if message is None:
                break
            fn, args = message
            try:
                reply = ("ok", fn(*args))
            except BaseException as exc:  # report it, keep serving
                reply = ("error", f"{type(exc).__name__}: {exc}")
            try:
                conn.send(reply)
            except (OSError, ValueError):
                break
    finally:
        kill_children()
        remove_runtime_dir()


class _Worker:
    def __init__(self, ctx: Any) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, os.getpid()), daemon=True)
        self.process.start()
        child.close()
        self.task: Any = None


class Pool:
    """``jobs`` worker processes running ``fn(*args)`` tasks; see the module docstring."""

    def __init__(self, jobs: int) -> None:
        self.jobs = max(1, jobs)
        self.ctx = multiprocessing.get_context("spawn")
        self.workers: list[_Worker] = []

    def run(
        self, tasks: list[tuple[Any, Callable[..., Any], tuple]], stop: Callable[[], bool]
    ) -> Iterator[tuple[Any, str, Any]]:
        """Yield ``(key, "ok"|"error"|"died", value)`` per task as they finish, until all
        are done or ``stop()`` is true (then the rest are not started)."""
        pending = collections.deque(tasks)
        while pending or any(w.task is not None for w in self.workers):
            if stop():
                return
            self._dispatch(pending)
            busy = [w for w in self.workers if w.task is not None]
            waitables = [w.conn for w in busy] + [w.process.sentinel for w in busy]
            ready = set(multiprocessing.connection.wait(waitables, timeout=0.2))
            yield from self._finished(busy, ready)

    def _dispatch(self, pending: collections.deque) -> None:
        """Give idle workers the next tasks, then start workers (up to ``jobs``) for the rest."""
        for worker in self.workers:
            if worker.task is None and pending:
                key, fn, args = pending.popleft()
                worker.task = key
                try:
                    worker.conn.send((fn, args))
                except (OSError, ValueError):
                    pass  # found dead below
        while pending and len(self.workers) < self.jobs:
            worker = _Worker(self.ctx)
            key, fn, args = pending.popleft()
            worker.task = key
            worker.conn.send((fn, args))
            self.workers.append(worker)

    def _finished(self, busy: list[_Worker], ready: set) -> Iterator[tuple[Any, str, Any]]:
        """``(key, kind, value)`` of each busy worker that answered or died; a dead worker
        leaves the pool."""
        for worker in busy:
            if worker.conn in ready:
                try:
                    kind, value = worker.conn.recv()
                except (EOFError, OSError):
                    kind, value = "died", self._death(worker)
                key, worker.task = worker.task, None
                if kind == "died":
                    self.workers.remove(worker)
                yield key, kind, value
            elif worker.process.sentinel in ready:
                key, worker.task = worker.task, None
                self.workers.remove(worker)
                yield key, "died", self._death(worker)

    @staticmethod
    def _death(worker: _Worker) -> str:
        worker.process.join(1.0)
        code = worker.process.exitcode
        if code is not None and code < 0:
            try:
                return f"worker process killed by {signal.Signals(-code).name}"
            except ValueError:
                return f"worker process killed by signal {-code}"
        return f"worker process exited with code {code}"

    def close(self) -> None:
        """Let idle workers exit; stop any that do not."""
        for worker in self.workers:
            try:
                worker.conn.send(None)
            except (OSError, ValueError):
                pass
        deadline = time.monotonic() + GRACE
        for worker in self.workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
        self.stop()

    def stop(self) -> None:
        """Stop every worker and its kernel now (SIGTERM, then SIGKILL after `GRACE`)."""
        tree = [p for w in self.workers if w.process.is_alive() for p in _descendants(w.process.pid)]
        for worker in self.workers:
            if worker.process.is_alive():
                worker.process.terminate()
        deadline = time.monotonic() + GRACE
        for worker in self.workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(1.0)
            worker.conn.close()
        for proc in tree:
            try:
                proc.kill()
            except psutil.Error:
                pass
        psutil.wait_procs(tree, timeout=1.0)
        self.workers = []


def _descendants(pid: int) -> list[Any]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return []
