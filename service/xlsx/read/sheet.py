"""Opening a workbook defensively and reading its sheets' cells within bounds.

Before openpyxl sees the file: the zip's entry count, total size and compression ratios are checked
against the batch zip limits (``service.reading.safezip``), no part is larger than an uploaded
document's part may be (this bounds openpyxl's memory: it keeps the shared strings and styles),
every entry is stored or deflated, and no part declares a DTD (entity bombs; openpyxl parses some
parts with lxml, which defusedxml does not guard). openpyxl then opens it read-only, without
external links and without macros (``.xlsm``: the VBA part is never read). A sheet is read as a
stream of rows that stops at the row limit: a row below it refuses the workbook rather than being
cut off, so a huge ``dimension`` record or a million empty rows never makes memory grow. Each cell
keeps both its cached value and its formula.
"""

from __future__ import annotations

import contextlib
import io
import logging
import zipfile
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError, iterparse
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

# openpyxl's own streaming sheet parser (what its read-only worksheets use), extended below to
# keep formulas beside cached values; openpyxl is pinned in pyproject.toml for this.
from openpyxl.worksheet._reader import (
    COL_TAG,
    DATA_TAG,
    DIMENSION_TAG,
    FORMAT_TAG,
    FORMULA_TAG,
    PROPERTIES_TAG,
    ROW_TAG,
    VIEWS_TAG,
    WorkSheetParser,
)

from service.errors import ArchiveTooLarge, DocumentTooLarge, WorkbookUnreadable
from service.reading.limits import ImportLimits
from service.reading.safezip import check_limits

log = logging.getLogger(__name__)

_READABLE_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
#: What a sheet has before its cells (sheetPr, dimension, views, format): not needed.
_BEFORE_DATA = frozenset({PROPERTIES_TAG, DIMENSION_TAG, VIEWS_TAG, FORMAT_TAG})
_TRUE = frozenset({"1", "true"})
#: Excel's last column (XFD): a hidden column range is never wider.
_MOST_COLUMNS = 16_384


def _int(text: str | None) -> int:
    """An attribute's whole number, 0 when it is none."""
    return int(text) if text is not None and text.isdigit() else 0


def address(row: int, column: int) -> str:
    """A cell's address as Excel shows it, e.g. ``D6``."""
    return f"{get_column_letter(column)}{row}"


@dataclass(frozen=True, slots=True)
class CellValue:
    """What a non-empty cell holds: its value (cached, for a formula) and its formula."""

    value: Any
    """int, float, str, bool, a datetime for a date cell, None for a formula never computed."""
    formula: str | None = None
    """The formula as typed (``=SUM(D6:I6)``), None for a plain value."""
    error: bool = False
    """True when the value is an Excel error (``#REF!``, ``#DIV/0!``…)."""


@dataclass(frozen=True, slots=True)
class Sheet:
    """The non-empty cells of one sheet, by (row, column), both from 1."""

    title: str
    cells: dict[tuple[int, int], CellValue]
    hidden: tuple[tuple[int, int], ...] = ()
    """Cells with a value in rows or columns Excel hides (not read; said to be left out)."""

    def text_cells(self) -> Iterator[tuple[tuple[int, int], str]]:
        """(position, text) of every cell holding text, in reading order."""
        for position in sorted(self.cells):
            value = self.cells[position].value
            if isinstance(value, str):
                yield position, value


class _CellParser(WorkSheetParser):
    """openpyxl's sheet parser, keeping a cell's formula beside its cached value, and reading
    nothing but the rows: it stops where ``sheetData`` ends, so the merges, validations and page
    setup after it are never built (a third of the time a sheet takes). Hidden rows and columns
    (hidden by hand, by an outline or by a filter) are what Excel does not show: their cells
    are set apart (``hidden``), never read as the sheet's."""

    hidden_columns: set[int]
    hidden: dict[tuple[int, int], Any]

    def parse(self) -> Generator[tuple[int, list[dict[str, Any]]], None, None]:
        """Yield (row number, its shown cells) up to the end of ``sheetData``."""
        self.hidden_columns = set()
        self.hidden = {}
        for _, element in iterparse(self.source):
            tag = element.tag
            if tag == ROW_TAG:
                number, cells = self.parse_row(element)
                hidden_row = element.get("hidden") in _TRUE
                shown = []
                for cell in cells:
                    if hidden_row or cell["column"] in self.hidden_columns:
                        if cell["value"] not in (None, ""):
                            self.hidden[(cell["row"], cell["column"])] = cell["value"]
                    else:
                        shown.append(cell)
                yield number, shown
                element.clear()
            elif tag == DATA_TAG:
                return
            elif tag == COL_TAG:
                if element.get("hidden") in _TRUE:
                    first, last = _int(element.get("min")), _int(element.get("max"))
                    self.hidden_columns.update(range(first, min(last, _MOST_COLUMNS) + 1))
                element.clear()
            elif tag in _BEFORE_DATA:
                element.clear()

    def parse_cell(self, element: Any) -> dict[str, Any]:
        """The cell as openpyxl reads it (cached value) plus ``formula`` (None without one)."""
        cell: dict[str, Any] = super().parse_cell(element)
        formula = None
        if element.find(FORMULA_TAG) is not None:
            parsed: object = self.parse_formula(element)  # type: ignore[no-untyped-call]
            # Array and data-table formulas are objects; only plain text can be evaluated.
            formula = parsed if isinstance(parsed, str) else "="
        cell["formula"] = formula
        return cell


class Book:
    """An open workbook: its sheets by name, each read on demand within the limits."""

    def __init__(self, workbook: Workbook, limits: ImportLimits) -> None:
        self._workbook = workbook
        self._limits = limits

    @property
    def sheet_names(self) -> list[str]:
        """The names of the workbook's sheets, in order."""
        names: list[str] = self._workbook.sheetnames
        return names

    def hidden(self, name: str) -> bool:
        """Whether the sheet `name` is hidden (or very hidden: not even listed by Unhide)."""
        return (
            name in self._workbook.sheetnames
            and self._workbook[name].sheet_state != "visible"
        )

    def sheet(self, name: str) -> Sheet | None:
        """The sheet called `name` (None when there is none, or it is hidden: Excel does not
        show it); raises WorkbookUnreadable when it goes past a limit or cannot be parsed."""
        if name not in self._workbook.sheetnames or self.hidden(name):
            return None
        worksheet = self._workbook[name]
        if not isinstance(worksheet, ReadOnlyWorksheet):  # a chart sheet
            return Sheet(name, {})
        try:
            return self._read(worksheet)
        except WorkbookUnreadable:
            raise
        except Exception as exc:  # openpyxl and the XML parser raise anything on bad input
            log.info("unreadable sheet %r: %r", name, exc)
            raise _unreadable(f"工作表“{name}”无法读取 / sheet {name} cannot be read") from None

    def _read(self, worksheet: ReadOnlyWorksheet) -> Sheet:
        """Every non-empty cell of `worksheet` that Excel shows, stopping at the first row past
        the limit."""
        # The private parts are what openpyxl's own read-only rows use (openpyxl is pinned).
        workbook: Any = self._workbook
        sheet: Any = worksheet
        cells: dict[tuple[int, int], CellValue] = {}
        with sheet._get_source() as source:
            parser = _CellParser(
                source,
                sheet._shared_strings,
                data_only=True,
                epoch=workbook.epoch,
                date_formats=workbook._date_formats,
                timedelta_formats=workbook._timedelta_formats,
            )
            for number, row in parser.parse():
                if number > self._limits.max_sheet_rows:
                    raise _too_long(worksheet.title, self._limits.max_sheet_rows)
                for cell in row:
                    found = _cell_value(cell)
                    if found is None:
                        continue
                    if cell["column"] > self._limits.max_sheet_columns:
                        raise _too_wide(worksheet.title, cell, self._limits.max_sheet_columns)
                    cells[(cell["row"], cell["column"])] = found
        return Sheet(worksheet.title, cells, tuple(sorted(parser.hidden)))


def _cell_value(cell: dict[str, Any]) -> CellValue | None:
    """The CellValue of a parsed cell, None when it holds nothing (no value, no formula)."""
    value, formula = cell["value"], cell["formula"]
    if formula is None and (value is None or value == ""):
        return None
    return CellValue(value, formula, cell["data_type"] == "e")


def _unreadable(message: str, code: str = "unreadable_workbook") -> WorkbookUnreadable:
    """The error for a workbook that cannot be read at all."""
    return WorkbookUnreadable(message, code)


def _too_long(title: str, limit: int) -> WorkbookUnreadable:
    """The error for a sheet with rows below the row limit."""
    return _unreadable(
        f"工作表“{title}”在第 {limit} 行之后还有行，超过上限，请删除多余的行 / "
        f"sheet {title} has rows below row {limit}, more than the limit",
        "sheet_too_long",
    )


def _too_wide(title: str, cell: dict[str, Any], limit: int) -> WorkbookUnreadable:
    """The error for a value right of the column limit."""
    where = address(cell["row"], cell["column"])
    return _unreadable(
        f"工作表“{title}”的 {where} 单元格超出第 {limit} 列，超过上限 / "
        f"sheet {title} has a value at {where}, right of column {limit}",
        "sheet_too_wide",
    )


@contextlib.contextmanager
def open_book(data: bytes, limits: ImportLimits) -> Iterator[Book]:
    """Open the workbook `data` for reading; raises WorkbookUnreadable (not a workbook, damaged,
    a DTD, a sheet past a limit) or DocumentTooLarge (over a size or zip limit)."""
    _vet(data, limits)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises KeyError, ValueError, OSError… on bad input
        log.info("unreadable workbook: %r", exc)
        raise _unreadable(
            "无法读取工作簿：不是有效的 .xlsx 文件或文件已损坏 / "
            "the workbook cannot be read: not a valid .xlsx file, or damaged"
        ) from None
    try:
        yield Book(workbook, limits)
    finally:
        workbook.close()


def _vet(data: bytes, limits: ImportLimits) -> None:
    """Check the zip before openpyxl reads it; raises WorkbookUnreadable or DocumentTooLarge."""
    if len(data) > limits.max_document_bytes:
        raise DocumentTooLarge(
            f"文件有 {len(data)} 字节，超过上限 {limits.max_document_bytes} 字节 / the file is "
            f"{len(data)} bytes, more than {limits.max_document_bytes}"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        log.info("workbook is not a zip: %r", exc)
        raise _unreadable(
            "不是 .xlsx 工作簿（无法作为 zip 打开） / not an .xlsx workbook (not a zip)"
        ) from None
    with archive:
        infos = archive.infolist()
        try:
            check_limits(infos, limits.zips)
        except ArchiveTooLarge as exc:
            raise DocumentTooLarge(exc.detail) from None
        for info in infos:
            if info.file_size > limits.max_part_bytes:
                raise DocumentTooLarge(
                    f"工作簿的部件 {info.filename} 解压后有 {info.file_size} 字节，超过上限 "
                    f"{limits.max_part_bytes} 字节 / part {info.filename} is {info.file_size} "
                    f"bytes uncompressed, more than {limits.max_part_bytes}"
                )
            if info.compress_type not in _READABLE_METHODS or info.flag_bits & 0x1:
                raise _unreadable(
                    f"工作簿的部件 {info.filename} 已加密或压缩方式不受支持 / "
                    f"part {info.filename} is encrypted or uses an unsupported compression"
                )
            _refuse_dtd(archive, info)


class _RootReached(Exception):
    """The root element started: the prolog, where a DTD would be, is over."""


class _Prolog:
    """An ElementTree parser target that stops at the root element."""

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        """Stop: everything that may declare a DTD has been parsed."""
        raise _RootReached

    def close(self) -> None:
        """Nothing was built."""


#: Bytes fed to the parser at a time: a prolog is short, so this is usually read once.
_PROLOG_CHUNK = 1024


def _refuse_dtd(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Raise WorkbookUnreadable when the part `info` is XML declaring a DTD. Only the prolog is
    parsed (through defusedxml, refusing a DTD): a DTD can only come before the root element."""
    parser = DefusedXMLParser(target=_Prolog(), forbid_dtd=True)
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_PROLOG_CHUNK):
                parser.feed(chunk)
    except _RootReached:
        return
    except DefusedXmlException:
        raise _unreadable(
            f"工作簿的部件 {info.filename} 含有 DTD 或实体声明，出于安全原因不予读取 / "
            f"part {info.filename} declares a DTD or entities, refused for safety",
            "xml_dtd",
        ) from None
    except (ParseError, zipfile.BadZipFile, OSError, EOFError):
        # Not XML (an image, the VBA part): openpyxl never parses it as XML either; a damaged
        # part that should be XML fails when openpyxl reads it.
        return
    except Exception as exc:  # zlib and the like on a damaged entry
        log.info("damaged workbook part %r: %r", info.filename, exc)
        raise _unreadable(
            f"工作簿的部件 {info.filename} 已损坏 / part {info.filename} is damaged"
        ) from None
