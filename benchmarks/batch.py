"""Measure batch generation: reports per second, speed-up 1 → 2 jobs, growth with size, memory.

Run: ``python benchmarks/batch.py [--sizes 1000 5000] [--repeats 3]``. Generates varied reports
(both formats, organizations, years, numbers, text length) as JSONL, runs the batch as the CLI
does with --jobs 1 and --jobs 2, and prints per run the median and spread of the wall time,
reports per second and the peak memory (RSS of this process plus all its descendants, sampled
every 20 ms). Then: the speed-up 1 → 2 jobs (baseline: --jobs 1 in the same run) and the time
growth from the smallest to the largest size against linear.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from service import documents  # noqa: E402
from service.batch.limits import BatchLimits  # noqa: E402
from service.batch.pool import make_task  # noqa: E402
from service.batch.runner import write_batch_file  # noqa: E402
from service.batch.sources import open_path  # noqa: E402

EXAMPLES = (
    REPO / "service/examples/2019.json",
    REPO / "service/examples/2021.json",
)


def varied(base: dict[str, Any], number: int) -> dict[str, Any]:
    """A copy of `base` with another organization and year, other numbers, longer text."""
    report = copy.deepcopy(base)
    bureau = ("民政", "财政", "教育", "交通")[number % 4]
    report["organization"] = f"测试市第{number % 997}区{bureau}局"
    report.pop("title", None)
    if report["format"] == "2021":
        report["year"] = 2021 + number % 4
        disclosure = report["active_disclosure"]
        disclosure["licensing_decisions"] = number % 5000
        disclosure["fee_amount"] = f"{number % 10000}.{number % 100:02d}"
    else:
        report["year"] = 2019 + number % 2
        report["active_disclosure"]["licensing"]["decisions"] = number % 5000
    report.pop("signature", None)
    report["preamble"] = [report["problems"]["items"][0]["paragraphs"][0] * (1 + number % 4)]
    return report


def write_input(folder: Path, size: int) -> Path:
    """Write `size` varied reports as JSONL; returns its path."""
    bases = [json.loads(path.read_text(encoding="utf-8")) for path in EXAMPLES]
    path = folder / f"reports-{size}.jsonl"
    with path.open("w", encoding="utf-8") as stream:
        for number in range(size):
            report = varied(bases[number % 2], number)
            stream.write(json.dumps(report, ensure_ascii=False) + "\n")
    return path


SAMPLER = """
import os, sys
page = os.sysconf("SC_PAGE_SIZE")
root, peak = int(sys.argv[1]), 0

def rss(pid):
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/statm") as statm:
                total += int(statm.read().split()[1]) * page
            with open(f"/proc/{current}/task/{current}/children") as children:
                stack.extend(int(child) for child in children.read().split())
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total

while sys.stdin.readable():
    peak = max(peak, rss(root))
    import select
    if select.select([sys.stdin], [], [], 0.02)[0]:
        break
print(peak)
"""


class PeakMemory:
    """Samples the RSS of this process and its descendants every 20 ms, from another process.

    Not a thread: the batch forks its workers only from a single-threaded parent, as the CLI is.
    """

    def __enter__(self) -> PeakMemory:
        self._sampler = subprocess.Popen(
            [sys.executable, "-c", SAMPLER, str(os.getpid())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        return self

    def __exit__(self, *exc: object) -> None:
        output, _ = self._sampler.communicate("stop\n")
        self.peak = int(output)


def run_once(source_path: Path, output: Path, jobs: int) -> tuple[float, int, int]:
    """One batch run; returns (seconds, succeeded, peak RSS bytes)."""
    limits = BatchLimits(max_reports=100_000)
    with PeakMemory() as memory, open_path(source_path, limits) as source:
        started = time.perf_counter()
        summary = write_batch_file(source, output, make_task(False), jobs)
        seconds = time.perf_counter() - started
    return seconds, summary.succeeded, memory.peak


def main() -> None:
    """Run the measurements and print them."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    documents.prepare()
    medians: dict[tuple[int, int], float] = {}
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            source_path = write_input(Path(folder), size)
            for jobs in (1, 2):
                times, peaks = [], []
                for _ in range(args.repeats):
                    seconds, succeeded, peak = run_once(source_path, Path(folder) / "out.zip", jobs)
                    assert succeeded == size, f"only {succeeded} of {size} succeeded"
                    times.append(seconds)
                    peaks.append(peak)
                median = statistics.median(times)
                medians[size, jobs] = median
                print(
                    f"{size:>6} reports  --jobs {jobs}: median {median:7.2f} s"
                    f"  (min {min(times):.2f}, max {max(times):.2f}, n={len(times)})"
                    f"  {size / median:6.1f} reports/s"
                    f"  peak RSS {max(peaks) / 2**20:6.1f} MB",
                    flush=True,
                )
    for size in args.sizes:
        print(f"speed-up 1 → 2 jobs at {size}: {medians[size, 1] / medians[size, 2]:.2f}×")
    small, large = min(args.sizes), max(args.sizes)
    if small != large:
        for jobs in (1, 2):
            growth = medians[large, jobs] / medians[small, jobs]
            per_report = growth * small / large
            print(
                f"time growth {small} → {large} (--jobs {jobs}): {growth:.2f}× "
                f"for {large / small:.0f}× the reports (per-report time ×{per_report:.2f})"
            )


if __name__ == "__main__":
    main()
