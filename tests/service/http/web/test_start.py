from __future__ import annotations

import html
import io
import json
import re
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from flask.testing import FlaskClient

from service import documents
from service.catalog import blank
from service.errors import RenderTimeout, TemplateProblem
from service.http.downloads import DOCX_MIME, XLSX_MIME
from service.http.web import chinese, size_text
from tests.web_helpers import THREE_ERRORS, generated, three_errors, with_warning

JSON_FILE = "application/json"


def token(client: FlaskClient) -> str:
    page = client.get("/").get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found
    return found.group(1)


def post(client: FlaskClient, mode: str = "check", **fields: Any) -> Any:
    """A form post with this session's token and the page's own origin."""
    data = {"csrf_token": token(client), "mode": mode, **fields}
    return client.post(
        "/", data=data, content_type="multipart/form-data", headers={"Origin": "http://localhost"}
    )


def upload(name: str, data: bytes) -> tuple[io.BytesIO, str, str]:
    return (io.BytesIO(data), name, JSON_FILE)


def text(response: Any) -> str:
    return html.unescape(response.get_data(as_text=True))


# --- the page ---------------------------------------------------------------------------------


def test_the_page_is_chinese_self_contained_and_locked_down(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert '<html lang="zh-CN">' in page
    assert "校验" in page and "生成并下载" in page
    links = re.findall(r'(?:src|href|action)="([^"]*)"', page)
    assert links and all(link.startswith("/") for link in links), links
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "HttpOnly" in response.headers["Set-Cookie"]
    assert "SameSite=Lax" in response.headers["Set-Cookie"]


@pytest.mark.parametrize("asset", ["web.css", "web.js", "favicon.svg"])
def test_assets_are_served_by_the_service(client: FlaskClient, asset: str) -> None:
    response = client.get(f"/web-static/{asset}")
    assert response.status_code == 200
    assert b"http://" not in response.data.replace(b"http://www.w3.org/2000/svg", b"")
    assert b"https://" not in response.data
    response.close()


def test_the_page_links_the_api_docs(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert 'href="/api/v1/docs"' in page
    assert client.get("/api/v1/docs").status_code == 200


# --- CSRF ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "headers"),
    [
        (None, {}),
        ("", {}),
        ("forged", {}),
        ("right", {"Origin": "https://evil.example"}),
        ("right", {"Origin": "null"}),
        ("right", {"Referer": "https://evil.example/form.html"}),
        ("right", {"Origin": "http://localhost.evil.example"}),
    ],
)
def test_a_post_without_this_sessions_token_or_from_elsewhere_is_refused(
    client: FlaskClient, example_2019_path: Path, sent: str | None, headers: dict[str, str]
) -> None:
    right = token(client)
    data = {"mode": "generate", "pasted": example_2019_path.read_text()}
    if sent is not None:
        data["csrf_token"] = right if sent == "right" else sent
    response = client.post("/", data=data, headers=headers)
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    page = text(response)
    assert "页面已过期或请求来源无效，请刷新页面后重新提交" in page
    assert "/ the form" not in page  # the English half is not shown
    assert "秀洲区退役军人事务局" not in page  # nothing of a refused post is echoed


def test_a_token_from_another_session_is_refused(
    make_client: Callable[..., FlaskClient], client: FlaskClient
) -> None:
    stolen = token(make_client())
    response = client.post("/", data={"csrf_token": stolen, "pasted": "{}"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    "headers", [{}, {"Origin": "http://localhost"}, {"Referer": "http://localhost/"}]
)
def test_a_post_with_the_token_from_this_site_is_accepted(
    client: FlaskClient, headers: dict[str, str]
) -> None:
    data = {"csrf_token": token(client), "mode": "check", "pasted": "{"}
    response = client.post("/", data=data, headers=headers)
    assert response.status_code == 200


# --- checking -----------------------------------------------------------------------------------


def test_three_errors_are_all_listed_with_label_path_and_chinese_message(
    client: FlaskClient, example_2019_path: Path
) -> None:
    response = post(client, files=[upload("报告.json", three_errors(example_2019_path))])
    assert response.status_code == 200
    page = text(response)
    assert "3 处错误" in page
    for path, label in THREE_ERRORS:
        assert f"<code>{path}</code>" in page
        assert label in page
    assert "必须是整数" in page and "must be an integer" not in page
    assert "校验未通过" in page


def test_warnings_are_listed_apart_from_errors(
    client: FlaskClient, example_2019_path: Path
) -> None:
    page = text(post(client, files=[upload("a.json", with_warning(example_2019_path))]))
    assert "通过校验" in page and "1 条提示" in page
    assert "提示（不影响生成，请核对）" in page
    assert "错误（必须修改" not in page
    assert "<code>signature.date</code>" in page


def test_invalid_json_gets_a_clear_message_and_stays_in_the_box(client: FlaskClient) -> None:
    pasted = '{"year": 2021, "organization": "某局",'
    page = text(post(client, pasted=pasted))
    assert "不是有效的 JSON：第 1 行" in page
    assert "JSON 语法错误多为漏写或多写了逗号、引号、括号" in page
    kept = re.search(r'<textarea id="pasted"[^>]*>\n(.*?)</textarea>', page, re.S)
    assert kept and kept.group(1) == pasted


def test_uploaded_files_are_kept_on_the_page_after_a_check(
    client: FlaskClient, example_2019_path: Path
) -> None:
    raw = three_errors(example_2019_path)
    page = text(post(client, files=[upload("报告.json", raw)]))
    assert '<input type="hidden" name="kept_name" value="报告.json">' in page
    kept = re.search(r'<textarea name="kept_text"[^>]*>\n(.*?)</textarea>', page, re.S)
    assert kept and kept.group(1) == raw.decode()
    assert "无需重新选择" in page


def test_a_kept_file_is_submitted_again_without_choosing_it(
    client: FlaskClient, example_2019_path: Path
) -> None:
    raw = example_2019_path.read_text()
    response = post(client, "generate", kept_name="秀洲.json", kept_text=raw)
    assert response.status_code == 200
    assert generated(response.get_data(as_text=True))[1] == DOCX_MIME


def test_a_file_chosen_again_replaces_the_kept_one_and_drop_removes(
    client: FlaskClient, example_2019_path: Path
) -> None:
    fixed = example_2019_path.read_bytes()
    page = text(
        post(
            client,
            files=[upload("报告.json", fixed)],
            kept_name=["报告.json", "旧.json"],
            kept_text=["{", "{"],
            drop="1",
        )
    )
    assert "共 1 份报告，全部通过校验" in page


def test_a_file_that_is_not_utf8_is_checked_but_cannot_be_kept(client: FlaskClient) -> None:
    page = text(post(client, files=[upload("gbk.json", '{"organization": "某局"}'.encode("gbk"))]))
    assert "1 处错误" in page
    assert "页面无法保留其内容" in page
    assert 'name="kept_name"' not in page


def test_user_text_is_escaped_everywhere(client: FlaskClient, example_2019_path: Path) -> None:
    report = json.loads(example_2019_path.read_bytes())
    report["organization"] = "<script>alert(1)</script>"
    response = post(
        client,
        pasted=json.dumps(report, ensure_ascii=False),
        files=[upload("<script>alert(2)</script>.json", b"{")],
        kept_name='"><script>alert(3)</script>',
        kept_text="[",
    )
    page = response.get_data(as_text=True)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # organization, in the results
    assert "&lt;script&gt;alert(2)&lt;/script&gt;.json" in page  # a file name
    assert 'value="&#34;&gt;&lt;script&gt;alert(3)' in page  # inside an attribute


def test_nothing_submitted_is_a_message(client: FlaskClient) -> None:
    response = post(client, pasted="   \n")
    assert response.status_code == 400
    assert "请先选择 JSON、Word 或 Excel 文件，或粘贴报告 JSON" in text(response)


# --- generating ---------------------------------------------------------------------------------


def test_one_report_is_generated_as_docx_in_a_fresh_page(
    client: FlaskClient, example_2019_path: Path
) -> None:
    bad = post(client, "check", pasted=three_errors(example_2019_path).decode())
    assert "3 处错误" in text(bad)
    response = post(client, "generate", pasted=example_2019_path.read_text())
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    name, mime, data = generated(page)
    assert (name, mime) == ("秀洲区退役军人事务局2020年政府信息公开工作年度报告.docx", DOCX_MIME)
    assert "已生成“秀洲区退役军人事务局2020年政府信息公开工作年度报告.docx”" in page
    assert "处错误" not in page  # nothing left over from the check before
    paragraphs = docx.Document(io.BytesIO(data)).paragraphs
    assert any("秀洲区退役军人事务局" in paragraph.text for paragraph in paragraphs)


def test_several_reports_are_a_job_with_a_progress_page_then_the_zip(
    client: FlaskClient, example_2019_path: Path, example_2021_path: Path
) -> None:
    files = [
        upload("a.json", example_2019_path.read_bytes()),
        upload("b.json", example_2021_path.read_bytes()),
    ]
    archive = job_zip(client, post(client, "generate", files=files))
    names = archive.namelist()
    assert names[-4:] == ["manifest.json", "manifest.csv", "summary.xlsx", "review.html"]
    assert len([name for name in names if name.endswith(".docx")]) == 2
    manifest = json.loads(archive.read("manifest.json"))
    assert [row["input"] for row in manifest["reports"]] == ["a.json", "b.json"]


def job_zip(client: FlaskClient, response: Any) -> zipfile.ZipFile:
    """The zip of the job a form post queued, once its progress page says it is done."""
    assert response.status_code == 303
    location = response.headers["Location"]
    page = client.get(location)
    assert page.status_code == 200
    assert "<progress" in text(page)
    for _ in range(600):
        page = client.get(location)
        if "下载压缩包" in text(page):
            break
        assert 'http-equiv="refresh"' in text(page)  # refreshes itself while running
        time.sleep(0.1)
    assert 'http-equiv="refresh"' not in text(page)
    with client.get(location + "/result") as result:
        assert result.mimetype == "application/zip"
        return zipfile.ZipFile(io.BytesIO(result.data))


def test_every_valid_report_of_a_job_is_rendered_whatever_its_file_is_called(
    client: FlaskClient, example_2021: dict[str, Any]
) -> None:
    """Defect (review): each report went into the job's zip under the name it was uploaded
    with: a name sent twice was a duplicate entry (a warning; an error under the tests), a
    Windows path (C:\\Users\\b.json arrives as C:Usersb.json) an unsafe entry that failed, a
    hidden file (.c.json) an entry the batch skips: reports the page had found valid were
    missing from the zip."""
    names = ["a.json", "a.json", "dir/b.json", ".c.json", "C:\\Users\\d.json", ".."]
    files = [
        upload(name, json.dumps({**example_2021, "organization": f"机关{n}"}).encode())
        for n, name in enumerate(names)
    ]
    manifest = json.loads(job_zip(client, post(client, "generate", files=files)).read(
        "manifest.json"
    ))
    rows = [(row["input"], row["status"]) for row in manifest["reports"]]
    assert rows == [
        ("a.json", "ok"),
        ("a（2）.json", "ok"),
        ("b.json", "ok"),
        ("c.json", "ok"),
        ("report.json", "ok"),
        ("report（2）.json", "ok"),
    ]


@pytest.mark.parametrize("other", ["files", "pasted"])
def test_nothing_is_generated_when_any_report_has_an_error(
    client: FlaskClient, example_2019_path: Path, other: str
) -> None:
    bad = three_errors(example_2019_path)
    extra: dict[str, Any] = (
        {"files": [upload("bad.json", bad)]} if other == "files" else {"pasted": bad.decode()}
    )
    response = post(client, "generate", **extra)
    assert response.status_code == 422
    assert response.mimetype == "text/html"
    page = text(response)
    assert "未生成文档" in page
    assert bad.decode() in page  # kept, nothing to retype


def test_a_failed_render_is_a_message_on_the_page(
    client: FlaskClient, example_2019_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(report: Any, template_dir: Any = None) -> bytes:
        raise RenderTimeout()

    monkeypatch.setattr(documents, "render", failing)
    response = post(client, "generate", pasted=example_2019_path.read_text())
    assert response.status_code == 503
    assert "文档生成超时，请稍后重试" in text(response)


# --- limits -------------------------------------------------------------------------------------


def multipart(fields: dict[str, str], boundary: str = "LIMIT") -> bytes:
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in fields.items()
    ]
    return ("".join(parts) + f"--{boundary}--\r\n").encode()


@pytest.mark.parametrize(("slack", "status"), [(0, 200), (-1, 413)])
def test_a_form_post_at_the_size_limit_is_read_and_one_byte_more_is_a_413_page(
    make_client: Callable[..., FlaskClient], example_2019_path: Path, slack: int, status: int
) -> None:
    probe = make_client(secret_key="shared")
    fields = {"csrf_token": token(probe), "mode": "check", "pasted": example_2019_path.read_text()}
    body = multipart(fields)
    client = make_client(secret_key="shared", form_max_body_bytes=len(body) + slack)
    client.set_cookie("gov_report_session", probe.get_cookie("gov_report_session").value)
    response = client.post("/", data=body, content_type="multipart/form-data; boundary=LIMIT")
    assert response.status_code == status
    assert response.mimetype == "text/html"
    if status == 413:
        assert f"提交的内容超过 {size_text(len(body) - 1)} 的上限，未做处理" in text(response)
    else:
        assert "全部通过校验" in text(response)


def test_form_size_limit_is_configured_in_mb_on_the_page(
    make_client: Callable[..., FlaskClient],
) -> None:
    page = text(make_client(form_max_body_bytes=3 * 1024 * 1024).get("/"))
    assert "合计不超过 3 MB" in page


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        (8 * 1024 * 1024, "8 MB"),
        (1024 * 1024, "1 MB"),
        (1536 * 1024, "1.5 MB"),
        (1024 * 1024 - 1, "1023 KB"),
        (1024, "1 KB"),
        (1023, "1023 字节"),
    ],
)
def test_sizes_are_shown_for_people(size: int, shown: str) -> None:
    assert size_text(size) == shown


@pytest.mark.parametrize(("extra", "status"), [(0, 200), (1, 400)])
def test_files_at_the_count_limit_are_checked_and_one_more_is_refused(
    make_client: Callable[..., FlaskClient], extra: int, status: int
) -> None:
    client = make_client(form_max_files=3)
    files = [upload(f"{number}.json", b"{") for number in range(3 + extra)]
    response = post(client, files=files)
    assert response.status_code == status
    if status == 400:
        assert "一次最多提交 3 份报告，本次有 4 份" in text(response)


@pytest.mark.parametrize(("extra", "code"), [(0, "invalid_json"), (1, "input_too_large")])
def test_a_report_over_the_single_report_limit_is_not_read(
    make_client: Callable[..., FlaskClient], extra: int, code: str
) -> None:
    client = make_client(max_body_bytes=100)
    raw = b"{" + b" " * (99 + extra)
    page = text(post(client, files=[upload("big.json", raw)]))
    if code == "input_too_large":
        assert "超过单份报告大小上限 100 字节" in page
    else:
        assert "不是有效的 JSON" in page


# --- blank and example downloads ---------------------------------------------------------------


@pytest.mark.parametrize("kind", ["blank", "example"])
@pytest.mark.parametrize("name", ["2019", "2021"])
def test_blank_and_example_reports_download_as_json_and_word(
    client: FlaskClient, kind: str, name: str
) -> None:
    data = client.get(f"/downloads/{kind}-{name}.json")
    assert data.status_code == 200
    disposition = data.headers["Content-Disposition"]
    assert disposition.startswith(f'attachment; filename="{kind}-{name}.json"')
    if kind == "blank":
        assert data.data == blank(name)
    # the blank is valid but for its placeholders, which its Word document shows
    assert documents.validate(data.data, allow_placeholders=kind == "blank").valid
    document = client.get(f"/downloads/{kind}-{name}.docx")
    assert document.status_code == 200
    assert document.mimetype == DOCX_MIME
    organization = json.loads(data.data)["organization"]
    paragraphs = docx.Document(io.BytesIO(document.data)).paragraphs
    assert any(organization in paragraph.text for paragraph in paragraphs)


@pytest.mark.parametrize("name", ["2019", "2021"])
def test_the_blank_workbook_downloads_and_is_linked(client: FlaskClient, name: str) -> None:
    url = f"/downloads/blank-{name}.xlsx"
    assert f'href="{url}"' in text(client.get("/"))
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == XLSX_MIME
    assert response.data == documents.blank_workbook(name)
    result, document = documents.validate_workbook(response.data)
    assert {issue.code for issue in result.errors} == {"placeholder"}  # as the blank JSON
    assert document["format"] == name


@pytest.mark.parametrize(
    "url", ["/downloads/blank-2030.json", "/downloads/example-x.docx", "/downloads/blank-x.xlsx"]
)
def test_an_unknown_format_is_a_404_page(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert "没有格式" in text(response)


def test_a_template_problem_is_a_500_page_not_a_traceback(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(report: Any, template_dir: Any = None) -> bytes:
        raise TemplateProblem("模板缺失 / template missing")

    monkeypatch.setattr(documents, "render", broken)
    response = client.get("/downloads/blank-2021.docx")
    assert response.status_code == 500
    assert "模板缺失" in text(response)


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        ("必须是整数 / must be an integer", "必须是整数"),
        ("只有中文", "只有中文"),
        ("本年增/减 有误 / change is wrong", "本年增/减 有误"),
    ],
)
def test_the_page_shows_the_chinese_half_of_a_message(message: str, shown: str) -> None:
    assert chinese(message) == shown


# --- what a new user ran into (issue 12) ---------------------------------------------------------


def test_a_file_and_the_same_text_pasted_are_one_report(
    client: FlaskClient, example_2019_path: Path
) -> None:
    raw = example_2019_path.read_bytes()
    response = post(client, "generate", files=[upload("a.json", raw)], pasted=raw.decode() + "\n")
    page = text(response)
    assert "“粘贴的内容”与“a.json”内容相同，只计一份。" in page
    assert generated(response.get_data(as_text=True))[1] == DOCX_MIME  # one report: not a zip


def test_rules_let_through_are_a_warning_naming_them(
    client: FlaskClient, example_2021_path: Path
) -> None:
    report = json.loads(example_2021_path.read_bytes())
    report["review_litigation"]["review"]["total"] = 99
    report["applications"]["new_received"]["total"] = 999
    pasted = json.dumps(report, ensure_ascii=False)
    page = text(post(client, pasted=pasted, allow_inconsistent="1"))
    notice = re.search(r'<div class="notice notice-(\w+)" id="notice"[^>]*>(.*?)</div>', page, re.S)
    assert notice and notice.group(1) == "warning"
    assert "勾稽关系不一致（R2、R4、R1），已按要求仅作提示" in notice.group(2)
    assert "全部通过校验" not in page
    assert "勾稽关系不一致 3 处（仅作提示）" in page and "通过校验</span>" not in page
    assert "勾稽关系不一致（已选择仅作提示，仍须核对）：R2、R4、R1" in page


def test_a_syntax_error_shows_its_line_with_a_caret(client: FlaskClient) -> None:
    page = text(post(client, pasted='{\n  "year": 2021，\n  "organization": "某局"\n}'))
    assert "这里是中文逗号，请改为英文逗号" in page
    assert '<pre class="excerpt">  "year": 2021，\n              ^</pre>' in page


def test_a_workbook_is_named_not_a_byte_error(client: FlaskClient) -> None:
    workbook = io.BytesIO()
    with zipfile.ZipFile(workbook, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    page = text(post(client, files=[upload("表格.json", workbook.getvalue())]))
    results = page.split("校验结果")[1].split("</section>")[0]
    assert "UTF-8 文本：第" not in results  # not a byte error
    assert "不是 Word 文档" in results  # what it is, from service.importing


def test_the_icon_is_where_browsers_ask_for_it(client: FlaskClient) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.data.startswith(b"<svg")
    # Kept a day like the other public files; it was marked no-store after its view set that.
    assert response.headers["Cache-Control"] == "max-age=86400"


def contrast(one: str, other: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[index : index + 2], 16) / 255 for index in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_focus_ring_stands_out_three_to_one() -> None:
    css = (Path(documents.__file__).parent / "http/web/static/web.css").read_text()
    colours = dict(re.findall(r"--([a-z-]+): (#[0-9a-f]{6});", css))
    assert "outline: 3px solid var(--focus)" in css
    for ground in (colours["paper"], colours["ground"]):
        assert contrast(colours["focus"], ground) >= 3
    assert contrast("#84adff", colours["paper"]) < 3  # the ring it replaces


def test_every_control_has_its_own_name(client: FlaskClient, example_2019_path: Path) -> None:
    raw = example_2019_path.read_bytes()
    page = text(post(client, files=[upload("甲.json", raw), upload("乙.json", raw + b" ")]))
    assert 'aria-labelledby="files-name"' in page and 'id="files-name"' in page
    assert 'aria-labelledby="pasted-label"' in page
    for name in ("甲.json", "乙.json"):
        assert f'不再提交此文件<span class="visually-hidden">：{name}</span>' in page
        assert f'查看或修改内容<span class="visually-hidden">：{name}</span>' in page
    links = re.findall(r"download>(.*?)</a>", page)
    assert len(links) == 10 and len(set(links)) == 10  # JSON, Word (and Excel for blanks)
    assert '<span class="visually-hidden">国办公开办函〔2021〕30号空白模板 </span>Word' in links
