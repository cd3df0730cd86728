"""The custom papermill engine reports ran on until papermill's own options replaced it;
kept here only as the benchmark's baseline (`bench.engine_comparison`).

The papermill engine reports ran with: nbclient, one write, kernels on local sockets.

Three departures from papermill's default ``nbclient`` engine, all measured:

* **One write.** The default engine rewrites the whole output notebook before and after
  every cell, so a long run can be watched. Reports execute into a temporary file that is
  renamed only when the run ends, so nobody reads those writes; each re-serialises every
  image shown so far (about 60 ms per report), and papermill counts them in the cells'
  recorded durations. Here the notebook is written once, when the run ends or fails
  (papermill's ``notebook_complete`` runs in a ``finally``), so a failed report still
  leaves its executed notebook with the error in it.
* **IPC transport.** jupyter_client's default connects to the kernel over TCP on
  localhost, unencrypted, and every kernel logs a warning saying so. Here the kernel
  listens on Unix domain sockets (``transport="ipc"``) in a fresh temporary directory only
  the user can enter, removed after the run: no open ports, no warning, and kernels run
  side by side (``--jobs 2``) never share a socket.
* **Immediate shutdown.** After the last cell nbclient asks the kernel to exit and waits
  while the interpreter tears down pandas, matplotlib and the rest: about 0.3 s per
  report. Every output a report makes is in the notebook or written atomically by the
  cell that made it before the cell ends, so nothing waits on that teardown; the kernel
  is stopped at once (nbclient's ``shutdown_kernel="immediate"``).

`register()` makes the engine available to ``papermill.execute_notebook(...,
engine_name=ENGINE)``; it is idempotent and called by `compare.reports` before each run.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

ENGINE = "compare-baseline"


@lru_cache(maxsize=1)
def _classes() -> tuple[type, type]:
    from papermill.engines import NBClientEngine, NotebookExecutionManager

    class WriteOnceManager(NotebookExecutionManager):
        """papermill's execution manager, saving only from `notebook_complete`."""

        _complete = False

        def save(self, **kwargs: Any) -> None:
            if self._complete:
                super().save(**kwargs)

        def notebook_complete(self, **kwargs: Any) -> None:
            self._complete = True
            super().notebook_complete(**kwargs)

    class WriteOnceEngine(NBClientEngine):
        """nbclient, with `WriteOnceManager`, kernels on IPC sockets, stopped at once."""

        @classmethod
        def execute_notebook(
            cls,
            nb,
            kernel_name,
            output_path=None,
            progress_bar=True,
            log_output=False,
            autosave_cell_every=30,
            **kwargs,
        ):
            # papermill's Engine.execute_notebook, with the manager swapped and the
            # kernel's sockets in a private directory of their own: left to itself,
            # jupyter_client names them "kernel-ipc-N" in the kernel's working directory,
            # where two kernels running side by side would take each other's sockets.
            import tempfile

            from traitlets.config import Config

            with tempfile.TemporaryDirectory(prefix="compare-kernel-") as sockets:
                if os.name == "posix":  # ZeroMQ has no IPC transport on Windows: TCP there
                    kwargs.setdefault(
                        "config",
                        Config(
                            {"KernelManager": {"transport": "ipc", "ip": os.path.join(sockets, "kernel")}}
                        ),
                    )
                kwargs.setdefault("shutdown_kernel", "immediate")
                nb_man = WriteOnceManager(
                    nb,
                    output_path=output_path,
                    progress_bar=progress_bar,
                    log_output=log_output,
                    autosave_cell_every=autosave_cell_every,
                )
                nb_man.notebook_start()
                try:
                    cls.execute_managed_notebook(nb_man, kernel_name, log_output=log_output, **kwargs)
                finally:
                    nb_man.cleanup_pbar()
                    nb_man.notebook_complete()
                return nb_man.nb

    return WriteOnceManager, WriteOnceEngine


def register() -> str:
    """Register the engine with papermill (again is harmless); returns its name."""
    from papermill.engines import papermill_engines

    papermill_engines.register(ENGINE, _classes()[1])
    return ENGINE
