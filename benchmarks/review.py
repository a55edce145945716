"""Measure the review: time and peak memory of ``gov-report review DIR --previous LASTDIR`` beside
validating the same reports in one process, and its memory from a small district to a large one.

Run: ``python benchmarks/review.py [--sizes 250 1000] [--repeats 3]``. For each size it writes a
district of that many bureaus (JSON reports, every one with last year's report in a previous
folder, one in fifty named with its city this year), then runs in fresh processes, alternately:

- **validate** (the baseline): what ``gov-report validate REPORT --previous LAST`` does for each
  report, all in one process (read both files, read last year's report, validate against it);
- **review**: ``gov-report review DIR --previous LASTDIR -o review.html -o review.xlsx --jobs 1``
  (one process, as the baseline), which also matches last year's reports by name, sums the
  district, draws the charts and writes both files.

It prints per size the median and spread of each's wall time and CPU time (both measured inside
the process, so interpreter start-up is left out; on a machine shared with other work the CPU
time is the steadier of the two), the ratios review / validate (the issue allows 1.5×), and
each's peak RSS (the process's own high-water mark: one process, no workers); then the review's
peak memory from the smallest size to the largest.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

BUREAUS = ("民政", "财政", "教育", "交通", "卫健", "商务", "司法")


def write_district(folder: Path, size: int) -> tuple[Path, Path]:
    """`size` bureaus' reports of 2024 and their reports of 2023; returns both folders."""
    from tests.review_support import bureau, last_year_of

    this, last = folder / f"this-{size}", folder / f"last-{size}"
    this.mkdir()
    last.mkdir()
    for number in range(size):
        name = f"测试区第{number // len(BUREAUS)}{BUREAUS[number % len(BUREAUS)]}局"
        report = bureau(name, 2024, number % 9 + 1)
        previous = last_year_of(report)
        if number % 50 == 0:  # named from the city this year: found all the same
            report["organization"] = report["signature"]["organization"] = f"测试市{name}"
        (this / f"{number:05d}.json").write_text(json.dumps(report, ensure_ascii=False))
        (last / f"{number:05d}.json").write_text(json.dumps(previous, ensure_ascii=False))
    return this, last


def child_validate(this: Path, last: Path) -> None:
    """What ``gov-report validate R --previous L`` does, for every report, in this process."""
    from service import documents
    from service.config import Settings
    from service.files import read_input

    settings = Settings()
    for report, previous in zip(sorted(this.iterdir()), sorted(last.iterdir()), strict=True):
        raw = read_input(str(report), settings.max_body_bytes)
        limit = max(settings.max_body_bytes, settings.imports.max_document_bytes)
        before = documents.load_previous(
            read_input(str(previous), limit), imports=settings.imports, limits=settings.limits
        )
        result = documents.validate(raw, limits=settings.limits, previous=before)
        assert result.valid, result.errors


def child_review(this: Path, last: Path) -> None:
    """``gov-report review`` of the folder against last year's, in this process."""
    from service.cli import main

    with tempfile.TemporaryDirectory() as out:
        code = main([
            "review", str(this), "--previous", str(last), "--jobs", "1",
            "-o", f"{out}/review.html", "-o", f"{out}/review.xlsx",
        ])  # fmt: skip
    assert code == 0, code


def measure(kind: str, this: Path, last: Path) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS in MB) of one run in a fresh process."""
    result = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(this), str(last)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    wall, cpu, peak = result.stdout.splitlines()[-1].split()  # after what the command says
    return float(wall), float(cpu), float(peak)


def _spread(times: list[float]) -> str:
    """Median, min and max of some runs' times."""
    return (f"median {statistics.median(times):6.2f} s (min {min(times):.2f},"
            f" max {max(times):.2f}, n={len(times)})")  # fmt: skip


def main() -> None:
    """Run the measurements and print them."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 1000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--child", nargs=3, metavar=("KIND", "THIS", "LAST"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        kind, this, last = args.child
        run = child_review if kind == "review" else child_validate
        wall, cpu = time.perf_counter(), time.process_time()
        run(Path(this), Path(last))
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{wall:.4f} {cpu:.4f} {peak_mb:.1f}")
        return
    peaks: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            this, last = write_district(Path(folder), size)
            walls: dict[str, list[float]] = {"validate": [], "review": []}
            cpus: dict[str, list[float]] = {"validate": [], "review": []}
            memory: dict[str, list[float]] = {"validate": [], "review": []}
            for _ in range(args.repeats):
                for kind in ("validate", "review"):
                    wall, cpu, peak = measure(kind, this, last)
                    walls[kind].append(wall)
                    cpus[kind].append(cpu)
                    memory[kind].append(peak)
            for kind in ("validate", "review"):
                print(
                    f"{size:>5} reports  {kind:<8}: wall {_spread(walls[kind])}"
                    f"  CPU {_spread(cpus[kind])}"
                    f"  {size / statistics.median(cpus[kind]):6.1f} reports/CPU-s"
                    f"  peak RSS {max(memory[kind]):6.1f} MB",
                    flush=True,
                )
            for name, times in (("wall", walls), ("CPU", cpus)):
                ratio = statistics.median(times["review"]) / statistics.median(times["validate"])
                print(f"{size:>5} reports  review / validate ({name}): {ratio:.2f}×"
                      " (allowed 1.50×)")  # fmt: skip
            peaks[size] = max(memory["review"])
    small, large = min(args.sizes), max(args.sizes)
    if small != large:
        print(
            f"review peak RSS {small} → {large} reports: {peaks[small]:.1f} → {peaks[large]:.1f}"
            f" MB ({peaks[large] - peaks[small]:+.1f} MB for {large / small:.0f}× the reports)"
        )


if __name__ == "__main__":
    main()
