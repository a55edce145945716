"""Read a 政府信息公开工作年度报告 .docx back into the contract: ours, or the official template
filled in by a person in Word or WPS.

The body becomes paragraphs and tables (service.docx.read.body, service.docx.tables); the text
(service.reading.text) and the statistics tables (service.reading.statistics) are read from them
as from any document, and put together by service.reading.assemble. Every problem names the
table cell's Chinese label or the paragraph; a document with any error gives no report.
Nothing is guessed silently: blank cells read as 0, text outside the report's places, a
template placeholder left in place and macros are all warnings.

Errors (no report): ``not_a_report`` (neither chapters nor tables), ``title_unreadable``,
``chapter_missing`` (一、 or 五、), ``table_missing``, ``table_layout`` (rows, cells or labels that
are not the official table's), ``cell_unreadable``. Warnings: ``blank_cells``, ``label_differs``,
``table_repeated``, ``text_ignored`` (also for a document embedded with w:altChunk, whose text
Word shows), ``placeholder_left``, ``macros_ignored``.
"""

from __future__ import annotations

import zipfile
from typing import cast

from lxml import etree

from schemas.model.layout import FIELD_LABELS
from service.docx.ns import W
from service.docx.read.body import CHAPTER_STYLE, RUN_IN_STYLE, body
from service.docx.read.lists import ListNumbers
from service.docx.read.package import MainPart, read_package
from service.docx.tables import word_tables
from service.docx.xml import paragraph_text
from service.reading.assemble import is_report, read_report, table_ignored
from service.reading.limits import ImportLimits
from service.reading.result import Imported
from service.reading.statistics import Tables, read_tables
from service.reading.text import Block, Finding, Line, read_text


def read_docx(archive: zipfile.ZipFile, main: MainPart, limits: ImportLimits) -> Imported:
    """Read the Word document in `archive` (its main part `main`); raises DocumentUnsupported
    or DocumentTooLarge when its parts cannot be read (problems with the report itself are in
    the result)."""
    package = read_package(archive, main, limits)
    house = _is_house(package.styles)
    lists = ListNumbers(package.numbering, package.styles)
    lists.count_document(package.document)
    blocks = body(package.document, lists)
    text = read_text(blocks, house)
    tables = read_tables(word_tables(package.document))
    creator = package.creator.strip() if package.creator else None
    warnings = _tables_ignored(blocks, tables) if is_report(text, tables) else []
    warnings.extend(_embedded(package.document))
    if package.macros:
        warnings.append(
            Finding(
                "",
                "macros_ignored",
                "文档含有宏，已忽略（从未打开或运行） / the document has macros: ignored, never "
                "opened or run",
                FIELD_LABELS[""],
            )
        )
    return read_report(
        text, tables, "docx", "文档", named=creator if house else None, warnings=warnings
    )


def _is_house(styles: etree._Element | None) -> bool:
    """Whether the document was made from the service's templates (their styles mark the
    title, chapters, run-in headings and 落款)."""
    if styles is None:
        return False
    ids = {style.get(f"{W}styleId") for style in styles.iterfind(f"{W}style")}
    return RUN_IN_STYLE in ids and CHAPTER_STYLE in ids


def _embedded(document: etree._Element) -> list[Finding]:
    """A warning for each document embedded in the body (w:altChunk: HTML, RTF or another
    .docx that Word shows in its place): its text is not read."""
    return [
        Finding(
            "",
            "text_ignored",
            "文档中嵌入了另一份文档（altChunk，Word 会显示其内容），其中的文字未读入报告；如有报告"
            "内容，请复制后直接粘贴到文档中 / an embedded document (altChunk) that Word shows "
            "is not read",
            f"嵌入的文档（第{number}个）",
        )
        for number, _ in enumerate(document.iter(f"{W}altChunk"), 1)
    ]


def _tables_ignored(blocks: list[Block], tables: Tables) -> list[Finding]:
    """A warning for each body table that is not (and holds no) official table but has text."""
    found: list[Finding] = []
    for block in blocks:
        if isinstance(block, Line):
            continue
        element = cast("etree._Element", block)  # the body's other blocks are its w:tbl
        if any(table in tables.elements for table in element.iter(f"{W}tbl")):
            continue
        content = "".join(paragraph_text(p).strip() for p in element.iter(f"{W}p"))
        if content:
            found.append(table_ignored(content))
    return found
