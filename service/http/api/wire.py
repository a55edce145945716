"""Marshmallow schemas of what the API sends and takes; they are its OpenAPI document too."""

from __future__ import annotations

import marshmallow as ma


class IssueSchema(ma.Schema):
    """One problem with a report, the same from every interface."""

    path = ma.fields.String(
        required=True,
        metadata={"description": "JSON path, e.g. applications.withheld.state_secret.total"},
    )
    code = ma.fields.String(required=True, metadata={"description": "stable code, e.g. R3"})
    message = ma.fields.String(required=True, metadata={"description": "中文 / English"})
    label = ma.fields.String(required=True, metadata={"description": "the cell's Chinese label"})


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

    format = ma.fields.String(required=True, metadata={"example": "2021"})
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


class RenderQuerySchema(ma.Schema):
    """Query parameters of the report endpoints."""

    allow_inconsistent = ma.fields.Boolean(
        load_default=False,
        metadata={"description": "downgrade the consistency rules R1–R4 to warnings"},
    )
