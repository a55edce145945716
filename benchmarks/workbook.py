"""Measure workbooks: reading one filled workbook, and a batch of them into reports.

Run: ``python benchmarks/workbook.py [--reads 40] [--sizes 250 1000] [--repeats 2]``.

1. One filled workbook (2021 format) read and validated as a report
   (``documents.validate_workbook``), median and spread of ``--reads`` runs, against openpyxl's
   bare ``load_workbook`` on the same bytes (the reference, measured interleaved in the same
   run, so both see the same machine load). Target: median ≤ 40 ms.
2. Batches of ``--sizes`` workbooks (both formats, varied as in ``batch.py``) in a folder, run as
   ``gov-report batch --jobs 2`` does: reports per second including each .docx and the
   summary workbook, and the peak RSS of the process and its workers; the peak at the largest
   size against the smallest shows whether memory grows with the number of workbooks.
   Target: ≥ 60 reports/s, peak memory flat.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from batch import EXAMPLES, run_once, varied
from openpyxl import load_workbook

from service import documents
from service.xlsx.write.workbook import write_workbook


def workbook(number: int) -> bytes:
    """A filled workbook of report `number` (formats alternate)."""
    base = json.loads(EXAMPLES[number % 2].read_text(encoding="utf-8"))
    return write_workbook(varied(base, number))


def timed(action: Callable[[], object]) -> float:
    """Seconds one call of `action` takes."""
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def describe(name: str, times: list[float]) -> str:
    """Median and spread of a list of seconds, in milliseconds."""
    return (
        f"{name:<34} median {statistics.median(times) * 1000:7.2f} ms"
        f"  (min {min(times) * 1000:.2f}, max {max(times) * 1000:.2f}, n={len(times)})"
    )


def single_read(reads: int) -> None:
    """Part 1: one workbook read as a report against openpyxl's bare load."""
    data = workbook(1)
    result, _ = documents.validate_workbook(data)
    assert result.valid, result.errors
    ours, bare = [], []
    for _ in range(reads):
        ours.append(timed(lambda: documents.validate_workbook(data)))
        bare.append(timed(lambda: load_workbook(io.BytesIO(data)).close()))
    print(describe("read + validate (validate_workbook)", ours))
    print(describe("openpyxl load_workbook (reference)", bare))
    ratio = statistics.median(ours) / statistics.median(bare)
    print(f"ratio read+validate / bare load_workbook: {ratio:.2f}×  ({len(data)} bytes)")


def batches(sizes: list[int], repeats: int) -> None:
    """Part 2: folders of workbooks through the batch with two worker processes."""
    peaks: dict[int, int] = {}
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            source = Path(folder) / f"in-{size}"
            source.mkdir()
            for number in range(size):
                (source / f"{number:05d}.xlsx").write_bytes(workbook(number))
            times = []
            for _ in range(repeats):
                seconds, succeeded, peak = run_once(source, Path(folder) / "out.zip", 2)
                assert succeeded == size, f"only {succeeded} of {size} succeeded"
                times.append(seconds)
                peaks[size] = max(peaks.get(size, 0), peak)
            median = statistics.median(times)
            print(
                f"{size:>6} workbooks --jobs 2: median {median:7.2f} s"
                f"  (min {min(times):.2f}, max {max(times):.2f}, n={len(times)})"
                f"  {size / median:6.1f} reports/s  peak RSS {peaks[size] / 2**20:6.1f} MB",
                flush=True,
            )
    small, large = min(sizes), max(sizes)
    if small != large:
        print(
            f"peak RSS {small} → {large} workbooks: {peaks[small] / 2**20:.1f} → "
            f"{peaks[large] / 2**20:.1f} MB ({peaks[large] / peaks[small]:.2f}×"
            f" for {large / small:.0f}× the workbooks)"
        )


def main() -> None:
    """Run both parts and print them."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reads", type=int, default=40)
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 1000])
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    documents.prepare()
    single_read(args.reads)
    batches(args.sizes, args.repeats)


if __name__ == "__main__":
    main()
