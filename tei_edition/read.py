"""Reading a transcript: bytes to positioned lines.

Owns decoding (UTF-8, BOMs, UTF-16, cp1252 fallback), binary and emptiness checks, line-end
normalisation and the removal of characters XML cannot carry. Every line keeps its 1-based
number; every later stage reports positions through :class:`Line`.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from .errors import Diagnostic, InputError

#: Characters that XML 1.0 cannot carry (C0 controls except tab/LF/CR, surrogates, U+FFFE/F).
ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: Characters that make a line look empty on a web page.
BLANKISH = "\u00a0\u2007\u202f\u200b\ufeff\t "
_BINARY_SNIFF = 8192
#: Default upper bound of a transcript's size: archival records are kilobytes, not megabytes.
MAX_BYTES = 10 * 2**20


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the source: its 1-based number, the column its text starts at, the text."""

    number: int
    text: str
    col: int = 1

    @property
    def blank(self) -> bool:
        return not self.text.strip(BLANKISH)

    @property
    def stripped(self) -> str:
        return self.text.strip(BLANKISH)


@dataclass(frozen=True, slots=True)
class Source:
    """A decoded transcript: its name, encoding, lines and the warnings reading it raised."""

    name: str
    encoding: str
    lines: tuple[Line, ...]
    warnings: tuple[Diagnostic, ...] = ()


def read_source(data: bytes | str, name: str = "<string>", max_bytes: int = MAX_BYTES) -> Source:
    """Decode and split a transcript; raise :class:`InputError` when it cannot be one."""
    if isinstance(data, bytes):
        check_size(name, len(data), max_bytes)
    elif len(data) * 4 > max_bytes:
        check_size(name, len(data.encode("utf-8", "surrogatepass")), max_bytes)
    warnings: list[Diagnostic] = []
    if isinstance(data, bytes):
        text, encoding = decode(data, name, warnings)
    else:
        text, encoding = data, "str"
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = tuple(_clean_line(n, raw, name, warnings) for n, raw in enumerate(text.split("\n"), 1))
    if all(line.blank for line in lines):
        raise InputError(name, 1, 1, "empty transcript: no text to convert")
    return Source(name, encoding, lines, tuple(warnings))


def check_size(name: str, size: int, max_bytes: int = MAX_BYTES) -> None:
    """Refuse a transcript of more than ``max_bytes`` bytes."""
    if size > max_bytes:
        raise InputError(
            name,
            1,
            1,
            f"transcript is {size / 2**20:.1f} MB, above the limit of"
            f" {max_bytes / 2**20:g} MB (raise it with --max-size)",
        )


def decode(data: bytes, name: str, warnings: list[Diagnostic]) -> tuple[str, str]:
    """Decode bytes: BOMs first, then strict UTF-8, then cp1252 (with a warning)."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _strict(data, encoding, name), encoding
    if b"\x00" in data[:_BINARY_SNIFF]:
        raise InputError(name, 1, 1, "binary file (contains NUL bytes): not a text transcript")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        line, col = _position(data, exc.start)
        text = _strict(data, "cp1252", name)
        warnings.append(
            Diagnostic(
                name,
                line,
                col,
                f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); decoded as cp1252",
                "encoding",
            )
        )
        return text, "cp1252"


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line, col = _position(data, exc.start)
        raise InputError(name, line, col, f"cannot decode as {encoding}: {exc.reason}") from None


def _position(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    line = before.count(b"\n") + 1
    return line, offset - (before.rfind(b"\n") + 1) + 1


def _clean_line(number: int, raw: str, name: str, warnings: list[Diagnostic]) -> Line:
    match = ILLEGAL_XML.search(raw)
    if match:
        count = len(ILLEGAL_XML.findall(raw))
        warnings.append(
            Diagnostic(
                name,
                number,
                match.start() + 1,
                f"removed {count} control character(s) not allowed in XML"
                f" (first U+{ord(match.group()):04X})",
                "control-character",
            )
        )
        raw = ILLEGAL_XML.sub("", raw)
    return Line(number, raw)
