"""The limits a workbook must stay within before and while it is read; each is configuration."""

from __future__ import annotations

from dataclasses import dataclass

from schemas.limits import check_positive


@dataclass(frozen=True, slots=True)
class WorkbookLimits:
    """Bounds on one .xlsx: its zip (checked before openpyxl sees it) and each sheet read."""

    max_entries: int = 1_000
    """Most zip entries (a workbook of ours has about 15)."""
    max_uncompressed_bytes: int = 16 * 1024 * 1024
    """Largest total size of the workbook's entries once decompressed (openpyxl keeps the
    shared strings and styles in memory, so this bounds its memory too)."""
    max_compression_ratio: int = 100
    """Largest ratio of decompressed to compressed size of one entry (zip bombs exceed it)."""
    max_rows: int = 2_000
    """Last row read on a sheet; a sheet with any row below it is refused, not cut short."""
    max_columns: int = 100
    """Last column read on a sheet; a value right of it is refused, not dropped."""

    def __post_init__(self) -> None:
        """Refuse a limit below 1; raises LimitInvalid."""
        check_positive(self)


DEFAULT_WORKBOOK_LIMITS = WorkbookLimits()
