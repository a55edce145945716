"""The consistency rules R1–R4 (勾稽关系) and the warnings, as plain functions over the model.

R1–R4 are data (``schemas.model.relations``), checked here on the model's counts.

Each function returns ``(path, code, message)`` findings; the loader adds labels and decides
whether R1–R4 are errors (the default) or warnings. None of them raises.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from schemas.checks.narrative import mismatches, paragraphs
from schemas.model.assemble import group_rows
from schemas.model.relations import Finding, broken, cell_values
from schemas.model.report import Applications, Report, ReviewLitigation, Row, Section
from schemas.registry import Format, default_format, find

OTHER_HANDLING_SHARE = 0.10
FEE_WORD = "信息处理费"


def consistency(
    applications: Applications, review_litigation: ReviewLitigation, report_format: Format
) -> list[Finding]:
    """Every broken R1–R4 relation of tables 3 and 4 (``schemas.model.relations``), most specific
    first: a row's wrong 总计 is listed before the column balance it also upsets."""
    return list(broken(report_format, cell_values(applications, review_litigation)))


def warnings(report: Report, *, format_given: bool) -> list[Finding]:
    """Everything worth a second look that does not stop the report."""
    found: list[Finding] = []
    if format_given and report.format != default_format(report.year):
        found.append(
            (
                "format",
                "format_year_mismatch",
                f"{report.year} 年度的报告通常使用 {default_format(report.year)} 格式，"
                f"此处为 {report.format} 格式 / a {report.year} report normally uses the "
                f"{default_format(report.year)} format, not {report.format}",
            )
        )
    found.extend(_other_handling_high(report))
    fee_required = find(report.format).fee_in_other_matters
    if fee_required and not _mentions(report.other_matters, FEE_WORD):
        found.append(
            (
                "other_matters",
                "fee_not_reported",
                f"{report.format} 格式要求在“六、其他需要报告的事项”中说明{FEE_WORD}的收取情况 / "
                f"the {report.format} format requires other_matters to report the information "
                "processing fee",
            )
        )
    found.extend(_short_paragraphs(report))
    if str(report.year) not in report.title:
        found.append(
            (
                "title",
                "title_year_mismatch",
                f"标题中没有报告年度 {report.year} / "
                f"the title does not contain the year {report.year}",
            )
        )
    found.extend(_early_date(report))
    found.extend(mismatches(report))
    return found


def _other_handling_high(report: Report) -> Iterator[Finding]:
    """（六）其他处理 above 10 % of （七）总计 (the 2019 notice asks to look into it)."""
    handling = report.applications.other_handling
    rows = (handling,) if isinstance(handling, Row) else group_rows(handling)
    other = sum(row.total for row in rows)
    processed = report.applications.total_processed.total
    if other > processed * OTHER_HANDLING_SHARE:
        yield (
            "applications.other_handling",
            "other_handling_high",
            f"（六）其他处理 共 {other} 件，超过（七）总计 {processed} 件的 10% / "
            f"other_handling is {other}, more than 10 % of total_processed ({processed})",
        )


def _mentions(section: Section, word: str) -> bool:
    """Whether any heading or paragraph of ``section`` contains ``word``."""
    texts = [*section.paragraphs]
    for item in section.items:
        texts.extend([item.heading, *item.paragraphs])
    return any(word in text for text in texts)


def _short_paragraphs(report: Report) -> Iterator[Finding]:
    """Paragraphs of one character or less: usually a slip (a stray mark or split text)."""
    for path, text, _ in paragraphs(report):
        if len(text) <= 1:
            yield (
                path,
                "short_paragraph",
                f"段落只有一个字符“{text}”，请检查 / the paragraph is a single character",
            )


def _early_date(report: Report) -> Iterator[Finding]:
    """A 成文日期 inside the report year: the year is not over yet on that date."""
    signature = report.signature
    if signature and signature.date and signature.date <= datetime.date(report.year, 12, 31):
        yield (
            "signature.date",
            "date_before_period_end",
            f"成文日期 {signature.date_text} 早于统计期限结束（{report.year}年12月31日） / "
            f"the date is before the end of the reporting period ({report.year}-12-31)",
        )
