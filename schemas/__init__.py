"""The report JSON contract: parsing, marshmallow schemas, consistency rules and the model.

Public API: ``load_report(raw, allow_inconsistent=False, limits=None) -> Validation``. It never
raises for bad input: every problem comes back as an ``Issue`` in the result. ``parse_json``
is the same strict reader on its own (raises ``JSONProblem``), for inputs holding several
reports; ``computed_totals`` lists every 总计 cell of a validated report; ``Limits`` configures
the size limits. Labels and the official table grids are in ``schemas.model.layout``.
"""

from schemas.contract.limits import Limits
from schemas.loader import load_report
from schemas.model.report import Report
from schemas.model.result import Issue, Validation
from schemas.model.totals import computed_totals
from schemas.parsing.strict_json import JSONProblem, parse_json

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
