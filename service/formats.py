"""The official formats the service knows, and the complete example report shipped for each."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from service.errors import UnknownFormat


@dataclass(frozen=True, slots=True)
class FormatInfo:
    """One official format: the notice that set it and the report years it is the default for."""

    format: str
    document_number: str
    notice: str
    """The notice's title (《…》 left off)."""
    first_year: int
    last_year: int | None
    """None: still the default for every later year."""


FORMATS: tuple[FormatInfo, ...] = (
    FormatInfo(
        "2019",
        "国办公开办函〔2019〕60号",
        "国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知",
        2019,
        2020,
    ),
    FormatInfo(
        "2021",
        "国办公开办函〔2021〕30号",
        "国务院办公厅政府信息与政务公开办公室关于印发《中华人民共和国政府信息公开工作年度报告格式》的通知",
        2021,
        None,
    ),
)


def find(name: str) -> FormatInfo:
    """Return the format called `name`; raises UnknownFormat."""
    for info in FORMATS:
        if info.format == name:
            return info
    known = "、".join(info.format for info in FORMATS)
    raise UnknownFormat(f"没有格式 {name!r}，可用：{known} / unknown format, known: {known}")


def example(name: str) -> bytes:
    """Return the shipped example report of format `name` (JSON bytes); raises UnknownFormat."""
    info = find(name)
    return resources.files("service.examples").joinpath(f"{info.format}.json").read_bytes()
