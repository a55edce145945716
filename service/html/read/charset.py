"""A web page's bytes as text, decoded as a browser decodes them.

The encoding is the byte-order mark's, else the one a ``<meta charset>`` or ``<meta
http-equiv="Content-Type" content="…; charset=…">`` in the first 1,024 bytes declares (the HTML
standard's prescan), else UTF-8 when the bytes are UTF-8, else GB18030 (government sites without
a declaration are GBK). GBK, GB2312 and their aliases are decoded as GB18030, their superset, as
browsers do. Bytes the encoding does not have become U+FFFD, as in a browser.
"""

from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_PRESCAN_BYTES = 1024
_META = re.compile(rb"<meta\b[^>]*>", re.IGNORECASE)
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
#: Labels browsers decode with their GBK/GB18030 decoder.
_CHINESE = frozenset(
    {"gbk", "gb2312", "gb_2312", "gb_2312-80", "gb18030", "x-gbk", "cp936", "ms936",
     "windows-936", "csgb2312", "chinese", "iso-ir-58", "csiso58gb231280", "euc-cn"}
)  # fmt: skip
#: Declarations of UTF-16 in a meta tag are read as UTF-8, as the HTML standard says.
_UTF16 = frozenset({"utf-16", "utf-16le", "utf-16be", "utf-16-le", "utf-16-be"})


def declared(data: bytes) -> str | None:
    """The encoding the page declares (BOM or meta), as a Python codec name; None if none (or
    one Python does not know)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    for meta in _META.finditer(data[:_PRESCAN_BYTES]):
        found = _CHARSET.search(meta.group(0))
        if found is not None:
            return _codec(found.group(1).decode("ascii").lower())
    return None


def _codec(label: str) -> str | None:
    """The Python codec for an encoding label."""
    if label in _CHINESE:
        return "gb18030"
    if label in _UTF16:
        return "utf-8"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode(data: bytes) -> str:
    """The page's text (see the module docstring); never raises."""
    encoding = declared(data)
    if encoding is None:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            encoding = "gb18030"
    text = data.decode(encoding, errors="replace")
    return text[1:] if text.startswith("\ufeff") else text
