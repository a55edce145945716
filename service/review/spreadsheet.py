"""A small SpreadsheetML (.xlsx) writer for the review's workbook: each sheet's rows written as XML
into a temporary file as they come, a few fixed styles, then the package zipped at the end.

Measured: openpyxl's write-only sheets cost about 1 ms per row of the detail sheet's ~230
cells, as much as checking the report; this writes the same row in about a tenth of that, and
keeps nothing of it in memory. Every text is an inline string (never a formula), cut and
escaped as ``service.sheetcells.storable`` says; a text that a spreadsheet would take for a
formula when edited carries the quote prefix. Raises OSError from the temporary files or the
stream.
"""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Sequence
from decimal import Decimal
from enum import IntEnum
from typing import IO
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils import get_column_letter

from service.sheetcells import FORMULA_START, Value, storable

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_A4 = 9  # the paperSize code of A4
_CHUNK = 64 * 1024


class Style(IntEnum):
    """The cell styles of the workbook (each also in a quote-prefixed form for text)."""

    PLAIN = 0
    HEADER = 1
    """Bold, wrapped, at the top: a header row."""
    WRAP = 2
    """Wrapped, at the top: long text."""
    LABEL = 3
    """A label of an official grid: centred, wrapped, shaded, boxed."""
    BOXED = 4
    """A value of an official grid: boxed."""
    TITLE = 5
    """Bold: a block's title."""


#: (font, fill, border, alignment) of each Style, in its order.
_XF = (
    (0, 0, 0, ""),
    (1, 0, 0, '<alignment vertical="top" wrapText="1"/>'),
    (0, 0, 0, '<alignment vertical="top" wrapText="1"/>'),
    (0, 2, 1, '<alignment horizontal="center" vertical="center" wrapText="1"/>'),
    (0, 0, 1, ""),
    (1, 0, 0, ""),
)


class Sheet:
    """One sheet, its rows written as they come."""

    def __init__(
        self,
        name: str,
        widths: Sequence[float],
        *,
        freeze: tuple[int, int] | None = None,
        landscape: bool = False,
        title_row: bool = False,
    ) -> None:
        self.name = name
        self._widths = tuple(widths)
        self._freeze = freeze
        """Columns and rows kept in view (left, top)."""
        self._landscape = landscape
        self.title_row = title_row
        """Whether the first row is printed on every page."""
        # Closed by close(): it lives as long as the workbook, not a block.
        self._rows: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self.count = 0
        self.width = 0
        self.merges: list[str] = []
        self.filter: str | None = None

    def append(self, values: Sequence[Value], style: Style | Sequence[Style] = Style.PLAIN) -> None:
        """Write the next row: numbers as numbers, texts as text, None as nothing."""
        self.count += 1
        styles = [style] * len(values) if isinstance(style, Style) else list(style)
        cells = []
        for column, (value, cell_style) in enumerate(zip(values, styles, strict=True), 1):
            where = f"{_letter(column)}{self.count}"
            if value is None:
                if cell_style:
                    cells.append(f'<c r="{where}" s="{2 * cell_style}"/>')
                continue
            if isinstance(value, str):
                text = storable(value)
                quoted = 2 * cell_style + text.startswith(FORMULA_START)
                cells.append(
                    f'<c r="{where}" s="{quoted}" t="inlineStr"><is><t xml:space="preserve">'
                    f"{escape(text)}</t></is></c>"
                )
            else:
                number = format(value, "f") if isinstance(value, Decimal) else str(value)
                cells.append(f'<c r="{where}" s="{2 * cell_style}"><v>{number}</v></c>')
        self.width = max(self.width, len(values))
        self._rows.write(f'<row r="{self.count}">{"".join(cells)}</row>')

    def merge(self, top: int, left: int, bottom: int, right: int) -> None:
        """Merge the cells from (top, left) to (bottom, right), rows and columns from 1."""
        self.merges.append(f"{_letter(left)}{top}:{_letter(right)}{bottom}")

    def reference(self, rows: int, columns: int) -> str:
        """The range of the first `rows` rows and `columns` columns, e.g. ``A1:K41``."""
        return f"A1:{_letter(columns)}{rows}"

    def write(self, archive: zipfile.ZipFile, path: str) -> None:
        """Write the sheet's part into `archive`."""
        with archive.open(path, "w") as part:
            part.write(self._head().encode())
            self._rows.seek(0)
            while chunk := self._rows.read(_CHUNK):
                part.write(chunk.encode())
            part.write(self._tail().encode())

    def close(self) -> None:
        """Remove the rows' temporary file."""
        self._rows.close()

    def _head(self) -> str:
        """Everything before the rows."""
        properties = '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' if self._landscape else ""
        view = '<sheetView workbookViewId="0"/>'
        if self._freeze is not None:
            left, top = self._freeze
            view = (
                f'<sheetView workbookViewId="0"><pane xSplit="{left}" ySplit="{top}" '
                f'topLeftCell="{_letter(left + 1)}{top + 1}" activePane="bottomRight" '
                'state="frozen"/></sheetView>'
            )
        columns = "".join(
            f'<col min="{n}" max="{n}" width="{width}" customWidth="1"/>'
            for n, width in enumerate(self._widths, 1)
        )
        return (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_MAIN}" '
            f'xmlns:r="{_RELATIONSHIPS}">{properties}<sheetViews>{view}</sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/>'
            + (f"<cols>{columns}</cols>" if columns else "")
            + "<sheetData>"
        )

    def _tail(self) -> str:
        """Everything after the rows."""
        tail = "</sheetData>"
        if self.filter is not None:
            tail += f'<autoFilter ref="{self.filter}"/>'
        if self.merges:
            merged = "".join(f'<mergeCell ref="{ref}"/>' for ref in self.merges)
            tail += f'<mergeCells count="{len(self.merges)}">{merged}</mergeCells>'
        tail += (
            '<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" '
            'footer="0.3"/>'
        )
        if self._landscape:
            tail += (
                f'<pageSetup paperSize="{_A4}" orientation="landscape" fitToWidth="1" '
                'fitToHeight="0"/>'
            )
        return tail + "</worksheet>"


class Spreadsheet:
    """A workbook of Sheets, in the order they were added; ``save`` writes the package."""

    def __init__(self) -> None:
        self.sheets: list[Sheet] = []

    def add(self, sheet: Sheet) -> Sheet:
        """Add `sheet` after the others; returns it."""
        self.sheets.append(sheet)
        return sheet

    def save(self, stream: IO[bytes]) -> None:
        """Write the .xlsx to `stream` (a zip of the package's parts)."""
        with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", self._content_types())
            archive.writestr(
                "_rels/.rels",
                _relationships([("officeDocument", "xl/workbook.xml")]),
            )
            archive.writestr("xl/workbook.xml", self._workbook())
            count = len(self.sheets)
            parts = [("worksheet", f"worksheets/sheet{n}.xml") for n in range(1, count + 1)]
            archive.writestr(
                "xl/_rels/workbook.xml.rels", _relationships([*parts, ("styles", "styles.xml")])
            )
            archive.writestr("xl/styles.xml", _styles())
            for number, sheet in enumerate(self.sheets, 1):
                sheet.write(archive, f"xl/worksheets/sheet{number}.xml")

    def close(self) -> None:
        """Remove every sheet's temporary file."""
        for sheet in self.sheets:
            sheet.close()

    def _content_types(self) -> str:
        """[Content_Types].xml."""
        sheets = "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
            f'ContentType="{_CONTENT}.worksheet+xml"/>'
            for n in range(1, len(self.sheets) + 1)
        )
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_CONTENT}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{_CONTENT}.styles+xml"/>'
            f"{sheets}</Types>"
        )

    def _workbook(self) -> str:
        """xl/workbook.xml: the sheets, their print titles and filters."""
        sheets = "".join(
            f"<sheet name={quoteattr(sheet.name)} sheetId=\"{n}\" r:id=\"rId{n}\"/>"
            for n, sheet in enumerate(self.sheets, 1)
        )
        names = []
        for index, sheet in enumerate(self.sheets):
            quoted = escape("'" + sheet.name.replace("'", "''") + "'")
            if sheet.filter is not None:
                absolute = _absolute(sheet.filter)
                names.append(
                    f'<definedName name="_xlnm._FilterDatabase" localSheetId="{index}" '
                    f'hidden="1">{quoted}!{absolute}</definedName>'
                )
            if sheet.title_row:
                names.append(
                    f'<definedName name="_xlnm.Print_Titles" localSheetId="{index}">'
                    f"{quoted}!$1:$1</definedName>"
                )
        defined = f"<definedNames>{''.join(names)}</definedNames>" if names else ""
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}">'
            f'<bookViews><workbookView/></bookViews><sheets>{sheets}</sheets>{defined}</workbook>'
        )


def _absolute(reference: str) -> str:
    """``A1:K41`` as ``$A$1:$K$41``."""
    ends = []
    for end in reference.split(":"):
        letters = end.rstrip("0123456789")
        ends.append(f"${letters}${end[len(letters):]}")
    return ":".join(ends)


def _relationships(targets: Sequence[tuple[str, str]]) -> str:
    """A relationships part pointing at `targets` (type, target), ids rId1…"""
    found = "".join(
        f'<Relationship Id="rId{n}" Type="{_OFFICE}{kind}" Target="{target}"/>'
        for n, (kind, target) in enumerate(targets, 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">{found}</Relationships>'
    )


def _styles() -> str:
    """xl/styles.xml: two fonts, a shaded fill, a thin border; each Style plain and quoted."""
    xfs = "".join(
        f'<xf numFmtId="0" fontId="{font}" fillId="{fill}" borderId="{border}" xfId="0"'
        + _flag("applyFont", font) + _flag("applyFill", fill) + _flag("applyBorder", border)
        + _flag("applyAlignment", alignment) + _flag("quotePrefix", quoted)
        + f">{alignment}</xf>"
        for font, fill, border, alignment in _XF
        for quoted in (False, True)
    )  # fmt: skip
    thin = '<{side} style="thin"><color rgb="FF808080"/></{side}>'
    box = "".join(thin.format(side=side) for side in ("left", "right", "top", "bottom"))
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<styleSheet xmlns="{_MAIN}">'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="3"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill>'
        '<fill><patternFill patternType="solid"><fgColor rgb="FFF2F2F2"/></patternFill></fill>'
        "</fills>"
        f'<borders count="2"><border/><border>{box}<diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        "</cellStyleXfs>"
        f'<cellXfs count="{2 * len(_XF)}">{xfs}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )


def _flag(name: str, value: object) -> str:
    """`` name="1"`` when `value` is set, else nothing."""
    return f' {name}="1"' if value else ""


_LETTERS: dict[int, str] = {}


def _letter(column: int) -> str:
    """The letters of column number `column` (from 1), remembered."""
    letter = _LETTERS.get(column)
    if letter is None:
        letter = _LETTERS[column] = get_column_letter(column)
    return letter
