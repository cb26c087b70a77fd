"""Names and dates in the document model (docs/encoding.md §5).

Owns the pass that splits the model's text nodes into names (``Name`` with the register id),
dates and times, using :mod:`tei_edition.names` and :mod:`tei_edition.dates`. It runs on the
model, before any XML, and reports ambiguous names and impossible dates as warnings.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, fields, replace
from typing import Any

from . import dates
from .inline import Context
from .model import (
    Block,
    Date,
    Fw,
    Gap,
    Idno,
    Inline,
    LineBreak,
    Name,
    NoteBlock,
    NoteRef,
    Pos,
    Text,
    Time,
)
from .names import SEPARATOR, NameMatch, NameMatcher, Register

#: Nodes whose text is never searched for names and dates.
_OPAQUE = (Fw, Idno, Date, Time, Gap, NoteRef, LineBreak)
_BLOCK_BREAK = "\n\n"


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    node: Inline


@dataclass
class Tagger:
    """Tags names and dates in text nodes, with the whole document as context."""

    matcher: NameMatcher
    date_context: dates.DateContext
    ctx: Context
    context: str = ""
    offsets: Iterator[int] = field(default_factory=lambda: iter(()))
    starts: list[int] = field(default_factory=list)
    pieces: list[Text] = field(default_factory=list)
    names: list[NameMatch] = field(default_factory=list)
    name_starts: list[int] = field(default_factory=list)
    date_matches: list[dates.DateMatch] = field(default_factory=list)
    date_starts: list[int] = field(default_factory=list)
    time_matches: list[dates.DateMatch] = field(default_factory=list)
    time_starts: list[int] = field(default_factory=list)
    used: set[str] = field(default_factory=set)

    def run(self, body: tuple[Block, ...]) -> tuple[Block, ...]:
        starts, parts, at = [], [], 0
        for text, block_start in _texts(body):
            if parts:
                joint = _BLOCK_BREAK if block_start else SEPARATOR
                parts.append(joint)
                at += len(joint)
            starts.append(at)
            parts.append(text)
            at += len(text)
        self.context = "".join(parts)
        self.starts = starts
        self.offsets = iter(starts)
        self.names = self.matcher.find_all(self.context)
        self.name_starts = [m.start for m in self.names]
        self.date_matches = dates.find_dates(self.context, self.date_context)
        self.date_starts = [m.start for m in self.date_matches]
        self.time_matches = dates.find_times(self.context)
        self.time_starts = [m.start for m in self.time_matches]
        self.used = set()
        return tuple(self._node(block) for block in body)

    def candidates(self) -> list[dict[str, Any]]:
        """Name-like spans the register does not know, with their source positions."""
        out = []
        for match in self.matcher.document_candidates(self.context):
            k = bisect.bisect_right(self.starts, match.start) - 1
            if k < 0 or match.end > self.starts[k] + len(self.pieces[k].text):
                continue
            piece = self.pieces[k]
            if _shouting(piece.text):
                continue  # headings and signatures in capitals: every word would qualify
            pos = _pos(piece, match.start - self.starts[k])
            out.append({"text": match.text, "line": pos.line, "col": pos.col})
        return out

    def _node(self, node: Any) -> Any:
        if isinstance(node, Text):
            raise AssertionError("text nodes are handled by _content")  # pragma: no cover
        if isinstance(node, Name):
            return self._known_name(node)
        if isinstance(node, _OPAQUE):
            return node
        if isinstance(node, NoteBlock):
            return replace(node, note=self._node(node.note))
        changes = {}
        for f in fields(node):
            value = getattr(node, f.name)
            if f.name == "content":
                changes["content"] = self._content(value)
            elif f.name in ("items", "parts", "paras", "blocks"):
                changes[f.name] = tuple(self._node(child) for child in value)
            elif f.name == "head":
                changes["head"] = self._node(value)
        return replace(node, **changes) if changes else node

    def _content(self, content: tuple[Inline, ...]) -> tuple[Inline, ...]:
        out: list[Inline] = []
        for node in content:
            if isinstance(node, Text):
                self.pieces.append(node)
                out.extend(self._split(node, next(self.offsets)))
            else:
                out.append(self._node(node))
        return tuple(out)

    def _known_name(self, node: Name) -> Name:
        """A name the structure already found (cable header): look up its register id."""
        text = "".join(n.text for n in node.content if isinstance(n, Text))
        matches = [
            m for m in self.matcher.find(text, self.context) if m.start == 0 and m.end == len(text)
        ]
        if not matches or matches[0].ref is None:
            return node
        self.used.add(matches[0].ref)
        return replace(node, ref=matches[0].ref, cert=matches[0].cert)

    def _split(self, node: Text, offset: int) -> list[Inline]:
        text = node.text
        spans = self._spans(node, offset)
        out: list[Inline] = []
        cursor = 0
        for span in spans:
            if span.start > cursor:
                out.append(Text(text[cursor : span.start], _pos(node, cursor)))
            out.append(span.node)
            cursor = span.end
        if cursor < len(text):
            out.append(Text(text[cursor:], _pos(node, cursor)))
        return out

    def _spans(self, node: Text, offset: int) -> list[_Span]:
        text = node.text
        found: list[_Span] = []
        end = offset + len(text)
        for match in _inside(self.date_matches, self.date_starts, offset, end):
            found.append(self._date_span(node, match))
        for match in _inside(self.time_matches, self.time_starts, offset, end):
            pos = _pos(node, match.start)
            when = match.value.when if match.value else None
            if when:
                found.append(
                    _Span(match.start, match.end, Time((Text(match.text, pos),), when, pos))
                )
        for match in _inside(self.names, self.name_starts, offset, end):
            pos = _pos(node, match.start)
            if match.warning:
                self.ctx.warn(pos, match.warning, "name")
            if match.ref:
                self.used.add(match.ref)
            name = Name(match.kind, (Text(match.text, pos),), pos, match.ref, match.cert)
            found.append(_Span(match.start, match.end, name))
        return _without_overlaps(found)

    def _date_span(self, node: Text, match: dates.DateMatch) -> _Span:
        pos = _pos(node, match.start)
        if match.value is None:
            self.ctx.warn(
                pos, f"{match.warning or 'impossible date'}: {match.text!r} kept as text", "date"
            )
            return _Span(match.start, match.end, Text(match.text, pos))
        attrs = tuple(match.value.attributes().items())
        return _Span(match.start, match.end, Date((Text(match.text, pos),), attrs, pos))


def _inside(matches: list[Any], starts: list[int], start: int, end: int) -> Iterator[Any]:
    """The matches lying wholly inside ``[start, end)``, positions made relative to ``start``."""
    k = bisect.bisect_left(starts, start)
    while k < len(matches) and matches[k].start < end:
        match = matches[k]
        if match.end <= end:
            yield replace(match, start=match.start - start, end=match.end - start)
        k += 1


def _without_overlaps(spans: list[_Span]) -> list[_Span]:
    """Longest first, then earliest; dates before names at equal length."""
    chosen: list[_Span] = []
    order = sorted(enumerate(spans), key=lambda p: (-(p[1].end - p[1].start), p[1].start, p[0]))
    for _, span in order:
        if all(span.end <= c.start or span.start >= c.end for c in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)


def _pos(node: Text, offset: int) -> Pos:
    before = node.text[:offset]
    newlines = before.count("\n")
    if not newlines:
        return Pos(node.pos.line, node.pos.col + offset)
    return Pos(node.pos.line + newlines, offset - before.rfind("\n"))


def _texts(body: tuple[Block, ...]) -> Iterator[tuple[str, bool]]:
    """Every text node that tagging visits, in the order it visits them; flag block starts."""
    for block in body:
        first = True
        for text in _node_texts(block):
            yield text, first
            first = False


def _node_texts(node: Any) -> Iterator[str]:
    if isinstance(node, (Name, *_OPAQUE)):
        return
    if isinstance(node, NoteBlock):
        yield from _node_texts(node.note)
        return
    for f in fields(node):
        value = getattr(node, f.name)
        if f.name == "content":
            for child in value:
                if isinstance(child, Text):
                    yield child.text
                else:
                    yield from _node_texts(child)
        elif f.name in ("items", "parts", "paras", "blocks"):
            for child in value:
                yield from _node_texts(child)
        elif f.name == "head":
            yield from _node_texts(value)


def tag_entities(
    body: tuple[Block, ...], register: Register, date_context: dates.DateContext, ctx: Context
) -> tuple[tuple[Block, ...], set[str], list[dict[str, Any]]]:
    """Tag names and dates in the body; return it, the register ids it uses, and the
    name-like spans the register does not know (for the report)."""
    tagger = Tagger(_matcher(register), date_context, ctx)
    tagged = tagger.run(body)
    return tagged, tagger.used, tagger.candidates()


@functools.lru_cache(maxsize=8)
def _matcher(register: Register) -> NameMatcher:
    return NameMatcher(register)


def resolve(register: Register, text: str) -> str | None:
    """The register id of a whole name (the author in the header), if the register knows it."""
    matches = _matcher(register).find(text)
    return matches[0].ref if len(matches) == 1 and not matches[0].warning else None


_LETTER = re.compile(r"[^\W\d_]")
_CAPITAL = re.compile(r"[A-ZÀ-ÞА-Я]")


def _shouting(text: str) -> bool:
    """Mostly capitals: a heading or signature, where every word would look like a name."""
    letters = len(_LETTER.findall(text))
    return letters >= 8 and len(_CAPITAL.findall(text)) >= 0.6 * letters
