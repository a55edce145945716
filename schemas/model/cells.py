"""How each data cell of the official tables is printed, and how a value typed into one is read.

Printing is decided once, here, from the cell's ``print`` kind in ``official_tables.json``: a
count is a plain integer (``0``, never blank), 本年增/减 carries ``-`` when negative and no sign
otherwise, an amount shows exactly the digits given (never through a float), the procurement
amount is followed by its unit. ``printed_path`` names the model attribute whose ``str()`` is
the printed text (the Word templates print ``{{ printed_path }}``); ``cell_text`` gives the text
itself (the template check, HTML, Excel).

Reading (``read_cell``, ``read_count``, ``read_amount``) takes what people type into a table cell
in Word, WPS or Excel: full-width digits and ``．``, thousands separators, a trailing 件, the
template's own full-width spaces, an amount's unit. An empty cell or a dash (—, -, /, 无) is a
blank: 0, flagged so that the reader can warn about it. Anything else raises CellUnreadable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from schemas.model.layout import Cell
from schemas.model.paths import model_value
from schemas.model.report import Report, decimal_text

#: ``print`` kinds whose printed text is a ``…_text`` property of the model (exact digits).
_TEXT_PROPERTY_KINDS = frozenset({"decimal_as_given", "amount_with_unit"})

#: Full-width digits, sign and decimal point as people type them with a Chinese input method.
_NARROW = str.maketrans("０１２３４５６７８９．－＋−", "0123456789.-+-")
#: What a blank cell holds: nothing, or a mark that says "none".
_BLANK_MARKS = frozenset({"", "-", "--", "—", "——", "–", "－", "/", "／", "\\", "无", "空"})
#: Words people type after a count.
_COUNT_UNITS = ("件次", "件", "个", "项", "次")
_SPACES = " \t\n\r\u3000\u00a0\u200b\ufeff"
#: White space between a number and its unit (``12 件``); any other inside a number is an error.
_BEFORE_UNIT = re.compile(r"[" + _SPACES + r"]+(?=(?:件次|件|个|项|次|万元|元)\Z)")
#: A number, optionally signed, optionally grouped by thousands with , or ，.
_NUMBER = re.compile(r"([+-]?)((?:[0-9]{1,3}(?:[,，][0-9]{3})+|[0-9]+)(?:\.[0-9]+)?)\Z")

#: Units an amount cell may carry: the fee is in 万元 (its header says so), procurement either
#: (元 unless the report chooses 万元).
AMOUNT_UNITS = ("元", "万元")
FEE_UNITS = ("万元",)
DEFAULT_UNIT = AMOUNT_UNITS[0]


def printed_path(cell: Cell) -> str:
    """The model attribute path whose ``str()`` is what the data cell `cell` shows."""
    assert cell.key is not None, "label cells are printed as their text"
    return cell.key + "_text" if cell.print in _TEXT_PROPERTY_KINDS else cell.key


def unit_path(cell: Cell) -> str | None:
    """The path of the unit the report chooses for the amount `cell` shows (the
    ``amount_unit`` beside it), None for a cell whose unit is fixed or that has none."""
    if cell.print != "amount_with_unit":
        return None
    assert cell.key is not None, "only data cells print amounts"
    return cell.key.rpartition(".")[0] + ".amount_unit"


def cell_text(report: Report, cell: Cell) -> str:
    """The text the data cell `cell` shows for `report` (see the module docstring)."""
    value = model_value(report, printed_path(cell))
    return decimal_text(value) if isinstance(value, Decimal) else str(value)


@dataclass(frozen=True, slots=True)
class Typed:
    """A value read from a table cell."""

    value: int | Decimal
    unit: str | None = None
    """The unit written after an amount (元, 万元), None when there was none."""
    blank: bool = False
    """True when the cell was empty or a dash, read as 0."""


class CellUnreadable(ValueError):
    """A cell's text is not a number the cell can hold; ``message`` is for a person."""

    def __init__(self, text: str, message: str) -> None:
        super().__init__(message)
        self.text = text
        self.message = message


def read_cell(cell: Cell, text: str) -> Typed:
    """Read what a person typed into the data cell `cell`; raises CellUnreadable."""
    if cell.print == "signed":
        return read_count(text, signed=True)
    if cell.print == "decimal_as_given":
        return read_amount(text, FEE_UNITS)
    if cell.print == "amount_with_unit":
        return read_amount(text, AMOUNT_UNITS)
    return read_count(text)


def read_count(text: str, *, signed: bool = False) -> Typed:
    """Read a count (``12``, ``１２``, ``1,200``, ``12件``; signed: ``-3`` too); raises
    CellUnreadable."""
    squeezed = _squeezed(text)
    if squeezed in _BLANK_MARKS:
        return Typed(0, blank=True)
    number = squeezed.removesuffix(next((u for u in _COUNT_UNITS if squeezed.endswith(u)), ""))
    match = _NUMBER.match(number)
    if match is None or "." in match.group(2):
        raise CellUnreadable(text, _not_a(text, "整数", "a whole number"))
    sign, digits = match.groups()
    if sign == "-" and not signed:
        raise CellUnreadable(text, _not_a(text, "非负整数", "a non-negative whole number"))
    try:
        value = int(_ungrouped(digits))
    except ValueError:  # int() refuses numbers of thousands of digits
        raise CellUnreadable(text, _too_many_digits(text)) from None
    return Typed(-value if sign == "-" else value)


def read_amount(text: str, units: tuple[str, ...] = ()) -> Typed:
    """Read a non-negative amount keeping its digits (``96171.60``, ``９６,１７１．６０``, and
    ``345000元`` when ``元`` is among `units`); raises CellUnreadable."""
    squeezed = _squeezed(text)
    if squeezed in _BLANK_MARKS:
        return Typed(Decimal(0), blank=True)
    # Longest unit first: 万元 also ends in 元.
    unit = next((u for u in sorted(units, key=len, reverse=True) if squeezed.endswith(u)), None)
    number = squeezed.removesuffix(unit or "")
    match = _NUMBER.match(number)
    if match is None or match.group(1) == "-":
        wanted = f"非负金额（可带单位{'或'.join(units)}）" if units else "非负金额"
        raise CellUnreadable(text, _not_a(text, wanted, "a non-negative amount"))
    return Typed(Decimal(_ungrouped(match.group(2))), unit)


def _squeezed(text: str) -> str:
    """The text narrowed to ASCII digits and signs, without white space around it or before
    its unit."""
    return _BEFORE_UNIT.sub("", text.translate(_NARROW).strip(_SPACES))


def _ungrouped(digits: str) -> str:
    """The digits without thousands separators."""
    return digits.replace(",", "").replace("，", "")


def _too_many_digits(text: str) -> str:
    """The message for a number longer than any count (the text is not quoted: it is huge)."""
    return f"数字有 {len(text.strip())} 个字符，位数过多 / the number has far too many digits"


def _not_a(text: str, chinese: str, english: str) -> str:
    """The message for a cell whose text is not what it must hold."""
    shown = text.strip()
    return f"“{shown}”不是{chinese} / “{shown}” is not {english}"
