"""A JSON array read element by element: ids, oversized and non-object elements, bad bodies."""

from __future__ import annotations

import io
from typing import IO, cast

import pytest

from service.batch.jsonarray import JsonArrayInput
from service.batch.limits import BatchLimits
from service.errors import BatchTooLarge, BatchUnusable


def summary(body: bytes, limits: BatchLimits | None = None) -> list[tuple[str, object]]:
    source = JsonArrayInput(io.BytesIO(body), limits or BatchLimits())
    return [
        (entry.id, entry.payload if entry.problem is None else entry.problem.code)
        for entry in source
    ]


def test_each_element_is_handed_on_as_its_own_bytes() -> None:
    body = '\ufeff [ {"a": 1} ,\n{"b": "x]}\\"y"}, [1], "s", {"甲": "乙"}] '.encode()
    assert summary(body) == [
        ("第 1 项", b'{"a": 1}'),
        ("第 2 项", b'{"b": "x]}\\"y"}'),
        ("第 3 项", "not_an_object"),
        ("第 4 项", "not_an_object"),
        ("第 5 项", '{"甲": "乙"}'.encode()),
    ]


@pytest.mark.parametrize("size", [20, 21])
def test_an_element_over_the_size_limit_fails_alone(size: int) -> None:
    element = b'{"k": "' + b"x" * (size - 9) + b'"}'
    assert len(element) == size
    body = b"[{}, " + element + b", {}]"
    expected: object = element if size == 20 else "input_too_large"
    assert summary(body, BatchLimits(max_report_bytes=20)) == [
        ("第 1 项", b"{}"),
        ("第 2 项", expected),
        ("第 3 项", b"{}"),
    ]


def test_an_element_larger_than_the_read_window_is_skipped_by_its_brackets() -> None:
    nested = b'{"a": [' + b'["]", "\\"", {"b": "}"}],' * 300_000 + b"[]]}"
    body = b"[" + nested + b', {"after": 1}]'
    assert summary(body, BatchLimits(max_report_bytes=1000)) == [
        ("第 1 项", "input_too_large"),
        ("第 2 项", b'{"after": 1}'),
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "JSON 数组"),
        (b'{"year": 2021}', "JSON 数组"),
        (b"[", "第 1 项"),
        (b"[{}", "第 1 项"),
        (b"[{},]", "第 2 项"),
        (b'[{"a": 1}{"b": 2}]', "第 1 项"),
        (b"[{}] x", "多余内容"),
        (b"[]", "没有报告"),
        (b"[" + b"[" * 100_000 + b"]" * 100_000 + b"]", "第 1 项"),
    ],
)
def test_a_body_that_is_not_a_json_array_is_unusable(body: bytes, message: str) -> None:
    with pytest.raises(BatchUnusable, match=message):
        JsonArrayInput(io.BytesIO(body), BatchLimits(max_report_bytes=10**9))


@pytest.mark.parametrize("count", [2, 3])
def test_report_limit_at_and_over(count: int) -> None:
    body = b"[" + b",".join([b"{}"] * count) + b"]"
    limits = BatchLimits(max_reports=2)
    if count == 2:
        assert len(JsonArrayInput(io.BytesIO(body), limits)) == 2
    else:
        with pytest.raises(BatchTooLarge, match="超过上限 2 份"):
            JsonArrayInput(io.BytesIO(body), limits)


def test_counting_stops_at_the_first_element_over_the_limit() -> None:
    class Endless:
        """``[{},{},{},…`` without end: counting must stop, it can never reach the end."""

        def __init__(self) -> None:
            self.started = False

        def seek(self, _offset: int) -> int:
            self.started = False
            return 0

        def read(self, size: int) -> bytes:
            head = b"" if self.started else b"["
            self.started = True
            return head + b"{}," * (size // 3)

    with pytest.raises(BatchTooLarge, match="11 reports"):
        JsonArrayInput(cast(IO[bytes], Endless()), BatchLimits(max_reports=10))
