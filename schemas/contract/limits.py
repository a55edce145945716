"""Size and range limits of the report contract; every one is configurable, defaults are safe."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from schemas.model.numbering import MAX_ITEMS

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


@dataclass(frozen=True, slots=True)
class Limits:
    """The limits validation enforces; the HTTP layer builds one from its configuration."""

    max_depth: int = 64
    """Deepest JSON nesting accepted (a report needs 5); deeper input is not read at all."""
    organization_chars: int = 100
    title_chars: int = 200
    heading_chars: int = 200
    paragraph_chars: int = 5_000
    paragraph_line_breaks: int = 50
    """Most line breaks inside one paragraph."""
    paragraphs_per_list: int = 200
    """Most paragraphs in one ``paragraphs`` list (a section, an item or the preamble)."""
    items_per_section: int = 20
    max_count: int = 10_000_000
    """Largest table count; 本年增/减 may range from minus this to this."""
    amount_decimals: int = 6
    max_amount: int = 10**12
    """Largest fee or procurement amount (in its unit)."""
    max_issues: int = 100
    """Most errors (and, apart, warnings) listed for one report; one more issue says how many
    more were found."""
    min_year: int = 2019
    """Earliest report year; the latest is the current calendar year."""

    def __post_init__(self) -> None:
        """Refuse limits that make no sense; raises LimitInvalid."""
        check_positive(self)
        if self.items_per_section > MAX_ITEMS:
            accepts = f"1 到 {MAX_ITEMS} 之间的整数 / an integer from 1 to {MAX_ITEMS}"
            raise LimitInvalid("items_per_section", accepts)


class LimitInvalid(ValueError):
    """A limit set to a value it cannot take: names the field and what it accepts."""

    def __init__(self, field: str, accepts: str) -> None:
        super().__init__(f"{field}: {accepts}")
        self.field = field
        self.accepts = accepts


POSITIVE = "正整数 / a positive integer"


def check_positive(limits: DataclassInstance) -> None:
    """Raise LimitInvalid for the first integer field of a limits dataclass below 1 (limits
    nested in it check themselves)."""
    for field in fields(limits):
        value = getattr(limits, field.name)
        if isinstance(value, int) and value < 1:
            raise LimitInvalid(field.name, POSITIVE)


DEFAULT_LIMITS = Limits()
