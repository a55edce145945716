"""The Jinja environments templates are compiled with: sandboxed, autoescaping, strict.

Every ``{{ … }}`` value in a WordprocessingML part is escaped for XML and its line breaks and
tabs become ``<w:br/>`` and ``<w:tab/>`` inside the run it sits in (``finalize``), so the Word
templates stay plain ``{{ paragraph }}`` and no template can forget the conversion. The
properties parts (docProps/*.xml) are plain XML text: escaped only.
"""

from __future__ import annotations

from typing import Any

from jinja2 import StrictUndefined, Undefined
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

# Closing and reopening the w:t keeps the run (and its formatting) around the break.
_BREAK = '</w:t><w:br/><w:t xml:space="preserve">'
_TAB = '</w:t><w:tab/><w:t xml:space="preserve">'


def word_text(value: object) -> object:
    """Return a plain string as escaped run content with w:br / w:tab; other values as given.

    Markup (already safe) and non-strings (numbers, dates) are left to Jinja's own escaping.
    """
    if not isinstance(value, str) or isinstance(value, Markup):
        return value
    text = str(escape(value))
    if "\n" in text or "\r" in text or "\t" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        text = text.replace("\n", _BREAK).replace("\t", _TAB)
    return Markup(text)


class Sandbox(SandboxedEnvironment):
    """Jinja's sandbox, remembering its verdict on each (type, attribute) pair.

    The sandbox judges every attribute a template reads, several hundred per report, and the
    judgement was most of a render's time. It depends only on the attribute's name and the
    object's type (a leading underscore; function, method, type, code, frame and generator
    internals), so one verdict per pair is the same answer, given once.
    """

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._verdicts: dict[tuple[type, str], bool] = {}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Return the sandbox's verdict on reading `attr` of `obj`, judged once per type."""
        key = (type(obj), attr)
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = self._verdicts[key] = super().is_safe_attribute(obj, attr, value)
        return verdict


def word_environment(undefined: type[Undefined] = StrictUndefined) -> SandboxedEnvironment:
    """Return the environment for word/*.xml parts; `undefined` is replaced only by the checker."""
    return Sandbox(autoescape=True, undefined=undefined, finalize=word_text)


def plain_environment(undefined: type[Undefined] = StrictUndefined) -> SandboxedEnvironment:
    """Return the environment for the document properties parts (XML text, no runs)."""
    return Sandbox(autoescape=True, undefined=undefined)
