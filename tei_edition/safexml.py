"""Parsing XML input that may be hostile.

This module owns the one XML parser used for documents read from disk or bytes. It loads no
DTD, resolves no entity, touches no network, and refuses, with a one-line
``file:line:col: message`` :class:`~tei_edition.errors.HostileXMLError`:

- any document type declaration with an internal subset (entity declarations: XXE, entity
  expansion bombs) or an external identifier (a DTD to fetch);
- entity references that would need such a declaration;
- files larger than :data:`MAX_BYTES`;
- elements nested deeper than :data:`MAX_DEPTH` (libxml2's limit without ``huge_tree``).

Input that is simply not well-formed raises :class:`NotWellFormedError` instead.
"""

from __future__ import annotations

import os
import re

from lxml import etree

from tei_edition.errors import HostileXMLError, SourceError

MAX_BYTES = 64 * 1024 * 1024
"""Largest XML input accepted, in bytes (an edition's document is rarely above 1 MB)."""

MAX_DEPTH = 256
"""Deepest element nesting accepted (libxml2 refuses more unless ``huge_tree`` is set)."""

_DOCTYPE = re.compile(rb"<!DOCTYPE\b")
_ELEMENT_START = re.compile(rb"<[A-Za-z_:\x80-\xff]")
_DECLARATION = re.compile(
    rb"<!DOCTYPE\s+[^\s\[>]+(?P<external>\s+(?:SYSTEM|PUBLIC)\b)?[^\[>]*(?P<subset>\[)?"
)
_SUBSET = "an internal subset (entity declarations)"
_EXTERNAL = "an external DTD"


class NotWellFormedError(SourceError):
    """The input is not well-formed XML; ``code`` is libxml2's error name."""

    def __init__(self, file: str, line: int, col: int, message: str, code: str) -> None:
        self.code = code
        super().__init__(file, line, col, message)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
    )


def parse_bytes(
    data: bytes, name: str = "<bytes>", max_bytes: int = MAX_BYTES
) -> etree._ElementTree:
    """Parse ``data`` safely; ``name`` is the file name used in error messages."""
    if len(data) > max_bytes:
        raise HostileXMLError(name, 1, 1, f"file is {len(data)} bytes, more than {max_bytes}")
    _refuse_declarations(data, name)
    try:
        root = etree.fromstring(data, _parser(), base_url=None)
    except etree.XMLSyntaxError as error:
        raise _syntax_error(name, error) from None
    tree = root.getroottree()
    _refuse_doctype(tree, data, name)
    return tree


def read_file(path: str | os.PathLike[str], max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of the file at ``path``, its size checked before it is read."""
    with open(path, "rb") as file:
        size = os.fstat(file.fileno()).st_size
        if size > max_bytes:
            raise HostileXMLError(str(path), 1, 1, f"file is {size} bytes, more than {max_bytes}")
        return file.read()


def parse_file(path: str | os.PathLike[str], max_bytes: int = MAX_BYTES) -> etree._ElementTree:
    """Read and parse the file at ``path`` safely."""
    return parse_bytes(read_file(path, max_bytes), str(path), max_bytes)


def _refuse_declarations(data: bytes, name: str) -> None:
    """Refuse a DOCTYPE with a subset or an external id in the prolog, before parsing."""
    doctype = _DOCTYPE.search(data)
    first_element = _ELEMENT_START.search(data)
    if doctype is None or (first_element and first_element.start() < doctype.start()):
        return
    declaration = _DECLARATION.match(data, doctype.start())
    if declaration and (declaration.group("subset") or declaration.group("external")):
        line, col = _position(data, doctype)
        what = _SUBSET if declaration.group("subset") else _EXTERNAL
        raise HostileXMLError(name, line, col, f"DOCTYPE with {what} refused: TEI needs no DTD")


def _refuse_doctype(tree: etree._ElementTree, data: bytes, name: str) -> None:
    info = tree.docinfo
    if not info.doctype:
        return
    dtd = info.internalDTD
    subset = dtd is not None and bool(list(dtd.iterentities()) or list(dtd.iterelements()))
    external = bool(info.system_url or info.public_id)
    if not (subset or external):
        return
    line, col = _position(data, _DOCTYPE.search(data))
    what = _SUBSET if subset else _EXTERNAL
    raise HostileXMLError(name, line, col, f"DOCTYPE with {what} refused: TEI needs no DTD")


def _position(data: bytes, match: re.Match[bytes] | None) -> tuple[int, int]:
    if match is None:
        return 1, 1
    start = match.start()
    line = data.count(b"\n", 0, start) + 1
    return line, start - (data.rfind(b"\n", 0, start) + 1) + 1


def _syntax_error(name: str, error: etree.XMLSyntaxError) -> SourceError:
    line, col = error.position
    message = error.msg.split(", line ")[0] if error.msg else "not well-formed XML"
    if "Excessive depth" in message:
        return HostileXMLError(name, line, col, f"elements nested deeper than {MAX_DEPTH} levels")
    code = error.error_log.last_error.type_name if error.error_log else "ERR_XML"
    if code == "ERR_RESOURCE_LIMIT":
        return HostileXMLError(name, line, col, f"refused: {message}")
    return NotWellFormedError(name, line, col, message, code)
