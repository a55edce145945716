"""Read a 政府信息公开工作年度报告 from a text PDF as published (exported by WPS, Word or
LibreOffice, in either official format).

The file is measured before pdfium opens it (``bounds``), its pages read (``extract``), its
tables rebuilt from their ruling lines and its text from its lines (``layout``,
``paragraphs``); a page's header and footer are left out. The report is then read from the
paragraphs and tables with the logic every reader shares (service.reading): the three tables
found by their first labels, every cell located by its label and read through schemas.model.cells, a
table broken across pages (its header repeated or not) read as one.

A PDF protected by a permissions password only is read as the unprotected one (``security``).
What it cannot read is refused, naming what it is: a scan (pages that are pictures, no text),
a PDF that needs a password to open or whose encryption cannot be read, a PDF whose fonts have
no Unicode map (its text cannot be known), a damaged one.
"""

from __future__ import annotations

from service.errors import DocumentUnsupported
from service.pdf.read.bounds import measure
from service.pdf.read.extract import PageContent, pages
from service.pdf.read.layout import (
    FoundTable,
    PdfGrid,
    TextLine,
    furniture,
    lines_of,
    tables_of,
)
from service.pdf.read.paragraphs import column, paragraphs
from service.reading.assemble import read_report, table_ignored
from service.reading.grid import Grid, link_following
from service.reading.limits import ImportLimits
from service.reading.result import Imported
from service.reading.statistics import read_tables
from service.reading.text import Block, Line, continued_table_line, read_text

#: Share of a PDF's characters that may be unreadable (no Unicode map) before the PDF is.
UNMAPPED_SHARE = 0.02
_WORD_OR_EDITOR = (
    "请上传报告的 Word 文档（.docx）或 Excel 数据工作簿（.xlsx），或在编辑器中录入 / upload the "
    "Word document (.docx) or the workbook (.xlsx), or type the report into the editor"
)


def read_pdf(data: bytes, limits: ImportLimits) -> Imported:
    """Read a PDF (its bytes; one protected by a permissions password only as an unprotected
    one); raises DocumentTooLarge (over a limit) or DocumentUnsupported (a scan, needing a
    password to open, encrypted unreadably, unreadable fonts, damaged); problems with the
    report are in the result."""
    measured = measure(data, limits)
    contents = pages(data, limits, measured.revision)
    _refuse_unreadable(contents)
    blocks = _blocks(contents)
    grids = [block for block in blocks if isinstance(block, Grid)]
    link_following(blocks, _between_parts)
    text = read_text(blocks, False)
    tables = read_tables(grids)
    warnings = [
        table_ignored(content)
        for grid in grids
        if grid.source not in tables.elements
        and (content := "".join(cell.text.strip() for row in grid.rows() for cell in row))
    ]
    return read_report(text, tables, "pdf", "PDF", warnings=warnings)


def _refuse_unreadable(contents: list[PageContent]) -> None:
    """Refuse a scan, an empty PDF and one whose fonts hide their text; raises
    DocumentUnsupported."""
    chars = sum(1 for page in contents for char in page.chars if not char.text.isspace())
    unmapped = sum(page.unmapped for page in contents)
    images = sum(page.images for page in contents)
    if chars == 0 and unmapped == 0:
        if images:
            raise DocumentUnsupported(
                "这是扫描件 PDF（页面是图片，没有文字层），无法读取其中的文字和表格。"
                + _WORD_OR_EDITOR.replace(" / ", " / this is a scanned PDF (pictures of pages, "
                                          "no text): ", 1)
            )
        raise DocumentUnsupported(
            "PDF 中没有任何文字，无法读取。" + _WORD_OR_EDITOR.replace(
                " / ", " / the PDF holds no text: ", 1)
        )
    if unmapped > UNMAPPED_SHARE * (chars + unmapped):
        raise DocumentUnsupported(
            f"PDF 中有 {unmapped} 个字符的字体没有文字对照表（ToUnicode），这些文字无法识别，"
            "报告无法读取。" + _WORD_OR_EDITOR.replace(
                " / ", f" / the fonts of {unmapped} characters have no Unicode map, so the text "
                "cannot be read: ", 1)
        )


def _blocks(contents: list[PageContent]) -> list[Block]:
    """The document's paragraphs and tables in reading order, pages' headers and footers
    left out."""
    laid: list[list[TextLine | FoundTable]] = []
    page_lines: list[list[TextLine]] = []
    for page in contents:
        found = tables_of(page)
        chars = page.chars
        for table in found:
            chars = table.fill(chars)
        lines = lines_of(chars)
        page_lines.append(lines)
        items: list[TextLine | FoundTable] = [*lines, *found]
        items.sort(key=lambda item: item.top)
        laid.append(items)
    left_out = furniture(page_lines, [page.height for page in contents])
    runs: list[list[TextLine]] = [[]]
    order: list[FoundTable] = []
    for items in laid:
        for item in items:
            if isinstance(item, FoundTable):
                order.append(item)
                runs.append([])
            elif id(item) not in left_out:
                runs[-1].append(item)
    text_column = column(runs)
    blocks: list[Block] = []
    for found_paragraphs, after in zip(paragraphs(runs, text_column), [*order, None],
                                       strict=True):
        blocks.extend(found_paragraphs)
        if after is not None:
            blocks.append(PdfGrid(after))
    return blocks


def _between_parts(block: object) -> bool:
    """Whether a block may stand between two parts of a table: a 续表 line (a page's header and
    footer are already left out)."""
    return isinstance(block, Line) and (
        not block.text.strip() or continued_table_line(block.text)
    )
