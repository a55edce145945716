"""The side of the pool the rest of the service sees: start the broker, convert through it.

``BrokerClient`` is what worker processes hold (picklable: just the socket's path), and what
``documents`` calls. ``Broker`` starts the broker process for ``gov-report serve`` or a command,
and stops it: SIGTERM, then SIGKILL of its group after a grace period (its converters then end
themselves, their stdin closed).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Client, Connection
from pathlib import Path
from typing import Any

from service.errors import PdfUnavailable
from service.pdf.convert.options import PoolOptions
from service.pdf.convert.wire import (
    MAX_DOCUMENT_BYTES,
    SOCKET_NAME,
    error_from,
    receive_header,
    send_header,
)

log = logging.getLogger(__name__)

#: Seconds the broker gets to stop its converters before it is killed.
STOP_GRACE_SECONDS = 15.0


@dataclass(frozen=True, slots=True)
class BrokerClient:
    """Converts through the broker listening at `path`."""

    path: str
    answer_seconds: float
    """Longest wait for an answer: queue wait, conversion, one retry (the broker enforces the
    real budgets; this only bounds a broker that stopped answering)."""

    def convert(self, docx: bytes, pdfa: bool = False) -> bytes:
        """The PDF of `docx`; raises PdfBusy, PdfTimeout, PdfUnavailable or PdfFailed."""
        with self._connect() as connection:
            try:
                send_header(connection, {"op": "convert", "pdfa": pdfa})
                connection.send_bytes(docx)
                header = self._answer(connection, self.answer_seconds)
                if "error" in header:
                    raise error_from(header)
                return connection.recv_bytes(MAX_DOCUMENT_BYTES)
            except (EOFError, OSError, ValueError) as exc:
                raise PdfUnavailable("PDF 转换服务中断 / the converter pool went away") from exc

    def status(self) -> dict[str, Any]:
        """The pool's status (see ConverterPool.status); raises PdfUnavailable."""
        with self._connect() as connection:
            try:
                send_header(connection, {"op": "status"})
                return self._answer(connection, 5.0)
            except (EOFError, OSError, ValueError) as exc:
                raise PdfUnavailable("PDF 转换服务中断 / the converter pool went away") from exc

    def _connect(self) -> Connection:
        try:
            return Client(self.path, family="AF_UNIX")
        except OSError as exc:
            raise PdfUnavailable(
                "PDF 转换服务未运行 / the converter pool is not running", retry_after=5
            ) from exc

    @staticmethod
    def _answer(connection: Connection, seconds: float) -> dict[str, Any]:
        if not connection.poll(seconds):
            raise PdfUnavailable("PDF 转换服务无应答 / the converter pool did not answer")
        return receive_header(connection)


class Broker:
    """A broker process started by this one, with its private folder."""

    def __init__(self, options: PoolOptions) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="gov-report-pdf-"))
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "service.pdf.convert.broker", str(self.directory),
                options.to_json(), str(os.getpid()),
            ],
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C on `serve` must not stop it before the workers
        )
        # Waiting for a converter, the conversion, a retry after a converter died, and slack.
        answer = 3 * options.timeout + 5
        self.client = BrokerClient(str(self.directory / SOCKET_NAME), answer)

    def wait_ready(self, seconds: float) -> bool:
        """Wait until a converter is idle; False after `seconds` or when the broker died."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and self.process.poll() is None:
            with contextlib.suppress(PdfUnavailable):
                if self.client.status()["ready"]:
                    return True
            time.sleep(0.2)
        return False

    def stop(self) -> None:
        """Stop the broker and its converters; remove its folder."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                log.error("the PDF broker did not stop in %s s; killing it", STOP_GRACE_SECONDS)
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        shutil.rmtree(self.directory, ignore_errors=True)


#: Longest wait for a command's converters to start (LibreOffice: about 6 s, more when busy).
START_SECONDS = 120.0


@contextlib.contextmanager
def running_broker(
    options: PoolOptions, ready_seconds: float = START_SECONDS
) -> Iterator[BrokerClient]:
    """A broker for the duration of a command (``render -o X.pdf``, ``batch --to pdf``), once a
    converter is ready; raises PdfUnavailable when none is within `ready_seconds`."""
    broker = Broker(options)
    try:
        if not broker.wait_ready(ready_seconds):
            raise PdfUnavailable("PDF 转换进程未能启动 / the PDF converters did not start")
        yield broker.client
    finally:
        broker.stop()
