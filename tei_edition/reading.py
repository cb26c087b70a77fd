"""The reading text of a TEI edition, and the check that no word was lost.

Owns :func:`reading_text`, which renders the body of any tei_edition document back to plain
text with the editorial brackets regenerated from the elements (docs/encoding.md §6), and
:func:`canonical`, the form in which it is compared with the transcript's document text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from .read import BLANKISH
from .tei import LIST_RENDS
from .xmlns import TEI_NS

_NS = {"t": TEI_NS}
_BLOCKS = frozenset(
    f"{{{TEI_NS}}}{n}"
    for n in "p head opener byline dateline list item closer signed postscript div".split()
)
_MARKERS = {rend: marker for marker, rend in LIST_RENDS.items()}


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def reading_text(tree: etree._ElementTree | etree._Element) -> str:
    """The document text of a TEI edition, brackets regenerated from the elements."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    body = root.find(".//t:text/t:body", _NS)
    if body is None:
        return ""
    return re.sub(r"\n{2,}", "\n", _render(body)).strip()


def _render(element: etree._Element) -> str:
    if not isinstance(element.tag, str):
        return ""
    handler = RENDER.get(_local(element), _children)
    out = handler(element)
    if element.tag in _BLOCKS:
        out = f"\n{out}\n"
    return out


def _children(element: etree._Element) -> str:
    parts = [element.text or ""]
    for child in element:
        parts.append(_render(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _p(e: etree._Element) -> str:
    n = e.get("n")
    return f"{n}. {_children(e)}" if n else _children(e)


def _item(e: etree._Element) -> str:
    marker = _MARKERS.get(e.getparent().get("rend", ""), "")
    return f"{marker} {_children(e)}" if marker else _children(e)


def _supplied(e: etree._Element) -> str:
    return f"[{_children(e)}]"


def _sic(e: etree._Element) -> str:
    return f"{_children(e)} [sic]"


def _choice(e: etree._Element) -> str:
    sic, corr = e.find("t:sic", _NS), e.find("t:corr", _NS)
    if sic is None or corr is None:
        return _children(e)
    return f"{_children(sic)} [sic; {_children(corr)}]"


def _gap(e: etree._Element) -> str:
    desc = e.find("t:desc", _NS)
    return f"[{_children(desc)}]" if desc is not None else "[…]"


def _unclear(e: etree._Element) -> str:
    return f"{_children(e)}[?]"


def _note(e: etree._Element) -> str:
    if e.get("type") == "translator":
        return f"[Translator's note: {_children(e)}]"
    if e.get("place") == "foot":
        return f"\n[{e.get('n')}] {_children(e)}\n"
    if e.get("place") == "inline":
        return f"[{_children(e)}]"
    return f"\n{_children(e)}\n"


def _ref(e: etree._Element) -> str:
    if e.get("type") != "noteAnchor" or e.get("rend") == "sup":
        return _children(e)
    return f"[{_children(e)}]"


def _lb(e: etree._Element) -> str:
    return "\n"


RENDER: dict[str, Callable[[etree._Element], str]] = {
    "p": _p,
    "item": _item,
    "supplied": _supplied,
    "sic": _sic,
    "choice": _choice,
    "gap": _gap,
    "unclear": _unclear,
    "note": _note,
    "ref": _ref,
    "lb": _lb,
}

#: Spellings of the same editorial marker, mapped to the one the reading text uses.
_CANONICAL = (
    (re.compile(r"^\s*(?:\.\.\.|…)\s*$", re.MULTILINE), "[…]"),
    (re.compile(r"\[\s*sic\s*(?=[\];,:!])", re.IGNORECASE), "[sic"),
    (re.compile(r"<\s*(?:…|\.\s?\.\s?\.)\s*>|\[\s*(?:\.\s?\.\s?\.)\s*\]"), "[…]"),
    (re.compile(r"\[\s*Translator[’'`]?s?\s+note\s*:", re.IGNORECASE), "[Translator's note:"),
)


_BLANK_RUN = re.compile(f"[\\s{BLANKISH}]+")


def canonical(text: str) -> str:
    """Text with whitespace removed and marker spellings unified, for comparison."""
    for pattern, replacement in _CANONICAL:
        text = pattern.sub(replacement, text)
    return _BLANK_RUN.sub("", text)
