"""Round two: idle and trickling connections never starve the service (as deployed: nginx in
front, ``gov-report serve --front nginx``). benchmarks/slowclients.py is the full-size version.

Defect: two connections that sent nothing kept /healthz unanswered for 57 s; headers trickled
slowly made every probe fail (sync workers, no read timeout, nothing buffering in front).
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from load import free_port, start_server
from slowclients import SlowSockets, measure

pytestmark = pytest.mark.skipif(
    shutil.which("nginx", path="/usr/sbin:/usr/bin:/sbin") is None,
    reason="nginx is not installed (scripts/test.sh installs nginx-light)",
)


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    chosen = free_port()
    command = ["-m", "service.cli", "serve", "--port", str(chosen), "--workers", "2"]
    server = start_server([*command, "--front", "nginx"], chosen)
    assert server is not None
    try:
        yield chosen
    finally:
        server.terminate()
        server.wait(60)


def test_idle_and_trickling_sockets_leave_health_and_renders_answered(port: int) -> None:
    with SlowSockets(port, idle=40, trickle=10, tick=0.2):
        time.sleep(1)
        phase = measure(port, seconds=4, renderers=1)
    assert phase.failures() == (0, 0)
    assert len(phase.health) > 20 and len(phase.renders) > 10
