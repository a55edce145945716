"""The converter pool: each converter takes one conversion at a time; a bounded queue waits.

Idle converters wait in a first-in, first-out queue under one condition variable. A request
that finds none idle waits, unless `queue` requests already wait (then PdfBusy at once, with a
Retry-After from the recent pace). A converter is taken out and restarted:

* after a conversion over `timeout` seconds: its process group is killed, the caller gets
  PdfTimeout (no retry: the document itself may be what hangs);
* after any other failure (refused, reset, a fault: a soffice.bin killed under a conversion
  answers with a fault): the conversion is retried once on another converter;
* every `restart_after` conversions (LibreOffice's memory grows), right after handing back the
  result, so that no request meets it stopping;
* when it died while idle (a watcher looks every second).

Remote converters (unoserver elsewhere, GOV_REPORT_PDF_CONVERTERS) cannot be restarted from
here: they are pinged instead, at start and after a failure, until they answer. Starts (and
pings) that fail are tried again after 1, 2, 4 … 30 s.
"""

from __future__ import annotations

import logging
import math
import statistics
import threading
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from service.errors import PdfBusy, PdfFailed, PdfTimeout, PdfUnavailable
from service.pdf.convert.converter import CALL_ERRORS, Address, LocalConverter

log = logging.getLogger(__name__)

State = Literal["starting", "idle", "busy", "restarting", "down"]
#: Seconds between two looks at the converters by the watcher.
WATCH_SECONDS = 1.0
#: First and longest wait before a failed start (or ping) is tried again.
BACKOFF_SECONDS = (1.0, 30.0)
#: Conversions whose durations set the pace that Retry-After is computed from.
PACE_WINDOW = 32


class _Failed(Exception):
    """A conversion failed on its converter for a reason other than its time budget."""


@dataclass(eq=False)
class Slot:
    """One converter as the pool sees it."""

    remote: Address
    """Where it listens (for a local one: until it is started; see ``address``)."""
    local: LocalConverter | None
    state: State = "starting"
    conversions: int = 0
    """Conversions since its last start."""
    restarts: int = 0
    failures: int = 0
    """Starts (or pings) that failed in a row."""
    retry_at: float = 0.0
    last_problem: str = ""

    @property
    def address(self) -> Address:
        """Where it listens now."""
        return self.remote if self.local is None else self.local.address

    def describe(self) -> dict[str, Any]:
        """What /readyz shows of this converter."""
        return {
            "address": str(self.address),
            "local": self.local is not None,
            "pid": None if self.local is None else self.local.pid,
            "state": self.state,
            "conversions": self.conversions,
            "restarts": self.restarts,
            "last_problem": self.last_problem,
        }


class ConverterPool:
    """Converters shared by the threads of one process (the broker's, or a command's)."""

    def __init__(
        self, slots: Sequence[Slot], *, timeout: float, queue: int, restart_after: int
    ) -> None:
        self.slots = tuple(slots)
        self.timeout = timeout
        self.queue = queue
        self.restart_after = restart_after
        self._changed = threading.Condition()
        self._idle: deque[Slot] = deque()
        self._waiting = 0
        self._closed = False
        self._ever_ready = False
        self._durations: deque[float] = deque(maxlen=PACE_WINDOW)

    @classmethod
    def local(
        cls, count: int, directory: Path, port_base: int, python: str, **options: Any
    ) -> ConverterPool:
        """`count` converters on 127.0.0.1: converter n on ports BASE+2n and BASE+2n+1, or on
        ports found free at each start when `port_base` is 0."""
        slots = []
        for number in range(count):
            port = port_base + 2 * number if port_base else 0
            address = Address("127.0.0.1", port)
            converter = LocalConverter(address, port + 1 if port else 0,
                                       directory / f"c{number}", python)
            slots.append(Slot(address, converter))
        return cls(slots, **options)

    @classmethod
    def remote(cls, addresses: Sequence[Address], **options: Any) -> ConverterPool:
        """Converters running elsewhere; each is pinged before its first conversion."""
        return cls([Slot(address, None) for address in addresses], **options)

    # --- life cycle --------------------------------------------------------------------------

    def start(self) -> None:
        """Start the local converters and the watcher in the background; returns at once."""
        for slot in self.slots:
            self._restart_soon(slot, "starting")
        threading.Thread(target=self._watch, name="pdf-watch", daemon=True).start()

    def close(self) -> None:
        """Refuse new conversions and stop every local converter (in parallel)."""
        with self._changed:
            self._closed = True
            self._idle.clear()
            self._changed.notify_all()
        stoppers = [
            threading.Thread(target=slot.local.stop) for slot in self.slots if slot.local
        ]
        for thread in stoppers:
            thread.start()
        for thread in stoppers:
            thread.join()

    def wait_ready(self, seconds: float) -> bool:
        """Wait until some converter is idle; False when none is after `seconds`."""
        deadline = time.monotonic() + seconds
        with self._changed:
            while not self._idle and not self._closed:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._changed.wait(remaining)
            return bool(self._idle)

    def status(self) -> dict[str, Any]:
        """Counts and the state of every converter, for /readyz."""
        with self._changed:
            return {
                "ready": sum(slot.state in ("idle", "busy") for slot in self.slots),
                "total": len(self.slots),
                # Starting up: none has been ready yet and some has not failed yet.
                "starting": not self._ever_ready and any(not s.failures for s in self.slots),
                "waiting": self._waiting,
                "converters": [slot.describe() for slot in self.slots],
            }

    # --- conversions -------------------------------------------------------------------------

    def convert(self, docx: bytes, pdfa: bool = False) -> bytes:
        """The PDF of `docx`; raises PdfBusy, PdfTimeout, PdfUnavailable or PdfFailed."""
        slot = self._take()
        try:
            return self._convert_on(slot, docx, pdfa)
        except _Failed as failure:
            log.warning("conversion failed on %s (%s); retrying elsewhere", slot.address, failure)
        slot = self._take()
        try:
            return self._convert_on(slot, docx, pdfa)
        except _Failed as failure:
            raise PdfFailed(
                "两个转换进程先后未能转换该文档 / two converters in turn failed on this document"
            ) from failure

    def _take(self) -> Slot:
        """An idle converter, marked busy; raises PdfBusy or PdfUnavailable."""
        deadline = time.monotonic() + self.timeout
        with self._changed:
            if not self._idle and self._waiting >= self.queue:
                raise PdfBusy(retry_after=self._retry_after())
            self._waiting += 1
            try:
                while not self._idle:
                    if self._closed:
                        raise PdfUnavailable("PDF 转换已停止 / PDF conversion has stopped")
                    if all(slot.state == "down" and slot.failures for slot in self.slots):
                        raise PdfUnavailable(
                            "没有能启动的 PDF 转换进程 / no converter can be started",
                            self._retry_after(),
                        )
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise PdfBusy(retry_after=self._retry_after())
                    self._changed.wait(remaining)
                slot = self._idle.popleft()
                slot.state = "busy"
                return slot
            finally:
                self._waiting -= 1

    def _convert_on(self, slot: Slot, docx: bytes, pdfa: bool) -> bytes:
        """Convert on a busy converter, then give it back or restart it."""
        started = time.monotonic()
        try:
            pdf = slot.address.convert(docx, pdfa, self.timeout)
        except TimeoutError as exc:
            self._recycle(slot, f"conversion over {self.timeout:g} s")
            raise PdfTimeout(retry_after=self._retry_after()) from exc
        except CALL_ERRORS as exc:
            self._recycle(slot, f"{type(exc).__name__}: {exc}"[:300])
            raise _Failed(str(exc)[:300]) from exc
        with self._changed:
            self._durations.append(time.monotonic() - started)
            slot.conversions += 1
            due = slot.local is not None and slot.conversions >= self.restart_after
        if due:
            self._recycle(slot, f"restart after {slot.conversions} conversions", planned=True)
        else:
            self._make_idle(slot)
        return pdf

    def _retry_after(self) -> int:
        """Seconds a refused caller should wait: those ahead of it at the recent pace."""
        pace = statistics.median(self._durations) if self._durations else 1.0
        ahead = (self._waiting + len(self.slots)) / max(1, len(self.slots))
        return max(1, math.ceil(pace * ahead))

    # --- converters leaving and coming back --------------------------------------------------

    def _make_idle(self, slot: Slot) -> None:
        with self._changed:
            if self._closed:
                return
            slot.state = "idle"
            slot.failures = 0
            self._ever_ready = True
            self._idle.append(slot)
            self._changed.notify()

    def _recycle(self, slot: Slot, reason: str, planned: bool = False) -> None:
        """Take a converter out of service: restart a local one, ping a remote one later."""
        (log.info if planned else log.warning)("converter %s out of service: %s", slot.address,
                                               reason)
        with self._changed:
            slot.restarts += 1
            if not planned:
                slot.last_problem = reason
        self._restart_soon(slot, "restarting")

    def _restart_soon(self, slot: Slot, state: State) -> None:
        with self._changed:
            if self._closed:
                return
            slot.state = state
        threading.Thread(
            target=self._restart, args=(slot,), name=f"pdf-start-{slot.address}", daemon=True
        ).start()

    def _restart(self, slot: Slot) -> None:
        """(Re)start a local converter, or ping a remote one; when that fails, mark it down
        until its next try."""
        with self._changed:
            slot.conversions = 0
        if slot.local is None:
            if not slot.address.ping():
                self._mark_down(slot, f"{slot.address} 无应答 / does not answer")
                return
        else:
            slot.local.kill()
            try:
                slot.local.start()
            except (OSError, RuntimeError) as exc:
                log.error("converter %s could not start: %s", slot.address, exc)
                self._mark_down(slot, str(exc)[:300])
                return
        with self._changed:
            closed = self._closed
        if closed and slot.local is not None:
            slot.local.stop()
        else:
            self._make_idle(slot)

    def _mark_down(self, slot: Slot, problem: str) -> None:
        with self._changed:
            slot.failures += 1
            slot.state = "down"
            slot.last_problem = problem
            wait = min(BACKOFF_SECONDS[1], BACKOFF_SECONDS[0] * 2 ** (slot.failures - 1))
            slot.retry_at = time.monotonic() + wait
            self._changed.notify_all()  # a waiter may now find that nothing can start

    def _watch(self) -> None:
        """Restart local converters that died while idle; bring back those that are down."""
        while True:
            time.sleep(WATCH_SECONDS)
            with self._changed:
                if self._closed:
                    return
                dead = [s for s in self._idle if s.local is not None and not s.local.alive()]
                for slot in dead:
                    self._idle.remove(slot)
                now = time.monotonic()
                due = [s for s in self.slots if s.state == "down" and now >= s.retry_at]
            for slot in dead:
                self._recycle(slot, "died while idle")
            for slot in due:
                self._restart_soon(slot, "starting")
