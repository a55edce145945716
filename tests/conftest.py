"""Shared fixtures: the shipped example reports (service/examples/), helpers, a mixed batch, and
the HTTP app with its test clients."""

from __future__ import annotations

import copy
import json
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings
from playwright.sync_api import Browser, sync_playwright

from schemas.parsing.strict_json import parse_json
from schemas.registry import FORMAT_IDS
from service import create_app
from service.config import Settings
from service.pdf.convert.client import Broker, BrokerClient
from tests.batch_helpers import BatchCase
from tests.web_helpers import CHROMIUM, launch

# Hypothesis profiles: ``dev`` explores more, ``ci`` (the default under ``CI=true``) keeps the
# suite within a few minutes on two cores; HYPOTHESIS_PROFILE chooses one. Tests with their own
# @settings(max_examples=…) keep it. Reports are large examples, rendering slow for Hypothesis.
_PROFILE = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
    "print_blob": True,
}
settings.register_profile("ci", max_examples=25, derandomize=True, **_PROFILE)
settings.register_profile("dev", max_examples=150, **_PROFILE)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)

REPO = Path(__file__).resolve().parent.parent
#: The complete example of each format as the service ships it (the 2019 one is the real
#: published report of 秀洲区退役军人事务局; the 2021 one has a different number in every cell).
EXAMPLES = {format_id: REPO / "service/examples" / f"{format_id}.json" for format_id in FORMAT_IDS}
EXAMPLE_2019 = EXAMPLES["2019"]
EXAMPLE_2021 = EXAMPLES["2021"]
TITLE = "年政府信息公开工作年度报告"


@pytest.fixture
def example_2019_path() -> Path:
    return EXAMPLE_2019


@pytest.fixture
def example_2021_path() -> Path:
    return EXAMPLE_2021


@pytest.fixture
def example_2019() -> dict[str, Any]:
    """A fresh parsed copy of the 2019-format example (tests may change it)."""
    document = parse_json(EXAMPLE_2019.read_bytes())
    assert isinstance(document, dict)
    return document


@pytest.fixture
def example_2021() -> dict[str, Any]:
    """A fresh parsed copy of the complete 2021-format example (tests may change it)."""
    document = parse_json(EXAMPLE_2021.read_bytes())
    assert isinstance(document, dict)
    return document


def changed(document: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A copy of ``document`` with ``value`` at dotted ``path`` (objects created on the way)."""
    result = copy.deepcopy(document)
    *parents, last = path.split(".")
    node: Any = result
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node.setdefault(key, {})
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return result


def removed(document: dict[str, Any], path: str) -> dict[str, Any]:
    """A copy of ``document`` without the key at dotted ``path``."""
    result = copy.deepcopy(document)
    *parents, last = path.split(".")
    node: Any = result
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node[key]
    del node[last]
    return result


@pytest.fixture
def mixed_batch(example_2019_path: Path, example_2021_path: Path) -> list[BatchCase]:
    """Both formats, valid and invalid, a repeated organization, a warning, not JSON at all."""
    raw_2019 = example_2019_path.read_bytes()
    raw_2021 = example_2021_path.read_bytes()
    inconsistent = json.loads(raw_2021)
    inconsistent["applications"]["new_received"]["natural_person"] += 1
    warned = json.loads(raw_2019)
    warned["year"] = 2021
    org_2019 = json.loads(raw_2019)["organization"]
    org_2021 = json.loads(raw_2021)["organization"]

    def dumps(document: object) -> bytes:
        return json.dumps(document, ensure_ascii=False).encode()

    return [
        BatchCase("a-2019.json", raw_2019, "ok", org_2019, f"{org_2019}2020{TITLE}.docx"),
        BatchCase("b-2021.json", raw_2021, "ok", org_2021, f"{org_2021}2021{TITLE}.docx"),
        BatchCase("c-2021.json", raw_2021, "ok", org_2021, f"{org_2021}2021{TITLE}（2）.docx"),
        # the edited row's own 总计 (R2) is listed before the balance it upsets (R1)
        BatchCase("d-inconsistent.json", dumps(inconsistent), "failed", org_2021, code="R2"),
        BatchCase("e-not-json.json", b"{not json", "failed", None, code="invalid_json"),
        BatchCase(
            "f-warned.json",
            dumps(warned),
            "ok",
            org_2019,
            f"{org_2019}2021{TITLE}.docx",
            warning="format_year_mismatch",
        ),
    ]


@pytest.fixture(scope="session")
def job_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One batch job directory for the session: one job runner serves every test app."""
    return tmp_path_factory.mktemp("jobs")


@pytest.fixture
def make_client(job_dir: Path) -> Callable[..., FlaskClient]:
    """A factory of test clients for an app built with Settings.for_tests(**overrides)."""

    def build(**overrides: Any) -> FlaskClient:
        return create_app(Settings.for_tests(**{"job_dir": job_dir, **overrides})).test_client()

    return build


@pytest.fixture
def app(job_dir: Path) -> Flask:
    """The HTTP app with the test configuration."""
    return create_app(Settings.for_tests(job_dir=job_dir))


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="session")
def pdf_converter() -> Iterator[BrokerClient]:
    """The PDF converter pool as ``gov-report serve`` runs it (a broker process with two warm
    LibreOffice converters on 127.0.0.1:18140-18143), shared by every test that makes PDFs."""
    settings = Settings.for_tests(pdf_pool_size=2, pdf_port_base=18140, pdf_queue=32)
    broker = Broker(settings.pdf_options())
    try:
        deadline = time.monotonic() + 120
        while not broker.wait_ready(1) or broker.client.status()["ready"] < 2:
            assert time.monotonic() < deadline, "the shared PDF converters did not start"
        yield broker.client
    finally:
        broker.stop()


@pytest.fixture
def pdf_client(pdf_converter: BrokerClient) -> FlaskClient:
    """A test client of an app that makes PDFs with the shared converters."""
    return create_app(Settings.for_tests(), converter=pdf_converter).test_client()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium driven by Playwright, one for the whole run (skips without it)."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def published() -> dict[str, bytes]:
    """Both examples as published (test material for every interface that reads them): the
    text PDF LibreOffice exports from the .docx (``pdf-2019``, ``pdf-2021``), the service's own
    portal page (``html-…``) and a TRS-style portal page in GBK (``gbk-…``); and the 2021 example
    the year before (``pdf-2020``, last year's report for the cross-year checks)."""
    from schemas import load_report
    from service import documents
    from service.html.write.page import page
    from tests.handfilled import example_model
    from tests.portal_pages import trs_page
    from tests.reading_support import exported

    words = {}
    files: dict[str, bytes] = {}
    for format_id in FORMAT_IDS:
        report = example_model(format_id)
        words[f"pdf-{format_id}"] = documents.render(report)
        files[f"html-{format_id}"] = page(report).encode()
        files[f"gbk-{format_id}"] = trs_page(report, charset="gbk")
    this = json.loads(EXAMPLES["2021"].read_bytes())
    last = copy.deepcopy(this)
    last["year"] = 2020
    del last["title"]
    last["applications"]["carried_forward"] = dict(this["applications"]["carried_over"])
    for row in ("rules", "normative_documents"):
        counts = this["active_disclosure"][row]
        last["active_disclosure"][row]["in_force"] = (
            counts["in_force"] - counts["issued"] + counts["repealed"]
        )
    previous = load_report(json.dumps(last), allow_inconsistent=True).report
    assert previous is not None
    words["pdf-2020"] = documents.render(previous)
    files.update(exported(words, "pdf"))
    return files
