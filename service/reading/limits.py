"""The bounds of reading an uploaded document: its size, its parts and sheets, and its zip.

Every reader receives one ``ImportLimits``; the zip bounds travel inside it (``zips``), so the
.docx and .xlsx readers and a batch's zip input are bounded alike without being handed them
separately.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from schemas.contract.limits import check_positive


@dataclass(frozen=True, slots=True)
class ZipLimits:
    """Bounds of a zip (a batch zip, or the .docx and .xlsx packages), checked on its declared
    entries before any is read, and again while reading (``service.reading.safezip``)."""

    max_zip_entries: int = 10_000
    """Most entries in a zip, directories and skipped metadata included."""
    max_uncompressed_bytes: int = 512 * 1024 * 1024
    """Largest total size of a zip's entries once decompressed."""
    max_compression_ratio: int = 100
    """Largest ratio of decompressed to compressed size of one zip entry (zip bombs exceed it)."""

    def __post_init__(self) -> None:
        """Refuse a limit below 1; raises LimitInvalid."""
        check_positive(self)


DEFAULT_ZIP_LIMITS = ZipLimits()


@dataclass(frozen=True, slots=True)
class ImportLimits:
    """Bounds of one uploaded document, checked before it is read (``GOV_REPORT_IMPORT_*``; the
    zip bounds keep their first names, ``GOV_REPORT_BATCH_MAX_ZIP_ENTRIES`` and the like)."""

    max_document_bytes: int = 16 * 1024 * 1024
    """Largest document file (and body of POST /api/v1/imports)."""
    max_part_bytes: int = 8 * 1024 * 1024
    """Largest XML part read from it once decompressed (document.xml, styles.xml…). A long
    report's document.xml is well under 1 MB; reading costs about 0.25 s of CPU per MB of
    paragraphs, so this bounds the worst upload to about 2 s. In a workbook every part, the
    shared strings and styles openpyxl keeps in memory included."""
    max_sheet_rows: int = 2_000
    """Last row read on a workbook's sheet; a sheet with any row below it is refused, never cut
    short (a huge ``dimension`` record or a million empty rows cost nothing)."""
    max_sheet_columns: int = 100
    """Last column read on a workbook's sheet; a value right of it is refused, never dropped."""
    max_html_elements: int = 100_000
    """Most elements of a web page read; a page with more is refused as it is parsed (a whole
    portal page with its navigation has a few thousand)."""
    max_html_depth: int = 256
    """Deepest nesting of elements in a web page; a page nesting deeper is refused as it is
    parsed (real pages nest 20–40 deep, layout tables included)."""
    max_pdf_pages: int = 100
    """Most pages of a PDF read (a report has 4–20); checked as soon as it opens."""
    max_pdf_objects: int = 100_000
    """Most objects of a PDF (a report has a few hundred), counted before it is opened."""
    max_pdf_decompressed_bytes: int = 64 * 1024 * 1024
    """Most bytes a PDF's streams (pages, fonts; not images) decompress to, counted before it
    is opened without ever decompressing past it (decompression bombs). Reports that embed
    whole CJK fonts reach 20 MB."""
    max_pdf_page_objects: int = 50_000
    """Most objects (text runs, lines, images) on one PDF page: a page of a dense table has a
    few thousand. Counted in each stream before the PDF is opened, and on each page as it
    loads, before its text is read."""
    zips: ZipLimits = field(default=DEFAULT_ZIP_LIMITS, metadata={"prefix": "BATCH_"})
    """The zip the document is (and a batch's input zip): entries, total size, ratio."""

    def __post_init__(self) -> None:
        """Refuse a limit below 1; raises LimitInvalid."""
        check_positive(self)


DEFAULT_IMPORT_LIMITS = ImportLimits()
