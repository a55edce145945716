"""Running the app under gunicorn with service.http.gunicorn_conf, as ``gov-report serve`` does."""

from __future__ import annotations

from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from service.config import Settings
from service.http import gunicorn_conf
from service.http.app import create_app


class Server(BaseApplication):  # type: ignore[misc]
    """gunicorn running create_app(settings) with the config module plus `overrides`."""

    def __init__(self, settings: Settings, overrides: dict[str, Any]) -> None:
        self._settings = settings
        self._overrides = overrides
        super().__init__()

    def load_config(self) -> None:
        """Apply service.http.gunicorn_conf, then the command line's overrides (an option the
        command line left out, None, keeps the module's value)."""
        module = {name: getattr(gunicorn_conf, name) for name in dir(gunicorn_conf)}
        given = {name: value for name, value in self._overrides.items() if value is not None}
        for name, value in {**module, **given}.items():
            if name in self.cfg.settings:
                self.cfg.set(name, value)

    def load(self) -> Flask:
        """Build the WSGI app (in the master, before forking: preload_app)."""
        return create_app(self._settings)


def serve(settings: Settings, host: str, port: int, workers: int | None) -> None:
    """Run gunicorn on host:port until it is stopped; returns when it exits."""
    overrides: dict[str, Any] = {"bind": f"{host}:{port}", "workers": workers}
    Server(settings, overrides).run()
