"""Time reading a Word report back: import of a full 2021 report, and the round trip import +
validate + render, against python-docx's own ``Document(path)`` on the same file.

Run: ``python benchmarks/import.py [N]`` (N runs per measurement, default 200). The documents
are the 2021 example as the service renders it and the same report typed into the official
template by hand (tests/handfilled.py). Prints the median and spread of each, in wall-clock and
CPU time, and the ratio to python-docx measured in the same run (the machine's load affects
both alike).
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
from render import describe  # noqa: E402 (benchmarks/render.py, beside this script)

from schemas import load_report  # noqa: E402
from service import documents  # noqa: E402
from service.reading.result import DEFAULT_IMPORT_LIMITS  # noqa: E402

EXAMPLE = REPO / "service/examples/2021.json"


def import_only(data: bytes) -> object:
    """Read the document into the contract."""
    return documents.read(data, imports=DEFAULT_IMPORT_LIMITS)


def round_trip(data: bytes) -> bytes:
    """Read, validate, render again."""
    imported = documents.read(data, imports=DEFAULT_IMPORT_LIMITS)
    result = documents.validate(imported.report)
    assert result.report is not None
    return documents.render(result.report)


def python_docx(data: bytes) -> object:
    """python-docx opening the same bytes (the reference: no reading of the report at all)."""
    return docx.Document(io.BytesIO(data))


def timings(
    work: Callable[[bytes], object], data: bytes, runs: int
) -> tuple[list[float], list[float]]:
    """`runs` wall-clock and CPU durations of work(data) in milliseconds, after one warm-up.

    CPU time is this process's own: on a machine shared with other work it moves far less than
    wall time, which also counts the time the process waited for a core.
    """
    work(data)
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        work(data)
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return wall, cpu


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
        print(name)
        reference, reference_cpu = timings(python_docx, data, runs)
        base, base_cpu = statistics.median(reference), statistics.median(reference_cpu)
        print(f"  python-docx Document(): wall {describe(reference)}")
        print(f"                          cpu  {describe(reference_cpu)}")
        for label, work in (("import:", import_only), ("import+validate+render:", round_trip)):
            wall, cpu = timings(work, data, runs)
            print(f"  {label:<24}wall {describe(wall)}  "
                  f"({statistics.median(wall) / base:.1f}× python-docx)")
            print(f"  {'':<24}cpu  {describe(cpu)}  "
                  f"({statistics.median(cpu) / base_cpu:.1f}× python-docx)")


if __name__ == "__main__":
    main()
