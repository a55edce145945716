"""Read a 政府信息公开工作年度报告 .docx back into the contract: ours, or the official template
filled in by a person in Word or WPS.

The text (service.docx.read.chapters) and the statistics tables (service.docx.read.statistics) are
read independently and put together in the contract's order: format from the tables, year and
organization from the title, ``title`` only when it differs from the default. Every problem names
the table cell's Chinese label or the paragraph; a document with any error gives no report. Nothing
is guessed silently: blank cells read as 0, text outside the report's places, a template placeholder
left in place and macros are all warnings.

Errors (no report): ``not_a_report`` (neither chapters nor tables), ``title_unreadable``,
``chapter_missing`` (一、 or 五、), ``table_missing``, ``table_layout`` (rows, cells or labels that
are not the official table's), ``cell_unreadable``. Warnings: ``blank_cells``, ``label_differs``,
``table_repeated``, ``text_ignored``, ``placeholder_left``, ``macros_ignored``.
"""

from __future__ import annotations

import zipfile
from typing import Any

from lxml import etree

from schemas.model.assemble import default_title
from schemas.model.layout import FIELD_LABELS, TABLE_SECTIONS
from schemas.model.result import Issue
from schemas.registry import FORMATS, default_format
from service.docx.ns import W
from service.docx.read.body import CHAPTER_STYLE, RUN_IN_STYLE, Line, body
from service.docx.read.chapters import (
    CHAPTERS,
    REQUIRED_CHAPTERS,
    SECTION_KEYS,
    Finding,
    Text,
    read_text,
    shown,
)
from service.docx.read.lists import ListNumbers
from service.docx.read.package import MainPart, Package, read_package
from service.docx.read.statistics import Tables, read_tables
from service.docx.xml import paragraph_text
from service.reading.limits import ImportLimits
from service.reading.result import Imported

#: The contract's top-level keys in the order the reader writes them.
ORDER = (
    "format", "year", "organization", "title", "preamble", "overview", "active_disclosure",
    "applications", "review_litigation", "problems", "other_matters", "signature",
)  # fmt: skip
_SNIPPET = 30


def read_docx(archive: zipfile.ZipFile, main: MainPart, limits: ImportLimits) -> Imported:
    """Read the Word document in `archive` (its main part `main`); raises DocumentUnsupported
    or DocumentTooLarge when its parts cannot be read (problems with the report itself are in
    the result)."""
    package = read_package(archive, main, limits)
    house = _is_house(package.styles)
    lists = ListNumbers(package.numbering, package.styles)
    lists.count_document(package.document)
    blocks = body(package.document, lists)
    text = read_text(blocks, house)
    tables = read_tables(package.document)
    errors: list[Finding] = []
    no_tables = not any(section in tables.values for section in TABLE_SECTIONS.values())
    if not text.chapters and no_tables and not tables.errors:
        errors.append(
            Finding(
                "",
                "not_a_report",
                "文档中找不到年度报告的章节（一、总体情况……）和统计表格 / the document has neither "
                "the report's chapters nor its tables",
                FIELD_LABELS[""],
            )
        )
        return _imported(None, errors, [*text.warnings, *tables.warnings], package)
    report = _assemble(text, tables, package, house, errors)
    errors.extend(tables.errors)
    warnings = [*text.warnings, *tables.warnings, *_tables_ignored(blocks, tables)]
    return _imported(None if errors else report, errors, warnings, package)


def _is_house(styles: etree._Element | None) -> bool:
    """Whether the document was made from the service's templates (their styles mark the
    title, chapters, run-in headings and 落款)."""
    if styles is None:
        return False
    ids = {style.get(f"{W}styleId") for style in styles.iterfind(f"{W}style")}
    return RUN_IN_STYLE in ids and CHAPTER_STYLE in ids


def _assemble(
    text: Text, tables: Tables, package: Package, house: bool, errors: list[Finding]
) -> dict[str, Any]:
    """The report dict in the contract's key order; reading errors added to `errors`."""
    fields = dict(text.fields)
    _identity(fields, package, house, text.opening, errors)
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
    fields: dict[str, Any],
    package: Package,
    house: bool,
    opening: str | None,
    errors: list[Finding],
) -> None:
    """Organization and year: from the title (the service's documents: the organization as
    written in the core properties, when the title names it)."""
    title = fields.get("title")
    creator = package.creator.strip() if package.creator else None
    if house and title and creator and title.startswith(creator):
        year = _year_in(title[len(creator) :])
        if year is not None:
            fields["organization"], fields["year"] = creator, year
    if "organization" in fields:
        return
    signed = (fields.get("signature") or {}).get("organization")
    if title is None:
        found = f"，文档开头是“{opening[:40]}”" if opening else ""
        message = (
            f"找不到标题（以“报告”结尾的段落）{found} / no title (a paragraph ending in 报告)"
        )
    elif signed and _year_in(title) is not None:
        fields["organization"], fields["year"] = signed, _year_in(title)
        return
    else:
        message = (
            f"标题“{title}”中找不到机关名称和年度（应为“某机关2021年政府信息公开工作年度报告”）"
            " / the title does not name the organization and the year"
        )
    errors.append(Finding("title", "title_unreadable", message, FIELD_LABELS["title"]))


def _year_in(text: str) -> int | None:
    """The first report year ``2021年`` written in `text`."""
    compact = shown(text)
    for start in range(len(compact) - 4):
        candidate = compact[start : start + 4]
        if candidate.isdigit() and candidate[:2] in {"19", "20"} and compact[start + 4] == "年":
            return int(candidate)
    return None


def _tables_ignored(blocks: list[Line | etree._Element], tables: Tables) -> list[Finding]:
    """A warning for each body table that is not (and holds no) official table but has text."""
    found: list[Finding] = []
    for block in blocks:
        if isinstance(block, Line) or any(
            table in tables.elements for table in block.iter(f"{W}tbl")
        ):
            continue
        content = "".join(paragraph_text(p).strip() for p in block.iter(f"{W}p"))
        if content:
            short = content if len(content) <= _SNIPPET else content[:_SNIPPET] + "……"
            found.append(
                Finding(
                    "",
                    "text_ignored",
                    "统计表格之外的表格中的文字未读入报告 / the text of a table that is not one "
                    "of the statistics tables is not part of the report",
                    f"表格“{short}”",
                )
            )
    return found


def _imported(
    report: dict[str, Any] | None,
    errors: list[Finding],
    warnings: list[Finding],
    package: Package,
) -> Imported:
    """The result with findings as Issues (plus the macros warning)."""
    if package.macros:
        warnings = [
            *warnings,
            Finding(
                "",
                "macros_ignored",
                "文档含有宏，已忽略（从未打开或运行） / the document has macros: ignored, never "
                "opened or run",
                FIELD_LABELS[""],
            ),
        ]
    return Imported(
        report,
        tuple(Issue(f.path, f.code, f.message, f.label) for f in errors),
        tuple(Issue(f.path, f.code, f.message, f.label) for f in warnings),
    )
