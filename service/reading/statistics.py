"""The three statistics tables read from a document's tables: the format they are in and every cell.

The same for every kind of file (Word, a web page, a PDF: each reader gives its tables as
``service.reading.grid.Table``). A table is found by its first label (第二十条第（一）项,
（本列数据的勾稽关系为…）, 行政复议), wherever it is — also nested in a layout table —, never by its
position. Its rows of logical cells are laid against the official layout of each format
(``official_tables.json`` through the format registry): the format is the one whose layouts the
tables match (a 2019 表二 has 第二十条第（九）项). The grid and the merges are not compared —
dragging a column border in Word splits the grid and changes every gridSpan while the table
stays the same — only each row's cells in order and their labels: a label in other words than
the official ones (a typo a published report kept) is a warning when it is close, an error when
it is another label. A data cell is read as people type it (schemas.model.cells); a blank or dash
cell is 0 with one warning naming all such cells.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from schemas.model.cells import CellUnreadable, read_cell, unit_path
from schemas.model.layout import SEPARATOR, TABLE_SECTIONS, Cell, TableLayout, label
from schemas.model.paths import put_json
from schemas.model.relations import relations
from schemas.model.report import decimal_text
from schemas.registry import FORMATS, Format, FormatSpec
from service.reading.grid import CellLike, Rows, Table
from service.reading.layouts import compare_rows
from service.reading.text import Finding

_QUOTES = re.compile("[\"'“”‘’「」『』]")
#: A numbered label's mark after its digit (1、 1． 1.), written as the official 1.
_NUMBER_MARK = re.compile(r"(?<=[0-9])[、.]")
#: How close a label in other words must be to the official one (difflib's ratio) to be taken
#: for it: typos (情况 for 情形, 内容 for 内部) pass, another row's label does not.
LABEL_CLOSENESS = 0.6


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
    """An official table in the document (with the parts that continue it) and its rows."""

    table: Table
    rows: Rows


@dataclass(slots=True)
class Tables:
    """What the statistics tables say."""

    elements: set[object] = field(default_factory=set)
    """The ``source`` of every table at any depth that starts like an official one (read or
    not), and of the parts that continue one."""
    format: Format | None = None
    """The format the tables are in; None when no table tells (or none was found)."""
    values: dict[str, Any] = field(default_factory=dict)
    """``active_disclosure``, ``applications``, ``review_litigation`` as contract dicts."""
    errors: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)


def find_tables(tables: Sequence[Table]) -> dict[str, list[Table]]:
    """Every table whose first label is an official table's, by table key."""
    first_labels = {
        label_key(spec.tables[name].first_label): name
        for spec in FORMATS
        for name in TABLE_SECTIONS
    }
    found: dict[str, list[Table]] = {}
    for table in tables:
        name = first_labels.get(label_key(table.first_label()))
        if name is not None:
            found.setdefault(name, []).append(table)
    return found


def read_tables(tables: Sequence[Table]) -> Tables:
    """Find the three tables among a document's `tables` (all of them, at any depth, in
    document order), decide their format and read every data cell."""
    result = Tables()
    candidates = find_tables(tables)
    official = {table.source: name for name, found in candidates.items() for table in found}
    # Only the first of each is read: its rows alone are built.
    found: dict[str, Found] = {}
    continuations: set[object] = set()
    for name, tables_found in candidates.items():
        rows, parts = _continued(tables_found[0], name, official)
        found[name] = Found(tables_found[0], rows)
        continuations.update(part.source for part in parts)
    result.elements = set(official) | continuations
    for name, tables_found in candidates.items():
        count = 1 + sum(table.source not in continuations for table in tables_found[1:])
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
    empty_totals: list[str] = []
    for name, table in found.items():
        if name not in problems:
            _read_cells(table, spec, name, result, blanks, empty_totals)
    result.warnings.extend(_empty_total(key, spec, result.values) for key in empty_totals)
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
    """Blank cells grouped by row (the table's chapter left out):
    ``一、本年新收政府信息公开申请数量：其他、总计``; a single-value row of the 2021 format (its
    cell straight under the chapter) by the row its label names:
    ``第二十条第（五）项 · 行政许可：本年处理决定数量``."""
    rows: dict[str, list[str]] = {}
    for key in keys:
        row_key, _, _ = key.rpartition(".")
        cell_row, _, column = label(key, spec.id).rpartition(SEPARATOR)
        row = cell_row if "." not in row_key else label(row_key, spec.id)
        rows.setdefault(row.split(SEPARATOR, 1)[-1], []).append(column)
    return [f"{row}：{'、'.join(columns)}" for row, columns in rows.items()]


def _empty_total(key: str, spec: FormatSpec, values: Mapping[str, Any]) -> Finding:
    """The warning of a 总计 cell left empty (or a dash): not read as 0 but left for the
    service to compute, with what its cells add up to."""
    total = _computed(key, spec.id, values)
    return Finding(
        key,
        "total_empty",
        f"总计单元格为空，未按 0 读取：本行（栏）各项之和为 {total}，按此计算，请核对 / the 总计 "
        f"cell is empty: not read as 0, its cells add up to {total}",
        label(key, spec.id),
    )


def _computed(key: str, report_format: Format, values: Mapping[str, Any]) -> int:
    """What a 总计 cell adds up to from the values read (a 总计 among its parts that was left
    empty too counts as what it adds up to)."""
    for relation in relations(report_format):
        if relation.computes and relation.left == (key,):
            return sum(_value_at(part, report_format, values) for part in relation.right)
    return 0


def _value_at(path: str, report_format: Format, values: Mapping[str, Any]) -> int:
    """The count read at `path`, or what it adds up to when it is an empty 总计."""
    node: Any = values
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    if isinstance(node, int):
        return node
    return _computed(path, report_format, values)


def _continued(
    table: Table, name: str, official: Mapping[object, str]
) -> tuple[Rows, list[Table]]:
    """The rows of official table `name` and the tables that continue it (read as its rows).

    A table split in two — by a page break or a blank paragraph typed into it, a 续表 line, or
    pasted from a PDF page by page with its header rows repeated; in a PDF, broken across
    pages — is read as one: the tables right after it add their rows (repeated header rows
    left out) until it matches its layout in a format or has as many rows as the longest, so a
    whole table is never lengthened. Another official table ends it. Empty rows left at the
    end are not rows of the table.
    """
    rows = table.rows()
    most = max(len(spec.tables[name].rows) for spec in FORMATS)
    header = [_row_key(row) for row in rows]
    parts: list[Table] = []
    more: list[tuple[Table, int]] = []
    complete = _matches(rows, name)
    for following in table.following():
        if complete or len(rows) >= most or official.get(following.source, name) != name:
            break
        own = following.rows()
        repeated = 0
        while repeated < min(len(own), len(header)) and _row_key(own[repeated]) == header[repeated]:
            repeated += 1
        parts.append(following)
        more.append((following, repeated))
        if len(own) > repeated:  # at most `most` times: each adds a row
            rows = table.continued(more, functools.partial(_begins, name=name))
            complete = _matches(rows, name)
    return _without_empty_rows_after(rows, name), parts


def _begins(rows: Rows, name: str) -> bool:
    """Whether the rows are the first rows of table `name` of some format (labels and cells as
    its layout has them)."""
    for spec in FORMATS:
        layout = spec.tables[name]
        if len(rows) <= len(layout.rows):
            start = dataclasses.replace(layout, rows=layout.rows[: len(rows)])
            if not compare_rows(rows, start, spans=False, same_label=close_label):
                return True
    return False


def _matches(rows: Rows, name: str) -> bool:
    """Whether the rows are table `name` of some format, exactly as its layout has it."""
    return any(not _problems_of(rows, spec, name) for spec in FORMATS)


def _without_empty_rows_after(rows: Rows, name: str) -> Rows:
    """`rows` without the empty rows a person left at the end of the table (every cell empty)
    beyond the fewest rows a format's layout has: every official row but table 4's row of
    numbers has a label, so no row that carries anything is dropped."""
    fewest = min(len(spec.tables[name].rows) for spec in FORMATS)
    end = len(rows)
    while end > fewest and all(not cell.text.strip() for cell in rows[end - 1]):
        end -= 1
    return rows[:end]


def _row_key(row: Sequence[CellLike]) -> tuple[str, ...]:
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
        name: _problems_of(table.rows, spec, name) for name, table in found.items()
    }


def _problems_of(rows: Rows, spec: FormatSpec, name: str) -> list[str]:
    """One table's differences from table `name` of a format (rows, cells, labels)."""
    return compare_rows(rows, spec.tables[name], spans=False, same_label=close_label)


def _table_name(spec: FormatSpec, name: str) -> str:
    """A table as staff know it: its chapter heading."""
    return spec.tables[name].heading


def _cells(table: Found, layout: TableLayout) -> Iterator[tuple[CellLike, Cell]]:
    """(document cell, official cell) pairs, row by row (the layouts matched already)."""
    for row, official in zip(table.rows, layout.rows, strict=True):
        yield from zip(row, official, strict=True)


def _read_cells(
    table: Found,
    spec: FormatSpec,
    name: str,
    result: Tables,
    blanks: list[str],
    empty_totals: list[str],
) -> None:
    """Read a matched table's data cells into `result.values`; warn about reworded labels. A
    blank cell is 0 (listed in `blanks`), but a blank 总计 is not given (listed in
    `empty_totals`): the service computes it."""
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
        if typed.blank and want.print == "computed_if_absent":
            empty_totals.append(want.key)
            continue
        if typed.blank:
            blanks.append(want.key)
        value: Any = typed.value if isinstance(typed.value, int) else decimal_text(typed.value)
        put_json(result.values, want.key, value)
        unit = unit_path(want)
        if unit is not None and typed.unit is not None:
            put_json(result.values, unit, typed.unit)


