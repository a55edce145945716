"""Running batch entries through worker processes, results streamed back in input order.

Reports travel to the workers in chunks of a few (one hand-over between processes per chunk,
not per report) and at most a few chunks per worker are in flight, so memory does not grow with
the batch. A worker that dies (BrokenProcessPool) takes the reports in flight with it: the pool
is restarted and those reports are retried one at a time, so only the report that kills a
worker again fails.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from schemas import Issue
from schemas.contract.limits import Limits
from service import documents
from service.batch.inputs import Entry
from service.batch.worker import RENDER_LABEL, BatchTask, Outcome, error_issue, process
from service.documents import Converter
from service.errors import GovReportError
from service.outputs import DOCX, Output
from service.reading.limits import DEFAULT_IMPORT_LIMITS, ImportLimits

log = logging.getLogger(__name__)

#: Reports handed to a worker at once: enough to make the hand-over cheap next to the work.
CHUNK_SIZE = 8
#: Chunks in flight per worker: one being worked on, one waiting, so no worker idles.
CHUNKS_PER_JOB = 2

Task = Callable[[object], Outcome]
"""What is run on one payload: a BatchTask, or (in-process only) a wrapper around one."""


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
    template_dir: Path | None = None,
    worker: Callable[..., Outcome] = process,
    *,
    outputs: tuple[Output, ...] = (DOCX,),
    pdfa: bool = False,
    converter: Converter | None = None,
    imports: ImportLimits = DEFAULT_IMPORT_LIMITS,
) -> BatchTask:
    """Return the picklable task run on each payload, with the batch's options (`imports` bound the
    workbooks and Word reports among the inputs)."""
    return BatchTask(
        allow_inconsistent, limits, template_dir, outputs=outputs, pdfa=pdfa,
        converter=converter, worker=worker, imports=imports,
    )  # fmt: skip


def run_inline(entries: Iterable[Entry], task: Task) -> Generator[Done, None, None]:
    """Process entries one after another in this thread (no worker processes)."""
    for index, entry in enumerate(entries):
        if entry.problem is not None:
            yield Done(index, entry.id, Outcome(None, (entry.problem,), read=False))
            continue
        try:
            outcome = task(entry.payload)
        except GovReportError as exc:  # e.g. the HTTP render budget's RenderTimeout
            log.warning("batch entry %s failed: %s", entry.id, exc.detail)
            outcome = Outcome(None, (error_issue(exc),), read=False)
        except Exception:
            log.exception("batch entry %s failed unexpectedly", entry.id)
            outcome = Outcome(None, (_INTERNAL,), read=False)
        yield Done(index, entry.id, outcome)


def run_in_processes(
    entries: Iterable[Entry], task: BatchTask, jobs: int
) -> Generator[Done, None, None]:
    """Process entries in `jobs` worker processes; yields in input order (so names given to
    repeated organizations do not depend on timing), never raises for a bad report or a
    crashed worker (that report is reported failed)."""
    pool = _OrderedPool(task, jobs)
    try:
        yield from pool.run(entries)
    finally:
        pool.close()


def _run_chunk(task: Task, payloads: Sequence[object]) -> list[Outcome | None]:
    """In a worker: run `task` on each payload; None (logged here) where it raised."""
    outcomes: list[Outcome | None] = []
    for payload in payloads:
        try:
            outcomes.append(task(payload))
        except Exception:
            log.exception("a batch report failed unexpectedly in its worker")
            outcomes.append(None)
    return outcomes


@dataclass
class _Slot:
    """One entry in the window: in flight (its chunk's future and its position in that chunk),
    known (done), or to retry alone (neither)."""

    index: int
    id: str
    payload: object
    future: Future[list[Outcome | None]] | None = None
    position: int = 0
    done: Done | None = None


class _OrderedPool:
    """A process pool with a window of entries in input order; restarts after a worker dies."""

    def __init__(self, task: BatchTask, jobs: int) -> None:
        self._task = task
        self._jobs = jobs
        self._window: deque[_Slot] = deque()
        self._executor = _executor(task, jobs)

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
        """Top the window up by whole chunks; not while reports wait to be retried alone."""
        if any(slot.future is None and slot.done is None for slot in self._window):
            return
        capacity = self._jobs * CHUNKS_PER_JOB * CHUNK_SIZE
        while len(self._window) + CHUNK_SIZE <= capacity:
            taken = list(itertools.islice(source, CHUNK_SIZE))
            if not taken:
                return
            chunk: list[_Slot] = []
            for index, entry in taken:
                slot = _Slot(index, entry.id, entry.payload)
                if entry.problem is not None:
                    slot.done = Done(index, entry.id, Outcome(None, (entry.problem,), read=False))
                else:
                    chunk.append(slot)
                self._window.append(slot)
            if chunk:
                future = self._submit([slot.payload for slot in chunk])
                for position, slot in enumerate(chunk):
                    slot.future, slot.position = future, position

    def _submit(self, payloads: list[object]) -> Future[list[Outcome | None]]:
        """Hand a chunk of payloads to the pool."""
        return self._executor.submit(_run_chunk, self._task, payloads)

    def _settle(self, slot: _Slot) -> Done:
        """Wait for one slot's result; after a crash, retry it alone to find the culprit."""
        if slot.done is not None:
            return slot.done
        if slot.future is not None:
            try:
                return _done(slot, slot.future)
            except BrokenProcessPool:
                self._restart()
        slot.future, slot.position = self._submit([slot.payload]), 0
        try:
            return _done(slot, slot.future)
        except BrokenProcessPool:
            log.error("batch entry %s killed its worker process", slot.id)
            self._restart()
            return Done(slot.index, slot.id, Outcome(None, (_CRASHED,), read=False))

    def _restart(self) -> None:
        """Replace the broken pool; reports it took down are marked to be retried alone."""
        self._executor.shutdown(wait=True)
        self._executor = _executor(self._task, self._jobs)
        for slot in self._window:
            if slot.future is not None and isinstance(slot.future.exception(), BrokenProcessPool):
                slot.future = None


def _done(slot: _Slot, future: Future[list[Outcome | None]]) -> Done:
    """The slot's result; raises BrokenProcessPool, any other failure is that report's error."""
    try:
        outcome = future.result()[slot.position]
    except BrokenProcessPool:
        raise
    except Exception:
        log.exception("batch entry %s failed unexpectedly", slot.id)
        outcome = None
    if outcome is None:
        return Done(slot.index, slot.id, Outcome(None, (_INTERNAL,), read=False))
    return Done(slot.index, slot.id, outcome)


def _executor(task: BatchTask, jobs: int) -> ProcessPoolExecutor:
    """Start a pool whose workers have the Word templates prepared.

    In a single-threaded parent (the CLI) the workers are forked after the templates are
    prepared here, so they start at once with them in memory. Forking a threaded parent can
    copy a lock some other thread holds, so there workers come from a fork server instead,
    each preparing the templates once. Raises TemplateProblem when a template is unusable.
    """
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        if task.outputs:  # a review renders nothing
            documents.prepare(task.template_dir)
        method = "fork"
    else:
        method = "forkserver" if "forkserver" in methods else "spawn"
    context = multiprocessing.get_context(method)
    if context.get_start_method() == "forkserver":
        # Imported once in the fork server, so each new worker starts with the modules loaded.
        context.set_forkserver_preload(["service.batch.worker"])
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=task.prepare)
