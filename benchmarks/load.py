"""Load test of the real HTTP service: gunicorn on loopback, N concurrent clients, T seconds.

Prints throughput (documents per second), latency percentiles, errors, and the server's memory
(RSS summed over the gunicorn master and workers, read from /proc) after a warm-up and again
after --leak-requests more requests. Not a test: run it by hand, e.g.

    .venv/bin/python benchmarks/load.py --clients 16 --duration 30

The clients are threads using http.client (one connection per request, as sync workers close
them), so the client takes as little CPU as possible; it still shares the machine's cores with
the server, which the figures include. Worker recycling (max_requests) is switched off here so
that memory growth is measured rather than hidden by restarts.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = {name: ROOT / "service" / "examples" / f"{name}.json" for name in ("2019", "2021")}

SERVER = """
import os, sys
from service.config import Settings
from service.http.server import Server
Server(Settings.from_env(os.environ),
       {"bind": sys.argv[1], "workers": int(sys.argv[2]), "max_requests": 0}).run()
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def post(port: int, body: bytes) -> tuple[int, float]:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(
            "POST",
            "/api/v1/reports",
            body=body,
            headers={"Content-Type": "application/json", "Connection": "close"},
        )
        response = connection.getresponse()
        response.read()
        status = response.status
    except OSError:
        status = 0
    finally:
        connection.close()
    return status, time.perf_counter() - started


def ready(port: int) -> bool:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        connection.request("GET", "/readyz")
        return connection.getresponse().status == 200
    except OSError:
        return False


def tree_rss_kib(root: int) -> int:
    """RSS of `root` and its descendants in KiB (shared pages count once per process)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        tree.update(children)
        frontier += children
    total = 0
    for pid in tree:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


def run_clients(
    port: int, bodies: list[bytes], clients: int, *, seconds: float = 0, count: int = 0
) -> tuple[list[float], int, float]:
    """Drive the server for `seconds`, or until `count` requests; returns latencies, errors."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    issued = 0
    deadline = time.perf_counter() + seconds

    def client(index: int) -> None:
        nonlocal errors, issued
        n = index
        while True:
            with lock:
                if (count and issued >= count) or (seconds and time.perf_counter() >= deadline):
                    return
                issued += 1
            status, latency = post(port, bodies[n % len(bodies)])
            n += 1
            with lock:
                latencies.append(latency)
                errors += status != 200

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors, time.perf_counter() - started


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def start_server(arguments: list[str], port: int) -> subprocess.Popen[bytes] | None:
    """Start `python ARGUMENTS` from the repo without GOV_REPORT_* settings and wait up to
    60 s until it is ready on `port`; None (the process stopped) when it does not come up."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("GOV_REPORT_")}
    environ["GOV_REPORT_PDF_POOL_SIZE"] = "0"  # .docx only: no LibreOffice beside the load
    server = subprocess.Popen(
        [sys.executable, *arguments],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=environ,
        cwd=ROOT,
    )
    deadline = time.monotonic() + 60
    while not ready(port):
        if server.poll() is not None or time.monotonic() > deadline:
            server.terminate()
            server.wait(timeout=30)
            print("server did not start", file=sys.stderr)
            return None
        time.sleep(0.2)
    return server


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of measured load")
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--warmup", type=int, default=500, help="requests before measuring")
    parser.add_argument("--leak-requests", type=int, default=10_000)
    parser.add_argument("--format", choices=["2019", "2021", "both"], default="both")
    args = parser.parse_args()

    names = ["2019", "2021"] if args.format == "both" else [args.format]
    bodies = [EXAMPLES[name].read_bytes() for name in names]
    port = free_port()
    server = start_server(["-c", SERVER, f"127.0.0.1:{port}", str(args.workers)], port)
    if server is None:
        return 1
    try:
        print(f"server: gunicorn, {args.workers} sync workers, pid {server.pid}, port {port}")
        print(f"machine: {os.cpu_count()} CPUs; client: {args.clients} threads, same machine")

        _, warm_errors, _ = run_clients(port, bodies, args.clients, count=args.warmup)
        rss_before = tree_rss_kib(server.pid)

        latencies, errors, elapsed = run_clients(port, bodies, args.clients, seconds=args.duration)
        done = len(latencies)
        print(
            f"\nload: {done} documents in {elapsed:.1f} s, {errors} errors "
            f"(warm-up: {args.warmup} requests, {warm_errors} errors)"
        )
        print(f"throughput: {done / elapsed:.1f} documents/s")
        print(
            f"latency ms: p50 {percentile(latencies, 0.50) * 1000:.1f}  "
            f"p90 {percentile(latencies, 0.90) * 1000:.1f}  "
            f"p99 {percentile(latencies, 0.99) * 1000:.1f}  "
            f"max {max(latencies) * 1000:.1f}  "
            f"mean {statistics.fmean(latencies) * 1000:.1f}"
        )

        more = max(0, args.leak_requests - done)
        more_errors = run_clients(port, bodies, args.clients, count=more)[1] if more else 0
        rss_after = tree_rss_kib(server.pid)
        growth = (rss_after - rss_before) / rss_before * 100
        print(
            f"\nmemory: RSS (master + workers) {rss_before / 1024:.1f} MiB after warm-up, "
            f"{rss_after / 1024:.1f} MiB after {done + more} more requests "
            f"({growth:+.1f} %), {more_errors} errors in the extra requests"
        )
        return 0 if errors + more_errors + warm_errors == 0 else 1
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
