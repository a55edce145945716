"""Jobs the pages queue: several valid reports rendered as a batch outside the request (the start
page), or every bureau's report reviewed (审核多份报告); GET /jobs/<id> shows its progress, then
its result: the review in a frame (a batch's zip carries one too) and the downloads (GET
/jobs/<id>/result, /jobs/<id>/review.html, /jobs/<id>/review.xlsx)."""

from __future__ import annotations

import zipfile

from flask import Response, render_template

from service.batch import REVIEW_HTML, REVIEW_XLSX, UniqueNames
from service.http.downloads import zip_file
from service.http.reviewjobs import editor_link, review_file
from service.http.state import current_jobs, new_job, start_runner
from service.http.uploads import entry_name
from service.http.web import bp
from service.http.web.inputs import Source
from service.jobs.store import FINISHED, REVIEW, JobSpec

#: The review page may be framed by the job's page (nothing in it loads or runs).
FRAMED_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'self'"
)


def queue(sources: list[Source], allow_inconsistent: bool) -> str:
    """Queue several valid reports as a batch job (a zip of them, each under its file's own
    name as a .json: ``entry_name``); returns the job's id. Raises StorageUnavailable."""
    names = UniqueNames()
    with new_job() as (job_id, path):
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for source in sources:
                archive.writestr(entry_name(source.name, names, ".json"), source.raw)
        spec = JobSpec("zip", len(sources), allow_inconsistent, editor_link=editor_link(job_id))
        current_jobs().submit(job_id, spec)
    start_runner()
    return job_id


@bp.get("/jobs/<job_id>")
def job_page(job_id: str) -> tuple[str, int]:
    """The progress of a job the pages queued (a batch or a review), then its result: the
    review page in a frame, and the downloads; raises JobNotFound."""
    jobs = current_jobs()
    status = jobs.status(job_id)
    if status.state not in FINISHED:
        start_runner()
    review = jobs.spec(job_id).task == REVIEW
    finished = status.state in FINISHED
    return render_template("web/job.html", job=status, finished=finished, review=review), 200


@bp.get("/jobs/<job_id>/result")
def job_result(job_id: str) -> Response:
    """The zip of a done job; raises JobNotFound, JobNotReady."""
    return zip_file(current_jobs().result(job_id))


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
