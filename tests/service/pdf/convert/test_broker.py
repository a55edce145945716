"""service.pdf.convert.broker and client: the pool as a process of its own, reached over a Unix
socket; errors cross the socket as themselves; the broker ends when its parent does."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.config import Settings
from service.errors import PdfFailed, PdfTimeout, PdfUnavailable
from service.pdf.convert.client import Broker, BrokerClient, running_broker
from service.pdf.convert.options import PoolOptions
from tests.pdf_support import FakeUnoserver, processes_mentioning, wait_until


def _options(*addresses: str, timeout: float = 5.0) -> PoolOptions:
    settings = Settings.for_tests(pdf_converters=addresses, pdf_timeout_seconds=timeout)
    return settings.pdf_options()


@pytest.fixture
def fake() -> Iterator[FakeUnoserver]:
    server = FakeUnoserver(18162)
    yield server
    server.close()


def test_conversions_and_status_through_the_broker(fake: FakeUnoserver) -> None:
    with running_broker(_options(fake.address)) as client:
        assert wait_until(lambda: _ready(client), 10)
        assert client.convert(b"PK docx").startswith(b"%PDF-fake PK docx")
        assert client.convert(b"PK docx", pdfa=True).startswith(b"%PDF-fake")
        status = client.status()
    assert fake.calls[-1]["options"] == ["SelectPdfVersion=2"]
    assert status["total"] == 1 and status["starting"] is False
    assert status["converters"][0] | {"conversions": 2} == status["converters"][0]
    assert status["converters"][0]["address"] == fake.address


def _ready(client: BrokerClient) -> bool:
    try:
        return bool(client.status()["ready"])
    except PdfUnavailable:
        return False


@pytest.mark.parametrize(("script", "error"), [
    (("hang",), PdfTimeout),
    (("fault", "fault"), PdfFailed),
])
def test_errors_cross_the_socket_as_themselves(fake: FakeUnoserver, script: tuple[str, ...],
                                               error: type[Exception]) -> None:
    fake.script = list(script)
    with running_broker(_options(fake.address, timeout=0.5)) as client:
        assert wait_until(lambda: _ready(client), 10)
        with pytest.raises(error) as caught:
            client.convert(b"PK docx")
        fake.release.set()
    assert caught.value.detail  # the broker's own message, not a generic one


def test_no_broker_is_unavailable_with_a_retry_after(tmp_path: Path) -> None:
    client = BrokerClient(str(tmp_path / "missing.sock"), 5.0)
    with pytest.raises(PdfUnavailable) as caught:
        client.convert(b"PK")
    assert caught.value.retry_after == 5
    with pytest.raises(PdfUnavailable):
        client.status()


def test_stopping_removes_the_private_folder(fake: FakeUnoserver) -> None:
    broker = Broker(_options(fake.address))
    assert broker.wait_ready(10)
    assert (broker.directory.stat().st_mode & 0o777) == 0o700
    broker.stop()
    assert not broker.directory.exists()
    assert processes_mentioning(str(broker.directory)) == []


_PARENT = """
import sys, time
from service.config import Settings
from service.pdf.convert.client import Broker
from service.pdf.convert.options import PoolOptions
broker = Broker(Settings.for_tests(pdf_converters=(sys.argv[1],)).pdf_options())
print(broker.directory, flush=True)
time.sleep(60)
"""


def test_the_broker_ends_when_its_parent_is_killed(fake: FakeUnoserver) -> None:
    parent = subprocess.Popen([sys.executable, "-c", _PARENT, fake.address],
                              stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    directory = parent.stdout.readline().strip()
    assert wait_until(lambda: processes_mentioning(directory), 5)
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    parent.stdout.close()
    started = time.monotonic()
    assert wait_until(lambda: processes_mentioning(directory) == [], 10)
    assert time.monotonic() - started < 5
