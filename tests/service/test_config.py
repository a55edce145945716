from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from schemas.contract.limits import DEFAULT_LIMITS
from service.batch.limits import BatchLimits
from service.config import Settings
from service.errors import ConfigInvalid
from service.reading.limits import ImportLimits, ZipLimits


def test_defaults_are_safe() -> None:
    settings = Settings()
    assert settings.max_body_bytes == 2 * 1024 * 1024
    assert settings.render_timeout_seconds == 10.0
    assert settings.job_retention_seconds == 86400.0
    assert settings.batch_stream_seconds < 60  # under gunicorn's worker timeout
    assert (settings.web_open, settings.web_auth_header) == (False, "")
    assert settings.api_tokens == ()
    assert settings.testing is False


@pytest.mark.parametrize(
    ("variable", "text", "field", "expected"),
    [
        ("GOV_REPORT_MAX_BODY_BYTES", "1024", "max_body_bytes", 1024),
        ("GOV_REPORT_RENDER_TIMEOUT_SECONDS", " 2.5 ", "render_timeout_seconds", 2.5),
        ("GOV_REPORT_JOB_WORKERS", "3", "job_workers", 3),
        ("GOV_REPORT_JOB_DIR", "/srv/jobs", "job_dir", Path("/srv/jobs")),
        ("GOV_REPORT_JOB_RETENTION_SECONDS", "60", "job_retention_seconds", 60.0),
        ("GOV_REPORT_BATCH_STREAM_MAX_REPORTS", "5", "batch_stream_max_reports", 5),
        ("GOV_REPORT_BATCH_STREAM_SECONDS", "20", "batch_stream_seconds", 20.0),
        ("GOV_REPORT_WEB_OPEN", "true", "web_open", True),
        ("GOV_REPORT_WEB_OPEN", "0", "web_open", False),
        ("GOV_REPORT_WEB_AUTH_HEADER", " X-Remote-User ", "web_auth_header", "X-Remote-User"),
        ("GOV_REPORT_API_TOKENS", " alpha, beta ,,", "api_tokens", ("alpha", "beta")),
        ("GOV_REPORT_API_TOKENS", "", "api_tokens", ()),
        ("GOV_REPORT_FORM_MAX_BODY_BYTES", "4096", "form_max_body_bytes", 4096),
        ("GOV_REPORT_FORM_MAX_FILES", "5", "form_max_files", 5),
        ("GOV_REPORT_SECRET_KEY", " s3cret ", "secret_key", "s3cret"),
        ("GOV_REPORT_PDF_POOL_SIZE", "0", "pdf_pool_size", 0),  # at the limit: PDF off
        ("GOV_REPORT_PDF_POOL_SIZE", "3", "pdf_pool_size", 3),
        ("GOV_REPORT_PDF_CONVERTERS", "conv-1:2003, [fd00::2]:2003,", "pdf_converters",
         ("conv-1:2003", "[fd00::2]:2003")),
        ("GOV_REPORT_PDF_TIMEOUT_SECONDS", "30", "pdf_timeout_seconds", 30.0),
        ("GOV_REPORT_PDF_QUEUE", "1", "pdf_queue", 1),
        ("GOV_REPORT_PDF_RESTART_AFTER", "1", "pdf_restart_after", 1),
        ("GOV_REPORT_PDF_PORT_BASE", "0", "pdf_port_base", 0),
        ("GOV_REPORT_PDF_PORT_BASE", "1024", "pdf_port_base", 1024),
        ("GOV_REPORT_PDF_PORT_BASE", "65000", "pdf_port_base", 65000),
        ("GOV_REPORT_PDF_PREVIEW_PAGES", "1", "pdf_preview_pages", 1),
        ("GOV_REPORT_PDF_PYTHON", "/opt/lo/python", "pdf_python", "/opt/lo/python"),
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
        ("GOV_REPORT_JOB_WORKERS", "0"),
        ("GOV_REPORT_JOB_RETENTION_SECONDS", "0"),
        ("GOV_REPORT_BATCH_STREAM_MAX_REPORTS", "0"),
        ("GOV_REPORT_WEB_OPEN", "maybe"),
        ("GOV_REPORT_FORM_MAX_BODY_BYTES", "0"),
        ("GOV_REPORT_FORM_MAX_FILES", "-1"),
        ("GOV_REPORT_PDF_POOL_SIZE", "-1"),
        ("GOV_REPORT_PDF_CONVERTERS", "conv-1"),
        ("GOV_REPORT_PDF_CONVERTERS", "conv-1:99999"),
        ("GOV_REPORT_PDF_CONVERTERS", ":2003"),
        ("GOV_REPORT_PDF_TIMEOUT_SECONDS", "0"),
        ("GOV_REPORT_PDF_QUEUE", "0"),
        ("GOV_REPORT_PDF_RESTART_AFTER", "0"),
        ("GOV_REPORT_PDF_PORT_BASE", "1023"),
        ("GOV_REPORT_PDF_PORT_BASE", "65001"),
        ("GOV_REPORT_PDF_PREVIEW_PAGES", "0"),
    ],
)
def test_unusable_values_are_refused_naming_the_variable(variable: str, text: str) -> None:
    with pytest.raises(ConfigInvalid, match=variable):
        Settings.from_env({variable: text})


def test_batch_limits_come_from_batch_variables_like_validation_limits() -> None:
    settings = Settings.from_env(
        {"GOV_REPORT_BATCH_MAX_REPORTS": "7", "GOV_REPORT_BATCH_MAX_BODY_BYTES": "999"}
    )
    assert settings.batch == BatchLimits(max_reports=7)
    assert settings.batch_max_body_bytes == 999
    assert Settings.from_env({}).batch == BatchLimits()


def test_workbook_sheet_limits_are_import_limits() -> None:
    settings = Settings.from_env(
        {"GOV_REPORT_IMPORT_MAX_SHEET_ROWS": "300", "GOV_REPORT_IMPORT_MAX_SHEET_COLUMNS": "40"}
    )
    assert settings.imports == ImportLimits(max_sheet_rows=300, max_sheet_columns=40)


def test_the_zip_bounds_keep_their_batch_names_and_bound_every_reader() -> None:
    settings = Settings.from_env(
        {"GOV_REPORT_BATCH_MAX_ZIP_ENTRIES": "12", "GOV_REPORT_BATCH_MAX_COMPRESSION_RATIO": "9"}
    )
    assert settings.imports.zips == ZipLimits(max_zip_entries=12, max_compression_ratio=9)
    assert settings.batch == BatchLimits()


def test_the_template_folder_is_a_setting(tmp_path: Path) -> None:
    assert Settings.from_env({}).template_dir is None
    settings = Settings.from_env({"GOV_REPORT_TEMPLATE_DIR": f" {tmp_path} "})
    assert settings.template_dir == tmp_path


def test_validation_limits_come_from_limit_variables() -> None:
    settings = Settings.from_env(
        {"GOV_REPORT_LIMIT_PARAGRAPH_CHARS": "300", "GOV_REPORT_LIMIT_ITEMS_PER_SECTION": "5"}
    )
    assert settings.limits == replace(DEFAULT_LIMITS, paragraph_chars=300, items_per_section=5)
    assert Settings.from_env({}).limits == DEFAULT_LIMITS


@pytest.mark.parametrize(
    ("variable", "text", "accepts"),
    [
        ("GOV_REPORT_LIMIT_TITLE_CHARS", "-1", "must be a positive integer"),
        ("GOV_REPORT_LIMIT_TITLE_CHARS", "many", "must be a positive integer"),
        ("GOV_REPORT_LIMIT_TITLE_CHARS", "2.5", "must be a positive integer"),
        ("GOV_REPORT_LIMIT_PARAGRAPH_CHARS", "0", "must be a positive integer"),
        ("GOV_REPORT_LIMIT_ITEMS_PER_SECTION", "100", "must be an integer from 1 to 99"),
        ("GOV_REPORT_BATCH_MAX_ZIP_ENTRIES", "0", "must be a positive integer"),
        ("GOV_REPORT_BATCH_MAX_COMPRESSION_RATIO", "x", "must be a positive integer"),
        ("GOV_REPORT_IMPORT_MAX_SHEET_COLUMNS", "0", "must be a positive integer"),
        ("GOV_REPORT_IMPORT_MAX_SHEET_ROWS", "1e9", "must be a positive integer"),
        ("GOV_REPORT_TEMPLATE_DIR", "/no/such/folder", "must be an existing folder"),
    ],
)
def test_unusable_limits_are_refused_in_one_line(variable: str, text: str, accepts: str) -> None:
    with pytest.raises(ConfigInvalid) as raised:
        Settings.from_env({variable: text})
    message = raised.value.detail
    assert message.startswith(f"{variable}={text!r} 无效，应为")
    assert message.endswith(accepts)
    assert "\n" not in message


def test_the_secret_key_is_not_shown_in_the_settings_repr() -> None:
    assert "s3cret" not in repr(Settings(secret_key="s3cret"))
