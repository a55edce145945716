"""The staff page 审核多份报告: files (or a zip) and last year's queued as a review job whose page
shows the review in a frame when done; a batch job's page shows its review too."""

from __future__ import annotations

import io
import json
import re
import time
import zipfile
from typing import Any

from flask.testing import FlaskClient

from tests.review_support import DISTRICT, bureau, last_year_of, page_rows
from tests.service.http.web.test_start import text, token


def dumps(document: object) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode()


def post(client: FlaskClient, **fields: Any) -> Any:
    data = {"csrf_token": token(client), **fields}
    return client.post(
        "/reviews", data=data, content_type="multipart/form-data",
        headers={"Origin": "http://localhost"},
    )  # fmt: skip


def done_page(client: FlaskClient, location: str, seconds: float = 60) -> str:
    """The job's page once the job has finished."""
    deadline = time.monotonic() + seconds
    while True:
        page = text(client.get(location))
        if "每秒自动刷新" in page and 'http-equiv="refresh"' not in page:
            return page
        assert time.monotonic() < deadline, page
        time.sleep(0.1)


def test_the_form_is_linked_from_the_start_page_and_labels_its_inputs(
    client: FlaskClient,
) -> None:
    assert 'href="/reviews"' in text(client.get("/"))
    page = text(client.get("/reviews"))
    for field in ("reports", "reports-folder", "previous"):
        assert f'<label for="{field}">' in page
    assert "webkitdirectory" in page and 'name="csrf_token"' in page


def test_files_and_last_years_zip_become_a_job_whose_page_shows_the_review(
    client: FlaskClient,
) -> None:
    documents = {f"{n}.json": bureau(f"{DISTRICT}第{n}局", 2024, n + 1) for n in range(2)}
    last = io.BytesIO()
    with zipfile.ZipFile(last, "w") as archive:
        for name, document in documents.items():
            archive.writestr(name, dumps(last_year_of(document)))
    files = [(io.BytesIO(dumps(doc)), f"folder/{name}") for name, doc in documents.items()]
    files.append((io.BytesIO(b"junk"), "folder/.DS_Store"))  # a folder's hidden file: left out
    response = post(client, reports=files, previous=(io.BytesIO(last.getvalue()), "last.zip"))
    assert response.status_code == 303
    location = response.headers["Location"]
    page = done_page(client, location)
    assert "审核完成：共 2 份，全部可以发布" in page
    [frame] = re.findall(r'<iframe class="review-frame"[^>]*>', page)
    assert 'title="审核页：各单位报告的审核结果"' in frame
    assert 'sandbox="allow-top-navigation-by-user-activation"' in frame
    source = re.search(r'src="([^"]+)"', frame)
    assert source is not None
    review = client.get(source.group(1))
    assert "frame-ancestors 'self'" in review.headers["Content-Security-Policy"]
    assert review.headers["X-Frame-Options"] == "SAMEORIGIN"
    rows = page_rows(review.data)
    assert [row.state for row in rows.values()] == ["可以发布", "可以发布"]
    assert "上年合计" in review.get_data(as_text=True)
    workbook = client.get(f"{location}/review.xlsx")
    assert workbook.status_code == 200 and workbook.data.startswith(b"PK")


def test_nothing_chosen_or_a_stale_page_comes_back_with_the_reason(
    client: FlaskClient,
) -> None:
    response = post(client, reports=[])
    assert response.status_code == 422
    assert "没有选择本年报告文件" in text(response)
    stale = client.post(
        "/reviews", data={"csrf_token": "old", "reports": (io.BytesIO(b"{}"), "a.json")},
        content_type="multipart/form-data", headers={"Origin": "http://localhost"},
    )  # fmt: skip
    assert stale.status_code == 400 and "页面已过期" in text(stale)


def test_a_batch_jobs_page_shows_its_review(client: FlaskClient) -> None:
    files = [
        (io.BytesIO(dumps(bureau(f"{DISTRICT}第{n}局", 2024, 1))), f"{n}.json") for n in range(2)
    ]
    data = {"csrf_token": token(client), "mode": "generate", "files": files}
    response = client.post(
        "/", data=data, content_type="multipart/form-data", headers={"Origin": "http://localhost"}
    )
    page = done_page(client, response.headers["Location"])
    assert "下载压缩包" in page and 'class="review-frame"' in page
    review = client.get(response.headers["Location"] + "/review.html")
    assert [row.state for row in page_rows(review.data).values()] == ["可以发布", "可以发布"]
