"""The official table layouts (``official_tables.json``) and the Chinese label of every path.

``tables(format)`` gives the grids (rows of cells, merges, data keys) for checking Word
templates; ``label(path, format)`` names any contract path in Chinese for error messages: the
cell's official label for a table cell, the common part of its cells' labels for a row or group,
and a section or field name elsewhere. Neither raises for an unknown path or format key.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from schemas.model.numbering import MAX_ITEMS, item_number

if TYPE_CHECKING:
    from schemas.registry import Format

SEPARATOR = " · "


@dataclass(frozen=True, slots=True)
class Cell:
    """One Word table cell: a label (``text``) or a data cell (``key``), with its merges."""

    text: str | None
    key: str | None
    colspan: int
    rowspan: int
    print: str | None
    """How a data cell is printed (``signed``, ``computed_if_absent``…); None for a plain count."""
    label: str | None
    """The data cell's full Chinese label; None for a label cell."""


#: The official tables by their key in ``official_tables.json``, and the contract object each
#: fills (the chapter it stands in).
TABLE_SECTIONS: Mapping[str, str] = MappingProxyType(
    {"table2": "active_disclosure", "table3": "applications", "table4": "review_litigation"}
)


@dataclass(frozen=True, slots=True)
class Placed:
    """A cell of a table at its place in the grid: top row and left column, both from 0."""

    row: int
    column: int
    cell: Cell


@dataclass(frozen=True, slots=True)
class TableLayout:
    """One statistics table of one format, as in ``official_tables.json``."""

    heading: str
    grid_columns: int
    first_label: str
    rows: tuple[tuple[Cell, ...], ...]

    def data_cells(self) -> tuple[Cell, ...]:
        """Every data cell (one with a ``key``), top to bottom, left to right."""
        return tuple(cell for row in self.rows for cell in row if cell.key is not None)

    def placed(self) -> tuple[Placed, ...]:
        """Every cell with its grid position, in reading order: a row's cells go left to right
        into the columns that merges from the rows above leave free (as in HTML)."""
        taken: set[tuple[int, int]] = set()
        placed: list[Placed] = []
        for row_number, row in enumerate(self.rows):
            column = 0
            for cell in row:
                while (row_number, column) in taken:
                    column += 1
                placed.append(Placed(row_number, column, cell))
                taken.update(
                    (row_number + down, column + across)
                    for down in range(cell.rowspan)
                    for across in range(cell.colspan)
                )
                column += cell.colspan
        return tuple(placed)


@cache
def _document() -> dict[str, Any]:
    """The parsed ``official_tables.json`` shipped in this package."""
    text = files("schemas.model").joinpath("official_tables.json").read_text(encoding="utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


def _cell(raw: dict[str, Any]) -> Cell:
    """Build a Cell from its JSON object."""
    return Cell(
        text=raw["text"],
        key=raw["key"],
        colspan=raw["colspan"],
        rowspan=raw["rowspan"],
        print=raw.get("print"),
        label=raw.get("label"),
    )


@cache
def tables(report_format: Format) -> Mapping[str, TableLayout]:
    """The layouts of ``table2``, ``table3``, ``table4`` of a format (read-only mapping)."""
    raw_tables: dict[str, Any] = _document()[report_format]
    return MappingProxyType(
        {
            name: TableLayout(
                heading=raw["heading"],
                grid_columns=raw["grid_columns"],
                first_label=raw["first_label"],
                rows=tuple(tuple(_cell(cell) for cell in row) for row in raw["rows"]),
            )
            for name, raw in raw_tables.items()
        }
    )


@cache
def _table_labels(report_format: Format) -> Mapping[str, str]:
    """Label of every data cell, and of every row/group: the shared start of its cells' labels."""
    labels: dict[str, str] = {}
    shared: dict[str, list[str]] = {}
    for table in tables(report_format).values():
        for cell in table.data_cells():
            assert cell.key is not None and cell.label is not None
            labels[cell.key] = cell.label
            parts = cell.label.split(SEPARATOR)
            segments = cell.key.split(".")
            for end in range(1, len(segments)):
                prefix = ".".join(segments[:end])
                known = shared.setdefault(prefix, parts)
                shared[prefix] = _common_start(known, parts)
    for prefix, parts in shared.items():
        labels.setdefault(prefix, SEPARATOR.join(parts))
    return MappingProxyType(labels)


def _common_start(first: list[str], second: list[str]) -> list[str]:
    """The longest common leading run of two label part lists."""
    common: list[str] = []
    for one, two in zip(first, second, strict=False):
        if one != two:
            break
        common.append(one)
    return common


#: Names of the fields outside the tables (and of a few table fields without a cell).
FIELD_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "": "报告",
        "format": "报告格式",
        "year": "报告年度",
        "organization": "机关名称",
        "title": "标题",
        "preamble": "前言",
        "overview": "一、总体情况",
        "problems": "五、存在的主要问题及改进情况",
        "other_matters": "六、其他需要报告的事项",
        "signature": "落款",
        "signature.organization": "落款 · 署名机关",
        "signature.date": "落款 · 成文日期",
        "previous": "上年度报告",
        "previous.year": "上年度报告 · 报告年度",
        "previous.organization": "上年度报告 · 机关名称",
        "active_disclosure.procurement.amount_unit": (
            "二、主动公开政府信息情况 · 第二十条第（九）项 · 政府集中采购 · 金额单位"
        ),
    }
)

_PARAGRAPH = re.compile(r"paragraphs\.(\d+)\Z")
_ITEM = re.compile(r"items\.(\d+)(?:\.(heading|paragraphs)(?:\.(\d+))?)?\Z")


def label(path: str, report_format: Format) -> str:
    """The Chinese name of ``path``; unknown trailing keys are appended as they are."""
    segments = path.split(".")
    for end in range(len(segments), 0, -1):
        known = _known_label(".".join(segments[:end]), report_format)
        if known is not None:
            return SEPARATOR.join([known, *segments[end:]])
    return path


def _known_label(path: str, report_format: Format) -> str | None:
    """The label of a path the contract has, or None."""
    known = FIELD_LABELS.get(path) or _table_labels(report_format).get(path)
    if known is not None:
        return known
    head, _, rest = path.partition(".")
    if head in {"overview", "problems", "other_matters", "preamble"} and rest:
        text = _text_label(rest if head != "preamble" else f"paragraphs.{rest}")
        if text is not None:
            return FIELD_LABELS[head] + SEPARATOR + text
    return None


def _text_label(rest: str) -> str | None:
    """Name a path inside a section: ``第2段``, ``（一）``, ``（一）小标题``, ``（一） · 第1段``."""
    paragraph = _PARAGRAPH.match(rest)
    if paragraph:
        return f"第{int(paragraph.group(1)) + 1}段"
    item = _ITEM.match(rest)
    if item is None:
        return None
    position = int(item.group(1)) + 1
    number = item_number(position) if position <= MAX_ITEMS else f"第{position}项"
    if item.group(2) == "heading":
        return f"{number}小标题"
    if item.group(3) is not None:
        return f"{number}{SEPARATOR}第{int(item.group(3)) + 1}段"
    if item.group(2) == "paragraphs":
        return f"{number}{SEPARATOR}段落"
    return number
