"""A time budget for work done on behalf of a request: a bounded thread pool and a deadline.

Python threads cannot be killed, so work that overruns its budget is abandoned, not stopped:
the caller gets RenderTimeout at the deadline while the work finishes in the background and its
result is dropped. The pool's size bounds how many such abandoned renders can run at once, and a
job still queued at its deadline is cancelled before it starts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, TypeVar

from service.errors import RenderTimeout

T = TypeVar("T")

log = logging.getLogger(__name__)


class TimeBudget:
    """Runs callables in at most `threads` threads, each allowed `seconds` to finish."""

    def __init__(self, threads: int, seconds: float) -> None:
        # The executor starts its threads on first use, so an app created before a
        # gunicorn fork carries no threads into the workers.
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="render")
        self.seconds = seconds

    def run(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Return ``function(*args, **kwargs)``; raises RenderTimeout past the budget.

        Exceptions raised by `function` propagate unchanged.
        """
        future = self._pool.submit(function, *args, **kwargs)
        try:
            return future.result(timeout=self.seconds)
        except FutureTimeout:
            if not future.cancel():
                future.add_done_callback(_log_abandoned)
            raise RenderTimeout() from None


def _log_abandoned(future: Future[Any]) -> None:
    """Record how a job that overran its budget ended, since nobody waits for it any more."""
    error = future.exception()
    if error is None:
        log.warning("a render that overran its time budget finished; its result was dropped")
    else:
        log.error("a render that overran its time budget failed", exc_info=error)
