"""Service configuration: safe defaults in code, overridden by ``GOV_REPORT_*`` variables."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from schemas.limits import DEFAULT_LIMITS, Limits
from service.batch.limits import DEFAULT_BATCH_LIMITS, BatchLimits
from service.errors import ConfigInvalid

ENV_PREFIX = "GOV_REPORT_"
#: Each field of schemas' Limits is the variable ``GOV_REPORT_LIMIT_<FIELD>``.
LIMIT_PREFIX = ENV_PREFIX + "LIMIT_"


@dataclass(frozen=True, slots=True)
class Settings:
    """Every limit and switch of the HTTP service; each field is one environment variable."""

    max_body_bytes: int = 2 * 1024 * 1024
    """Largest request body accepted (413 beyond it, chunked bodies included)."""
    render_timeout_seconds: float = 10.0
    """Budget for rendering one document (503 beyond it; the render finishes in background)."""
    render_threads: int = 2
    """Renders one process runs at once; also bounds the renders left running past a timeout."""
    api_tokens: tuple[str, ...] = ()
    """Bearer tokens accepted on /api/v1/*; empty means the API is open."""
    batch_max_body_bytes: int = 256 * 1024 * 1024
    """Largest request body of POST /api/v1/batches (JSON array, NDJSON or zip)."""
    batch_max_reports: int = DEFAULT_BATCH_LIMITS.max_reports
    """Most reports in one batch (CLI and HTTP)."""
    batch_max_zip_entries: int = DEFAULT_BATCH_LIMITS.max_zip_entries
    """Most entries in a batch zip."""
    batch_max_uncompressed_bytes: int = DEFAULT_BATCH_LIMITS.max_uncompressed_bytes
    """Largest total decompressed size of a batch zip."""
    batch_max_compression_ratio: int = DEFAULT_BATCH_LIMITS.max_compression_ratio
    """Largest decompressed-to-compressed ratio of one batch zip entry."""
    batch_max_report_bytes: int = DEFAULT_BATCH_LIMITS.max_report_bytes
    """Largest single report in a batch (file, zip entry or line)."""
    form_max_body_bytes: int = 8 * 1024 * 1024
    """Largest staff form post (every uploaded and pasted report together; 413 page beyond)."""
    form_max_files: int = 20
    """Most reports one staff form post may hold (uploaded, kept and pasted together)."""
    secret_key: str = field(default="", repr=False)
    """Signs the staff form's session cookie (CSRF token); empty: a random key per start."""
    limits: Limits = field(default=DEFAULT_LIMITS, metadata={"env": False})
    """Text lengths, list sizes and ranges validation enforces (``GOV_REPORT_LIMIT_*``)."""
    testing: bool = field(default=False, metadata={"env": False})

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Settings:
        """Return defaults overridden by ``GOV_REPORT_<FIELD>`` variables; raises ConfigInvalid."""
        overrides: dict[str, Any] = {}
        for spec in dataclasses.fields(cls):
            name = ENV_PREFIX + spec.name.upper()
            if not spec.metadata.get("env", True) or name not in environ:
                continue
            overrides[spec.name] = _parse(name, environ[name], _PARSERS[spec.name])
        return cls(**overrides, limits=_limits_from_env(environ))

    @classmethod
    def for_tests(cls, **overrides: Any) -> Settings:
        """Return the test configuration: defaults with Flask's testing mode, plus `overrides`."""
        return cls(testing=True, **overrides)

    def __post_init__(self) -> None:
        if self.max_body_bytes < 1:
            raise ConfigInvalid("GOV_REPORT_MAX_BODY_BYTES 必须为正整数 / must be positive")
        if not (math.isfinite(self.render_timeout_seconds) and self.render_timeout_seconds > 0):
            raise ConfigInvalid("GOV_REPORT_RENDER_TIMEOUT_SECONDS 必须为正数 / must be positive")
        if self.render_threads < 1:
            raise ConfigInvalid("GOV_REPORT_RENDER_THREADS 必须为正整数 / must be positive")
        for name in _BATCH_FIELDS + _FORM_FIELDS:
            if getattr(self, name) < 1:
                variable = ENV_PREFIX + name.upper()
                raise ConfigInvalid(f"{variable} 必须为正整数 / must be positive")

    def batch_limits(self) -> BatchLimits:
        """Return the limits a batch input is checked against."""
        return BatchLimits(
            max_reports=self.batch_max_reports,
            max_zip_entries=self.batch_max_zip_entries,
            max_uncompressed_bytes=self.batch_max_uncompressed_bytes,
            max_compression_ratio=self.batch_max_compression_ratio,
            max_report_bytes=self.batch_max_report_bytes,
        )


def _limits_from_env(environ: Mapping[str, str]) -> Limits:
    """Return default Limits overridden by ``GOV_REPORT_LIMIT_<FIELD>``; raises ConfigInvalid."""
    overrides = {
        spec.name: _parse(name, environ[name], _count)
        for spec in dataclasses.fields(Limits)
        if (name := LIMIT_PREFIX + spec.name.upper()) in environ
    }
    return dataclasses.replace(DEFAULT_LIMITS, **overrides)


def _count(text: str) -> int:
    """Parse a non-negative integer; raises ValueError."""
    value = int(text)
    if value < 0:
        raise ValueError(text)
    return value


def _tokens(text: str) -> tuple[str, ...]:
    """Split a comma-separated token list, dropping empty entries and surrounding blanks."""
    return tuple(token.strip() for token in text.split(",") if token.strip())


_PARSERS: dict[str, Callable[[str], Any]] = {
    "max_body_bytes": int,
    "render_timeout_seconds": float,
    "render_threads": int,
    "api_tokens": _tokens,
    "secret_key": str,
}
_BATCH_FIELDS = (
    "batch_max_body_bytes",
    "batch_max_reports",
    "batch_max_zip_entries",
    "batch_max_uncompressed_bytes",
    "batch_max_compression_ratio",
    "batch_max_report_bytes",
)
_FORM_FIELDS = ("form_max_body_bytes", "form_max_files")
_PARSERS.update(dict.fromkeys(_BATCH_FIELDS + _FORM_FIELDS, int))


def _parse(name: str, text: str, parser: Callable[[str], Any]) -> Any:
    """Apply `parser` to the variable's text; raises ConfigInvalid naming the variable."""
    try:
        return parser(text.strip())
    except ValueError:
        raise ConfigInvalid(f"环境变量 {name} 的值无效 / invalid value for {name}") from None
