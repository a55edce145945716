"""Soak test of a real ``gov-report serve`` on loopback: mixed good and bad requests, all checked.

Sends --requests requests (default 20,000; stops after --max-minutes in any case) from a few
client threads: reports to render (each carrying a unique marker in its organization and a
paragraph), reports to validate, and the hostile inputs of tests/hostile/payloads.py (unreadable
JSON, bad values, illegal characters, wrong Content-Type, awkward text, bodies over the limit).
Every answer's status is compared with the expected one; every --check-every-th document is
opened (zipfile) and its word/document.xml must hold its own marker and no other. Prints the
counts, the 5xx, the mismatches, latency, and the RSS of the gunicorn master and workers sampled
along the way (worker recycling, max_requests, stays on: this is the service as deployed).
Not a test: run it by hand, e.g.

    .venv/bin/python benchmarks/soak.py --requests 20000
"""

from __future__ import annotations

import argparse
import http.client
import io
import itertools
import os
import random
import re
import sys
import threading
import time
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT / "tests" / "hostile")]

from load import free_port, percentile, start_server, tree_rss_kib  # noqa: E402
from payloads import (  # noqa: E402
    AWKWARD,
    INVALID,
    UNREADABLE,
    dumps,
    example,
    illegal_character_cases,
    with_value,
)

MARKER = re.compile(rb"SOAK[0-9]{7}X")
RENDER = "/api/v1/reports"
VALIDATE = "/api/v1/reports/validate"


@dataclass(frozen=True)
class Request:
    """One request to send and the status it must get; `marker` for a document to check."""

    kind: str
    path: str
    body: bytes
    content_type: str
    status: int
    marker: bytes | None = None


def marked(number: int, value: str = "") -> Request:
    """A valid report to render whose organization and a paragraph carry a unique marker."""
    marker = f"SOAK{number:07d}X"
    report = with_value(example(), "organization", f"机关{marker}{value}")
    report = with_value(report, "overview.paragraphs.0", f"段落{marker}{value}")
    return Request("render", RENDER, dumps(report), "application/json", 200, marker.encode())


def fixed_requests() -> list[Request]:
    """Every hostile input once (the 100,000-deep ones included), with its expected status."""
    requests = [Request(f"unreadable:{bad.id}", RENDER, bad.body, "application/json", 400)
                for bad in UNREADABLE]
    requests += [Request(f"invalid:{bad.id}", RENDER, bad.body, "application/json", 422)
                 for bad in INVALID]
    requests += [Request(f"illegal:{field}:{char}", RENDER, body, "application/json", 422)
                 for field, char, body, _ in illegal_character_cases()]
    requests += [
        Request("validate", VALIDATE, dumps(example()), "application/json", 200),
        Request("content-type", RENDER, dumps(example()), "text/plain", 415),
        Request("charset", RENDER, dumps(example()), "application/json; charset=latin-1", 415),
        Request("too-large", RENDER, b'{"a": "' + b"x" * 2_200_000 + b'"}', "application/json",
                413),
    ]
    return requests


def plan(total: int, seed: int) -> list[Request]:
    """`total` requests: about half marked renders (some with awkward text), half the rest."""
    chooser = random.Random(seed)
    fixed = fixed_requests()
    awkward = list(AWKWARD.values())
    requests: list[Request] = []
    for number in range(total):
        roll = chooser.random()
        if roll < 0.4:
            requests.append(marked(number))
        elif roll < 0.5:
            requests.append(marked(number, chooser.choice(awkward)))
        else:
            requests.append(chooser.choice(fixed))
    return requests


def send(port: int, request: Request) -> tuple[int, bytes, float]:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(
            "POST",
            request.path,
            body=request.body,
            headers={"Content-Type": request.content_type, "Connection": "close"},
        )
        response = connection.getresponse()
        data = response.read()
        status = response.status
    except OSError:
        status, data = 0, b""
    finally:
        connection.close()
    return status, data, time.perf_counter() - started


def document_problem(data: bytes, marker: bytes) -> str | None:
    """None when the .docx opens and its text holds `marker` and no other request's marker."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = archive.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError) as exc:
        return f"not a document: {exc}"
    found = set(MARKER.findall(xml))
    if found != {marker}:
        return f"markers {sorted(found)} instead of {marker!r}"
    return None


@dataclass
class Tally:
    statuses: Counter[str]
    mismatches: list[str]
    server_errors: int = 0
    checked_documents: int = 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--max-minutes", type=float, default=30.0)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--check-every", type=int, default=1, help="open every Nth document")
    parser.add_argument("--samples", type=int, default=10, help="RSS samples along the way")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    requests = plan(args.requests, args.seed)
    port = free_port()
    server = start_server(
        ["-m", "service.cli", "serve", "--port", str(port), "--workers", str(args.workers)], port
    )
    if server is None:
        return 1
    tally = Tally(Counter(), [])
    latencies: list[float] = []
    rss: list[tuple[int, int]] = []
    lock = threading.Lock()
    counter = itertools.count()
    deadline = time.monotonic() + args.max_minutes * 60
    sample_every = max(1, len(requests) // args.samples)
    try:
        rss.append((0, tree_rss_kib(server.pid)))

        def client() -> None:
            while time.monotonic() < deadline:
                index = next(counter)
                if index >= len(requests):
                    return
                request = requests[index]
                status, data, latency = send(port, request)
                problem = None
                if status != request.status:
                    problem = f"{request.kind}: {status} instead of {request.status}"
                elif request.marker is not None and index % args.check_every == 0:
                    problem = document_problem(data, request.marker)
                with lock:
                    latencies.append(latency)
                    tally.statuses[str(status)] += 1
                    tally.server_errors += status >= 500 or status == 0
                    tally.checked_documents += (
                        request.marker is not None and index % args.check_every == 0
                    )
                    if problem:
                        tally.mismatches.append(problem)
                    if (index + 1) % sample_every == 0:
                        rss.append((index + 1, tree_rss_kib(server.pid)))

        started = time.perf_counter()
        threads = [threading.Thread(target=client) for _ in range(args.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(30)

    done = len(latencies)
    print(f"server: gov-report serve, {args.workers} sync workers; {args.clients} client threads")
    print(f"requests: {done} of {len(requests)} in {elapsed:.0f} s ({done / elapsed:.1f}/s)")
    print("statuses: " + ", ".join(f"{k}: {v}" for k, v in sorted(tally.statuses.items())))
    print(f"5xx or no answer: {tally.server_errors}")
    print(f"documents opened and checked for their own marker only: {tally.checked_documents}")
    print(f"mismatches: {len(tally.mismatches)}")
    for problem in tally.mismatches[:10]:
        print(f"  {problem}")
    print(
        f"latency ms: p50 {percentile(latencies, 0.5) * 1000:.0f}  "
        f"p99 {percentile(latencies, 0.99) * 1000:.0f}  max {max(latencies) * 1000:.0f}"
    )
    print("RSS MiB (master + workers) after N requests: "
          + ", ".join(f"{n}: {kib / 1024:.0f}" for n, kib in rss))
    first, last = rss[1][1] if len(rss) > 1 else rss[0][1], rss[-1][1]
    growth = (last - first) / first * 100
    print(f"RSS from the first sample under load to the last: {growth:+.1f} %")
    return 0 if tally.server_errors == 0 and not tally.mismatches and done == len(requests) else 1


if __name__ == "__main__":
    sys.exit(main())
