"""Measure HTML and PDF: warm conversion against cold LibreOffice, a batch to PDF, converter
memory, and the HTML render.

Run: ``python benchmarks/pdf.py [--conversions 20] [--cold 5] [--batch 200] [--memory 500]
[--html 500] [--port-base 0]``. Prints, each with median and spread:

1. warm: the 2021 example's .docx converted by a warm converter (service.pdf.convert.pool, as the
   service runs it), beside cold: the same .docx by ``soffice --headless --convert-to pdf`` (a
   new LibreOffice per document, its profile already made), in the same run; the ratio
   (target: warm median ≤ 0.6 s and ≥ 2.5× faster);
2. a batch of varied reports to PDF with the default pool (one converter per core) through
   ``gov-report batch --to pdf``: wall time with the converters' start, reports per second;
3. one converter's memory (RSS of its process group: unoserver, oosplash, soffice.bin) every 25
   conversions over `--memory` conversions, with the default restart policy (every 200): the
   peak stays flat where a converter never restarted would keep its growth;
4. the HTML page render of the 2021 example (target: median ≤ 3 ms).

Figures taken on a busy shared machine are noisy: read the medians and the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from batch import varied  # noqa: E402

from service import documents  # noqa: E402
from service.catalog import example  # noqa: E402
from service.config import Settings  # noqa: E402
from service.html import page  # noqa: E402
from service.pdf.convert.converter import FONTS_CONF  # noqa: E402
from service.pdf.convert.pool import ConverterPool  # noqa: E402


def spread(values: list[float], unit: str = "s", scale: float = 1.0) -> str:
    median = statistics.median(values) * scale
    return (f"median {median:.3f} {unit} (min {min(values) * scale:.3f}, "
            f"max {max(values) * scale:.3f}, n={len(values)})")


def one_pool(folder: Path, port_base: int, restart_after: int = 200) -> ConverterPool:
    pool = ConverterPool.local(1, folder / "pool", port_base, "/usr/bin/python3", timeout=120.0,
                               queue=4, restart_after=restart_after)
    pool.start()
    if not pool.wait_ready(120):
        sys.exit("the converter did not start")
    return pool


def warm_and_cold(docx: bytes, folder: Path, conversions: int, cold: int,
                  port_base: int) -> None:
    pool = one_pool(folder, port_base)
    try:
        warm = []
        for _ in range(conversions):
            started = time.perf_counter()
            pool.convert(docx)
            warm.append(time.perf_counter() - started)
    finally:
        pool.close()
    source = folder / "report.docx"
    source.write_bytes(docx)
    profile = (folder / "cold-profile").as_uri()
    environment = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)}
    command = ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to",
               "pdf", "--outdir", str(folder / "cold"), str(source)]
    subprocess.run(command, check=True, capture_output=True, env=environment)  # makes the profile
    times = []
    for _ in range(cold):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=environment)
        times.append(time.perf_counter() - started)
    print(f"warm conversion (pool):     {spread(warm)}")
    print(f"cold soffice --convert-to:  {spread(times)}")
    print(f"warm is {statistics.median(times) / statistics.median(warm):.1f}× faster "
          f"(target ≥ 2.5×; warm median target ≤ 0.6 s)", flush=True)


def batch(size: int, folder: Path, port_base: int) -> None:
    base = json.loads(example("2021"))
    source = folder / "reports.jsonl"
    with source.open("w", encoding="utf-8") as stream:
        for number in range(size):
            stream.write(json.dumps(varied(base, number), ensure_ascii=False) + "\n")
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith("GOV_REPORT_")}
    environment["GOV_REPORT_PDF_PORT_BASE"] = str(port_base)
    converters = Settings.from_env(environment).pdf_pool_size
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "service.cli", "batch", str(source), "-o",
                    str(folder / "out.zip"), "--to", "pdf"], check=True, cwd=REPO,
                   env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    print(f"batch of {size} to PDF, {converters} converters (default): {seconds:.1f} s with their "
          f"start, {size / seconds:.1f} reports/s", flush=True)


def group_rss(pgid: int) -> int:
    """RSS in bytes of every process of a process group."""
    page_size, total = os.sysconf("SC_PAGE_SIZE"), 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
            if int(fields[2]) == pgid:
                total += int((entry / "statm").read_text().split()[1]) * page_size
        except (OSError, IndexError, ValueError):
            continue
    return total


def memory(docx: bytes, folder: Path, conversions: int, port_base: int) -> None:
    pool = one_pool(folder, port_base)
    samples = []
    try:
        for number in range(1, conversions + 1):
            pool.convert(docx)
            if number % 25 == 0:
                pool.wait_ready(120)  # after a restart, measure the new converter
                pid = pool.status()["converters"][0]["pid"]
                samples.append((number, group_rss(pid) / 2**20))
    finally:
        pool.close()
    series = "  ".join(f"{number}:{mib:.0f}" for number, mib in samples)
    print(f"converter RSS (MiB) every 25 conversions, restarted every 200: {series}")
    print(f"  peak {max(mib for _, mib in samples):.0f} MiB over {conversions} conversions")


def html(runs: int) -> None:
    report = documents.validate(example("2021")).report
    assert report is not None
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        page(report)
        times.append(time.perf_counter() - started)
    print(f"HTML page render: {spread(times, 'ms', 1000)} (target ≤ 3 ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--conversions", type=int, default=20)
    parser.add_argument("--cold", type=int, default=5)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--memory", type=int, default=500)
    parser.add_argument("--html", type=int, default=500)
    parser.add_argument("--port-base", type=int, default=0,
                        help="ports of the converters (0: free ones)")
    args = parser.parse_args()
    report = documents.validate(example("2021")).report
    assert report is not None
    docx = documents.render(report)
    html(args.html)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        if args.conversions and args.cold:
            warm_and_cold(docx, folder, args.conversions, args.cold, args.port_base)
        if args.batch:
            batch(args.batch, folder, args.port_base)
        if args.memory:
            memory(docx, folder, args.memory, args.port_base)


if __name__ == "__main__":
    main()
