"""schemas.model.paths: dotted contract paths read and written in JSON, read on the model."""

from __future__ import annotations

import pytest

from schemas.model.paths import json_value, model_value, put_json
from service.docx.write.sample import sample_report


@pytest.mark.parametrize(
    ("path", "expected"),
    [("a.b", 1), ("a", {"b": 1, "c": [2]}), ("a.c", [2]), ("a.x", None), ("a.b.c", None),
     ("a.c.0", None), ("z", None)],
)
def test_json_values_are_none_where_the_data_has_no_such_path(path: str, expected: object) -> None:
    assert json_value({"a": {"b": 1, "c": [2]}}, path) == expected


def test_put_creates_the_objects_on_the_way() -> None:
    data: dict[str, object] = {"a": {"keep": 1}}
    put_json(data, "a.b.c", 3)
    put_json(data, "d", 4)
    assert data == {"a": {"keep": 1, "b": {"c": 3}}, "d": 4}


def test_model_values() -> None:
    report = sample_report("2019")
    assert model_value(report, "applications.granted.total") == report.applications.granted.total
    assert model_value(report, "active_disclosure.procurement.amount_text") == (
        report.active_disclosure.procurement.amount_text)
    with pytest.raises(AttributeError):
        model_value(report, "applications.nothing")
