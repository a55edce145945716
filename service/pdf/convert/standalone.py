"""``gov-report converter``: one unoserver for other machines' services (the converter image).

It listens on the given address (XML-RPC; LibreOffice's own UNO socket stays on 127.0.0.1) and
is started again whenever it exits: after a crash, after a conversion over its time budget
(unoserver's ``--conversion-timeout`` kills LibreOffice), and every N conversions
(``--stop-after``). SIGTERM or SIGINT stops it and LibreOffice with it.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import shutil
import signal
import tempfile
import threading
from pathlib import Path

from service.pdf.convert.converter import Address, LocalConverter

log = logging.getLogger(__name__)


def run_converter(address: Address, python: str, timeout: float, restart_after: int) -> None:
    """Serve conversions on `address` (LibreOffice's UNO socket on 127.0.0.1, the next port)
    until SIGTERM or SIGINT; never raises once started."""
    directory = tempfile.mkdtemp(prefix="gov-report-converter-")
    stop = threading.Event()
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: stop.set())
    # unoserver counts the warm-up conversion too.
    options = ("--conversion-timeout", str(max(1, math.ceil(timeout))),
               "--stop-after", str(restart_after + 1))
    converter = LocalConverter(address, address.port + 1, Path(directory), python, options)
    failures = 0
    try:
        while not stop.is_set():
            try:
                converter.start()
            except (OSError, RuntimeError) as exc:
                failures += 1
                log.error("converter could not start: %s", exc)
                stop.wait(min(30.0, 2.0 ** failures))
                continue
            failures = 0
            log.info("converter listening on %s", address)
            while converter.alive() and not stop.wait(1.0):
                if os.getpid() == 1:  # a container's init: LibreOffice's gpg helpers end here
                    _reap_orphans()
            if not stop.is_set():
                log.info("converter exited (crash, timeout or restart after %d); starting again",
                         restart_after)
                converter.kill()
                _reap_orphans()
    finally:
        converter.stop()
        _reap_orphans()
        shutil.rmtree(directory, ignore_errors=True)


def _reap_orphans() -> None:
    """Reap the exited children of this process: as a container's PID 1 it inherits every
    orphan (LibreOffice's gpg helpers, processes whose parent died first). Should it reap the
    converter's own wrapper, ``Popen.poll`` finds it gone all the same."""
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass
