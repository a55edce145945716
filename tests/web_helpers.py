"""For the staff page's tests: reports with known problems, a live server, headless Chromium.

Chromium is Debian's /usr/bin/chromium driven by Playwright (never ``playwright install``).
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from flask import Flask
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright
from werkzeug.serving import WSGIRequestHandler, make_server

#: The three errors of `three_errors`: (path, label) as the page lists them.
THREE_ERRORS = (
    ("year", "报告年度"),
    ("organization", "机关名称"),
    ("active_disclosure.rules.produced", "规章 · 本年新制作数量"),
)


def three_errors(example: Path) -> bytes:
    """The 2019 example with three different errors: a text year, no name, a negative count."""
    report: dict[str, Any] = json.loads(example.read_bytes())
    report["year"] = "2020年"
    report["organization"] = ""
    report["active_disclosure"]["rules"]["produced"] = -1
    return json.dumps(report, ensure_ascii=False, indent=2).encode()


def with_warning(example: Path) -> bytes:
    """The 2019 example signed before its year is over: valid, with a warning."""
    report: dict[str, Any] = json.loads(example.read_bytes())
    report["signature"] = {"date": f"{report['year']}-06-30"}
    return json.dumps(report, ensure_ascii=False, indent=2).encode()


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def launch(playwright: Playwright) -> Browser:
    """Start the system Chromium (never a browser downloaded by ``playwright install``)."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


class _QuietHandler(WSGIRequestHandler):
    """Werkzeug's request handler without its access log on stderr."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


@contextlib.contextmanager
def live_server(app: Flask, port: int = 0) -> Iterator[str]:
    """Serve `app` on 127.0.0.1 on `port` (0: a free one) in a thread; yields the base URL."""
    server = make_server("127.0.0.1", port, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextlib.contextmanager
def watched_page(browser: Browser, url: str, javascript: bool, **options: Any) -> Iterator[Page]:
    """A page at `url` in a context of its own (`options` for the context, a Chinese locale and
    downloads by default); fails when the console shows an error or a warning: a CSP violation
    or a script error shows up there."""
    context = browser.new_context(
        java_script_enabled=javascript, **{"accept_downloads": True, "locale": "zh-CN", **options}
    )
    page = context.new_page()
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type in {"error", "warning"}:
            problems.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(url)
    yield page
    context.close()
    assert problems == []
