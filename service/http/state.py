"""Where a request finds the app's Settings, render TimeBudget and PDF converter (stored by
create_app)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app

from service.config import Settings
from service.documents import Converter
from service.http.budget import TimeBudget

_KEY = "gov_report"


@dataclass(frozen=True, slots=True)
class AppState:
    """What every request of one app shares."""

    settings: Settings
    budget: TimeBudget
    converter: Converter | None
    """Where PDFs are made (the machine's converter pool); None: no PDF."""


def attach(app: Flask, settings: Settings, converter: Converter | None = None) -> None:
    """Store `settings`, a render budget built from them and `converter` on `app`."""
    budget = TimeBudget(settings.render_threads, settings.render_timeout_seconds)
    app.extensions[_KEY] = AppState(settings, budget, converter)


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
