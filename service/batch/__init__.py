"""Batch generation: many reports in (folder, zip, JSONL, JSON array), one zip out.

The zip holds one .docx per valid report and a manifest (JSON and CSV) of every input. The CLI
renders in worker processes (``write_batch_file``); HTTP renders in the request's own thread
while streaming the zip (``stream_batch``), so one request uses at most one core.
"""

from service.batch.limits import BatchLimits
from service.batch.manifest import ManifestRow, Summary
from service.batch.pool import make_task
from service.batch.runner import stream_batch, write_batch, write_batch_file
from service.batch.sources import BatchInput, open_json_array, open_path

__all__ = [
    "BatchInput",
    "BatchLimits",
    "ManifestRow",
    "Summary",
    "make_task",
    "open_json_array",
    "open_path",
    "stream_batch",
    "write_batch",
    "write_batch_file",
]
