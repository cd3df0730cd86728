"""Errors that name the file and line a user must look at."""

from __future__ import annotations

from pathlib import Path


class CompareError(Exception):
    """Base error: printed as one line by the CLI, which then exits non-zero."""


class SourceError(CompareError):
    """Bad input in a raw document: the message names the file and, where known, the line."""

    def __init__(self, file: str | Path, message: str, line: int | None = None):
        self.file = Path(file).name
        self.line = line
        self.reason = message
        where = f"{self.file}:{line}" if line else self.file
        super().__init__(f"{where}: {message}")


class ParameterError(CompareError):
    """A notebook or CLI parameter outside the data: the message lists the valid values."""

    notebook: str = ""
    parameter: str = ""
    valid: list[str] = []  # noqa: RUF012 - set per instance by the raiser
