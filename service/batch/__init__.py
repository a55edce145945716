"""Batch generation: many reports in (folder, zip, JSONL, JSON array), one zip out.

The zip holds each valid report's files (.docx, and HTML or PDF when asked for), then a
manifest (JSON and CSV) of every input, ``summary.xlsx`` and ``review.html``. A review
(``reviewing``) checks the same inputs without rendering and writes the disclosure office's
review (``service.review``). The CLI renders in worker
processes (``write_batch``); HTTP stores the batch as a job (``service.jobs``) whose runner
renders it in processes of its own (``write_batch_file``), or with ``?stream=true`` renders a
small batch in the request's own thread while streaming the zip (``stream_batch``).

What the floors above use is named here; the modules inside are this package's own.
"""

from service.batch.archive import UniqueNames, review_zip
from service.batch.inputs import DocumentFile, WorkbookFile, too_large
from service.batch.limits import DEFAULT_BATCH_LIMITS, BatchLimits
from service.batch.manifest import ManifestRow
from service.batch.pool import make_task
from service.batch.previous import PreviousReports, WithPreviousInput
from service.batch.progress import Progress
from service.batch.review import REVIEW_HTML, REVIEW_XLSX, review_writer, reviewing
from service.batch.runner import stream_batch, write_batch, write_batch_file
from service.batch.sources import BatchInput, open_path, open_upload
from service.batch.worker import BatchTask

__all__ = [
    "DEFAULT_BATCH_LIMITS",
    "REVIEW_HTML",
    "REVIEW_XLSX",
    "BatchInput",
    "BatchLimits",
    "BatchTask",
    "DocumentFile",
    "ManifestRow",
    "PreviousReports",
    "Progress",
    "UniqueNames",
    "WithPreviousInput",
    "WorkbookFile",
    "make_task",
    "open_path",
    "open_upload",
    "review_writer",
    "review_zip",
    "reviewing",
    "stream_batch",
    "too_large",
    "write_batch",
    "write_batch_file",
]
