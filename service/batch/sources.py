"""Choosing and opening the batch input: from a path (CLI) or from a request body (HTTP).

Raises BatchUnusable (missing, not a folder/zip/JSONL, corrupt, not a JSON array, empty) or
BatchTooLarge (over a limit), always before any report is processed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sized
from pathlib import Path
from typing import IO, Protocol

from service.batch.inputs import Entry, FolderInput, JsonLinesInput
from service.batch.jsonarray import JsonArrayInput
from service.batch.limits import BatchLimits
from service.batch.zipinput import open_zip
from service.errors import BatchUnusable
from service.files import FileRefused, open_regular
from service.reading.limits import ZipLimits

JSONL_SUFFIXES = (".jsonl", ".ndjson")


class BatchInput(Sized, Protocol):
    """The inputs of one batch: counted up front, read one by one."""

    def __iter__(self) -> Iterator[Entry]: ...


@contextlib.contextmanager
def open_path(path: Path, limits: BatchLimits, zips: ZipLimits) -> Iterator[BatchInput]:
    """Open a folder, a .zip (bounded by `zips`) or a .jsonl file as a batch; raises
    BatchUnusable (also for a FIFO or a device, never read) or BatchTooLarge."""
    if not path.exists():
        raise BatchUnusable(f"找不到输入 / no such file or folder: {path}")
    if path.is_dir():
        yield FolderInput(path, limits)
        return
    suffix = path.suffix.lower()
    if suffix != ".zip" and suffix not in JSONL_SUFFIXES:
        raise BatchUnusable(
            "输入须为文件夹、.zip 或 .jsonl 文件 / the input must be a folder, a .zip or a .jsonl"
        )
    try:
        stream = open_regular(path)
    except FileRefused as exc:  # a FIFO or a device: never read
        raise BatchUnusable(exc.detail) from None
    except OSError as exc:
        raise BatchUnusable(f"无法读取输入 / cannot read {path}: {exc.strerror}") from None
    with stream:
        if suffix == ".zip":
            archive = open_zip(stream, limits, zips)
            try:
                yield archive
            finally:
                archive.close()
        else:
            yield JsonLinesInput(stream, limits)


#: The kinds of batch upload (JSON array, NDJSON, zip), as an HTTP job records them.
UPLOAD_KINDS = ("json", "jsonl", "zip")


@contextlib.contextmanager
def open_upload(
    kind: str, stream: IO[bytes], limits: BatchLimits, zips: ZipLimits
) -> Iterator[BatchInput]:
    """Open a seekable upload of `kind` (UPLOAD_KINDS) as a batch, counted before any report
    is read; raises BatchUnusable or BatchTooLarge."""
    if kind == "json":
        yield JsonArrayInput(stream, limits)
    elif kind == "jsonl":
        yield JsonLinesInput(stream, limits)
    else:
        archive = open_zip(stream, limits, zips)
        try:
            yield archive
        finally:
            archive.close()
