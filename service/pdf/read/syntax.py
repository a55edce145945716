"""PDF object syntax: one value (a dictionary, an array, a name, a string, a number, a reference)
parsed from bytes at an offset — what an encryption dictionary and a trailer hold.

Bounded before it works: a value nests at most ``MAX_DEPTH`` deep and spans at most
``MAX_VALUE_BYTES`` bytes; past either, or on anything that is not PDF syntax, it raises
``SyntaxProblem`` (a plain exception its caller turns into the refusal it needs). Names are
decoded (``/Encr#79pt`` is ``/Encrypt``), literal strings unescaped, hex strings decoded, as a
PDF reader does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Deepest nesting of dictionaries and arrays (an encryption dictionary nests three deep).
MAX_DEPTH = 16
#: Longest value parsed (an encryption dictionary or a trailer takes well under a kilobyte).
MAX_VALUE_BYTES = 16 * 1024

_WHITE = b"\x00\t\n\x0c\r "
_REGULAR_END = re.compile(rb"[\x00\t\n\x0c\r ()<>\[\]{}/%]")
_REFERENCE = re.compile(rb"([0-9]{1,10})\s+([0-9]{1,5})\s+R(?![^\x00\t\n\x0c\r ()<>\[\]{}/%])")
_NUMBER = re.compile(rb"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)\Z")
_WHITE_RUN = re.compile(rb"[\x00\t\n\x0c\r ]+")
_LITERAL_SPECIAL = re.compile(rb"[\\()]")
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_ESCAPES = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b", ord("f"): b"\f"}


class SyntaxProblem(Exception):
    """Bytes that are not a bounded PDF value."""


class Name(str):
    """A PDF name, decoded, without its slash."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Ref:
    """An indirect reference ``N G R``."""

    number: int
    generation: int


Value = dict[str, "Value"] | list["Value"] | Name | bytes | int | float | bool | Ref | None


def parse_value(data: bytes, offset: int) -> tuple[Value, int]:
    """The value starting at `offset` (white space and comments before it skipped) and where
    it ends; raises SyntaxProblem."""
    parser = _Parser(data, offset)
    value = parser.value(0)
    return value, parser.position


def _decoded_name(raw: bytes) -> Name:
    """A name's characters (after its slash) with their ``#xx`` escapes decoded."""
    return Name(_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw).decode("latin-1"))


class _Parser:
    """A cursor over `data` that reads one value, never past its byte budget."""

    def __init__(self, data: bytes, offset: int) -> None:
        self.data = data
        self.position = offset
        self.limit = min(len(data), offset + MAX_VALUE_BYTES)

    def _fail(self, what: str) -> SyntaxProblem:
        if self.position >= self.limit and self.limit < len(self.data):
            return SyntaxProblem(f"a value longer than {MAX_VALUE_BYTES} bytes")
        return SyntaxProblem(f"{what} at byte {self.position}")

    def _skip(self) -> None:
        """Past white space and comments."""
        data, limit = self.data, self.limit
        while self.position < limit:
            byte = data[self.position]
            if byte in _WHITE:
                self.position += 1
            elif byte == 0x25:  # %: a comment to the end of its line
                ends = [data.find(eol, self.position, limit) for eol in (b"\n", b"\r")]
                found = [end for end in ends if end >= 0]
                self.position = min(found) if found else limit
            else:
                return

    def value(self, depth: int) -> Value:
        """The next value; raises SyntaxProblem."""
        if depth > MAX_DEPTH:
            raise SyntaxProblem(f"values nested more than {MAX_DEPTH} deep")
        self._skip()
        if self.position >= self.limit:
            raise self._fail("no value")
        data, start = self.data, self.position
        head = data[start : start + 2]
        if head == b"<<":
            return self._dictionary(depth)
        byte = head[:1]
        if byte == b"[":
            return self._array(depth)
        if byte == b"(":
            return self._literal()
        if byte == b"<":
            return self._hex()
        if byte == b"/":
            return self._name()
        reference = _REFERENCE.match(data, start, self.limit)
        if reference is not None:
            self.position = reference.end()
            return Ref(int(reference.group(1)), int(reference.group(2)))
        token = self._token()
        if token == b"true":
            return True
        if token == b"false":
            return False
        if token == b"null":
            return None
        if _NUMBER.match(token):
            return float(token) if b"." in token else int(token)
        self.position = start
        raise self._fail("no PDF value")

    def _token(self) -> bytes:
        """A run of regular characters."""
        end = _REGULAR_END.search(self.data, self.position, self.limit)
        stop = end.start() if end is not None else self.limit
        token = self.data[self.position : stop]
        self.position = stop
        return token

    def _name(self) -> Name:
        self.position += 1
        return _decoded_name(self._token())

    def _dictionary(self, depth: int) -> dict[str, Value]:
        self.position += 2
        entries: dict[str, Value] = {}
        while True:
            self._skip()
            if self.data.startswith(b">>", self.position) and self.position + 2 <= self.limit:
                self.position += 2
                return entries
            if self.position >= self.limit or self.data[self.position] != 0x2F:
                raise self._fail("a dictionary key that is no name")
            key = self._name()
            entries[key] = self.value(depth + 1)

    def _array(self, depth: int) -> list[Value]:
        self.position += 1
        items: list[Value] = []
        while True:
            self._skip()
            if self.position < self.limit and self.data[self.position] == 0x5D:
                self.position += 1
                return items
            items.append(self.value(depth + 1))

    def _hex(self) -> bytes:
        end = self.data.find(b">", self.position, self.limit)
        if end < 0:
            self.position = self.limit
            raise self._fail("an unterminated hex string")
        digits = _WHITE_RUN.sub(b"", self.data[self.position + 1 : end])
        self.position = end + 1
        if re.fullmatch(rb"[0-9A-Fa-f]*", digits) is None:
            raise self._fail("a hex string with a character that is no hex digit")
        if len(digits) % 2:
            digits += b"0"
        return bytes.fromhex(digits.decode("ascii"))

    def _literal(self) -> bytes:
        data, limit = self.data, self.limit
        out = bytearray()
        depth = 0
        index = self.position + 1
        while True:
            special = _LITERAL_SPECIAL.search(data, index, limit)
            if special is None:
                self.position = limit
                raise self._fail("an unterminated string")
            out += data[index : special.start()]
            index = special.end()
            byte = data[special.start()]
            if byte == 0x5C:  # backslash
                if index >= limit:
                    self.position = limit
                    raise self._fail("an unterminated string")
                index = self._escape(out, index)
                continue
            if byte == 0x28:
                depth += 1
            elif depth == 0:
                self.position = index
                return bytes(out)
            else:
                depth -= 1
            out.append(byte)

    def _escape(self, out: bytearray, index: int) -> int:
        """The escape after a backslash at `index - 1` appended to `out`; where it ends."""
        data, limit = self.data, self.limit
        escaped = data[index]
        index += 1
        if escaped in _ESCAPES:
            out += _ESCAPES[escaped]
        elif 0x30 <= escaped <= 0x37:
            digits = bytes([escaped])
            while len(digits) < 3 and index < limit and 0x30 <= data[index] <= 0x37:
                digits += data[index : index + 1]
                index += 1
            out.append(int(digits, 8) & 0xFF)
        elif escaped == 0x0D:  # a line continued: \ before CR or CRLF
            if index < limit and data[index] == 0x0A:
                index += 1
        elif escaped != 0x0A:
            out.append(escaped)
        return index
