"""The three statistics tables read from a Word document: the format they are in and every cell.

A table is found by its first label (第二十条第（一）项, （本列数据的勾稽关系为…）, 行政复议),
wherever it is — also nested in a layout table —, never by its position. Its cells are read
through gridSpan/vMerge (each w:tc once) and laid against the official layout of each format
(``official_tables.json`` through the format registry): the format is the one whose layouts the
tables match (a 2019 表二 has 第二十条第（九）项). The grid and the merges are not compared —
dragging a column border in Word splits the grid and changes every gridSpan while the table
stays the same — only each row's cells in order and their labels: a label in other words than
the official ones (a typo a published report kept) is a warning when it is close, an error when
it is another label. A data cell is read as people type it (schemas.model.cells); a blank or dash
cell is 0 with one warning naming all such cells.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from schemas.model.cells import CellUnreadable, read_cell, unit_path
from schemas.model.layout import SEPARATOR, TABLE_SECTIONS, TableLayout, label
from schemas.model.paths import put_json
from schemas.model.report import decimal_text
from schemas.registry import FORMATS, Format, FormatSpec
from service.docx.ns import W
from service.docx.read.chapters import Finding, continued_table_line
from service.docx.tables import compare
from service.docx.xml import GridCell, grid_rows, own_children, paragraph_text

_QUOTES = re.compile("[\"'“”‘’「」『』]")
#: A numbered label's mark after its digit (1、 1． 1.), written as the official 1.
_NUMBER_MARK = re.compile(r"(?<=[0-9])[、.]")
#: How close a label in other words must be to the official one (difflib's ratio) to be taken
#: for it: typos (情况 for 情形, 内容 for 内部) pass, another row's label does not.
LABEL_CLOSENESS = 0.6
#: Body-level marks that hold no content: they may stand between the parts of a split table.
_NOTHING = frozenset(
    {f"{W}bookmarkStart", f"{W}bookmarkEnd", f"{W}proofErr", f"{W}permStart", f"{W}permEnd"}
)


@functools.lru_cache(maxsize=4096)
def label_key(text: str) -> str:
    """A label as compared: full-width forms narrowed, no white space, no quotation marks,
    1、 as 1., and 其它 as 其他 (both are common in published tables)."""
    narrowed = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return _NUMBER_MARK.sub(".", _QUOTES.sub("", narrowed)).replace("其它", "其他")


def close_label(found: str, official: str) -> bool:
    """Whether a label in a document stands for the official label (same, or nearly)."""
    found_key, official_key = label_key(found), label_key(official)
    if found_key == official_key:
        return True
    return difflib.SequenceMatcher(None, found_key, official_key).ratio() >= LABEL_CLOSENESS


@dataclass(slots=True)
class Found:
    """An official table in the document: its element and its grid."""

    element: etree._Element
    rows: list[list[GridCell]]


@dataclass(slots=True)
class Tables:
    """What the statistics tables say."""

    elements: set[etree._Element] = field(default_factory=set)
    """Every table at any depth that starts like an official one (read or not)."""
    format: Format | None = None
    """The format the tables are in; None when no table tells (or none was found)."""
    values: dict[str, Any] = field(default_factory=dict)
    """``active_disclosure``, ``applications``, ``review_litigation`` as contract dicts."""
    errors: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)


def _first_label(table: etree._Element) -> str:
    """The text of a table's first cell; "" when that cell holds a table of its own (no
    official table's first cell does). No grid is built, and the cell is read only up to such
    a table, so each paragraph is read here once however deep a document nests its tables."""
    for row in own_children(table, f"{W}tr"):
        for cell in own_children(row, f"{W}tc"):
            texts = []
            for element in cell.iter(f"{W}p", f"{W}tbl"):
                if element.tag == f"{W}tbl":
                    return ""
                texts.append(paragraph_text(element))
            return "\n".join(texts)
        return ""
    return ""


def find_tables(document: etree._Element) -> dict[str, list[etree._Element]]:
    """Every table, at any depth, whose first label is an official table's, by table key."""
    first_labels = {
        label_key(spec.tables[name].first_label): name
        for spec in FORMATS
        for name in TABLE_SECTIONS
    }
    found: dict[str, list[etree._Element]] = {}
    for table in document.iter(f"{W}tbl"):
        name = first_labels.get(label_key(_first_label(table)))
        if name is not None:
            found.setdefault(name, []).append(table)
    return found


def read_tables(document: etree._Element) -> Tables:
    """Find the three tables, decide their format and read every data cell."""
    result = Tables()
    candidates = find_tables(document)
    official = {table: name for name, tables in candidates.items() for table in tables}
    # Only the first of each is read: its grid alone is built (a table's grid reads every
    # table nested in it, so building each one's would be quadratic in the nesting).
    found: dict[str, Found] = {}
    continuations: set[etree._Element] = set()
    for name, tables in candidates.items():
        rows, parts = _continued(tables[0], name, official)
        found[name] = Found(tables[0], rows)
        continuations.update(parts)
    result.elements = set(official) | continuations
    for name, tables in candidates.items():
        count = 1 + sum(table not in continuations for table in tables[1:])
        if count > 1:
            result.warnings.append(
                Finding(
                    TABLE_SECTIONS[name],
                    "table_repeated",
                    f"文档中有 {count} 个这样的表格，只读取了第一个 / the document has "
                    f"{count} such tables; only the first was read",
                    _table_name(FORMATS[-1], name),
                )
            )
    if not found:
        return result
    differences: dict[str, dict[str, list[str]]] = {
        spec.id: _problems(found, spec) for spec in FORMATS
    }
    matching = [spec for spec in FORMATS if not any(differences[spec.id].values())]
    spec, problems = _best_format(matching, differences)
    if len(matching) == 1 or problems:
        result.format = spec.id
    for name, messages in problems.items():
        result.errors.extend(
            Finding(
                TABLE_SECTIONS[name],
                "table_layout",
                f"表格与 {spec.name} 的官方表格不一致：{message} / the table differs from the "
                "official layout",
                _table_name(spec, name),
            )
            for message in messages
        )
    blanks: list[str] = []
    for name, table in found.items():
        if name not in problems:
            _read_cells(table, spec, name, result, blanks)
    if blanks:
        result.warnings.append(
            Finding(
                "",
                "blank_cells",
                f"以下 {len(blanks)} 个单元格为空或只有“—”“/”“无”等符号，已按 0 读取，请核对："
                + "；".join(_by_row(blanks, spec))
                + f" / {len(blanks)} empty or dash cells were read as 0",
                "空白单元格",
            )
        )
    return result


def _by_row(keys: list[str], spec: FormatSpec) -> list[str]:
    """Blank cells grouped by row: ``一、本年新收政府信息公开申请数量：其他、总计``."""
    rows: dict[str, list[str]] = {}
    for key in keys:
        row, _, _ = key.rpartition(".")
        rows.setdefault(row, []).append(label(key, spec.id).rpartition(SEPARATOR)[2])
    return [
        f"{label(row, spec.id).split(SEPARATOR, 1)[-1]}：{'、'.join(columns)}"
        for row, columns in rows.items()
    ]


def _continued(
    table: etree._Element, name: str, official: Mapping[etree._Element, str]
) -> tuple[list[list[GridCell]], list[etree._Element]]:
    """The grid of official table `name` and the tables that continue it (read as its rows).

    A table split in two — by a page break or a blank paragraph typed into it, a 续表 line, or
    pasted from a PDF page by page with its header rows repeated — is read as one: the tables
    right after it add their rows (repeated header rows left out) until it matches its layout
    in a format or has as many rows as the longest, so a whole table is never lengthened.
    Another official table ends it. Empty rows left at the end are not rows of the table.
    """
    rows = grid_rows(table)
    most = max(len(spec.tables[name].rows) for spec in FORMATS)
    header = [_row_key(row) for row in rows]
    parts: list[etree._Element] = []
    more: list[list[etree._Element]] = []
    complete = _matches(table, rows, name)
    for following in _following_tables(table):
        if complete or len(rows) >= most or official.get(following, name) != name:
            break
        own = grid_rows(following)
        repeated = 0
        while repeated < min(len(own), len(header)) and _row_key(own[repeated]) == header[repeated]:
            repeated += 1
        parts.append(following)
        more.append(list(own_children(following, f"{W}tr"))[repeated:])
        if len(own) > repeated:  # at most `most` times: each adds a row
            rows = grid_rows(table, *more)
            complete = _matches(table, rows, name)
    return _without_empty_rows_after(rows, name), parts


def _matches(table: etree._Element, rows: list[list[GridCell]], name: str) -> bool:
    """Whether the rows are table `name` of some format, exactly as its layout has it."""
    return any(not _problems_of(table, rows, spec, name) for spec in FORMATS)


def _without_empty_rows_after(rows: list[list[GridCell]], name: str) -> list[list[GridCell]]:
    """`rows` without the empty rows a person left at the end of the table (every cell empty)
    beyond the fewest rows a format's layout has: every official row but table 4's row of
    numbers has a label, so no row that carries anything is dropped."""
    fewest = min(len(spec.tables[name].rows) for spec in FORMATS)
    end = len(rows)
    while end > fewest and all(not cell.text.strip() for cell in rows[end - 1]):
        end -= 1
    return rows[:end]


def _following_tables(table: etree._Element) -> Iterator[etree._Element]:
    """The tables right after `table` with nothing between them but empty paragraphs (a page
    break, a blank line), a 续表 line and marks without content (bookmarks, proofing marks)."""
    sibling = table.getnext()
    while sibling is not None:
        if sibling.tag == f"{W}tbl":
            yield sibling
        elif sibling.tag not in _NOTHING and (
            sibling.tag != f"{W}p" or not _between_parts(paragraph_text(sibling))
        ):
            return
        sibling = sibling.getnext()


def _between_parts(text: str) -> bool:
    """Whether a paragraph between two tables may stand inside one table: empty, or a 续表
    line."""
    return not text.strip() or continued_table_line(text)


def _row_key(row: list[GridCell]) -> tuple[str, ...]:
    """A row's texts as compared to find a repeated header row."""
    return tuple(label_key(cell.text) for cell in row)


def _best_format(
    matching: list[FormatSpec], differences: Mapping[str, dict[str, list[str]]]
) -> tuple[FormatSpec, dict[str, list[str]]]:
    """The format the tables match (the newest when several do), else the closest one with its
    differences per table."""
    if matching:
        return matching[-1], {}
    best = min(
        FORMATS, key=lambda spec: sum(len(found) for found in differences[spec.id].values())
    )
    return best, {name: found for name, found in differences[best.id].items() if found}


def _problems(found: dict[str, Found], spec: FormatSpec) -> dict[str, list[str]]:
    """Each found table's differences from the format's layout (rows, cells, labels)."""
    return {
        name: _problems_of(table.element, table.rows, spec, name) for name, table in found.items()
    }


def _problems_of(
    table: etree._Element, rows: list[list[GridCell]], spec: FormatSpec, name: str
) -> list[str]:
    """One table's differences from table `name` of a format (rows, cells, labels)."""
    return compare(table, spec.tables[name], rows=rows, spans=False, same_label=close_label)


def _table_name(spec: FormatSpec, name: str) -> str:
    """A table as staff know it: its chapter heading."""
    return spec.tables[name].heading


def _cells(table: Found, layout: TableLayout) -> Iterator[tuple[GridCell, Any]]:
    """(document cell, official cell) pairs, row by row (the layouts matched already)."""
    for row, official in zip(table.rows, layout.rows, strict=True):
        yield from zip(row, official, strict=True)


def _read_cells(
    table: Found, spec: FormatSpec, name: str, result: Tables, blanks: list[str]
) -> None:
    """Read a matched table's data cells into `result.values`; warn about reworded labels."""
    for cell, want in _cells(table, spec.tables[name]):
        if want.key is None:
            if label_key(cell.text) != label_key(want.text or ""):
                result.warnings.append(
                    Finding(
                        TABLE_SECTIONS[name],
                        "label_differs",
                        f"表头“{cell.text.strip()}”与官方表格的“{want.text}”不同，按后者读取 / "
                        "the label differs from the official one and was read as it",
                        _table_name(spec, name),
                    )
                )
            continue
        try:
            typed = read_cell(want, cell.text)
        except CellUnreadable as exc:
            result.errors.append(
                Finding(want.key, "cell_unreadable", exc.message, label(want.key, spec.id))
            )
            continue
        if typed.blank:
            blanks.append(want.key)
        value: Any = typed.value if isinstance(typed.value, int) else decimal_text(typed.value)
        put_json(result.values, want.key, value)
        unit = unit_path(want)
        if unit is not None and typed.unit is not None:
            put_json(result.values, unit, typed.unit)


