"""The machine's converter pool as a process of its own: ``python -m service.pdf.convert.broker DIR
OPTIONS PARENT_PID``.

``gov-report serve`` starts it before gunicorn forks its workers, and every worker (and batch
worker process) reaches it over ``DIR/broker.sock``; DIR is a private temporary folder (0700),
so only this user can connect. It stops, taking every converter's process group with it and
removing DIR, on SIGTERM or SIGINT, or when the process that started it is gone (kill -9 of
gunicorn's master).
"""

from __future__ import annotations

import logging
import os
import selectors
import shutil
import signal
import socket
import sys
import threading
from multiprocessing.connection import Connection
from pathlib import Path

from service.errors import PdfFailed, PdfProblem
from service.pdf.convert.options import PoolOptions
from service.pdf.convert.pool import ConverterPool
from service.pdf.convert.wire import (
    MAX_DOCUMENT_BYTES,
    SOCKET_NAME,
    error_header,
    receive_header,
    send_header,
)

log = logging.getLogger(__name__)

#: Seconds between two checks that the parent still lives.
PARENT_CHECK_SECONDS = 1.0


def answer(pool: ConverterPool, connection: Connection) -> None:
    """Serve one request on `connection`, then close it; never raises."""
    with connection:
        try:
            header = receive_header(connection)
            if header.get("op") == "status":
                send_header(connection, pool.status())
                return
            docx = connection.recv_bytes(MAX_DOCUMENT_BYTES)
            try:
                pdf = pool.convert(docx, pdfa=bool(header.get("pdfa")))
            except PdfProblem as error:
                send_header(connection, error_header(error))
                return
            except Exception:  # a fault of the pool itself: logged here, a safe answer there
                log.exception("the converter pool failed")
                send_header(connection, error_header(PdfFailed()))
                return
            send_header(connection, {"ok": True})
            connection.send_bytes(pdf)
        except (EOFError, OSError, ValueError) as exc:
            log.info("a worker went away or sent nonsense: %s", exc)


def serve(directory: Path, pool: ConverterPool, parent: int) -> None:
    """Accept requests until told to stop or until `parent` (the process that started this
    one, named by it: it may die before this process gets here) is gone; then close the pool."""
    path = directory / SOCKET_NAME
    stop = threading.Event()
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_write, False)
    signal.set_wakeup_fd(wake_write)
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: stop.set())
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(256)
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ)
    selector.register(wake_read, selectors.EVENT_READ)
    pool.start()
    try:
        while not stop.is_set() and os.getppid() == parent:
            for key, _ in selector.select(PARENT_CHECK_SECONDS):
                if key.fileobj is listener:
                    client, _ = listener.accept()
                    threading.Thread(
                        target=answer, args=(pool, Connection(client.detach())), daemon=True
                    ).start()
                else:
                    os.read(wake_read, 512)
    finally:
        listener.close()
        pool.close()
        # Its parent removes the folder too, unless the parent is what died.
        shutil.rmtree(directory, ignore_errors=True)


def main(argv: list[str]) -> int:
    """``DIR OPTIONS_JSON PARENT_PID``: build the pool those options describe and serve it."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s [%(process)d] [%(levelname)s] pdf: %(message)s"
    )
    directory = Path(argv[0])
    options = PoolOptions.from_json(argv[1])
    serve(directory, options.pool(directory), int(argv[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
