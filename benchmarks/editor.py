"""Measure the report editor: server time of GET /editor, the page's recomputation per
keystroke, and the page's weight.

Run: .venv/bin/python benchmarks/editor.py [--repeat N] [--keys N]

- Server: ``GET /editor`` through the WSGI app in process (no network), median and spread; the
  baseline is ``GET /`` (the upload page) in the same run. Target: median ≤ 50 ms.
- Browser (Debian's /usr/bin/chromium, headless): the example 2021 report opened in the editor,
  then ``--keys`` keystrokes typed into table-3 cells; the page records how long each full
  recomputation (every 总计, every R1–R4 relation, the marks and messages) took with
  ``performance.now()``. The baseline is reading every cell's value once, in the same page.
  Target: median ≤ 5 ms.
- Weight: the bytes of the HTML, CSS and JavaScript the editor loads (and gzip-compressed).
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from playwright.sync_api import sync_playwright  # noqa: E402
from validate import sample, summary  # noqa: E402  (this folder: the same statistics)
from web_helpers import launch, live_server  # noqa: E402

from service import create_app  # noqa: E402
from service.config import Settings  # noqa: E402

EXAMPLE = ROOT / "service/examples/2021.json"
CELLS = [
    "三、收到和处理政府信息公开申请情况 · 一、本年新收政府信息公开申请数量 · 自然人",
    "三、收到和处理政府信息公开申请情况 · 三、本年度办理结果 · （三）不予公开 · "
    "1.属于国家秘密 · 自然人",
    "三、收到和处理政府信息公开申请情况 · 四、结转下年度继续办理 · 法人或其他组织 · 其他",
]


def line(name: str, measured: list[float], baseline: list[float], base_name: str) -> str:
    """One printed result: median and spread of both, and their ratio."""
    value, base = summary(measured), summary(baseline)
    return (
        f"{name}: median {value[0]:.3f} ms (p10 {value[1]:.3f}, p90 {value[2]:.3f}, "
        f"max {max(measured):.3f}); {base_name}: median {base[0]:.3f} ms (p10 {base[1]:.3f}, "
        f"p90 {base[2]:.3f}); ratio {value[0] / base[0]:.1f}x"
    )


def server(repeat: int) -> None:
    """GET /editor against GET / in process."""
    client = create_app(Settings.for_tests(secret_key="benchmark")).test_client()
    editor = sample(lambda: client.get("/editor").close(), repeat)
    upload = sample(lambda: client.get("/").close(), repeat)
    print(line("server GET /editor", editor, upload, "GET / (baseline)"))


def weight() -> None:
    """The bytes of the editor's HTML, CSS and JavaScript."""
    client = create_app(Settings.for_tests(secret_key="benchmark")).test_client()
    page = client.get("/editor").data
    assets = re.findall(rb'(?:href|src)="(/web-static/[^"]+\.(?:css|js))"', page)
    parts = {"HTML": page, **{name.decode(): client.get(name.decode()).data for name in assets}}
    total = sum(len(data) for data in parts.values())
    packed = sum(len(gzip.compress(data)) for data in parts.values())
    shown = ", ".join(f"{name} {len(data) / 1024:.1f} KiB" for name, data in parts.items())
    print(f"page weight: {total / 1024:.1f} KiB ({packed / 1024:.1f} KiB gzip): {shown}")


def browser(keys: int) -> None:
    """Keystrokes in the editor: the page's own recomputation times."""
    app = create_app(Settings.for_tests(secret_key="benchmark"))
    with live_server(app) as url, sync_playwright() as playwright:
        chromium = launch(playwright)
        page = chromium.new_context(locale="zh-CN").new_page()
        page.goto(url + "/editor")
        page.set_input_files("#f-upload", EXAMPLE)
        page.get_by_role("button", name="打开", exact=True).click()
        page.wait_for_selector("#notice:not(.notice-busy)")
        page.evaluate("window.editorTimings = []")
        for index in range(keys):
            field = page.get_by_label(CELLS[index % len(CELLS)], exact=True)
            field.press("End")
            field.press(str(index % 10) if index % 2 == 0 else "Backspace")
        timings: list[float] = page.evaluate("window.editorTimings")
        # performance.now() is coarse (0.1 ms): each baseline sample reads every cell 50 times.
        baseline: list[float] = page.evaluate(
            """n => {
                const cells = Array.from(document.querySelectorAll("input.cell"));
                const times = [];
                let sum = 0;
                for (let i = 0; i < n; i++) {
                    const start = performance.now();
                    for (let j = 0; j < 50; j++) {
                        cells.forEach(cell => { sum += cell.value.length; });
                    }
                    times.push((performance.now() - start) / 50);
                }
                return sum >= 0 ? times : [];
            }""",
            len(timings),
        )
        chromium.close()
    print(f"browser: {len(timings)} recomputations for {keys} keystrokes")
    print(line("browser recompute per keystroke", timings, baseline, "read every cell (baseline)"))


def main() -> None:
    """Print the server, browser and weight lines."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--keys", type=int, default=120)
    args = parser.parse_args()
    server(args.repeat)
    browser(args.keys)
    weight()


if __name__ == "__main__":
    main()
