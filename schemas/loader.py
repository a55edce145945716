"""``load_report``: bytes, text or parsed JSON in; a ``Validation`` (every problem, the model) out.

Order of work: strict JSON parsing (``schemas.parsing.strict_json``), duplicate keys and nesting
depth, the marshmallow schema of the report's format (``schemas.contract.schema``), the model
(``schemas.model.assemble``), then the rules (``schemas.checks.rules``). Problems of the first stage
stop there (the document cannot be trusted); all other problems are reported together: R1–R4 run
whenever tables 3 and 4 themselves are valid, the warnings only on a fully valid report. See
``schemas.contract.codes`` for the codes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from marshmallow import ValidationError

from schemas.checks import crossyear, placeholders, rules
from schemas.contract.limits import DEFAULT_LIMITS, Limits
from schemas.contract.parts import names
from schemas.contract.schema import report_schema
from schemas.model import assemble
from schemas.model.layout import FIELD_LABELS, label
from schemas.model.report import Report
from schemas.model.result import NOT_AN_OBJECT_CODE, UNREADABLE_CODE, Issue, Validation
from schemas.parsing.strict_json import JSONProblem, duplicate_key_paths, echo, parse_unchecked
from schemas.registry import FORMAT_IDS, FORMATS, Format, default_format, find

_DUPLICATE_KEY = "同一对象中该键出现了不止一次 / the key occurs more than once in its object"
_NOT_AN_OBJECT = "报告必须是一个 JSON 对象 {…} / the report must be a JSON object"
#: Longest path an issue shows (characters); a longer one is cut and ends in "…".
PATH_MAX_CHARS = 200
#: Code of the last issue of a capped list: how many more were found but not listed.
MORE_ISSUES_CODE = "more_issues"
#: Code for a message marshmallow produced without one of ours (should not happen).
_FALLBACK_CODE = "invalid"


def load_report(
    raw: bytes | str | object,
    *,
    allow_inconsistent: bool = False,
    limits: Limits | None = None,
    allow_placeholders: bool = False,
    previous: Report | None = None,
) -> Validation:
    """Parse (bytes or str) or take (anything else, as from ``parse_json``) and validate a report.

    Never raises for bad input: ``errors`` lists every problem (``report`` is None then);
    ``allow_inconsistent`` turns R1–R4 (and X1) into warnings so a published report can be
    reproduced; ``allow_placeholders`` lets the blank's placeholder texts through (only the
    blank's own sample document is made that way). With `previous` (last year's report,
    validated) a schema-valid report is also checked against it (X1, X2); one that is not last
    year's, or another organization's, is an error that says so instead.
    """
    limits = limits or DEFAULT_LIMITS
    result = _validate(raw, allow_inconsistent, limits, allow_placeholders, previous)
    return Validation(
        result.report,
        capped(result.errors, limits.max_issues),
        capped(result.warnings, limits.max_issues),
    )


def _validate(
    raw: bytes | str | object,
    allow_inconsistent: bool,
    limits: Limits,
    allow_placeholders: bool,
    previous: Report | None,
) -> Validation:
    """load_report without the cap on the number of issues listed."""
    try:
        document = parse_unchecked(raw) if isinstance(raw, bytes | str) else raw
        duplicates = duplicate_key_paths(document, limits.max_depth)
    except JSONProblem as problem:
        unreadable = _whole_document(UNREADABLE_CODE, problem.message, problem.excerpt)
        return Validation(None, (unreadable,))
    if not isinstance(document, dict):
        return Validation(None, (_whole_document(NOT_AN_OBJECT_CODE, _NOT_AN_OBJECT),))
    fmt, format_given = _choose_format(document)
    errors = [_issue(path, "duplicate_key", _DUPLICATE_KEY, fmt) for path in duplicates]
    if not allow_placeholders:
        errors.extend(_issue(*finding, fmt) for finding in placeholders.found(document))
    try:
        data = report_schema(fmt, limits).load(document)
    except ValidationError as exc:
        errors.extend(
            _issue(path, getattr(message, "code", _FALLBACK_CODE), message, fmt)
            for path, message in _flatten(exc.messages, document, "")
        )
        return _refused(errors, exc.valid_data, exc.messages, fmt, allow_inconsistent)
    if errors:  # duplicate keys and placeholders only
        return _refused(errors, data, {}, fmt, allow_inconsistent)
    return _check_rules(assemble.report(data, fmt), format_given, allow_inconsistent, previous)


def _refused(
    errors: list[Issue], valid: Any, messages: Any, fmt: Format, allow_inconsistent: bool
) -> Validation:
    """The result for a report with contract errors, plus R1–R4 when tables 3 and 4 are valid."""
    tables = ("applications", "review_litigation")
    if not isinstance(valid, dict) or any(key in messages or key not in valid for key in tables):
        return Validation(None, tuple(errors))
    found = rules.consistency(
        assemble.applications(valid["applications"], fmt),
        assemble.review_litigation(valid["review_litigation"]),
        fmt,
    )
    inconsistent = [_issue(*finding, fmt) for finding in found]
    if allow_inconsistent:
        return Validation(None, tuple(errors), tuple(inconsistent))
    return Validation(None, tuple(errors + inconsistent))


def _check_rules(
    report: Report, format_given: bool, allow_inconsistent: bool, previous: Report | None
) -> Validation:
    """Run R1–R4, the cross-year checks (with `previous`) and the warnings on a schema-valid
    report."""
    fmt: Format = report.format
    found = rules.consistency(report.applications, report.review_litigation, fmt)
    warned = rules.warnings(report, format_given=format_given)
    if previous is not None:
        unusable = crossyear.identity(report, previous)
        if unusable:
            return Validation(None, tuple(_issue(*finding, fmt) for finding in unusable))
        warned.extend(crossyear.renamed(report, previous))
        found.extend(crossyear.carried_over(report, previous))
        warned.extend(crossyear.documents_in_force(report, previous))
    inconsistent = [_issue(*finding, fmt) for finding in found]
    warnings = [_issue(*finding, fmt) for finding in warned]
    if inconsistent and not allow_inconsistent:
        return Validation(None, tuple(inconsistent), tuple(warnings))
    return Validation(report, (), tuple(inconsistent + warnings))


def _whole_document(code: str, message: str, excerpt: str = "") -> Issue:
    """An Issue about the document as a whole (path "")."""
    return Issue("", code, message, FIELD_LABELS[""], excerpt)


def capped(issues: tuple[Issue, ...], limit: int) -> tuple[Issue, ...]:
    """The first `limit` issues, then one ``more_issues`` issue saying how many were left out:
    an answer (problem body, page, manifest) stays small whatever the input holds."""
    if len(issues) <= limit:
        return issues
    more = len(issues) - limit
    return (
        *issues[:limit],
        _whole_document(
            MORE_ISSUES_CODE,
            f"另有 {more} 处问题未列出（最多列出 {limit} 处） / and {more} more not listed",
        ),
    )


def _issue(path: str, code: str, message: str, report_format: Format) -> Issue:
    """An Issue with the Chinese label of its path (keys from the input shown safely, and cut
    to PATH_MAX_CHARS: a key may be megabytes long)."""
    shown = echo(path)
    if len(shown) > PATH_MAX_CHARS:
        shown = shown[:PATH_MAX_CHARS] + "…"
    return Issue(shown, code, str(message), label(shown, report_format))


def _choose_format(document: dict[str, Any]) -> tuple[Format, bool]:
    """The format to validate against, and whether the document names it itself."""
    given = document.get("format")
    if isinstance(given, str) and given.strip() in FORMAT_IDS:
        return find(given.strip()).id, True
    year = document.get("year")
    if type(year) is int:
        return default_format(year), False
    # No usable year either (an error of its own): judge by the keys of table 2 that only one
    # format's shape has, else take the newest format.
    disclosure = document.get("active_disclosure")
    if isinstance(disclosure, dict):
        for spec in FORMATS:
            others = {key for other in FORMATS if other is not spec
                      for key in names(other.disclosure_model)}
            if not (set(names(spec.disclosure_model)) - others).isdisjoint(disclosure):
                return spec.id, False
    return FORMATS[-1].id, False


def _flatten(messages: Any, data: Any, path: str) -> Iterator[tuple[str, str]]:
    """Yield (dotted path, message) from marshmallow's nested messages, in document order."""
    if isinstance(messages, list):
        for message in messages:
            if isinstance(message, dict):
                yield from _flatten(message, data, path)
            else:
                yield path, message
        return
    if not isinstance(messages, dict):
        yield path, messages
        return
    # Each key's place in the input, found once: looking each one up in the key list would be
    # quadratic in the number of unknown keys (40,000 of them took 16 s).
    order = {key: index for index, key in enumerate(data)} if isinstance(data, dict) else {}
    for key in sorted(messages, key=lambda key: _position(key, order)):
        if key == "_schema":
            yield from _flatten(messages[key], data, path)
            continue
        child_path = f"{path}.{key}" if path else str(key)
        yield from _flatten(messages[key], _child(data, key), child_path)


def _position(key: str | int, order: Mapping[str, int]) -> tuple[int, int]:
    """Sort key: schema-level messages first, then keys in the order the input gives them."""
    if key == "_schema":
        return (0, 0)
    if isinstance(key, int):
        return (1, key)
    index = order.get(key)
    return (2, 0) if index is None else (1, index)


def _child(data: Any, key: str | int) -> Any:
    """The input value under ``key`` (None when absent)."""
    if isinstance(data, dict):
        return data.get(key)
    if isinstance(data, list) and isinstance(key, int) and key < len(data):
        return data[key]
    return None
