"""The ``gov-report`` command: validate, render, import, workbook, check-template, serve, batch,
review, converter.

Exit codes: 0 success, 1 the report (or some reports) is invalid — for ``import``: the Word
document is not a readable report —, 2 the input cannot be used.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import logging
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TextIO, TypeVar

from schemas import Issue, Report, Validation
from schemas.registry import FORMAT_IDS
from service import documents
from service.batch import (
    REVIEW_HTML,
    REVIEW_XLSX,
    BatchInput,
    PreviousReports,
    Progress,
    WithPreviousInput,
    open_path,
    review_writer,
    reviewing,
    write_batch,
)
from service.config import Settings
from service.deadline import Deadline
from service.docx import check_template
from service.errors import (
    ConfigInvalid,
    GovReportError,
    PdfUnavailable,
    PreviousUnusable,
    TemplateProblem,
)
from service.files import (
    STANDARD_STREAM,
    output,
    read_input,
    remove_unfinished,
    shown,
    writable_output,
)
from service.outputs import DOCX, HTML, OUTPUTS, PDF, Output, by_extension
from service.pdf.convert.client import BrokerClient, running_broker
from service.pdf.convert.converter import Address
from service.pdf.convert.standalone import run_converter
from service.review import ReviewOptions

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_UNUSABLE = 2


def _read_report(name: str, settings: Settings) -> bytes | None:
    """The report file `name` (``-``: stdin) within the HTTP body limit; None (reason printed)
    when it cannot be read or is refused (a device, a FIFO, too large)."""
    try:
        return read_input(name, settings.max_body_bytes)
    except GovReportError as exc:
        print(exc.detail, file=sys.stderr)
    except OSError as exc:
        print(f"无法读取文件 / cannot read {shown(name)}: {exc.strerror}", file=sys.stderr)
    return None


def _print_issues(title: str, issues: Sequence[Issue], out: TextIO | None = None) -> None:
    """Print a titled, numbered list of issues in Chinese for a person at a terminal."""
    if not issues:
        return
    print(f"{title}（{len(issues)}）：", file=out)
    for number, issue in enumerate(issues, 1):
        where = f"位置 {issue.path or '(根)'} · {issue.code}"
        print(f"  {number}. {issue.label}\n     {where}", file=out)
        print(f"     {issue.message}", file=out)
        for line in issue.excerpt.splitlines():
            print(f"     | {line}", file=out)


def _previous(name: str | None, settings: Settings) -> Report | None:
    """Last year's report named by ``--previous`` (.json, or a document), None without the option;
    raises PreviousUnusable, FileRefused, OSError."""
    if name is None:
        return None
    limit = max(settings.max_body_bytes, settings.imports.max_document_bytes)
    return documents.load_previous(
        read_input(name, limit), imports=settings.imports, limits=settings.limits
    )


def _previous_or_exit(args: argparse.Namespace, settings: Settings) -> Report | int | None:
    """``--previous`` read for a command, or the exit code when it cannot be used (printed)."""
    try:
        return _previous(args.previous, settings)
    except OSError as exc:
        print(f"无法读取文件 / cannot read {shown(args.previous)}: {exc.strerror}",
              file=sys.stderr)
    except PreviousUnusable as exc:
        print(exc.detail, file=sys.stderr)
        _print_issues("上年度报告的问题", exc.errors, sys.stderr)
    except GovReportError as exc:
        print(exc.detail, file=sys.stderr)
    return EXIT_UNUSABLE


def _report_problems(result: Validation, out: TextIO | None = None) -> None:
    """Print a validation result's errors and warnings for a person."""
    _print_issues("错误", result.errors, out)
    _print_issues("警告", result.warnings, out)


def _messages(output_name: str) -> TextIO:
    """Where messages for the person go: stderr when the result itself goes to stdout."""
    return sys.stderr if output_name == STANDARD_STREAM else sys.stdout


def _validated(args: argparse.Namespace, settings: Settings) -> Validation | int:
    """FILE (and ``--previous``) read and validated; the exit code when an input cannot be used
    (the reason printed)."""
    raw = _read_report(args.file, settings)
    if raw is None:
        return EXIT_UNUSABLE
    previous = _previous_or_exit(args, settings)
    if isinstance(previous, int):
        return previous
    return documents.validate(
        raw, allow_inconsistent=args.allow_inconsistent, limits=settings.limits, previous=previous
    )


def _cmd_validate(args: argparse.Namespace, settings: Settings) -> int:
    """Validate one report file; see the module docstring for exit codes."""
    result = _validated(args, settings)
    if isinstance(result, int):
        return result
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        _report_problems(result)
        print("校验通过 / valid" if result.valid else "校验未通过 / invalid")
    if result.valid:
        return EXIT_OK
    return EXIT_UNUSABLE if result.unreadable else EXIT_INVALID


@contextlib.contextmanager
def _pdf_converters(settings: Settings, most: int) -> Iterator[BrokerClient]:
    """The converters of a command: GOV_REPORT_PDF_CONVERTERS when set, else at most `most`
    local ones started for it (about 6 s); raises PdfUnavailable when there can be none."""
    options = settings.pdf_options()
    if not options.enabled:
        raise PdfUnavailable(
            "PDF 转换已关闭（GOV_REPORT_PDF_POOL_SIZE=0）/ PDF is off (GOV_REPORT_PDF_POOL_SIZE=0)"
        )
    options = dataclasses.replace(options, pool_size=min(options.pool_size, most))
    with running_broker(options) as client:
        yield client


def _output_of(args: argparse.Namespace) -> Output | None:
    """What `render` writes: ``--to``, else the output file's extension (``-``: a .docx), None
    for another extension."""
    if args.to:
        return OUTPUTS[args.to]
    return DOCX if args.output == STANDARD_STREAM else by_extension(args.output)


def _cmd_render(args: argparse.Namespace, settings: Settings) -> int:
    """Validate and render one report to a .docx, HTML or PDF (``-o -``: stdout); no output
    file is left when it fails."""
    out = _messages(args.output)
    kind = _output_of(args)
    if kind is None:
        try:  # a device or a folder is refused as such, whatever its name
            writable_output(args.output)
        except GovReportError as exc:
            print(exc.detail, file=sys.stderr)
            return EXIT_UNUSABLE
        print(f"无法从扩展名判断输出格式，请用 .docx、.html 或 .pdf，或用 --to 指定 / "
              f"unknown output type of {shown(args.output)}: use .docx, .html, .pdf or --to",
              file=sys.stderr)
        return EXIT_UNUSABLE
    if (args.fragment and kind != HTML) or (args.pdfa and kind != PDF):
        print("--fragment 仅用于 HTML，--pdfa 仅用于 PDF / --fragment is for HTML, --pdfa for PDF",
              file=sys.stderr)
        return EXIT_UNUSABLE
    result = _validated(args, settings)
    if isinstance(result, int):
        return result
    if result.report is None:
        _report_problems(result, out)
        return EXIT_UNUSABLE if result.unreadable else EXIT_INVALID
    try:
        with contextlib.ExitStack() as stack:
            # Converters only for a valid report: starting them takes seconds.
            converter = stack.enter_context(_pdf_converters(settings, 1)) if kind == PDF else None
            document = documents.render_output(
                result.report, kind, converter=converter, template_dir=settings.template_dir,
                fragment=args.fragment, pdfa=args.pdfa,
            )  # fmt: skip
    except GovReportError as exc:
        print(exc.detail, file=sys.stderr)
        return EXIT_UNUSABLE
    _print_issues("警告", result.warnings, out)
    if not _write_output(args.output, document):
        return EXIT_UNUSABLE
    print(f"已生成 / written: {shown(args.output)}", file=out)
    return EXIT_OK


def _write_output(name: str, data: bytes) -> bool:
    """Write a command's result to the file `name` (``-``: stdout); False, the reason printed,
    when it cannot be written."""
    try:
        with output(name) as stream:
            stream.write(data)
    except GovReportError as exc:
        print(exc.detail, file=sys.stderr)
        return False
    except OSError as exc:
        print(f"无法写入文件 / cannot write {shown(name)}: {exc.strerror}", file=sys.stderr)
        return False
    return True


def _cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    """Read a Word report, a filled workbook, a PDF or a web page into the contract: JSON to -o
    or standard output, problems to standard error; 0 read, 1 a document but not a readable
    report, 2 not usable (reading takes at most the render budget, as over HTTP)."""
    previous = _previous_or_exit(args, settings)
    if isinstance(previous, int):
        return previous
    try:
        data = read_input(args.file, settings.imports.max_document_bytes)
        imported, result = Deadline(settings.render_timeout_seconds).run(
            documents.import_document,
            data,
            imports=settings.imports,
            limits=settings.limits,
            previous=previous,
        )
    except OSError as exc:
        print(f"无法读取文件 / cannot read {shown(args.file)}: {exc.strerror}", file=sys.stderr)
        return EXIT_UNUSABLE
    except GovReportError as exc:
        print(exc.detail, file=sys.stderr)
        return EXIT_UNUSABLE
    _print_issues("读取时的提示", imported.warnings, sys.stderr)
    if imported.report is None or result is None:
        _print_issues("无法读取的内容", imported.errors, sys.stderr)
        print("不是可读取的年度报告，未输出 / not a readable report: nothing written",
              file=sys.stderr)
        return EXIT_INVALID
    _print_issues("校验发现的错误（请在输出的 JSON 中修改）", result.errors, sys.stderr)
    _print_issues("校验提示", result.warnings, sys.stderr)
    text = json.dumps(imported.report, ensure_ascii=False, indent=2) + "\n"
    if not _write_output(args.output, text.encode("utf-8")):
        return EXIT_UNUSABLE
    if args.output != STANDARD_STREAM:
        print(f"已读取 / written: {shown(args.output)}", file=sys.stderr)
    return EXIT_OK


def _cmd_workbook(args: argparse.Namespace, settings: Settings) -> int:
    """Write the blank workbook of a format for bureaus to fill in (``-o -``: stdout)."""
    if not _write_output(args.output, documents.blank_workbook(args.format)):
        return EXIT_UNUSABLE
    print(f"已生成 / written: {shown(args.output)}", file=_messages(args.output))
    return EXIT_OK


def _cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    """Run the HTTP service under gunicorn (service/gunicorn_conf.py) until it is stopped."""
    # Imported here: the other commands must not need Flask or gunicorn.
    from service.http.server import serve

    try:
        serve(settings, args.host, args.port, args.workers, args.front)
    except ConfigInvalid as exc:
        print(exc.detail, file=sys.stderr)
        return EXIT_UNUSABLE
    return EXIT_OK


def _cmd_converter(args: argparse.Namespace, settings: Settings) -> int:
    """Run one PDF converter for services on other machines until it is stopped."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s [%(levelname)s] %(message)s")
    run_converter(Address(args.host, args.port), settings.pdf_python,
                  settings.pdf_timeout_seconds, settings.pdf_restart_after)
    return EXIT_OK


def _cmd_batch(args: argparse.Namespace, settings: Settings) -> int:
    """Render every report of a folder, zip or JSONL into one zip with a manifest (``-o -``:
    the zip to stdout)."""
    out = _messages(args.output)
    kinds = tuple(OUTPUTS[name] for name in dict.fromkeys(args.to))
    try:
        with contextlib.ExitStack() as stack:
            previous = _previous_reports(args.previous, settings, stack)
            documents.prepare(settings.template_dir)
            opened = stack.enter_context(
                open_path(Path(args.input), settings.batch, settings.imports.zips)
            )
            stream = stack.enter_context(output(args.output))
            source: BatchInput = opened
            if previous is not None:
                source = WithPreviousInput(opened, previous, settings.imports)
            converter = (
                stack.enter_context(_pdf_converters(settings, settings.pdf_pool_size))
                if PDF in kinds else None
            )
            task = settings.batch_task(
                args.allow_inconsistent, outputs=kinds, pdfa=args.pdfa, converter=converter
            )
            options = ReviewOptions(compared=previous is not None, source=_source(args.input))
            review = review_writer(previous, options, workbook=False)
            progress = Progress(len(source), sys.stderr)
            jobs = args.jobs or os.cpu_count() or 1
            summary = write_batch(source, stream, task, jobs, _stoppable(progress.update), review)
    except GovReportError as exc:
        print(exc.detail, file=sys.stderr)
        return EXIT_UNUSABLE
    except OSError as exc:
        print(f"无法写入 / cannot write {shown(args.output)}: {exc.strerror}", file=sys.stderr)
        return EXIT_UNUSABLE
    print(progress.finish(summary), file=out)
    written = (
        f"已生成 / written: {shown(args.output)}（清单见 manifest.csv，汇总见 summary.xlsx，"
        "审核见 review.html / see manifest.csv, summary.xlsx and review.html）"
    )
    print(written, file=out)
    return EXIT_OK if summary.failed == 0 else EXIT_INVALID


def _previous_reports(
    folder: str | None, settings: Settings, stack: contextlib.ExitStack
) -> PreviousReports | None:
    """Last year's reports of ``--previous DIR`` (said on standard error), kept until `stack`
    ends; None without the option. Raises BatchUnusable, BatchTooLarge."""
    if folder is None:
        return None
    previous = stack.enter_context(
        PreviousReports.load(
            Path(folder), imports=settings.imports, batch=settings.batch, limits=settings.limits
        )
    )
    _print_previous(previous)
    return previous


def _source(name: str) -> str:
    """How the review page names the input it reviews: its folder or file name."""
    return shown(Path(name).resolve().name or name)


#: What ``review -o`` writes, by the output's extension.
_REVIEW_OUTPUTS = {".html": REVIEW_HTML, ".htm": REVIEW_HTML, ".xlsx": REVIEW_XLSX}


def _cmd_review(args: argparse.Namespace, settings: Settings) -> int:
    """Check every report of a folder, zip or JSONL (against last year's with ``--previous``)
    and write the review page and workbook; 0 when every report can be issued, 1 when some must
    be fixed or cannot be read, 2 when the input cannot be used."""
    kinds = []
    for name in args.output:
        kind = REVIEW_HTML if name == STANDARD_STREAM else _REVIEW_OUTPUTS.get(
            Path(name).suffix.lower()
        )  # fmt: skip
        if kind is None:
            print(f"审核结果须为 .html 或 .xlsx 文件 / the review is written as .html or .xlsx: "
                  f"{shown(name)}", file=sys.stderr)  # fmt: skip
            return EXIT_UNUSABLE
        kinds.append((name, kind))
    out = sys.stderr if STANDARD_STREAM in args.output else sys.stdout
    try:
        with contextlib.ExitStack() as stack:
            previous = _previous_reports(args.previous, settings, stack)
            opened = stack.enter_context(
                open_path(Path(args.input), settings.batch, settings.imports.zips)
            )
            options = ReviewOptions(compared=previous is not None, source=_source(args.input))
            progress = Progress(len(opened), sys.stderr)
            writer = stack.enter_context(reviewing(
                opened, settings.review_task(), args.jobs or os.cpu_count() or 1,
                previous=previous, options=options, imports=settings.imports,
                workbook=REVIEW_XLSX in dict(kinds).values(),
                on_row=_stoppable(lambda row: progress.count(failed=row.state != "ok")),
            ))  # fmt: skip
            progress.end()
            for name, kind in kinds:
                with output(name) as stream:
                    if kind == REVIEW_HTML:
                        writer.write(page=stream)
                    else:
                        writer.write(workbook=stream)
                print(f"已生成 / written: {shown(name)}", file=out)
            counts = dict(writer.counts)
    except GovReportError as exc:
        print(exc.detail, file=sys.stderr)
        return EXIT_UNUSABLE
    except OSError as exc:
        print(f"无法写入 / cannot write: {exc.strerror}", file=sys.stderr)
        return EXIT_UNUSABLE
    ok, fix, unread = (counts.get(state, 0) for state in ("ok", "fix", "unread"))
    print(f"审核完成 / reviewed: 共 {ok + fix + unread} 份，可以发布 {ok} 份，需要修改 {fix} 份，"
          f"无法读取 {unread} 份", file=out)  # fmt: skip
    return EXIT_OK if fix + unread == 0 else EXIT_INVALID


def _outputs(text: str) -> tuple[str, ...]:
    """argparse type: a comma-separated list of outputs (docx, html, pdf)."""
    names = tuple(name.strip() for name in text.split(",") if name.strip())
    unknown = [name for name in names if name not in OUTPUTS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"应为 docx、html、pdf 中的一个或多个 / must be one or more of docx, html, pdf: {text}"
        )
    return names


def _print_previous(previous: PreviousReports) -> None:
    """Say on standard error how many of last year's reports were read, and which were not."""
    print(f"上年度报告：读取 {len(previous)} 份 / previous reports read: {len(previous)}",
          file=sys.stderr)
    for reason in previous.skipped:
        print(f"  未使用 / skipped: {reason}", file=sys.stderr)


def _positive(text: str) -> int:
    """argparse type: a positive integer."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("必须为正整数 / must be a positive integer")
    return value


def _cmd_check_template(args: argparse.Namespace, settings: Settings) -> int:
    """Check one Word template: 0 fine, 1 problems found (listed), 2 not a readable .docx."""
    try:
        problems = check_template(Path(args.path), args.format)
    except TemplateProblem as exc:
        print(exc.detail, file=sys.stderr)
        return EXIT_UNUSABLE
    if not problems:
        print("模板检查通过 / the template is fine")
        return EXIT_OK
    print(f"模板有问题（{len(problems)}）/ the template has problems:")
    for number, problem in enumerate(problems, 1):
        print(f"  {number}. {problem.where}\n     {problem.message}")
    return EXIT_INVALID


_PREVIOUS_HELP = "上年度报告（.json、.docx、.xlsx、.pdf 或 .html），作跨年度核对（X1、X2）"


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``gov-report`` command."""
    parser = argparse.ArgumentParser(
        prog="gov-report", description="政府信息公开工作年度报告：校验报告数据并生成 Word 文档"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser("validate", help="校验报告 JSON / validate a report")
    validate.add_argument("file", help="报告 JSON 文件，- 表示标准输入")
    validate.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    validate.add_argument("--allow-inconsistent", action="store_true", help="勾稽关系错误降为警告")
    validate.add_argument("--previous", metavar="LAST", help=_PREVIOUS_HELP)
    validate.set_defaults(handler=_cmd_validate)

    render = commands.add_parser(
        "render", help="生成 Word、HTML 或 PDF 文档 / render a report to .docx, HTML or PDF"
    )
    render.add_argument("file", help="报告 JSON 文件，- 表示标准输入")
    render.add_argument(
        "-o", "--output", required=True,
        help="输出文件：.docx、.html 或 .pdf（按扩展名），- 表示标准输出（默认 .docx）",
    )
    render.add_argument("--to", choices=list(OUTPUTS), help="输出格式（默认按扩展名判断）")
    render.add_argument("--fragment", action="store_true", help="HTML 仅正文片段（内联样式）")
    render.add_argument("--pdfa", action="store_true", help="PDF/A-2b（归档）")
    render.add_argument("--allow-inconsistent", action="store_true", help="勾稽关系错误降为警告")
    render.add_argument("--previous", metavar="LAST", help=_PREVIOUS_HELP)
    render.set_defaults(handler=_cmd_render)

    reader = commands.add_parser(
        "import",
        help="读取 Word 年度报告、填好的数据工作簿或发布的 PDF、网页为 JSON / read a .docx, "
        ".xlsx, .pdf or .html as JSON",
    )
    reader.add_argument(
        "file",
        help="Word 文档（.docx）、数据工作簿（.xlsx）、文字版 PDF 或门户网页（.html），"
        "- 表示标准输入",
    )
    reader.add_argument(
        "-o", "--output", default=STANDARD_STREAM, help="输出 JSON 文件（默认 - ：标准输出）"
    )
    reader.add_argument("--previous", metavar="LAST", help=_PREVIOUS_HELP)
    reader.set_defaults(handler=_cmd_import)

    workbook = commands.add_parser(
        "workbook", help="生成空白数据工作簿（.xlsx）/ write the blank workbook bureaus fill in"
    )
    workbook.add_argument(
        "--format", choices=FORMAT_IDS, default=FORMAT_IDS[-1], help="报告格式（默认最新格式）"
    )
    workbook.add_argument(
        "-o", "--output", required=True, help="输出 .xlsx 文件，如 年报数据.xlsx；- 表示标准输出"
    )
    workbook.set_defaults(handler=_cmd_workbook)

    serve = commands.add_parser("serve", help="启动 HTTP 服务 / run the HTTP service")
    serve.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
    serve.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    serve.add_argument(
        "--workers", type=_positive, default=None, help="工作进程数（默认：CPU 核数）"
    )
    serve.add_argument(
        "--front",
        choices=["none", "nginx"],
        default="none",
        help="nginx：由 nginx 在前端接收并缓冲请求（慢速、空闲连接不占用工作进程；部署时使用）",
    )
    serve.set_defaults(handler=_cmd_serve)

    batch = commands.add_parser("batch", help="批量生成 / render many reports into one zip")
    batch.add_argument(
        "input",
        help="文件夹（.json、.docx、.xlsx、.pdf、.html 文件）、.zip 或 .jsonl（每行一份报告）",
    )
    batch.add_argument("-o", "--output", required=True, help="输出 .zip 文件，- 表示标准输出")
    batch.add_argument(
        "--jobs", type=_positive, default=None, help="并行工作进程数（默认：CPU 核数）"
    )
    batch.add_argument(
        "--to", type=_outputs, default=("docx",),
        help="每份报告生成的格式，逗号分隔：docx、html、pdf（默认 docx）",
    )  # fmt: skip
    batch.add_argument("--pdfa", action="store_true", help="PDF 为 PDF/A-2b（归档）")
    batch.add_argument("--allow-inconsistent", action="store_true", help="勾稽关系错误降为警告")
    batch.add_argument(
        "--previous",
        metavar="DIR",
        help="上年度报告所在文件夹（.json、.docx、.xlsx、.pdf、.html），按机关名称对应作跨年度核对",
    )
    batch.set_defaults(handler=_cmd_batch)

    review = commands.add_parser(
        "review",
        help="审核多份报告，生成审核页和汇总表 / review many reports: review.html, review.xlsx",
    )
    review.add_argument(
        "input", help="本年报告：文件夹（.json、.docx、.xlsx 文件）、.zip 或 .jsonl"
    )
    review.add_argument(
        "-o", "--output", action="append", required=True,
        help="审核结果：.html（审核页）或 .xlsx（汇总表），可写两次；- 表示审核页写到标准输出",
    )  # fmt: skip
    review.add_argument(
        "--previous", metavar="LASTDIR",
        help="上年度报告所在文件夹或 .zip，按机关名称对应作跨年度比对",
    )  # fmt: skip
    review.add_argument(
        "--jobs", type=_positive, default=None, help="并行工作进程数（默认：CPU 核数）"
    )
    review.set_defaults(handler=_cmd_review)

    converter = commands.add_parser(
        "converter",
        help="运行一个 PDF 转换进程，供其他机器上的服务使用 / run one PDF converter for others",
    )
    converter.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
    converter.add_argument(
        "--port", type=int, default=2003, help="XML-RPC 端口（默认 2003；LibreOffice 用下一个）"
    )
    converter.set_defaults(handler=_cmd_converter)

    check = commands.add_parser("check-template", help="检查 Word 模板 / check a Word template")
    check.add_argument("path", help="模板 .docx 文件")
    check.add_argument(
        "--format", choices=FORMAT_IDS, help="模板格式（默认按文件名或表格判断）"
    )
    check.set_defaults(handler=_cmd_check_template)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``gov-report`` command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.from_env(os.environ)
    except ConfigInvalid as exc:
        print(exc.detail, file=sys.stderr)
        return EXIT_UNUSABLE
    if args.handler is not _cmd_serve:  # gunicorn handles its own signals
        signal.signal(signal.SIGTERM, _terminated)
    handler = args.handler
    code: int = handler(args, settings)
    return code


class _Stop:
    """What SIGTERM asked for. A batch unwinds at its next report (_stoppable): an exception
    raised at any point of the worker pool's own code could leave one of its locks held and the
    command hanging. Anything else unwinds at once."""

    deferred = False
    signal: int | None = None


def _terminated(signum: int, _frame: object) -> None:
    """SIGTERM: remove partial output files and unwind like Ctrl-C does."""
    remove_unfinished()
    if not _Stop.deferred:
        raise SystemExit(128 + signum)
    _Stop.signal = signum


_Row = TypeVar("_Row")


def _stoppable(on_row: Callable[[_Row], None]) -> Callable[[_Row], None]:
    """`on_row`, then SystemExit once a signal asked the batch to stop."""
    _Stop.deferred = True

    def checked(row: _Row) -> None:
        on_row(row)
        if _Stop.signal is not None:
            raise SystemExit(128 + _Stop.signal)

    return checked


if __name__ == "__main__":
    sys.exit(main())
