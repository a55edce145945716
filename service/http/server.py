"""Running the app under gunicorn with service.http.gunicorn_conf, as ``gov-report serve`` does.

The machine's PDF converter pool (a broker process, service.pdf) starts before gunicorn forks its
workers, which all reach it by its socket, and stops after gunicorn has stopped them, so that
conversions still running during the graceful stop can finish.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from service.config import Settings
from service.http import gunicorn_conf
from service.http.app import create_app
from service.http.front import Front, remove, run_dir, start_nginx, stop
from service.pdf.convert.client import Broker

AppFactory = Callable[[Settings], Flask]


class Server(BaseApplication):  # type: ignore[misc]
    """gunicorn running factory(settings) (create_app) with the config module plus
    `overrides`."""

    def __init__(
        self, settings: Settings, overrides: dict[str, Any], factory: AppFactory = create_app
    ) -> None:
        self._settings = settings
        self._overrides = overrides
        self._factory = factory
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
        return self._factory(self._settings)


def serve(
    settings: Settings,
    host: str,
    port: int,
    workers: int | None,
    front: str = "none",
    *,
    factory: AppFactory | None = None,
    gunicorn: dict[str, Any] | None = None,
) -> None:
    """Run gunicorn on host:port until it is stopped; returns when it exits.

    With `front` ``nginx``, nginx listens on host:port (service.http.front) and gunicorn on a
    private Unix socket behind it; nginx is stopped when gunicorn exits. The PDF converter pool
    (service.pdf) runs beside them when the settings ask for one. `factory` builds the app
    instead of create_app with that pool, and `gunicorn` overrides settings (both for
    benchmarks). Raises ConfigInvalid when nginx cannot be started.
    """
    overrides = {"workers": workers, **(gunicorn or {})}
    options = settings.pdf_options()
    broker = Broker(options) if options.enabled else None
    build = factory or functools.partial(create_app, converter=broker.client if broker else None)
    master = os.getpid()
    try:
        if front != "nginx":
            Server(settings, {"bind": f"{host}:{port}", **overrides}, build).run()
            return
        directory = run_dir()
        limit = max(
            settings.max_body_bytes, settings.batch_max_body_bytes, settings.form_max_body_bytes
        )
        proxy = Front(host, port, directory, limit)
        try:
            nginx = start_nginx(proxy)
            try:
                Server(settings, {"bind": f"unix:{proxy.upstream}", **overrides}, build).run()
            finally:
                if os.getpid() == master:
                    stop(nginx)
        finally:
            if os.getpid() == master:
                remove(directory)
    finally:
        # A gunicorn worker is forked inside run() and leaves by SystemExit through this very
        # frame (after every request budget, a recycling, a stop): only the master may stop
        # nginx, the converters and remove their folders.
        if os.getpid() == master and broker is not None:
            broker.stop()
