"""The report editor's form: what a post holds, the report JSON it makes, and back.

Every field of the form is named by its contract path (``organization``,
``overview.items.0.paragraphs.1``, ``applications.new_received.natural_person``), so an error's path
names its input. ``from_form`` reads a post into an ``EditorState`` (empty paragraph boxes and typed
text kept as they are), ``to_report`` makes the report JSON the service validates (a cell is read as
a person typed it, through ``schemas.model.cells``), ``from_document`` reads a report (valid or not)
back into a state. The 总计 cells are computed from ``schemas.model.relations`` unless the table's
totals are typed deliberately (``override.table3``/``override.table4``). None of these raises for
what a browser sends.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from werkzeug.datastructures import MultiDict

from schemas.model.cells import DEFAULT_UNIT, CellUnreadable, read_cell
from schemas.model.layout import TABLE_SECTIONS, Cell
from schemas.model.paths import json_value, put_json
from schemas.model.relations import relations
from schemas.model.report import decimal_text
from schemas.registry import FORMAT_IDS, FORMATS, Format, default_format, find

#: The free-text chapters, in page order (前言 is a plain list of paragraphs).
SECTIONS = ("overview", "problems", "other_matters")
#: Chapters a report may leave out (六 defaults to 无。).
OPTIONAL_SECTIONS = frozenset({"other_matters"})
#: One-line fields, by contract path.
FIELDS = ("organization", "year", "title", "signature.organization", "signature.date")
#: The tables whose 总计 cells are computed unless typed deliberately.
TOTALLED = ("table3", "table4")
#: The paths of the one unit menu the page shows beside an amount, in any format.
_UNIT_PATHS = tuple(dict.fromkeys(path for spec in FORMATS for path in spec.unit_paths))
_TABLE_ROOTS = tuple(f"{section}." for section in TABLE_SECTIONS.values())
_INDEXED = re.compile(r"(.+)\.(\d{1,6})\Z")
#: The suffix of an item's heading field (``overview.items.0.heading``).
_HEADING = ".heading"
_YEAR = re.compile(r"[0-9]{4}\Z")


@dataclass
class Item:
    """A numbered sub-section （一）…: its heading and paragraphs."""

    heading: str = ""
    paragraphs: list[str] = field(default_factory=lambda: [""])


@dataclass
class Section:
    """A chapter: intro paragraphs, then items."""

    paragraphs: list[str] = field(default_factory=lambda: [""])
    items: list[Item] = field(default_factory=list)


@dataclass
class EditorState:
    """Everything the editor's form holds, as typed."""

    format: Format
    fields: dict[str, str] = field(default_factory=dict)
    preamble: list[str] = field(default_factory=list)
    sections: dict[str, Section] = field(
        default_factory=lambda: {key: Section() for key in SECTIONS}
    )
    cells: dict[str, str] = field(default_factory=dict)
    """Every data cell of the format's tables, as typed ("" is 0)."""
    unit: str = DEFAULT_UNIT
    overrides: set[str] = field(default_factory=set)
    """The tables (table3, table4) whose 总计 cells are typed, not computed."""
    stash: dict[str, str] = field(default_factory=dict)
    """Cells of another format's tables, kept (hidden) until the format is changed back."""
    carried: set[str] = field(default_factory=set)
    """Digests of texts taken over from last year's report and not yet rewritten."""

    def field(self, path: str) -> str:
        """The typed value of one-line field `path` ("" when empty)."""
        return self.fields.get(path, "")

    def is_carried(self, text: str) -> bool:
        """Whether `text` is last year's, unchanged."""
        return bool(text.strip()) and digest(text) in self.carried


def digest(text: str) -> str:
    """A short fingerprint of a text, to recognize last year's texts without sending them."""
    return hashlib.sha256(text.strip().encode()).hexdigest()[:16]


def data_cells(report_format: Format) -> Iterator[tuple[str, Cell]]:
    """(table name, cell) of every data cell of a format, in page order."""
    for name, table in find(report_format).tables.items():
        for cell in table.data_cells():
            yield name, cell


def totalled(path: str) -> str | None:
    """The table (table3, table4) whose computed 总计 cell `path` is; None for other cells."""
    return next(
        (name for name in TOTALLED if path.startswith(f"{TABLE_SECTIONS[name]}.")), None
    )


def texts(state: EditorState) -> list[tuple[str, str]]:
    """(path, text) of every text box of the form, in page order."""
    found = [(f"preamble.{index}", text) for index, text in enumerate(state.preamble)]
    for key, section in state.sections.items():
        found += [
            (f"{key}.paragraphs.{index}", text) for index, text in enumerate(section.paragraphs)
        ]
        for number, item in enumerate(section.items):
            base = f"{key}.items.{number}"
            found.append((f"{base}.heading", item.heading))
            found += [
                (f"{base}.paragraphs.{index}", text) for index, text in enumerate(item.paragraphs)
            ]
    return found


# --- reading a post -------------------------------------------------------------------------


def chosen_format(value: str | None, year: str) -> Format:
    """The format asked for, else the year's, else the newest."""
    if value in FORMAT_IDS:
        return find(value).id
    if _YEAR.match(year.strip()):
        return default_format(int(year.strip()))
    return FORMAT_IDS[-1]


def from_form(form: MultiDict[str, str]) -> EditorState:
    """The state a post holds; fields it lacks are empty, unknown ones are ignored."""
    fields = {path: form.get(path, "") for path in FIELDS}
    state = EditorState(chosen_format(form.get("format"), fields["year"]), fields)
    lists = _lists(form)

    def listed(prefix: str, suffix: str = "") -> list[str]:
        return lists.get((prefix, suffix), [])

    state.preamble = listed("preamble")
    for key in SECTIONS:
        headings = listed(f"{key}.items", _HEADING)
        items = [
            Item(heading, listed(f"{key}.items.{index}.paragraphs"))
            for index, heading in enumerate(headings)
        ]
        state.sections[key] = Section(listed(f"{key}.paragraphs"), items)
    known = set()
    for _, cell in data_cells(state.format):
        assert cell.key is not None
        state.cells[cell.key] = form.get(cell.key, "").strip()
        known.add(cell.key)
    state.stash = {
        key: value
        for key, value in form.items()
        if key.startswith(_TABLE_ROOTS) and key not in known and key not in _UNIT_PATHS
        and value.strip()
    }
    state.unit = next((form[path] for path in _UNIT_PATHS if path in form), DEFAULT_UNIT)
    state.overrides = {name for name in TOTALLED if form.get(f"override.{name}") == "1"}
    state.carried = set(form.getlist("carried"))
    return state


def _lists(form: MultiDict[str, str]) -> dict[tuple[str, str], list[str]]:
    """Every list of the form, by (prefix, suffix): the values of its ``prefix.N`` fields
    (suffix "") or ``prefix.N.heading`` fields (suffix ``.heading``) in index order, gaps
    closed. One walk over the fields, however many lists and items the post holds."""
    found: dict[tuple[str, str], dict[int, str]] = defaultdict(dict)
    for key in form:
        suffix = _HEADING if key.endswith(_HEADING) else ""
        match = _INDEXED.match(key.removesuffix(suffix) if suffix else key)
        if match:
            found[(match.group(1), suffix)][int(match.group(2))] = form[key]
    return {name: [values[index] for index in sorted(values)] for name, values in found.items()}


# --- the report it makes --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Made:
    """The report JSON a state makes, and the cells whose text could not be read as numbers."""

    document: dict[str, Any]
    unreadable: dict[str, str]
    """Path → the reader's message, for cells kept as typed (validation refuses them)."""


def to_report(state: EditorState) -> Made:
    """The report JSON of `state` (see the module docstring)."""
    document: dict[str, Any] = {"format": state.format}
    year = state.field("year").strip()
    document["year"] = int(year) if _YEAR.match(year) else year
    document["organization"] = state.field("organization")
    if state.field("title").strip():
        document["title"] = state.field("title")
    if any(text.strip() for text in state.preamble):
        document["preamble"] = list(state.preamble)
    for key, section in state.sections.items():
        if key in OPTIONAL_SECTIONS and not _has_text(section):
            continue
        document[key] = _section(section)
    document.update((section, {}) for section in TABLE_SECTIONS.values())
    unreadable: dict[str, str] = {}
    unit = state.unit
    computed = computed_totals(state)
    for _, cell in data_cells(state.format):
        assert cell.key is not None
        text = state.cells.get(cell.key, "")
        table = totalled(cell.key)
        if not text or (cell.key in computed and table not in state.overrides):
            continue
        try:
            typed = read_cell(cell, text)
        except CellUnreadable as problem:
            unreadable[cell.key] = problem.message
            put_json(document, cell.key, text)
            continue
        value = typed.value
        put_json(document, cell.key, decimal_text(value) if isinstance(value, Decimal) else value)
        if typed.unit and cell.print == "amount_with_unit":
            unit = typed.unit  # typed into the cell (345000元): it wins over the menu
    for path in find(state.format).unit_paths:
        put_json(document, path, unit)
    signature = {
        key: state.field(f"signature.{key}")
        for key in ("organization", "date")
        if state.field(f"signature.{key}").strip()
    }
    if signature:
        document["signature"] = signature
    return Made(document, unreadable)


def _has_text(section: Section) -> bool:
    """Whether a chapter holds any text at all."""
    texts = [*section.paragraphs]
    for item in section.items:
        texts.extend([item.heading, *item.paragraphs])
    return any(text.strip() for text in texts)


def _section(section: Section) -> dict[str, Any]:
    """A chapter as the contract has it; empty boxes are sent, to be named by validation."""
    data: dict[str, Any] = {"paragraphs": list(section.paragraphs)}
    if section.items:
        data["items"] = [
            {"heading": item.heading, "paragraphs": list(item.paragraphs)} for item in section.items
        ]
    return data


def cell_numbers(state: EditorState) -> dict[str, int]:
    """Every count of tables 3 and 4 as read (an empty or unreadable cell counts 0)."""
    numbers: dict[str, int] = {}
    for name, cell in data_cells(state.format):
        assert cell.key is not None
        if name not in TOTALLED:
            continue
        try:
            value = read_cell(cell, state.cells.get(cell.key, "")).value
        except CellUnreadable:
            value = 0
        numbers[cell.key] = int(value)
    return numbers


def computed_totals(state: EditorState) -> dict[str, int]:
    """Every 总计 cell's value: the sum of its parts, or as typed when its table's are."""
    numbers = cell_numbers(state)
    parts = {
        relation.path: relation.right for relation in relations(state.format) if relation.computes
    }
    values: dict[str, int] = {}

    def value(path: str) -> int:
        if path not in parts or totalled(path) in state.overrides:
            return numbers[path]
        if path not in values:
            values[path] = sum(value(part) for part in parts[path])
        return values[path]

    return {path: value(path) for path in parts}


# --- reading a report back ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Loaded:
    """A state read from a report, and the report's values that have no place in the form."""

    state: EditorState
    left_out: tuple[str, ...]


def from_document(document: Mapping[str, Any], carried: Iterable[str] = ()) -> Loaded:
    """The state of a report as parsed (any shape); `carried` are last year's texts in it."""
    year = document.get("year")
    year_text = str(year) if isinstance(year, int | str) and not isinstance(year, bool) else ""
    report_format = chosen_format(_text(document.get("format")), year_text)
    state = EditorState(report_format, {"year": year_text})
    used: set[str] = {"format", "year"}
    for path in FIELDS:
        value = json_value(document, path)
        if isinstance(value, str):
            state.fields[path] = value
            used.add(path)
    state.preamble = _strings(document.get("preamble"), "preamble", used)
    for key in SECTIONS:
        state.sections[key] = _read_section(document.get(key), key, used)
    for _, cell in data_cells(report_format):
        assert cell.key is not None
        value = json_value(document, cell.key)
        if value is not None and not isinstance(value, dict | list):
            state.cells[cell.key] = _cell_text(value)
            used.add(cell.key)
    for path in find(report_format).unit_paths:
        unit = json_value(document, path)
        if isinstance(unit, str):
            state.unit = unit
            used.add(path)
    state.overrides = _typed_totals(state, document)
    state.carried = {digest(text) for text in carried}
    left_out = tuple(path for path in _leaves(document) if path not in used)
    return Loaded(state, left_out)


def _typed_totals(state: EditorState, document: Mapping[str, Any]) -> set[str]:
    """The tables whose given 总计 cells differ from their sums: kept as typed."""
    overrides: set[str] = set()
    computed = computed_totals(state)
    for path, value in computed.items():
        given = state.cells.get(path, "")
        if given and given != str(value) and json_value(document, path) is not None:
            overrides.add(totalled(path) or "")
    return overrides - {""}


def _read_section(value: Any, key: str, used: set[str]) -> Section:
    """A chapter from its JSON (any shape: what is not text is left out)."""
    data = value if isinstance(value, dict) else {}
    section = Section(_strings(data.get("paragraphs"), f"{key}.paragraphs", used), [])
    items = data.get("items")
    for index, item in enumerate(items if isinstance(items, list) else []):
        member = item if isinstance(item, dict) else {}
        path = f"{key}.items.{index}"
        heading = member.get("heading")
        if isinstance(heading, str):
            used.add(f"{path}.heading")
        paragraphs = _strings(member.get("paragraphs"), f"{path}.paragraphs", used)
        section.items.append(Item(heading if isinstance(heading, str) else "", paragraphs or [""]))
    if not section.paragraphs and not section.items:
        section.paragraphs = [""]
    return section


def _strings(value: Any, path: str, used: set[str]) -> list[str]:
    """The strings of a JSON array, marking each one's path used."""
    found: list[str] = []
    for index, text in enumerate(value if isinstance(value, list) else []):
        if isinstance(text, str):
            found.append(text)
            used.add(f"{path}.{index}")
    return found


def _text(value: Any) -> str | None:
    """`value` when it is a string."""
    return value if isinstance(value, str) else None


def _cell_text(value: Any) -> str:
    """How a table value from JSON is shown in its input."""
    if isinstance(value, Decimal):
        return decimal_text(value)
    return str(value).lower() if isinstance(value, bool) else str(value)


def _leaves(value: Any, path: str = "") -> Iterator[str]:
    """The dotted path of every value in parsed JSON that is not an object or array."""
    if isinstance(value, dict):
        for key, member in value.items():
            yield from _leaves(member, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, member in enumerate(value):
            yield from _leaves(member, f"{path}.{index}")
    else:
        yield path


# --- editing the lists ---------------------------------------------------------------------


def edit(state: EditorState, verb: str, target: str) -> str | None:
    """Add to, remove from or reorder a list of paragraphs or items; returns the id of the
    element to focus next (None when the target is not a list of the form)."""
    parts = target.split(".")
    if verb == "add":
        found = _list(state, parts)
        if found is None:
            return None
        found.append(Item() if parts[-1] == "items" else "")
        last = f"{target}.{len(found) - 1}"
        return f"f-{last}.heading" if parts[-1] == "items" else f"f-{last}"
    if len(parts) < 2 or not parts[-1].isdigit():
        return None
    found = _list(state, parts[:-1])
    index = int(parts[-1])
    if found is None or index >= len(found):
        return None
    prefix = ".".join(parts[:-1])
    if verb == "remove":
        del found[index]
        return f"add-{prefix}"
    other = index - 1 if verb == "up" else index + 1
    if 0 <= other < len(found):
        found[index], found[other] = found[other], found[index]
        return f"{verb}-{prefix}.{other}"
    return None


def _list(state: EditorState, parts: list[str]) -> list[Any] | None:
    """The list of the form at path `parts` (a section's paragraphs or items, an item's
    paragraphs, the preamble); None for anything else."""
    if parts == ["preamble"]:
        return state.preamble
    section = state.sections.get(parts[0]) if parts else None
    if section is None:
        return None
    if parts[1:] == ["paragraphs"]:
        return section.paragraphs
    if parts[1:] == ["items"]:
        return section.items
    if len(parts) == 4 and parts[1] == "items" and parts[2].isdigit() and parts[3] == "paragraphs":
        number = int(parts[2])
        return section.items[number].paragraphs if number < len(section.items) else None
    return None
