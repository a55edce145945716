"""A Word template read, patched and compiled once; rendering only fills it in and zips it.

docxtpl re-reads the .docx, re-patches its XML and recompiles its Jinja on every render. Here
that work happens once per template file: docxtpl's own ``patch_xml`` (docxtpl is pinned) turns
the Word XML into Jinja source, the templated parts are compiled with the sandboxed
environments, and the other zip entries are kept as bytes. A PreparedTemplate is immutable, so
threads share it freely.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import Environment, Template, TemplateError
from lxml import etree

from service.docx.write.environment import plain_environment, word_environment
from service.errors import TemplateProblem

logger = logging.getLogger(__name__)

#: The docxtpl release whose patching this module reuses; pyproject.toml pins the same one. An
#: upgrade is accepted only when the fast-path-equals-docxtpl test passes over every shipped
#: template (tests/test_docx_prepared.py), then this constant and the pin change together.
SUPPORTED_DOCXTPL = "0.20.2"


def check_docxtpl(installed: str) -> None:
    """Raise ImportError, saying what to do, unless `installed` is the supported docxtpl."""
    if installed != SUPPORTED_DOCXTPL:
        raise ImportError(
            f"service.docx reuses docxtpl {SUPPORTED_DOCXTPL}'s template patching, but docxtpl"
            f" {installed} is installed: run `pip install docxtpl=={SUPPORTED_DOCXTPL}`, or to"
            " upgrade, make tests/test_docx_prepared.py pass with the new release and change"
            " SUPPORTED_DOCXTPL and the pin in pyproject.toml together"
        )


check_docxtpl(version("docxtpl"))

MAIN_PART = "word/document.xml"
#: Compression level of the output zip: level 1 is several times faster than the default and
#: the parts are small text, so the files are hardly larger.
COMPRESS_LEVEL = 1
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_JINJA_START = re.compile(r"{[{%#]")
_PARAGRAPH_START = re.compile(r"<w:p([ >])")


@dataclass(frozen=True, slots=True)
class Part:
    """One zip entry of a template: kept bytes, or the Jinja source it was patched into."""

    name: str
    data: bytes
    source: str | None
    """The patched Jinja source when the part holds template tags, else None."""

    @property
    def is_word_xml(self) -> bool:
        """True for WordprocessingML parts (text in runs), False for package/properties parts."""
        return self.name.startswith("word/")


def read_parts(path: Path) -> tuple[Part, ...]:
    """Read a template's zip entries and patch those with tags; raises TemplateProblem."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = [(info.filename, archive.read(info)) for info in archive.infolist()]
    except FileNotFoundError as exc:
        raise _unusable(path, "找不到模板文件 / template file not found") from exc
    except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
        raise _unusable(path, "模板不是可读的 Word 文件 / not a readable .docx") from exc
    names = {name for name, _ in entries}
    if MAIN_PART not in names:
        raise _unusable(path, f"模板缺少 {MAIN_PART} / not a Word document")
    return tuple(_part(path, name, data) for name, data in entries)


def patch(xml: str) -> str:
    """Return Word XML turned into Jinja source by docxtpl's own patching (tags made whole,
    ``{%p …%}`` paragraphs replaced by their tag)."""
    patched: str = _PATCHER.patch_xml(xml)
    return patched


# patch_xml uses no state of the instance; docxtpl opens nothing until a render.
_PATCHER = DocxTemplate("")


def _part(path: Path, name: str, data: bytes) -> Part:
    """Check that an XML entry is well formed and patch it when it holds template tags."""
    if not name.endswith((".xml", ".rels")):
        return Part(name, data, None)
    try:
        etree.fromstring(data)
        text = data.decode("utf-8")
    except (etree.XMLSyntaxError, UnicodeDecodeError) as exc:
        raise _unusable(path, f"模板中的 {name} 不是合法的 XML / malformed XML") from exc
    if not _JINJA_START.search(text) and "{<" not in text:
        return Part(name, data, None)
    source = patch(text)
    if not _JINJA_START.search(source):
        return Part(name, data, None)
    return Part(name, data, source)


def numbered(xml: str) -> str:
    """Return `xml` with every paragraph starting a new line: line n + 1 is paragraph n.

    Patching keeps the line feeds (it never matches across the start of a paragraph), so the
    line of a Jinja error still names the paragraph of the Word document.
    """
    return _PARAGRAPH_START.sub(r"\n<w:p\1", xml)


def environment_for(part: Part) -> Environment:
    """Return the environment a part is compiled with."""
    return word_environment() if part.is_word_xml else plain_environment()


@dataclass(frozen=True, slots=True)
class PreparedTemplate:
    """A compiled template: render(context) returns the .docx bytes."""

    path: Path
    entries: tuple[tuple[str, bytes | Template], ...]
    """Zip entry names in their order, each with its bytes or its compiled template."""

    @classmethod
    def load(cls, path: Path) -> PreparedTemplate:
        """Read, patch and compile the template at `path`; raises TemplateProblem."""
        entries: list[tuple[str, bytes | Template]] = []
        try:
            parts = read_parts(path)
        except TemplateProblem as exc:
            logger.error("template %s: %s", path, exc.detail, exc_info=exc.__cause__)
            raise
        for part in parts:
            if part.source is None:
                entries.append((part.name, part.data))
                continue
            try:
                entries.append((part.name, environment_for(part).from_string(part.source)))
            except TemplateError as exc:
                message = (
                    f"模板 {part.name} 有语法错误，请运行 gov-report check-template / syntax error"
                )
                raise _problem(path, message, exc) from exc
        return cls(path, tuple(entries))

    def render(self, context: Mapping[str, Any]) -> bytes:
        """Fill the template with `context` and return the .docx; raises TemplateProblem."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, content in self.entries:
                data = content if isinstance(content, bytes) else self._fill(content, context)
                # A fresh ZipInfo per render: writing one fills in its offsets and sizes.
                info = zipfile.ZipInfo(name, _FIXED_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, data, compresslevel=COMPRESS_LEVEL)
        return buffer.getvalue()

    def _fill(self, template: Template, context: Mapping[str, Any]) -> bytes:
        """Render one part; any exception comes from the template meeting the data."""
        try:
            return template.render(context).encode("utf-8")
        except Exception as exc:
            message = "模板与报告数据不匹配，请运行 gov-report check-template / template error"
            raise _problem(self.path, message, exc) from exc


def _unusable(path: Path, message: str) -> TemplateProblem:
    """Return the exception for a template file that cannot be used at all."""
    return TemplateProblem(f"{message}: {path.name}")


def _problem(path: Path, message: str, cause: BaseException) -> TemplateProblem:
    """Log the cause of a template problem and return the safe exception to raise."""
    logger.error("template %s: %s", path, message, exc_info=cause)
    return _unusable(path, message)
