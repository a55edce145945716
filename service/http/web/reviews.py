"""The staff page 审核多份报告 (/reviews): this year's reports of every bureau (files, a folder's
files or a zip) and, optionally, last year's, queued as a review job; the job's page then shows
the review (``jobs``).
"""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response as WerkzeugResponse

from service.errors import GovReportError
from service.http.reviewjobs import queue_review
from service.http.state import current_settings
from service.http.uploads import store_previous, store_reports
from service.http.web import Notice, bp, chinese, csrf, size_text

#: The form's file fields: this year's reports (files or a folder) and last year's.
REPORTS_FIELD = "reports"
PREVIOUS_FIELD = "previous"


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
    reason when they cannot be used (none chosen, a corrupt zip, over a limit, a stale page's
    token, another origin)."""
    settings = current_settings()
    request.max_content_length = settings.batch_max_body_bytes
    try:
        csrf.check_origin()
        csrf.check_token(request.form.get(csrf.FIELD))
        status = queue_review(
            lambda path: store_reports(request.files.getlist(REPORTS_FIELD), path, "本年报告"),
            lambda path: store_previous(request.files.getlist(PREVIOUS_FIELD), path),
        )
    except RequestEntityTooLarge:
        limit = size_text(settings.batch_max_body_bytes)
        text = f"上传的文件超过 {limit} 的上限，未做处理。请分批审核。"
        return reviews_page(413, Notice("error", text))
    except GovReportError as error:
        return reviews_page(error.status, Notice("error", chinese(error.detail)))
    return redirect(url_for("web.job_page", job_id=status.id), 303)
