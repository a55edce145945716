"""Strict marshmallow fields of the contract: counts, exact amounts, XML-safe text, lists, dates.

Each field declares its messages in ``default_error_messages`` (``Coded``: the message with its
stable code, see ``schemas.contract.codes``) and raises them with ``make_error``, as marshmallow's
own fields do; a field instance keeps no state between calls, so one schema serves every thread.
Nothing is coerced: ``"3"``, ``3.0`` and ``true`` are not counts, and no character is dropped.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Collection, Mapping
from decimal import Decimal
from typing import Any

from marshmallow import fields

from schemas.contract.codes import FIELD_MESSAGES, NOT_AN_INTEGER, Coded
from schemas.model.numbering import without_own_number

#: Everything outside XML 1.0's Char production, and every control character but tab/LF/CR
#: (C1 controls and DEL are XML-legal but the contract forbids control characters).
_ILLEGAL_CHARACTER = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_DECIMAL_TEXT = re.compile(r"[0-9]+(?:\.[0-9]+)?\Z")
_DATE_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")

def first_illegal_character(text: str) -> int | None:
    """The index of the first character XML 1.0 (or the contract) does not allow, or None."""
    found = _ILLEGAL_CHARACTER.search(text)
    return None if found is None else found.start()


class StrictField(fields.Field):  # type: ignore[type-arg]
    """A field whose marshmallow-raised messages carry codes."""

    default_error_messages = FIELD_MESSAGES

    def _validate(self, value: Any) -> None:
        """Skip marshmallow's validator chain: these fields check everything in _deserialize."""


_OUT_OF_RANGE = Coded(
    "out_of_range", "必须在 {low} 到 {high} 之间 / must be between {low} and {high}"
)


class Count(StrictField):
    """An integer count ``low`` … ``high``; a JSON number with a fraction or exponent is refused."""

    default_error_messages = {  # noqa: RUF012 (marshmallow's own convention)
        "not_an_integer": NOT_AN_INTEGER,
        "out_of_range": _OUT_OF_RANGE,
    }

    def __init__(self, low: int, high: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.low = low
        self.high = high

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> int:
        if type(value) is not int:
            raise self.make_error("not_an_integer")
        high = self.highest()
        if not self.low <= value <= high:
            raise self.make_error("out_of_range", low=self.low, high=high)
        return value

    def highest(self) -> int:
        """The largest value accepted now."""
        return self.high


class Year(Count):
    """The report year: ``low`` … the current calendar year (read at each validation)."""

    def __init__(self, low: int, **kwargs: Any) -> None:
        super().__init__(low, low, **kwargs)

    def highest(self) -> int:
        """This calendar year: a report of the year under way can be drafted."""
        return datetime.date.today().year


class Amount(StrictField):
    """A non-negative exact decimal (JSON number or decimal string) with limited decimals."""

    default_error_messages = {  # noqa: RUF012 (marshmallow's own convention)
        "not_a_number": Coded(
            "not_a_number",
            '必须是非负十进制数（数字或字符串，如 "9116.36"） / '
            'must be a non-negative decimal number (a number or a string like "9116.36")',
        ),
        "out_of_range": _OUT_OF_RANGE,
        "too_many_decimals": Coded(
            "too_many_decimals", "最多 {decimals} 位小数 / at most {decimals} decimal places"
        ),
    }

    def __init__(self, decimals: int, high: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.decimals = decimals
        self.high = high

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Decimal:
        amount = _as_decimal(value)
        if amount is None or not amount.is_finite():
            raise self.make_error("not_a_number")
        if amount < 0 or amount > self.high:
            raise self.make_error("out_of_range", low=0, high=self.high)
        exponent = amount.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -self.decimals:
            raise self.make_error("too_many_decimals", decimals=self.decimals)
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


_NOT_A_STRING = Coded("not_a_string", "必须是字符串 / must be a string")


class Text(StrictField):
    """A string of XML 1.0 characters, trimmed, CR/CRLF turned into LF, ``low`` … ``high`` long.

    Line feeds inside are kept (a line break in the document); a lone CR or CRLF becomes LF so
    that one text gives one document whatever system typed it. Required text (``low`` ≥ 1) must
    have a visible character: one made only of format characters, combining marks or blank
    letters is ``empty``. ``max_breaks`` bounds the line feeds inside (a paragraph of thousands
    of breaks would be hundreds of empty pages).
    """

    default_error_messages = {  # noqa: RUF012 (marshmallow's own convention)
        "not_a_string": _NOT_A_STRING,
        "invalid_character": Coded(
            "invalid_character",
            "第 {position} 个字符 {code_point} 不允许出现在文档中"
            "（控制字符、单独的代理项或非字符） / "
            "character {position} ({code_point}) is not allowed in a document",
        ),
        "empty": Coded("empty", "不能为空 / must not be empty"),
        "too_long": Coded("too_long", "最多 {high} 个字符 / at most {high} characters"),
        "too_many_line_breaks": Coded(
            "too_many_line_breaks",
            "段内换行最多 {max_breaks} 处（超出部分请分段） / at most {max_breaks} line breaks"
            " in one paragraph (start a new paragraph instead)",
        ),
    }

    def __init__(self, low: int, high: int, max_breaks: int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.low = low
        self.high = high
        self.max_breaks = max_breaks

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        if not isinstance(value, str):
            raise self.make_error("not_a_string")
        at = first_illegal_character(value)
        if at is not None:
            code_point = f"U+{ord(value[at]):04X}"
            raise self.make_error("invalid_character", position=at + 1, code_point=code_point)
        if "\r" in value:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        text: str = value.strip()
        if len(text) < self.low or (self.low and not visible(text)):
            raise self.make_error("empty")
        if len(text) > self.high:
            raise self.make_error("too_long", high=self.high)
        if self.max_breaks is not None and text.count("\n") > self.max_breaks:
            raise self.make_error("too_many_line_breaks", max_breaks=self.max_breaks)
        return text


class Heading(Text):
    """An item heading: Text that still has text once its own number (replaced) is taken off."""

    default_error_messages = {  # noqa: RUF012 (marshmallow's own convention)
        "number_only": Coded(
            "empty",
            "小标题除编号外没有文字（编号由系统生成） / the heading has nothing but a number"
            " (items are numbered by the service)",
        ),
    }

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if not without_own_number(text).rstrip("。：:"):
            raise self.make_error("number_only")
        return text


class Choice(StrictField):
    """A string that must be one of ``choices`` (compared after trimming)."""

    default_error_messages = {  # noqa: RUF012 (marshmallow's own convention)
        "not_a_string": _NOT_A_STRING,
        "invalid_choice": Coded(
            "invalid_choice", "必须是 {chinese} 之一 / must be one of {english}"
        ),
    }

    def __init__(self, choices: Collection[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.choices = frozenset(choices)

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        if not isinstance(value, str):
            raise self.make_error("not_a_string")
        text: str = value.strip()
        if text not in self.choices:
            shown = sorted(self.choices)
            raise self.make_error(
                "invalid_choice", chinese="、".join(shown), english=", ".join(shown)
            )
        return text


class Date(StrictField):
    """A calendar date written ``YYYY-MM-DD``."""

    default_error_messages = {  # noqa: RUF012 (marshmallow's own convention)
        "not_a_string": _NOT_A_STRING,
        "invalid_date": Coded(
            "invalid_date", "必须是有效日期 YYYY-MM-DD，如 2021-01-20 / must be a date YYYY-MM-DD"
        ),
    }

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> datetime.date:
        if not isinstance(value, str):
            raise self.make_error("not_a_string")
        text = value.strip()
        if not _DATE_TEXT.match(text):
            raise self.make_error("invalid_date")
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise self.make_error("invalid_date") from None


class BoundedList(fields.List):  # type: ignore[type-arg]
    """A JSON array of at most ``high`` elements, each validated by ``inner``."""

    default_error_messages = {  # noqa: RUF012 (marshmallow's own convention)
        **FIELD_MESSAGES,  # "invalid": not a list
        "too_many": Coded("too_many", "最多 {high} 项 / at most {high} entries"),
    }

    def __init__(self, inner: fields.Field, high: int, **kwargs: Any) -> None:  # type: ignore[type-arg]
        super().__init__(inner, **kwargs)
        self.high = high

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> list[Any]:
        if not isinstance(value, list):
            raise self.make_error("invalid")
        if len(value) > self.high:
            raise self.make_error("too_many", high=self.high)
        result: list[Any] = super()._deserialize(value, attr, data, **kwargs)
        return result


class FormatNested(fields.Nested):
    """A nested object whose shape depends on the report format.

    When it has a key only another format uses, the one error ``wrong_format`` (given by the
    caller) replaces the list of unknown fields the other shape would give.
    """

    default_error_messages = FIELD_MESSAGES

    def __init__(self, nested: Any, foreign_keys: Collection[str], error: Coded, **kwargs: Any):
        super().__init__(nested, error_messages={"wrong_format": error}, **kwargs)
        self.foreign_keys = frozenset(foreign_keys)

    def _deserialize(
        self, value: Any, attr: Any, data: Any, partial: Any = None, **kwargs: Any
    ) -> Any:
        if isinstance(value, Mapping) and not self.foreign_keys.isdisjoint(value):
            raise self.make_error("wrong_format")
        return super()._deserialize(value, attr, data, partial, **kwargs)
