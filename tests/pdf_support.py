"""Helpers of the PDF tests: a stand-in unoserver, the processes of a run, PDF inspection.

Ports: the PDF tests use 18140-18199 only (the shared converters 18140-18143, each test that
starts its own converters a pair of its own above that).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import threading
import time
import xmlrpc.client
from collections.abc import Iterator
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any
from xmlrpc.server import SimpleXMLRPCServer

from schemas.model.report import Report
from service.catalog import example
from tests.docx_support import load

SHARED_PORT_BASE = 18140


class _Server(ThreadingMixIn, SimpleXMLRPCServer):
    daemon_threads = True
    allow_reuse_address = True


class FakeUnoserver:
    """unoserver's XML-RPC API on 127.0.0.1:`port`, answering as told: each conversion takes
    the next of `script` ("ok", "fault" or "hang"; "ok" once the script is used up)."""

    def __init__(self, port: int, script: tuple[str, ...] = ()) -> None:
        self.port = port
        self.script = list(script)
        self.calls: list[dict[str, Any]] = []
        self.release = threading.Event()
        self._server = _Server(("127.0.0.1", port), logRequests=False, allow_none=True)
        self._server.register_function(self.info, "info")
        self._server.register_function(self.convert, "convert")
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def info(self) -> dict[str, Any]:
        return {"unoserver": "3.7", "api": "3", "import_filters": {}, "export_filters": {}}

    def convert(self, inpath: Any, indata: xmlrpc.client.Binary, outpath: Any, convert_to: str,
                filtername: Any, filter_options: list[str], *rest: Any) -> xmlrpc.client.Binary:
        self.calls.append({"to": convert_to, "options": filter_options, "size": len(indata.data)})
        action = self.script.pop(0) if self.script else "ok"
        if action == "fault":
            raise RuntimeError("LibreOffice went away")
        if action == "hang":
            self.release.wait(30)
        return xmlrpc.client.Binary(b"%PDF-fake " + indata.data[:16])

    def close(self) -> None:
        self.release.set()
        self._server.shutdown()
        self._server.server_close()


def marked_report(marker: str) -> Report:
    """The 2021 example as the report of the organization `marker` (title and 落款 too)."""
    raw = json.loads(example("2021"))
    raw["organization"] = marker
    raw.pop("title", None)
    raw["signature"]["organization"] = marker
    raw["preamble"] = [f"{marker}编制本报告。"]
    return load(raw)


def long_report(paragraphs: int = 60) -> Report:
    """A report of a few hundred pages: LibreOffice takes seconds over it."""
    raw = json.loads(example("2021"))
    raw["problems"]["paragraphs"] = ["长文本段落。" * 800] * paragraphs
    return load(raw)


def pdf_text(pdf: bytes) -> str:
    """The PDF's text without any white space (pdftotext spaces CJK from Latin digits)."""
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()
    return re.sub(r"\s+", "", text)


def pdf_info(pdf: bytes) -> dict[str, str]:
    output = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    return dict(re.findall(r"^([^:]+):\s+(.*)$", output.stdout.decode(), re.MULTILINE))


def pdf_fonts(pdf: bytes, directory: Path) -> list[list[str]]:
    """pdffonts' rows (name, type, encoding, emb, sub, uni, object, generation)."""
    path = directory / "fonts.pdf"
    path.write_bytes(pdf)
    output = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True)
    return [line.split() for line in output.stdout.splitlines()[2:]]


def processes_mentioning(text: str) -> list[tuple[int, str, str]]:
    """Live processes whose command line contains `text`: (pid, state, command line)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = (entry / "stat").read_text().rpartition(")")[2].split()[0]
        except OSError:
            continue
        if text in command and state != "Z":
            found.append((int(entry.name), state, command))
    return found


def group_members(pgid: int) -> list[tuple[int, str]]:
    """Live (not zombie) processes of process group `pgid`: (pid, command name)."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append((int(entry.name), name))
    return members


def soffice_of(pgid: int) -> int:
    """The soffice.bin process of a converter's process group."""
    return next(pid for pid, name in group_members(pgid) if name.startswith("soffice"))


def wait_until(condition: Any, seconds: float) -> bool:
    """Poll `condition()` every 0.1 s until it is true or `seconds` have passed."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return bool(condition())


def converter_pids(status: dict[str, Any]) -> Iterator[int]:
    for converter in status["converters"]:
        if converter.get("pid"):
            yield converter["pid"]


def kill_quietly(pid: int, number: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, number)
