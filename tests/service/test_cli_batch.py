"""`gov-report batch`: folder, zip and JSONL inputs, exit codes, unusable inputs, limits."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from service.cli import EXIT_INVALID, EXIT_OK, EXIT_UNUSABLE, main
from tests.batch_helpers import (
    EVIL_NAME,
    BatchCase,
    check_output,
    jsonl_bytes,
    jsonl_ids,
    write_folder,
    zip_bytes,
)


def run(tmp_path: Path, source: Path, *options: str) -> tuple[int, Path]:
    output = tmp_path / "out.zip"
    return main(["batch", str(source), "-o", str(output), *options]), output


def test_folder_in_worker_processes(tmp_path: Path, mixed_batch: list[BatchCase]) -> None:
    folder = write_folder(mixed_batch, tmp_path / "in")
    code, output = run(tmp_path, folder, "--jobs", "2")
    assert code == EXIT_INVALID
    check_output(output.read_bytes(), mixed_batch, [case.name for case in mixed_batch])


def test_zip_with_unsafe_entry(tmp_path: Path, mixed_batch: list[BatchCase]) -> None:
    source = tmp_path / "in.zip"
    valid = mixed_batch[1].data
    source.write_bytes(zip_bytes(mixed_batch, [(EVIL_NAME, valid), ("__MACOSX/._a.json", b"x")]))
    code, output = run(tmp_path, source, "--jobs", "1")
    assert code == EXIT_INVALID
    evil = BatchCase(EVIL_NAME, valid, "failed", None, code="unsafe_entry_name")
    cases = [*mixed_batch, evil]
    check_output(output.read_bytes(), cases, [case.name for case in cases])
    assert not (tmp_path.parent / "evil.json").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.zip", "out.zip"]


def test_jsonl(tmp_path: Path, mixed_batch: list[BatchCase]) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(jsonl_bytes(mixed_batch))
    code, output = run(tmp_path, source, "--jobs", "1")
    assert code == EXIT_INVALID
    check_output(output.read_bytes(), mixed_batch, jsonl_ids(mixed_batch))


def test_all_valid_exits_0_and_reports_summary(
    tmp_path: Path, mixed_batch: list[BatchCase], capsys: pytest.CaptureFixture[str]
) -> None:
    valid = [case for case in mixed_batch if case.status == "ok"]
    code, output = run(tmp_path, write_folder(valid, tmp_path / "in"), "--jobs", "1")
    assert code == EXIT_OK
    check_output(output.read_bytes(), valid, [case.name for case in valid])
    captured = capsys.readouterr()
    assert "4 份成功 succeeded，0 份失败 failed，1 份有警告" in captured.out
    assert "已处理 / processed 4/4（100%）" in captured.err


def test_allow_inconsistent_turns_rules_into_warnings(
    tmp_path: Path, mixed_batch: list[BatchCase]
) -> None:
    inconsistent = mixed_batch[3]
    folder = write_folder([inconsistent], tmp_path / "in")
    code, output = run(tmp_path, folder, "--jobs", "1", "--allow-inconsistent")
    assert code == EXIT_OK
    with zipfile.ZipFile(output) as archive:
        assert len(archive.namelist()) == 5  # the document, manifests, summary, review


def _corrupt_zip(tmp_path: Path) -> Path:
    path = tmp_path / "in.zip"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    return path


def _text_file(tmp_path: Path) -> Path:
    path = tmp_path / "in.txt"
    path.write_text("{}")
    return path


def _empty_folder(tmp_path: Path) -> Path:
    path = tmp_path / "in"
    path.mkdir()
    return path


@pytest.mark.parametrize(
    ("make_input", "message"),
    [
        (lambda tmp: tmp / "missing.zip", "找不到输入"),
        (lambda tmp: tmp / "missing", "找不到输入"),
        (_text_file, "输入须为文件夹、.zip 或 .jsonl"),
        (_corrupt_zip, "压缩包已损坏"),
        (_empty_folder, "没有报告"),
    ],
)
def test_unusable_input_exits_2_without_output(
    tmp_path: Path,
    make_input: Callable[[Path], Path],
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source = make_input(tmp_path)
    code, output = run(tmp_path, source)
    assert code == EXIT_UNUSABLE
    assert message in capsys.readouterr().err
    assert not output.exists()


def test_over_the_configured_limit_exits_2(
    tmp_path: Path, mixed_batch: list[BatchCase], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOV_REPORT_BATCH_MAX_REPORTS", str(len(mixed_batch) - 1))
    code, output = run(tmp_path, write_folder(mixed_batch, tmp_path / "in"))
    assert code == EXIT_UNUSABLE
    assert not output.exists()


def test_missing_output_folder_exits_2(tmp_path: Path, mixed_batch: list[BatchCase]) -> None:
    folder = write_folder(mixed_batch, tmp_path / "in")
    assert main(["batch", str(folder), "-o", str(tmp_path / "no" / "out.zip")]) == EXIT_UNUSABLE
