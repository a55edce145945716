"""The placeholder texts of the blank report: they say what belongs in a field, never content.

The blank (``service.catalog.blank``) and the report editor show them; validation refuses a
report that still holds one (code ``placeholder``), so an unchanged blank is never issued.
``found`` never raises.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any

from schemas.contract.codes import Coded

#: The placeholder of each text field of the blank, by contract key.
PLACEHOLDERS: Mapping[str, str] = MappingProxyType(
    {
        "organization": "（机关名称）",
        "overview": "（请填写总体情况）",
        "problems": "（请填写存在的主要问题及改进情况）",
        # Names 信息处理费 so that the blank itself says what the 2021 format asks for there.
        "other_matters": "（请填写其他需要报告的事项，包括信息处理费的收取情况）",
    }
)
_TEXTS = frozenset(PLACEHOLDERS.values())
_TEXT_KEYS = ("organization", "title")
_SECTIONS = ("overview", "problems", "other_matters")


def message(text: str) -> Coded:
    """The error for a field that still holds the placeholder `text`."""
    return Coded(
        "placeholder",
        f"“{text}”是空白模板的提示文字，请改为实际内容 / "
        f"“{text}” is the blank's placeholder text: replace it with the real content",
    )


def found(document: Mapping[str, Any]) -> Iterator[tuple[str, str, str]]:
    """(path, code, message) of every text of the report `document` (as parsed: any shape) that
    is a placeholder."""
    for path, text in text_paths(document):
        if text.strip() in _TEXTS:
            problem = message(text.strip())
            yield path, problem.code, str(problem)


def text_paths(document: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(path, text) of every free text of `document`: name, title, 落款, paragraphs, headings;
    members of another shape (an error of their own) are passed over."""
    for key in _TEXT_KEYS:
        yield from _strings(key, [document.get(key)])
    signature = _object(document.get("signature"))
    yield from _strings("signature.organization", [signature.get("organization")])
    yield from _strings("preamble", _list(document.get("preamble")), indexed=True)
    for key in _SECTIONS:
        section = _object(document.get(key))
        yield from _strings(f"{key}.paragraphs", _list(section.get("paragraphs")), indexed=True)
        for number, item in enumerate(_list(section.get("items"))):
            member = _object(item)
            path = f"{key}.items.{number}"
            yield from _strings(f"{path}.heading", [member.get("heading")])
            yield from _strings(f"{path}.paragraphs", _list(member.get("paragraphs")), indexed=True)


def _strings(path: str, values: list[Any], *, indexed: bool = False) -> Iterator[tuple[str, str]]:
    """(path, value) of the strings among `values` (``path.N`` when `indexed`)."""
    for index, value in enumerate(values):
        if isinstance(value, str):
            yield (f"{path}.{index}" if indexed else path), value


def _object(value: Any) -> Mapping[str, Any]:
    """`value` when it is a JSON object, else an empty one."""
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    """`value` when it is a JSON array, else an empty one."""
    return value if isinstance(value, list) else []
