"""The limits a batch input must stay within; every one is configuration with a safe default."""

from __future__ import annotations

from dataclasses import dataclass

from schemas.contract.limits import check_positive


@dataclass(frozen=True, slots=True)
class BatchLimits:
    """Bounds checked before any work starts (and, for zip sizes, again while reading)."""

    max_reports: int = 10_000
    """Most reports in one batch (files, zip entries or lines)."""
    max_zip_entries: int = 10_000
    """Most entries in an input zip, directories and skipped metadata included."""
    max_uncompressed_bytes: int = 512 * 1024 * 1024
    """Largest total size of an input zip's entries once decompressed."""
    max_compression_ratio: int = 100
    """Largest ratio of decompressed to compressed size of one zip entry (zip bombs exceed it)."""
    max_report_bytes: int = 2 * 1024 * 1024
    """Largest single input (file, zip entry or line); a bigger one fails alone, unread."""

    def __post_init__(self) -> None:
        """Refuse a limit below 1; raises LimitInvalid."""
        check_positive(self)


DEFAULT_BATCH_LIMITS = BatchLimits()
