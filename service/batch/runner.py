"""Running a whole batch: inputs through the workers into the output zip, file or stream."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

from service.batch.archive import BatchArchive, Chunks
from service.batch.inputs import Entry, input_problem
from service.batch.manifest import ManifestRow, Summary
from service.batch.pool import Task, run_in_processes, run_inline
from service.batch.sources import BatchInput
from service.batch.worker import BatchTask
from service.files import atomic_output
from service.review import ReviewWriter

OnRow = Callable[[ManifestRow], None]


def write_batch(
    source: BatchInput,
    stream: IO[bytes],
    task: Task,
    jobs: int,
    on_row: OnRow | None = None,
    review: ReviewWriter | None = None,
) -> Summary:
    """Process every input into a zip on `stream`; calls `on_row` as each input finishes.

    With `jobs` above 1 the reports go through that many worker processes; with 1 (or 0) they
    are processed in this process, which is the fastest way to use one core (no hand-over of
    reports and documents between processes). `review` is the writer of the zip's review (one
    that knows last year's reports; by default a plain one); it is closed with the zip.
    Raises OSError from the stream.
    """
    started = time.monotonic()
    archive = BatchArchive(stream) if review is None else BatchArchive(stream, review)
    if jobs > 1:
        assert isinstance(task, BatchTask), "worker processes take a picklable BatchTask"
        results = run_in_processes(source, task, jobs)
    else:
        results = run_inline(source, task)
    try:
        with contextlib.closing(results):  # stops the worker processes at once on a failure
            for done in results:
                row = archive.add(done)
                if on_row is not None:
                    on_row(row)
        return archive.close(time.monotonic() - started)
    except BaseException:
        archive.abandon()
        raise


def write_batch_file(
    source: BatchInput,
    output: Path,
    task: Task,
    jobs: int,
    on_row: OnRow | None = None,
    review: ReviewWriter | None = None,
) -> Summary:
    """Like write_batch into the file `output`, which appears only once complete."""
    with atomic_output(output) as stream:
        return write_batch(source, stream, task, jobs, on_row, review)


def stream_batch(source: BatchInput, task: Task, seconds: float) -> Iterator[bytes]:
    """Yield the output zip in chunks as reports are rendered one by one in this thread.

    Reports still waiting after `seconds` are not rendered but listed as ``not_processed``, so
    the zip always ends with its manifest before the worker's own timeout could cut it.
    """
    sink = Chunks()
    started = time.monotonic()
    archive = BatchArchive(sink)
    try:
        for done in run_inline(_until(source, started + seconds), task):
            archive.add(done)
            chunk = sink.take()
            if chunk:  # a failed report adds nothing before the manifest
                yield chunk
        archive.close(time.monotonic() - started)
    except BaseException:  # GeneratorExit too: the client went away
        archive.abandon()
        raise
    yield sink.take()


NOT_PROCESSED = input_problem(
    "not_processed",
    "流式批量用时已到上限，该报告未处理；请以任务方式提交 / not processed: the streamed batch"
    " ran out of time, submit it as a job",
)


def _until(entries: Iterable[Entry], deadline: float) -> Iterator[Entry]:
    """The entries, those coming after the monotonic `deadline` marked not processed."""
    for entry in entries:
        if time.monotonic() > deadline:
            entry = Entry(entry.id, problem=NOT_PROCESSED)
        yield entry
