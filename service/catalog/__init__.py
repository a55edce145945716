"""The official formats as the interfaces offer them: lookup by id, the example, the blank.

What a format is comes from the registry (``schemas.registry``); this package adds the files the
service ships for each (the complete example in ``service/examples/``) and the blank report.
"""

from __future__ import annotations

from importlib import resources

from schemas.registry import FORMATS, FormatSpec
from schemas.registry import find as find_spec
from service.catalog.blank import blank_report
from service.errors import UnknownFormat

__all__ = ["FORMATS", "blank", "example", "find"]


def find(name: str) -> FormatSpec:
    """Return the format called `name`; raises UnknownFormat."""
    try:
        return find_spec(name)
    except KeyError:
        known = "、".join(spec.id for spec in FORMATS)
        raise UnknownFormat(
            f"没有格式 {name!r}，可用：{known} / unknown format, known: {known}"
        ) from None


def example(name: str) -> bytes:
    """Return the shipped example report of format `name` (JSON bytes); raises UnknownFormat."""
    spec = find(name)
    return resources.files("service.examples").joinpath(spec.example_file).read_bytes()


def blank(name: str) -> bytes:
    """Return the blank report of format `name` (JSON bytes, every count 0); raises
    UnknownFormat."""
    return blank_report(find(name))
