from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from service import documents, formats
from service.errors import UnknownFormat
from service.formats import blank
from service.formats.blank import ORGANIZATION


def leaves(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for key, member in value.items():
            yield from leaves(member, f"{path}.{key}" if path else key)
    else:
        yield path, value


@pytest.mark.parametrize("name", ["2019", "2021"])
def test_the_blank_is_valid_without_warnings(name: str) -> None:
    result = documents.validate(blank(name))
    assert result.errors == ()
    assert result.warnings == ()
    assert result.report is not None
    assert result.report.format == name
    assert result.report.organization == ORGANIZATION


@pytest.mark.parametrize("name", ["2019", "2021"])
def test_every_count_of_the_blank_is_zero_and_every_table_key_is_there(name: str) -> None:
    report = json.loads(blank(name))
    example = json.loads(formats.example(name))
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
