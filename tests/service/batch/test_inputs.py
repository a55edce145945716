"""Batch inputs read lazily: folders, JSON lines, JSON arrays; counts and sizes at the limit."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from service.batch.inputs import FolderInput, JsonLinesInput
from service.batch.limits import BatchLimits
from service.errors import BatchTooLarge, BatchUnusable


def summary(source: object) -> list[tuple[str, object]]:
    return [(e.id, e.problem.code if e.problem else e.payload) for e in source]  # type: ignore[attr-defined]


def test_folder_entries(tmp_path: Path) -> None:
    (tmp_path / "b.json").write_bytes(b"{}")
    (tmp_path / "a.JSON").write_bytes(b"[]")
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / ".hidden.json").write_text("x")
    (tmp_path / "sub").mkdir()
    source = FolderInput(tmp_path, BatchLimits())
    assert len(source) == 4
    assert summary(source) == [
        ("a.JSON", b"[]"),
        ("b.json", b"{}"),
        ("notes.txt", "not_json_file"),
        ("sub", "not_a_file"),
    ]


def test_folder_limits(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_bytes(b"x" * 10)
    (tmp_path / "b.json").write_bytes(b"x" * 11)
    source = FolderInput(tmp_path, BatchLimits(max_reports=2, max_report_bytes=10))
    assert summary(source) == [("a.json", b"x" * 10), ("b.json", "input_too_large")]
    with pytest.raises(BatchTooLarge):
        FolderInput(tmp_path, BatchLimits(max_reports=1))


def test_lines_skip_blank_lines_and_keep_numbers() -> None:
    stream = io.BytesIO(b'{"a": 1}\n\n   \r\n{"b": 2}\r\n{"c": 3}')
    source = JsonLinesInput(stream, BatchLimits())
    assert len(source) == 3
    assert summary(source) == [
        ("第 1 行", b'{"a": 1}\n'),
        ("第 4 行", b'{"b": 2}\r\n'),
        ("第 5 行", b'{"c": 3}'),
    ]


def test_overlong_line_fails_alone() -> None:
    stream = io.BytesIO(b"x" * 10 + b"\n" + b"y" * 11 + b"\n" + b"z" * 10)
    source = JsonLinesInput(stream, BatchLimits(max_report_bytes=10))
    assert summary(source) == [
        ("第 1 行", b"x" * 10 + b"\n"),
        ("第 2 行", "input_too_large"),
        ("第 3 行", b"z" * 10),
    ]


@pytest.mark.parametrize(("count", "refused"), [(3, False), (4, True)])
def test_line_count_limit(count: int, refused: bool) -> None:
    stream = io.BytesIO(b"{}\n" * count)
    if refused:
        with pytest.raises(BatchTooLarge):
            JsonLinesInput(stream, BatchLimits(max_reports=3))
    else:
        assert len(JsonLinesInput(stream, BatchLimits(max_reports=3))) == count


def test_only_blank_lines_is_unusable() -> None:
    with pytest.raises(BatchUnusable):
        JsonLinesInput(io.BytesIO(b"\n \n"), BatchLimits())
