"""Read a 政府信息公开工作年度报告 from its web page: the portal's whole page or the article alone.

The page is decoded (``charset``) and parsed within its limits (``tree``), laid out into
paragraphs and tables (``blocks``), and the article is found among the site's navigation and
footers: the part of the page that holds every chapter heading and official table, with the
title above it. From there the text and the three tables are read as in every document
(service.reading): the same chapters, items, 落款, the same cells located by their labels.

Pages the service writes itself (service.html.write.page) are recognised by the writer's own
element styles, which mark the title, chapters, run-in headings and 落款 exactly, as the Word
templates' styles do; a page whose styles a CMS rewrote is read like any other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from schemas.model.layout import FIELD_LABELS
from service.html.read.blocks import (
    Item,
    Paragraph,
    TableBlock,
    alignment,
    common_scope,
    items,
    text_of,
)
from service.html.read.charset import decode
from service.html.read.tree import Page, parse
from service.html.write.page import STYLES
from service.reading.assemble import imported, is_report, read_report, table_ignored
from service.reading.grid import Table, link_following
from service.reading.limits import ImportLimits
from service.reading.result import Imported
from service.reading.statistics import find_tables, label_key, read_tables
from service.reading.text import (
    CHAPTER,
    SIGNATURE,
    SIGNATURE_DATE,
    TITLE,
    Block,
    Finding,
    Line,
    chapter_number,
    continued_table_line,
    parse_date,
    parse_title,
    read_text,
    title_line,
)

#: The writer's element styles and the role they mark.
_ROLES = {
    ("h1", STYLES["title"]): TITLE,
    ("h2", STYLES["heading"]): CHAPTER,
    ("p", STYLES["signature"]): SIGNATURE,
    ("p", STYLES["date"]): SIGNATURE_DATE,
}
#: A line that starts a paragraph of its own after a <br>: indented by two or more spaces.
_INDENTED = re.compile(r"[\u00a0\u3000 ]{2,}")
#: An item's number at the start of a line.
_ITEM_START = re.compile(r"\s*[（(][一二三四五六七八九十]{1,3}[)）]")
#: Separators between an article's title and the site's name in <title>.
_TITLE_SUFFIX = re.compile(r"\s*[_|｜\-—–]+\s*[^_|｜\-—–]*$")
_SNIPPET = 30


@dataclass(slots=True)
class _Article:
    """The part of the page that is the report: its blocks (paragraphs as Lines, tables)."""

    blocks: list[Block]
    tables: list[Table]
    ignored: list[Table]
    """Tables of the article that are not (part of) an official table."""


def read_html(data: bytes, limits: ImportLimits) -> Imported:
    """Read a web page (its bytes); raises DocumentTooLarge (over a limit) or
    DocumentUnsupported (not parseable); problems with the report itself are in the result."""
    page = parse(decode(data), limits)
    found = items(page.body)
    house = any(_role(item) == CHAPTER for item in found if isinstance(item, Paragraph))
    lines = _lines(found, house)
    link_following(
        [item.table if isinstance(item, TableBlock) else line for item, line in
         zip(found, lines, strict=True)],
        _between_tables,
    )
    article = _article(found, lines, house, page)
    if article is None:
        return imported(None, [_not_a_report(found, page)], [], "html")
    text = read_text(article.blocks, house)
    tables = read_tables(article.tables)
    if not is_report(text, tables):
        return imported(None, [_not_a_report(found, page)], [], "html")
    warnings = [
        table_ignored(_content(table))
        for table in article.ignored
        if table.source not in tables.elements and _content(table)
    ]
    return read_report(text, tables, "html", "网页", warnings=warnings)


def _role(paragraph: Paragraph) -> str | None:
    """The role the writer's style gives a paragraph's element."""
    style = paragraph.element.attributes.get("style")
    return _ROLES.get((paragraph.element.tag, style or ""))


def _lines(found: list[Item], house: bool) -> list[Line | None]:
    """Each item's Line (None for a table)."""
    lines: list[Line | None] = []
    number = 0
    for item in found:
        if isinstance(item, TableBlock):
            lines.append(None)
            continue
        number += 1
        role = _role(item) if house else None
        run_in = None
        if house and item.run_in is not None \
                and item.run_in.attributes.get("style") == STYLES["run_in"]:
            run_in = text_of(item.run_in)
        lines.append(Line(item.text, role, alignment(item.element), run_in, number))
    return lines


def _split(text: str) -> list[str]:
    """A paragraph's text in the paragraphs it shows: a line after a <br> starts a new one when
    it is indented, a chapter heading, an item's number （一） or a date, or follows a chapter
    heading."""
    parts: list[list[str]] = [[]]
    for line in text.split("\n"):
        previous = parts[-1]
        if previous and (
            _INDENTED.match(line)
            or _ITEM_START.match(line)
            or _stands_alone(line)
            or _stands_alone(previous[-1])
        ):
            parts.append([])
        parts[-1].append(line)
    return ["\n".join(part) for part in parts]


def _stands_alone(line: str) -> bool:
    """Whether a line is a paragraph of its own: a chapter heading or a date."""
    probe = Line(line, None, None, None, 0)
    return chapter_number(probe, False) is not None or parse_date(line) is not None


def _between_tables(block: object) -> bool:
    """Whether a block may stand between two parts of a table (a blank line, a 续表 line)."""
    return isinstance(block, Line) and (
        not block.text.strip() or continued_table_line(block.text)
    )


def _article(
    found: list[Item], lines: list[Line | None], house: bool, page: Page
) -> _Article | None:
    """The article: the blocks inside the smallest element holding every chapter heading and
    official table, with the title before it; None when the page has neither."""
    tables = [item.table for item in found if isinstance(item, TableBlock)]
    official = {
        table.source for candidates in find_tables(tables).values() for table in candidates
    }
    marks = [
        index
        for index, (item, line) in enumerate(zip(found, lines, strict=True))
        if (line is not None and chapter_number(line, house) is not None)
        or (isinstance(item, TableBlock) and item.table.source in official)
    ]
    if not marks:
        return None
    common = common_scope([found[index].path for index in marks])
    inside = [index for index, item in enumerate(found) if item.path.within(common)]
    start = inside[0]
    title = _title_before(lines, marks[0], house)
    chosen = inside
    if title is not None and title < start:
        before = [title - 1] if title > 0 and _needs_line_before(lines, title) else []
        chosen = [*before, title, *inside]
    elif title is None and page.title:
        synthesized = _from_page_title(page.title)
        if synthesized is not None:
            return _blocks(found, lines, inside, house, extra=synthesized)
    return _blocks(found, lines, chosen, house)


def _needs_line_before(lines: list[Line | None], title: int) -> bool:
    """Whether the title line names no organization and year itself (the line before it does)."""
    line = lines[title]
    return line is not None and parse_title(line.text) is None and lines[title - 1] is not None


def _title_before(lines: list[Line | None], first: int, house: bool) -> int | None:
    """The title's line: the last line ending in 报告 (the writer's title style in its own pages)
    before the first chapter heading or table."""
    for index in range(first - 1, -1, -1):
        line = lines[index]
        if line is None:
            continue
        if house and line.role == TITLE:
            return index
        if not house and title_line(line.text):
            return index
    return None


def _from_page_title(title: str) -> Line | None:
    """A title Line from the page's <title> less the site's name, when it names a report."""
    for candidate in (title.strip(), _TITLE_SUFFIX.sub("", title.strip())):
        if candidate.endswith("报告") and parse_title(candidate) is not None:
            return Line(candidate, TITLE, None, None, 0)
    return None


def _blocks(
    found: list[Item],
    lines: list[Line | None],
    chosen: list[int],
    house: bool,
    extra: Line | None = None,
) -> _Article:
    """The article's blocks in order, paragraphs split into the ones they show."""
    blocks: list[Block] = [] if extra is None else [extra]
    tables: list[Table] = []
    number = 0
    for index in chosen:
        item, line = found[index], lines[index]
        if isinstance(item, TableBlock):
            blocks.append(item.table)
            tables.append(item.table)
            continue
        assert line is not None
        parts = [line.text] if house else _split(line.text)
        for part in parts:
            number += 1
            blocks.append(Line(part, line.role, line.align, line.run_in, number))
    official = {table.source for found_tables in find_tables(tables).values()
                for table in found_tables}
    return _Article(blocks, tables, [t for t in tables if t.source not in official])


def _content(table: Table) -> str:
    """A table's text, squeezed."""
    return "".join(cell.text.strip() for row in table.rows() for cell in row)


def _not_a_report(found: list[Item], page: Page) -> Finding:
    """Why a page is not a report: what it holds instead (no table, not the official ones)."""
    tables = [item.table for item in found if isinstance(item, TableBlock)]
    named = f"网页“{page.title.strip()[:40]}”" if page.title.strip() else "网页"
    if not tables:
        what = "没有任何表格"
        english = "it has no table"
    else:
        first = label_key(tables[0].first_label())[:_SNIPPET] or "（空）"
        what = f"有 {len(tables)} 个表格，但都不是官方统计表格（第一个以“{first}”开头）"
        english = f"its {len(tables)} table(s) are not the official statistics tables"
    return Finding(
        "",
        "not_a_report",
        f"{named}不是政府信息公开工作年度报告：找不到年度报告的章节（一、总体情况……），{what} / "
        f"the web page is not an annual report: no chapters, and {english}",
        FIELD_LABELS[""],
    )
