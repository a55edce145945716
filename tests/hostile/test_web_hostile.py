"""Hostile input to the staff page: every bad report uploaded or pasted is listed with its path
on the page (200 for a check, 422 when generating), never a 500; awkward text reaches the
document, and markup in values or file names stays text on the page."""

from __future__ import annotations

import html
import io
import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from service.http.downloads import DOCX_MIME
from tests.hostile.payloads import (
    AWKWARD,
    INVALID,
    UNREADABLE,
    Bad,
    dumps,
    example,
    paragraph_texts,
    with_value,
)
from tests.web_helpers import generated


def token(client: FlaskClient) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").get_data(as_text=True))
    assert found
    return found.group(1)


def post(client: FlaskClient, mode: str, **fields: Any) -> Any:
    """A form post with this session's token, encoded here: the test client would spool a large
    body to a temporary file it never closes."""
    values = MultiDict({"csrf_token": token(client), "mode": mode})
    for key, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            values.add(key, FileStorage(*item) if isinstance(item, tuple) else item)
    boundary, body = encode_multipart(values)
    return client.post(
        "/",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
        headers={"Origin": "http://localhost"},
    )


def upload(name: str, data: bytes) -> tuple[io.BytesIO, str, str, str]:
    return (io.BytesIO(data), name, "files", "application/json")


def page_text(response: Any) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.mark.parametrize("bad", UNREADABLE + INVALID, ids=lambda bad: bad.id)
@pytest.mark.parametrize(("mode", "status"), [("check", 200), ("generate", 422)])
def test_bad_upload_is_listed_with_its_path(
    client: FlaskClient, bad: Bad, mode: str, status: int
) -> None:
    response = post(client, mode, files=[upload("报告.json", bad.body)])
    assert response.status_code == status
    assert response.mimetype == "text/html"
    page = page_text(response)
    assert "1 份有错误" in page
    assert (f"<code>{bad.path}</code>" if bad.path else "整份报告") in page


def test_markup_in_a_file_name_and_a_key_stays_text(client: FlaskClient) -> None:
    name = '<img src=x onerror="alert(1)">.json'
    body = dumps({**example(), "<script>alert(1)</script>": 1})
    response = post(client, "check", files=[upload(name, body)])
    assert response.status_code == 200
    raw = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in raw and "<img src=x" not in raw
    assert "<script>alert(1)</script>" in page_text(response)


@pytest.mark.parametrize("value", AWKWARD.values(), ids=AWKWARD.keys())
def test_awkward_text_pasted_reaches_the_document(client: FlaskClient, value: str) -> None:
    report = with_value(example(), "overview.paragraphs.0", f"段落{value}")
    pasted = dumps(report, ascii_only=False).decode()
    response = post(client, "generate", pasted=pasted)
    assert response.status_code == 200, page_text(response)[:500]
    _, mime, document = generated(response.get_data(as_text=True))
    assert mime == DOCX_MIME
    expected = f"段落{value}".replace("\r\n", "\n").replace("\r", "\n").strip()
    assert expected in paragraph_texts(document)
