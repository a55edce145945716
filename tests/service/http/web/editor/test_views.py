"""The report editor through plain form posts (what a browser without JavaScript does)."""

from __future__ import annotations

import html
import io
import json
import re
from html.parser import HTMLParser
from typing import Any

import docx
import pytest
from flask.testing import FlaskClient

from schemas import load_report
from schemas.model.layout import label
from schemas.registry import FORMAT_IDS, find
from service import documents
from service.errors import RenderTimeout
from service.http.downloads import DOCX_MIME
from service.http.web.editor.form import from_document
from service.xlsx.write.workbook import write_workbook
from tests.hostile import pdfs
from tests.web_helpers import generated

ORIGIN = {"Origin": "http://localhost"}
R3 = "三、收到和处理政府信息公开申请情况 · "


class Inputs(HTMLParser):
    """Every form field of a page: name → attributes (the last of a repeated name)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, dict[str, str | None]] = {}
        self.textareas: dict[str, str] = {}
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in {"input", "textarea", "select"} and found.get("name"):
            self.fields[str(found["name"])] = found
        self._textarea = str(found["name"]) if tag == "textarea" else None
        if self._textarea:
            self.textareas[self._textarea] = ""

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.textareas[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        self._textarea = None


def fields_of(page: str) -> Inputs:
    parser = Inputs()
    parser.feed(page)
    return parser


def token(client: FlaskClient) -> str:
    return str(
        fields_of(client.get("/editor").get_data(as_text=True)).fields["csrf_token"]["value"]
    )


def form_of(state_document: dict[str, Any]) -> dict[str, Any]:
    """The fields a browser posts for a report shown in the editor (as the page renders it)."""
    client_state = from_document(state_document).state
    data: dict[str, Any] = {"format": client_state.format, **client_state.fields}
    data.update(client_state.cells)
    data["active_disclosure.procurement.amount_unit"] = client_state.unit
    for index, text in enumerate(client_state.preamble):
        data[f"preamble.{index}"] = text
    for key, section in client_state.sections.items():
        for index, text in enumerate(section.paragraphs):
            data[f"{key}.paragraphs.{index}"] = text
        for number, item in enumerate(section.items):
            data[f"{key}.items.{number}.heading"] = item.heading
            for index, text in enumerate(item.paragraphs):
                data[f"{key}.items.{number}.paragraphs.{index}"] = text
    for name in client_state.overrides:
        data[f"override.{name}"] = "1"
    return data


def post(client: FlaskClient, action: str, data: dict[str, Any], **extra: Any) -> Any:
    body = {"csrf_token": token(client), "action": action, **data, **extra}
    return client.post("/editor", data=body, content_type="multipart/form-data", headers=ORIGIN)


def text(response: Any) -> str:
    return html.unescape(response.get_data(as_text=True))


# --- the page -------------------------------------------------------------------------------


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_every_data_cell_is_an_input_named_exactly_by_its_label(client, format_id):
    page = client.get(f"/editor?format={format_id}").get_data(as_text=True)
    fields = fields_of(page).fields
    for table in find(format_id).tables.values():
        for cell in table.data_cells():
            field = fields[cell.key]
            assert html.unescape(str(field["aria-label"])) == cell.label
            assert field["inputmode"] in {"numeric", "decimal"}
            assert field["id"] == f"f-{cell.key}"
            assert ("readonly" in field) == (cell.print == "computed_if_absent")


def test_the_grids_have_the_merges_of_the_word_tables(client):
    page = client.get("/editor?format=2021").get_data(as_text=True)
    assert '<th rowspan="22" class=" vertical">三、本年度办理结果</th>' in page
    caption = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert f'<th colspan="3" rowspan="3">{caption}</th>' in page
    for table in find("2021").tables.values():
        spans = [(cell.colspan, cell.rowspan) for row in table.rows for cell in row]
        assert sum(1 for span in spans if span != (1, 1)) == len(
            re.findall(
                r"<t[hd][^>]*(?:colspan|rowspan)=",
                page.split(f">{table.heading}</h2>", 1)[1].split("</table>")[0],
            )
        )


def test_the_blank_editor_is_for_last_year_with_placeholders_as_hints(client):
    page = client.get("/editor").get_data(as_text=True)
    fields = fields_of(page)
    assert fields.fields["organization"]["value"] == ""
    assert fields.fields["organization"]["placeholder"] == "（机关名称）"
    assert fields.textareas["overview.paragraphs.0"] == ""
    year = int(str(fields.fields["year"]["value"]))
    assert find(fields.fields["format"].get("value") or "2021").covers(year) or year >= 2021
    assert 'data-fresh="1"' in page
    assert "2019 格式" in text(client.get("/editor?format=2019"))
    assert client.get("/editor?format=nonsense").status_code == 200


def test_the_relations_the_script_checks_are_the_rules_of_the_format(client):
    page = client.get("/editor?format=2019").get_data(as_text=True)
    data = re.search(r'<script type="application/json" id="relations">(.*?)</script>', page, re.S)
    assert data
    relations = json.loads(data.group(1))
    assert {relation["code"] for relation in relations} == {"R1", "R2", "R3", "R4"}
    r1 = relations[-1]
    assert (
        r1["message"]
        == "第一项加第二项之和为 {left}，但第三项（七）总计加第四项之和为 {right}（R1）"
    )
    assert r1["label"] == label(r1["path"], "2019")


# --- posts without JavaScript -----------------------------------------------------------------


def test_a_check_comes_back_with_totals_computed_and_errors_on_their_cells(client, example_2021):
    data = form_of(example_2021)
    data["applications.new_received.natural_person"] = "600"
    page = post(client, "check", data).get_data(as_text=True)
    fields = fields_of(page).fields
    assert fields["applications.new_received.total"]["value"] == "1447"
    for path in ("new_received.natural_person", "carried_forward.natural_person"):
        assert fields[f"applications.{path}"]["aria-invalid"] == "true"
    assert "aria-invalid" not in fields["applications.granted.natural_person"]
    assert "第一项加第二项之和为 603，但第三项（七）总计加第四项之和为 506（R1）" in html.unescape(
        page
    )
    assert '<h2 id="summary-title">2 处错误</h2>' in page


def test_generate_answers_the_document_of_the_same_json(client, example_2021):
    response = post(client, "generate", form_of(example_2021))
    assert response.status_code == 200
    name, mime, data = generated(response.get_data(as_text=True))
    report = load_report(example_2021).report
    assert (name, mime) == (documents.filename(report), DOCX_MIME)
    assert text_of(data) == text_of(documents.render(report))


def text_of(document: bytes) -> list[str]:
    opened = docx.Document(io.BytesIO(document))
    cells = [cell.text for table in opened.tables for row in table.rows for cell in row.cells]
    return [paragraph.text for paragraph in opened.paragraphs] + cells


def test_generate_with_errors_is_refused_with_everything_kept(client, example_2021):
    data = form_of(example_2021)
    data["organization"] = "（机关名称）"
    data["applications.granted.research"] = "12x"
    response = post(client, "generate", data)
    assert response.status_code == 422
    page = text(response)
    assert "未生成文档" in page and 'id="generated"' not in page
    assert "“12x”不是整数" in page
    assert "是空白模板的提示文字" in page
    fields = fields_of(response.get_data(as_text=True)).fields
    assert fields["applications.granted.research"]["value"] == "12x"


def test_a_draft_is_saved_as_json_even_when_not_valid(client):
    response = post(
        client,
        "save",
        {"organization": "某局", "year": "2025", "applications.granted.research": "十二"},
    )
    assert response.mimetype == "application/json"
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
    assert "%E6%9F%90%E5%B1%80" in response.headers["Content-Disposition"]
    document = json.loads(response.data)
    assert document["applications"]["granted"]["research"] == "十二"
    assert not load_report(document).valid


@pytest.mark.parametrize(
    ("action", "focus", "paragraphs"),
    [
        (
            "add:overview.paragraphs",
            'id="f-overview.paragraphs.2" name="overview.paragraphs.2" rows="3" autofocus',
            ["一", "二", ""],
        ),
        (
            "remove:overview.paragraphs.0",
            'id="add-overview.paragraphs" class="small add" autofocus',
            ["二"],
        ),
        (
            "down:overview.paragraphs.0",
            'id="down-overview.paragraphs.1" class="small" disabled',
            ["二", "一"],
        ),
        (
            "up:overview.paragraphs.1",
            'id="up-overview.paragraphs.0" class="small" disabled',
            ["二", "一"],
        ),
        ("up:overview.paragraphs.0", "", ["一", "二"]),
        ("remove:overview.paragraphs.7", "", ["一", "二"]),
        ("add:nowhere", "", ["一", "二"]),
    ],
)
def test_paragraphs_are_added_removed_and_moved_without_javascript(
    client, action, focus, paragraphs
):
    data = {"overview.paragraphs.0": "一", "overview.paragraphs.1": "二", "organization": "某局"}
    page = post(client, action, data).get_data(as_text=True)
    texts = fields_of(page).textareas
    assert [texts[f"overview.paragraphs.{index}"] for index in range(len(paragraphs))] == paragraphs
    assert f"overview.paragraphs.{len(paragraphs)}" not in texts
    assert focus in page
    assert fields_of(page).fields["organization"]["value"] == "某局"


def test_items_are_added_with_their_heading_focused(client):
    page = post(client, "add:problems.items", {}).get_data(as_text=True)
    assert (
        'id="f-problems.items.0.heading" name="problems.items.0.heading" value="" autofocus' in page
    )
    item = {"problems.items.0.heading": "改进", "problems.items.0.paragraphs.0": "已改进。"}
    page = post(client, "add:problems.items.0.paragraphs", item).get_data(as_text=True)
    assert fields_of(page).textareas["problems.items.0.paragraphs.0"] == "已改进。"
    assert "problems.items.0.paragraphs.1" in fields_of(page).textareas


def test_changing_the_format_relays_the_tables_and_keeps_the_other_format_s_cells(client):
    data = {
        "format": "2019",
        "year": "2020",
        "active_disclosure.fee_amount": "9.5",
        "applications.granted.research": "4",
    }
    page = post(client, "format", data).get_data(as_text=True)
    fields = fields_of(page).fields
    assert "active_disclosure.procurement.amount" in fields
    assert fields["active_disclosure.fee_amount"]["type"] == "hidden"
    assert fields["applications.granted.research"]["value"] == "4"
    back = post(
        client, "format", {"format": "2021", "active_disclosure.fee_amount": "9.5"}
    ).get_data(as_text=True)
    assert fields_of(back).fields["active_disclosure.fee_amount"]["value"] == "9.5"


# --- starting from a file ---------------------------------------------------------------------


def upload(
    client: FlaskClient, data: bytes, start: str = "this", name: str = "report.json", **extra: Any
) -> Any:
    return post(client, "open", {"upload": (io.BytesIO(data), name), "start": start, **extra})


def test_a_report_opened_fills_the_form(client, example_2021):
    response = upload(client, json.dumps(example_2021, ensure_ascii=False).encode())
    page = response.get_data(as_text=True)
    assert "已打开“report.json”" in html.unescape(page)
    fields = fields_of(page)
    assert fields.fields["organization"]["value"] == example_2021["organization"]
    assert (
        fields.textareas["overview.items.0.paragraphs.0"]
        == example_2021["overview"]["items"][0]["paragraphs"][0]
    )
    assert fields.fields["applications.new_received.total"]["value"] == "1350"


def test_last_year_s_report_starts_the_next_year(client, example_2021):
    page = upload(client, json.dumps(example_2021).encode(), "next").get_data(as_text=True)
    fields = fields_of(page)
    assert fields.fields["year"]["value"] == "2022"
    forward = example_2021["applications"]["carried_forward"]
    for column, value in forward.items():
        assert fields.fields[f"applications.carried_over.{column}"]["value"] == str(value)
    assert fields.fields["active_disclosure.rules.in_force"]["value"] == str(
        example_2021["active_disclosure"]["rules"]["in_force"]
    )
    assert fields.fields["applications.granted.natural_person"]["value"] == ""
    assert "沿用上年报告，请按本年情况改写" in html.unescape(page)
    assert (
        len([name for name, field in fields.fields.items() if name == "carried"]) == 1
    )  # (last kept)
    assert page.count('name="carried"') > 10


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b'{\n  "year": 2021\xef\xbc\x8c\n}', "这里是中文逗号，请改为英文逗号"),
        ('{"a": "秀洲"}'.encode("gbk"), "文件是 GBK 编码"),
        (b"[1, 2]", "报告必须是一个 JSON 对象"),
        (b"PK\x03\x04word/document.xml", "文件已损坏"),  # read as Word: service.importing
    ],
)
def test_a_file_that_cannot_be_opened_leaves_the_form_as_it_was(client, data, says):
    response = upload(client, data, organization="正在填写的机关")
    assert response.status_code == 400
    page = text(response)
    assert says in page and "表单内容未改变" in page
    assert (
        fields_of(response.get_data(as_text=True)).fields["organization"]["value"]
        == "正在填写的机关"
    )


def test_opening_nothing_says_so(client):
    response = post(client, "open", {"organization": "某局"})
    assert response.status_code == 400 and "请先选择要打开的报告文件" in text(response)


def test_what_a_report_has_beyond_the_form_is_listed(client, example_2021):
    example_2021["remarks"] = "备注"
    page = text(upload(client, json.dumps(example_2021).encode()))
    assert "未载入" in page and "<code>remarks</code>" in page


# --- nothing lost -----------------------------------------------------------------------------


def test_an_expired_page_keeps_everything_typed(client):
    body = {
        "csrf_token": "stale",
        "action": "generate",
        "organization": "某局",
        "overview.paragraphs.0": "写好的总体情况",
    }
    response = client.post("/editor", data=body, content_type="multipart/form-data", headers=ORIGIN)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "页面已过期" in html.unescape(page)
    fields = fields_of(page)
    assert fields.fields["organization"]["value"] == "某局"
    assert fields.textareas["overview.paragraphs.0"] == "写好的总体情况"
    assert fields.fields["csrf_token"]["value"] != "stale"


def test_a_post_from_another_site_is_refused(client):
    response = client.post(
        "/editor", data={"organization": "x"}, headers={"Origin": "https://elsewhere.example"}
    )
    assert response.status_code == 400
    assert "请刷新页面" in text(response) and 'value="x"' not in response.get_data(as_text=True)


def test_a_render_that_fails_keeps_the_form(client, example_2021, monkeypatch):
    def failing(report: Any, template_dir: Any = None) -> bytes:
        raise RenderTimeout()

    monkeypatch.setattr(documents, "render", failing)
    response = post(client, "generate", form_of(example_2021))
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "文档生成超时" in html.unescape(page)
    assert fields_of(page).fields["organization"]["value"] == example_2021["organization"]


# --- the live check -----------------------------------------------------------------------------


def test_the_live_check_answers_json(client, example_2021):
    data = form_of(example_2021)
    data["organization"] = ""
    data["csrf_token"] = token(client)
    response = client.post("/editor/check", data=data, headers=ORIGIN)
    body = response.get_json()
    assert [issue["path"] for issue in body["errors"]] == ["organization"]
    assert body["computed"]["applications.new_received.total"] == 1350
    stale = client.post("/editor/check", data={"csrf_token": "stale"}, headers=ORIGIN)
    assert stale.status_code == 400


def test_the_editor_needs_the_sign_in_the_icon_does_not(make_client):
    client = make_client(api_tokens=("secret-token",))
    editor = client.get("/editor")
    assert editor.status_code == 302 and editor.headers["Location"] == "/sign-in?next=/editor"
    assert client.get("/favicon.ico").status_code == 200


def test_a_word_report_opens_through_the_importer(client, example_2021):
    word = documents.render(load_report(example_2021).report)
    page = upload(client, word, name="去年.docx").get_data(as_text=True)
    fields = fields_of(page)
    assert fields.fields["organization"]["value"] == example_2021["organization"]
    assert fields.fields["applications.new_received.natural_person"]["value"] == "503"
    next_year = upload(client, word, "next", name="去年.docx").get_data(as_text=True)
    assert fields_of(next_year).fields["year"]["value"] == "2022"


def test_a_file_the_importer_refuses_says_what_it_is(client):
    response = upload(client, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, name="旧.doc")
    assert response.status_code == 400
    assert "表单内容未改变" in text(response)


def test_an_upload_whose_reading_fails_keeps_the_form(client, monkeypatch):
    """Defect (review): reading a Word document or workbook past the render budget raised out
    of the editor to the blueprint's error page, the upload page: without JavaScript, the
    report being typed was gone."""

    def failing(*_args: Any, **_options: Any) -> Any:
        raise RenderTimeout()

    monkeypatch.setattr(documents, "read", failing)
    response = upload(client, b"PK\x03\x04 a workbook", name="填好的.xlsx", organization="某局")
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "表单内容未改变" in html.unescape(page) and "超时" in html.unescape(page)
    assert fields_of(page).fields["organization"]["value"] == "某局"


# --- preview and PDF ----------------------------------------------------------------------------


def test_the_preview_shows_the_report_as_published_in_its_own_frame(client, example_2021):
    data = form_of(example_2021)
    data["applications.carried_forward.natural_person"] = "99"  # R1 does not stop a preview
    data["csrf_token"] = token(client)
    response = client.post("/editor/preview", data=data, headers=ORIGIN)
    assert response.status_code == 200
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "style-src 'unsafe-inline'" in response.headers["Content-Security-Policy"]
    page = response.get_data(as_text=True)
    assert example_2021["organization"] in page and "三、收到和处理政府信息公开申请情况" in page


def test_a_preview_with_errors_says_how_many(client):
    data = {"csrf_token": token(client), "organization": "", "year": "二〇二五"}
    page = client.post("/editor/preview", data=data, headers=ORIGIN).get_data(as_text=True)
    assert "处错误，无法预览" in html.unescape(page)


def test_the_editor_has_a_preview_frame_and_a_pdf_button(client):
    page = client.get("/editor").get_data(as_text=True)
    assert 'formaction="/editor/preview" formtarget="preview"' in page
    assert '<iframe name="preview" title="报告预览"' in page
    assert 'value="pdf"' in page


def test_pdf_comes_back_in_a_fresh_page(pdf_client, example_2021):
    response = post(pdf_client, "pdf", form_of(example_2021))
    assert response.status_code == 200
    name, mime, data = generated(response.get_data(as_text=True))
    assert mime == "application/pdf" and name.endswith(".pdf") and data.startswith(b"%PDF")


def test_a_filled_workbook_opens_through_the_importer(client, example_2021):
    workbook = write_workbook(example_2021)
    page = upload(client, workbook, name="填好的.xlsx").get_data(as_text=True)
    fields = fields_of(page)
    assert fields.fields["organization"]["value"] == example_2021["organization"]
    assert fields.fields["applications.new_received.natural_person"]["value"] == "503"
    assert '/downloads/blank-2021.xlsx' in client.get("/editor").get_data(as_text=True)


@pytest.mark.parametrize("name", ["pdf-2021", "gbk-2021"])
def test_a_published_report_opens_as_this_year_and_as_last_year(client, published, name):
    filename = "2021年报.pdf" if name.startswith("pdf") else "2021年报.html"
    page = upload(client, published[name], name=filename).get_data(as_text=True)
    fields = fields_of(page)
    assert fields.fields["organization"]["value"] == "嘉兴市秀洲区人民政府办公室"
    assert fields.fields["applications.new_received.natural_person"]["value"] == "503"
    next_year = fields_of(upload(client, published[name], "next", name=filename)
                          .get_data(as_text=True))
    assert next_year.fields["year"]["value"] == "2022"
    # 上年结转 of the new year is last year's 结转下年度继续办理, as published.
    assert next_year.fields["applications.carried_over.natural_person"]["value"] == "5"


def test_a_scanned_pdf_opened_in_the_editor_says_so_and_keeps_the_form(client):
    response = upload(client, pdfs.scan(), name="扫描件.pdf", organization="正在填写的机关")
    assert response.status_code == 400
    page = text(response)
    assert "扫描件" in page and "表单内容未改变" in page
