"""Shared fixtures: example reports, and the HTTP app with its test client."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service import create_app
from service.config import Settings

DATA = Path(__file__).parent / "data"
SHARED_EXAMPLES = Path(__file__).resolve().parents[2] / "shared" / "examples"


@pytest.fixture
def example_2019_path() -> Path:
    return SHARED_EXAMPLES / "xiuzhou-veterans-2020.json"


@pytest.fixture
def example_2021_path() -> Path:
    return DATA / "example-2021.json"


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
