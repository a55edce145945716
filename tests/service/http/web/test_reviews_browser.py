"""审核多份报告 in Chromium, as a clerk of the disclosure office meets it, with JavaScript on and
off: choose this year's files and last year's zip, start, wait on the job's page, read the review
in its frame, open a bureau's report in the editor from its row; axe-core on both pages."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from service import create_app
from service.config import Settings
from tests.review_support import DISTRICT, bureau, last_year_of
from tests.web_helpers import CHROMIUM, axe_violations, live_server, watched_page

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed (apt-get install chromium)"
)

@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The service on a live server with a job directory of its own (the default one in the
    temp dir is shared with whatever else runs jobs on the machine)."""
    jobs = tmp_path_factory.mktemp("jobs")
    settings = Settings.for_tests(secret_key="browser-tests", job_dir=jobs)
    with live_server(create_app(settings)) as url:
        yield url


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def javascript(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


@pytest.fixture
def page(browser: Browser, base_url: str, javascript: bool) -> Iterator[Page]:
    with watched_page(browser, base_url + "/reviews", javascript) as opened:
        opened.set_default_timeout(30_000)
        yield opened


def accessible(page: Page, javascript: bool) -> bool:
    """No serious or critical axe-core violation (axe runs as a script: with JavaScript on)."""
    return not javascript or axe_violations(page) == []


def district_files(folder: Path) -> tuple[list[Path], Path]:
    """Three bureaus' reports (one with its carry-over wrong) and last year's as a zip."""
    files, last = [], io.BytesIO()
    with zipfile.ZipFile(last, "w") as archive:
        for number in range(3):
            report = bureau(f"{DISTRICT}第{number}局", 2024, number + 1)
            previous = last_year_of(report)
            if number == 1:
                previous["applications"]["carried_forward"]["natural_person"] += 1
            path = folder / f"{number}.json"
            path.write_text(json.dumps(report, ensure_ascii=False), "utf-8")
            files.append(path)
            archive.writestr(f"{number}.json", json.dumps(previous, ensure_ascii=False))
    zipped = folder / "last.zip"
    zipped.write_bytes(last.getvalue())
    return files, zipped


def test_a_district_is_reviewed_and_a_row_opens_the_editor(
    page: Page, javascript: bool, tmp_path: Path
) -> None:
    assert accessible(page, javascript)
    files, last = district_files(tmp_path)
    page.set_input_files("#reports", [str(path) for path in files])
    page.set_input_files("#previous", str(last))
    page.click("#review-form button[type=submit]")
    page.wait_for_selector(".review-frame", timeout=60_000)
    assert "审核完成：共 3 份，其中 1 份需要修改或无法读取" in page.inner_text(".job")
    page.screenshot(path=str(tmp_path / "job.png"), full_page=True)
    assert accessible(page, javascript)
    frame = page.frame_locator(".review-frame")
    assert frame.locator("#state-fix").inner_text() == "需要修改（1 份）"
    row = frame.locator("tr#r1")
    assert "（X1）" in row.inner_text()
    with page.expect_navigation():
        row.locator("a.edit").click()
    assert page.url.split("/editor?")[1].endswith("&report=1")
    assert "已打开“1.json”" in page.inner_text("body")
    assert page.input_value("#f-organization") == f"{DISTRICT}第1局"
