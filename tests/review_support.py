"""For the review's tests: a district of bureaus (this year's and last year's reports) with
planted problems, and the review page read back as a test sees it (each bureau's row by input
index, with its state and its problems as the page words them)."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import lxml.html

from schemas import load_report
from service import documents
from service.xlsx.write.workbook import write_workbook

#: The complete 2021-format example the bureaus are made from (as conftest's EXAMPLE_2021,
#: which imports this module's users).
EXAMPLE_2021 = Path(__file__).resolve().parents[1] / "service" / "examples" / "2021.json"

THIS_YEAR = 2024
CITY = "淮安市"
DISTRICT = "洪泽区"
#: The cells of tables 3 and 4 that are counts scaled per bureau (every one of them).
_TABLES = ("applications", "review_litigation")


@dataclass(frozen=True)
class PageRow:
    """One bureau's row of the review page."""

    index: int
    name: str
    state: str
    errors: tuple[str, ...]
    warnings: tuple[str, ...]


def page_rows(page: bytes) -> dict[int, PageRow]:
    """Every row of the page's 逐份审核 tables, by the input's index (from 0)."""
    tree = lxml.html.fromstring(page)
    rows = {}
    for row in tree.xpath('//table[contains(@class, "bureaus")]//tr[starts-with(@id, "r")]'):
        index = int(row.get("id")[1:])
        problems = row.xpath('.//ol[@class="problems"]/li')
        rows[index] = PageRow(
            index,
            row.xpath('.//span[@class="name"]')[0].text_content(),
            row.xpath('.//td[contains(@class, "state")]')[0].text_content(),
            tuple(_words(li) for li in problems if li.get("class") == "error"),
            tuple(_words(li) for li in problems if li.get("class") == "warning"),
        )
    return rows


def _words(item: Any) -> str:
    """A problem's text without its 错误/提示 badge."""
    badge = item.xpath('./span[@class="kind"]')[0].text_content()
    return str(item.text_content())[len(badge):]


def section_text(page: bytes, heading_id: str) -> str:
    """The text of the page's section whose heading has id `heading_id`."""
    tree = lxml.html.fromstring(page)
    [section] = tree.xpath(f'//section[@aria-labelledby="{heading_id}"]')
    return str(section.text_content())


def grid_sums(page: bytes, report_format: str = "2021") -> dict[str, tuple[str, ...]]:
    """The district's sums as the page prints them: each data cell of tables 3 and 4 (by the
    ids of the label cells that name it) with its texts (this year, 上年 …, change)."""
    tree = lxml.html.fromstring(page)
    found = {}
    for table in ("table3", "table4"):
        for cell in tree.xpath(f'//td[starts-with(@headers, "{table}-{report_format}-")]'):
            texts = tuple(span.text_content() for span in cell.xpath("./span"))
            found[f"{table}:{cell.get('headers')}"] = texts
    return found


# --- a district -----------------------------------------------------------------------------


def _scaled(node: Any, factor: int) -> Any:
    """Every count under `node` times `factor` (sums stay sums, so the tables' rules hold)."""
    if isinstance(node, dict):
        return {key: _scaled(value, factor) for key, value in node.items()}
    return node * factor if isinstance(node, int) and not isinstance(node, bool) else node


def bureau(name: str, year: int, factor: int) -> dict[str, Any]:
    """A clean 2021-format report of bureau `name`: the example's tables times `factor`, a text
    that states no number, no fee (so nothing is worth a look), signed after the year."""
    report: dict[str, Any] = json.loads(EXAMPLE_2021.read_bytes())
    report.pop("title")
    report.update(organization=name, year=year, preamble=["本报告依据政府信息公开条例编制。"])
    report["overview"] = {"paragraphs": ["本机关认真落实政府信息公开各项要求，工作有序开展。"],
                          "items": []}  # fmt: skip
    report["problems"] = {"paragraphs": ["公开工作仍有不足，将进一步规范。"], "items": []}
    report["other_matters"] = {"paragraphs": ["本年度未收取信息处理费。"], "items": []}
    report["signature"] = {"organization": name, "date": f"{year + 1}-01-20"}
    for key in _TABLES:
        report[key] = _scaled(report[key], factor)
    disclosure = report["active_disclosure"]
    for row in ("rules", "normative_documents"):
        disclosure[row] = _scaled(disclosure[row], factor)
    disclosure["fee_amount"] = "0"
    return report


def last_year_of(report: dict[str, Any]) -> dict[str, Any]:
    """Last year's report of the same bureau that this year's follows: its 结转下年度 is this
    year's 上年结转 (X1), its 现行有效件数 this year's less what was issued and repealed (X2)."""
    last = copy.deepcopy(report)
    last["year"] = report["year"] - 1
    last["signature"]["date"] = f"{report['year']}-01-20"
    last["applications"]["carried_forward"] = dict(report["applications"]["carried_over"])
    for row in ("rules", "normative_documents"):
        counts = last["active_disclosure"][row]
        counts["in_force"] = counts["in_force"] - counts["issued"] + counts["repealed"]
    return last


@dataclass
class District:
    """This year's folder and last year's, and what was planted where (input index → what)."""

    this_year: Path
    last_year: Path
    names: list[str] = field(default_factory=list)
    """Each input's file name, in the order the review lists them (sorted by name)."""
    clean: list[int] = field(default_factory=list)
    planted: dict[str, int] = field(default_factory=dict)
    reports: dict[int, dict[str, Any]] = field(default_factory=dict)
    """This year's report JSON of each input that is one."""


#: The planted inputs (their files sort after the clean bureaus' ``b01``…) and their bureaus.
PLANTED = {
    "r1": "财政局",
    "carry_over": "教育局",
    "text": "民政局",
    "unreadable": "司法局",
    "placeholder": "商务局",
    "renamed": "文旅局",
}


def district(folder: Path, bureaus: int = 40) -> District:
    """A district of `bureaus` bureaus in ``folder/this`` and ``folder/last``: every kind of
    input (JSON, Word, workbook), each bureau's last year's report, and six planted problems —
    a broken R1, a carry-over that differs from last year's, a text that contradicts its table,
    an unreadable file, a placeholder left in, a bureau that added its city to its name."""
    this, last = folder / "this", folder / "last"
    this.mkdir(parents=True)
    last.mkdir(parents=True)
    made = District(this, last)
    reports: dict[str, dict[str, Any]] = {}
    lasts: dict[str, dict[str, Any]] = {}
    clean = bureaus - len(PLANTED)
    for number in range(1, clean + 1):
        name = f"{DISTRICT}第{number}局"
        reports[f"b{number:02d}"] = bureau(name, THIS_YEAR, number % 7 + 1)
    planted = {key: bureau(f"{DISTRICT}{name}", THIS_YEAR, 2) for key, name in PLANTED.items()}
    for key, report in planted.items():
        lasts[key] = last_year_of(report)
    forward = planted["r1"]["applications"]["carried_forward"]
    forward["natural_person"] += 1  # R1 breaks in the 自然人 column and in 总计
    forward["total"] += 1
    previous_forward = lasts["carry_over"]["applications"]["carried_forward"]
    previous_forward["commercial"] += 2  # X1: this year's 上年结转 differs in 商业企业 and 总计
    previous_forward["total"] += 2
    planted["text"]["overview"]["paragraphs"] = ["本年共收到政府信息公开申请99999件。"]
    planted["placeholder"]["overview"]["paragraphs"] = ["（请填写总体情况）"]
    renamed = f"{CITY}{DISTRICT}{PLANTED['renamed']}"
    planted["renamed"]["organization"] = planted["renamed"]["signature"]["organization"] = renamed
    for key, report in reports.items():
        lasts[key] = last_year_of(report)
    reports.update(planted)
    files: dict[str, bytes] = {}
    for key, report in reports.items():
        if key == "unreadable":
            files[f"{key}.docx"] = b"PK\x03\x04 this is not a Word document"
        elif key in {"b02", "b09"}:
            files[f"{key}.docx"] = _word(report)
        elif key in {"b03", "b10"}:
            files[f"{key}.xlsx"] = write_workbook(report)
        else:
            files[f"{key}.json"] = json.dumps(report, ensure_ascii=False).encode()
    for index, name in enumerate(sorted(files)):
        (this / name).write_bytes(files[name])
        made.names.append(name)
        key = name.split(".")[0]
        if key in PLANTED:
            made.planted[key] = index
        else:
            made.clean.append(index)
        if key != "unreadable":
            made.reports[index] = reports[key]
    for key, report in lasts.items():
        (last / f"{key}.json").write_text(json.dumps(report, ensure_ascii=False), "utf-8")
    return made


def _word(report: dict[str, Any]) -> bytes:
    """The report as the service's own Word document (a bureau that sends its .docx)."""
    model = load_report(report).report
    assert model is not None
    return documents.render(model)


def cells(report: dict[str, Any]) -> Iterator[tuple[str, int]]:
    """Every count of tables 3 and 4 of a report JSON, by dotted path."""

    def walk(node: Any, path: str) -> Iterator[tuple[str, int]]:
        if isinstance(node, dict):
            for key, value in node.items():
                yield from walk(value, f"{path}.{key}")
        elif isinstance(node, int):
            yield path, node

    for key in _TABLES:
        yield from walk(report[key], key)
