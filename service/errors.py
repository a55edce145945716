"""The one exception hierarchy of the service; each class knows its HTTP status and title.

Third-party errors are wrapped where they occur into one of these, with the internal cause
logged there; the message of an exception here is safe to show to a caller.
"""

from __future__ import annotations

from collections.abc import Sequence

from schemas.model.result import Issue


class GovReportError(Exception):
    """Base of every error this service raises on purpose."""

    status: int = 500
    slug: str = "internal-error"
    title: str = "服务内部错误 / internal error"
    headers: tuple[tuple[str, str], ...] = ()
    """Extra HTTP response headers the error calls for (e.g. ``WWW-Authenticate``)."""

    def __init__(self, detail: str | None = None) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title


class InputError(GovReportError):
    """The input cannot be read as a report at all (not JSON, not an object, unreadable)."""

    status = 400
    slug = "bad-input"
    title = "输入无法解析 / input cannot be parsed"


class ReportInvalid(GovReportError):
    """The report was read but breaks the contract or the consistency rules."""

    status = 422
    slug = "invalid-report"
    title = "报告数据有误 / the report has errors"

    def __init__(self, errors: Sequence[Issue], warnings: Sequence[Issue] = ()) -> None:
        super().__init__(f"报告有 {len(errors)} 处错误 / the report has {len(errors)} error(s)")
        self.errors = tuple(errors)
        self.warnings = tuple(warnings)


class TemplateProblem(GovReportError):
    """A Word template is missing, corrupt, or refers to something the model does not have."""

    status = 500
    slug = "template-error"
    title = "模板错误 / template error"


class RenderFailed(GovReportError):
    """Rendering a valid report failed for a reason inside the service."""

    status = 500
    slug = "render-failed"
    title = "文档生成失败 / the document could not be generated"


class ReportUnreadable(ReportInvalid, InputError):
    """Input that is not a readable JSON object (syntax, duplicate keys, nesting), with issues."""

    status = InputError.status
    slug = InputError.slug
    title = InputError.title

    def __init__(self, errors: Sequence[Issue], warnings: Sequence[Issue] = ()) -> None:
        super().__init__(errors, warnings)
        self.detail = errors[0].message if errors else self.title


class UnsupportedMediaType(GovReportError):
    """The request body is not declared as JSON (``Content-Type: application/json``)."""

    status = 415
    slug = "unsupported-media-type"
    title = "请求体类型不支持 / unsupported media type"


class NotAuthenticated(GovReportError):
    """The API needs a bearer token and the request has none, or a wrong one."""

    status = 401
    slug = "not-authenticated"
    title = "需要有效的访问令牌 / a valid bearer token is required"
    headers = (("WWW-Authenticate", 'Bearer realm="gov-report"'),)


class NotSignedIn(GovReportError):
    """The staff pages need a sign-in (the intranet's sign-on header) and the request has none."""

    status = 401
    slug = "not-signed-in"
    title = "请先通过单位统一身份认证登录 / sign in through the intranet first"


class UnknownFormat(GovReportError):
    """The requested report format does not exist."""

    status = 404
    slug = "unknown-format"
    title = "没有这种报告格式 / no such report format"


class RenderTimeout(GovReportError):
    """Rendering took longer than the configured budget; the caller may retry later."""

    status = 503
    slug = "render-timeout"
    title = "文档生成超时，请稍后重试 / rendering took too long, try again later"


class JobNotFound(GovReportError):
    """No batch job has that id (never had, or it was removed after its retention time)."""

    status = 404
    slug = "job-not-found"
    title = "没有这个批量任务（可能已过保留期限被清除） / no such batch job (it may have expired)"


class JobNotReady(GovReportError):
    """The result of a batch job was asked for before the job was done."""

    status = 409
    slug = "job-not-ready"
    title = "批量任务尚未完成 / the batch job is not done"

    def __init__(self, state: str) -> None:
        super().__init__(f"批量任务状态为 {state}，没有结果 / the job is {state}, it has no result")


class PdfProblem(GovReportError):
    """A PDF could not be made now (base of the converter pool's errors); may ask for a retry."""

    status = 503
    slug = "pdf-unavailable"
    title = "PDF 转换暂不可用，请稍后重试 / PDF conversion is not available now, try again later"

    def __init__(self, detail: str | None = None, retry_after: int | None = None) -> None:
        super().__init__(detail)
        self.retry_after = retry_after
        if retry_after is not None:
            self.headers = (("Retry-After", str(retry_after)),)


class PdfUnavailable(PdfProblem):
    """No converter is configured, none can start, or the pool does not answer."""


class PdfBusy(PdfProblem):
    """Every converter is busy and the queue of waiting conversions is full."""

    slug = "busy"
    title = "PDF 转换繁忙，请稍后重试 / every PDF converter is busy, try again later"


class PdfTimeout(PdfProblem):
    """A conversion took longer than its budget; its converter was killed and restarted."""

    slug = "pdf-timeout"
    title = "PDF 转换超时，请稍后重试 / the PDF conversion took too long, try again later"


class PdfFailed(PdfProblem):
    """LibreOffice failed on the document twice, on two converters."""

    status = 500
    slug = "pdf-failed"
    title = "PDF 转换失败 / the PDF conversion failed"


class StorageUnavailable(GovReportError):
    """The server could not store an upload for processing (disk full, I/O error)."""

    status = 503
    slug = "storage-unavailable"
    title = "服务器暂存空间不足，请稍后重试 / the server cannot store the upload now, try later"


class NotReady(GovReportError):
    """The service cannot render yet (templates not prepared) or no longer can."""

    status = 503
    slug = "not-ready"
    title = "服务尚未就绪 / the service is not ready"


class ConfigInvalid(GovReportError):
    """A configuration value (e.g. a ``GOV_REPORT_*`` environment variable) is unusable."""

    slug = "config-error"
    title = "配置有误 / invalid configuration"


class BatchUnusable(GovReportError):
    """A batch input cannot be used at all (missing, not a folder/zip/JSONL, corrupt, empty)."""

    status = 422
    slug = "batch-unusable"
    title = "批量输入无法使用 / the batch input cannot be used"


class BatchTooLarge(BatchUnusable):
    """A batch input is over a configured limit (reports, zip entries, sizes, compression)."""

    status = 413
    slug = "batch-too-large"
    title = "批量输入超出限制 / the batch input is over a limit"


class ArchiveCorrupt(GovReportError):
    """A file that must be a zip (a batch zip, a .docx, an .xlsx) cannot be read as one."""

    status = 422
    slug = "archive-corrupt"
    title = "文件已损坏或不是 zip 格式 / the file is corrupt or not a zip"


class ArchiveTooLarge(GovReportError):
    """A zip's declared entries are over a limit (count, total size, compression ratio)."""

    status = 413
    slug = "archive-too-large"
    title = "压缩文件超出限制 / the zip file is over a limit"


class DocumentUnsupported(GovReportError):
    """An uploaded document is not one the service can read: not a Word (or Excel) file, a .doc,
    a password-protected file, a damaged package, XML with a DTD; the detail says which."""

    status = 415
    slug = "unsupported-document"
    title = "无法读取该文件 / the file cannot be read"


class DocumentTooLarge(GovReportError):
    """An uploaded document is over a configured size limit (the file or one of its parts)."""

    status = 413
    slug = "document-too-large"
    title = "文件超出大小限制 / the file is over a size limit"


class NotAReport(ReportInvalid):
    """A Word document was read but is not a readable report (no tables, an unreadable cell…);
    ``errors`` names each problem by its table cell or paragraph."""

    slug = "not-a-report"
    title = "文档不是可读取的年度报告 / the document is not a readable report"

    def __init__(self, errors: Sequence[Issue], warnings: Sequence[Issue] = ()) -> None:
        super().__init__(errors, warnings)
        self.detail = (
            f"文档中有 {len(errors)} 处无法读取 / {len(errors)} problem(s) reading the document"
        )


class PreviousUnusable(ReportInvalid):
    """Last year's report given for the cross-year checks cannot be used (unreadable, not a
    report, breaking the contract); ``errors`` lists why, paths under ``previous.``."""

    slug = "previous-unusable"
    title = "上年度报告无法使用 / last year's report cannot be used"

    def __init__(self, errors: Sequence[Issue], warnings: Sequence[Issue] = ()) -> None:
        super().__init__(errors, warnings)
        self.detail = (
            f"上年度报告有 {len(errors)} 处问题，未作跨年度比对 / last year's report has "
            f"{len(errors)} problem(s); nothing was compared"
        )


class WorkbookUnreadable(DocumentUnsupported):
    """An .xlsx that cannot be read as a report workbook at all (not a workbook, damaged, a DTD,
    a sheet past a limit); ``code`` names the reason for problem lists."""

    def __init__(self, detail: str, code: str = "unreadable_workbook") -> None:
        super().__init__(detail)
        self.code = code


class FormRefused(GovReportError):
    """A staff form post without a valid CSRF token, or sent from another site."""

    status = 400
    slug = "form-refused"
    title = (
        "页面已过期或请求来源无效，请刷新页面后重新提交 / "
        "the form has expired or came from another site: reload the page and submit again"
    )
