"""Running batch entries through worker processes, results streamed back as they complete.

At most a few reports per worker are in flight, so memory does not grow with the batch. A worker
that dies (BrokenProcessPool) takes the reports in flight with it: the pool is restarted and
those reports are retried one at a time, so only the report that kills a worker again fails.
"""

from __future__ import annotations

import functools
import logging
import multiprocessing
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from schemas import Issue
from schemas.limits import Limits
from service.batch.inputs import Entry
from service.batch.worker import RENDER_LABEL, Outcome, error_issue, prepare, process
from service.errors import GovReportError

log = logging.getLogger(__name__)

#: Reports in flight per worker: enough to keep workers busy, few enough to bound memory.
IN_FLIGHT_PER_JOB = 4

Task = Callable[[object], Outcome]
"""The function a worker runs on one payload; must be picklable (a module-level function)."""


@dataclass(frozen=True, slots=True)
class Done:
    """One finished entry: its position in the input, its id and what came of it."""

    index: int
    id: str
    outcome: Outcome


@dataclass(frozen=True, slots=True)
class _Job:
    index: int
    id: str
    payload: object
    isolated: bool = False
    """Retried alone after a worker crash: if the pool breaks now, this report is the cause."""


_CRASHED = Issue(
    path="",
    code="worker_crashed",
    message="处理该报告时工作进程异常退出，未生成文档 / the worker process died on this report",
    label=RENDER_LABEL,
)
_INTERNAL = Issue(
    path="",
    code="internal-error",
    message="处理该报告时发生内部错误，未生成文档 / internal error while processing this report",
    label=RENDER_LABEL,
)


def make_task(
    allow_inconsistent: bool,
    limits: Limits | None = None,
    worker: Callable[..., Outcome] = process,
) -> Task:
    """Return the picklable task a worker runs on each payload (validation `limits` included)."""
    return functools.partial(worker, allow_inconsistent=allow_inconsistent, limits=limits)


def run_inline(entries: Iterable[Entry], task: Task) -> Generator[Done, None, None]:
    """Process entries one after another in this thread (no worker processes)."""
    for index, entry in enumerate(entries):
        if entry.problem is not None:
            yield Done(index, entry.id, Outcome(None, (entry.problem,)))
            continue
        try:
            outcome = task(entry.payload)
        except GovReportError as exc:  # e.g. the HTTP render budget's RenderTimeout
            log.warning("batch entry %s failed: %s", entry.id, exc.detail)
            outcome = Outcome(None, (error_issue(exc),))
        except Exception:
            log.exception("batch entry %s failed unexpectedly", entry.id)
            outcome = Outcome(None, (_INTERNAL,))
        yield Done(index, entry.id, outcome)


def run_in_processes(
    entries: Iterable[Entry], task: Task, jobs: int
) -> Generator[Done, None, None]:
    """Process entries in `jobs` worker processes; yields in completion order, never raises
    for a bad report or a crashed worker (that report is reported failed)."""
    source = enumerate(entries)
    suspects: deque[_Job] = deque()
    pending: dict[Future[Outcome], _Job] = {}
    executor = _executor(jobs)
    try:
        while True:
            limit = 1 if suspects else jobs * IN_FLIGHT_PER_JOB
            while len(pending) < limit:
                job = suspects.popleft() if suspects else None
                if job is None:
                    for index, entry in source:
                        if entry.problem is None:
                            job = _Job(index, entry.id, entry.payload)
                            break
                        yield Done(index, entry.id, Outcome(None, (entry.problem,)))
                if job is None:
                    break
                pending[executor.submit(task, job.payload)] = job
            if not pending:
                return
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            broken = False
            for future in finished:
                broken = broken or isinstance(future.exception(), BrokenProcessPool)
                done = _collect(pending.pop(future), future, suspects)
                if done is not None:
                    yield done
            if broken:
                yield from _drain(pending, suspects)
                executor.shutdown(wait=True)
                executor = _executor(jobs)
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _drain(pending: dict[Future[Outcome], _Job], suspects: deque[_Job]) -> Iterator[Done]:
    """Collect every future of a broken pool: finished results, or the job becomes a suspect."""
    while pending:
        future, job = pending.popitem()
        done = _collect(job, future, suspects)
        if done is not None:
            yield done


def _collect(job: _Job, future: Future[Outcome], suspects: deque[_Job]) -> Done | None:
    """Return the finished entry, or None when the pool broke under a job not yet proven guilty."""
    try:
        return Done(job.index, job.id, future.result())
    except BrokenProcessPool:
        if job.isolated:
            log.error("batch entry %s killed its worker process", job.id)
            return Done(job.index, job.id, Outcome(None, (_CRASHED,)))
        suspects.append(_Job(job.index, job.id, job.payload, isolated=True))
        return None
    except Exception:
        log.exception("batch entry %s failed unexpectedly", job.id)
        return Done(job.index, job.id, Outcome(None, (_INTERNAL,)))


def _executor(jobs: int) -> ProcessPoolExecutor:
    """Start a pool whose workers prepare the templates once each.

    forkserver: workers start from a clean process (not a copy of a threaded parent).
    """
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if context.get_start_method() == "forkserver":
        # Imported once in the fork server, so each new worker starts with the modules loaded.
        context.set_forkserver_preload(["service.batch.worker"])
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=prepare)
