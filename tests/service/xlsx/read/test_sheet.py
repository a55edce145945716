"""service.xlsx.read.sheet: a workbook is vetted before openpyxl reads it, and sheets are read
within
their limits (a test at each limit and one over)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace

import openpyxl
import pytest

from service.errors import DocumentTooLarge, WorkbookUnreadable
from service.reading.limits import ImportLimits, ZipLimits
from service.xlsx.read.sheet import CellValue, open_book
from tests.xlsx_support import rewritten


def workbook(cells: dict[str, object]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "表"
    for coordinate, value in cells.items():
        sheet[coordinate] = value
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def read(
    data: bytes, limits: ImportLimits | None = None, zips: ZipLimits | None = None
) -> dict[tuple[int, int], CellValue]:
    limits = limits or ImportLimits()
    with open_book(data, replace(limits, zips=zips) if zips else limits) as book:
        sheet = book.sheet("表")
        assert sheet is not None
        return sheet.cells


def test_cells_keep_value_and_formula() -> None:
    cells = read(workbook({"A1": "标签", "B2": 3, "C3": "=SUM(B2:B2)", "D4": None}))
    assert cells == {
        (1, 1): CellValue("标签"),
        (2, 2): CellValue(3),
        (3, 3): CellValue(None, "=SUM(B2:B2)"),
    }


def test_a_missing_sheet_is_none() -> None:
    with open_book(workbook({}), ImportLimits()) as book:
        assert book.sheet("表二") is None
        assert book.sheet_names == ["表"]


@pytest.mark.parametrize(("row", "refused"), [(50, False), (51, True)])
def test_rows_up_to_the_limit(row: int, refused: bool) -> None:
    data = workbook({f"A{row}": "x"})
    if refused:
        with pytest.raises(WorkbookUnreadable, match="第 50 行之后") as caught:
            read(data, ImportLimits(max_sheet_rows=50))
        assert caught.value.code == "sheet_too_long"
    else:
        assert read(data, ImportLimits(max_sheet_rows=50)) == {(50, 1): CellValue("x")}


@pytest.mark.parametrize(("column", "refused"), [("J", False), ("K", True)])
def test_values_up_to_the_column_limit(column: str, refused: bool) -> None:
    data = workbook({f"{column}1": 1})
    if refused:
        with pytest.raises(WorkbookUnreadable, match="K1") as caught:
            read(data, ImportLimits(max_sheet_columns=10))
        assert caught.value.code == "sheet_too_wide"
    else:
        assert read(data, ImportLimits(max_sheet_columns=10)) == {(1, 10): CellValue(1)}


def _entries(data: bytes) -> list[zipfile.ZipInfo]:
    return zipfile.ZipFile(io.BytesIO(data)).infolist()


def test_zip_and_size_limits_at_and_over() -> None:
    data = workbook({"A1": "x" * 5000})
    infos = _entries(data)
    total = sum(info.file_size for info in infos)
    ratio = max(-(-info.file_size // info.compress_size) for info in infos)
    largest = max(info.file_size for info in infos)
    assert read(data, zips=ZipLimits(max_zip_entries=len(infos)))
    assert read(data, zips=ZipLimits(max_uncompressed_bytes=total))
    assert read(data, zips=ZipLimits(max_compression_ratio=ratio))
    assert read(data, ImportLimits(max_part_bytes=largest, max_document_bytes=len(data)))
    for limits, zips in (
        (None, ZipLimits(max_zip_entries=len(infos) - 1)),
        (None, ZipLimits(max_uncompressed_bytes=total - 1)),
        (None, ZipLimits(max_compression_ratio=ratio - 1)),
        (ImportLimits(max_part_bytes=largest - 1), None),
        (ImportLimits(max_document_bytes=len(data) - 1), None),
    ):
        with pytest.raises(DocumentTooLarge):
            read(data, limits, zips)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not a zip at all",
        b"PK\x03\x04 truncated",
        rewritten(workbook({}), {"xl/workbook.xml": lambda d: d[: len(d) // 2]}),
        rewritten(workbook({}), {"[Content_Types].xml": lambda d: b"<Types/>"}),
    ],
    ids=["empty", "text", "truncated zip", "broken workbook part", "no workbook part"],
)
def test_what_is_no_workbook_is_refused_in_one_sentence(data: bytes) -> None:
    with pytest.raises(WorkbookUnreadable) as caught:
        read(data)
    assert "/" in caught.value.detail and "Traceback" not in caught.value.detail


def test_an_unsupported_compression_is_refused() -> None:
    data = rewritten(workbook({}), compression=zipfile.ZIP_BZIP2)
    with pytest.raises(WorkbookUnreadable, match="压缩方式"):
        read(data)


def test_a_sheet_broken_after_its_start_is_refused_naming_it() -> None:
    def broken(xml: bytes) -> bytes:
        return xml.replace(b"</sheetData>", b'<row r="2"><c r="A2"></sheetData>')

    data = rewritten(workbook({"A1": 1}), {"xl/worksheets/sheet1.xml": broken})
    with pytest.raises(WorkbookUnreadable, match="工作表“表”无法读取"):
        read(data)
