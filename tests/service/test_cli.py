"""``gov-report validate FILE [--json]``: output and exit codes 0 / 1 / 2."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from service.cli import main
from service.documents import blank_workbook, validate
from tests.conftest import EXAMPLE_2019, changed


def write(tmp_path: Path, document: object) -> str:
    path = tmp_path / "report.json"
    path.write_text(json.dumps(document, ensure_ascii=False, default=str), encoding="utf-8")
    return str(path)


def test_a_valid_report_exits_0(capsys, example_2019_path):
    assert main(["validate", str(example_2019_path)]) == 0
    assert capsys.readouterr().out.strip() == "校验通过 / valid"


def test_an_invalid_report_exits_1_and_lists_every_error_in_chinese(capsys, tmp_path, example_2021):
    document = changed(example_2021, "applications.total_processed.natural_person", 20)
    document = changed(document, "year", "2021")
    assert main(["validate", write(tmp_path, document)]) == 1
    out = capsys.readouterr().out
    assert "错误（4）：" in out  # year, then R1, R2 and R3 of the changed cell
    assert "位置 year · not_an_integer" in out and "必须是整数 / must be an integer" in out
    assert "报告年度" in out
    assert "校验未通过 / invalid" in out


def test_rule_errors_are_listed_with_their_label(capsys, tmp_path, example_2021):
    document = changed(example_2021, "applications.total_processed.natural_person", 20)
    assert main(["validate", write(tmp_path, document)]) == 1
    out = capsys.readouterr().out
    assert "（七）总计 · 自然人" in out and "（七）总计 为 20，但各办理结果之和为 501（R3）" in out


def test_json_output_is_the_api_answer_with_computed_totals(capsys, tmp_path, example_2021):
    del example_2021["applications"]["new_received"]["total"]
    assert main(["validate", write(tmp_path, example_2021), "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body == validate(json.dumps(example_2021, default=str)).to_dict()
    new = example_2021["applications"]["new_received"]
    assert body["computed"]["applications.new_received.total"] == sum(new.values())


def test_json_output(capsys, tmp_path, example_2021):
    document = changed(example_2021, "review_litigation.review.total", 1)
    document = changed(document, "title", "某局报告")
    assert main(["validate", write(tmp_path, document), "--json"]) == 1
    body = json.loads(capsys.readouterr().out)
    assert body["valid"] is False
    assert body["errors"] == [
        {
            "path": "review_litigation.review.total",
            "code": "R4",
            "message": "总计 为 1，但结果维持、结果纠正、其他结果、尚未审结之和为 7（R4） / "
            "total is 1 but upheld + corrected + other + pending is 7 (R4)",
            "label": "四、政府信息公开行政复议、行政诉讼情况 · 行政复议 · 总计",
        }
    ]
    assert [warning["code"] for warning in body["warnings"]] == ["title_year_mismatch"]


def test_allow_inconsistent_exits_0_with_warnings(capsys, tmp_path, example_2021):
    document = changed(example_2021, "review_litigation.review.total", 1)
    assert main(["validate", write(tmp_path, document), "--allow-inconsistent"]) == 0
    out = capsys.readouterr().out
    assert "警告（1）：" in out and "R4" in out and "校验通过" in out


@pytest.mark.parametrize("raw", [b"{", b"\xff", b'{"year": NaN}', b""])
def test_input_that_is_not_json_exits_2(capsys, tmp_path, raw):
    path = tmp_path / "broken.json"
    path.write_bytes(raw)
    assert main(["validate", str(path), "--json"]) == 2
    body = json.loads(capsys.readouterr().out)
    assert [error["code"] for error in body["errors"]] == ["invalid_json"]


def test_a_syntax_error_is_printed_with_its_line_and_a_caret(capsys, tmp_path):
    path = tmp_path / "typed.json"
    path.write_text('{\n  "year": 2021，\n  "a": 1\n}', encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    out = capsys.readouterr().out
    assert "这里是中文逗号，请改为英文逗号" in out
    assert '     |   "year": 2021，\n     |               ^\n' in out


@pytest.mark.parametrize(
    ("raw", "code"), [(b"[]", "not_an_object"), (b'{"year": 2021, "year": 2022}', "duplicate_key")]
)
def test_json_that_is_not_one_readable_object_exits_2(capsys, tmp_path, raw, code):
    path = tmp_path / "odd.json"
    path.write_bytes(raw)
    assert main(["validate", str(path), "--json"]) == 2
    body = json.loads(capsys.readouterr().out)
    assert code in [error["code"] for error in body["errors"]]


def test_a_missing_file_exits_2(capsys, tmp_path):
    assert main(["validate", str(tmp_path / "nothing.json")]) == 2
    assert "无法读取文件" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("raw", "code"), [(EXAMPLE_2019.read_bytes(), 0), (b'{"year": 2021}', 1), (b"not json", 2)]
)
def test_stdin(monkeypatch, capsys, raw, code):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    assert main(["validate", "-"]) == code


def test_the_console_script(example_2019_path):
    script = Path(sys.executable).with_name("gov-report")
    if not script.exists():
        pytest.skip("gov-report is not installed in this environment (pip install -e .)")
    done = subprocess.run(
        [str(script), "validate", str(example_2019_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "校验通过" in done.stdout
    broken = subprocess.run(
        [str(script), "validate", "-", "--json"],
        input="[1, 2",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert broken.returncode == 2
    assert json.loads(broken.stdout)["valid"] is False


@pytest.mark.parametrize(("args", "format_id"), [([], "2021"), (["--format", "2019"], "2019")])
def test_workbook_writes_the_blank_workbook(capsys, tmp_path, args, format_id):
    output = tmp_path / "年报数据.xlsx"
    assert main(["workbook", *args, "-o", str(output)]) == 0
    assert output.read_bytes() == blank_workbook(format_id)
    assert "已生成" in capsys.readouterr().out


def test_workbook_into_a_missing_folder_exits_2(capsys, tmp_path):
    assert main(["workbook", "-o", str(tmp_path / "none" / "x.xlsx")]) == 2
    assert "无法写入文件" in capsys.readouterr().err
