"""Measure report validation: median and spread per example, against plain json.loads.

Run: .venv/bin/python benchmarks/validate.py [--repeat N]
Times one ``load_report(bytes)`` call (parse, schema, model, rules) per sample; the baseline is
``json.loads`` of the same bytes in the same run, so the ratio is comparable across machines.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from schemas import load_report

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = {
    "2019 xiuzhou-veterans-2020": ROOT / "service/examples/2019.json",
    "2021 service/examples/2021": ROOT / "service/examples/2021.json",
}


def sample(action: Callable[[], object], repeat: int) -> list[float]:
    """Run ``action`` ``repeat`` times (after a warm-up) and return each duration in ms."""
    for _ in range(20):
        action()
    durations = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        durations.append((time.perf_counter() - start) * 1000)
    return durations


def summary(durations: list[float]) -> tuple[float, float, float]:
    """Median, 10th and 90th percentile."""
    deciles = statistics.quantiles(durations, n=10)
    return statistics.median(durations), deciles[0], deciles[-1]


def main() -> None:
    """Print one line per example report."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=1000)
    args = parser.parse_args()
    for name, path in EXAMPLES.items():
        raw = path.read_bytes()
        result = load_report(raw)
        assert result.valid, result.errors
        validate = summary(sample(lambda raw=raw: load_report(raw), args.repeat))
        baseline = summary(sample(lambda raw=raw: json.loads(raw), args.repeat))
        print(
            f"{name} ({len(raw)} bytes): load_report median {validate[0]:.3f} ms "
            f"(p10 {validate[1]:.3f}, p90 {validate[2]:.3f}); json.loads median "
            f"{baseline[0]:.4f} ms (p10 {baseline[1]:.4f}, p90 {baseline[2]:.4f}); "
            f"ratio {validate[0] / baseline[0]:.0f}x"
        )


if __name__ == "__main__":
    main()
