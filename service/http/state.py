"""Where a request finds the app's Settings, render TimeBudget, job store and PDF converter
(create_app)."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app

from service.config import Settings
from service.documents import Converter
from service.errors import StorageUnavailable
from service.http.budget import TimeBudget
from service.jobs.runner import ensure_running
from service.jobs.store import JobStore

_KEY = "gov_report"

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class AppState:
    """What every request of one app shares."""

    settings: Settings
    budget: TimeBudget
    jobs: JobStore
    owner: int
    """The process the job runner outlives no longer than (gunicorn's master when preloaded)."""
    converter: Converter | None
    """Where PDFs are made (the machine's converter pool); None: no PDF."""


def attach(app: Flask, settings: Settings, converter: Converter | None = None) -> None:
    """Store `settings`, a render budget built from them, the job store and `converter` on
    `app`."""
    budget = TimeBudget(settings.render_timeout_seconds)
    jobs = JobStore(settings.jobs_root(), settings.job_retention_seconds)
    app.extensions[_KEY] = AppState(settings, budget, jobs, os.getpid(), converter)


def _state() -> AppState:
    """The AppState of the app handling the current request."""
    state: AppState = current_app.extensions[_KEY]
    return state


def current_settings() -> Settings:
    """The Settings of the app handling the current request."""
    return _state().settings


def current_budget() -> TimeBudget:
    """The render TimeBudget of the app handling the current request."""
    return _state().budget


def current_converter() -> Converter | None:
    """The PDF converter of the app handling the current request (None: PDF is off)."""
    return _state().converter


def current_jobs() -> JobStore:
    """The batch job store of the app handling the current request."""
    return _state().jobs


def start_runner() -> None:
    """Make sure a job runner serves the app's job directory; raises StorageUnavailable when
    the directory cannot be used."""
    state = _state()
    try:
        ensure_running(state.jobs.root, state.owner)
    except OSError as exc:
        log.error("cannot start the batch job runner: %r", exc)
        raise StorageUnavailable() from exc


@contextlib.contextmanager
def new_job() -> Iterator[tuple[str, Path]]:
    """A draft job of the app's store for the block to write its input to and submit: yields
    its id and input path, and removes the draft when the block raises. Raises
    StorageUnavailable when the job directory cannot be written (disk full)."""
    store = _state().jobs
    try:
        job_id, path = store.draft()
    except OSError as exc:
        log.error("cannot create a batch job: %r", exc)
        raise StorageUnavailable() from exc
    try:
        yield job_id, path
    except OSError as exc:
        store.discard(job_id)
        log.error("cannot store batch job %s: %r", job_id, exc)
        raise StorageUnavailable() from exc
    except BaseException:
        store.discard(job_id)
        raise
