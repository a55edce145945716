"""Service configuration: safe defaults in code, overridden by ``GOV_REPORT_*`` variables.

Every field of ``Settings`` is the variable ``GOV_REPORT_<FIELD>``; the nested limits are read the
same way under their own prefix: validation's ``Limits`` as ``GOV_REPORT_LIMIT_<FIELD>`` and the
batch's ``BatchLimits`` as ``GOV_REPORT_BATCH_<FIELD>``, an uploaded document's ``ImportLimits`` as
``GOV_REPORT_IMPORT_<FIELD>`` (the zip bounds inside it as ``GOV_REPORT_BATCH_<FIELD>``, the names
they had when only batch zips were bounded). A value that cannot be used raises ConfigInvalid with
one line naming the variable and what it accepts.
"""

from __future__ import annotations

import dataclasses
import math
import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from schemas.contract.limits import DEFAULT_LIMITS, POSITIVE, LimitInvalid, Limits
from service.batch import DEFAULT_BATCH_LIMITS, BatchLimits, BatchTask, make_task
from service.documents import Converter
from service.errors import ConfigInvalid
from service.outputs import DOCX, Output
from service.pdf.convert.converter import Address
from service.pdf.convert.options import PoolOptions
from service.reading.limits import DEFAULT_IMPORT_LIMITS, ImportLimits

ENV_PREFIX = "GOV_REPORT_"


def _at_least(minimum: int) -> Callable[[str], int]:
    """The reader of a whole number of at least `minimum` (it raises ValueError)."""

    def read(text: str) -> int:
        value = int(text)
        if value < minimum:
            raise ValueError(text)
        return value

    return read


def _positive_seconds(text: str) -> float:
    """A finite number of seconds above 0; raises ValueError."""
    value = float(text)
    if not (math.isfinite(value) and value > 0):
        raise ValueError(text)
    return value


def _tokens(text: str) -> tuple[str, ...]:
    """Split a comma-separated token list, dropping empty entries and surrounding blanks."""
    return tuple(token.strip() for token in text.split(",") if token.strip())


def _flag(text: str) -> bool:
    """true/false (also 1/0, yes/no); raises ValueError."""
    value = text.lower()
    if value in {"true", "1", "yes"}:
        return True
    if value in {"false", "0", "no"}:
        return False
    raise ValueError(text)


def _cores() -> int:
    """The cores this process may run on (the container's CPU set, not the host's)."""
    return len(os.sched_getaffinity(0))


def _directory(text: str) -> Path:
    """An existing folder; raises ValueError."""
    path = Path(text)
    if not path.is_dir():
        raise ValueError(text)
    return path


def _port(text: str) -> int:
    """0, or a TCP port an unprivileged process may listen on, leaving room for the ports
    above it; raises ValueError."""
    value = int(text)
    if value != 0 and not 1024 <= value <= 65000:
        raise ValueError(text)
    return value


def _addresses(text: str) -> tuple[str, ...]:
    """A comma-separated list of ``host:port``; raises ValueError."""
    return tuple(str(Address.parse(item)) for item in text.split(",") if item.strip())


def _whole_number(text: str) -> int:
    """Any integer (a limit's own check judges its range); raises ValueError."""
    return int(text)


#: How each kind of value is read, and what a person is told it accepts (a field's
#: ``metadata["reader"]``).
_POSITIVE_INT = (_at_least(1), POSITIVE)
_SECONDS = (_positive_seconds, "大于 0 的秒数 / a number of seconds above 0")
_TOKENS = (_tokens, "逗号分隔的令牌 / comma-separated tokens")
_TEXT = (str, "任意文字 / any text")
_FOLDER = (_directory, "已存在的文件夹 / an existing folder")
_COUNT = (_at_least(0), "非负整数 / a whole number of at least 0")
_PORT = (_port, "0 或 1024 至 65000 之间的端口号 / 0 or a port from 1024 to 65000")
_ADDRESSES = (_addresses, "逗号分隔的 主机:端口 / comma-separated host:port")
_FLAG = (_flag, "true 或 false / true or false")
_PATH = (Path, "文件夹路径 / a folder path")


@dataclass(frozen=True, slots=True)
class Settings:
    """Every limit and switch of the service; each field is one environment variable."""

    max_body_bytes: int = field(default=2 * 1024 * 1024, metadata={"reader": _POSITIVE_INT})
    """Largest request body accepted (413 beyond it, chunked bodies included)."""
    render_timeout_seconds: float = field(default=10.0, metadata={"reader": _SECONDS})
    """Budget for rendering one document (503 beyond it; the render is stopped)."""
    api_tokens: tuple[str, ...] = field(default=(), metadata={"reader": _TOKENS})
    """Bearer tokens accepted on /api/v1/*; empty means the API is open."""
    batch_max_body_bytes: int = field(default=256 * 1024 * 1024, metadata={"reader": _POSITIVE_INT})
    """Largest request body of POST /api/v1/batches (JSON array, NDJSON or zip)."""
    form_max_body_bytes: int = field(default=8 * 1024 * 1024, metadata={"reader": _POSITIVE_INT})
    """Largest staff form post (every uploaded and pasted report together; 413 page beyond)."""
    form_max_files: int = field(default=20, metadata={"reader": _POSITIVE_INT})
    """Most reports one staff form post may hold (uploaded, kept and pasted together)."""
    secret_key: str = field(default="", repr=False, metadata={"reader": _TEXT})
    """Signs the staff form's session cookie (CSRF token); empty: a random key per start."""
    web_open: bool = field(default=False, metadata={"reader": _FLAG})
    """The staff pages are open on purpose even when API tokens are set."""
    web_auth_header: str = field(default="", metadata={"reader": _TEXT})
    """A request header the intranet's sign-on proxy sets (e.g. X-Remote-User); when set, the
    staff pages need it instead of a token."""
    job_dir: Path | None = field(default=None, metadata={"reader": _PATH})
    """Where batch jobs are kept, shared by every worker; None: a folder in the temp dir."""
    job_workers: int = field(
        default_factory=lambda: min(4, _cores()), metadata={"reader": _POSITIVE_INT}
    )
    """Batch jobs rendered at once, each in a process of its own at low CPU priority."""
    job_retention_seconds: float = field(default=86400.0, metadata={"reader": _SECONDS})
    """How long a finished job and its zip are kept."""
    batch_stream_max_reports: int = field(default=100, metadata={"reader": _POSITIVE_INT})
    """Most reports in a batch answered as a stream (``?stream=true``) instead of a job."""
    batch_stream_seconds: float = field(default=30.0, metadata={"reader": _SECONDS})
    """Time a streamed batch may take (under gunicorn's worker timeout); reports left after it
    are listed as not processed."""
    template_dir: Path | None = field(default=None, metadata={"reader": _FOLDER})
    """Folder holding report-2019.docx, report-2021.docx… to use instead of the shipped ones."""
    limits: Limits = field(default=DEFAULT_LIMITS, metadata={"prefix": "LIMIT_"})
    """Text lengths, list sizes and ranges validation enforces (``GOV_REPORT_LIMIT_*``)."""
    batch: BatchLimits = field(default=DEFAULT_BATCH_LIMITS, metadata={"prefix": "BATCH_"})
    """Sizes and counts a batch input must stay within (``GOV_REPORT_BATCH_*``)."""
    pdf_pool_size: int = field(default_factory=_cores, metadata={"reader": _COUNT})
    """Local PDF converters (warm LibreOffice processes): one per core; 0 turns PDF off."""
    pdf_converters: tuple[str, ...] = field(default=(), metadata={"reader": _ADDRESSES})
    """``host:port`` of unoserver converters on other machines, used instead of local ones."""
    pdf_timeout_seconds: float = field(default=15.0, metadata={"reader": _SECONDS})
    """Budget of one conversion (503 pdf-timeout beyond it, the converter is restarted); also
    the longest wait for a free converter (503 busy beyond it)."""
    pdf_queue: int = field(default=16, metadata={"reader": _POSITIVE_INT})
    """Conversions that may wait for a converter; one more is refused with 503 busy."""
    pdf_restart_after: int = field(default=200, metadata={"reader": _POSITIVE_INT})
    """Conversions after which a local converter is restarted (LibreOffice's memory grows)."""
    pdf_port_base: int = field(default=0, metadata={"reader": _PORT})
    """Local converter n listens on 127.0.0.1 ports BASE+2n (XML-RPC) and BASE+2n+1 (UNO);
    0: on ports found free when it starts."""
    pdf_preview_pages: int = field(default=20, metadata={"reader": _POSITIVE_INT})
    """Pages of the PDF the staff page's preview shows as images (the count names the rest)."""
    pdf_python: str = field(default="/usr/bin/python3", metadata={"reader": _TEXT})
    """LibreOffice's own Python (the one that can ``import uno``): runs unoserver."""
    imports: ImportLimits = field(default=DEFAULT_IMPORT_LIMITS, metadata={"prefix": "IMPORT_"})
    """Sizes of an uploaded document and of any zip (``GOV_REPORT_IMPORT_*``, the zip bounds
    ``GOV_REPORT_BATCH_MAX_ZIP_ENTRIES``…)."""
    testing: bool = False
    """Flask's testing mode; never from the environment."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Settings:
        """Return defaults overridden by ``GOV_REPORT_*`` variables; raises ConfigInvalid."""
        values: dict[str, Any] = {}
        for spec in dataclasses.fields(cls):
            variable = ENV_PREFIX + spec.name.upper()
            if "reader" in spec.metadata and variable in environ:
                values[spec.name] = _read(variable, environ[variable], spec.metadata["reader"])
            elif "prefix" in spec.metadata:
                values[spec.name] = _nested(spec.default, spec.metadata["prefix"], environ)
        return cls(**values)

    @classmethod
    def for_tests(cls, **overrides: Any) -> Settings:
        """Return the test configuration: defaults with Flask's testing mode, plus `overrides`."""
        return cls(testing=True, **overrides)

    def __post_init__(self) -> None:
        # One report is never larger in a batch than alone: /reports and /batches agree.
        if self.batch.max_report_bytes > self.max_body_bytes:
            fitted = dataclasses.replace(self.batch, max_report_bytes=self.max_body_bytes)
            object.__setattr__(self, "batch", fitted)

    def batch_task(
        self,
        allow_inconsistent: bool,
        *,
        outputs: tuple[Output, ...] = (DOCX,),
        pdfa: bool = False,
        converter: Converter | None = None,
    ) -> BatchTask:
        """The task of a batch run under these settings (validation limits, Word templates, the
        bounds of workbook and Word inputs), with the batch's own options: what the CLI, the
        streamed answer and the job runner all run."""
        return make_task(
            allow_inconsistent, self.limits, self.template_dir, outputs=outputs, pdfa=pdfa,
            converter=converter, imports=self.imports,
        )  # fmt: skip

    def review_task(self) -> BatchTask:
        """The task of a review under these settings: each report checked, nothing rendered,
        the tables' rules and the carry-over let through so that the review reads the figures
        of a report that must be fixed (and says it must)."""
        return self.batch_task(True, outputs=())

    def pdf_options(self) -> PoolOptions:
        """What the converter pool of these settings is made of (GOV_REPORT_PDF_*)."""
        return PoolOptions(
            pool_size=self.pdf_pool_size,
            converters=self.pdf_converters,
            timeout=self.pdf_timeout_seconds,
            queue=self.pdf_queue,
            restart_after=self.pdf_restart_after,
            port_base=self.pdf_port_base,
            python=self.pdf_python,
        )

    def jobs_root(self) -> Path:
        """The job directory: ``job_dir``, else ``gov-report-jobs-<uid>`` in the temp dir."""
        if self.job_dir is not None:
            return self.job_dir
        return Path(tempfile.gettempdir()) / f"gov-report-jobs-{os.getuid()}"


def _read(variable: str, text: str, reader: tuple[Callable[[str], Any], str]) -> Any:
    """Apply a reader to the variable's text; raises ConfigInvalid naming what it accepts."""
    parse, accepts = reader
    try:
        return parse(text.strip())
    except ValueError:
        raise _invalid(variable, text, accepts) from None


def _nested(default: Any, prefix: str, environ: Mapping[str, str]) -> Any:
    """A limits dataclass with its fields overridden by ``GOV_REPORT_<prefix><FIELD>`` (a limits
    dataclass inside it read the same way under its own prefix); raises ConfigInvalid."""
    variables: dict[str, str] = {}
    overrides: dict[str, Any] = {}
    for spec in dataclasses.fields(default):
        if "prefix" in spec.metadata:
            inner = getattr(default, spec.name)
            overrides[spec.name] = _nested(inner, spec.metadata["prefix"], environ)
            continue
        variables[spec.name] = variable = ENV_PREFIX + prefix + spec.name.upper()
        if variable in environ:
            overrides[spec.name] = _read(variable, environ[variable], (_whole_number, POSITIVE))
    try:
        return dataclasses.replace(default, **overrides)
    except LimitInvalid as exc:
        variable = variables[exc.field]
        raise _invalid(variable, environ.get(variable, ""), exc.accepts) from None


def _invalid(variable: str, text: str, accepts: str) -> ConfigInvalid:
    """The one-line error for an unusable value."""
    chinese, _, english = accepts.partition(" / ")
    shown = text.strip()
    return ConfigInvalid(
        f"{variable}={shown!r} 无效，应为{chinese} / invalid value, must be {english}"
    )
