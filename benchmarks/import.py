"""Time reading a Word report back: import of a full 2021 report, and the round trip import +
validate + render, against python-docx's own ``Document(path)`` on the same file.

Run: ``python benchmarks/import.py [N]`` (N runs per measurement, default 200). The documents
are the 2021 example as the service renders it and the same report typed into the official
template by hand (tests/handfilled.py). Prints the median and spread of each, and the ratio to
python-docx measured in the same run (the machine's load affects both alike).
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import docx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from handfilled import Filling, cycling, filled_in  # noqa: E402

from schemas import load_report  # noqa: E402
from service import documents  # noqa: E402
from service.batch.limits import DEFAULT_BATCH_LIMITS  # noqa: E402
from service.imported import DEFAULT_IMPORT_LIMITS  # noqa: E402

EXAMPLE = REPO / "service/examples/2021.json"


def import_only(data: bytes) -> object:
    """Read the document into the contract."""
    return documents.read(data, imports=DEFAULT_IMPORT_LIMITS, zips=DEFAULT_BATCH_LIMITS)


def round_trip(data: bytes) -> bytes:
    """Read, validate, render again."""
    imported = documents.read(data, imports=DEFAULT_IMPORT_LIMITS, zips=DEFAULT_BATCH_LIMITS)
    result = documents.validate(imported.report)
    assert result.report is not None
    return documents.render(result.report)


def python_docx(data: bytes) -> object:
    """python-docx opening the same bytes (the reference: no reading of the report at all)."""
    return docx.Document(io.BytesIO(data))


def timings(work: Callable[[bytes], object], data: bytes, runs: int) -> list[float]:
    """`runs` wall-clock durations of work(data) in milliseconds, after one warm-up."""
    work(data)
    durations = []
    for _ in range(runs):
        start = time.perf_counter()
        work(data)
        durations.append((time.perf_counter() - start) * 1000)
    return durations


def describe(durations: list[float]) -> str:
    """Median and spread of durations."""
    quartiles = statistics.quantiles(durations, n=4)
    return (f"median {statistics.median(durations):6.2f} ms  "
            f"(IQR {quartiles[0]:.2f}–{quartiles[2]:.2f}, "
            f"min {min(durations):.2f}, max {max(durations):.2f}, n={len(durations)})")


def main() -> None:
    """Measure both documents and print one summary line each."""
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    report = load_report(EXAMPLE.read_bytes()).report
    assert report is not None
    documents.prepare()
    cases = {
        "2021 example rendered by the service": documents.render(report),
        "2021 example typed into the official template": filled_in(
            report, Filling(habit=cycling(), auto_numbered=True, nested=frozenset({"table3"}))
        ),
    }
    for name, data in cases.items():
        reference = timings(python_docx, data, runs)
        imported = timings(import_only, data, runs)
        trip = timings(round_trip, data, runs)
        base = statistics.median(reference)
        print(name)
        print(f"  python-docx Document(): {describe(reference)}")
        print(f"  import:                 {describe(imported)}  "
              f"({statistics.median(imported) / base:.1f}× python-docx)")
        print(f"  import+validate+render: {describe(trip)}  "
              f"({statistics.median(trip) / base:.1f}× python-docx)")


if __name__ == "__main__":
    main()
