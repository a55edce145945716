"""The limits a batch input must stay within; every one is configuration with a safe default.

A batch zip is bounded like any zip by ``service.reading.limits.ZipLimits``.
"""

from __future__ import annotations

from dataclasses import dataclass

from schemas.contract.limits import check_positive


@dataclass(frozen=True, slots=True)
class BatchLimits:
    """Bounds checked before any work starts."""

    max_reports: int = 10_000
    """Most reports in one batch (files, zip entries or lines)."""
    max_report_bytes: int = 2 * 1024 * 1024
    """Largest single input (file, zip entry or line); a bigger one fails alone, unread."""

    def __post_init__(self) -> None:
        """Refuse a limit below 1; raises LimitInvalid."""
        check_positive(self)


DEFAULT_BATCH_LIMITS = BatchLimits()
