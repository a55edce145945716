"""One unoserver converter: its XML-RPC calls, and the local process group that runs it.

The calls need only ``xmlrpc.client``: unoserver's server side runs under LibreOffice's Python
(``unoserver_main.py``), this side under the service's. A local converter is started in a
session of its own (wrapper, oosplash, soffice.bin: one process group) with a private HOME and
LibreOffice profile and the project's fontconfig; its XML-RPC port is on the address it was
given, LibreOffice's UNO socket always on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import functools
import http.client
import io
import logging
import os
import signal
import socket
import subprocess
import time
import xmlrpc.client
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from service.docx.ns import CT, RT, nsdecls

log = logging.getLogger(__name__)

#: unoserver's XML-RPC API version this client speaks (unoserver 3.x).
API_VERSION = "3"
#: LibreOffice's PDF export option for PDF/A-2b (archiving).
PDFA_OPTIONS = ("SelectPdfVersion=2",)
WRAPPER = Path(__file__).with_name("unoserver_main.py")
FONTS_CONF = Path(__file__).resolve().parents[2] / "docx" / "fonts.conf"

#: What a failed call raises besides TimeoutError: refused, reset, cut short, or a fault from
#: LibreOffice (a soffice.bin killed under a conversion answers with a fault, not a reset).
CALL_ERRORS: tuple[type[Exception], ...] = (OSError, http.client.HTTPException, xmlrpc.client.Error)


class _Transport(xmlrpc.client.Transport):
    """xmlrpc's HTTP transport with a socket timeout (its own waits forever)."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self._timeout = timeout

    def make_connection(self, host: object) -> http.client.HTTPConnection:
        """The connection of the base class, with the timeout set."""
        connection: http.client.HTTPConnection = super().make_connection(host)  # type: ignore[arg-type]
        connection.timeout = self._timeout
        return connection


@dataclass(frozen=True, slots=True)
class Address:
    """Where a converter's XML-RPC server listens."""

    host: str
    port: int

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    @classmethod
    def parse(cls, text: str) -> Address:
        """``host:port`` (``[v6]:port`` too); raises ValueError."""
        host, separator, port = text.strip().rpartition(":")
        number = int(port)
        if not separator or not host or not 0 < number < 65536:
            raise ValueError(text)
        return cls(host.strip("[]"), number)

    def _proxy(self, timeout: float) -> xmlrpc.client.ServerProxy:
        return xmlrpc.client.ServerProxy(
            f"http://{self}", transport=_Transport(timeout), allow_none=True
        )

    def ping(self, timeout: float = 2.0) -> bool:
        """True when unoserver answers ``info()`` with the API version this client speaks."""
        try:
            info = self._proxy(timeout).info()
        except CALL_ERRORS:
            return False
        return isinstance(info, dict) and info.get("api") == API_VERSION

    def convert(self, docx: bytes, pdfa: bool, timeout: float) -> bytes:
        """The PDF of `docx`; raises TimeoutError past `timeout` seconds, else one of
        CALL_ERRORS."""
        options = list(PDFA_OPTIONS) if pdfa else []
        result = self._proxy(timeout).convert(
            None, xmlrpc.client.Binary(docx), None, "pdf", None, options, False
        )
        if not isinstance(result, xmlrpc.client.Binary):
            raise xmlrpc.client.ProtocolError(str(self), 200, "no document in the answer", {})
        return result.data


#: The faces the reports use (GB/T 9704's names, as the templates write them).
_REPORT_FONTS = ("仿宋_GB2312", "楷体_GB2312", "黑体", "方正小标宋简体", "宋体", "Times New Roman")


@functools.cache
def warm_up_document() -> bytes:
    """A small .docx with a line in each of the reports' fonts.

    A converter's first conversion loads Writer, the PDF export and the fonts (seconds, not
    tenths): converting this right after start-up spares that to the first request.
    """
    runs = "".join(
        f'<w:p><w:r><w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}"/>'
        f"</w:rPr><w:t>政府信息公开工作年度报告 0123</w:t></w:r></w:p>"
        for font in _REPORT_FONTS
    )
    parts = {
        "[Content_Types].xml": f'<Types {nsdecls("=ct")}>'
        f'<Default Extension="rels" ContentType="{CT.RELATIONSHIPS}"/>'
        f'<Override PartName="/word/document.xml" ContentType="{CT.DOCUMENT_MAIN}"/></Types>',
        "_rels/.rels": f'<Relationships {nsdecls("=pr")}>'
        f'<Relationship Id="r1" Type="{RT.OFFICE_DOCUMENT}" Target="word/document.xml"/>'
        "</Relationships>",
        "word/document.xml": f'<w:document {nsdecls("w")}><w:body>{runs}</w:body></w:document>',
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def unoserver_site() -> Path:
    """The site-packages directory where this service's unoserver is installed."""
    import unoserver

    return Path(unoserver.__file__).resolve().parents[1]


def free_ports(count: int) -> tuple[int, ...]:
    """`count` distinct TCP ports free on 127.0.0.1 right now (the kernel's choice)."""
    probes = [socket.socket() for _ in range(count)]
    try:
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return tuple(probe.getsockname()[1] for probe in probes)
    finally:
        for probe in probes:
            probe.close()


@dataclass
class LocalConverter:
    """unoserver and its LibreOffice, started by this process in a process group of their own."""

    address: Address
    """Where its XML-RPC server listens; port 0: ports the kernel finds free, at each start."""
    uno_port: int
    """LibreOffice's own UNO socket, always on 127.0.0.1 (0 with a port-0 address)."""
    directory: Path
    """Private HOME and LibreOffice profile (created 0700)."""
    python: str
    """LibreOffice's Python: the interpreter that can ``import uno``."""
    options: tuple[str, ...] = ()
    """More unoserver options (``--conversion-timeout``, ``--stop-after`` for a standalone one)."""
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    pick_ports: bool = field(init=False, default=False)
    stopped: bool = field(init=False, default=False)
    """Set by stop(): a start after it (by a thread that had not heard) is refused."""

    def __post_init__(self) -> None:
        self.pick_ports = self.address.port == 0

    def start(self, ready_seconds: float = 60.0) -> None:
        """Start it and wait until it answers; raises OSError or RuntimeError (it is killed)."""
        if self.stopped:
            raise RuntimeError(f"converter {self.address} was stopped")
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        if self.pick_ports:  # fresh ones each time: the last ones may have been taken since
            port, self.uno_port = free_ports(2)
            self.address = Address(self.address.host, port)
        environment = {
            "PATH": os.environ.get("PATH", os.defpath),
            "HOME": str(self.directory),
            "LANG": "C.UTF-8",
            "FONTCONFIG_FILE": str(FONTS_CONF),
        }
        command = [
            self.python, "-I", str(WRAPPER), str(unoserver_site()),
            "--interface", self.address.host, "--port", str(self.address.port),
            "--uno-interface", "127.0.0.1", "--uno-port", str(self.uno_port),
            "--user-installation", str(self.directory / "profile"), *self.options,
        ]  # fmt: skip
        with open(self.directory / "converter.log", "ab") as output:
            process = self.process = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=output, stderr=output,
                env=environment, start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + ready_seconds
        while time.monotonic() < deadline:
            if self.process is not process:  # stopped by another thread (the pool closing)
                raise RuntimeError(f"converter {self.address} was stopped while starting")
            if process.poll() is not None:
                self.kill()
                raise RuntimeError(
                    f"converter {self.address} exited ({process.returncode}) while starting"
                )
            if self.address.ping(1.0):
                self._warm_up(deadline)
                return
            time.sleep(0.2)
        self.kill()
        raise RuntimeError(f"converter {self.address} did not answer within {ready_seconds:g} s")

    def _warm_up(self, deadline: float) -> None:
        """Convert warm_up_document once; raises RuntimeError (the converter is killed)."""
        try:
            self.address.convert(warm_up_document(), False, max(1.0, deadline - time.monotonic()))
        except CALL_ERRORS as exc:  # a timeout is an OSError too
            self.kill()
            raise RuntimeError(f"converter {self.address} failed its first conversion") from exc

    @property
    def pid(self) -> int | None:
        """The wrapper's process id, which is also the process group's id; None when stopped."""
        return None if self.process is None else self.process.pid

    def alive(self) -> bool:
        """True while the wrapper runs (unoserver exits when LibreOffice dies)."""
        return self.process is not None and self.process.poll() is None

    def stop(self, grace: float = 5.0) -> None:
        """Stop gracefully: SIGTERM to unoserver, which stops LibreOffice and waits for it (so
        nothing is left for PID 1 to reap); whatever is left after `grace` seconds is killed. It
        is not started again."""
        self.stopped = True
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
        self._reap(grace)

    def kill(self) -> None:
        """Kill the whole process group now (a converter that hangs or failed)."""
        self._signal_group(signal.SIGKILL)
        self._reap(None)

    def _signal_group(self, number: int) -> None:
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, number)

    def _reap(self, grace: float | None) -> None:
        """Wait for the wrapper, then kill what is left of its group and forget it."""
        if self.process is None:
            return
        try:
            self.process.wait(grace)
        except subprocess.TimeoutExpired:
            log.warning("converter %s did not stop within %s s; killing it", self.address, grace)
        self._signal_group(signal.SIGKILL)
        self.process.wait()
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process = None
