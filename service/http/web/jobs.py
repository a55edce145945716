"""Jobs the start page queues: several valid reports rendered as a batch outside the request;
GET /jobs/<id> shows its progress, then the link to its zip (GET /jobs/<id>/result)."""

from __future__ import annotations

import zipfile

from flask import Response, render_template

from service.batch import UniqueNames
from service.http.downloads import zip_file
from service.http.state import current_jobs, new_job, start_runner
from service.http.web import bp
from service.http.web.inputs import Source, own_name
from service.jobs.store import FINISHED, JobSpec
from service.reading.safezip import unsafe_name


def queue(sources: list[Source], allow_inconsistent: bool) -> str:
    """Queue several valid reports as a batch job (a zip of them, each under its file's own
    name: _entry_name); returns the job's id. Raises StorageUnavailable."""
    names = UniqueNames()
    with new_job() as (job_id, path):
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for source in sources:
                archive.writestr(_entry_name(source.name, names), source.raw)
        current_jobs().submit(job_id, JobSpec("zip", len(sources), allow_inconsistent))
    start_runner()
    return job_id


def _entry_name(uploaded: str, names: UniqueNames) -> str:
    """The name of a report in its job's zip: the uploaded file's own name as a .json, unique
    in the zip. Leading dots go (the batch skips hidden entries), and a name the batch would
    refuse (a drive, control characters) or nothing left is ``report.json``."""
    name = own_name(uploaded).lstrip(".")
    if not name or unsafe_name(name):
        name = "report"
    return names.claim(name if name.lower().endswith(".json") else f"{name}.json")


@bp.get("/jobs/<job_id>")
def job_page(job_id: str) -> tuple[str, int]:
    """The progress of a batch job the page queued, then the link to its zip; JobNotFound."""
    status = current_jobs().status(job_id)
    if status.state not in FINISHED:
        start_runner()
    return render_template("web/job.html", job=status, finished=status.state in FINISHED), 200


@bp.get("/jobs/<job_id>/result")
def job_result(job_id: str) -> Response:
    """The zip of a done job; raises JobNotFound, JobNotReady."""
    return zip_file(current_jobs().result(job_id))
