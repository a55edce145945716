"""Round two, long batches: jobs outside the request, that outlive workers and runners.

Each test names the defect the second attack found, and failed before its fix.
"""

from __future__ import annotations

import io
import json
import os
import signal
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient

from service.jobs.runner import LOCK, runner_alive
from service.jobs.store import JobSpec, JobStore
from tests.hostile.payloads import dumps, example

URL = "/api/v1/batches"


def wait_for(client: FlaskClient, location: str, states: set[str], seconds: float = 120) -> Any:
    deadline = time.monotonic() + seconds
    while True:
        status = client.get(location).get_json()
        if status["state"] in states or time.monotonic() > deadline:
            return status
        time.sleep(0.1)


def many(count: int) -> bytes:
    return b"[" + b",".join([dumps(example())] * count) + b"]"


def test_a_batch_longer_than_the_worker_timeout_is_a_job_not_a_cut_stream(
    client: FlaskClient,
) -> None:
    """Defect: a batch needing more than gunicorn's timeout got a 200 and a zip without its
    manifest. Now the request only queues the job (202) and returns at once."""
    started = time.monotonic()
    response = client.post(URL, data=many(50), content_type="application/json")
    assert response.status_code == 202
    assert time.monotonic() - started < 30  # nothing rendered in the request
    status = wait_for(client, response.headers["Location"], {"done", "failed"})
    assert (status["state"], status["done"], status["total"]) == ("done", 50, 50)


def test_jobs_outlive_the_worker_that_took_them(make_client: Callable[..., FlaskClient]) -> None:
    """A job belongs to the job directory, not to the process that queued it."""
    first = make_client()
    location = first.post(URL, data=many(3), content_type="application/json").headers["Location"]
    second = make_client()  # another worker (or the same after a restart)
    assert wait_for(second, location, {"done"})["state"] == "done"


def test_a_job_whose_runner_dies_is_finished_by_the_next_runner(
    client: FlaskClient, job_dir: Path
) -> None:
    location = client.post(URL, data=many(1500), content_type="application/json").headers[
        "Location"
    ]
    running = wait_for(client, location, {"running", "done"})
    assert running["state"] == "running", "the job finished before the runner could be killed"
    pid = int((Path(job_dir) / LOCK).read_text())
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while runner_alive(Path(job_dir)) and time.monotonic() < deadline:
        time.sleep(0.05)
    status = wait_for(client, location, {"done", "failed"})  # the GET starts a new runner
    assert (status["state"], status["done"]) == ("done", 1500)
    with client.get(status["result"]) as result, zipfile.ZipFile(io.BytesIO(result.data)) as zip_:
        assert json.loads(zip_.read("manifest.json"))["summary"]["succeeded"] == 1500


def test_cancel_of_a_queued_job_is_immediate(tmp_path: Path) -> None:
    store = JobStore(tmp_path, retention_seconds=60)
    job_id, path = store.draft()
    path.write_bytes(b"[{}]")
    store.submit(job_id, JobSpec("json", 1, False))
    assert store.cancel(job_id).state == "cancelled"
    assert store.claim(job_id) is None  # a runner will not start it


def test_finished_jobs_are_removed_after_their_retention(tmp_path: Path) -> None:
    store = JobStore(tmp_path, retention_seconds=60)
    job_id, path = store.draft()
    path.write_bytes(b"[{}]")
    store.submit(job_id, JobSpec("json", 1, False))
    store.cancel(job_id)
    finished = store.status(job_id).finished
    assert finished is not None
    abandoned, _ = store.draft()
    assert store.expire(now=finished + 59) == 0
    assert store.expire(now=finished + 61 + 3600) == 2  # the job and the abandoned draft
    assert not (tmp_path / job_id).exists()
    assert not any(tmp_path.glob(f"*{abandoned}"))


def test_a_stale_attempt_cannot_overwrite_the_new_one(tmp_path: Path) -> None:
    store = JobStore(tmp_path, retention_seconds=60)
    job_id, path = store.draft()
    path.write_bytes(b"[{}]")
    store.submit(job_id, JobSpec("json", 1, False))
    first = store.claim(job_id)
    assert first == 1
    store.requeue(job_id)
    assert store.claim(job_id) == 2
    store.progress(job_id, first, 1, 1)
    store.finish(job_id, "failed", "old", attempt=first)
    assert (store.status(job_id).state, store.status(job_id).done) == ("running", 0)
