from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from typing import Any

import pytest

from schemas.checks.placeholders import PLACEHOLDERS
from schemas.registry import find
from service import catalog, documents
from service.catalog import blank
from service.catalog.blank import blank_report, default_year
from service.errors import UnknownFormat


def leaves(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for key, member in value.items():
            yield from leaves(member, f"{path}.{key}" if path else key)
    else:
        yield path, value


@pytest.mark.parametrize("name", ["2019", "2021"])
def test_an_unchanged_blank_is_refused_for_its_placeholders_only(name: str) -> None:
    result = documents.validate(blank(name))
    assert [(issue.path, issue.code) for issue in result.errors] == [
        ("organization", "placeholder"),
        ("overview.paragraphs.0", "placeholder"),
        ("problems.paragraphs.0", "placeholder"),
        ("other_matters.paragraphs.0", "placeholder"),
    ]
    assert result.errors[0].message.startswith("“（机关名称）”是空白模板的提示文字，请改为实际内容")


@pytest.mark.parametrize("name", ["2019", "2021"])
def test_the_blank_with_its_placeholders_allowed_is_valid_without_warnings(name: str) -> None:
    result = documents.validate(blank(name), allow_placeholders=True)
    assert result.errors == ()
    assert result.warnings == ()
    assert result.report is not None
    assert result.report.format == name
    assert result.report.organization == PLACEHOLDERS["organization"]


@pytest.mark.parametrize(
    ("name", "today", "year"),
    [
        ("2021", datetime.date(2026, 1, 15), 2025),
        ("2021", datetime.date(2026, 12, 31), 2025),
        ("2021", datetime.date(2021, 6, 1), 2021),  # not before the format's first year
        ("2019", datetime.date(2026, 1, 15), 2020),  # not after its last
        ("2019", datetime.date(2020, 3, 1), 2019),
    ],
)
def test_the_blank_is_for_last_year_within_the_format(name, today, year) -> None:
    assert default_year(find(name), today) == year
    assert json.loads(blank_report(find(name), today))["year"] == year


@pytest.mark.parametrize("name", ["2019", "2021"])
def test_every_count_of_the_blank_is_zero_and_every_table_key_is_there(name: str) -> None:
    report = json.loads(blank(name))
    example = json.loads(catalog.example(name))
    for table in ("active_disclosure", "applications", "review_litigation"):
        cells = dict(leaves(report[table]))
        assert set(cells.values()) <= {0, "0"}, table
        # every key the complete example fills is in the blank (units have a default)
        filled = {path for path, _ in leaves(example[table]) if not path.endswith("amount_unit")}
        assert filled <= set(cells), table
    assert len(dict(leaves(report["applications"]))) > 50


def test_an_unknown_format_has_no_blank() -> None:
    with pytest.raises(UnknownFormat):
        blank("2030")
