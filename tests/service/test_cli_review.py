"""`gov-report review`: a district of 40 bureaus with planted problems gives a review naming exactly
those problems in the right rows and nothing for the clean ones; the district's sums equal the
bureaus' cells added up here independently; exit codes; zips and standard output."""

from __future__ import annotations

import io
import json
import zipfile
from collections import Counter
from pathlib import Path

import lxml.html
import openpyxl
import pytest

from service.cli import EXIT_INVALID, EXIT_OK, EXIT_UNUSABLE, main
from tests.review_support import (
    CITY,
    DISTRICT,
    PLANTED,
    District,
    bureau,
    cells,
    district,
    grid_sums,
    last_year_of,
    page_rows,
    section_text,
)

CHAPTER3 = "三、收到和处理政府信息公开申请情况"


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory) -> tuple[District, bytes, bytes, int]:
    """The district reviewed once for the module: (district, page, workbook, exit code)."""
    folder = tmp_path_factory.mktemp("district")
    made = district(folder)
    page, workbook = folder / "review.html", folder / "review.xlsx"
    code = main([
        "review", str(made.this_year), "--previous", str(made.last_year),
        "-o", str(page), "-o", str(workbook), "--jobs", "2",
    ])  # fmt: skip
    return made, page.read_bytes(), workbook.read_bytes(), code


def test_the_review_names_exactly_the_planted_problems_in_their_rows(reviewed) -> None:
    made, page, _, code = reviewed
    assert code == EXIT_INVALID
    rows = page_rows(page)
    assert sorted(rows) == list(range(40))
    for index in made.clean:
        row = rows[index]
        assert (row.state, row.errors, row.warnings) == ("可以发布", (), ()), made.names[index]
    planted = {key: rows[index] for key, index in made.planted.items()}

    r1 = planted["r1"]
    assert (r1.name, r1.state, r1.warnings) == (f"{DISTRICT}财政局", "需要修改", ())
    assert [error.split("：")[0] for error in r1.errors] == [
        f"{CHAPTER3} · 四、结转下年度继续办理 · 自然人",
        f"{CHAPTER3} · 四、结转下年度继续办理 · 总计",
    ]
    assert all("第一项加第二项之和为" in error and "（R1）" in error for error in r1.errors)

    carried = planted["carry_over"]
    assert (carried.state, carried.warnings) == ("需要修改", ())
    assert [error.split("：")[0] for error in carried.errors] == [
        f"{CHAPTER3} · 二、上年结转政府信息公开申请数量 · 法人或其他组织 · 商业企业",
        f"{CHAPTER3} · 二、上年结转政府信息公开申请数量 · 总计",
    ]
    assert "但 2023 年度报告 四、结转下年度继续办理 · 法人或其他组织 · 商业企业 为 4" in (
        carried.errors[0]
    )

    text = planted["text"]
    assert (text.state, text.errors) == ("可以发布", ())
    [warning] = text.warnings
    assert warning.startswith("一、总体情况 · 第1段：文中“收到政府信息公开申请99999件”为 99999")
    assert "一、本年新收政府信息公开申请数量 · 总计 为 2700" in warning

    unreadable = planted["unreadable"]
    assert (unreadable.name, unreadable.state, unreadable.warnings) == (
        "unreadable.docx", "无法读取", ()
    )
    assert unreadable.errors == ("输入文件：文件已损坏，无法作为 Word 文档打开",)

    placeholder = planted["placeholder"]
    assert (placeholder.state, placeholder.warnings) == ("需要修改", ())
    assert placeholder.errors == (
        "一、总体情况 · 第1段：“（请填写总体情况）”是空白模板的提示文字，请改为实际内容",
    )

    renamed = planted["renamed"]
    assert (renamed.name, renamed.state, renamed.errors) == (
        f"{CITY}{DISTRICT}文旅局", "可以发布", ()
    )
    assert renamed.warnings == (
        f"上年度报告 · 机关名称：上年度报告的机关名称为“{DISTRICT}文旅局”，本报告为"
        f"“{CITY}{DISTRICT}文旅局”（名称前加了上级名称“{CITY}”），按同一机关作跨年度比对",
    )


def test_no_path_and_no_bare_rule_code_reaches_the_clerk(reviewed) -> None:
    _, page, _, _ = reviewed
    for row in page_rows(page).values():
        for problem in (*row.errors, *row.warnings):
            assert "applications." not in problem and "previous." not in problem
            assert "：" in problem  # a label (or what is wrong) comes before the rule's code


def test_this_year_against_last_names_the_missing_and_compares_every_bureau(reviewed) -> None:
    _, page, _, _ = reviewed
    years = section_text(page, "years-title")
    # The bureau whose file cannot be read is not found this year: it is named as missing.
    assert "上年有报告、本年未收到（1 个机关）" in years and f"{DISTRICT}司法局" in years
    assert "本年新增（上年没有报告，0 个机关）" in years
    assert years.count("不一致（2 栏）") == 1  # X1 of the carry-over bureau only
    assert f"上年名称：{DISTRICT}文旅局" in years
    assert "值得一看" in section_text(page, "notes-title")
    assert "无。" in section_text(page, "notes-title")  # nothing planted is worth a look


def _summed(reports: list[dict[str, object]]) -> Counter[str]:
    total: Counter[str] = Counter()
    for report in reports:
        for path, value in cells(report):
            total[path] += value
    return total


def test_the_district_sums_are_the_bureaus_cells_added_up(reviewed) -> None:
    made, page, workbook, _ = reviewed
    rows = page_rows(page)
    issuable = [made.reports[i] for i, row in rows.items() if row.state == "可以发布"]
    assert len(issuable) == 36
    this_year = _summed(issuable)
    last_year = _summed(
        [json.loads(path.read_bytes()) for path in sorted(made.last_year.iterdir())]
    )
    # The page: every data cell of tables 3 and 4 holds the sum, last year's and the change.
    printed = grid_sums(page)
    assert len(printed) == len(this_year) == len(last_year)
    book = openpyxl.load_workbook(io.BytesIO(workbook), read_only=True)
    sums_sheet = [cell for row in book["合计"].iter_rows(values_only=True) for cell in row]
    book.close()
    expected_now = sorted(this_year.values())
    assert sorted(int(texts[0]) for texts in printed.values()) == expected_now
    assert sorted(int(texts[1].removeprefix("上年 ")) for texts in printed.values()) == (
        sorted(last_year.values())
    )
    changes = sorted(
        int(texts[2].replace("+", "").replace("−", "-")) for texts in printed.values()
    )
    assert changes == sorted(this_year[path] - last_year[path] for path in this_year)
    # The workbook's 合计 holds the same numbers in its grids (this year, last year, change).
    numbers = Counter(value for value in sums_sheet if isinstance(value, int))
    for value in (*this_year.values(), *last_year.values()):
        assert numbers[value] >= 1


def test_the_sums_are_in_their_cells(reviewed) -> None:
    """Each printed sum sits in the cell its labels name (not merely somewhere in the grid)."""
    made, page, _, _ = reviewed
    rows = page_rows(page)
    issuable = [made.reports[i] for i, row in rows.items() if row.state == "可以发布"]
    tree = lxml.html.fromstring(page)
    total = _summed(issuable)
    named = {
        "applications.new_received.natural_person": ("一、本年新收政府信息公开申请数量", "自然人"),
        "applications.withheld.state_secret.commercial": ("1.属于国家秘密", "商业企业"),
        "review_litigation.litigation_after_review.pending": ("复议后起诉", "尚未审结"),
    }
    for path, labels in named.items():
        found = []
        for cell in tree.xpath('//table[@class="grid"]//td'):
            ids = cell.get("headers").split()
            headers = [tree.get_element_by_id(name).text_content() for name in ids]
            if all(any(label == text for text in headers) for label in labels):
                found.append(int(cell.xpath('./span[@class="now"]')[0].text_content()))
        assert found == [total[path]], path


def test_the_workbook_has_the_same_states_and_problems(reviewed) -> None:
    made, page, workbook, _ = reviewed
    book = openpyxl.load_workbook(io.BytesIO(workbook), read_only=True)
    assert book.sheetnames == ["概览", "合计", "明细"]
    overview = list(book["概览"].iter_rows(values_only=True))
    detail = list(book["明细"].iter_rows(values_only=True))
    book.close()
    rows = page_rows(page)
    assert [line[1] for line in overview[1:]] == made.names
    for line in overview[1:]:
        row = rows[line[0] - 1]
        assert (line[5], line[6], line[7]) == (row.state, len(row.errors), len(row.warnings))
        written = [text.split(". ", 1)[1] for text in (line[8] or "").split("\n") if text]
        assert written == list(row.errors)
    # 明细: a row per report whose tables were read (not the unreadable file, nor the report
    # refused for its placeholder), every data cell a column.
    assert len(detail) == 1 + 38
    header = detail[0]
    column = header.index(f"{CHAPTER3} · 一、本年新收政府信息公开申请数量 · 总计")
    by_file = {line[1]: line for line in detail[1:]}
    assert by_file["b01.json"][column] == made.reports[0]["applications"]["new_received"]["total"]


def test_a_district_without_problems_exits_0_and_without_last_year_compares_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(3):
        report = bureau(f"{DISTRICT}第{number}局", 2024, number + 1)
        (folder / f"{number}.json").write_text(json.dumps(report, ensure_ascii=False))
    page = tmp_path / "review.html"
    assert main(["review", str(folder), "-o", str(page), "--jobs", "1"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "共 3 份，可以发布 3 份，需要修改 0 份，无法读取 0 份" in out
    text = page.read_text("utf-8")
    assert "未提供上年度报告，未作跨年度比对" in text and "上年合计" not in text
    assert not (tmp_path / "review.xlsx").exists()


def test_a_zip_reviewed_to_standard_output(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    archive = tmp_path / "reports.zip"
    last = tmp_path / "last.zip"
    report = bureau(f"{DISTRICT}第1局", 2024, 1)
    with zipfile.ZipFile(archive, "w") as this, zipfile.ZipFile(last, "w") as before:
        this.writestr("a.json", json.dumps(report, ensure_ascii=False))
        before.writestr("a.json", json.dumps(last_year_of(report), ensure_ascii=False))
    code = main(["review", str(archive), "--previous", str(last), "-o", "-", "--jobs", "1"])
    assert code == EXIT_OK
    captured = capsysbinary.readouterr()
    assert captured.out.startswith(b"<!DOCTYPE html>")
    assert "可以发布 1 份".encode() in captured.err
    assert page_rows(captured.out)[0].state == "可以发布"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["missing-folder", "-o", "r.html"], "找不到输入"),
        (["in", "-o", "r.pdf"], "审核结果须为 .html 或 .xlsx 文件"),
        (["in", "-o", "r.html", "--previous", "missing-last"], "上年度报告"),
        (["empty", "-o", "r.html"], "没有报告"),
    ],
)
def test_an_unusable_input_exits_2_and_writes_nothing(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    arguments: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    (tmp_path / "empty").mkdir()
    (tmp_path / "in" / "a.json").write_text(
        json.dumps(bureau("甲局", 2024, 1), ensure_ascii=False)
    )
    assert main(["review", *arguments]) == EXIT_UNUSABLE
    assert message in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


def test_every_planted_bureau_is_named_once(reviewed) -> None:
    made, page, _, _ = reviewed
    rows = page_rows(page)
    names = [rows[index].name for index in made.planted.values()]
    expected = [f"{DISTRICT}{PLANTED[key]}" for key in made.planted if key != "unreadable"]
    assert sorted(name for name in names if name != "unreadable.docx") == sorted(
        name if not name.endswith("文旅局") else f"{CITY}{name}" for name in expected
    )
