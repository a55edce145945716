"""Soak test of a real ``gov-report serve`` on loopback: mixed good and bad requests, all checked.

Sends --requests requests (default 20,000; stops after --max-minutes in any case) from a few
client threads: reports to render (each carrying a unique marker in its organization and a
paragraph), reports to validate, and the hostile inputs of tests/hostile/payloads.py (unreadable
JSON, bad values, illegal characters, wrong Content-Type, awkward text, bodies over the limit).
Every answer's status is compared with the expected one; every --check-every-th document is
opened (zipfile) and its word/document.xml must hold its own marker and no other. Prints the
counts, the 5xx, the mismatches, latency, and the RSS of the gunicorn master and workers sampled
along the way (worker recycling, max_requests, stays on: this is the service as deployed).

Beside the requests, all the time: --slow sockets held idle or trickling their headers
(benchmarks/slowclients.py), --jobs batch jobs in flight (each --job-reports marked reports
posted as a JSON array, followed to ``done``, its zip fetched and checked whole: every document
present with its own marker, the manifests and summary.xlsx last), and a probe of /healthz every
100 ms whose p99 is printed. Not a test: run it by hand, e.g.

    .venv/bin/python benchmarks/soak.py --requests 20000 --slow 50 --jobs 4
"""

from __future__ import annotations

import argparse
import http.client
import io
import itertools
import json
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
from slowclients import SlowSockets, timed  # noqa: E402

from service.batch.archive import MANIFEST_CSV, MANIFEST_JSON, SUMMARY_XLSX  # noqa: E402

MARKER = re.compile(rb"SOAK[0-9]{7}X")
#: What a job's zip ends with, once every document is in (service/batch/archive.py).
_LAST = [MANIFEST_JSON, MANIFEST_CSV, SUMMARY_XLSX]
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


@dataclass
class Jobs:
    """What the batch-job clients saw."""

    finished: int = 0
    problems: list[str] | None = None
    documents: int = 0


def job_client(
    port: int, reports: int, stop: threading.Event, tally: Jobs, lock: threading.Lock, first: int
) -> None:
    """Post batch jobs of `reports` marked reports one after another until `stop`, each followed
    to its end; its zip must hold every document, each with its own marker, and the manifest."""
    number = first
    while not stop.is_set():
        markers = [f"SOAK{n:07d}X".encode() for n in range(number, number + reports)]
        body = b"[" + b",".join(marked(n).body for n in range(number, number + reports)) + b"]"
        number += reports
        problem, documents = run_job(port, body, markers)
        with lock:
            tally.finished += problem is None
            tally.documents += documents
            if problem is not None:
                assert tally.problems is not None
                tally.problems.append(problem)


def run_job(port: int, body: bytes, markers: list[bytes]) -> tuple[str | None, int]:
    """Post one job, wait for it, check its zip; (problem or None, documents checked)."""
    status, data, headers = exchange(port, "POST", "/api/v1/batches", body)
    if status != 202:
        return f"job: {status} instead of 202", 0
    location = headers.get("Location", "")
    deadline = time.monotonic() + 600
    state = "queued"
    while state not in {"done", "failed", "cancelled"} and time.monotonic() < deadline:
        time.sleep(0.5)
        status, data, _ = exchange(port, "GET", location)
        state = json.loads(data)["state"] if status == 200 else f"status {status}"
    if state != "done":
        return f"job ended {state}", 0
    status, data, _ = exchange(port, "GET", location + "/result")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if names[-len(_LAST):] != _LAST or archive.testzip() is not None:
                return "job zip without its manifest and summary (truncated)", 0
            found = [
                set(MARKER.findall(document_xml(archive.read(name))))
                for name in names[: -len(_LAST)]
            ]
    except zipfile.BadZipFile:
        return "job result is not a zip (truncated)", 0
    if sorted(marker for documents in found for marker in documents) != sorted(markers):
        return "job zip documents do not hold exactly their reports' markers", 0
    return None, len(found)


def document_xml(document: bytes) -> bytes:
    """The word/document.xml of a .docx (empty when it is not one)."""
    try:
        with zipfile.ZipFile(io.BytesIO(document)) as inner:
            return inner.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError):
        return b""


def exchange(
    port: int, method: str, path: str, body: bytes | None = None
) -> tuple[int, bytes, dict[str, str]]:
    """One request; (status, body, headers), status 0 when it failed."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    except OSError:
        return 0, b"", {}
    finally:
        connection.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--max-minutes", type=float, default=30.0)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--check-every", type=int, default=1, help="open every Nth document")
    parser.add_argument("--samples", type=int, default=10, help="RSS samples along the way")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--slow", type=int, default=50, help="idle and trickling sockets held")
    parser.add_argument("--jobs", type=int, default=4, help="batch jobs kept in flight")
    parser.add_argument("--job-reports", type=int, default=100, help="reports per batch job")
    parser.add_argument("--front", choices=["nginx", "none"], default="nginx")
    args = parser.parse_args()

    requests = plan(args.requests, args.seed)
    port = free_port()
    command = ["-m", "service.cli", "serve", "--port", str(port), "--workers", str(args.workers)]
    server = start_server([*command, "--front", args.front], port)
    if server is None:
        return 1
    stop = threading.Event()
    jobs = Jobs(problems=[])
    health: list[float] = []

    def probe() -> None:
        while not stop.is_set():
            health.append(timed(port, "GET", "/healthz"))
            stop.wait(0.1)

    helpers = [threading.Thread(target=probe)] + [
        threading.Thread(
            target=job_client,
            args=(port, args.job_reports, stop, jobs, threading.Lock(), 9_000_000 + n * 100_000),
        )
        for n in range(args.jobs)
    ]
    slow = SlowSockets(port, args.slow // 2, args.slow - args.slow // 2)
    slow.__enter__()
    for helper in helpers:
        helper.start()
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
        stop.set()
        for helper in helpers:
            helper.join(700)
        slow.__exit__()
        server.terminate()
        server.wait(60)

    done = len(latencies)
    print(
        f"server: gov-report serve --front {args.front}, {args.workers} sync workers;"
        f" {args.clients} client threads, {args.slow} slow sockets,"
        f" {args.jobs} batch jobs in flight"
    )
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
    failed_health = sum(value == float("inf") for value in health)
    print(
        f"/healthz: {len(health)} probes, {failed_health} failed, "
        f"p99 {percentile(health, 0.99) * 1000:.0f} ms"
    )
    assert jobs.problems is not None
    print(
        f"batch jobs: {jobs.finished} done and checked ({jobs.documents} documents),"
        f" {len(jobs.problems)} with problems (truncated or wrong)"
    )
    for problem in jobs.problems[:5]:
        print(f"  {problem}")
    print(f"slow sockets closed by the server and reopened: {slow.reopened}")
    print("RSS MiB (nginx, master, workers, job runner) after N requests: "
          + ", ".join(f"{n}: {kib / 1024:.0f}" for n, kib in rss))
    first, last = rss[1][1] if len(rss) > 1 else rss[0][1], rss[-1][1]
    growth = (last - first) / first * 100
    print(f"RSS from the first sample under load to the last: {growth:+.1f} %")
    healthy = failed_health == 0 and percentile(health, 0.99) < 0.1 and not jobs.problems
    clean = tally.server_errors == 0 and not tally.mismatches and done == len(requests)
    return 0 if clean and healthy else 1


if __name__ == "__main__":
    sys.exit(main())
