"""Running batch entries through worker processes, results streamed back in input order.

At most a few reports per worker are in flight, so memory does not grow with the batch.
A worker that dies (BrokenProcessPool) takes the reports in flight
with it: the pool is restarted and those reports are retried one at a time, so only the report
that kills a worker again fails.
"""

from __future__ import annotations

import functools
import itertools
import logging
import multiprocessing
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from schemas import Issue
from schemas.limits import Limits
from service.batch.inputs import Entry
from service.batch.worker import RENDER_LABEL, Outcome, error_issue, prepare, process
from service.errors import GovReportError
from service.reports import prepare as prepare_templates

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
    """Process entries in `jobs` worker processes; yields in input order (so names given to
    repeated organizations do not depend on timing), never raises for a bad report or a
    crashed worker (that report is reported failed)."""
    pool = _OrderedPool(task, jobs)
    try:
        yield from pool.run(entries)
    finally:
        pool.close()


@dataclass
class _Slot:
    """One entry in the window: in flight (future), known (done), or to retry alone (neither)."""

    index: int
    id: str
    payload: object
    future: Future[Outcome] | None = None
    done: Done | None = None


class _OrderedPool:
    """A process pool with a window of entries in input order; restarts after a worker dies."""

    def __init__(self, task: Task, jobs: int) -> None:
        self._task = task
        self._jobs = jobs
        self._window: deque[_Slot] = deque()
        self._executor = _executor(jobs)

    def run(self, entries: Iterable[Entry]) -> Iterator[Done]:
        """Yield every entry's result in input order."""
        source = enumerate(entries)
        while True:
            self._fill(source)
            if not self._window:
                return
            yield self._settle(self._window.popleft())

    def close(self) -> None:
        """Stop the worker processes, dropping work not yet started."""
        self._executor.shutdown(wait=True, cancel_futures=True)

    def _fill(self, source: Iterator[tuple[int, Entry]]) -> None:
        """Top the window up; not while reports wait to be retried alone after a crash."""
        if any(slot.future is None and slot.done is None for slot in self._window):
            return
        room = self._jobs * IN_FLIGHT_PER_JOB - len(self._window)
        for index, entry in itertools.islice(source, max(room, 0)):
            slot = _Slot(index, entry.id, entry.payload)
            if entry.problem is not None:
                slot.done = Done(index, entry.id, Outcome(None, (entry.problem,)))
            else:
                slot.future = self._executor.submit(self._task, entry.payload)
            self._window.append(slot)

    def _settle(self, slot: _Slot) -> Done:
        """Wait for one slot's result; after a crash, retry it alone to find the culprit."""
        if slot.done is not None:
            return slot.done
        if slot.future is not None:
            try:
                return _done(slot, slot.future)
            except BrokenProcessPool:
                self._restart()
        future = self._executor.submit(self._task, slot.payload)
        try:
            return _done(slot, future)
        except BrokenProcessPool:
            log.error("batch entry %s killed its worker process", slot.id)
            self._restart()
            return Done(slot.index, slot.id, Outcome(None, (_CRASHED,)))

    def _restart(self) -> None:
        """Replace the broken pool; reports it took down are marked to be retried alone."""
        self._executor.shutdown(wait=True)
        self._executor = _executor(self._jobs)
        for slot in self._window:
            if slot.future is not None and isinstance(slot.future.exception(), BrokenProcessPool):
                slot.future = None


def _done(slot: _Slot, future: Future[Outcome]) -> Done:
    """The slot's result; raises BrokenProcessPool, any other failure is that report's error."""
    try:
        return Done(slot.index, slot.id, future.result())
    except BrokenProcessPool:
        raise
    except Exception:
        log.exception("batch entry %s failed unexpectedly", slot.id)
        return Done(slot.index, slot.id, Outcome(None, (_INTERNAL,)))


def _executor(jobs: int) -> ProcessPoolExecutor:
    """Start a pool whose workers have the Word templates prepared.

    In a single-threaded parent (the CLI) the workers are forked after the templates are
    prepared here, so they start at once with them in memory. Forking a threaded parent can
    copy a lock some other thread holds, so there workers come from a fork server instead,
    each preparing the templates once. Raises TemplateProblem when a template is unusable.
    """
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        prepare_templates()
        method = "fork"
    else:
        method = "forkserver" if "forkserver" in methods else "spawn"
    context = multiprocessing.get_context(method)
    if context.get_start_method() == "forkserver":
        # Imported once in the fork server, so each new worker starts with the modules loaded.
        context.set_forkserver_preload(["service.batch.worker"])
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=prepare)
