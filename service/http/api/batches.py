"""POST /api/v1/batches: many reports in (JSON array, NDJSON or zip) as a job; its status,
cancel and result under /api/v1/batches/{id}.

The upload is written to the job's folder while it is counted against the body limit, then
opened and counted against the batch limits (a JSON array element by element, never parsed
whole): a batch over a limit is refused (413/422) before it is queued. The job is rendered
outside the request by the job runner (service.jobs.runner) in processes of its own, so
batches never hold an HTTP worker or slow single renders. ``?stream=true`` keeps the old
answer, the zip streamed as it is made, for small batches only (GOV_REPORT_BATCH_STREAM_*).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import tempfile
from collections.abc import Iterator
from typing import IO, Any

from flask import Response, jsonify, request, stream_with_context, url_for
from flask_smorest import Blueprint

from service.batch import open_upload, stream_batch
from service.errors import BatchTooLarge, StorageUnavailable, UnsupportedMediaType
from service.http.api.wire import UNAUTHORIZED, BatchQuerySchema, JobStatusSchema, problem
from service.http.body import JSON_MIME
from service.http.downloads import ZIP_MIME, private, zip_download, zip_file
from service.http.state import (
    current_budget,
    current_jobs,
    current_settings,
    new_job,
    start_runner,
)
from service.http.tokens import require_token
from service.jobs.store import FINISHED, JobSpec, JobStatus

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
@blp.arguments(BatchQuerySchema, location="query", as_kwargs=True, error_status_code=400)
@blp.doc(
    summary="批量生成报告 / render many reports into one zip (a job)",
    description=(
        "A JSON array of reports, NDJSON (one report per line), or a zip of `.json` reports, "
        "Word reports (`.docx`, read as POST /api/v1/imports reads them) and filled workbooks "
        "(`.xlsx`), one report per file."
    ),
    requestBody={
        "required": True,
        "content": {
            JSON_MIME: {"schema": _ARRAY},
            "application/x-ndjson": {"schema": {"type": "string"}},
            ZIP_MIME: {"schema": _BINARY},
        },
    },
)
@blp.alt_response(
    202,
    schema=JobStatusSchema,
    description="任务已排队；Location 为其状态地址 / queued; Location is the job's status URL",
    headers={"Location": {"schema": {"type": "string"}}},
)
@blp.alt_response(
    200,
    schema=_BINARY,
    content_type=ZIP_MIME,
    description="仅 stream=true：zip，每份有效报告一个 .docx，最后是清单 / only with stream=true:"
    " the zip, a .docx per valid report, manifest.json and manifest.csv last",
)
@problem(blp, 401, UNAUTHORIZED)
@problem(blp, 413, "超出批量限制 / over a batch limit (GOV_REPORT_BATCH_*)")
@problem(blp, 415, "请求体类型不支持 / not JSON, NDJSON or zip")
@problem(blp, 422, "批量输入无法使用 / not a JSON array, corrupt zip, or empty")
@problem(blp, 503, "服务器暂存空间不足 / the upload could not be stored (disk full)")
def create_batch(allow_inconsistent: bool, stream: bool) -> Response:
    """Queue a batch job (202, Location: its status), or with ``stream`` answer the zip itself;
    raises BatchTooLarge, BatchUnusable, UnsupportedMediaType, StorageUnavailable."""
    settings = current_settings()
    request.max_content_length = settings.batch_max_body_bytes
    kind = _kind()
    if stream:
        return _streamed(kind, allow_inconsistent)
    with new_job() as (job_id, path):
        with path.open("w+b") as upload:
            receive(upload, settings.batch_max_body_bytes)
            with open_upload(kind, upload, settings.batch, settings.imports.zips) as source:
                total = len(source)
        status = current_jobs().submit(job_id, JobSpec(kind, total, allow_inconsistent))
    start_runner()
    response = jsonify(status_body(status))
    response.status_code = 202
    response.headers["Location"] = url_for("batches.job_status", job_id=job_id)
    return response


def _job_answers(function: Any) -> Any:
    """Document the problems every /batches/{id} endpoint can answer."""
    for answer in (problem(blp, 401, UNAUTHORIZED), problem(blp, 404, _NO_SUCH_JOB)):
        function = answer(function)
    return function


_NO_SUCH_JOB = "没有这个任务（或已过保留期限） / no such job (or it expired)"


@blp.route("/<job_id>", methods=["GET"])
@blp.doc(summary="批量任务状态 / where a batch job stands")
@blp.response(200, JobStatusSchema)
@_job_answers
def job_status(job_id: str) -> Response:
    """The job's state and progress; raises JobNotFound."""
    status = current_jobs().status(job_id)
    if status.state not in FINISHED:
        start_runner()  # in case the runner died: the job is picked up again
    return private(jsonify(status_body(status)))


@blp.route("/<job_id>", methods=["DELETE"])
@blp.doc(summary="取消批量任务 / cancel a batch job")
@blp.response(200, JobStatusSchema)
@_job_answers
def cancel_job(job_id: str) -> Response:
    """Cancel the job (a finished one is left as it is); raises JobNotFound."""
    return private(jsonify(status_body(current_jobs().cancel(job_id))))


@blp.route("/<job_id>/result", methods=["GET"])
@blp.doc(summary="批量任务结果 / the zip of a done job")
@blp.alt_response(200, schema=_BINARY, content_type=ZIP_MIME, description="the zip")
@_job_answers
@problem(blp, 409, "任务尚未完成 / the job is not done")
def job_result(job_id: str) -> Response:
    """The zip of a done job; raises JobNotFound, JobNotReady."""
    return zip_file(current_jobs().result(job_id))


def status_body(status: JobStatus) -> dict[str, Any]:
    """The wire form of a job's status (shared with the staff page's progress)."""
    done = status.state == "done"
    return {
        "id": status.id,
        "state": status.state,
        "done": status.done,
        "total": status.total,
        "failed": status.failed,
        "result": url_for("batches.job_result", job_id=status.id) if done else None,
        "error": status.error,
    }


def _streamed(kind: str, allow_inconsistent: bool) -> Response:
    """The old answer: the zip streamed as it is made, for a batch small enough to finish
    within the worker's time (GOV_REPORT_BATCH_STREAM_*)."""
    settings = current_settings()
    cleanup = contextlib.ExitStack()
    with cleanup:
        spool = cleanup.enter_context(
            tempfile.SpooledTemporaryFile(max_size=_SPOOL_IN_MEMORY)  # noqa: SIM115
        )
        receive(spool, settings.batch_max_body_bytes)
        source = cleanup.enter_context(
            open_upload(kind, spool, settings.batch, settings.imports.zips)
        )
        if len(source) > settings.batch_stream_max_reports:
            raise BatchTooLarge(
                f"流式批量最多 {settings.batch_stream_max_reports} 份报告，本次 {len(source)} 份；"
                "请去掉 stream=true，以任务方式提交 / a streamed batch holds at most "
                f"{settings.batch_stream_max_reports} reports, this one {len(source)}: "
                "submit it as a job (without stream=true)"
            )
        task = functools.partial(
            current_budget().run, settings.batch_task(allow_inconsistent)
        )
        chunks = stream_batch(source, task, settings.batch_stream_seconds)
        owned = cleanup.pop_all()
    # The zip is made as the server sends it, after this view returned: the request's context
    # stays with it, so that a render stopped at its deadline marks the request (the budget).
    response = zip_download(stream_with_context(_closing(owned, chunks)))
    response.call_on_close(owned.close)
    return response


def _closing(cleanup: contextlib.ExitStack, chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The chunks, the upload's spool closed when they end (or are dropped unread to the end:
    a client may never close its response)."""
    with cleanup:
        yield from chunks


def _kind() -> str:
    """The upload's kind by its Content-Type; raises UnsupportedMediaType."""
    mimetype = request.mimetype
    if mimetype == JSON_MIME:
        return "json"
    if mimetype in NDJSON_MIMES:
        return "jsonl"
    if mimetype in ZIP_MIMES:
        return "zip"
    given = request.content_type or "（无 / none）"
    raise UnsupportedMediaType(
        "请求体须为 JSON 数组（application/json）、NDJSON（application/x-ndjson）或 zip"
        f"（application/zip），收到 {given} / the body must be a JSON array, NDJSON or a zip,"
        f" got {given}"
    )


def receive(spool: IO[bytes], limit: int) -> None:
    """Copy the request body into `spool` (rewound after), never more than `limit` bytes;
    raises BatchTooLarge past it (chunked bodies too), StorageUnavailable when the spool cannot
    be written (disk full)."""
    received = 0
    while chunk := request.stream.read(_COPY_CHUNK):
        received += len(chunk)
        if received > limit:
            raise _over_body_limit(limit)
        try:
            spool.write(chunk)
        except OSError as exc:  # the spool cannot be written (disk full)
            log.error("cannot spool a batch upload: %r", exc)
            raise StorageUnavailable() from exc
    # werkzeug ends a chunked body at max_content_length without an error: a body that fills
    # the limit may have been cut, so it is refused rather than read truncated.
    if request.content_length is None and received >= limit:
        raise _over_body_limit(limit)
    spool.seek(0)


def _over_body_limit(limit: int) -> BatchTooLarge:
    """The error for a batch body over GOV_REPORT_BATCH_MAX_BODY_BYTES."""
    return BatchTooLarge(
        f"请求体超过 {limit} 字节 / the request body exceeds {limit} bytes"
    )

