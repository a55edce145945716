"""Shared fixtures: example reports, a mixed batch, and the HTTP app with its test client."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from batch_helpers import BatchCase
from flask import Flask
from flask.testing import FlaskClient

from service import create_app
from service.config import Settings

DATA = Path(__file__).parent / "data"
SHARED_EXAMPLES = Path(__file__).resolve().parents[2] / "shared" / "examples"
TITLE = "年政府信息公开工作年度报告"


@pytest.fixture
def example_2019_path() -> Path:
    return SHARED_EXAMPLES / "xiuzhou-veterans-2020.json"


@pytest.fixture
def example_2021_path() -> Path:
    return DATA / "example-2021.json"


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
        BatchCase("d-inconsistent.json", dumps(inconsistent), "failed", org_2021, code="R1"),
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


@pytest.fixture
def make_client() -> Callable[..., FlaskClient]:
    """A factory of test clients for an app built with Settings.for_tests(**overrides)."""

    def build(**overrides: Any) -> FlaskClient:
        return create_app(Settings.for_tests(**overrides)).test_client()

    return build


@pytest.fixture
def app() -> Flask:
    return create_app(Settings.for_tests())


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()
