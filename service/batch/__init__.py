"""Batch generation: many reports in (folder, zip, JSONL, JSON array), one zip out.

The zip holds each valid report's files (.docx, and HTML or PDF when asked for), then a
manifest (JSON and CSV) of every input and ``summary.xlsx``. The CLI renders in worker
processes (``runner.write_batch``); HTTP stores the batch as a job (``jobs``) that the job
runner renders in processes of its own (``jobrunner``), or with ``?stream=true`` renders a
small batch in the request's own thread while streaming the zip (``runner.stream_batch``).
Import the submodules directly: this package file stays empty so that configuration can read
the limits without loading the renderer.
"""
