"""Schemathesis against the service's own OpenAPI document, in process (WSGI): generated
requests, valid and not, never get a 5xx, and every answer matches what the document says."""

from __future__ import annotations

import json

import schemathesis
from schemathesis import checks

from service import create_app
from service.config import Settings


@schemathesis.serializer(
    "application/x-ndjson",
    "application/zip",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)
def raw_body(context: object, value: object) -> bytes:
    """Bodies documented as a string (NDJSON) or binary (zip, .docx), sent as generated: mostly
    neither valid NDJSON nor a zip at all; any other generated value as its JSON."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    return json.dumps(value).encode()


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", create_app(Settings.for_tests()))
# The coverage phase enumerates every boundary of the whole contract (minutes on two cores); the
# hostile tables cover those boundaries, this test explores with random examples.
schema.config.phases.coverage.enabled = False

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
]


@schema.parametrize()
def test_every_answer_is_documented_and_none_is_a_5xx(case: schemathesis.Case) -> None:
    # Buffered, as a WSGI server would close the streamed batch response (removing its spool).
    case.call_and_validate(checks=CHECKS, buffered=True)
