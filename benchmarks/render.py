"""Time rendering the example reports: the prepared-once path against plain docxtpl.

Run: ``python benchmarks/render.py [N]`` (N renders per report and path, default 200 for the
fast path; plain docxtpl gets N // 10, at least 5, because it is much slower). Prints the
median and spread per report, then one summary line over all renders.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from docxtpl import DocxTemplate

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from schemas import load_report  # noqa: E402
from schemas.model.report import Report  # noqa: E402
from service.docx import render_report  # noqa: E402
from service.docx.write.environment import word_environment  # noqa: E402
from service.docx.write.render import report_context  # noqa: E402
from word_templates import template_path  # noqa: E402

EXAMPLES = {
    "xiuzhou-veterans-2020 (2019 format)": REPO / "service/examples/2019.json",
    "example-2021 (2021 format)": REPO / "service/examples/2021.json",
}


def plain_docxtpl(report: Report) -> bytes:
    """Render the same template and data the way docxtpl is normally used."""
    document = DocxTemplate(template_path(report.format))
    document.render(report_context(report), jinja_env=word_environment(), autoescape=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def timings(render: Callable[[Report], bytes], report: Report, runs: int) -> list[float]:
    """Return `runs` wall-clock durations of render(report), in milliseconds."""
    render(report)  # warm-up: the fast path prepares its template here
    durations = []
    for _ in range(runs):
        start = time.perf_counter()
        render(report)
        durations.append((time.perf_counter() - start) * 1000)
    return durations


def describe(durations: list[float]) -> str:
    """Median and spread (min–max and quartiles) of a list of durations."""
    quartiles = statistics.quantiles(durations, n=4)
    return (f"median {statistics.median(durations):7.2f} ms  "
            f"(IQR {quartiles[0]:.2f}–{quartiles[2]:.2f}, "
            f"min {min(durations):.2f}, max {max(durations):.2f}, n={len(durations)})")


def main() -> None:
    """Benchmark every example and print the summary line last."""
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    fast_all: list[float] = []
    plain_all: list[float] = []
    for name, path in EXAMPLES.items():
        report = load_report(path.read_bytes()).report
        assert report is not None, name
        fast = timings(render_report, report, runs)
        plain = timings(plain_docxtpl, report, max(5, runs // 10))
        fast_all += fast
        plain_all += plain
        print(f"{name}\n  render:         {describe(fast)}\n  plain docxtpl:  {describe(plain)}")
    fast_median = statistics.median(fast_all)
    plain_median = statistics.median(plain_all)
    print(f"render: median {fast_median:.2f} ms, plain docxtpl: median {plain_median:.2f} ms, "
          f"speed-up {plain_median / fast_median:.1f}×")


if __name__ == "__main__":
    main()
