"""A time limit on work done in the main thread, enforced by SIGALRM: no thread hand-over.

The alarm interrupts the work between two Python bytecodes (a long C call finishes first), with
an exception that ``except Exception`` inside the work cannot swallow; ``run`` turns it into
RenderTimeout. The work is abandoned mid-way, so whatever it shared may be left half-changed:
a process that saw a timeout should be replaced (the HTTP workers are; see service.http.budget).
Outside the main thread a signal cannot reach the work, and it runs without a limit.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from service.errors import RenderTimeout

T = TypeVar("T")


class _Expired(BaseException):
    """Raised by the alarm; a BaseException so that the interrupted work cannot catch it."""


def _alarm(_signum: int, _frame: object) -> None:
    """SIGALRM handler: interrupt the work."""
    raise _Expired()


class Deadline:
    """Runs callables in the calling thread, each allowed `seconds` (main thread only)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def run(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Return ``function(*args, **kwargs)``; raises RenderTimeout past the limit. Exceptions
        of `function` propagate unchanged."""
        if threading.current_thread() is not threading.main_thread():
            return function(*args, **kwargs)
        previous = signal.signal(signal.SIGALRM, _alarm)
        try:
            # The alarm may go off at any point until it is disarmed, also once the work has
            # returned: each of those points is inside the handler of _Expired.
            try:
                signal.setitimer(signal.ITIMER_REAL, self.seconds)
                return function(*args, **kwargs)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
        except _Expired:
            raise RenderTimeout() from None
        finally:
            signal.signal(signal.SIGALRM, previous)
