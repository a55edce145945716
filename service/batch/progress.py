"""How far a batch run is, for a person: a bar redrawn in place on a terminal, else a plain line
every few seconds (for logs), and the summary at the end."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

from service.batch.manifest import ManifestRow, Summary

_BAR_WIDTH = 30
_REDRAW_SECONDS = 0.1


class Progress:
    """Counts finished inputs and shows the count on `stream` (usually standard error)."""

    def __init__(
        self,
        total: int,
        stream: TextIO,
        *,
        interval: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._total = total
        self._stream = stream
        self._terminal = stream.isatty()
        self._interval = _REDRAW_SECONDS if self._terminal else interval
        self._clock = clock
        self._started = clock()
        self._shown_at = self._started
        self._done = 0
        self._failed = 0

    def update(self, row: ManifestRow) -> None:
        """Count one finished input; show the count when enough time has passed."""
        self.count(failed=row.status == "failed")

    def count(self, *, failed: bool) -> None:
        """Count one finished input (`failed`: one that did not come out right, e.g. a report
        a review finds to be fixed); show the count when enough time has passed."""
        self._done += 1
        self._failed += failed
        now = self._clock()
        if now - self._shown_at >= self._interval or self._done == self._total:
            self._shown_at = now
            self._show(now)

    def finish(self, summary: Summary) -> str:
        """End the progress display; return the summary line for the person."""
        self.end()
        return (
            f"完成 / done: {summary.succeeded} 份成功 succeeded，{summary.failed} 份失败 failed，"
            f"{summary.with_warnings} 份有警告 with warnings，"
            f"用时 {summary.elapsed_seconds:.1f} 秒 s"
        )

    def end(self) -> None:
        """End the progress display (a bar on a terminal is left on its own line)."""
        if self._terminal:
            self._stream.write("\n")
            self._stream.flush()

    def _show(self, now: float) -> None:
        """Write the current count: redrawn bar on a terminal, one line otherwise."""
        elapsed = max(now - self._started, 1e-9)
        rate = self._done / elapsed
        percent = 100 * self._done // self._total
        text = f"{self._done}/{self._total}（{percent}%） 失败 {self._failed}  {rate:.1f} 份/秒"
        if self._terminal:
            filled = _BAR_WIDTH * self._done // self._total
            bar = "█" * filled + "░" * (_BAR_WIDTH - filled)
            self._stream.write(f"\r{bar} {text}")
        else:
            self._stream.write(f"已处理 / processed {text}\n")
        self._stream.flush()
