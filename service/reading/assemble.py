"""The report put together from what a reader read: the text and the tables, in the contract.

The same for every kind of file: the format from the tables, year and organization from the
title (or the 落款), ``title`` only when it differs from the default, and the errors that make a
document not a readable report: ``not_a_report`` (neither chapters nor tables),
``title_unreadable``, ``chapter_missing`` (一、 or 五、), ``table_missing``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from schemas.model.assemble import default_title
from schemas.model.layout import FIELD_LABELS, TABLE_SECTIONS
from schemas.model.result import Issue
from schemas.registry import FORMATS, default_format
from service.reading.result import Imported
from service.reading.statistics import Tables
from service.reading.text import CHAPTERS, REQUIRED_CHAPTERS, SECTION_KEYS, Finding, Text, shown

#: The contract's top-level keys in the order the readers write them.
ORDER = (
    "format", "year", "organization", "title", "preamble", "overview", "active_disclosure",
    "applications", "review_litigation", "problems", "other_matters", "signature",
)  # fmt: skip
_SNIPPET = 30


def is_report(text: Text, tables: Tables) -> bool:
    """Whether a document has anything of a report: a chapter, an official table."""
    return bool(
        text.chapters
        or any(key in tables.values for key in TABLE_SECTIONS.values())
        or tables.errors
    )


def not_a_report(what: str) -> Finding:
    """The error of a document (`what`: 文档, 网页, PDF) with neither chapters nor tables."""
    return Finding(
        "",
        "not_a_report",
        f"{what}{' ' if what.isascii() else ''}中找不到年度报告的章节（一、总体情况……）和统计表格"
        f" / the {_ENGLISH.get(what, what)} has neither the report's chapters nor its tables",
        FIELD_LABELS[""],
    )


_ENGLISH = {"文档": "document", "网页": "web page", "PDF": "PDF"}


def assemble(
    text: Text, tables: Tables, errors: list[Finding], *, named: str | None = None
) -> dict[str, Any]:
    """The report dict in the contract's key order; reading errors added to `errors`.

    `named`: the organization as the document's own properties name it (the service's Word
    documents): taken when the title starts with it."""
    fields = dict(text.fields)
    _identity(fields, named, text.opening, errors)
    year = fields.get("year")
    report_format = tables.format or (default_format(year) if isinstance(year, int) else None)
    if report_format is not None:
        fields["format"] = report_format
    for name, key in TABLE_SECTIONS.items():
        if key in tables.values:
            fields[key] = tables.values[key]
        elif not any(finding.path == key for finding in tables.errors):
            layout = FORMATS[-1].tables[name]  # heading and first label: the same in all
            errors.append(
                Finding(
                    key,
                    "table_missing",
                    f"找不到“{layout.heading}”的统计表格（以“{layout.first_label}”开头的表格）"
                    f" / the {key} table was not found",
                    layout.heading,
                )
            )
    for number in REQUIRED_CHAPTERS:
        key = SECTION_KEYS[number]
        if number not in text.chapters:
            errors.append(
                Finding(
                    key,
                    "chapter_missing",
                    f"找不到以“{CHAPTERS[number][0]}、”开头的“{FIELD_LABELS[key][2:]}”部分标题 / "
                    f"the chapter {FIELD_LABELS[key]} was not found",
                    FIELD_LABELS[key],
                )
            )
    organization, year = fields.get("organization"), fields.get("year")
    if (
        isinstance(organization, str)
        and isinstance(year, int)
        and fields.get("title") == default_title(organization, year)
    ):
        del fields["title"]
    return {key: fields[key] for key in ORDER if key in fields}


def _identity(
    fields: dict[str, Any], named: str | None, opening: str | None, errors: list[Finding]
) -> None:
    """Organization and year: from the title (the organization as `named`, when the title
    starts with it), else the 落款's organization with the title's year."""
    title = fields.get("title")
    if named and title and title.startswith(named):
        year = year_in(title[len(named) :])
        if year is not None:
            fields["organization"], fields["year"] = named, year
    if "organization" in fields:
        return
    signed = (fields.get("signature") or {}).get("organization")
    if title is None:
        found = f"，文档开头是“{opening[:40]}”" if opening else ""
        message = (
            f"找不到标题（以“报告”结尾的段落）{found} / no title (a paragraph ending in 报告)"
        )
    elif signed and year_in(title) is not None:
        fields["organization"], fields["year"] = signed, year_in(title)
        return
    else:
        message = (
            f"标题“{title}”中找不到机关名称和年度（应为“某机关2021年政府信息公开工作年度报告”）"
            " / the title does not name the organization and the year"
        )
    errors.append(Finding("title", "title_unreadable", message, FIELD_LABELS["title"]))


def year_in(text: str) -> int | None:
    """The first report year ``2021年`` written in `text`."""
    compact = shown(text)
    for start in range(len(compact) - 4):
        candidate = compact[start : start + 4]
        if candidate.isdigit() and candidate[:2] in {"19", "20"} and compact[start + 4] == "年":
            return int(candidate)
    return None


def table_ignored(content: str) -> Finding:
    """The warning for a table that is not one of the statistics tables but holds text."""
    short = content if len(content) <= _SNIPPET else content[:_SNIPPET] + "……"
    return Finding(
        "",
        "text_ignored",
        "统计表格之外的表格中的文字未读入报告 / the text of a table that is not one of the "
        "statistics tables is not part of the report",
        f"表格“{short}”",
    )


def imported(
    report: dict[str, Any] | None,
    errors: Sequence[Finding],
    warnings: Sequence[Finding],
    kind: str,
) -> Imported:
    """The result with findings as Issues."""
    return Imported(
        report,
        tuple(Issue(f.path, f.code, f.message, f.label) for f in errors),
        tuple(Issue(f.path, f.code, f.message, f.label) for f in warnings),
        kind=kind,
    )


def read_report(
    text: Text,
    tables: Tables,
    kind: str,
    what: str,
    *,
    named: str | None = None,
    warnings: Sequence[Finding] = (),
) -> Imported:
    """The report of a document whose text and tables were read (`what` it is, for the
    not-a-report message); `warnings`: the reader's own, after those of text and tables."""
    errors: list[Finding] = []
    if not is_report(text, tables):
        errors.append(not_a_report(what))
        return imported(None, errors, [*text.warnings, *tables.warnings, *warnings], kind)
    report = assemble(text, tables, errors, named=named)
    errors.extend(tables.errors)
    found = [*text.warnings, *tables.warnings, *warnings]
    return imported(None if errors else report, errors, found, kind)
