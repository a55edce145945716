"""Round two, staff pages: the sign-in covers the whole surface; smaller defects of the page.

Each test names the defect the second attack found, and failed before its fix.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.hostile.payloads import dumps, example

TOKEN = "staff-token-1"
#: Blueprints with their own protection (bearer tokens) or none needed (health, API docs).
_NOT_STAFF = (
    "health", "api-docs", "docs_assets", "reports", "formats", "batches", "imports", "reviews"
)


def csrf_of(page: Any) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))
    assert found is not None
    return found.group(1)


def staff_urls(app: Flask) -> list[tuple[str, str]]:
    """(method, URL) of every staff page rule, with sample arguments filled in."""
    urls = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] in _NOT_STAFF or rule.endpoint == "static":
            continue
        url = rule.rule.replace("<any(blank, example):kind>", "example").replace("<name>", "2021")
        url = re.sub(r"<[^>]+>", "x", url)
        urls.extend((method, url) for method in sorted(rule.methods - {"HEAD", "OPTIONS"}))
    return urls


@pytest.fixture
def signed_client(make_client: Callable[..., FlaskClient]) -> FlaskClient:
    return make_client(api_tokens=(TOKEN,))


def test_every_staff_page_needs_a_sign_in_when_tokens_are_set(signed_client: FlaskClient) -> None:
    """Defect: with GOV_REPORT_API_TOKENS set, the form rendered documents and batches (and
    gave the example downloads) to anyone who could reach it. Pages added later to the web
    blueprint are covered by its hook: this walks every rule the app has."""
    urls = staff_urls(signed_client.application)
    assert ("POST", "/") in urls and ("GET", "/downloads/example-2021.docx") in urls
    for method, url in urls:
        if url.startswith(("/sign-in", "/web-static", "/favicon.ico")):  # open: nothing private
            continue
        response = signed_client.open(url, method=method, data={"mode": "generate"})
        assert response.status_code == 302, (method, url)
        assert response.headers["Location"].startswith("/sign-in?next="), (method, url)


def test_signing_in_with_a_token_opens_the_pages(signed_client: FlaskClient) -> None:
    form = signed_client.get("/sign-in?next=/downloads/example-2021.json")
    assert form.status_code == 200
    assert form.headers["Cache-Control"] == "no-store"
    token = csrf_of(form)
    wrong = signed_client.post("/sign-in", data={"csrf_token": token, "token": "nope"})
    assert wrong.status_code == 401
    assert "不正确" in wrong.get_data(as_text=True)
    right = signed_client.post(
        "/sign-in",
        data={"csrf_token": token, "token": TOKEN, "next": "/downloads/example-2021.json"},
    )
    assert (right.status_code, right.headers["Location"]) == (302, "/downloads/example-2021.json")
    assert signed_client.get("/downloads/example-2021.json").status_code == 200
    assert signed_client.get("/").status_code == 200
    signed_client.post("/sign-out")
    assert signed_client.get("/").status_code == 302


def test_sign_in_needs_the_csrf_token(signed_client: FlaskClient) -> None:
    signed_client.get("/sign-in")
    assert signed_client.post("/sign-in", data={"token": TOKEN}).status_code == 400


#: Targets that leave the site, or break the Location header. Browsers drop tabs and line breaks
#: from a URL, so ``/<tab>/evil.example`` is ``//evil.example``.
OFFSITE = [
    "//evil.example/",
    "https://evil.example/",
    "/\\evil",
    "/\t/evil.example/",
    "/\n/evil.example/",
    "/\r\nSet-Cookie: x=1",
    "/\x00/evil.example/",
]


@pytest.mark.parametrize("target", OFFSITE)
def test_sign_in_never_sends_elsewhere(signed_client: FlaskClient, target: str) -> None:
    """Defect (review): a tab or line break after the first slash passed the check; the tab
    became ``//evil.example``, a line break a 500."""
    token = csrf_of(signed_client.get("/sign-in"))
    response = signed_client.post(
        "/sign-in", data={"csrf_token": token, "token": TOKEN, "next": target}
    )
    assert (response.status_code, response.headers["Location"]) == (302, "/")


@pytest.mark.parametrize("target", OFFSITE)
def test_the_open_sign_in_page_never_sends_elsewhere(client: FlaskClient, target: str) -> None:
    """Defect (review): with the pages open (the default), GET /sign-in redirects at once, so
    ``/sign-in?next=/%09/evil.example`` was an open redirect for anyone."""
    response = client.get("/sign-in", query_string={"next": target})
    assert (response.status_code, response.headers["Location"]) == (302, "/")


def test_removing_a_token_signs_its_sessions_out(make_client: Callable[..., FlaskClient]) -> None:
    client = make_client(api_tokens=(TOKEN,), secret_key="k")
    token = csrf_of(client.get("/sign-in"))
    client.post("/sign-in", data={"csrf_token": token, "token": TOKEN})
    cookie = client.get_cookie("gov_report_session")
    assert cookie is not None
    other = make_client(api_tokens=("another",), secret_key="k")
    other.set_cookie("gov_report_session", cookie.value)
    assert other.get("/").status_code == 302


def test_trusted_header_mode(make_client: Callable[..., FlaskClient]) -> None:
    client = make_client(api_tokens=(TOKEN,), web_auth_header="X-Remote-User")
    refused = client.get("/")
    assert refused.status_code == 401
    assert "登录" in refused.get_data(as_text=True)
    assert client.get("/", headers={"X-Remote-User": "zhang.san"}).status_code == 200


def test_open_on_purpose(make_client: Callable[..., FlaskClient]) -> None:
    client = make_client(api_tokens=(TOKEN,), web_open=True)
    assert client.get("/").status_code == 200
    assert client.get("/sign-in").status_code == 302  # nothing to sign in to


def test_without_tokens_the_pages_stay_open(client: FlaskClient) -> None:
    assert client.get("/").status_code == 200


def test_non_ascii_csrf_token_is_refused_not_a_500(client: FlaskClient) -> None:
    """Defect: a CSRF token with a non-ASCII character made compare_digest raise (500)."""
    client.get("/")
    response = client.post("/", data={"csrf_token": "令牌é", "pasted": dumps(example())})
    assert response.status_code == 400


def test_pages_and_documents_are_never_stored(client: FlaskClient) -> None:
    """Defect: documents, zips and the page holding the CSRF token had no Cache-Control."""
    page = client.get("/")
    assert page.headers["Cache-Control"] == "no-store"
    token = csrf_of(page)
    document = client.post(
        "/", data={"csrf_token": token, "mode": "generate", "pasted": dumps(example())}
    )
    assert document.status_code == 200
    assert document.headers["Cache-Control"] == "no-store"
    api = client.post("/api/v1/reports", data=dumps(example()), content_type="application/json")
    assert api.headers["Cache-Control"] == "no-store"
