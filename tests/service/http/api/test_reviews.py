"""POST /api/v1/reviews: a zip, or the files with last year's beside them, as a job like a batch
(202, status, cancel); its result is review.html and review.xlsx; limits up front; a report of
the job opens in the editor from its row."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import openpyxl
from flask.testing import FlaskClient

from service.batch.limits import BatchLimits
from service.http.downloads import XLSX_MIME
from tests.review_support import DISTRICT, bureau, last_year_of, page_rows, section_text
from tests.service.http.api.test_batches import URL as BATCHES
from tests.service.http.api.test_batches import ZIP, assert_problem, finished

URL = "/api/v1/reviews"


def dumps(document: object) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode()


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def reports(count: int = 3) -> dict[str, dict[str, Any]]:
    return {f"{n}.json": bureau(f"{DISTRICT}第{n}局", 2024, n + 1) for n in range(count)}


def done(client: FlaskClient, response: Any) -> dict[str, Any]:
    status = finished(client, response)
    assert status["state"] == "done", status
    return status


def test_a_zip_is_reviewed_as_a_job_whose_result_is_the_page_and_the_workbook(
    client: FlaskClient,
) -> None:
    documents = reports()
    documents["2.json"]["applications"]["carried_forward"]["total"] += 1  # R1
    body = zipped({name: dumps(doc) for name, doc in documents.items()} | {"x.txt": b"x"})
    response = client.post(URL, data=body, content_type=ZIP)
    queued = response.get_json()
    assert response.status_code == 202
    assert response.headers["Location"] == f"{URL}/{queued['id']}"
    assert (queued["state"], queued["total"], queued["result"], queued["page"]) == (
        "queued", 4, None, None
    )
    status = done(client, response)
    assert (status["done"], status["failed"]) == (4, 2)
    page = client.get(status["page"])
    assert (page.status_code, page.mimetype) == (200, "text/html")
    assert "default-src 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["Cache-Control"] == "no-store"
    rows = page_rows(page.data)
    assert [rows[n].state for n in range(4)] == ["可以发布", "可以发布", "需要修改", "无法读取"]
    assert "未提供上年度报告" in section_text(page.data, "years-title")
    workbook = client.get(status["workbook"])
    assert workbook.mimetype == XLSX_MIME
    book = openpyxl.load_workbook(io.BytesIO(workbook.data), read_only=True)
    assert book.sheetnames == ["概览", "合计", "明细"]
    book.close()
    with zipfile.ZipFile(io.BytesIO(client.get(status["result"]).data)) as result:
        assert result.namelist() == ["review.html", "review.xlsx"]
        assert result.read("review.html") == page.data


def test_files_with_last_years_beside_them_are_compared(client: FlaskClient) -> None:
    documents = reports(2)
    last = {name: last_year_of(doc) for name, doc in documents.items()}
    last["0.json"]["applications"]["carried_forward"]["natural_person"] += 1  # X1 for 第0局
    last["gone.json"] = last_year_of(bureau(f"{DISTRICT}撤并局", 2024, 1))
    data = {
        "reports": [(io.BytesIO(dumps(doc)), name) for name, doc in documents.items()],
        "previous": (io.BytesIO(zipped({n: dumps(d) for n, d in last.items()})), "last.zip"),
    }
    response = client.post(URL, data=data, content_type="multipart/form-data")
    status = done(client, response)
    page = client.get(status["page"]).data
    rows = page_rows(page)
    assert rows[0].state == "需要修改" and "（X1）" in rows[0].errors[0]
    assert rows[1].state == "可以发布"
    years = section_text(page, "years-title")
    assert "上年有报告、本年未收到（1 个机关）" in years and f"{DISTRICT}撤并局" in years


def test_a_row_opens_its_report_in_the_editor(client: FlaskClient) -> None:
    documents = reports(2)
    body = zipped({name: dumps(doc) for name, doc in documents.items()})
    status = done(client, client.post(URL, data=body, content_type=ZIP))
    page = client.get(status["page"]).get_data(as_text=True)
    link = f"/editor?job={status['id']}&amp;report=1"
    assert f'href="{link}" target="_top"' in page
    editor = client.get(link.replace("&amp;", "&"))
    assert editor.status_code == 200
    assert f"{DISTRICT}第1局" in editor.get_data(as_text=True)
    assert "已打开“1.json”" in editor.get_data(as_text=True)
    missing = client.get(f"/editor?job={status['id']}&report=9")
    assert missing.status_code == 404 and "任务中没有这份报告" in missing.get_data(as_text=True)


def test_a_batch_job_is_not_a_review_and_a_review_can_be_cancelled(
    client: FlaskClient,
) -> None:
    batch = client.post(BATCHES, data=b"[]", content_type="application/json")
    assert batch.status_code == 422  # an empty batch, refused before it is queued
    documents = reports(1)
    batch = client.post(
        BATCHES, data=zipped({n: dumps(d) for n, d in documents.items()}), content_type=ZIP
    )
    assert_problem(client.get(f"{URL}/{batch.get_json()['id']}"), 404, "job-not-found")
    review = client.post(
        URL, data=zipped({n: dumps(d) for n, d in documents.items()}), content_type=ZIP
    )
    cancelled = client.delete(review.headers["Location"]).get_json()
    assert cancelled["state"] in {"cancelled", "running", "done"}
    assert_problem(client.get(f"{URL}/{'0' * 32}"), 404, "job-not-found")


def test_what_cannot_be_reviewed_is_refused_before_it_is_queued(
    client: FlaskClient, make_client: Any
) -> None:
    assert_problem(
        client.post(URL, data=b"[]", content_type="application/json"), 415,
        "unsupported-media-type",
    )
    assert_problem(
        client.post(URL, data={"reports": []}, content_type="multipart/form-data"), 422,
        "batch-unusable",
    )
    assert_problem(client.post(URL, data=b"not a zip", content_type=ZIP), 422, "batch-unusable")
    limited = make_client(batch=BatchLimits(max_reports=2))
    three = zipped({name: dumps(doc) for name, doc in reports(3).items()})
    two = zipped({name: dumps(doc) for name, doc in reports(2).items()})
    assert_problem(limited.post(URL, data=three, content_type=ZIP), 413, "batch-too-large")
    assert limited.post(URL, data=two, content_type=ZIP).status_code == 202
    data = {
        "reports": (io.BytesIO(two), "this.zip"),
        "previous": (io.BytesIO(three), "last.zip"),
    }
    assert_problem(
        limited.post(URL, data=data, content_type="multipart/form-data"), 413, "batch-too-large"
    )
