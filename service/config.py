"""Service configuration: safe defaults in code, overridden by ``GOV_REPORT_*`` variables."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from service.errors import ConfigInvalid

ENV_PREFIX = "GOV_REPORT_"


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
    form_max_body_bytes: int = 8 * 1024 * 1024
    """Largest staff form post (every uploaded and pasted report together; 413 page beyond)."""
    form_max_files: int = 20
    """Most reports one staff form post may hold (uploaded, kept and pasted together)."""
    secret_key: str = field(default="", repr=False)
    """Signs the staff form's session cookie (CSRF token); empty: a random key per start."""
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
        return cls(**overrides)

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
        if self.form_max_body_bytes < 1:
            raise ConfigInvalid("GOV_REPORT_FORM_MAX_BODY_BYTES 必须为正整数 / must be positive")
        if self.form_max_files < 1:
            raise ConfigInvalid("GOV_REPORT_FORM_MAX_FILES 必须为正整数 / must be positive")


def _tokens(text: str) -> tuple[str, ...]:
    """Split a comma-separated token list, dropping empty entries and surrounding blanks."""
    return tuple(token.strip() for token in text.split(",") if token.strip())


_PARSERS: dict[str, Callable[[str], Any]] = {
    "max_body_bytes": int,
    "render_timeout_seconds": float,
    "render_threads": int,
    "api_tokens": _tokens,
    "form_max_body_bytes": int,
    "form_max_files": int,
    "secret_key": str,
}


def _parse(name: str, text: str, parser: Callable[[str], Any]) -> Any:
    """Apply `parser` to the variable's text; raises ConfigInvalid naming the variable."""
    try:
        return parser(text.strip())
    except ValueError:
        raise ConfigInvalid(f"环境变量 {name} 的值无效 / invalid value for {name}") from None
