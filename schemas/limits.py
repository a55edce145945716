"""Size and range limits of the report contract; every one is configurable, defaults are safe."""

from __future__ import annotations

from dataclasses import dataclass, fields

from schemas.numbering import MAX_ITEMS


@dataclass(frozen=True, slots=True)
class Limits:
    """The limits validation enforces; the HTTP layer builds one from its configuration."""

    max_depth: int = 64
    """Deepest JSON nesting accepted (a report needs 5); deeper input is not read at all."""
    organization_chars: int = 100
    title_chars: int = 200
    heading_chars: int = 200
    paragraph_chars: int = 5_000
    paragraphs_per_list: int = 200
    """Most paragraphs in one ``paragraphs`` list (a section, an item or the preamble)."""
    items_per_section: int = 20
    max_count: int = 10_000_000
    """Largest table count; 本年增/减 may range from minus this to this."""
    amount_decimals: int = 6
    max_amount: int = 10**12
    """Largest fee or procurement amount (in its unit)."""
    min_year: int = 2019
    """Earliest report year; the latest is the current calendar year."""

    def __post_init__(self) -> None:
        """Refuse limits that make no sense; raises ValueError."""
        for field in fields(self):
            if getattr(self, field.name) < 1:
                raise ValueError(f"limit {field.name} must be positive")
        if self.items_per_section > MAX_ITEMS:
            raise ValueError(f"items_per_section must be at most {MAX_ITEMS}")


DEFAULT_LIMITS = Limits()
