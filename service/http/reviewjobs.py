"""Review jobs as the API (POST /api/v1/reviews) and the staff page (审核多份报告) make and serve
them: the uploads stored in a new job of the store and counted against the batch limits before
it is queued, the editor's link for a report of a job, and a done job's page or workbook read
from its result (a review's, or the page every batch zip carries).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from flask import Response, url_for

from service.batch import REVIEW_HTML, open_upload
from service.errors import JobNotFound
from service.http.downloads import HTML_POLICY, XLSX_MIME, attachment, private
from service.http.state import current_jobs, current_settings, new_job, start_runner
from service.http.uploads import ZIP_KIND
from service.jobs.store import PREVIOUS, REVIEW, JobSpec, JobStatus

#: Writes this year's reports into the job's input (at the path given): their kind.
StoreReports = Callable[[Path], object]
#: Writes last year's reports beside it (at the path given): their kind, None when none.
StorePrevious = Callable[[Path], str | None]


def queue_review(reports: StoreReports, previous: StorePrevious) -> JobStatus:
    """A new review job: this year's reports and last year's stored by the callers, both
    counted as a batch is (refused before it is queued when over a limit), then submitted
    and its runner started. Raises BatchUnusable, BatchTooLarge, StorageUnavailable."""
    with new_job() as (job_id, path):
        reports(path)
        kind = previous(path.with_name(PREVIOUS))
        total = counted(path, ZIP_KIND)
        if kind is not None:
            counted(path.with_name(PREVIOUS), kind)
        spec = JobSpec(ZIP_KIND, total, False, task=REVIEW, previous=kind,
                       editor_link=editor_link(job_id))  # fmt: skip
        status = current_jobs().submit(job_id, spec)
    start_runner()
    return status


def counted(path: Path, kind: str) -> int:
    """How many reports a stored upload holds; raises BatchUnusable (corrupt, empty) or
    BatchTooLarge, as a batch's upload is counted."""
    settings = current_settings()
    with path.open("rb") as stream, open_upload(
        kind, stream, settings.batch, settings.imports.zips
    ) as source:
        return len(source)


def editor_link(job_id: str) -> str:
    """Where the staff pages' editor opens a report of job `job_id` (its index appended)."""
    return url_for("web.editor", job=job_id) + "&report="


def is_review(job_id: str) -> bool:
    """Whether job `job_id` is a review; raises JobNotFound."""
    return current_jobs().spec(job_id).task == REVIEW


def review_file(job_id: str, name: str) -> Response:
    """``review.html`` (shown; nothing in it loads or runs) or ``review.xlsx`` (a download)
    from a done job's result; raises JobNotFound (also for a job without it), JobNotReady."""
    with zipfile.ZipFile(current_jobs().result(job_id)) as archive:
        try:
            data = archive.read(name)
        except KeyError:
            raise JobNotFound() from None
    if name == REVIEW_HTML:
        response = Response(data, mimetype="text/html")
        response.headers["Content-Security-Policy"] = HTML_POLICY
    else:
        response = Response(io.BytesIO(data), mimetype=XLSX_MIME)
        response.headers["Content-Disposition"] = attachment(
            "政府信息公开工作年度报告审核.xlsx", "review.xlsx"
        )
    return private(response)
