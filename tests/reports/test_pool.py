"""Worker processes for ``--jobs N`` (`reports.pool`): each task's answer, an error kept to
its task, a dying worker failing only the task it held, and nothing left behind."""

from __future__ import annotations

import operator
import os

import psutil

from compare.reports.pool import Pool


def test_each_task_gets_its_answer_an_error_or_a_death_of_its_own():
    pool = Pool(jobs=1)  # one worker runs them in turn (each spawn costs about a second)
    tasks = [
        ("sum", operator.add, (2, 3)),
        ("zero", operator.truediv, (1, 0)),
        ("after", operator.mul, (4, 5)),
        ("dies", os.abort, ()),
    ]
    done, pids = {}, set()
    try:
        for key, kind, value in pool.run(tasks, stop=lambda: False):
            done[key] = (kind, value)
            pids |= {w.process.pid for w in pool.workers}
    finally:
        pool.close()
    assert set(done) == {"sum", "zero", "dies", "after"}
    assert done["sum"] == ("ok", 5) and done["after"] == ("ok", 20)
    assert done["zero"][0] == "error" and "division by zero" in str(done["zero"][1])
    assert done["dies"] == ("died", "worker process killed by SIGABRT")
    assert pids and pool.workers == []
    assert not [
        pid for pid in pids if psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    ]


def test_a_stop_asked_before_the_start_runs_nothing():
    pool = Pool(jobs=1)
    try:
        assert list(pool.run([("sum", operator.add, (1, 1))], stop=lambda: True)) == []
    finally:
        pool.close()
    assert pool.workers == []
