"""Screenshots of the staff page in each state, for a person to look at (not a test).

Run: ``.venv/bin/python tests/web_screenshots.py [folder]`` (default /tmp/web-shots).
"""

from __future__ import annotations

import sys
from pathlib import Path

from handfilled import Filling, example_model, filled_in
from playwright.sync_api import Page, sync_playwright
from web_helpers import launch, live_server, three_errors, with_warning

from service import create_app
from service.config import Settings

EXAMPLE = Path(__file__).resolve().parents[1] / "service" / "examples" / "2019.json"


def upload(page: Page, name: str, data: bytes, mode: str) -> None:
    """Choose one file and press 校验 or 生成并下载."""
    page.set_input_files("#files", {"name": name, "mimeType": "application/json", "buffer": data})
    page.click(f'button[value="{mode}"]')


def main(folder: Path) -> None:
    """Write empty.png, errors.png, warnings.png, success.png, word.png (a hand-filled Word
    report read) and invalid-json.png."""
    folder.mkdir(parents=True, exist_ok=True)
    app = create_app(Settings.for_tests())
    with live_server(app) as url, sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="zh-CN")
        page = context.new_page()
        shots = {
            "empty": None,
            "errors": ("有错误.json", three_errors(EXAMPLE), "check"),
            "warnings": ("有提示.json", with_warning(EXAMPLE), "check"),
            "success": ("秀洲.json", EXAMPLE.read_bytes(), "generate"),
            "word": ("秀洲2020.docx", _hand_filled(), "check"),
        }
        for name, action in shots.items():
            page.goto(url + "/")
            if action is not None:
                if action[2] == "generate":
                    with page.expect_download():
                        upload(page, *action)
                else:
                    upload(page, *action)
                page.wait_for_selector("#notice:not(.notice-busy)")
            page.screenshot(path=folder / f"{name}.png", full_page=True)
        page.goto(url + "/")
        page.fill("#pasted", '{"year": 2021, "organization": "某局",')
        page.click('button[value="check"]')
        page.wait_for_selector("#notice:not(.notice-busy)")
        page.screenshot(path=folder / "invalid-json.png", full_page=True)
        context.close()
        browser.close()


def _hand_filled() -> bytes:
    """The 2019 example typed into the official template with people's typing habits."""
    return filled_in(example_model("2019"), Filling(table_note="单位：件"))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/web-shots"))
