"""A JSON array of reports on a seekable stream (a spooled upload), read one element at a time.

The array is never parsed whole: each element is found by the C JSON scanner in a window of at
most ``max_report_bytes`` past its start, so memory is bounded by one report whatever the body
holds, and counting stops as soon as the count passes ``max_reports`` (256 MiB of ``{}`` is
refused after its first 10,001 elements). Each element is handed on as its own bytes, so the
strict parser (duplicate keys, exact decimals, depth) reads it like any other report. An element
larger than the limit fails alone, unread; a syntax error anywhere makes the whole body unusable.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from typing import IO

from service.batch.inputs import NOT_AN_OBJECT, Entry, check_count, too_large
from service.batch.limits import BatchLimits
from service.errors import BatchUnusable

_READ_CHUNK = 1024 * 1024
_WHITESPACE = re.compile(r"[ \t\n\r]*")
#: Outside strings only brackets matter to find where an oversized element ends.
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]|"', re.DOTALL)
_NOT_AN_ARRAY = "请求体须为报告的 JSON 数组 […] / the body must be a JSON array of reports"


class JsonArrayInput:
    """The elements of the JSON array on `stream`, one report each (``第 N 项``)."""

    def __init__(self, stream: IO[bytes], limits: BatchLimits) -> None:
        """Count the elements; raises BatchTooLarge (early) or BatchUnusable before any work."""
        self._stream = stream
        self._limits = limits
        count = 0
        for _ in _Elements(stream, limits.max_report_bytes):
            count += 1
            if count > limits.max_reports:
                check_count(count, limits)  # raises BatchTooLarge without reading the rest
        check_count(count, limits)
        self._count = count

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Entry]:
        for number, element in enumerate(_Elements(self._stream, self._limits.max_report_bytes), 1):
            label = f"第 {number} 项"
            if element is None:
                yield Entry(label, problem=too_large(self._limits.max_report_bytes))
            elif not element.lstrip().startswith(b"{"):
                yield Entry(label, problem=NOT_AN_OBJECT)
            else:
                yield Entry(label, payload=element)


class _Elements:
    """Iterates over the elements of a JSON array from the start of a seekable byte stream:
    each element's UTF-8 bytes, or None for one over `limit` bytes (skipped unread)."""

    def __init__(self, stream: IO[bytes], limit: int) -> None:
        self._stream = stream
        self._limit = limit
        self._decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
        self._text = ""
        self._at = 0
        self._eof = False
        self._scanner = json.JSONDecoder()

    def __iter__(self) -> Iterator[bytes | None]:
        self._stream.seek(0)
        self._fill(1)
        if self._text.startswith("\ufeff"):
            self._at = 1
        if self._next_char() != "[":
            raise BatchUnusable(_NOT_AN_ARRAY)
        self._at += 1
        if self._next_char() == "]":
            self._at += 1
            self._expect_end()
            return
        number = 0
        while True:
            number += 1
            yield self._element(number)
            separator = self._next_char()
            self._at += 1
            if separator == "]":
                self._expect_end()
                return
            if separator != ",":
                raise _broken(number, "此处应为逗号或 ] / expected ',' or ']'")

    def _element(self, number: int) -> bytes | None:
        """Scan the element starting at the cursor and move past it."""
        self._next_char()
        self._fill(self._limit + 1)
        try:
            _, end = self._scanner.raw_decode(self._text, self._at)
        except (ValueError, RecursionError) as exc:
            if not self._eof and len(self._text) - self._at > self._limit:
                self._skip_value(number)  # does not end within the limit: too large
                return None
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "无法解析 / unreadable"
            raise _broken(number, reason) from None
        data = self._text[self._at : end].encode("utf-8", "surrogateescape")
        self._at = end
        if len(data) > self._limit:
            return None
        return data

    def _skip_value(self, number: int) -> None:
        """Move past an oversized element by its brackets (strings skipped whole)."""
        depth = 0
        while True:
            for token in _TOKEN.finditer(self._text, self._at):
                value = token.group()
                if value == '"':  # a string not closed within the text read so far
                    self._at = token.start()
                    break
                self._at = token.end()
                if value in "[{":
                    depth += 1
                elif value in "]}":
                    depth -= 1
                    if depth == 0:
                        return
                elif depth == 0:
                    return  # a lone string as the element
            else:
                self._at = len(self._text)
            if self._eof:
                raise _broken(number, "数组没有结束 / the array is not closed")
            self._fill(len(self._text) - self._at + _READ_CHUNK)

    def _next_char(self) -> str:
        """Skip whitespace; return the character at the cursor ('' at the end)."""
        while True:
            self._at = _WHITESPACE.match(self._text, self._at).end()  # type: ignore[union-attr]
            if self._at < len(self._text) or self._eof:
                return self._text[self._at : self._at + 1]
            self._fill(1)

    def _expect_end(self) -> None:
        """Raise BatchUnusable unless only whitespace follows the array."""
        if self._next_char():
            raise BatchUnusable(
                "JSON 数组结束后还有多余内容 / there is more after the end of the JSON array"
            )

    def _fill(self, wanted: int) -> None:
        """Read until `wanted` characters follow the cursor (dropping what was consumed first)."""
        if len(self._text) - self._at >= wanted or self._eof:
            return
        self._text = self._text[self._at :]
        self._at = 0
        while len(self._text) < wanted and not self._eof:
            chunk = self._stream.read(_READ_CHUNK)
            self._eof = not chunk
            self._text += self._decoder.decode(chunk, final=self._eof)


def _broken(number: int, reason: str) -> BatchUnusable:
    """The error for a body that stops being a JSON array at element `number`."""
    return BatchUnusable(
        f"请求体不是有效的 JSON 数组：第 {number} 项处有误 / not a valid JSON array at element"
        f" {number}: {reason}"
    )

