"""Batch generation: many reports in (folder, zip, JSONL, JSON array), one zip out.

The zip holds one .docx per valid report and a manifest (JSON and CSV) of every input. The CLI
renders in worker processes (``runner.write_batch_file``); HTTP renders in the request's own
thread while streaming the zip (``runner.stream_batch``), so one request uses at most one core.
Import the submodules directly: this package file stays empty so that configuration can read
the limits without loading the renderer.
"""
