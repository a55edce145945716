from __future__ import annotations

import pytest

from service.config import Settings
from service.errors import ConfigInvalid


def test_defaults_are_safe() -> None:
    settings = Settings()
    assert settings.max_body_bytes == 2 * 1024 * 1024
    assert settings.render_timeout_seconds == 10.0
    assert settings.render_threads == 2
    assert settings.api_tokens == ()
    assert settings.testing is False


@pytest.mark.parametrize(
    ("variable", "text", "field", "expected"),
    [
        ("GOV_REPORT_MAX_BODY_BYTES", "1024", "max_body_bytes", 1024),
        ("GOV_REPORT_RENDER_TIMEOUT_SECONDS", " 2.5 ", "render_timeout_seconds", 2.5),
        ("GOV_REPORT_RENDER_THREADS", "4", "render_threads", 4),
        ("GOV_REPORT_API_TOKENS", " alpha, beta ,,", "api_tokens", ("alpha", "beta")),
        ("GOV_REPORT_API_TOKENS", "", "api_tokens", ()),
    ],
)
def test_environment_overrides(variable: str, text: str, field: str, expected: object) -> None:
    settings = Settings.from_env({variable: text, "UNRELATED": "x"})
    assert getattr(settings, field) == expected


def test_testing_mode_cannot_be_switched_on_from_the_environment() -> None:
    assert Settings.from_env({"GOV_REPORT_TESTING": "1"}).testing is False
    assert Settings.for_tests().testing is True


@pytest.mark.parametrize(
    ("variable", "text"),
    [
        ("GOV_REPORT_MAX_BODY_BYTES", "lots"),
        ("GOV_REPORT_MAX_BODY_BYTES", "0"),
        ("GOV_REPORT_MAX_BODY_BYTES", "1.5"),
        ("GOV_REPORT_RENDER_TIMEOUT_SECONDS", "0"),
        ("GOV_REPORT_RENDER_TIMEOUT_SECONDS", "-1"),
        ("GOV_REPORT_RENDER_TIMEOUT_SECONDS", "nan"),
        ("GOV_REPORT_RENDER_TIMEOUT_SECONDS", "inf"),
        ("GOV_REPORT_RENDER_THREADS", "0"),
        ("GOV_REPORT_RENDER_THREADS", ""),
    ],
)
def test_unusable_values_are_refused_naming_the_variable(variable: str, text: str) -> None:
    with pytest.raises(ConfigInvalid, match=variable):
        Settings.from_env({variable: text})
