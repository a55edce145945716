"""A fully populated Report of either format, built from the model's own type hints.

The template check renders it to prove that every ``{{ … }}`` resolves and that each table cell
shows the field it should: every count is different, and the texts carry everything that must
survive escaping (markup characters, template syntax, quotes, emoji, rare CJK, breaks, tabs).
"""

from __future__ import annotations

import dataclasses
import datetime
import itertools
import types
import typing
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from schemas.model.report import Item, Report
from schemas.registry import Format, find

#: Text that must come out of a document exactly as it went in.
AWKWARD_TEXT = (
    "甲&乙<丙>“引号”\"双引号\"'单引号' {{ 不是模板 }} {% 也不是 %} {# 注释 #} 😀𠀀𪚥\n"
    "第二行\t制表符后"
)


def sample_report(report_format: Format, seed: int = 0) -> Report:
    """Return a Report of `report_format` with every field filled; `seed` varies the values."""
    counter = itertools.count(seed * 1000 + 1)
    built = _build(Report, "report", report_format, counter)
    assert isinstance(built, Report)
    return built


def _build(hint: Any, name: str, report_format: Format, counter: Iterator[int]) -> Any:
    """Return a value of type `hint` for the field `name`."""
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return _build_dataclass(hint, report_format, counter)
    origin = typing.get_origin(hint)
    if origin is typing.Literal:
        options = typing.get_args(hint)
        return report_format if report_format in options else options[0]
    if origin in (types.UnionType, typing.Union):
        return _build(_choose(hint, report_format), name, report_format, counter)
    if origin is tuple:
        member = typing.get_args(hint)[0]
        return tuple(_build(member, name, report_format, counter) for _ in range(2))
    return _scalar(hint, name, counter)


#: What the model names for type checkers only (it cannot import the registry, which imports it).
_TYPE_ONLY = {"Format": Format}


def _build_dataclass(cls: type, report_format: Format, counter: Iterator[int]) -> Any:
    """Build a dataclass field by field, with a few fields that need a realistic shape."""
    hints = typing.get_type_hints(cls, localns=_TYPE_ONLY)
    values: dict[str, Any] = {}
    for field in dataclasses.fields(cls):
        special = _special(cls, field.name, report_format, counter)
        values[field.name] = (
            special if special is not None
            else _build(hints[field.name], field.name, report_format, counter)
        )
    return cls(**values)


def _special(cls: type, name: str, report_format: Format, counter: Iterator[int]) -> Any:
    """Return a realistic value for fields whose printed form matters, else None."""
    seed = next(counter)
    if cls is Report and name == "year":
        return find(report_format).first_year
    if cls is Report and name == "title_lines":
        return (f"样例机关{seed}&<>", "2021年政府信息公开工作年度报告")
    if cls is Item and name == "number":
        return f"（{'一二三四五六七八九十'[seed % 10]}）"
    if cls is Item and name == "heading":
        return f"小标题{seed}&<>。"
    if name == "change":
        return -seed
    return None


def _choose(hint: Any, report_format: Format) -> Any:
    """Pick the member of a union that belongs to `report_format` (never None)."""
    members = [member for member in typing.get_args(hint) if member is not type(None)]
    if len(members) == 1:
        return members[0]
    spec = find(report_format)
    own = {spec.disclosure_model, spec.other_handling_model}
    return next(member for member in members if member in own)


def _scalar(hint: Any, name: str, counter: Iterator[int]) -> Any:
    """Return an int, text, Decimal or date that differs from every other value."""
    value = next(counter)
    if hint is int:
        return value
    if hint is str:
        return f"{name}{value}：{AWKWARD_TEXT}"
    if hint is Decimal:
        return Decimal(f"{value}.250")
    if hint is datetime.date:
        return datetime.date(2022, 1, value % 28 + 1)
    raise TypeError(f"no sample value for {name}: {hint!r}")
