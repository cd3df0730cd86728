"""``compare`` commands run inside the test process, as the console script runs them.

Starting ``python -m compare build`` costs about two CPU-seconds of imports (pandas,
pandera, frictionless) before the build's own second; a test of what a build refuses or
writes runs `compare.cli.main` here instead, with the project in ``COMPARE_ROOT`` and its
stdout and stderr captured, and gets the same exit code and the same lines. Tests of what a
process does at its edges (signals, kills, exit without leftovers, a fresh environment)
keep starting real processes.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
from pathlib import Path


def compare(root: Path, *args: str) -> subprocess.CompletedProcess:
    """``compare ARGS`` on the project ``root``: exit code, stdout and stderr."""
    from compare.cli import main

    out, err = io.StringIO(), io.StringIO()
    saved = os.environ.get("COMPARE_ROOT")
    os.environ["COMPARE_ROOT"] = str(root)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse's own errors
                code = exc.code if isinstance(exc.code, int) else 2
    finally:
        if saved is None:
            del os.environ["COMPARE_ROOT"]
        else:
            os.environ["COMPARE_ROOT"] = saved
    return subprocess.CompletedProcess(["compare", *args], code, out.getvalue(), err.getvalue())
