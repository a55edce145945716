"""The strict JSON reader of reports: exact decimals, no NaN/Infinity, duplicate keys tracked.

``parse_json`` raises ``JSONProblem`` for anything that is not JSON a report could be made of:
bytes that are not UTF-8 (saying what the file is when it is GBK text, a Word or Excel file…),
syntax errors, truncated text, ``NaN``/``Infinity`` literals, numbers too long to convert and
nesting deeper than the limit. Its message names the mistake as a person would fix it, with line
and column, and its ``excerpt`` shows the line (``schemas.parsing.hints``). A leading UTF-8
byte-order mark is accepted and dropped.

Duplicate keys are not a syntax error: the object is returned as a ``JSONObject`` that remembers
which keys it saw more than once, so that validation can name the path of each one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from schemas.parsing import hints

_BOM = "\ufeff"

class JSONProblem(ValueError):
    """The input is not JSON a report could be made of; ``message`` is ready for a person,
    ``excerpt`` the offending line with a caret under the mistake (empty when there is none)."""

    def __init__(self, message: str, excerpt: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.excerpt = excerpt


class JSONObject(dict[str, object]):
    """A JSON object in which some keys occurred more than once (the last value is kept)."""

    duplicates: tuple[str, ...]


def _object(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """Build a JSON object, remembering keys that occur more than once."""
    obj = dict(pairs)
    if len(obj) == len(pairs):
        return obj
    marked = JSONObject(pairs)
    seen: set[str] = set()
    repeated: list[str] = []
    for key, _ in pairs:
        if key in seen:
            repeated.append(key)
        seen.add(key)
    marked.duplicates = tuple(repeated)
    return marked


def echo(text: str) -> str:
    """Return a string taken from the input as it may be shown back (paths, names in messages).

    JSON may spell lone surrogates (``"\\ud800"``), which no UTF-8 output can carry: they are
    written back as the same ``\\uXXXX`` escape, every other character is kept.
    """
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _reject_constant(name: str) -> object:
    """Refuse ``NaN``, ``Infinity`` and ``-Infinity``, which are not JSON."""
    raise JSONProblem(
        f"不是有效的 JSON：不允许 {name}（JSON 没有这种数值） / "
        f"not valid JSON: {name} is not allowed"
    )


def _decode(raw: bytes | str) -> str:
    """Return the text of ``raw`` without a BOM; raises JSONProblem when it is a file of another
    kind or not UTF-8."""
    if isinstance(raw, str):
        text = raw
    else:
        kind = hints.not_text(raw)
        if kind is not None:
            raise JSONProblem(f"这是{kind[0]}，不是 JSON 文本 / this is {kind[1]}, not JSON text")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _not_utf8(raw, exc.start) from None
    return text.removeprefix(_BOM)


def _not_utf8(raw: bytes, start: int) -> JSONProblem:
    """The problem for bytes that are not UTF-8: their encoding when it is a known one, and
    where the first bad byte is."""
    line = raw.count(b"\n", 0, start) + 1
    column = start - raw.rfind(b"\n", 0, start)
    encoding = hints.encoding_hint(raw)
    if encoding is not None:
        return JSONProblem(
            f"文件是 {encoding[0]} 编码，不是 UTF-8：请用记事本等“另存为”UTF-8 编码后再提交"
            f"（第 {line} 行第 {column} 个字节起） / the file is {encoding[1]}, not UTF-8: "
            f"save it as UTF-8 (line {line} byte {column})"
        )
    return JSONProblem(
        f"不是有效的 UTF-8 文本：第 {line} 行第 {column} 个字节 / "
        f"not valid UTF-8: line {line} byte {column}"
    )


def _syntax_problem(exc: json.JSONDecodeError) -> JSONProblem:
    """Turn a decoder error into a JSONProblem naming the mistake, its line and column, with
    the line shown."""
    position, chinese = hints.syntax_hint(exc)
    line, column = hints.line_and_column(exc.doc, position)
    return JSONProblem(
        f"不是有效的 JSON：第 {line} 行第 {column} 列，{chinese} / "
        f"not valid JSON: line {line} column {column}: {exc.msg}",
        hints.excerpt(exc.doc, position),
    )


def parse_unchecked(raw: bytes | str) -> object:
    """Parse ``raw`` without the depth check; raises JSONProblem (see the module docstring)."""
    text = _decode(raw)
    try:
        return json.loads(
            text, parse_float=Decimal, parse_constant=_reject_constant, object_pairs_hook=_object
        )
    except json.JSONDecodeError as exc:
        raise _syntax_problem(exc) from None
    except RecursionError:
        raise _too_deep() from None
    except JSONProblem:
        raise
    except ValueError as exc:  # int() refuses numbers of thousands of digits
        raise JSONProblem(f"不是有效的 JSON：数字过长 / not valid JSON: {exc}") from None


def _too_deep(limit: int | None = None) -> JSONProblem:
    """The problem for nesting deeper than ``limit`` (or than Python can parse)."""
    shown = f"（最多 {limit} 层）" if limit is not None else ""
    english = f" (at most {limit} levels)" if limit is not None else ""
    return JSONProblem(
        f"不是有效的报告 JSON：嵌套层数过深{shown} / JSON nested too deeply{english}"
    )


def duplicate_key_paths(document: object, max_depth: int) -> list[str]:
    """Return the dotted path of every duplicate key; raises JSONProblem when nested too deeply."""
    found: list[str] = []
    _walk(document, (), 1, max_depth, found)
    return found


def _walk(node: object, path: Any, depth: int, limit: int, found: list[str]) -> None:
    """Check the depth of ``node`` and collect its duplicate keys' paths (recursion ≤ limit)."""
    if depth > limit:
        raise _too_deep(limit)
    # The path is a chain of (parent, key) pairs, joined only when a duplicate needs it.
    if isinstance(node, dict):
        if isinstance(node, JSONObject):
            found.extend(_joined((path, key)) for key in node.duplicates)
        children: Iterable[tuple[object, object]] = node.items()
    elif isinstance(node, list):
        children = enumerate(node)
    else:
        return
    for key, child in children:
        if isinstance(child, dict | list):
            _walk(child, (path, key), depth + 1, limit, found)


def _joined(path: Any) -> str:
    """Turn a (parent, key) chain into a dotted path."""
    keys: list[str] = []
    while path:
        path, key = path
        keys.append(str(key))
    return ".".join(reversed(keys))


def parse_json(raw: bytes | str, *, max_depth: int = 64) -> object:
    """Parse report JSON strictly; raises JSONProblem (not JSON, or nested deeper than max_depth).

    Floats come back as ``Decimal``; an object with duplicate keys comes back as a
    ``JSONObject`` (give the result to ``load_report`` to have them reported as errors).
    """
    document = parse_unchecked(raw)
    duplicate_key_paths(document, max_depth)
    return document
