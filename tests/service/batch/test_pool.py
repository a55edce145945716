"""Worker processes: results for every entry, a crashing worker costs only its own report."""

from __future__ import annotations

import os
from typing import Any

from schemas import Issue
from service.batch.inputs import Entry
from service.batch.pool import make_task, run_in_processes, run_inline
from service.batch.worker import Outcome, process
from service.errors import RenderTimeout
from tests.batch_helpers import BatchCase

CRASH = b'"CRASH"'


def crash_on_marker(payload: object, **options: Any) -> Outcome:
    """The real worker, except that it kills its process on a marked input."""
    if isinstance(payload, bytes) and CRASH in payload:
        os._exit(3)
    return process(payload, **options)


def by_id(results: object) -> dict[str, Outcome]:
    return {done.id: done.outcome for done in results}  # type: ignore[attr-defined]


def test_worker_killed_mid_batch(mixed_batch: list[BatchCase]) -> None:
    valid = mixed_batch[1].data
    entries = [Entry(f"{n}.json", valid) for n in range(9)]
    entries.insert(4, Entry("crash.json", CRASH))
    results = list(run_in_processes(entries, make_task(False, worker=crash_on_marker), jobs=2))
    assert [done.id for done in results] == [entry.id for entry in entries]
    outcomes = by_id(results)
    assert [issue.code for issue in outcomes.pop("crash.json").errors] == ["worker_crashed"]
    assert all(outcome.document is not None for outcome in outcomes.values())


def test_problem_entries_pass_through_without_a_worker() -> None:
    problem = Issue("", "not_json_file", "不是 .json 文件", "输入文件")
    entries = [Entry("a.txt", problem=problem), Entry("b.json", b"{bad")]
    outcomes = by_id(run_in_processes(entries, make_task(False), jobs=1))
    assert outcomes["a.txt"].errors == (problem,)
    assert [issue.code for issue in outcomes["b.json"].errors] == ["invalid_json"]


def test_inline_turns_exceptions_into_failed_reports() -> None:
    def task(payload: object) -> Outcome:
        if payload == b"timeout":
            raise RenderTimeout()
        raise ZeroDivisionError

    outcomes = by_id(run_inline([Entry("a", b"timeout"), Entry("b", b"boom")], task))
    assert [issue.code for issue in outcomes["a"].errors] == ["render-timeout"]
    assert [issue.code for issue in outcomes["b"].errors] == ["internal-error"]


def raise_on_marker(payload: object, **options: Any) -> Outcome:
    """The real worker, except that it fails unexpectedly on a marked input."""
    if isinstance(payload, bytes) and CRASH in payload:
        raise ValueError("unexpected")
    return process(payload, **options)


def test_unexpected_worker_error_fails_that_report_only(mixed_batch: list[BatchCase]) -> None:
    entries = [Entry("crash.json", CRASH), Entry("ok.json", mixed_batch[0].data)]
    outcomes = by_id(run_in_processes(entries, make_task(False, worker=raise_on_marker), jobs=1))
    assert [issue.code for issue in outcomes["crash.json"].errors] == ["internal-error"]
    assert outcomes["ok.json"].document is not None
