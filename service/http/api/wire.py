"""Marshmallow schemas of what the API sends and takes; they are its OpenAPI document too."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import marshmallow as ma
from flask_smorest import Blueprint

from schemas.registry import FORMAT_IDS
from service.http.problems import PROBLEM_MIME


class IssueSchema(ma.Schema):
    """One problem with a report, the same from every interface."""

    path = ma.fields.String(
        required=True,
        metadata={"description": "JSON path, e.g. applications.withheld.state_secret.total"},
    )
    code = ma.fields.String(required=True, metadata={"description": "stable code, e.g. R3"})
    message = ma.fields.String(required=True, metadata={"description": "中文 / English"})
    label = ma.fields.String(required=True, metadata={"description": "the cell's Chinese label"})
    excerpt = ma.fields.String(
        metadata={
            "description": "unreadable JSON only: the offending line, and a caret under the "
            "mistake on the line below"
        }
    )


class ValidationResultSchema(ma.Schema):
    """The answer of POST /reports/validate."""

    valid = ma.fields.Boolean(required=True)
    errors = ma.fields.List(ma.fields.Nested(IssueSchema), required=True)
    warnings = ma.fields.List(ma.fields.Nested(IssueSchema), required=True)
    computed = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.Integer(),
        required=True,
        metadata={"description": "totals filled in by the service, by contract path"},
    )


class ImportResultSchema(ma.Schema):
    """The answer of POST /imports: the report read from the document, and its check."""

    report = ma.fields.Dict(
        required=True, metadata={"description": "the report in the contract, as read"}
    )
    valid = ma.fields.Boolean(required=True)
    errors = ma.fields.List(ma.fields.Nested(IssueSchema), required=True)
    warnings = ma.fields.List(
        ma.fields.Nested(IssueSchema),
        required=True,
        metadata={"description": "reading (blank cells read as 0, text left out…), then checks"},
    )


class ProblemSchema(ma.Schema):
    """An RFC 9457 problem document (``application/problem+json``), for every 4xx and 5xx."""

    type = ma.fields.String(required=True, metadata={"example": "urn:gov-report:problem:x"})
    title = ma.fields.String(required=True)
    status = ma.fields.Integer(required=True)
    detail = ma.fields.String(required=True)
    instance = ma.fields.String(metadata={"description": "the request path"})
    errors = ma.fields.List(
        ma.fields.Nested(IssueSchema), metadata={"description": "every error, for bad reports"}
    )
    warnings = ma.fields.List(ma.fields.Nested(IssueSchema))


class FormatSchema(ma.Schema):
    """One official report format the service renders."""

    format = ma.fields.String(required=True, metadata={"example": FORMAT_IDS[-1]})
    name = ma.fields.String(
        required=True, metadata={"example": "2021 格式（国办公开办函〔2021〕30号）"}
    )
    document_number = ma.fields.String(
        required=True, metadata={"example": "国办公开办函〔2021〕30号"}
    )
    notice = ma.fields.String(required=True)
    first_year = ma.fields.Integer(
        required=True, metadata={"description": "first report year it is the default for"}
    )
    last_year = ma.fields.Integer(
        required=True,
        allow_none=True,
        metadata={"description": "last report year it is the default for; null: still current"},
    )
    example = ma.fields.String(required=True, metadata={"description": "URL of its example"})
    workbook = ma.fields.String(
        required=True, metadata={"description": "URL of its blank workbook (.xlsx) to fill in"}
    )


class RenderQuerySchema(ma.Schema):
    """Query parameters of the report endpoints."""

    allow_inconsistent = ma.fields.Boolean(
        load_default=False,
        metadata={"description": "downgrade the consistency rules R1–R4 to warnings"},
    )


class DocumentQuerySchema(RenderQuerySchema):
    """Query parameters of POST /reports (which file comes back is chosen by ``Accept``)."""

    fragment = ma.fields.Boolean(
        load_default=False,
        metadata={"description": "with Accept: text/html, only the body with inline styles "
                  "(for a CMS editor), not a whole page"},
    )
    pdfa = ma.fields.Boolean(
        load_default=False,
        metadata={"description": "with Accept: application/pdf, PDF/A-2b for archiving"},
    )


def problem(blp: Blueprint, status: int, description: str) -> Callable[[Any], Any]:
    """Document an ``application/problem+json`` answer of an endpoint (flask-smorest's
    alt_response)."""
    return blp.alt_response(  # type: ignore[no-any-return]
        status, schema=ProblemSchema, content_type=PROBLEM_MIME, description=description
    )


def report_problems(blp: Blueprint) -> Callable[[Any], Any]:
    """Document the problems every endpoint taking one report JSON body can answer."""
    answers = [
        problem(blp, 400, "JSON 无法解析 / unreadable JSON (syntax, duplicate keys, NaN, nesting)"),
        problem(blp, 401, UNAUTHORIZED),
        problem(blp, 413, "请求体过大 / body larger than GOV_REPORT_MAX_BODY_BYTES"),
        problem(blp, 415, "不是 JSON / Content-Type is not application/json"),
    ]

    def documented(function: Any) -> Any:
        for answer in answers:
            function = answer(function)
        return function

    return documented


UNAUTHORIZED = "需要访问令牌 / bearer token required (when tokens are configured)"


class BatchQuerySchema(RenderQuerySchema):
    """Query parameters of POST /batches."""

    stream = ma.fields.Boolean(
        load_default=False,
        metadata={
            "description": "answer the zip itself instead of queueing a job (small batches"
            " only: GOV_REPORT_BATCH_STREAM_MAX_REPORTS)"
        },
    )


class JobStatusSchema(ma.Schema):
    """Where a batch job stands (the answer of POST, GET and DELETE on /batches)."""

    id = ma.fields.String(required=True)
    state = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf(["queued", "running", "done", "failed", "cancelled"]),
    )
    done = ma.fields.Integer(required=True, metadata={"description": "reports finished so far"})
    total = ma.fields.Integer(required=True)
    failed = ma.fields.Integer(
        required=True, metadata={"description": "reports without a document so far"}
    )
    result = ma.fields.String(
        required=True, allow_none=True, metadata={"description": "URL of the zip, once done"}
    )
    error = ma.fields.String(
        required=True, allow_none=True, metadata={"description": "why the job failed"}
    )


class ReviewStatusSchema(JobStatusSchema):
    """Where a review job stands (the answer of POST, GET and DELETE on /reviews): the batch
    job's status, ``failed`` counting the reports that cannot be issued as they are."""

    page = ma.fields.String(
        required=True, allow_none=True, metadata={"description": "URL of review.html, once done"}
    )
    workbook = ma.fields.String(
        required=True, allow_none=True, metadata={"description": "URL of review.xlsx, once done"}
    )
