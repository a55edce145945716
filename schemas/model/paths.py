"""Dotted contract paths (``applications.granted.natural_person``): read and written in parsed
JSON, and read on the Report model. None of these raises for a path the data does not have,
except ``model_value`` (AttributeError: a path the model has not is a programming error)."""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import Any


def json_value(data: Mapping[str, Any], path: str) -> Any:
    """The value at `path` in parsed JSON; None when a step is missing or not an object."""
    node: Any = data
    for key in path.split("."):
        if not isinstance(node, Mapping):
            return None
        node = node.get(key)
    return node


def put_json(data: MutableMapping[str, Any], path: str, value: Any) -> None:
    """Set `path` in parsed JSON to `value`, creating the objects on the way."""
    *owners, last = path.split(".")
    node = data
    for owner in owners:
        node = node.setdefault(owner, {})
    node[last] = value


def model_value(report: object, path: str) -> object:
    """The attribute at `path` of the Report model (a count, an amount, a ``…_text``)."""
    value = report
    for attribute in path.split("."):
        value = getattr(value, attribute)
    return value
