"""The summary workbook of a batch (``summary.xlsx``): every input at a glance, figures to pivot.

Sheet ``汇总`` has one row per input: file, 机关名称, 年度, 格式, status, output, the numbers of
errors and warnings with the first message, and the key figures (新收, 上年结转, （七）总计,
结转下年度, the 复议 and 诉讼 totals, the 2021 fee). Sheet ``数据`` has one row per valid report
and one column per official label of every format (a cell of another format stays empty), so
the office can filter and pivot. Both have a frozen header, filters and widths. Text is always
stored as text: a name starting with ``=`` ``+`` ``-`` ``@`` is never a formula.

Rows are spooled to a temporary file as the batch runs and the workbook is written at the end,
so memory does not grow with the batch.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from schemas import Issue
from schemas.model.figures import Value, data_columns, data_headers
from service.sheetcells import row_cells

_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")

#: The key figures of 汇总: (header, contract path).
KEY_FIGURES: tuple[tuple[str, str], ...] = (
    ("新收（总计）", "applications.new_received.total"),
    ("上年结转（总计）", "applications.carried_over.total"),
    ("办结（七）总计", "applications.total_processed.total"),
    ("结转下年度（总计）", "applications.carried_forward.total"),
    ("行政复议总计", "review_litigation.review.total"),
    ("行政诉讼总计（未经复议直接起诉）", "review_litigation.litigation_direct.total"),
    ("行政诉讼总计（复议后起诉）", "review_litigation.litigation_after_review.total"),
    ("本年收费金额（万元，2021格式）", "active_disclosure.fee_amount"),
)
_SUMMARY_HEADER = (
    "输入文件",
    "机关名称",
    "年度",
    "格式",
    "状态",
    "输出文件",
    "错误数",
    "警告数",
    "第一条问题",
    *(header for header, _ in KEY_FIGURES),
)
_SUMMARY_WIDTHS = (28, 26, 7, 7, 7, 40, 7, 7, 60, *(12 for _ in KEY_FIGURES))
_IDENTITY = ("输入文件", "机关名称", "年度", "格式")


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """One input of the batch as the summary shows it."""

    input: str
    organization: str | None
    year: int | None
    format: str | None
    status: str
    output: str | None
    errors: int
    warnings: int
    first_problem: str
    figures: tuple[Value, ...] | None
    """``figures(report)`` of a valid report, None otherwise."""


class SummaryWriter:
    """Collects the rows as the batch runs (in a temporary file) and writes the workbook."""

    def __init__(self) -> None:
        # Closed by write() or discard(): it lives as long as the batch, not a block.
        self._spool: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        self._count = 0
        self._valid = 0

    def add(self, row: SummaryRow) -> None:
        """Keep one input's row; raises OSError when the temporary file cannot be written."""
        pickle.dump(row, self._spool, protocol=pickle.HIGHEST_PROTOCOL)
        self._count += 1
        self._valid += row.figures is not None

    def write(self, stream: IO[bytes]) -> None:
        """Write ``summary.xlsx`` to `stream` and drop the spooled rows; raises OSError."""
        book = Workbook(write_only=True)
        overview = book.create_sheet("汇总")
        data = book.create_sheet("数据")
        _start(overview, _SUMMARY_HEADER, _SUMMARY_WIDTHS, "B2", self._count)
        data_header = (*_IDENTITY, *data_headers())
        widths = (28, 26, 7, 7, *(14 for _ in data_columns()))
        _start(data, data_header, widths, "C2", self._valid)
        for row in self._rows():
            overview.append(row_cells(overview, _summary_values(row)))
            if row.figures is not None:
                identity = (row.input, row.organization, row.year, row.format)
                data.append(row_cells(data, (*identity, *row.figures)))
        book.save(stream)
        self.discard()

    def discard(self) -> None:
        """Drop the spooled rows (after writing, or when the batch is abandoned)."""
        self._spool.close()

    def _rows(self) -> Iterator[SummaryRow]:
        """The spooled rows, in the order they were added."""
        self._spool.seek(0)
        for _ in range(self._count):
            row = pickle.load(self._spool)  # written by add() above, in this process
            assert isinstance(row, SummaryRow)
            yield row


def _start(
    sheet: WriteOnlyWorksheet,
    header: Sequence[str],
    widths: Sequence[int],
    freeze: str,
    rows: int,
) -> None:
    """Widths, frozen header, filters over `rows` rows, and the bold wrapped header row."""
    # A write-only sheet has these (set up at run time); the type stubs do not know them.
    settings: Any = sheet
    for number, width in enumerate(widths, 1):
        settings.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = freeze
    settings.auto_filter.ref = f"A1:{get_column_letter(len(header))}{rows + 1}"
    cells = row_cells(sheet, header)
    for cell in cells:
        cell.font, cell.alignment = _BOLD, _WRAP
    sheet.append(cells)


def _summary_values(row: SummaryRow) -> tuple[Value, ...]:
    """The 汇总 row of one input."""
    figures = dict(zip(data_columns(), row.figures or (), strict=False))
    return (
        row.input,
        row.organization,
        row.year,
        row.format,
        row.status,
        row.output,
        row.errors,
        row.warnings,
        row.first_problem,
        *(figures.get(path) for _, path in KEY_FIGURES),
    )


def first_problem(errors: Sequence[Issue], warnings: Sequence[Issue]) -> str:
    """The first error (else the first warning) as one line, ``label：message``; empty when
    there is none."""
    issues = [*errors, *warnings]
    if not issues:
        return ""
    issue = issues[0]
    return f"{issue.label}：{issue.message}" if issue.label else issue.message
