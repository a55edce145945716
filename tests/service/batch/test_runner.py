"""A whole batch into a file (atomic) or a stream (chunks that make one zip)."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.batch.archive import BatchArchive
from service.batch.inputs import Entry
from service.batch.pool import make_task
from service.batch.runner import stream_batch, write_batch_file
from tests.batch_helpers import BatchCase, check_output


def entries(cases: list[BatchCase]) -> list[Entry]:
    return [Entry(case.name, case.data) for case in cases]


def test_failure_mid_write_leaves_no_file(
    tmp_path: Path, mixed_batch: list[BatchCase], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_add = BatchArchive.add
    calls = []

    def failing_add(self: BatchArchive, done: object) -> object:
        calls.append(done)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real_add(self, done)  # type: ignore[arg-type]

    monkeypatch.setattr(BatchArchive, "add", failing_add)
    output = tmp_path / "out.zip"
    with pytest.raises(OSError, match="No space"):
        write_batch_file(entries(mixed_batch), output, make_task(False), jobs=1)
    assert list(tmp_path.iterdir()) == []


def test_existing_output_kept_when_the_run_fails(
    tmp_path: Path, mixed_batch: list[BatchCase], monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "out.zip"
    output.write_bytes(b"previous run")

    def failing_close(self: BatchArchive, elapsed: float) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(BatchArchive, "close", failing_close)
    with pytest.raises(KeyboardInterrupt):
        write_batch_file(entries(mixed_batch), output, make_task(False), jobs=1)
    assert [p.name for p in tmp_path.iterdir()] == ["out.zip"]
    assert output.read_bytes() == b"previous run"


def test_stream_yields_one_chunk_per_document_then_the_manifest(
    mixed_batch: list[BatchCase],
) -> None:
    chunks = list(stream_batch(entries(mixed_batch), make_task(False), seconds=60))
    documents = sum(case.status == "ok" for case in mixed_batch)
    assert len(chunks) == documents + 1
    check_output(b"".join(chunks), mixed_batch, [case.name for case in mixed_batch])


def test_stream_past_its_time_lists_the_rest_as_not_processed(
    mixed_batch: list[BatchCase],
) -> None:
    cases = [BatchCase(case.name, case.data, "failed", None, code="not_processed")
             for case in mixed_batch]
    data = b"".join(stream_batch(entries(mixed_batch), make_task(False), seconds=0))
    check_output(data, cases, [case.name for case in mixed_batch])  # complete, manifest last
