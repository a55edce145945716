from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from flask.testing import FlaskClient

from schemas.contract.limits import DEFAULT_LIMITS
from service.http.api.docs import ASSETS
from service.http.downloads import XLSX_MIME


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [value for name, value in attrs if name in {"src", "href"} and value]


def test_openapi_document_describes_the_api(client: FlaskClient) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.get_json()
    assert spec["openapi"].startswith("3.")
    assert set(spec["paths"]) == {
        "/api/v1/reports",
        "/api/v1/batches",
        "/api/v1/reports/validate",
        "/api/v1/imports",
        "/api/v1/formats",
        "/api/v1/formats/{name}/example",
        "/api/v1/formats/{name}/workbook",
        "/api/v1/batches/{job_id}",
        "/api/v1/batches/{job_id}/result",
        "/api/v1/reviews",
        "/api/v1/reviews/{job_id}",
        "/api/v1/reviews/{job_id}/result",
        "/api/v1/reviews/{job_id}/review.html",
        "/api/v1/reviews/{job_id}/review.xlsx",
    }
    schemas = spec["components"]["schemas"]
    assert {"Issue", "Problem", "ValidationResult", "Format", "Report", "ImportResult"} <= set(
        schemas
    )
    assert schemas["Report"]["oneOf"] == [
        {"$ref": "#/components/schemas/Report2019"},
        {"$ref": "#/components/schemas/Report2021"},
    ]
    render = spec["paths"]["/api/v1/reports"]["post"]
    body = render["requestBody"]["content"]["application/json"]["schema"]
    assert body == {
        "oneOf": [
            {"$ref": "#/components/schemas/Report"},
            {"$ref": "#/components/schemas/ReportWithPrevious"},
        ]
    }
    envelope = schemas["ReportWithPrevious"]
    assert envelope["required"] == ["report"] and set(envelope["properties"]) == {
        "report",
        "previous",
    }
    for status in ("400", "401", "413", "415", "422", "503"):
        assert "application/problem+json" in render["responses"][status]["content"]
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    query = {p["name"] for p in render["parameters"] if p["in"] == "query"}
    assert query == {"allow_inconsistent", "fragment", "pdfa"}
    assert set(render["responses"]["200"]["content"]) == {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "text/html",
        "application/pdf",
    }
    workbook = spec["paths"]["/api/v1/formats/{name}/workbook"]["get"]
    assert XLSX_MIME in workbook["responses"]["200"]["content"]
    assert "application/problem+json" in workbook["responses"]["404"]["content"]
    batch = spec["paths"]["/api/v1/batches"]["post"]
    assert set(batch["responses"]) >= {"202", "200", "413"}
    assert "Location" in batch["responses"]["202"]["headers"]
    job = spec["paths"]["/api/v1/batches/{job_id}"]
    assert set(job) >= {"get", "delete"}


def test_the_report_schema_is_the_contract_with_its_limits(client: FlaskClient) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    report = spec["components"]["schemas"]["Report2021"]
    assert report["additionalProperties"] is False
    assert set(report["required"]) == {
        "year",
        "organization",
        "overview",
        "active_disclosure",
        "applications",
        "review_litigation",
        "problems",
    }
    assert report["properties"]["year"]["type"] == "integer"
    paragraph = report["properties"]["preamble"]["items"]
    assert paragraph["maxLength"] == DEFAULT_LIMITS.paragraph_chars
    counts = report["properties"]["active_disclosure"]["properties"]["rules"]["properties"]
    assert counts["issued"] == {"type": "integer", "minimum": 0, "maximum": 10_000_000}
    assert report["properties"]["format"]["enum"] == ["2019", "2021"]
    fees = spec["components"]["schemas"]["Report2019"]["properties"]["active_disclosure"]
    assert "procurement" in fees["properties"]


def test_docs_page_loads_only_same_origin_files(client: FlaskClient) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    links = _Links()
    links.feed(page)
    assert len(links.urls) == 3
    for url in links.urls:
        absolute = urljoin("http://service.local/api/v1/docs", url)
        assert urlsplit(absolute).netloc == "service.local", url
        with client.get(urlsplit(absolute).path) as asset:
            assert asset.status_code == 200
    assert "validatorUrl" in page and '"validatorUrl": null' in page
    assert '"/api/v1/openapi.json"' in page


@pytest.mark.parametrize("name", sorted(ASSETS))
def test_assets_are_served_from_the_package(client: FlaskClient, name: str) -> None:
    with client.get(f"/api/v1/docs/assets/{name}") as response:
        assert response.status_code == 200
        assert len(response.data) > 1000
        assert "max-age=86400" in response.headers["Cache-Control"]


@pytest.mark.parametrize(
    "name", ["index.html", "swagger-ui.js.map", "..%2F..%2Fpyproject.toml", "missing.js"]
)
def test_other_files_are_not_served(client: FlaskClient, name: str) -> None:
    response = client.get(f"/api/v1/docs/assets/{name}")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_the_docs_page_names_its_language(client: FlaskClient) -> None:
    page = client.get("/api/v1/docs").get_data(as_text=True)
    assert '<html lang="en">' in page
