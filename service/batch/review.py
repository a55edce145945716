"""Reviewing many reports: every input of a batch checked (nothing rendered) by the batch's own
workers, against last year's report of its bureau, and handed to the review writer
(``service.review``) as it finishes; then ``review.html`` and ``review.xlsx``.

Also how a batch's own results become the review's rows, so that every batch zip carries the
review beside its summary (``service.batch.archive``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from service.batch.pool import Done, Task, run_in_processes, run_inline
from service.batch.previous import PreviousReports, WithPreviousInput
from service.batch.sources import BatchInput
from service.batch.worker import BatchTask
from service.reading.limits import DEFAULT_IMPORT_LIMITS, ImportLimits
from service.review import DEFAULT_REVIEW_OPTIONS, Reviewed, ReviewOptions, ReviewWriter

REVIEW_HTML = "review.html"
REVIEW_XLSX = "review.xlsx"

OnReviewed = Callable[[Reviewed], None]


def reviewed(done: Done) -> Reviewed:
    """A finished input as the review takes it."""
    outcome = done.outcome
    return Reviewed(
        done.index, done.id, outcome.organization, outcome.year, outcome.format, outcome.read,
        outcome.errors, outcome.warnings, outcome.figures, outcome.previous,
    )  # fmt: skip


def review_writer(
    previous: PreviousReports | None, options: ReviewOptions, *, workbook: bool
) -> ReviewWriter:
    """A review writer that knows last year's reports (their sums, who is missing); raises
    OSError when a temporary file cannot be written."""
    writer = ReviewWriter(options, workbook=workbook)
    if previous is not None:
        try:
            for last in previous.last_years():
                writer.add_last_year(last)
        except BaseException:
            writer.close()
            raise
    return writer


@contextlib.contextmanager
def reviewing(
    source: BatchInput,
    task: Task,
    jobs: int,
    *,
    previous: PreviousReports | None = None,
    options: ReviewOptions = DEFAULT_REVIEW_OPTIONS,
    workbook: bool = True,
    imports: ImportLimits = DEFAULT_IMPORT_LIMITS,
    on_row: OnReviewed | None = None,
) -> Iterator[ReviewWriter]:
    """Check every input of `source` (in `jobs` worker processes, or in this one) against last
    year's reports, each handed to the review writer as it finishes; yields the writer, whose
    ``write`` makes the page (and with `workbook` the workbook) in the block. `task` must check
    only (a BatchTask without outputs that lets inconsistencies through, so that their figures
    are read). Raises OSError, TemplateProblem, and whatever `on_row` raises (the review is then
    abandoned); the writer's temporary files are removed when the block ends."""
    writer = review_writer(previous, options, workbook=workbook)
    try:
        if previous is not None:
            source = WithPreviousInput(source, previous, imports)
        if jobs > 1:
            assert isinstance(task, BatchTask), "worker processes take a picklable BatchTask"
            results = run_in_processes(source, task, jobs)
        else:
            results = run_inline(source, task)
        with contextlib.closing(results):  # stops the worker processes at once on a failure
            for done in results:
                row = reviewed(done)
                writer.add(row)
                if on_row is not None:
                    on_row(row)
        yield writer
    finally:
        writer.close()
