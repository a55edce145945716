"""The time budget of a render done for a request: a deadline in the request's own thread.

Rendering runs in the worker's own thread (no hand-over to a render thread, which cost about a
millisecond per request) under service.deadline: past the budget the request gets RenderTimeout
(503 ``render-timeout``) and the render is stopped, not left running. Since it stopped at an
arbitrary point, the request is marked so that gunicorn replaces the worker process after
answering it (service.http.gunicorn_conf.post_request): no later request meets what it left.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import request

from service.deadline import Deadline
from service.errors import RenderTimeout

T = TypeVar("T")

#: WSGI environ key set on a request whose render was stopped at its deadline.
RECYCLE_KEY = "gov_report.recycle_worker"


class TimeBudget:
    """Runs renders for the current request, each allowed `seconds`."""

    def __init__(self, seconds: float) -> None:
        self._deadline = Deadline(seconds)
        self.seconds = seconds

    def run(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Return ``function(*args, **kwargs)``; raises RenderTimeout past the budget (and marks
        the request so the worker is replaced). Exceptions of `function` propagate unchanged."""
        try:
            return self._deadline.run(function, *args, **kwargs)
        except RenderTimeout:
            request.environ[RECYCLE_KEY] = True
            raise
