"""The JSON API under /api/v1: its blueprints, OpenAPI document and Swagger UI page."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_smorest import Api

from schemas.contract.limits import Limits
from service.http.api import batches, contract_spec, docs, formats, imports, reports, reviews
from service.http.api.wire import ProblemSchema
from service.http.problems import PROBLEM_MIME

PREFIX = "/api/v1"

OPENAPI_CONFIG: dict[str, Any] = {
    "API_TITLE": "gov-report-docx",
    "API_VERSION": "1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": PREFIX,
    "OPENAPI_JSON_PATH": "openapi.json",
    "OPENAPI_SWAGGER_UI_PATH": "docs",
    # Relative to the docs page, so that it also works behind a path prefix.
    "OPENAPI_SWAGGER_UI_URL": "docs/assets/",
    # Swagger UI would otherwise send the document to an online validator.
    "OPENAPI_SWAGGER_UI_CONFIG": {"validatorUrl": None},
    "API_SPEC_OPTIONS": {
        "info": {
            "description": "政府信息公开工作年度报告：报告 JSON 进，Word 文档出 / "
            "report JSON in, the official Word document out."
        },
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
        },
        # Applies only when GOV_REPORT_API_TOKENS is set; the docs stay open.
        "security": [{}, {"bearerAuth": []}],
    },
}


class ProblemApi(Api):  # type: ignore[misc]
    """flask-smorest's Api answering its errors as problem+json like the rest of the service."""

    ERROR_SCHEMA = ProblemSchema

    def _register_error_handlers(self) -> None:
        """Leave error handling to service.http.problems, the one place errors become HTTP."""

    def _register_responses(self) -> None:
        """Document flask-smorest's automatic error responses (e.g. the 400 of a bad query) as
        ``application/problem+json``, which is what service.http.problems sends, not as JSON."""
        self.DEFAULT_RESPONSE_CONTENT_TYPE = PROBLEM_MIME
        try:
            super()._register_responses()
        finally:
            del self.DEFAULT_RESPONSE_CONTENT_TYPE


def register(app: Flask, limits: Limits) -> Api:
    """Mount the API blueprints, the OpenAPI document and the docs on `app`."""
    app.config.update(OPENAPI_CONFIG)
    api = ProblemApi(app, spec_kwargs={"marshmallow_plugin": contract_spec.plugin()})
    contract_spec.register(api, limits)
    api.register_blueprint(reports.blp, url_prefix=f"{PREFIX}/reports")
    api.register_blueprint(formats.blp, url_prefix=f"{PREFIX}/formats")
    api.register_blueprint(batches.blp, url_prefix=f"{PREFIX}/batches")
    api.register_blueprint(imports.blp, url_prefix=f"{PREFIX}/imports")
    api.register_blueprint(reviews.blp, url_prefix=f"{PREFIX}/reviews")
    app.register_blueprint(docs.bp, url_prefix=f"{PREFIX}/docs/assets")
    app.after_request(docs.declare_language)
    return api
