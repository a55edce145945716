"""The report JSON contract: parsing, marshmallow schemas, consistency rules and the model.

Public API: ``load_report(raw, allow_inconsistent=False, limits=None) -> Validation``. It never
raises for bad input: every problem comes back as an ``Issue`` in the result. ``parse_json``
is the same strict reader on its own (raises ``JSONProblem``), for inputs holding several
reports; ``computed_totals`` lists every 总计 cell of a validated report; ``Limits`` configures
the size limits. Labels and the official table grids are in ``schemas.layout``.
"""

from schemas.jsonparse import JSONProblem, parse_json
from schemas.limits import Limits
from schemas.loader import load_report
from schemas.model import Report
from schemas.result import Issue, Validation
from schemas.totals import computed_totals

__all__ = [
    "Issue",
    "JSONProblem",
    "Limits",
    "Report",
    "Validation",
    "computed_totals",
    "load_report",
    "parse_json",
]
