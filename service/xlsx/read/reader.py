"""Reading a filled workbook back as a report: the contract JSON, and where each value came from.

Everything is found by its label (``service.xlsx.sheets``), never by a fixed address. Table
cells are read as ``schemas.model.cells`` reads what people type (full-width digits, ``12件``,
thousands separators, an amount's unit); a number Excel stores keeps Excel's shortest decimal
form (``96171.6``). A 总计 cell holding a formula counts as not given (the service computes
totals); a number typed over it is given, and R1–R4 check it. Another formula counts by its
cached result; without one, a sum of cells is computed (``service.xlsx.read.formulas``), anything
else is an error. Every problem names the sheet, the cell and its Chinese label.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from schemas import Issue
from schemas.model.cells import CellUnreadable, Typed, read_cell, read_count, unit_path
from schemas.model.layout import Cell, label
from schemas.model.paths import put_json
from schemas.registry import FORMAT_IDS, Format, default_format
from service.errors import DocumentTooLarge, DocumentUnsupported
from service.reading.limits import DEFAULT_IMPORT_LIMITS, ImportLimits
from service.reading.result import Imported, located
from service.xlsx.read.formulas import evaluate
from service.xlsx.read.locate import locate
from service.xlsx.read.sheet import Book, CellValue, Sheet, address, open_book
from service.xlsx.sheets import (
    CHAPTER,
    CHAPTERS,
    HEADING,
    INFO_ROWS,
    INFO_SHEET,
    PARAGRAPH,
    TABLE_SHEETS,
    TEXT_SHEET,
    Chapter,
    label_key,
)

#: Excel shows at most 15 significant digits; a stored double is read back as it showed it.
_EXCEL_DIGITS = ".15g"
#: Values Excel stores that are not numbers, though a count cell may hold them.
_NOT_NUMBERS = (bool, datetime.datetime, datetime.date, datetime.time, datetime.timedelta)


@dataclass
class WorkbookReading:
    """What a workbook holds: the report as contract JSON, each value's cell, the problems."""

    document: dict[str, Any] = field(default_factory=dict)
    places: dict[str, str] = field(default_factory=dict)
    """Contract path → the cell it was read from, e.g. ``表三!D6``."""
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    def problem(self, path: str, code: str, message: str, *, warning: bool = False) -> None:
        """Record a problem of the cell that `path` was read from (label from the layout)."""
        fmt = self.document.get("format")
        known: Format = fmt if fmt in FORMAT_IDS else FORMAT_IDS[-1]
        issue = located(Issue(path, code, message, label(path, known)), self.places)
        (self.warnings if warning else self.errors).append(issue)

    def imported(self) -> Imported:
        """The workbook as every reader gives a document: the report, or None when a cell or
        sheet could not be read (its problems say which), and where each value came from."""
        report = None if self.errors else self.document
        return Imported(report, tuple(self.errors), tuple(self.warnings), "xlsx", self.places)

    def put(self, path: str, value: Any, sheet: str, position: tuple[int, int]) -> None:
        """Set `path` in the document to `value` (as JSON holds it), read from `position` on
        `sheet`."""
        put_json(self.document, path, _json_value(value))
        self.places[path] = f"{sheet}!{address(*position)}"


def _json_value(value: Any) -> Any:
    """`value` as JSON holds it: an amount as its exact digits, a date or time as ISO text."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, _NOT_NUMBERS) and not isinstance(value, bool):
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
    return value


def read_workbook(
    data: bytes,
    imports: ImportLimits = DEFAULT_IMPORT_LIMITS,
) -> WorkbookReading:
    """Read the workbook `data`; raises WorkbookUnreadable (not a workbook, damaged, a sheet
    past a limit) or DocumentTooLarge (over a size or zip limit). Problems of single cells and
    missing sheets or labels are in the result, never raised."""
    reading = WorkbookReading()
    with open_book(data, imports) as book:
        names = (INFO_SHEET, TEXT_SHEET, *TABLE_SHEETS.values())
        if not any(name in book.sheet_names for name in names):
            reading.errors.append(_not_our_workbook(book, names))
            return reading
        info = _sheet(book, INFO_SHEET, reading)
        if info is not None:
            _read_info(info, reading)
        report_format = _choose_format(book, reading)
        reading.document["format"] = reading.document.get("format", report_format)
        text = _sheet(book, TEXT_SHEET, reading)
        if text is not None:
            _read_text(text, reading)
        for table, name in TABLE_SHEETS.items():
            sheet = _sheet(book, name, reading)
            if sheet is not None:
                _read_table(sheet, report_format, table, reading)
    return reading


def _not_our_workbook(book: Book, names: tuple[str, ...]) -> Issue:
    """The one error for a workbook without any sheet of the report workbook."""
    wanted = "、".join(f"“{name}”" for name in names)
    shown = "、".join(book.sheet_names) or "无"
    return Issue(
        "",
        "not_a_report_workbook",
        f"这是 Excel 工作簿，但不是年报数据工作簿：没有 {wanted} 工作表（现有：{shown}）。请下载"
        "空白数据工作簿填写后上传 / an Excel workbook, but not the report workbook: none of its "
        "sheets is there; fill in the blank workbook",
        "工作簿",
    )


def identify(
    data: bytes,
    imports: ImportLimits = DEFAULT_IMPORT_LIMITS,
) -> tuple[str | None, int | None]:
    """The 机关名称 and 年度 of a workbook, from 基本信息 alone (None where they cannot be read,
    or the workbook cannot): cheap enough to match a workbook with last year's report."""
    reading = WorkbookReading()
    try:
        with open_book(data, imports) as book:
            info = book.sheet(INFO_SHEET)
            if info is not None:
                _read_info(info, reading)
    except (DocumentUnsupported, DocumentTooLarge):
        return None, None
    organization, year = reading.document.get("organization"), reading.document.get("year")
    return (
        organization if isinstance(organization, str) else None,
        year if type(year) is int else None,
    )


def _sheet(book: Book, name: str, reading: WorkbookReading) -> Sheet | None:
    """The sheet `name`, or None with an error recorded when the workbook has none (or hides
    it); a warning names the cells of hidden rows and columns, which are not read."""
    sheet = book.sheet(name)
    if sheet is None:
        shown = "、".join(book.sheet_names)
        message = (
            f"工作表“{name}”已隐藏（Excel 中看不到），未读取；请取消隐藏，或删除它并使用可见的"
            f"工作表 / the sheet {name} is hidden and was not read"
            if book.hidden(name)
            else f"工作簿中没有名为“{name}”的工作表（现有：{shown}） / "
            f"the workbook has no sheet named {name}"
        )
        reading.errors.append(Issue("", "missing_sheet", message, name))
        return None
    if sheet.hidden:
        cells = "、".join(address(*position) for position in sheet.hidden[:_LISTED])
        more = f"等 {len(sheet.hidden)} 个" if len(sheet.hidden) > _LISTED else ""
        reading.warnings.append(
            Issue(
                "",
                "hidden_cells",
                f"隐藏的行或列中的单元格 {cells}{more}在 Excel 中看不到，未读取 / "
                f"{len(sheet.hidden)} cells in hidden rows or columns were not read",
                name,
            )
        )
    return sheet


#: How many hidden cells a warning names.
_LISTED = 10


# --- 基本信息 ---------------------------------------------------------------------------------


#: The header of 基本信息's label column, which is no item.
_INFO_HEADER = "项目"


def _read_info(sheet: Sheet, reading: WorkbookReading) -> None:
    """Each 基本信息 value: the cell right of its label. A label the workbook does not have is
    a warning (its value is not read)."""
    labels: dict[str, tuple[int, int]] = {}
    for position, text in sheet.text_cells():
        labels.setdefault(label_key(text), position)
    known = {label_key(row.label) for row in INFO_ROWS} | {label_key(_INFO_HEADER)}
    column = next((labels[key][1] for key in known if key in labels), 1)
    unknown = [
        at for at, text in sheet.text_cells() if at[1] == column and label_key(text) not in known
    ]
    _not_read(sheet.title, unknown, reading)
    for row in INFO_ROWS:
        at = labels.get(label_key(row.label))
        if at is None:
            continue
        position = (at[0], at[1] + 1)
        found = sheet.cells.get(position)
        value = None if found is None else _cached(found, sheet, position, row.path, reading)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        reading.put(row.path, _info_value(row.path, value), sheet.title, position)


def _not_read(title: str, positions: list[tuple[int, int]], reading: WorkbookReading) -> None:
    """One warning naming the cells of a sheet that hold something the report has no place for
    (at most five shown), so that nothing is left out unnoticed."""
    if not positions:
        return
    shown = "、".join(address(*at) for at in sorted(positions)[:5])
    more = f" 等 {len(positions)} 个单元格" if len(positions) > 5 else ""
    reading.warnings.append(
        Issue(
            "",
            "cell_not_read",
            f"{shown}{more}的内容不属于报告的任何部分，未读取 / "
            f"{len(positions)} cell(s) hold something the report has no place for, not read",
            title,
        )
    )


def _info_value(path: str, value: Any) -> Any:
    """A 基本信息 value as the contract takes it; left as it is where the contract reports it."""
    if path == "year":
        return _year(value)
    if path == "format":
        return _plain_number(value) if isinstance(value, int | float) else value
    if path == "signature.date":
        if isinstance(value, datetime.datetime | datetime.date):
            return value.strftime("%Y-%m-%d")
        if not isinstance(value, str):
            return _plain_number(value)
    return value


def _year(value: Any) -> Any:
    """The year as an integer when it reads as one (``2021``, ``２０２１``, ``2021年``)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return read_count(value.strip().removesuffix("年")).value
        except CellUnreadable:
            return value
    return value


def _plain_number(value: int | float) -> str:
    """A number as the text Excel shows for it (``2021``, ``96171.6``)."""
    return format(value, _EXCEL_DIGITS)


# --- 正文 -------------------------------------------------------------------------------------


def _chapter_names() -> dict[str, Chapter]:
    """Every way 章节 may name a chapter: its name, or the name without its numeral."""
    names: dict[str, Chapter] = {}
    for chapter in CHAPTERS:
        names[label_key(chapter.name)] = chapter
        names[label_key(chapter.name.partition("、")[2] or chapter.name)] = chapter
    return names


_CHAPTER_NAMES = _chapter_names()


@dataclass
class _Section:
    """A chapter being read: where its next paragraph goes."""

    key: str
    paragraphs: list[str] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)


def _read_text(sheet: Sheet, reading: WorkbookReading) -> None:
    """正文: below the header, a row per paragraph; 章节 left empty continues the one above
    (merged cells leave it empty too), a 小标题 starts an item."""
    header: dict[str, tuple[int, int]] = {}
    for position, text in sheet.text_cells():
        header.setdefault(label_key(text), position)
    columns = {name: header.get(label_key(name)) for name in (CHAPTER, HEADING, PARAGRAPH)}
    if any(at is None for at in columns.values()):
        absent = "、".join(name for name, at in columns.items() if at is None)
        reading.errors.append(
            Issue(
                "",
                "missing_label",
                f"找不到表头“{absent}” / the header {absent} is missing",
                sheet.title,
            )
        )
        return
    places = {name: at for name, at in columns.items() if at is not None}
    top = max(at[0] for at in places.values())
    read_columns = {at[1] for at in places.values()}
    rows = sorted({row for row, column in sheet.cells if row > top})
    aside = [at for at in sheet.cells if at[0] > top and at[1] not in read_columns]
    _not_read(sheet.title, aside, reading)
    sections: dict[str, _Section] = {}
    current: Chapter | None = None
    for row in rows:
        chapter_at = (row, places[CHAPTER][1])
        named = _text_at(sheet, chapter_at, reading)
        heading = _text_at(sheet, (row, places[HEADING][1]), reading)
        paragraph = _text_at(sheet, (row, places[PARAGRAPH][1]), reading)
        if named is not None:
            current = _CHAPTER_NAMES.get(label_key(named))
            if current is None:
                _row_problem(sheet, chapter_at, reading, "invalid_choice", _not_a_chapter(named))
                continue
        if heading is None and paragraph is None:
            continue
        if current is None:
            _row_problem(sheet, chapter_at, reading, "required", _NO_CHAPTER)
            continue
        section = sections.setdefault(current.key, _Section(current.key))
        _add_row(section, current, heading, paragraph, row, places, sheet.title, reading)
    for key, section in sections.items():
        if key == "preamble":
            reading.document[key] = section.paragraphs
            continue
        body: dict[str, Any] = {}
        if section.paragraphs:
            body["paragraphs"] = section.paragraphs
        if section.items:
            body["items"] = section.items
        reading.document[key] = body


def _add_row(
    section: _Section,
    chapter: Chapter,
    heading: str | None,
    paragraph: str | None,
    row: int,
    places: Mapping[str, tuple[int, int]],
    title: str,
    reading: WorkbookReading,
) -> None:
    """Put one 正文 row into its chapter: a new item, or a paragraph of the last one or of the
    chapter's intro."""
    key = section.key
    if heading is not None and not chapter.has_items:
        _row_problem_at(title, (row, places[HEADING][1]), reading, key, "unknown_field", _NO_ITEMS)
        return
    if heading is not None:
        path = f"{key}.items.{len(section.items)}"
        item: dict[str, Any] = {"heading": heading}
        section.items.append(item)
        reading.put(f"{path}.heading", heading, title, (row, places[HEADING][1]))
        if paragraph is not None:
            item["paragraphs"] = [paragraph]
            reading.places[f"{path}.paragraphs.0"] = f"{title}!{address(row, places[PARAGRAPH][1])}"
        return
    assert paragraph is not None
    cell = f"{title}!{address(row, places[PARAGRAPH][1])}"
    if section.items:
        number = len(section.items) - 1
        paragraphs = section.items[number].setdefault("paragraphs", [])
        reading.places[f"{key}.items.{number}.paragraphs.{len(paragraphs)}"] = cell
        paragraphs.append(paragraph)
    else:
        path = (
            f"preamble.{len(section.paragraphs)}"
            if key == "preamble"
            else (f"{key}.paragraphs.{len(section.paragraphs)}")
        )
        reading.places[path] = cell
        section.paragraphs.append(paragraph)


_NO_CHAPTER = "这一行有内容但没有填写章节 / the row has text but no 章节"
_NO_ITEMS = "前言没有小标题，请把小标题写入段落 / the preamble has no item headings"


def _not_a_chapter(named: str) -> str:
    """The message for a 章节 that is none of the chapters."""
    names = "、".join(chapter.name for chapter in CHAPTERS)
    return f"章节“{named}”应为 {names} 之一 / unknown chapter {named!r}"


def _row_problem(
    sheet: Sheet, at: tuple[int, int], reading: WorkbookReading, code: str, message: str
) -> None:
    """A problem of one 正文 cell that has no contract path."""
    _row_problem_at(sheet.title, at, reading, "", code, message)


def _row_problem_at(
    title: str, at: tuple[int, int], reading: WorkbookReading, path: str, code: str, message: str
) -> None:
    """A problem of the 正文 cell `at`, named by its address and the column's header."""
    where = f"{title}!{address(*at)}"
    reading.errors.append(Issue(path, code, message, where))


def _text_at(sheet: Sheet, at: tuple[int, int], reading: WorkbookReading) -> str | None:
    """The text of a 正文 cell (a number as Excel shows it), None when empty."""
    found = sheet.cells.get(at)
    if found is None:
        return None
    value = _cached(found, sheet, at, "", reading)
    if value is None:
        return None
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _plain_number(value)
    text = str(value)
    return text if text.strip() else None


# --- 表二、表三、表四 --------------------------------------------------------------------------


def _choose_format(book: Book, reading: WorkbookReading) -> Format:
    """The format whose tables the workbook has: the one 格式 names, else the one whose table-2
    labels are all there (else the default of the year)."""
    given = reading.document.get("format")
    if isinstance(given, str) and given.strip() in FORMAT_IDS:
        return next(fmt for fmt in FORMAT_IDS if fmt == given.strip())
    year = reading.document.get("year")
    fallback = default_format(year) if isinstance(year, int) else FORMAT_IDS[-1]
    sheet = book.sheet(TABLE_SHEETS["table2"])
    if sheet is None:
        return fallback
    misses = {fmt: len(locate(sheet, fmt, "table2").missing) for fmt in FORMAT_IDS}
    fewest = min(misses.values())
    return fallback if misses[fallback] == fewest else min(misses, key=lambda f: misses[f])


def _read_table(sheet: Sheet, report_format: Format, table: str, reading: WorkbookReading) -> None:
    """Every data cell of one table, at the place its labels give it."""
    located = locate(sheet, report_format, table)
    for text, keys in located.missing.items():
        reading.errors.append(
            Issue(
                keys[0],
                "missing_label",
                f"工作表“{sheet.title}”中找不到标签“{text}”，无法确定其数据单元格 / "
                f"label {text} not found, its data cells cannot be placed",
                label(keys[0], report_format),
            )
        )
    cells = {cell.key: cell for cell in _data_cells(report_format, table)}
    for key, position in located.cells.items():
        _read_data_cell(sheet, cells[key], position, reading)


def _data_cells(report_format: Format, table: str) -> Iterator[Cell]:
    """The data cells of one official table."""
    from schemas.registry import find

    yield from find(report_format).tables[table].data_cells()


def _read_data_cell(
    sheet: Sheet, cell: Cell, position: tuple[int, int], reading: WorkbookReading
) -> None:
    """Read one data cell into the document (or record why it cannot be read)."""
    assert cell.key is not None
    found = sheet.cells.get(position)
    if found is None:
        return  # empty: not given, 0
    if found.formula is not None and cell.print == "computed_if_absent":
        reading.places[cell.key] = f"{sheet.title}!{address(*position)}"
        return  # the service computes totals
    value = _cached(found, sheet, position, cell.key, reading)
    if value is None:
        reading.places[cell.key] = f"{sheet.title}!{address(*position)}"
        return
    try:
        typed = _typed(cell, value)
    except CellUnreadable as exc:
        reading.places[cell.key] = f"{sheet.title}!{address(*position)}"
        reading.problem(cell.key, _unreadable_code(cell), exc.message)
        return
    reading.put(cell.key, typed.value, sheet.title, position)
    unit = unit_path(cell)
    if unit is not None and typed.unit is not None:
        reading.put(unit, typed.unit, sheet.title, position)
    if typed.blank:
        reading.problem(
            cell.key,
            "blank_cell",
            f"“{str(value).strip()}”按 0 计 / read as 0",
            warning=True,
        )


def _unreadable_code(cell: Cell) -> str:
    """The contract's code for a value a cell cannot hold."""
    return (
        "not_a_number"
        if cell.print in ("decimal_as_given", "amount_with_unit")
        else ("not_an_integer")
    )


def _typed(cell: Cell, value: Any) -> Typed:
    """What a stored Excel value means in `cell`; raises CellUnreadable."""
    amount = cell.print in ("decimal_as_given", "amount_with_unit")
    if isinstance(value, str):
        return read_cell(cell, value)
    if isinstance(value, _NOT_NUMBERS):
        shown = "TRUE" if value is True else "FALSE" if value is False else str(value)
        raise CellUnreadable(
            shown,
            f"“{shown}”是{'逻辑值' if isinstance(value, bool) else '日期或时间'}，不是数字 / "
            f"{shown} is not a number",
        )
    if amount:
        return Typed(Decimal(format(value, _EXCEL_DIGITS)))
    if isinstance(value, float):
        if not value.is_integer():
            shown = _plain_number(value)
            raise CellUnreadable(shown, f"“{shown}”不是整数 / {shown} is not a whole number")
        return Typed(int(value))
    return Typed(int(value))


def _cached(
    found: CellValue, sheet: Sheet, position: tuple[int, int], path: str, reading: WorkbookReading
) -> Any:
    """A cell's value: typed, or a formula's cached result, or the sum it computes; None (with
    an error recorded) for an Excel error value or a formula that cannot be computed."""
    where = f"{sheet.title}!{address(*position)}"
    if found.error:
        _cell_problem(path, where, reading, "formula_error", _error_value(found.value))
        return None
    if found.formula is None or found.value is not None:
        return found.value
    value = evaluate(found.formula, lambda at: _number_at(sheet, at))
    if value is None:
        _cell_problem(path, where, reading, "formula_without_value", _no_result(found.formula))
    return value


def _number_at(sheet: Sheet, at: tuple[int, int]) -> int | float | None:
    """The number a sum adds up at `at`: 0 when empty, None when not a plain number."""
    found = sheet.cells.get(at)
    if found is None:
        return 0
    value = found.value
    if isinstance(value, bool) or not isinstance(value, int | float) or found.error:
        return None
    return value


def _cell_problem(path: str, where: str, reading: WorkbookReading, code: str, message: str) -> None:
    """An error of the cell `where`, with the label of `path` when it has one."""
    if path:
        reading.places.setdefault(path, where)
        reading.problem(path, code, message)
    else:
        reading.errors.append(Issue(path, code, message, where))


def _error_value(value: Any) -> str:
    """The message for a cell showing an Excel error value."""
    return f"单元格显示错误值 {value}，请改正公式或填写数字 / the cell shows the error {value}"


def _no_result(formula: str) -> str:
    """The message for a formula saved without a result that the service does not compute."""
    return (
        f"公式 {formula} 没有计算结果，请在 Excel 或 WPS 中打开、保存后再上传，或直接填写数字 / "
        f"the formula {formula} has no saved result: open and save the workbook, or type a number"
    )
