"""A time budget for work done on behalf of a request: a bounded thread pool and a deadline.

Python threads cannot be killed, so work that overruns its budget is abandoned, not stopped:
the caller gets RenderTimeout at the deadline while the work finishes in the background and its
result is dropped. The pool's size bounds how many such abandoned renders can run at once.

Work is admitted only while a thread is free; otherwise the caller gets RenderBusy (503 with
Retry-After) at once. Under gunicorn's sync workers a request finds every thread taken only when
earlier renders overran their budget and still run: queueing behind them would spend the new
request's budget waiting and then report a timeout for a render that never started.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, TypeVar

from service.errors import RenderBusy, RenderTimeout

T = TypeVar("T")

log = logging.getLogger(__name__)


class TimeBudget:
    """Runs callables in at most `threads` threads, each allowed `seconds` to finish."""

    def __init__(self, threads: int, seconds: float) -> None:
        # The executor starts its threads on first use, so an app created before a
        # gunicorn fork carries no threads into the workers.
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="render")
        self._free = threading.BoundedSemaphore(threads)
        self.seconds = seconds

    def run(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Return ``function(*args, **kwargs)``; raises RenderBusy when every thread is taken,
        RenderTimeout past the budget. Exceptions raised by `function` propagate unchanged."""
        if not self._free.acquire(blocking=False):
            raise RenderBusy(math.ceil(self.seconds))
        try:
            future: Future[T] = self._pool.submit(
                self._holding_a_slot, function, *args, **kwargs
            )
        except BaseException:
            self._free.release()
            raise
        try:
            return future.result(timeout=self.seconds)
        except FutureTimeout:
            future.add_done_callback(_log_abandoned)
            raise RenderTimeout() from None

    def _holding_a_slot(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run the work, giving its slot back when the work ends (not when the caller stops
        waiting) and before its result is visible, so a caller served is never refused next."""
        try:
            return function(*args, **kwargs)
        finally:
            self._free.release()


def _log_abandoned(future: Future[Any]) -> None:
    """Record how a job that overran its budget ended, since nobody waits for it any more."""
    error = future.exception()
    if error is None:
        log.warning("a render that overran its time budget finished; its result was dropped")
    else:
        log.error("a render that overran its time budget failed", exc_info=error)
