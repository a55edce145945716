from __future__ import annotations

import logging
import threading

import pytest

from service.budget import TimeBudget
from service.errors import RenderTimeout


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
    with caplog.at_level(logging.WARNING, logger="service.budget"):
        release.set()
        assert finished.wait(5)
        assert budget.run(lambda: "next") == "next"  # the pool is free again
    assert "overran its time budget finished" in caplog.text


def test_work_still_queued_at_its_deadline_never_starts() -> None:
    release = threading.Event()
    started: list[str] = []

    def blocker() -> None:
        release.wait(5)

    budget = TimeBudget(1, 0.05)
    with pytest.raises(RenderTimeout):
        budget.run(blocker)
    with pytest.raises(RenderTimeout):
        budget.run(started.append, "queued")
    release.set()
    assert budget.run(lambda: "after") == "after"
    assert started == []
