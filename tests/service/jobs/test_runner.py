"""The job runner's start: one at a time, at its low priority from the first instruction."""

from __future__ import annotations

import fcntl
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.jobs import runner
from service.jobs.runner import LOCK, NICENESS, ensure_running, runner_alive


def niceness(pid: int) -> int:
    """The nice value of process `pid` (field 19 of /proc/PID/stat)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    return int(stat.rsplit(")", 1)[1].split()[16])


@pytest.fixture
def root(tmp_path: Path) -> Iterator[Path]:
    """A job directory whose runners (started by this process) are stopped afterwards."""
    yield tmp_path
    for pid, where in list(runner._started.items()):
        if where == tmp_path:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            del runner._started[pid]


def test_a_burst_of_requests_while_the_runner_starts_spawns_one(root: Path) -> None:
    """Defect: every request in the second a runner spends importing found the lock free and
    spawned another (a dozen runners at once during the soak, each importing at full
    priority, then exiting)."""
    for _ in range(20):
        ensure_running(root, os.getpid())
    assert [where for where in runner._started.values() if where == root] == [root]
    deadline = time.monotonic() + 30
    while not runner_alive(root) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert runner_alive(root)


def test_the_runner_is_niced_before_it_imports_anything(root: Path) -> None:
    """Defect: the runner lowered its priority only once its imports were done and its lock
    taken; until then it competed with the HTTP workers at full priority."""
    ensure_running(root, os.getpid())
    [pid] = [pid for pid, where in runner._started.items() if where == root]
    # Nice values stop at 19: a suite run under nice expects the runner at 19, not beyond.
    lowered = min(os.nice(0) + NICENESS, 19)
    deadline = time.monotonic() + 30
    while niceness(pid) < lowered and time.monotonic() < deadline:
        assert not runner_alive(root), "the lock was taken before the priority was lowered"
        time.sleep(0.001)
    assert niceness(pid) == lowered


def test_a_check_at_the_moment_a_runner_takes_the_lock_does_not_stop_it(tmp_path: Path) -> None:
    """Defect: a check held the lock exclusively for a moment; a runner starting at that
    moment thought another runner held it and exited, leaving queued jobs without a runner."""
    checking = os.open(tmp_path / LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    starting = os.open(tmp_path / LOCK, os.O_RDWR)
    try:
        fcntl.flock(checking, fcntl.LOCK_SH | fcntl.LOCK_NB)
        threading.Timer(0.2, fcntl.flock, (checking, fcntl.LOCK_UN)).start()
        assert runner._take_lock(starting)
        assert runner_alive(tmp_path)
    finally:
        os.close(starting)
        os.close(checking)


def test_checks_do_not_exclude_each_other(tmp_path: Path) -> None:
    checking = os.open(tmp_path / LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(checking, fcntl.LOCK_SH | fcntl.LOCK_NB)
        assert not runner_alive(tmp_path)
    finally:
        os.close(checking)


def test_a_second_runner_gives_up_when_one_holds_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runner, "_LOCK_SECONDS", 0.2)
    running = os.open(tmp_path / LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    starting = os.open(tmp_path / LOCK, os.O_RDWR)
    try:
        fcntl.flock(running, fcntl.LOCK_EX | fcntl.LOCK_NB)
        started = time.monotonic()
        assert not runner._take_lock(starting)
        assert 0.2 <= time.monotonic() - started < 5
    finally:
        os.close(starting)
        os.close(running)
