"""The report JSON contract: parsing, marshmallow schemas, consistency rules and the model.

Public API: ``load_report(raw, allow_inconsistent=False) -> Validation``. It never raises for
bad input: every problem comes back as an ``Issue`` in the result.
"""

from schemas.loader import load_report
from schemas.model import Report
from schemas.result import Issue, Validation

__all__ = ["Issue", "Report", "Validation", "load_report"]
