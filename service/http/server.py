"""Running the app under gunicorn with service.http.gunicorn_conf, as ``gov-report serve`` does.

The machine's PDF converter pool (a broker process, service.pdf) starts before gunicorn forks its
workers, which all reach it by its socket, and stops after gunicorn has stopped them, so that
conversions still running during the graceful stop can finish.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from service.config import Settings
from service.documents import Converter
from service.http import gunicorn_conf
from service.http.app import create_app
from service.pdf.client import Broker
from service.pdf.options import PoolOptions


class Server(BaseApplication):  # type: ignore[misc]
    """gunicorn running create_app(settings) with the config module plus `overrides`."""

    def __init__(
        self, settings: Settings, overrides: dict[str, Any], converter: Converter | None = None
    ) -> None:
        self._settings = settings
        self._overrides = overrides
        self._converter = converter
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
        return create_app(self._settings, self._converter)


def serve(settings: Settings, host: str, port: int, workers: int | None) -> None:
    """Run gunicorn on host:port until it is stopped, with the PDF converter pool when the
    settings ask for one; returns when both have stopped."""
    overrides: dict[str, Any] = {"bind": f"{host}:{port}", "workers": workers}
    options = PoolOptions.from_settings(settings)
    broker = Broker(options) if options.enabled else None
    try:
        Server(settings, overrides, broker.client if broker else None).run()
    finally:
        if broker is not None:
            broker.stop()
