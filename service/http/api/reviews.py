"""POST /api/v1/reviews: many reports in (a zip, or the files themselves) with last year's
reports beside them, the disclosure office's review out (review.html and review.xlsx) as a job
like a batch's; its status, cancel and results under /api/v1/reviews/{id}.

The job is the batch's own (``service.jobs``): the upload is stored in the job's folder, counted
against the batch limits before it is queued, and the job runner checks every report (nothing
rendered) and writes the review.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Response, jsonify, request, url_for
from flask_smorest import Blueprint

from service.batch import REVIEW_HTML, REVIEW_XLSX
from service.errors import JobNotFound, UnsupportedMediaType
from service.http.api.batches import ZIP_MIMES, receive
from service.http.api.wire import UNAUTHORIZED, ReviewStatusSchema, problem
from service.http.downloads import XLSX_MIME, ZIP_MIME, attachment, private
from service.http.reviewjobs import is_review, queue_review, review_file
from service.http.state import current_jobs, current_settings, start_runner
from service.http.tokens import require_token
from service.http.uploads import store_previous, store_reports
from service.jobs.store import FINISHED, JobStatus

blp = Blueprint("reviews", __name__, description="审核多份报告 / review many reports at once")
blp.before_request(require_token)

MULTIPART = "multipart/form-data"
#: The form fields of a multipart upload: this year's reports and last year's.
REPORTS_FIELD = "reports"
PREVIOUS_FIELD = "previous"
_BINARY = {"type": "string", "format": "binary"}
_FILES = {"type": "array", "items": _BINARY}
_NO_SUCH_JOB = "没有这个审核任务（或已过保留期限） / no such review job (or it expired)"


@blp.route("", methods=["POST"])
@blp.doc(
    summary="审核多份报告 / review many reports (a job)",
    description=(
        "This year's reports as a zip (`application/zip`: `.json`, `.docx` and `.xlsx` files, "
        "one report each), or as a multipart upload: `reports` (the files, or one zip) and, "
        "optionally, `previous` (last year's reports, the files or one zip): each report is "
        "compared with last year's report of its bureau. Nothing is rendered; the result is "
        "`review.html` (the review page) and `review.xlsx` (概览, 合计, 明细)."
    ),
    requestBody={
        "required": True,
        "content": {
            ZIP_MIME: {"schema": _BINARY},
            MULTIPART: {
                "schema": {
                    "type": "object",
                    "properties": {REPORTS_FIELD: _FILES, PREVIOUS_FIELD: _FILES},
                    "required": [REPORTS_FIELD],
                }
            },
        },
    },
)
@blp.alt_response(
    202,
    schema=ReviewStatusSchema,
    description="任务已排队；Location 为其状态地址 / queued; Location is the job's status URL",
    headers={"Location": {"schema": {"type": "string"}}},
)
@problem(blp, 401, UNAUTHORIZED)
@problem(blp, 413, "超出批量限制 / over a batch limit (GOV_REPORT_BATCH_*)")
@problem(blp, 415, "请求体类型不支持 / not a zip or a multipart upload")
@problem(blp, 422, "报告无法使用 / no reports, a corrupt zip")
@problem(blp, 503, "服务器暂存空间不足 / the upload could not be stored (disk full)")
def create_review() -> Response:
    """Queue a review job (202, Location: its status); raises BatchTooLarge, BatchUnusable,
    UnsupportedMediaType, StorageUnavailable."""
    settings = current_settings()
    request.max_content_length = settings.batch_max_body_bytes
    if request.mimetype in ZIP_MIMES:

        def reports(path: Path) -> None:
            with path.open("w+b") as upload:
                receive(upload, settings.batch_max_body_bytes)

        status = queue_review(reports, lambda _: None)
    elif request.mimetype == MULTIPART:
        status = queue_review(
            lambda path: store_reports(request.files.getlist(REPORTS_FIELD), path),
            lambda path: store_previous(request.files.getlist(PREVIOUS_FIELD), path),
        )
    else:
        given = request.content_type or "（无 / none）"
        raise UnsupportedMediaType(
            f"请求体须为 zip（application/zip）或 multipart/form-data，收到 {given} / "
            f"the body must be a zip or a multipart upload, got {given}"
        )
    response = jsonify(status_body(status))
    response.status_code = 202
    response.headers["Location"] = url_for("reviews.review_status", job_id=status.id)
    return response


def review_job(job_id: str) -> JobStatus:
    """The status of review job `job_id`; raises JobNotFound (for a batch's id too)."""
    if not is_review(job_id):
        raise JobNotFound()
    return current_jobs().status(job_id)


def _job_answers(function: Any) -> Any:
    """Document the problems every /reviews/{id} endpoint can answer."""
    for answer in (problem(blp, 401, UNAUTHORIZED), problem(blp, 404, _NO_SUCH_JOB)):
        function = answer(function)
    return function


@blp.route("/<job_id>", methods=["GET"])
@blp.doc(summary="审核任务状态 / where a review job stands")
@blp.response(200, ReviewStatusSchema)
@_job_answers
def review_status(job_id: str) -> Response:
    """The job's state and progress (``failed``: reports that cannot be issued as they are);
    raises JobNotFound."""
    status = review_job(job_id)
    if status.state not in FINISHED:
        start_runner()  # in case the runner died: the job is picked up again
    return private(jsonify(status_body(status)))


@blp.route("/<job_id>", methods=["DELETE"])
@blp.doc(summary="取消审核任务 / cancel a review job")
@blp.response(200, ReviewStatusSchema)
@_job_answers
def cancel_review(job_id: str) -> Response:
    """Cancel the job (a finished one is left as it is); raises JobNotFound."""
    review_job(job_id)
    return private(jsonify(status_body(current_jobs().cancel(job_id))))


@blp.route("/<job_id>/result", methods=["GET"])
@blp.doc(summary="审核结果（zip） / the review page and workbook in a zip")
@blp.alt_response(200, schema=_BINARY, content_type=ZIP_MIME, description="the zip")
@_job_answers
@problem(blp, 409, "任务尚未完成 / the job is not done")
def review_result(job_id: str) -> Response:
    """review.html and review.xlsx in a zip; raises JobNotFound, JobNotReady."""
    review_job(job_id)
    response = Response(current_jobs().result(job_id).read_bytes(), mimetype=ZIP_MIME)
    response.headers["Content-Disposition"] = attachment("政府信息公开工作年度报告审核.zip",
                                                         "review.zip")  # fmt: skip
    return private(response)


@blp.route("/<job_id>/review.html", methods=["GET"])
@blp.doc(summary="审核页 / the review page")
@blp.alt_response(200, schema={"type": "string"}, content_type="text/html",
                  description="the review page")  # fmt: skip
@_job_answers
@problem(blp, 409, "任务尚未完成 / the job is not done")
def review_page(job_id: str) -> Response:
    """The review page of a done job; raises JobNotFound, JobNotReady."""
    review_job(job_id)
    return review_file(job_id, REVIEW_HTML)


@blp.route("/<job_id>/review.xlsx", methods=["GET"])
@blp.doc(summary="审核汇总表 / the review workbook")
@blp.alt_response(200, schema=_BINARY, content_type=XLSX_MIME, description="the workbook")
@_job_answers
@problem(blp, 409, "任务尚未完成 / the job is not done")
def review_workbook(job_id: str) -> Response:
    """The review workbook of a done job; raises JobNotFound, JobNotReady."""
    review_job(job_id)
    return review_file(job_id, REVIEW_XLSX)


def status_body(status: JobStatus) -> dict[str, Any]:
    """The wire form of a review job's status: the batch's, with its page and workbook."""
    done = status.state == "done"

    def link(endpoint: str) -> str | None:
        return url_for(f"reviews.{endpoint}", job_id=status.id) if done else None

    return {
        "id": status.id,
        "state": status.state,
        "done": status.done,
        "total": status.total,
        "failed": status.failed,
        "result": link("review_result"),
        "page": link("review_page"),
        "workbook": link("review_workbook"),
        "error": status.error,
    }
