"""Batch jobs on disk: one folder per job under the job directory, shared by every process.

A job folder holds ``input`` (the uploaded batch, as received; a review may hold last year's
reports beside it as ``previous``), ``job.json`` (what it is: a batch or a review, input kind,
options, count) and ``status.json`` (state, progress, error), replaced atomically on each
change, and at the end ``result.zip`` (a batch's zip, or a review's page and workbook). A
``cancel`` file asks a running job to stop. Changes of state happen under the job's ``lock``
(flock), so a cancel and a start never cross.

The folder is the queue: HTTP workers add jobs, the job runner (service.jobs.runner) takes
the queued ones. Nothing lives in a process's memory, so jobs outlive any worker, and a job
whose runner died is queued again by the next runner. This is the seam for more machines: put
the job directory on shared storage, or replace ``JobStore.submit`` and the runner by a queue
(RQ or Celery with Redis) whose workers call ``run_job``.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
import shutil
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Literal

from service.errors import JobNotFound, JobNotReady
from service.files import write_atomically

State = Literal["queued", "running", "done", "failed", "cancelled"]
FINISHED: frozenset[State] = frozenset({"done", "failed", "cancelled"})
INPUT = "input"
#: Last year's reports of a review job (a zip), beside its input.
PREVIOUS = "previous"
RESULT = "result.zip"
#: What a job does: render a batch, or review the reports (``JobSpec.task``).
BATCH = "batch"
REVIEW = "review"
_JOB = "job.json"
_STATUS = "status.json"
_CANCEL = "cancel"
_LOCK = "lock"
_DRAFT_PREFIX = ".draft-"
#: A draft (an upload being received) older than this was abandoned by its request.
_DRAFT_SECONDS = 3600.0


@dataclass(frozen=True, slots=True)
class JobSpec:
    """What a job does: the input's kind (``json``, ``jsonl`` or ``zip``), its report count
    and the validation option; a batch or a review, with last year's reports (their kind) and
    where the editor opens a report of the job, when given."""

    kind: str
    total: int
    allow_inconsistent: bool
    task: str = BATCH
    """BATCH (render into a zip) or REVIEW (check and write the review)."""
    previous: str | None = None
    """The kind of the job's PREVIOUS input (last year's reports), None without one."""
    editor_link: str | None = None
    """The URL the index of a report of the job is appended to, to open it in the editor."""


@dataclass(frozen=True, slots=True)
class JobStatus:
    """Where a job stands; ``done`` counts finished reports, ``failed`` those without a document."""

    id: str
    state: State
    total: int
    done: int = 0
    failed: int = 0
    created: float = 0.0
    finished: float | None = None
    error: str | None = None
    attempt: int = 0
    """How many times a runner started the job; only the latest attempt may record progress."""

    def to_dict(self) -> dict[str, object]:
        """The status as stored (and, less the times, as the API shows it)."""
        return asdict(self)


def new_id() -> str:
    """A job id: 32 hex digits, unguessable (a job's URL is as private as its token)."""
    return secrets.token_hex(16)


def valid_id(job_id: str) -> bool:
    """True for a string that can be a job id (nothing else is ever used as a path)."""
    return len(job_id) == 32 and all(char in "0123456789abcdef" for char in job_id)


class JobStore:
    """The jobs under `root`; finished ones are removed `retention_seconds` after they end."""

    def __init__(self, root: Path, retention_seconds: float) -> None:
        self.root = root
        self.retention_seconds = retention_seconds

    def draft(self) -> tuple[str, Path]:
        """Create a job folder not yet visible to the runner; returns (id, its input path).
        Raises OSError when the directory cannot be written."""
        self.root.mkdir(parents=True, exist_ok=True)
        job_id = new_id()
        folder = self.root / (_DRAFT_PREFIX + job_id)
        folder.mkdir()
        return job_id, folder / INPUT

    def discard(self, job_id: str) -> None:
        """Remove a draft whose upload was refused."""
        shutil.rmtree(self.root / (_DRAFT_PREFIX + job_id), ignore_errors=True)

    def submit(self, job_id: str, spec: JobSpec) -> JobStatus:
        """Publish a draft as a queued job; raises OSError."""
        draft = self.root / (_DRAFT_PREFIX + job_id)
        status = JobStatus(job_id, "queued", spec.total, created=time.time())
        write_atomically(draft / _JOB, json.dumps(asdict(spec)).encode())
        write_atomically(draft / _STATUS, json.dumps(status.to_dict()).encode())
        (draft / _LOCK).touch()
        os.rename(draft, self.root / job_id)
        return status

    def spec(self, job_id: str) -> JobSpec:
        """What job `job_id` renders; raises JobNotFound."""
        return JobSpec(**json.loads(self._read(job_id, _JOB)))

    def status(self, job_id: str) -> JobStatus:
        """Where job `job_id` stands; raises JobNotFound."""
        return JobStatus(**json.loads(self._read(job_id, _STATUS)))

    def folder(self, job_id: str) -> Path:
        """The folder of job `job_id`; raises JobNotFound."""
        folder = self.root / job_id
        if not valid_id(job_id) or not folder.is_dir():
            raise JobNotFound()
        return folder

    def result(self, job_id: str) -> Path:
        """The zip of a done job; raises JobNotFound, JobNotReady while it is not done."""
        status = self.status(job_id)
        if status.state != "done":
            raise JobNotReady(status.state)
        return self.folder(job_id) / RESULT

    def cancel(self, job_id: str) -> JobStatus:
        """Stop a job: a queued one at once, a running one at its next report; returns the
        status. A finished job keeps its state. Raises JobNotFound."""
        with self._locked(job_id):
            status = self.status(job_id)
            if status.state in FINISHED:
                return status
            (self.folder(job_id) / _CANCEL).touch()
            if status.state == "queued":
                return self._write(replace(status, state="cancelled", finished=time.time()))
            return status

    def cancel_requested(self, job_id: str) -> bool:
        """True once a cancel of job `job_id` was asked for."""
        return (self.root / job_id / _CANCEL).exists()

    def claim(self, job_id: str) -> int | None:
        """Move a queued job to running; its attempt number, None when it is no longer queued
        (cancelled)."""
        with self._locked(job_id):
            status = self.status(job_id)
            if status.state != "queued":
                return None
            return self._write(replace(status, state="running", attempt=status.attempt + 1)).attempt

    def progress(self, job_id: str, attempt: int, done: int, failed: int) -> None:
        """Record how far attempt `attempt` of a running job is (a stale attempt is ignored)."""
        with self._locked(job_id):
            status = self.status(job_id)
            if status.state == "running" and status.attempt == attempt:
                self._write(replace(status, done=done, failed=failed))

    def finish(
        self, job_id: str, state: State, error: str | None = None, attempt: int | None = None
    ) -> JobStatus:
        """Record the end of a job (done, failed or cancelled); by `attempt` only if it is the
        latest one and still running."""
        with self._locked(job_id):
            status = self.status(job_id)
            if attempt is not None and (status.attempt, status.state) != (attempt, "running"):
                return status
            status = replace(status, state=state, finished=time.time(), error=error)
            if state == "done":
                status = replace(status, done=status.total)
            return self._write(status)

    def requeue(self, job_id: str) -> None:
        """Queue a job again from the start (its runner died while it ran)."""
        with self._locked(job_id):
            status = self.status(job_id)
            if status.state == "running":
                with contextlib.suppress(FileNotFoundError):
                    (self.root / job_id / RESULT).unlink()
                self._write(replace(status, state="queued", done=0, failed=0))

    def jobs(self) -> Iterator[JobStatus]:
        """Every published job, oldest first."""
        statuses = []
        with contextlib.suppress(FileNotFoundError):
            for entry in self.root.iterdir():
                if valid_id(entry.name):
                    with contextlib.suppress(JobNotFound, ValueError, TypeError):
                        statuses.append(self.status(entry.name))
        return iter(sorted(statuses, key=lambda status: status.created))

    def expire(self, now: float | None = None) -> int:
        """Remove jobs finished more than the retention time ago, and abandoned drafts; returns
        how many folders were removed."""
        now = time.time() if now is None else now
        removed = 0
        for status in self.jobs():
            if status.finished is not None and now - status.finished > self.retention_seconds:
                shutil.rmtree(self.root / status.id, ignore_errors=True)
                removed += 1
        with contextlib.suppress(FileNotFoundError):
            for entry in self.root.iterdir():
                if entry.name.startswith(_DRAFT_PREFIX):
                    with contextlib.suppress(FileNotFoundError):
                        if now - entry.stat().st_mtime > _DRAFT_SECONDS:
                            shutil.rmtree(entry, ignore_errors=True)
                            removed += 1
        return removed

    def _read(self, job_id: str, name: str) -> bytes:
        """One file of a job's folder; raises JobNotFound."""
        try:
            return (self.folder(job_id) / name).read_bytes()
        except FileNotFoundError:
            raise JobNotFound() from None

    def _write(self, status: JobStatus) -> JobStatus:
        """Replace a job's status file."""
        write_atomically(self.root / status.id / _STATUS, json.dumps(status.to_dict()).encode())
        return status

    @contextlib.contextmanager
    def _locked(self, job_id: str) -> Iterator[None]:
        """Hold the job's lock (across processes) for one change of state."""
        try:
            handle = os.open(self.folder(job_id) / _LOCK, os.O_RDWR)
        except FileNotFoundError:
            raise JobNotFound() from None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield
        finally:
            os.close(handle)
