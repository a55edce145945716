"""gunicorn settings of ``gov-report serve`` and the Docker image (``gunicorn -c`` module).

Sync workers: rendering is CPU-bound, so one request per process at a time uses the cores best;
put a buffering reverse proxy in front when clients may be slow.
"""

from __future__ import annotations

import os
from typing import Any

from service.http.budget import RECYCLE_KEY

bind = "127.0.0.1:8000"
#: One worker per core this process may run on (the container's CPU set, not the host's).
workers = len(os.sched_getaffinity(0))
#: gunicorn's sync worker, its own errors (bad request line, headers too large) as problem+json.
worker_class = "service.http.worker.ProblemWorker"
#: Kills a worker stuck far past the render budget (GOV_REPORT_RENDER_TIMEOUT_SECONDS, 10 s).
timeout = 60
graceful_timeout = 30
#: Recycle workers now and then so that a slow leak can never grow without bound; the jitter
#: keeps them from restarting all at once.
max_requests = 5000
max_requests_jitter = 500
#: Import the app (and prepare the Word templates) once in the master, before forking.
preload_app = True
#: The app writes its own access line (JSON, one per request) to stdout: gunicorn's is off.
accesslog = None
errorlog = "-"
#: No runtime control socket (gunicorn ≥ 25.1): nothing uses it, and it would write to $HOME.
control_socket_disable = True
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {"format": "%(message)s"},
        "generic": {"format": "%(asctime)s [%(process)d] [%(levelname)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": "line",
            "stream": "ext://sys.stdout",
        },
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "generic",
            "stream": "ext://sys.stderr",
        },
    },
    "root": {"level": "INFO", "handlers": ["stderr"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stderr"], "propagate": False},
        # Off: gunicorn logs access whenever logconfig_dict is set, and the app already does.
        "gunicorn.access": {"level": "WARNING", "handlers": [], "propagate": False},
        "gov_report.access": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
    },
}


def post_request(worker: Any, _req: Any, environ: dict[str, Any], _resp: Any) -> None:
    """Replace the worker after a request whose render was stopped at its deadline: the render
    was interrupted at an arbitrary point (service.http.budget)."""
    if environ.get(RECYCLE_KEY):
        worker.alive = False
