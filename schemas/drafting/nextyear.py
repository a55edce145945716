"""A draft of next year's report from last year's: what carries over, and what must be redone.

The organization and 落款 organization stay; the year is the next one and the format that
year's; 二、上年结转 is last year's 四、结转下年度继续办理 (the cross-year rule agencies are checked
against), and in the 2021 format 现行有效件数 starts from last year's. Every other count starts
from 0. The texts are kept as a draft to rewrite: ``carried`` lists them so that a page can flag
each one until it is changed. Works on parsed JSON of any shape (a draft may not be valid yet)
and never raises.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from schemas.checks.placeholders import text_paths
from schemas.model.report import APPLICANT_COLUMNS
from schemas.registry import FORMAT_IDS, default_format, find

#: The parts whose texts are kept as a draft to rewrite (the name and 落款 simply stay).
_CHAPTERS = ("preamble", "overview", "problems", "other_matters")
#: The table-2 rows whose 现行有效件数 (``in_force``) carries over (formats that count it).
DOCUMENT_ROWS = ("rules", "normative_documents")


@dataclass(frozen=True, slots=True)
class NextYear:
    """The draft, and the texts it took over from last year unchanged."""

    document: dict[str, Any]
    carried: tuple[str, ...]


def next_year(last: Mapping[str, Any]) -> NextYear:
    """The draft of the report after `last` (see the module docstring)."""
    year = last.get("year")
    draft: dict[str, Any] = {}
    if type(year) is int:
        draft["year"] = year + 1
        draft["format"] = default_format(year + 1)
    elif last.get("format") in FORMAT_IDS:
        draft["format"] = last["format"]
    for key in ("organization", "preamble", "overview", "problems", "other_matters"):
        if key in last:
            draft[key] = last[key]
    signature = _object(last.get("signature"))
    if isinstance(signature.get("organization"), str):
        draft["signature"] = {"organization": signature["organization"]}
    applications = _object(last.get("applications"))
    forward = _object(applications.get("carried_forward"))
    carried_over = {
        column: forward[column] for column in APPLICANT_COLUMNS if type(forward.get(column)) is int
    }
    draft["applications"] = {"carried_over": carried_over}
    carried_in_force = _counts_in_force(draft.get("format")) and _counts_in_force(_format(last))
    draft["active_disclosure"] = _in_force(last) if carried_in_force else {}
    draft["review_litigation"] = {}
    texts = tuple(
        text for path, text in text_paths(last) if path.startswith(_CHAPTERS) and text.strip()
    )
    return NextYear(draft, texts)


def _counts_in_force(format_id: object) -> bool:
    """Whether `format_id` names a format whose table 2 counts 现行有效件数."""
    return format_id in FORMAT_IDS and find(str(format_id)).documents_in_force


def _in_force(last: Mapping[str, Any]) -> dict[str, Any]:
    """Table 2 of a draft after a report, both in formats that count 现行有效件数: last
    year's."""
    disclosure = _object(last.get("active_disclosure"))
    table: dict[str, Any] = {}
    for row in DOCUMENT_ROWS:
        in_force = _object(disclosure.get(row)).get("in_force")
        if type(in_force) is int:
            table[row] = {"in_force": in_force}
    return table


def _format(document: Mapping[str, Any]) -> str | None:
    """The format `document` is in: the one it names, else its year's (None: neither)."""
    named = document.get("format")
    if named in FORMAT_IDS:
        return str(named)
    year = document.get("year")
    return default_format(year) if type(year) is int else None


def _object(value: Any) -> Mapping[str, Any]:
    """`value` when it is a JSON object, else an empty one."""
    return value if isinstance(value, dict) else {}

