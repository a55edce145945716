"""What validation returns: the problems found (errors and warnings) and the report model."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from schemas.model import Report


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

    def to_dict(self) -> dict[str, str]:
        """Return the wire form: ``{"path", "code", "message", "label"}``."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Validation:
    """The outcome of validating one report: the model when valid, and every problem found."""

    report: Report | None
    errors: tuple[Issue, ...] = field(default=())
    warnings: tuple[Issue, ...] = field(default=())

    @property
    def valid(self) -> bool:
        """True when there are no errors (warnings do not count)."""
        return not self.errors

    @property
    def unreadable(self) -> bool:
        """True when the input is not JSON at all (code ``invalid_json``), not merely invalid."""
        return any(issue.code == UNREADABLE_CODE for issue in self.errors)


#: The code of the error for input that cannot be parsed as JSON (bytes, encoding, syntax).
UNREADABLE_CODE = "invalid_json"
