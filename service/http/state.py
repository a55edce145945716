"""Where a request finds the app's Settings, render TimeBudget, job store and PDF converter
(create_app)."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

from flask import Flask, current_app

from service.batch.jobrunner import ensure_running
from service.batch.jobs import JobStore
from service.config import Settings
from service.documents import Converter
from service.errors import StorageUnavailable
from service.http.budget import TimeBudget

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
