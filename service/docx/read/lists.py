"""The numbers Word's automatic lists show before paragraphs (一、 （一） 1.) as a reader sees them.

Word does not store a list paragraph's number in its text: the paragraph (or its style) names a
list (``w:numPr``), and the number comes from counting that list's paragraphs in document order
in the level's format (``numbering.xml``). ``ListNumbers`` does that counting once per document.
Nothing here raises: a damaged list definition shows no number, as in Word.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from lxml import etree

from schemas.model.numbering import MAX_ITEMS, chinese_numeral
from service.docx.ns import W

#: Levels a list can have (w:ilvl 0–8).
LEVELS = 9
#: The largest number a list definition holds (Word stores a 32-bit integer): a larger one is
#: damaged, read as absent, so that no counter outgrows it by more than the paragraphs counted.
_LARGEST = 2**31 - 1
#: The largest counter written in Roman numerals or repeated letters (MMMCMXCIX; 154 letters);
#: a larger one is written in digits, so that a label stays short whatever a document's numbers.
SPELLED_OUT_MAX = 3999
#: The longest w:lvlText read (a number's text is a few characters: ``%1、``, ``第%1章``): a
#: longer one is damaged and shows no number, since every paragraph of the list repeats it.
LEVEL_TEXT_MAX = 64
_P_PR = f"{W}pPr"
_LIST_CANDIDATES = etree.XPath(
    "//w:p[w:pPr/w:numPr or w:pPr/w:pStyle]",
    namespaces={"w": W[1:-1]},
)
_TRADITIONAL = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
    (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip
#: w:numFmt values written with Chinese numerals (一, 十一, 二十).
_CHINESE_FORMATS = frozenset(
    {
        "chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
        "ideographDigital", "japaneseDigitalTenThousand", "taiwaneseCountingThousand",
    }
)  # fmt: skip


def format_number(number: int, number_format: str) -> str:
    """The counter `number` written as w:numFmt `number_format` shows it (unknown: digits)."""
    if number_format in _CHINESE_FORMATS:
        return chinese_numeral(number) if 1 <= number <= MAX_ITEMS else str(number)
    if number_format in {"none", "bullet"}:
        return ""
    if number_format == "ideographTraditional":
        return _TRADITIONAL[(number - 1) % len(_TRADITIONAL)]
    if number_format.startswith("decimalFullWidth"):
        return str(number).translate(_FULL_WIDTH)
    if number_format.startswith("decimalEnclosedCircle"):
        return _CIRCLED[number - 1] if 1 <= number <= len(_CIRCLED) else str(number)
    if number_format == "decimalZero":
        return f"{number:02d}"
    if number > SPELLED_OUT_MAX:
        return str(number)
    if number_format in {"upperRoman", "lowerRoman"}:
        roman = _roman(number)
        return roman.upper() if number_format == "upperRoman" else roman
    if number_format in {"upperLetter", "lowerLetter"} and number >= 1:
        # Word repeats the letter past z: a … z, aa … zz.
        letters = chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)
        return letters.upper() if number_format == "upperLetter" else letters
    return str(number)


def _roman(number: int) -> str:
    """Lower-case Roman numerals."""
    text = ""
    for value, letters in _ROMAN:
        while number >= value:
            text += letters
            number -= value
    return text


@dataclass(frozen=True, slots=True)
class Level:
    """One level of a list definition (w:lvl)."""

    start: int
    number_format: str
    text: str
    """w:lvlText, e.g. ``%1、`` or ``（%2）``."""
    restart_after: int | None
    """w:lvlRestart: this level restarts only after that (1-based) level or a higher one, never
    when 0; None: after any higher level."""
    legal: bool
    """w:isLgl: every number in the text shown as plain digits."""


def _value(element: etree._Element, tag: str) -> str | None:
    found = element.find(f"{W}{tag}")
    return None if found is None else found.get(f"{W}val")


def _integer(text: str | None, default: int | None) -> int | None:
    """`text` as an integer; `default` when absent, not a number or beyond _LARGEST."""
    if text is None:
        return default
    try:
        number = int(text)
    except ValueError:  # not a number, or thousands of digits
        return default
    return number if -_LARGEST <= number <= _LARGEST else default


def _level(element: etree._Element) -> Level:
    text = _value(element, "lvlText") or ""
    return Level(
        start=_integer(_value(element, "start"), 1) or 0,
        number_format=_value(element, "numFmt") or "decimal",
        text=text if len(text) <= LEVEL_TEXT_MAX else "",
        restart_after=_integer(_value(element, "lvlRestart"), None),
        legal=element.find(f"{W}isLgl") is not None,
    )


def _levels(definition: etree._Element) -> dict[int, Level]:
    """The levels of a w:abstractNum (or of a w:lvlOverride's own w:lvl)."""
    levels: dict[int, Level] = {}
    for lvl in definition.iterfind(f"{W}lvl"):
        index = _integer(lvl.get(f"{W}ilvl"), None)
        if index is not None and 0 <= index < LEVELS:
            levels[index] = _level(lvl)
    return levels


def _lists(numbering: etree._Element) -> dict[str, dict[int, Level]]:
    """Every w:num's levels: its abstract definition with its overrides applied."""
    abstract = {
        definition.get(f"{W}abstractNumId", ""): _levels(definition)
        for definition in numbering.iterfind(f"{W}abstractNum")
    }
    lists: dict[str, dict[int, Level]] = {}
    for num in numbering.iterfind(f"{W}num"):
        levels = dict(abstract.get(_value(num, "abstractNumId") or "", {}))
        for override in num.iterfind(f"{W}lvlOverride"):
            index = _integer(override.get(f"{W}ilvl"), None)
            if index is None or not 0 <= index < LEVELS:
                continue
            level = _levels(override).get(index, levels.get(index))
            start = _integer(_value(override, "startOverride"), None)
            if level is not None and start is not None:
                level = replace(level, start=start)
            if level is not None:
                levels[index] = level
        lists[num.get(f"{W}numId", "")] = levels
    return lists


def _list_reference(properties: etree._Element | None) -> tuple[str | None, int | None]:
    """(numId, ilvl) of a w:pPr's w:numPr, each None when absent."""
    if properties is None:
        return None, None
    num_pr = properties.find(f"{W}numPr")
    if num_pr is None:
        return None, None
    return _value(num_pr, "numId"), _integer(_value(num_pr, "ilvl"), None)


class ListNumbers:
    """The displayed list numbers of one document's paragraphs."""

    def __init__(self, numbering: etree._Element | None, styles: etree._Element | None) -> None:
        """Read the list definitions and the styles that put paragraphs into a list."""
        self._lists = _lists(numbering) if numbering is not None else {}
        self._style_lists: dict[str, tuple[str | None, int | None]] = {}
        self._based_on: dict[str, str] = {}
        if styles is not None and self._lists:
            for style in styles.iterfind(f"{W}style"):
                style_id = style.get(f"{W}styleId", "")
                based = _value(style, "basedOn")
                if based:
                    self._based_on[style_id] = based
                reference = _list_reference(style.find(f"{W}pPr"))
                if reference[0] is not None:
                    self._style_lists[style_id] = reference
        self._labels: dict[etree._Element, str] = {}

    def count_document(self, document: etree._Element) -> None:
        """Number the paragraphs of a whole document (only those that can be in a list are
        visited: with a list of their own, or a paragraph style)."""
        if self._lists:
            self.count(_LIST_CANDIDATES(document))

    def count(self, paragraphs: Iterable[etree._Element]) -> None:
        """Number `paragraphs`: every paragraph of the document, in order (lists run across
        the body and tables alike)."""
        if not self._lists:
            return
        counters: dict[str, list[int | None]] = {}
        for paragraph in paragraphs:
            num_id, index = self._reference(paragraph)
            levels = self._lists.get(num_id or "")
            level = None if levels is None else levels.get(index)
            if num_id is None or levels is None or level is None:
                continue
            counts = counters.setdefault(num_id, [None] * LEVELS)
            current = counts[index]
            counts[index] = level.start if current is None else current + 1
            for lower in range(index + 1, LEVELS):
                lower_level = levels.get(lower)
                restart = None if lower_level is None else lower_level.restart_after
                # lvlRestart 0: never restarts; n: restarts after level n (1-based) or above.
                if restart is None or (restart > 0 and index <= restart - 1):
                    counts[lower] = None
            self._labels[paragraph] = _shown(level, levels, counts)

    def _reference(self, paragraph: etree._Element) -> tuple[str | None, int]:
        """The list and level of a paragraph, its own or its style's (numId 0: none)."""
        properties = paragraph.find(_P_PR)
        if properties is None:
            return None, 0
        num_id, index = _list_reference(properties)
        style = None if properties is None else _value(properties, "pStyle")
        seen: set[str] = set()
        while (num_id is None or index is None) and style and style not in seen:
            seen.add(style)
            inherited = self._style_lists.get(style)
            if inherited is not None:
                num_id = inherited[0] if num_id is None else num_id
                index = inherited[1] if index is None else index
            style = self._based_on.get(style)
        if num_id == "0":
            num_id = None
        return num_id, index if index is not None and 0 <= index < LEVELS else 0

    def label(self, paragraph: etree._Element) -> str:
        """The number Word shows before `paragraph` (e.g. ``一、``), ``""`` when none."""
        return self._labels.get(paragraph, "")


def _shown(level: Level, levels: dict[int, Level], counts: list[int | None]) -> str:
    """A level's w:lvlText with each %n replaced by level n's counter in its format."""
    text = level.text
    for index in range(LEVELS - 1, -1, -1):
        placeholder = f"%{index + 1}"
        if placeholder not in text:
            continue
        other = levels.get(index)
        value = counts[index]
        if value is None:
            value = other.start if other is not None else 1
        number_format = "decimal" if level.legal or other is None else other.number_format
        text = text.replace(placeholder, format_number(value, number_format))
    return text
