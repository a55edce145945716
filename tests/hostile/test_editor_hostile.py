"""Hostile posts to the report editor: markup stays text, every limit holds at its value and
refuses one more, odd field names and bytes are a page (never a 500), bad uploads are named."""

from __future__ import annotations

import html
import io
from typing import Any

import pytest
from flask.testing import FlaskClient
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from schemas.contract.limits import Limits
from schemas.registry import FORMATS
from service import create_app
from service.config import Settings
from service.http.web.editor.views import max_parts
from tests.hostile.payloads import INVALID, UNREADABLE, Bad, dumps, example
from tests.service.http.web.editor.test_views import token

MARKUP = '"><script>alert(1)</script><img src=x onerror=alert(2)>'


def post(
    client: FlaskClient, action: str, fields: list[tuple[str, Any]], url: str = "/editor"
) -> Any:
    """A multipart post encoded here (repeated names kept, files as FileStorage)."""
    values = MultiDict([("csrf_token", token(client)), ("action", action)])
    for key, value in fields:
        values.add(
            key, FileStorage(io.BytesIO(value[0]), value[1]) if isinstance(value, tuple) else value
        )
    boundary, body = encode_multipart(values, boundary="editor-hostile-boundary")
    return client.post(
        "/editor",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
        headers={"Origin": "http://localhost"},
    )


@pytest.mark.parametrize(
    "field",
    [
        "organization",
        "title",
        "overview.paragraphs.0",
        "problems.items.0.heading",
        "applications.granted.research",
        "active_disclosure.licensing.decisions",  # another format's cell: kept hidden
        "carried",
        "active_disclosure.procurement.amount_unit",
    ],
)
def test_markup_typed_anywhere_stays_text(client: FlaskClient, field: str) -> None:
    response = post(client, "check", [(field, MARKUP), ("format", "2021")])
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    if field not in {"carried", "active_disclosure.procurement.amount_unit"}:  # not shown
        assert "&lt;script&gt;alert(1)" in page or "&#34;&gt;&lt;script&gt;" in page


@pytest.mark.parametrize(
    "name",
    [
        "overview.paragraphs.99999999999",
        "overview.items..heading",
        "a" * 5000,
        "applications.",
        ".",
    ],
)
def test_odd_field_names_are_ignored(client: FlaskClient, name: str) -> None:
    response = post(client, "check", [(name, "x"), ("organization", "某局")])
    assert response.status_code == 200
    assert 'value="某局"' in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "action", ["up:", "down:overview.paragraphs.x", "remove:overview", "add:", "nonsense", ""]
)
def test_odd_actions_are_a_check_or_nothing(client: FlaskClient, action: str) -> None:
    assert post(client, action, [("overview.paragraphs.0", "一")]).status_code == 200


def disposition(name: str) -> str:
    return f'Content-Disposition: form-data; name="{name}"\r\n\r\n'


def test_bytes_that_are_not_utf8_in_a_field_are_a_page(client: FlaskClient) -> None:
    boundary = "X"
    body = (
        (
            f"--{boundary}\r\n{disposition('csrf_token')}{token(client)}\r\n"
            f"--{boundary}\r\n{disposition('organization')}"
        ).encode()
        + b"\xff\xfe\xc3"
        + f"\r\n--{boundary}--\r\n".encode()
    )
    response = client.post(
        "/editor",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
        headers={"Origin": "http://localhost"},
    )
    assert response.status_code in {200, 400}


@pytest.mark.parametrize(("extra", "status"), [(0, 200), (1, 413)])
def test_the_number_of_fields_is_bounded_by_the_limits(extra: int, status: int) -> None:
    # Two text boxes a list, one item a chapter: 2 * (1 + 3 * 2) + 3 = 17 boxes, each with its
    # 沿用上年 mark, the cells of both formats and 50 more.
    app = create_app(Settings.for_tests(limits=Limits(paragraphs_per_list=2, items_per_section=1)))
    cells = sum(len(table.data_cells()) for spec in FORMATS for table in spec.tables.values())
    most = 2 * 17 + cells + 50
    with app.test_request_context():
        assert max_parts() == most
    fields = [(f"x{index}", "") for index in range(most - 2 + extra)]  # + csrf_token and action
    assert post(app.test_client(), "check", fields).status_code == status


@pytest.mark.parametrize(("extra", "status"), [(0, 200), (1, 413)])
def test_the_body_size_is_bounded(make_client, extra: int, status: int) -> None:
    limit = 40_000
    client = make_client(form_max_body_bytes=limit)
    probe = post(client, "check", [("organization", "x" * 30_000)]).request.content_length
    assert probe is not None
    size = 30_000 + limit - probe  # the field that makes the body exactly `limit` bytes
    response = post(client, "check", [("organization", "x" * (size + extra))])
    assert response.request.content_length == limit + extra
    assert response.status_code == status
    if status == 413:
        assert "超过" in html.unescape(response.get_data(as_text=True))


def upload_page(client: FlaskClient, data: bytes) -> str:
    response = post(
        client, "open", [("upload", (data, "bad.json")), ("organization", "保留的机关")]
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'value="保留的机关"' in page  # the form as it was
    return html.unescape(page)


@pytest.mark.parametrize("bad", UNREADABLE, ids=[bad.id for bad in UNREADABLE])
def test_an_unreadable_upload_is_named_and_nothing_is_lost(client: FlaskClient, bad: Bad) -> None:
    assert "无法打开“bad.json”" in upload_page(client, bad.body)


def test_an_upload_over_the_single_report_limit_is_not_read(make_client) -> None:
    client = make_client(max_body_bytes=1000)
    page = upload_page(client, b"{" + b" " * 1000 + b"}")
    assert "超过单份报告大小上限 1000 字节" in page


@pytest.mark.parametrize("bad", INVALID[:12], ids=[bad.id for bad in INVALID[:12]])
def test_an_invalid_report_opens_with_its_problems_listed(client: FlaskClient, bad: Bad) -> None:
    response = post(client, "open", [("upload", (bad.body, "x.json"))])
    assert response.status_code == 200


def test_the_example_opens_clean(client: FlaskClient) -> None:
    response = post(client, "open", [("upload", (dumps(example()), "x.json"))])
    assert 'id="summary" aria-labelledby="summary-title" tabindex="-1" hidden' in response.get_data(
        as_text=True
    )
