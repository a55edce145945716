"""POST /api/v1/imports (a .docx body or a multipart upload) and the {"report", "previous"}
bodies of /api/v1/reports and /api/v1/reports/validate."""

from __future__ import annotations

import io
import json
import time
from typing import Any

import pytest
from flask.testing import FlaskClient

from schemas import load_report
from service import documents
from service.http.downloads import DOCX_MIME
from service.reading.limits import ImportLimits
from tests.conftest import EXAMPLES, changed
from tests.handfilled import Filling, example_model, filled_in
from tests.hostile import pdfs
from tests.service.http.api.test_reports import assert_problem, post

IMPORTS = "/api/v1/imports"


def upload(client: FlaskClient, data: bytes, **kwargs: Any) -> Any:
    return client.post(IMPORTS, data=data, content_type=DOCX_MIME, **kwargs)


def multipart(client: FlaskClient, files: dict[str, tuple[bytes, str]], query: str = "") -> Any:
    data = {field: (io.BytesIO(content), name) for field, (content, name) in files.items()}
    return client.post(IMPORTS + query, data=data, content_type="multipart/form-data")


def example() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(EXAMPLES["2021"].read_bytes())
    return document


def last_year(document: dict[str, Any]) -> dict[str, Any]:
    last = changed(document, "year", document["year"] - 1)
    last.pop("title", None)
    for row in ("rules", "normative_documents"):
        counts = document["active_disclosure"][row]
        last = changed(
            last,
            f"active_disclosure.{row}.in_force",
            counts["in_force"] - counts["issued"] + counts["repealed"],
        )
    return changed(
        last, "applications.carried_forward", dict(document["applications"]["carried_over"])
    )


def test_a_docx_body_answers_the_report_and_its_check(client: FlaskClient) -> None:
    report = example_model("2021")
    response = upload(client, filled_in(report, Filling(table_note="单位：件")))
    assert response.status_code == 200
    body = response.get_json()
    assert list(body) == ["report", "valid", "errors", "warnings"]
    assert list(body["report"])[:3] == ["format", "year", "organization"]  # the contract's order
    assert load_report(body["report"]).report == report
    assert body["valid"] is True and body["errors"] == []
    assert [w["code"] for w in body["warnings"]] == ["text_ignored"]


def test_a_multipart_upload_reads_the_same(client: FlaskClient) -> None:
    report = example_model("2019")
    response = multipart(client, {"document": (documents.render(report), "报告.docx")})
    assert response.status_code == 200
    assert load_report(response.get_json()["report"]).report == report


def test_a_read_report_with_errors_is_200_with_valid_false(client: FlaskClient) -> None:
    typed = {"applications.new_received.natural_person": "504"}
    response = upload(client, filled_in(example_model("2021"), Filling(typed=typed)))
    body = response.get_json()
    assert response.status_code == 200 and body["valid"] is False
    assert {error["code"] for error in body["errors"]} == {"R1", "R2"}


def test_a_word_document_that_is_not_a_report_is_422_naming_the_cell(client: FlaskClient) -> None:
    typed = {"review_litigation.review.upheld": "三件左右"}
    body = assert_problem(
        upload(client, filled_in(example_model("2021"), Filling(typed=typed))), 422, "not-a-report"
    )
    [error] = body["errors"]
    assert error["path"] == "review_litigation.review.upheld"
    assert error["label"].endswith("行政复议 · 结果维持") and "三件左右" in error["message"]


@pytest.mark.parametrize(
    ("content_type", "data", "slug"),
    [
        ("application/json", b"{}", "unsupported-media-type"),
        ("application/octet-stream", b"PK", "unsupported-media-type"),
        (DOCX_MIME, b"%PDF-1.5", "unsupported-document"),
        (DOCX_MIME, b"", "unsupported-document"),
    ],
)
def test_what_is_not_a_docx_is_415(client: FlaskClient, content_type, data, slug) -> None:
    assert_problem(client.post(IMPORTS, data=data, content_type=content_type), 415, slug)


def test_a_multipart_upload_without_a_document_is_400(client: FlaskClient) -> None:
    assert_problem(multipart(client, {"file": (b"x", "a.docx")}), 400, "bad-input")


def test_a_document_over_the_limit_is_413(make_client) -> None:
    document = filled_in(example_model("2021"))
    limits = ImportLimits(max_document_bytes=len(document) - 1)
    client = make_client(imports=limits)
    assert_problem(upload(client, document), 413, "body-too-large")
    answer = multipart(client, {"document": (document, "a.docx")})
    assert_problem(answer, 413, "document-too-large")


def test_last_years_report_in_a_multipart_upload_is_compared(client: FlaskClient) -> None:
    document = example()
    report = load_report(document).report
    assert report is not None
    broken = changed(last_year(document), "applications.carried_forward.total", 0)
    response = multipart(
        client,
        {
            "document": (documents.render(report), "this.docx"),
            "previous": (json.dumps(broken).encode(), "last.json"),
        },
    )
    body = response.get_json()
    assert response.status_code == 200 and body["valid"] is False
    assert [e["code"] for e in body["errors"]] == ["X1"]
    unusable = multipart(
        client,
        {"document": (documents.render(report), "a.docx"), "previous": (b"%PDF", "last.pdf")},
    )
    problem = assert_problem(unusable, 422, "previous-unusable")
    assert problem["errors"][0]["path"] == "previous"


def test_reading_last_years_document_is_bounded_in_time_too(
    make_client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Defect (review): the uploaded document was read within the render budget, last year's
    beside it (a .docx or .xlsx as hostile as any) without one."""

    def slow(*_args: Any, **_options: Any) -> Any:
        end = time.monotonic() + 2
        while time.monotonic() < end:
            pass
        return None

    monkeypatch.setattr(documents, "load_previous", slow)
    client = make_client(render_timeout_seconds=0.05)
    report = load_report(example()).report
    assert report is not None
    files = {"document": (documents.render(report), "a.docx"), "previous": (b"PK", "last.docx")}
    assert_problem(multipart(client, files), 503, "render-timeout")


# --- last year's report beside a report -------------------------------------------------------


def test_validate_compares_with_last_years_report(client: FlaskClient) -> None:
    document = example()
    body = {"report": document, "previous": last_year(document)}
    answer = post(client, "/api/v1/reports/validate", body)
    assert answer.status_code == 200 and answer.get_json()["valid"] is True
    broken = changed(last_year(document), "applications.carried_forward.natural_person", 0)
    answer = post(client, "/api/v1/reports/validate", {"report": document, "previous": broken})
    body = answer.get_json()
    assert body["valid"] is False
    # The copied row gives its 总计 (unchanged): only the changed column differs.
    assert [(e["path"], e["code"]) for e in body["errors"]] == [
        ("applications.carried_over.natural_person", "X1"),
    ]


def test_an_unusable_previous_report_is_listed_by_validate(client: FlaskClient) -> None:
    answer = post(
        client, "/api/v1/reports/validate", {"report": example(), "previous": {"year": 2020}}
    )
    body = answer.get_json()
    assert answer.status_code == 200 and body["valid"] is False
    assert {e["path"] for e in body["errors"]} >= {"previous.organization", "previous.overview"}
    assert all(e["label"].startswith("上年度报告") for e in body["errors"])


def test_render_refuses_on_x1_unless_allowed(client: FlaskClient) -> None:
    document = example()
    broken = changed(last_year(document), "applications.carried_forward.total", 0)
    body = {"report": document, "previous": broken}
    refused = assert_problem(post(client, "/api/v1/reports", body), 422, "invalid-report")
    assert [e["code"] for e in refused["errors"]] == ["X1"]
    allowed = post(client, "/api/v1/reports?allow_inconsistent=true", body)
    assert allowed.status_code == 200 and allowed.mimetype == DOCX_MIME
    assert allowed.headers["X-Report-Warnings"] == "X1"
    wrong = changed(broken, "organization", "别的机关")
    answer = post(client, "/api/v1/reports", {"report": document, "previous": wrong})
    assert_problem(answer, 422, "invalid-report")


def test_a_report_alone_is_still_a_report(client: FlaskClient) -> None:
    # An envelope is recognised by its keys only: a report with "report" keys elsewhere is not.
    answer = post(client, "/api/v1/reports/validate", {"report": example(), "extra": 1})
    codes = [e["code"] for e in answer.get_json()["errors"]]
    assert "unknown_field" in codes


# --- reports as published: a PDF, a portal page ------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content_type"),
    [("pdf-2021", "application/pdf"), ("pdf-2019", "application/pdf"),
     ("html-2021", "text/html"), ("gbk-2021", "text/html; charset=gbk"),
     ("gbk-2019", "text/html")],
)
def test_a_published_report_body_reads_back_exactly(
    client: FlaskClient, published: dict[str, bytes], name: str, content_type: str
) -> None:
    response = client.post(IMPORTS, data=published[name], content_type=content_type)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["valid"] is True
    assert load_report(body["report"]).report == example_model(name.rpartition("-")[2])


def test_a_published_report_with_last_years_pdf_is_compared(
    client: FlaskClient, published: dict[str, bytes]
) -> None:
    files = {"document": (published["gbk-2021"], "本年.html"),
             "previous": (published["pdf-2020"], "上年.pdf")}
    body = multipart(client, files).get_json()
    assert body["valid"] is True and not [e for e in body["errors"]]
    mismatched = {"document": (published["gbk-2021"], "本年.html"),
                  "previous": (published["pdf-2019"], "上年.pdf")}
    body = multipart(client, mismatched).get_json()
    assert body["valid"] is False  # the 2019 example is another bureau's
    assert [e["code"] for e in body["errors"]] == ["previous_other_organization"]


@pytest.mark.parametrize(
    ("data", "content_type", "status", "says"),
    [
        (pdfs.scan(), "application/pdf", 415, "扫描件"),
        (pdfs.without_unicode_map(), "application/pdf", 415, "没有文字对照表"),
        (pdfs.bomb(80), "application/pdf", 413, "解压后超过"),
        (b"<html><body><p>\xe9\xa6\x96\xe9\xa1\xb5</p></body></html>", "text/html", 422,
         "没有任何表格"),
        (b"<div>" * 100_000, "text/html", 413, "嵌套超过"),
    ],
    ids=["scan", "no unicode map", "bomb", "not a report", "too deep"],
)
def test_what_cannot_be_read_from_a_pdf_or_page_is_named(
    client: FlaskClient, data: bytes, content_type: str, status: int, says: str
) -> None:
    response = client.post(IMPORTS, data=data, content_type=content_type)
    assert response.status_code == status
    body = response.get_json()
    assert says in body["detail"] or says in json.dumps(body, ensure_ascii=False)
