"""Load test of the real HTTP service beside the framework's floor, N clients, T seconds each.

Alternates --rounds pairs in one run: the floor (a bare Flask app that parses the JSON and
answers a fixed .docx of the same size, under the same gunicorn settings and front), then the
service. Prints each one's rate and latency percentiles and the ratio of the service's
documents/s to the floor's requests/s (median of the rounds: the figure to compare, since both
share the machine's noise), then the service's memory (RSS summed over nginx, the gunicorn
master and workers, read from /proc) after a warm-up and after --leak-requests more requests.
Not a test: run it by hand, e.g.

    .venv/bin/python benchmarks/load.py --clients 8 --duration 20 --rounds 3

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

#: The service as deployed (`gov-report serve`), worker recycling off so that memory growth is
#: measured rather than hidden by restarts.
SERVER = """
import os, sys
from service.config import Settings
from service.http.server import serve
serve(Settings.from_env(os.environ), "127.0.0.1", int(sys.argv[1]), int(sys.argv[2]),
      sys.argv[3], gunicorn={"max_requests": 0})
"""

#: The framework's floor under the same gunicorn settings and front: a bare Flask app that
#: parses the JSON body and answers a fixed .docx of the same size (the example's document).
FLOOR = """
import json, os, sys
from flask import Flask, Response, request
from service import documents
from service.http.downloads import DOCX_MIME
from service.http.server import serve
from service.config import Settings
document, _ = documents.generate(open(sys.argv[4], "rb").read())

def floor(_settings):
    app = Flask("floor")

    @app.post("/api/v1/reports")
    def render():
        json.loads(request.get_data())
        return Response(document, mimetype=DOCX_MIME)

    @app.get("/readyz")
    def ready():
        return {"status": "ready"}

    return app

serve(Settings.from_env(os.environ), "127.0.0.1", int(sys.argv[1]), int(sys.argv[2]),
      sys.argv[3], factory=floor, gunicorn={"max_requests": 0})
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
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", "/readyz")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


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


def summary(latencies: list[float], elapsed: float) -> str:
    return (
        f"{len(latencies) / elapsed:7.1f}/s  p50 {percentile(latencies, 0.5) * 1000:5.1f} ms  "
        f"p99 {percentile(latencies, 0.99) * 1000:5.1f} ms  max {max(latencies) * 1000:6.1f} ms"
    )


def measure(
    script: str, args: argparse.Namespace, bodies: list[bytes], *extra: str
) -> tuple[float, list[float], int] | None:
    """Start one server, warm it up, drive it for --duration; (rate, latencies, errors)."""
    port = free_port()
    arguments = ["-c", script, str(port), str(args.workers), args.front, *extra]
    server = start_server(arguments, port)
    if server is None:
        return None
    try:
        _, warm_errors, _ = run_clients(port, bodies, args.clients, count=args.warmup)
        latencies, errors, elapsed = run_clients(port, bodies, args.clients, seconds=args.duration)
        return len(latencies) / elapsed, latencies, errors + warm_errors
    finally:
        server.terminate()
        server.wait(timeout=60)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of measured load")
    parser.add_argument("--rounds", type=int, default=3, help="floor/service pairs, alternated")
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--front", choices=["nginx", "none"], default="nginx")
    parser.add_argument("--warmup", type=int, default=300, help="requests before measuring")
    parser.add_argument("--leak-requests", type=int, default=10_000)
    parser.add_argument("--format", choices=["2019", "2021", "both"], default="both")
    args = parser.parse_args()

    names = ["2019", "2021"] if args.format == "both" else [args.format]
    bodies = [EXAMPLES[name].read_bytes() for name in names]
    print(
        f"servers: gov-report serve --front {args.front}, {args.workers} sync workers; the floor:"
        f" a bare Flask app (parse the JSON, answer a fixed .docx) under the same settings"
    )
    print(f"machine: {os.cpu_count()} CPUs; client: {args.clients} threads, same machine")
    ratios: list[float] = []
    errors = 0
    for round_number in range(1, args.rounds + 1):
        floor = measure(FLOOR, args, bodies, str(EXAMPLES["2021"]))
        ours = measure(SERVER, args, bodies)
        if floor is None or ours is None:
            return 1
        errors += floor[2] + ours[2]
        ratios.append(ours[0] / floor[0])
        print(f"round {round_number}: floor   {summary(floor[1], len(floor[1]) / floor[0])}")
        print(f"round {round_number}: service {summary(ours[1], len(ours[1]) / ours[0])}")
    print(
        f"\nservice documents/s ÷ floor requests/s: median {statistics.median(ratios):.3f}"
        f" (rounds: {', '.join(f'{ratio:.3f}' for ratio in ratios)}); errors: {errors}"
    )
    return 0 if errors == 0 and memory(args, bodies) else 1


def memory(args: argparse.Namespace, bodies: list[bytes]) -> bool:
    """RSS of the service's process tree after a warm-up and after --leak-requests more."""
    port = free_port()
    server = start_server(["-c", SERVER, str(port), str(args.workers), args.front], port)
    if server is None:
        return False
    try:
        run_clients(port, bodies, args.clients, count=args.warmup)
        before = tree_rss_kib(server.pid)
        errors = run_clients(port, bodies, args.clients, count=args.leak_requests)[1]
        after = tree_rss_kib(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=60)
    print(
        f"memory: RSS (nginx, master, workers) {before / 1024:.1f} MiB after warm-up, "
        f"{after / 1024:.1f} MiB after {args.leak_requests} more requests "
        f"({(after - before) / before * 100:+.1f} %), {errors} errors"
    )
    return errors == 0


if __name__ == "__main__":
    sys.exit(main())
