"""POST /api/v1/batches: many reports in (JSON array, NDJSON or zip), one zip streamed back.

How rendering runs: in the request's own thread, one report at a time, each through the app's
render time budget (the bounded thread pool single renders use, with its per-render time limit).
A batch therefore holds at most one render slot and one core at any moment, and single-report
requests keep being served beside it. Memory stays bounded: zip and NDJSON bodies are spooled
to a temporary file, reports are read one by one, each document goes into the response as soon
as it is rendered. Every limit is checked before the response starts: a batch over one gets a
413 or 422 problem and no work is done.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import shutil
import tempfile
from typing import IO

from flask import Response, request
from flask_smorest import Blueprint

from service.batch.inputs import JsonLinesInput
from service.batch.limits import BatchLimits
from service.batch.pool import make_task
from service.batch.runner import stream_batch
from service.batch.sources import BatchInput, open_json_array
from service.batch.zipinput import open_zip
from service.errors import StorageUnavailable, UnsupportedMediaType
from service.http.api.auth import require_token
from service.http.api.body import JSON_MIME
from service.http.api.wire import UNAUTHORIZED, RenderQuerySchema, problem
from service.http.downloads import zip_download
from service.http.state import current_budget, current_settings

NDJSON_MIMES = frozenset({"application/x-ndjson", "application/jsonl"})
ZIP_MIMES = frozenset({"application/zip", "application/x-zip-compressed"})

log = logging.getLogger(__name__)

_SPOOL_IN_MEMORY = 1024 * 1024
_COPY_CHUNK = 64 * 1024

blp = Blueprint("batches", __name__, description="批量生成 / render many reports at once")
blp.before_request(require_token)


_ARRAY = {"type": "array", "items": {"$ref": "#/components/schemas/Report"}}
_BINARY = {"type": "string", "format": "binary"}


@blp.route("", methods=["POST"])
@blp.arguments(RenderQuerySchema, location="query", as_kwargs=True, error_status_code=400)
@blp.doc(
    summary="批量生成报告 / render many reports into one zip",
    requestBody={
        "required": True,
        "content": {
            JSON_MIME: {"schema": _ARRAY},
            "application/x-ndjson": {"schema": {"type": "string"}},
            "application/zip": {"schema": _BINARY},
        },
    },
    responses={
        200: {
            "description": "zip: one .docx per valid report, manifest.json and manifest.csv last",
            "content": {"application/zip": {"schema": _BINARY}},
        },
    },
)
@problem(blp, 401, UNAUTHORIZED)
@problem(blp, 413, "超出批量限制 / over a batch limit (GOV_REPORT_BATCH_*)")
@problem(blp, 415, "请求体类型不支持 / not JSON, NDJSON or zip")
@problem(blp, 422, "批量输入无法使用 / not a JSON array, corrupt zip, or empty")
@problem(blp, 503, "服务器暂存空间不足 / the upload could not be stored (disk full)")
def create_batch(allow_inconsistent: bool) -> Response:
    """Stream the zip of a batch; raises BatchTooLarge, BatchUnusable, UnsupportedMediaType."""
    settings = current_settings()
    request.max_content_length = settings.batch_max_body_bytes
    cleanup = contextlib.ExitStack()
    with cleanup:
        source = _open_body(settings.batch, settings.limits.max_depth, cleanup)
        batch_task = make_task(
            allow_inconsistent,
            settings.limits,
            settings.template_dir,
            workbook_limits=settings.workbook,
        )
        task = functools.partial(current_budget().run, batch_task)
        response = zip_download(stream_batch(source, task))
        response.call_on_close(cleanup.pop_all().close)
    return response


def _open_body(limits: BatchLimits, max_depth: int, cleanup: contextlib.ExitStack) -> BatchInput:
    """Open the request body as a batch by its Content-Type; files go on `cleanup`."""
    mimetype = request.mimetype
    if mimetype == JSON_MIME:
        return open_json_array(request.get_data(cache=False), limits, max_depth)
    if mimetype in NDJSON_MIMES:
        return JsonLinesInput(_spooled_body(cleanup), limits)
    if mimetype in ZIP_MIMES:
        archive = open_zip(_spooled_body(cleanup), limits)
        cleanup.callback(archive.close)
        return archive
    given = request.content_type or "（无 / none）"
    raise UnsupportedMediaType(
        "请求体须为 JSON 数组（application/json）、NDJSON（application/x-ndjson）或 zip"
        f"（application/zip），收到 {given} / the body must be a JSON array, NDJSON or a zip,"
        f" got {given}"
    )


def _spooled_body(cleanup: contextlib.ExitStack) -> IO[bytes]:
    """Copy the request body into a temporary file (in memory while small), rewound; raises
    StorageUnavailable when the file cannot be written (disk full)."""
    spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL_IN_MEMORY)  # noqa: SIM115
    cleanup.enter_context(spool)  # closed with the response, or at once on an error
    try:
        shutil.copyfileobj(request.stream, _Writes(spool), _COPY_CHUNK)
        spool.seek(0)
    except _SpoolError as exc:
        log.error("cannot spool a batch upload: %r", exc.__cause__)
        raise StorageUnavailable() from exc
    return spool


class _SpoolError(Exception):
    """An OSError of the spool file, told apart from errors reading the request."""


class _Writes:
    """The spool as copyfileobj's destination, its OSErrors wrapped as _SpoolError."""

    def __init__(self, spool: IO[bytes]) -> None:
        self._spool = spool

    def write(self, data: bytes) -> int:
        """Write to the spool; raises _SpoolError."""
        try:
            return self._spool.write(data)
        except OSError as exc:
            raise _SpoolError() from exc
