"""The job runner: the one process per job directory that runs queued jobs (batches, reviews).

HTTP workers only store jobs (service.jobs.store) and make sure a runner is alive
(``ensure_running``: it holds ``runner.lock`` for its life, so a free lock means none runs).
The runner starts each job in a child process of its own, at most ``GOV_REPORT_JOB_WORKERS`` at
once, at a lower CPU priority (nice) than the HTTP workers: single renders and /healthz stay
fast while batches run. It requeues jobs it finds running when it starts (their runner died),
removes expired jobs, and exits when the service that started it is gone or after a while with
nothing to do. Run by hand: ``python -m service.jobs.runner JOB_DIR --owner PID``.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import functools
import logging
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Sequence
from multiprocessing.process import BaseProcess
from pathlib import Path

from service import documents
from service.batch import (
    BatchInput,
    PreviousReports,
    open_upload,
    review_writer,
    review_zip,
    reviewing,
    write_batch_file,
)
from service.config import Settings
from service.deadline import Deadline
from service.errors import GovReportError
from service.files import atomic_output
from service.jobs.store import FINISHED, INPUT, PREVIOUS, RESULT, REVIEW, JobSpec, JobStore
from service.review import ReviewOptions

log = logging.getLogger(__name__)

LOCK = "runner.lock"
#: How much less CPU priority batch renders get than the HTTP workers (nice increment).
NICENESS = 10
_POLL_SECONDS = 0.2
_PROGRESS_SECONDS = 0.5
_EXPIRE_SECONDS = 60.0
#: Seconds with no job queued or running after which the runner exits (started again on need).
IDLE_SECONDS = 300.0

#: Runners this process started (process id: job directory), reaped once they end (no
#: zombies, no Popen left to warn).
_started: dict[int, Path] = {}
#: The runner's command: it lowers its priority before importing anything, so that even its
#: start (a second of imports) does not take CPU from the HTTP workers.
_BOOT = (
    f"import os, runpy; os.nice({NICENESS}); "
    "runpy.run_module('service.jobs.runner', run_name='__main__')"
)
#: How long a starting runner tries to take the lock held for a moment by a check.
_LOCK_SECONDS = 2.0


def runner_alive(root: Path) -> bool:
    """True while some process holds the runner lock of job directory `root`."""
    root.mkdir(parents=True, exist_ok=True)
    handle = os.open(root / LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        # Shared: checks never exclude each other, and a starting runner that meets one
        # tries again (_take_lock).
        fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(handle)  # also releases the lock if it was taken here
    return False


def ensure_running(root: Path, owner: int) -> None:
    """Start a runner for `root` unless one is alive; it stops when process `owner` is gone.
    Raises OSError when the job directory cannot be used."""
    for pid in list(_started):
        if os.waitpid(pid, os.WNOHANG)[0]:
            del _started[pid]
    # One this process started is still alive: running, or still importing before it takes
    # the lock (a second during which every check would find the lock free).
    if root in _started.values() or runner_alive(root):
        return
    command = [sys.executable, "-c", _BOOT, str(root), "--owner", str(owner)]
    # Its own process group: a Ctrl-C meant for the service's terminal is the service's to
    # handle. Not its own session: with the kernel's autogroups (sched_autogroup_enabled) a new
    # session is a scheduling group of its own, weighted like the service's whatever its nice,
    # and batches took half the CPU from single renders and /healthz.
    pid = os.posix_spawn(
        sys.executable,
        command,
        os.environ,
        file_actions=[(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0)],
        setpgroup=0,
    )
    _started[pid] = root


class Runner:
    """Takes queued jobs of `store` and runs each in a child process, `workers` at most."""

    def __init__(self, store: JobStore, settings: Settings, owner: int, workers: int) -> None:
        self.store = store
        self.settings = settings
        self.owner = owner
        self.workers = workers
        self.children: dict[str, BaseProcess] = {}
        # The runner is single-threaded, so forking it is safe; children start with the
        # templates already prepared here.
        self._context = multiprocessing.get_context("fork")

    def serve(self) -> None:
        """Run jobs until the owner is gone or nothing was to be done for IDLE_SECONDS."""
        for status in self.store.jobs():
            if status.state == "running":
                log.warning("job %s was running when its runner stopped: queued again", status.id)
                self.store.requeue(status.id)
        last_busy = last_expire = time.monotonic()
        try:
            while _alive(self.owner):
                self._reap()
                queued = self._start_queued()
                now = time.monotonic()
                if self.children or queued:
                    last_busy = now
                elif now - last_busy > IDLE_SECONDS:
                    return
                if now - last_expire > _EXPIRE_SECONDS:
                    self.store.expire()
                    last_expire = now
                time.sleep(_POLL_SECONDS)
        finally:
            self._stop_children()

    def _start_queued(self) -> bool:
        """Start queued jobs while there is room; True when some still wait."""
        waiting = False
        for status in self.store.jobs():
            if status.state != "queued":
                continue
            if len(self.children) >= self.workers:
                waiting = True
                break
            attempt = self.store.claim(status.id)
            if attempt is not None:
                child = self._context.Process(
                    target=run_job,
                    args=(self.store, status.id, attempt, self.settings),
                    daemon=False,
                )
                child.start()
                self.children[status.id] = child
        return waiting

    def _reap(self) -> None:
        """Forget finished children; a job whose child died without finishing it failed."""
        for job_id, child in list(self.children.items()):
            if child.exitcode is None:
                continue
            del self.children[job_id]
            with contextlib.suppress(GovReportError):
                if self.store.status(job_id).state not in FINISHED:
                    log.error("job %s: its process ended with code %s", job_id, child.exitcode)
                    self.store.finish(
                        job_id, "failed", "处理该任务的进程异常退出 / the job's process died"
                    )

    def _stop_children(self) -> None:
        """Stop running jobs and queue them again, for the next runner to start over."""
        for job_id, child in self.children.items():
            child.terminate()
            child.join(10)
            with contextlib.suppress(GovReportError):
                self.store.requeue(job_id)


class _Cancelled(Exception):
    """A cancel of the running job was asked for."""


class _Orphaned(Exception):
    """The runner that started this job process died: the next runner starts the job over."""


def run_job(store: JobStore, job_id: str, attempt: int, settings: Settings) -> None:
    """Render (or review) attempt `attempt` of job `job_id` into its result.zip, recording
    progress; never raises. Stops (leaving the job to the next runner) as soon as its runner
    is gone."""
    spec = store.spec(job_id)
    folder = store.folder(job_id)
    counts = {"done": 0, "failed": 0}
    shown = time.monotonic()
    runner = os.getppid()

    def finished(failed: bool) -> None:
        nonlocal shown
        counts["done"] += 1
        counts["failed"] += failed
        if os.getppid() != runner:
            raise _Orphaned()
        if time.monotonic() - shown >= _PROGRESS_SECONDS:
            shown = time.monotonic()
            store.progress(job_id, attempt, counts["done"], counts["failed"])
            if store.cancel_requested(job_id):
                raise _Cancelled()

    try:
        with (folder / INPUT).open("rb") as stream, open_upload(
            spec.kind, stream, settings.batch, settings.imports.zips
        ) as source:
            if spec.task == REVIEW:
                _review(source, folder, spec, settings, finished)
            else:
                task = functools.partial(
                    Deadline(settings.render_timeout_seconds).run,
                    settings.batch_task(spec.allow_inconsistent),
                )
                review = review_writer(
                    None, ReviewOptions(editor_link=spec.editor_link), workbook=False
                )
                write_batch_file(
                    source, folder / RESULT, task, jobs=1,
                    on_row=lambda row: finished(row.status == "failed"), review=review,
                )  # fmt: skip
    except _Orphaned:
        log.warning("job %s: its runner is gone, left to the next one", job_id)
        return
    except _Cancelled:
        store.finish(job_id, "cancelled", attempt=attempt)
        return
    except GovReportError as exc:
        store.finish(job_id, "failed", exc.detail, attempt=attempt)
        return
    except Exception:
        log.exception("job %s failed", job_id)
        store.finish(job_id, "failed", "处理该任务时发生内部错误 / internal error", attempt=attempt)
        return
    store.progress(job_id, attempt, counts["done"], counts["failed"])
    store.finish(job_id, "done", attempt=attempt)


def _review(
    source: BatchInput,
    folder: Path,
    spec: JobSpec,
    settings: Settings,
    finished: Callable[[bool], None],
) -> None:
    """A review job: every report checked (against last year's, when the job has them) and
    the review's page and workbook written into result.zip; raises GovReportError, OSError."""
    task = functools.partial(Deadline(settings.render_timeout_seconds).run, settings.review_task())
    with contextlib.ExitStack() as stack:
        previous = None
        if spec.previous is not None:
            stream = stack.enter_context((folder / PREVIOUS).open("rb"))
            last = stack.enter_context(
                open_upload(spec.previous, stream, settings.batch, settings.imports.zips)
            )
            previous = stack.enter_context(
                PreviousReports.read(last, imports=settings.imports, limits=settings.limits)
            )
        options = ReviewOptions(compared=previous is not None, editor_link=spec.editor_link)
        writer = stack.enter_context(reviewing(
            source, task, 1, previous=previous, options=options, imports=settings.imports,
            on_row=lambda row: finished(row.state != "ok"),
        ))  # fmt: skip
        with atomic_output(folder / RESULT) as result:
            review_zip(writer, result)


def _alive(pid: int) -> bool:
    """True while process `pid` exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def main(argv: Sequence[str] | None = None) -> int:
    """Run the job runner of a job directory; 0 when it stopped, 1 when another runs."""
    parser = argparse.ArgumentParser(prog="python -m service.jobs.runner")
    parser.add_argument("root", type=Path)
    parser.add_argument("--owner", type=int, default=os.getppid())
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s [%(process)d] [%(levelname)s] %(name)s: %(message)s"
    )
    settings = Settings.from_env(os.environ)
    args.root.mkdir(parents=True, exist_ok=True)
    handle = os.open(args.root / LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    if not _take_lock(handle):
        return 1  # another runner got there first
    os.ftruncate(handle, 0)
    os.write(handle, f"{os.getpid()}\n".encode())  # for people (and tests) looking for it
    niceness = os.nice(0)
    if niceness < NICENESS:  # started by hand rather than by ensure_running
        os.nice(NICENESS - niceness)
    with contextlib.suppress(GovReportError):  # a broken template fails each report instead
        documents.prepare(settings.template_dir)
    store = JobStore(args.root, settings.job_retention_seconds)
    Runner(store, settings, args.owner, settings.job_workers).serve()
    return 0


def _take_lock(handle: int) -> bool:
    """Take the runner lock on `handle`: False when another runner holds it (a check holds it
    shared for a moment only, so a failed try is repeated for _LOCK_SECONDS)."""
    deadline = time.monotonic() + _LOCK_SECONDS
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        else:
            return True


if __name__ == "__main__":
    sys.exit(main())
