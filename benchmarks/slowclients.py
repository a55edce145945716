"""Slow and idle clients against a real ``gov-report serve``: does the service stay answering?

Starts the service (``--front nginx`` by default, as deployed; ``--front none`` for bare
gunicorn), then measures /healthz (one request every 50 ms) and renders (--renderers clients)
twice in the same run: first alone (the baseline), then while --idle sockets stay connected
sending nothing and --trickle sockets send their request headers one byte every 0.5 s (each
reopened as soon as the server closes it). Prints latency percentiles and failures of both
phases; exits 1 when a /healthz failed or its p99 is 100 ms or more under the slow sockets.
Not a test (tests/hostile/test_slow_clients.py runs it small): run it by hand, e.g.

    .venv/bin/python benchmarks/slowclients.py --idle 200 --trickle 50 --seconds 30
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import EXAMPLES, free_port, percentile, start_server

#: A header that never ends in time: one byte of it goes out per tick.
TRICKLED = (
    b"POST /api/v1/reports HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
    b"X-Slow: " + b"s" * 100_000
)


class SlowSockets:
    """Holds `idle` silent connections and `trickle` ones sending a byte per `tick` seconds,
    reopening any the server closes; runs in a thread of its own until stopped."""

    def __init__(self, port: int, idle: int, trickle: int, tick: float = 0.5) -> None:
        self.port = port
        self.kinds = ["idle"] * idle + ["trickle"] * trickle
        self.tick = tick
        self.reopened = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> SlowSockets:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(30)

    def _open(self) -> socket.socket:
        connection = socket.socket()
        connection.setblocking(False)
        connection.connect_ex(("127.0.0.1", self.port))
        return connection

    def _run(self) -> None:
        sockets = [self._open() for _ in self.kinds]
        sent = [0] * len(sockets)
        try:
            while not self._stop.is_set():
                for index, kind in enumerate(self.kinds):
                    if not self._alive(sockets[index], kind, sent[index]):
                        sockets[index].close()
                        sockets[index], sent[index] = self._open(), 0
                        self.reopened += 1
                    elif kind == "trickle":
                        sent[index] += 1
                self._stop.wait(self.tick)
        finally:
            for connection in sockets:
                connection.close()

    @staticmethod
    def _alive(connection: socket.socket, kind: str, sent: int) -> bool:
        """False once the server answered or closed; sends the next byte of a trickle."""
        try:
            if connection.recv(4096) is not None:
                return False  # an answer (408, 431…) or the end of the connection
        except BlockingIOError:
            pass
        except OSError:
            return False
        if kind == "trickle":
            try:
                connection.send(TRICKLED[sent : sent + 1])
            except BlockingIOError:
                pass
            except OSError:
                return False
        return True


@dataclass
class Phase:
    """Latencies of one phase; a failed request counts as infinitely slow."""

    health: list[float] = field(default_factory=list)
    renders: list[float] = field(default_factory=list)

    def failures(self) -> tuple[int, int]:
        return (
            sum(value == float("inf") for value in self.health),
            sum(value == float("inf") for value in self.renders),
        )

    def line(self, name: str) -> str:
        failed_health, failed_renders = self.failures()
        return (
            f"{name}: /healthz n={len(self.health)} failed={failed_health} "
            f"p50={percentile(self.health, 0.5) * 1000:.1f} ms "
            f"p99={percentile(self.health, 0.99) * 1000:.1f} ms | renders n={len(self.renders)} "
            f"failed={failed_renders} p50={percentile(self.renders, 0.5) * 1000:.1f} ms "
            f"p99={percentile(self.renders, 0.99) * 1000:.1f} ms"
        )


def timed(port: int, method: str, path: str, body: bytes | None = None) -> float:
    """Seconds one request took, infinity when it failed (or took more than 10 s)."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        headers = {"Content-Type": "application/json"} if body else {}
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
    except OSError:
        return float("inf")
    finally:
        connection.close()
    return time.perf_counter() - started if response.status == 200 else float("inf")


def measure(port: int, seconds: float, renderers: int) -> Phase:
    """/healthz every 50 ms and `renderers` clients rendering, for `seconds`."""
    phase = Phase()
    stop = time.monotonic() + seconds
    body = EXAMPLES["2021"].read_bytes()

    def render() -> None:
        while time.monotonic() < stop:
            phase.renders.append(timed(port, "POST", "/api/v1/reports", body))

    threads = [threading.Thread(target=render) for _ in range(renderers)]
    for thread in threads:
        thread.start()
    while time.monotonic() < stop:
        phase.health.append(timed(port, "GET", "/healthz"))
        time.sleep(0.05)
    for thread in threads:
        thread.join()
    return phase


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--idle", type=int, default=200)
    parser.add_argument("--trickle", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each phase")
    parser.add_argument("--renderers", type=int, default=2)
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--front", choices=["nginx", "none"], default="nginx")
    args = parser.parse_args()

    port = free_port()
    command = ["-m", "service.cli", "serve", "--port", str(port), "--workers", str(args.workers)]
    server = start_server([*command, "--front", args.front], port)
    if server is None:
        return 1
    try:
        print(f"server: gov-report serve --front {args.front}, {args.workers} workers, port {port}")
        baseline = measure(port, args.seconds, args.renderers)
        with SlowSockets(port, args.idle, args.trickle) as slow:
            time.sleep(2)  # let every slow socket connect
            loaded = measure(port, args.seconds, args.renderers)
        print(baseline.line("alone"))
        print(loaded.line(f"with {args.idle} idle + {args.trickle} trickling sockets"))
        print(f"slow sockets closed by the server and reopened: {slow.reopened}")
        ratio = percentile(loaded.renders, 0.99) / percentile(baseline.renders, 0.99)
        print(f"render p99 with slow sockets / alone: {ratio:.2f}")
        healthy = loaded.failures() == (0, 0) and percentile(loaded.health, 0.99) < 0.1
        return 0 if healthy else 1
    finally:
        server.terminate()
        server.wait(timeout=60)


if __name__ == "__main__":
    sys.exit(main())
