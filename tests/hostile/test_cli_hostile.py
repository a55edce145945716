"""Hostile input to the ``gov-report`` command: exit 2 for unusable input, 1 for a bad report,
every problem printed with its code and path, and never an output file left half-written."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from service import cli
from tests.hostile.payloads import INVALID, UNREADABLE, Bad, dumps, example

EXIT_INVALID = 1
EXIT_UNUSABLE = 2


def write(tmp_path: Path, body: bytes) -> Path:
    source = tmp_path / "report.json"
    source.write_bytes(body)
    return source


@pytest.mark.parametrize(
    ("bad", "status"),
    [(bad, EXIT_UNUSABLE) for bad in UNREADABLE] + [(bad, EXIT_INVALID) for bad in INVALID],
    ids=[bad.id for bad in UNREADABLE + INVALID],
)
def test_bad_input_exits_with_its_status_and_lists_code_and_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], bad: Bad, status: int
) -> None:
    source = write(tmp_path, bad.body)
    assert cli.main(["validate", "--json", str(source)]) == status
    listed = json.loads(capsys.readouterr().out)
    assert (bad.code, bad.path) in [(issue["code"], issue["path"]) for issue in listed["errors"]]
    output = tmp_path / "out.docx"
    assert cli.main(["render", str(source), "-o", str(output)]) == status
    printed = capsys.readouterr().out
    assert f"位置 {bad.path or '(根)'} · {bad.code}" in printed
    assert list(tmp_path.iterdir()) == [source]  # no output, no temporary file


def test_disk_full_while_writing_leaves_no_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write(tmp_path, dumps(example()))
    output = tmp_path / "out.docx"
    real_fsync = os.fsync

    def full(descriptor: int) -> None:
        real_fsync(descriptor)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    assert cli.main(["render", str(source), "-o", str(output)]) == EXIT_UNUSABLE
    assert "无法写入文件" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == [source]
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert cli.main(["render", str(source), "-o", str(output)]) == 0  # nothing left broken
    assert output.stat().st_size > 0


def test_output_into_a_missing_folder_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path, dumps(example()))
    assert cli.main(["render", str(source), "-o", str(tmp_path / "no" / "x.docx")]) == 2
    assert "无法写入文件" in capsys.readouterr().err
