"""What validation returns: the problems found (errors and warnings) and the report model."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from schemas.model.report import Report
from schemas.model.totals import computed_totals


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem with a report, as sent on the wire by every interface."""

    path: str
    """JSON path of the field, dotted with list indices, e.g. ``overview.items.0.heading``."""
    code: str
    """Stable machine-readable code, e.g. ``not_an_integer`` or ``R3``."""
    message: str
    """Chinese first, then English: ``必须是整数 / must be an integer``."""
    label: str
    """The cell's Chinese label from official-tables.json, or the section / field name."""
    excerpt: str = ""
    """For unreadable JSON: the offending line and, below it, a caret under the mistake."""

    def to_dict(self) -> dict[str, str]:
        """Return the wire form: ``{"path", "code", "message", "label"}``, and ``excerpt``
        when there is one."""
        body = asdict(self)
        if not self.excerpt:
            del body["excerpt"]
        return body


@dataclass(frozen=True, slots=True)
class Validation:
    """The outcome of validating one report: the model when valid, and every problem found."""

    report: Report | None
    errors: tuple[Issue, ...] = field(default=())
    warnings: tuple[Issue, ...] = field(default=())

    def to_dict(self, *, computed: bool = True) -> dict[str, object]:
        """The wire form every interface sends: ``valid``, ``errors``, ``warnings`` and (unless
        `computed` is False) ``computed``, every 总计 cell by path (empty when invalid)."""
        body: dict[str, object] = {
            "valid": self.valid,
            "errors": [issue.to_dict() for issue in self.errors],
            "warnings": [issue.to_dict() for issue in self.warnings],
        }
        if computed:
            body["computed"] = {} if self.report is None else computed_totals(self.report)
        return body

    @property
    def valid(self) -> bool:
        """True when there are no errors (warnings do not count)."""
        return not self.errors

    @property
    def unreadable(self) -> bool:
        """True when the input is not one readable JSON object (bad JSON, duplicate keys, no dict).

        The CLI exits 2 and the HTTP API answers 400 for such input, 1 and 422 for other errors.
        """
        return any(
            issue.code in _UNREADABLE_CODES or (issue.code == NOT_AN_OBJECT_CODE and not issue.path)
            for issue in self.errors
        )


#: The code of the error for input that cannot be parsed as JSON (bytes, encoding, syntax).
UNREADABLE_CODE = "invalid_json"
#: The code of the error for a top level that is JSON but not an object.
NOT_AN_OBJECT_CODE = "not_an_object"
_UNREADABLE_CODES = frozenset({UNREADABLE_CODE, "duplicate_key"})
