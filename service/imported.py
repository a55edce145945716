"""What reading an uploaded document takes (its limits) and gives (the report and its problems).

Every reader (Word here, Excel in service/xlsx) returns an ``Imported``: the report as a dict in
the contract, or None when the document is not a readable report, with every problem as a
``schemas.Issue`` (path and Chinese label of the cell or paragraph concerned).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from schemas.limits import check_positive
from schemas.result import Issue


@dataclass(frozen=True, slots=True)
class ImportLimits:
    """Bounds of one uploaded document, checked before it is read (``GOV_REPORT_IMPORT_*``).

    The zip inside (entries, total size, compression ratio) is bounded by the batch zip limits.
    """

    max_document_bytes: int = 16 * 1024 * 1024
    """Largest document file (and body of POST /api/v1/imports)."""
    max_part_bytes: int = 8 * 1024 * 1024
    """Largest XML part read from it once decompressed (document.xml, styles.xml…). A long
    report's document.xml is well under 1 MB; reading costs about 0.25 s of CPU per MB of
    paragraphs, so this bounds the worst upload to about 2 s."""

    def __post_init__(self) -> None:
        """Refuse a limit below 1; raises LimitInvalid."""
        check_positive(self)


DEFAULT_IMPORT_LIMITS = ImportLimits()


@dataclass(frozen=True, slots=True)
class Imported:
    """A document read into the contract."""

    report: dict[str, Any] | None
    """The report in the contract (JSON-ready), None when the document is not a readable one."""
    errors: tuple[Issue, ...] = field(default=())
    """Why the document is not a readable report (empty when `report` is set)."""
    warnings: tuple[Issue, ...] = field(default=())
    """What was read with a guess or left out: blank cells read as 0, text outside the
    chapters, a template placeholder left in place, macros ignored."""
    kind: str = "docx"
    """The kind of document read: ``docx`` (or ``xlsx``)."""
