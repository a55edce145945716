from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

import pytest

from service.errors import RenderBusy, RenderTimeout
from service.http.budget import TimeBudget


def test_returns_the_result_within_budget() -> None:
    assert TimeBudget(1, 5).run(sum, [1, 2, 3]) == 6


def test_exceptions_of_the_work_propagate_unchanged() -> None:
    def fail() -> None:
        raise KeyError("boom")

    with pytest.raises(KeyError, match="boom"):
        TimeBudget(1, 5).run(fail)


def test_overrun_raises_render_timeout_and_the_work_finishes_in_background(
    caplog: pytest.LogCaptureFixture,
) -> None:
    release = threading.Event()
    finished = threading.Event()

    def slow() -> str:
        release.wait(5)
        finished.set()
        return "late"

    budget = TimeBudget(1, 0.05)
    with pytest.raises(RenderTimeout):
        budget.run(slow)
    assert not finished.is_set()
    with caplog.at_level(logging.WARNING, logger="service.http.budget"):
        release.set()
        assert finished.wait(5)
        assert budget.run(lambda: "next") == "next"  # the pool is free again
    assert "overran its time budget finished" in caplog.text


def test_work_finding_every_thread_taken_is_refused_at_once_and_never_starts() -> None:
    release = threading.Event()
    started: list[str] = []

    def blocker() -> None:
        release.wait(5)

    budget = TimeBudget(1, 0.05)
    with pytest.raises(RenderTimeout):
        budget.run(blocker)
    with pytest.raises(RenderBusy) as refused:
        budget.run(started.append, "refused")
    assert not release.is_set()  # refused while the abandoned render still ran, not after it
    assert dict(refused.value.headers) == {"Retry-After": "1"}
    release.set()
    assert run_when_free(budget, lambda: "after") == "after"  # the slot came back
    assert started == []


def run_when_free(budget: TimeBudget, function: Callable[[], str]) -> str:
    """Run `function` once the abandoned work has given its thread back (within 5 s)."""
    deadline = time.monotonic() + 5
    while True:
        try:
            return budget.run(function)
        except RenderBusy:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def test_slots_come_back_after_failures_too() -> None:
    budget = TimeBudget(2, 5)
    for _ in range(5):
        with pytest.raises(ZeroDivisionError):
            budget.run(lambda: 1 / 0)
    assert budget.run(lambda: "free") == "free"
