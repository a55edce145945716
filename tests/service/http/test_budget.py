from __future__ import annotations

import os
import signal
import threading
import time
from types import SimpleNamespace

import pytest
from flask import Flask

from service.deadline import Deadline
from service.errors import RenderTimeout
from service.http import gunicorn_conf
from service.http.budget import RECYCLE_KEY, TimeBudget


def spin(seconds: float) -> str:
    """Busy Python work (no sleep in C) for about `seconds`."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass
    return "finished"


def test_returns_the_result_within_the_deadline() -> None:
    assert Deadline(5).run(sum, [1, 2, 3]) == 6


def test_exceptions_of_the_work_propagate_unchanged() -> None:
    def fail() -> None:
        raise KeyError("boom")

    with pytest.raises(KeyError, match="boom"):
        Deadline(5).run(fail)


def test_overrun_stops_the_work_in_its_own_thread() -> None:
    started = time.perf_counter()
    with pytest.raises(RenderTimeout):
        Deadline(0.05).run(spin, 5)
    assert time.perf_counter() - started < 2  # stopped, not left to finish


def test_the_work_cannot_swallow_the_deadline() -> None:
    def stubborn() -> str:
        try:
            return spin(5)
        except Exception:  # what a library wrapping its errors would do
            return "swallowed"

    with pytest.raises(RenderTimeout):
        Deadline(0.05).run(stubborn)


def test_no_alarm_is_left_behind() -> None:
    Deadline(0.05).run(sum, [1])
    assert spin(0.1) == "finished"


def test_outside_the_main_thread_the_work_runs_without_a_limit() -> None:
    results: list[str] = []
    thread = threading.Thread(target=lambda: results.append(Deadline(0.01).run(spin, 0.1)))
    thread.start()
    thread.join()
    assert results == ["finished"]


def test_an_alarm_just_before_it_is_disarmed_is_still_a_timeout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Defect (review): an alarm that went off after the work returned, before the timer was
    disarmed, escaped as the alarm's own BaseException (past every handler of the app: no
    answer at all) and left the alarm handler installed."""
    disarm = signal.setitimer

    def late(which: int, seconds: float, interval: float = 0.0) -> tuple[float, float]:
        if seconds == 0:
            os.kill(os.getpid(), signal.SIGALRM)  # the budget runs out at this very moment
            spin(0)  # Python code: the handler runs here, before the timer is disarmed
        return disarm(which, seconds, interval)

    before = signal.getsignal(signal.SIGALRM)
    monkeypatch.setattr(signal, "setitimer", late)
    with pytest.raises(RenderTimeout):
        Deadline(5).run(sum, [1])
    assert signal.getsignal(signal.SIGALRM) is before


def test_a_request_that_hit_its_budget_retires_its_worker() -> None:
    app = Flask(__name__)
    with app.test_request_context("/") as context:
        with pytest.raises(RenderTimeout):
            TimeBudget(0.05).run(spin, 5)
        assert context.request.environ[RECYCLE_KEY] is True
    with app.test_request_context("/") as context:
        assert TimeBudget(5).run(spin, 0) == "finished"
        assert RECYCLE_KEY not in context.request.environ


def test_gunicorn_retires_only_a_worker_whose_render_was_stopped() -> None:
    stopped, served = SimpleNamespace(alive=True), SimpleNamespace(alive=True)
    gunicorn_conf.post_request(stopped, None, {RECYCLE_KEY: True}, None)
    gunicorn_conf.post_request(served, None, {}, None)
    assert (stopped.alive, served.alive) == (False, True)
