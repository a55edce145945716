"""Where a request finds the app's Settings and render TimeBudget (stored by create_app)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app

from service.config import Settings
from service.http.budget import TimeBudget

_KEY = "gov_report"


@dataclass(frozen=True, slots=True)
class AppState:
    """What every request of one app shares."""

    settings: Settings
    budget: TimeBudget


def attach(app: Flask, settings: Settings) -> None:
    """Store `settings` and a render budget built from them on `app`."""
    budget = TimeBudget(settings.render_threads, settings.render_timeout_seconds)
    app.extensions[_KEY] = AppState(settings, budget)


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
