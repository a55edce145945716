"""Strict marshmallow fields of the contract: counts, exact amounts, XML-safe text, lists, dates.

Each field raises ``ValidationError`` with a ``Coded`` message (see ``schemas.codes``); nothing
is coerced: ``"3"``, ``3.0`` and ``true`` are not counts, and no character is ever dropped.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Collection, Mapping
from decimal import Decimal
from typing import Any

from marshmallow import ValidationError, fields

from schemas.codes import FIELD_MESSAGES, NOT_AN_INTEGER, Coded
from schemas.numbering import without_own_number

#: Everything outside XML 1.0's Char production, and every control character but tab/LF/CR
#: (C1 controls and DEL are XML-legal but the contract forbids control characters).
_ILLEGAL_CHARACTER = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_DECIMAL_TEXT = re.compile(r"[0-9]+(?:\.[0-9]+)?\Z")
_DATE_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")

NOT_A_STRING = Coded("not_a_string", "必须是字符串 / must be a string")
NOT_A_LIST = Coded("not_a_list", "必须是 JSON 数组 […] / must be a JSON array")
EMPTY = Coded("empty", "不能为空 / must not be empty")
NOT_A_NUMBER = Coded(
    "not_a_number",
    '必须是非负十进制数（数字或字符串，如 "9116.36"） / '
    'must be a non-negative decimal number (a number or a string like "9116.36")',
)
INVALID_DATE = Coded(
    "invalid_date", "必须是有效日期 YYYY-MM-DD，如 2021-01-20 / must be a date YYYY-MM-DD"
)


def out_of_range(low: int, high: int) -> Coded:
    """The message for a number outside ``low`` … ``high``."""
    return Coded("out_of_range", f"必须在 {low} 到 {high} 之间 / must be between {low} and {high}")


def illegal_character_message(text: str) -> Coded | None:
    """Return the error for the first character XML 1.0 does not allow in ``text``, or None."""
    found = _ILLEGAL_CHARACTER.search(text)
    if found is None:
        return None
    code_point = f"U+{ord(found.group()):04X}"
    position = found.start() + 1
    return Coded(
        "invalid_character",
        f"第 {position} 个字符 {code_point} 不允许出现在文档中（控制字符、单独的代理项或非字符） / "
        f"character {position} ({code_point}) is not allowed in a document",
    )


class StrictField(fields.Field):  # type: ignore[type-arg]
    """A field whose marshmallow-raised messages carry codes."""

    default_error_messages = FIELD_MESSAGES

    def _validate(self, value: Any) -> None:
        """Skip marshmallow's validator chain: these fields check everything in _deserialize."""


class Count(StrictField):
    """An integer count ``low`` … ``high``; a JSON number with a fraction or exponent is refused."""

    def __init__(self, low: int, high: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.low = low
        self.high = high
        self.range_error = out_of_range(low, high)

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> int:
        if type(value) is not int:
            raise ValidationError(NOT_AN_INTEGER)
        if not self.low <= value <= self.high:
            raise ValidationError(self.range_error)
        return value


class Year(Count):
    """The report year: ``low`` … the current calendar year (read at each validation)."""

    def __init__(self, low: int, **kwargs: Any) -> None:
        super().__init__(low, low, **kwargs)

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> int:
        this_year = datetime.date.today().year
        if self.high != this_year:
            self.high = this_year
            self.range_error = out_of_range(self.low, this_year)
        return super()._deserialize(value, attr, data, **kwargs)


class Amount(StrictField):
    """A non-negative exact decimal (JSON number or decimal string) with limited decimals."""

    def __init__(self, decimals: int, high: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.decimals = decimals
        self.high = high
        self.range_error = out_of_range(0, high)
        self.decimals_error = Coded(
            "too_many_decimals",
            f"最多 {decimals} 位小数 / at most {decimals} decimal places",
        )

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Decimal:
        amount = _as_decimal(value)
        if amount is None or not amount.is_finite():
            raise ValidationError(NOT_A_NUMBER)
        if amount < 0 or amount > self.high:
            raise ValidationError(self.range_error)
        exponent = amount.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -self.decimals:
            raise ValidationError(self.decimals_error)
        return amount.copy_abs()  # -0 is printed as 0


def _as_decimal(value: object) -> Decimal | None:
    """Return ``value`` as a Decimal when it is a JSON number or a plain decimal string."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):  # only from already-parsed input; repr keeps the digits
        return Decimal(repr(value))
    if isinstance(value, str) and _DECIMAL_TEXT.match(value.strip()):
        return Decimal(value.strip())
    return None


#: Unicode categories that show nothing by themselves: format characters (U+200B, U+2060,
#: U+00AD, bidi controls), combining marks, separators and controls.
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Mn", "Me", "Zs", "Zl", "Zp", "Cc"})
#: Letters and symbols that render as blank space (Hangul fillers, the blank Braille pattern,
#: Khmer inherent vowels, the Mongolian vowel separator).
_BLANK_LOOKING = frozenset("\u115f\u1160\u17b4\u17b5\u180e\u2800\u3164\uffa0")


def visible(text: str) -> bool:
    """True when `text` has at least one character a reader can see."""
    return any(
        char not in _BLANK_LOOKING and unicodedata.category(char) not in _INVISIBLE_CATEGORIES
        for char in text
    )


class Text(StrictField):
    """A string of XML 1.0 characters, trimmed, CR/CRLF turned into LF, ``low`` … ``high`` long.

    Line feeds inside are kept (a line break in the document); a lone CR or CRLF becomes LF so
    that one text gives one document whatever system typed it. Required text (``low`` ≥ 1) must
    have a visible character: one made only of format characters, combining marks or blank
    letters is ``empty``. ``max_breaks`` bounds the line feeds inside (a paragraph of thousands
    of breaks would be hundreds of empty pages).
    """

    def __init__(self, low: int, high: int, max_breaks: int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.low = low
        self.high = high
        self.max_breaks = max_breaks
        self.length_error = Coded("too_long", f"最多 {high} 个字符 / at most {high} characters")
        self.breaks_error = Coded(
            "too_many_line_breaks",
            f"段内换行最多 {max_breaks} 处（超出部分请分段） / at most {max_breaks} line breaks"
            " in one paragraph (start a new paragraph instead)",
        )

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        if not isinstance(value, str):
            raise ValidationError(NOT_A_STRING)
        problem = illegal_character_message(value)
        if problem is not None:
            raise ValidationError(problem)
        if "\r" in value:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        text: str = value.strip()
        if len(text) < self.low or (self.low and not visible(text)):
            raise ValidationError(EMPTY)
        if len(text) > self.high:
            raise ValidationError(self.length_error)
        if self.max_breaks is not None and text.count("\n") > self.max_breaks:
            raise ValidationError(self.breaks_error)
        return text


NUMBER_ONLY = Coded(
    "empty",
    "小标题除编号外没有文字（编号由系统生成） / the heading has nothing but a number"
    " (items are numbered by the service)",
)


class Heading(Text):
    """An item heading: Text that still has text once its own number (replaced) is taken off."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if not without_own_number(text).rstrip("。：:"):
            raise ValidationError(NUMBER_ONLY)
        return text


class Choice(StrictField):
    """A string that must be one of ``choices`` (compared after trimming)."""

    def __init__(self, choices: Collection[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.choices = frozenset(choices)
        shown = "、".join(sorted(self.choices))
        self.choice_error = Coded(
            "invalid_choice", f"必须是 {shown} 之一 / must be one of {', '.join(sorted(choices))}"
        )

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        if not isinstance(value, str):
            raise ValidationError(NOT_A_STRING)
        text: str = value.strip()
        if text not in self.choices:
            raise ValidationError(self.choice_error)
        return text


class Date(StrictField):
    """A calendar date written ``YYYY-MM-DD``."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> datetime.date:
        if not isinstance(value, str):
            raise ValidationError(NOT_A_STRING)
        text = value.strip()
        if not _DATE_TEXT.match(text):
            raise ValidationError(INVALID_DATE)
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise ValidationError(INVALID_DATE) from None


class BoundedList(fields.List):  # type: ignore[type-arg]
    """A JSON array of at most ``high`` elements, each validated by ``inner``."""

    default_error_messages = {**FIELD_MESSAGES, "invalid": NOT_A_LIST}  # noqa: RUF012

    def __init__(self, inner: fields.Field, high: int, **kwargs: Any) -> None:  # type: ignore[type-arg]
        super().__init__(inner, **kwargs)
        self.high = high
        self.length_error = Coded("too_many", f"最多 {high} 项 / at most {high} entries")

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> list[Any]:
        if not isinstance(value, list):
            raise ValidationError(NOT_A_LIST)
        if len(value) > self.high:
            raise ValidationError(self.length_error)
        result: list[Any] = super()._deserialize(value, attr, data, **kwargs)
        return result


class FormatNested(fields.Nested):
    """A nested object whose shape depends on the report format.

    When it has a key only the other format uses, the one error ``wrong_format`` replaces the
    list of unknown fields the other shape would give.
    """

    default_error_messages = FIELD_MESSAGES

    def __init__(self, nested: Any, foreign_keys: Collection[str], error: Coded, **kwargs: Any):
        super().__init__(nested, **kwargs)
        self.foreign_keys = frozenset(foreign_keys)
        self.format_error = error

    def _deserialize(
        self, value: Any, attr: Any, data: Any, partial: Any = None, **kwargs: Any
    ) -> Any:
        if isinstance(value, Mapping) and not self.foreign_keys.isdisjoint(value):
            raise ValidationError(self.format_error)
        return super()._deserialize(value, attr, data, partial, **kwargs)
