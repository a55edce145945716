"""The staff page 审核多份报告 (/reviews): this year's reports of every bureau (files, a folder's
files or a zip) and, optionally, last year's, queued as a review job; the job's page then shows
the review. Also the review page and workbook of a finished job (a review's, or the review
every batch zip carries), for the job page's frame and downloads.
"""

from __future__ import annotations

from flask import Response, redirect, render_template, request, url_for
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response as WerkzeugResponse

from service.batch import REVIEW_HTML, REVIEW_XLSX
from service.errors import GovReportError
from service.http.api.reviews import (
    PREVIOUS_FIELD,
    REPORTS_FIELD,
    counted,
    editor_link,
    review_file,
)
from service.http.state import current_jobs, current_settings, new_job, start_runner
from service.http.uploads import ZIP_KIND, store_reports
from service.http.web import csrf
from service.http.web.views import Notice, bp, chinese, size_text
from service.jobs.store import PREVIOUS, REVIEW, JobSpec

#: The review page may be framed by the job's page (nothing in it loads or runs).
FRAMED_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'self'"
)


def reviews_page(status: int = 200, notice: Notice | None = None) -> tuple[str, int]:
    """The form, with `notice` above it."""
    settings = current_settings()
    html = render_template(
        "web/reviews.html",
        csrf_token=csrf.token(),
        csrf_field=csrf.FIELD,
        notice=notice,
        max_reports=settings.batch.max_reports,
        max_size=size_text(settings.batch_max_body_bytes),
        reports_field=REPORTS_FIELD,
        previous_field=PREVIOUS_FIELD,
    )
    return html, status


@bp.get("/reviews")
def reviews() -> tuple[str, int]:
    """The empty form."""
    return reviews_page()


@bp.post("/reviews")
def review_submit() -> WerkzeugResponse | tuple[str, int]:
    """Queue the uploaded reports as a review job and go to its page; the form again with the
    reason when they cannot be used (none chosen, a corrupt zip, over a limit). Raises
    FormRefused for a bad CSRF token or another origin."""
    csrf.check_origin()
    settings = current_settings()
    request.max_content_length = settings.batch_max_body_bytes
    try:
        csrf.check_token(request.form.get(csrf.FIELD))
        with new_job() as (job_id, path):
            store_reports(request.files.getlist(REPORTS_FIELD), path, "本年报告")
            previous = None
            if any(upload.filename for upload in request.files.getlist(PREVIOUS_FIELD)):
                files = request.files.getlist(PREVIOUS_FIELD)
                previous = store_reports(files, path.with_name(PREVIOUS), "上年度报告")
            total = counted(path, ZIP_KIND)
            if previous is not None:
                counted(path.with_name(PREVIOUS), previous)
            spec = JobSpec(ZIP_KIND, total, False, task=REVIEW, previous=previous,
                           editor_link=editor_link(job_id))  # fmt: skip
            current_jobs().submit(job_id, spec)
    except RequestEntityTooLarge:
        limit = size_text(settings.batch_max_body_bytes)
        text = f"上传的文件超过 {limit} 的上限，未做处理。请分批审核。"
        return reviews_page(413, Notice("error", text))
    except GovReportError as error:  # a stale page's token too: the form comes back to resend
        return reviews_page(error.status, Notice("error", chinese(error.detail)))
    start_runner()
    return redirect(url_for("web.job_page", job_id=job_id), 303)


@bp.get("/jobs/<job_id>/review.html")
def job_review(job_id: str) -> Response:
    """The review page of a done job (a review's, or the one in a batch's zip), for the job
    page's frame; raises JobNotFound, JobNotReady."""
    response = review_file(job_id, REVIEW_HTML)
    response.headers["Content-Security-Policy"] = FRAMED_POLICY
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


@bp.get("/jobs/<job_id>/review.xlsx")
def job_review_workbook(job_id: str) -> Response:
    """The review workbook of a done review job; raises JobNotFound, JobNotReady."""
    return review_file(job_id, REVIEW_XLSX)
