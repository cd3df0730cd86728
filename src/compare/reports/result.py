"""What happened to one report: the record run.json, the index and the summary show."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any


@dataclass
class Result:
    """One report's outcome. ``stage`` is where it failed (parameters/execute/html/pdf/
    worker/interrupted); ``outputs`` are the pages of this run (``NAME.failed.*`` for a
    failed one) and ``kept`` the previous good report's pages, still in place after a
    failure; ``up_to_date`` marks a report skipped because its inputs did not change."""

    name: str
    title: str
    notebook: str
    status: str = "ok"
    stage: str = ""
    message: str = ""
    cell: int | None = None  # 0-based index of the failing cell in the SOURCE notebook
    execution_count: int | None = None
    ename: str = ""
    evalue: str = ""
    seconds: dict[str, float] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)
    finished: str = ""
    files: list[str] = field(default_factory=list)
    fingerprint: str = ""
    up_to_date: bool = False
    kept: dict[str, str] = field(default_factory=dict)
    changed: list[str] = field(default_factory=list)
    cpu_seconds: float = 0.0  # CPU time of the worker and its kernel for this report

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def fail(self, stage: str, message: str) -> Result:
        self.status, self.stage, self.message = "failed", stage, message
        return self

    def finish(self) -> Result:
        self.finished = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        return self

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Result:
        """A Result from run.json or a state file (unknown keys of other versions ignored)."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})
