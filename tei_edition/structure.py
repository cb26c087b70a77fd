"""Document structure: chunks of document text to blocks (docs/encoding.md §3).

Owns the recognition of the parts of a diplomatic record: the opener (classification, copy
and cable numbers, cable header), byline, heading, dateline, numbered paragraphs, lists,
sections, the signature block, postscripts, footnotes and publisher's notes. Each block rule
is a small function in one ordered table per region of the document.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from . import dates
from .inline import PUBLISHER, Context, parse_chunk, parse_span
from .layout import SIG_DATED, Chunk, all_caps, is_signature
from .model import (
    Block,
    Byline,
    Closer,
    Date,
    Dateline,
    DatelineBlock,
    Fw,
    Gap,
    Head,
    Idno,
    Inline,
    LineBreak,
    ListBlock,
    Name,
    Note,
    NoteBlock,
    Opener,
    Para,
    Postscript,
    Section,
    Signed,
    Supplied,
    Text,
    Time,
)

_NO = r"(?:No\.?|N[º°o]\.?|#)\s*:?\s*"
#: Pieces of an opener line, tried in order at each position: (kind, type, pattern).
OPENER_PIECES: tuple[tuple[str, str, re.Pattern[str]], ...] = tuple(
    (kind, typ, re.compile(pattern, re.IGNORECASE))
    for kind, typ, pattern in (
        (
            "fw",
            "classification",
            r"(?:Strictly |Top )?(?:Secret|Confidential)(?: Special File)?\.?"
            r"|For Official Use Only\.?",
        ),
        ("fw", "copyNumber", rf"Copy\s*{_NO}\d+\.?|Only Copy\.?"),
        (
            "fw",
            "handling",
            r"Reproduction prohibited\.?|Top Priority\.?|(?:Extra )?Urgent\.?"
            r"|Immediate\.?|Not for publication\.?|Personal(?:ly)?\.?",
        ),
        ("idno", "outgoing", rf"Outgoing\s*{_NO}[\w/-]+\.?"),
        ("idno", "special", rf"Special\s*{_NO}[\d-]+\.?"),
        ("idno", "issuing", rf"Issuing\s*{_NO}[\w/-]+\.?"),
        ("idno", "incoming", rf"Incoming\s*{_NO}[\w/-]+\.?"),
        ("idno", "cable", rf"{_NO}\d[\w/-]*\.?"),
        ("idno", "cable", r"(?-i:\d+/[a-z]{1,4})(?![\w/])"),
    )
)
_HEADER_LABEL = re.compile(
    r"(?P<label>From|To Whom|To|Destination|Time|Date|Received(?: on)?|Sent)\s*:\s*", re.IGNORECASE
)
_HEAD = re.compile(
    r"^(?:RECORD OF (?:A |THE )?CONVERSATION|MEMORANDUM(?: OF CONVERSATION)?|MINUTES"
    r"|(?:Enciphered|Ciphered|Coded) (?:Cable|Telegram)|TELEGRAM|CABLE|PROTOCOL|RESOLUTION"
    r"|INFORMATION|REPORT|DIRECTIVE|INSTRUCTION|DECREE|LETTER)\b"
)
_BYLINE = re.compile(r"^from the (?:journal|diary) of\b", re.IGNORECASE)
_NUMBERED = re.compile(r"^(?P<n>\d{1,2})\.\s+(?=\S)")
_ITEM = re.compile(r"^[-–—•*]\s+")
_SECTION = re.compile(r"^\[[A-Z][A-Z .,'’&-]*\]$")
_ONLY_GAP = re.compile(r"^(?:\.\.\.|…|\[(?:…|\.\.\.)\]|<(?:…|\.\.\.)>)$")
_POSTSCRIPT = re.compile(r"^(?:NOTE|N\.B\.|P\.S\.|PS)\s*[:.]")
_PUB_NOTE = re.compile(r"^(?:Note|Editor[’']?s note|Publisher[’']?s note)\s*:\s*", re.IGNORECASE)
_FOOTNOTE = re.compile(r"^\[(?P<n>\d{1,3})\]\s*(?=\S)")


@dataclass
class Builder:
    """State while turning chunks into blocks."""

    ctx: Context
    date_context: dates.DateContext
    blocks: list[Block] = field(default_factory=list)

    def inline(self, chunk: Chunk) -> tuple[Inline, ...]:
        return parse_chunk(chunk, self.ctx)


def build(chunks: list[Chunk], ctx: Context, date_context: dates.DateContext) -> tuple[Block, ...]:
    """Turn the document's chunks into blocks: top, body, bottom."""
    builder = Builder(ctx, date_context)
    footnotes, chunks = _split_footnotes(chunks)
    ctx.footnotes = frozenset(n for n, _ in footnotes)
    bottom_at = _bottom_start(chunks)
    body_at = _top(chunks[:bottom_at], builder)
    _body(chunks[body_at:bottom_at], builder)
    _bottom(chunks[bottom_at:], builder)
    seen: set[str] = set()
    for n, chunk in footnotes:
        content = parse_span(chunk, _FOOTNOTE.match(chunk.text).end(), len(chunk.text), ctx)
        note_id = f"fn{n}"
        if note_id in seen:
            ctx.warn(
                chunk.pos(),
                f"footnote [{n}] is given twice: markers point to the first",
                "footnote",
            )
            note_id = next(
                f"fn{n}-{k}" for k in range(2, len(footnotes) + 2) if f"fn{n}-{k}" not in seen
            )
        seen.add(note_id)
        note = Note(tuple(content), "editorial", PUBLISHER, "foot", chunk.pos(), n, note_id)
        builder.blocks.append(NoteBlock(note, chunk.pos()))
    return tuple(builder.blocks)


def _split_footnotes(chunks: list[Chunk]) -> tuple[list[tuple[str, Chunk]], list[Chunk]]:
    """Footnote texts ``[1] …`` at the end of the document."""
    end = len(chunks)
    while end > 0 and _FOOTNOTE.match(chunks[end - 1].text):
        end -= 1
    notes = [(_FOOTNOTE.match(c.text).group("n"), c) for c in chunks[end:]]
    return notes, chunks[:end]


# ---------------------------------------------------------------- top of the document


def _top(chunks: list[Chunk], b: Builder) -> int:
    """Opener, byline, heading and datelines before the first paragraph; return where it ends."""
    i = 0
    while i < len(chunks):
        consumed = _top_block(chunks, i, b)
        if not consumed:
            break
        i += consumed
    return i


def _top_block(chunks: list[Chunk], i: int, b: Builder) -> int:
    """Apply the first top rule that accepts chunk ``i``; return how many chunks it used."""
    return next((n for rule in TOP_RULES if (n := rule(chunks, i, b))), 0)


def _opener_rule(chunks: list[Chunk], i: int, b: Builder) -> int:
    content = _opener_line(chunks[i], b)
    if content is None:
        return 0
    last = b.blocks[-1] if b.blocks else None
    if isinstance(last, Opener):
        b.blocks[-1] = Opener((*last.content, Text("\n", chunks[i].pos()), *content), last.pos)
    else:
        b.blocks.append(Opener(content, chunks[i].pos()))
    return 1


def _dateline_rule(chunks: list[Chunk], i: int, b: Builder) -> int:
    chunk = chunks[i]
    found = dates.find_dates(chunk.text, b.date_context)
    if len(found) != 1 or found[0].start != 0 or found[0].end != len(chunk.text.rstrip(". ")):
        return 0
    content = _dated(chunk, found[0])
    last = b.blocks[-1] if b.blocks else None
    if isinstance(last, Opener):
        dateline = Dateline(content, chunk.pos())
        b.blocks[-1] = Opener((*last.content, Text("\n", chunk.pos()), dateline), last.pos)
    else:
        b.blocks.append(DatelineBlock(content, chunk.pos()))
    return 1


def _byline_rule(chunks: list[Chunk], i: int, b: Builder) -> int:
    chunk = chunks[i]
    if not _BYLINE.match(chunk.text):
        return 0
    content = b.inline(chunk)
    if (
        _BYLINE.fullmatch(chunk.text.strip())
        and i + 1 < len(chunks)
        and all_caps(chunks[i + 1].text)
    ):
        following = chunks[i + 1]
        b.blocks.append(
            Byline((*content, LineBreak(following.pos()), *b.inline(following)), chunk.pos())
        )
        return 2
    b.blocks.append(Byline(content, chunk.pos()))
    return 1


def _head_rule(chunks: list[Chunk], i: int, b: Builder) -> int:
    chunk = chunks[i]
    if (not _HEAD.match(chunk.text) and not _HEAD.match(chunk.text.upper())) or len(
        chunk.text
    ) > 200:
        return 0
    if not (_HEAD.match(chunk.text) or chunk.text.istitle() or len(chunk.text.split()) <= 3):
        return 0
    content: tuple[Inline, ...] = b.inline(chunk)
    used = 1
    while i + used < len(chunks) and _continues_head(chunks[i + used - 1], chunks[i + used]):
        nxt = chunks[i + used]
        content = (*content, LineBreak(nxt.pos()), *b.inline(nxt))
        used += 1
    b.blocks.append(Head(content, chunk.pos()))
    return used


def _continues_head(previous: Chunk, chunk: Chunk) -> bool:
    text = chunk.text
    return len(text) < 120 and (
        text.startswith(("with ", "between ", "of ", "on "))
        or previous.text.rstrip().endswith((" of the", " the", " of", ","))
    )


def _note_rule(chunks: list[Chunk], i: int, b: Builder) -> int:
    chunk = chunks[i]
    if not (chunk.text.startswith("[") and chunk.text.endswith("]")):
        return 0
    probe = parse_chunk(chunk, Context(b.ctx.file, b.ctx.footnotes))
    if len(probe) != 1 or not isinstance(probe[0], Note):
        return 0
    note = b.inline(chunk)[0]
    assert isinstance(note, Note)
    b.blocks.append(NoteBlock(note, chunk.pos()))
    return 1


TopRule = Callable[[list[Chunk], int, Builder], int]
#: Rules for the top of the document, tried in order on each chunk.
TOP_RULES: tuple[TopRule, ...] = (
    _opener_rule,
    _dateline_rule,
    _byline_rule,
    _head_rule,
    _note_rule,
)


# ---------------------------------------------------------------- opener lines


def _opener_line(chunk: Chunk, b: Builder) -> tuple[Inline, ...] | None:
    """An opener line is wholly made of opener pieces, dates and a cable header."""
    if _HEADER_LABEL.match(chunk.text):
        return (_cable_header(chunk, b),)
    out: list[Inline] = []
    text, i = chunk.text, 0
    found_piece = False
    while i < len(text):
        if text[i] in " \u00a0\t.":
            out.append(Text(text[i], chunk.pos(i)))
            i += 1
            continue
        piece = _piece_at(chunk, i, b)
        if piece is None:
            return None
        node, i, is_piece = piece
        found_piece = found_piece or is_piece
        out.append(node)
    return tuple(_merge_text(out)) if found_piece else None


def _piece_at(chunk: Chunk, i: int, b: Builder) -> tuple[Inline, int, bool] | None:
    text = chunk.text
    for kind, typ, pattern in OPENER_PIECES:
        m = pattern.match(text, i)
        if m and (m.end() == len(text) or not text[m.end()].isalnum()):
            content = (Text(m.group(), chunk.pos(i)),)
            node = (
                Fw(typ, content, chunk.pos(i)) if kind == "fw" else Idno(typ, content, chunk.pos(i))
            )
            return node, m.end(), True
    found = dates.find_dates(text[i:], b.date_context)
    if found and found[0].start == 0 and found[0].value is not None:
        match = found[0]
        date = Date((Text(match.text, chunk.pos(i)),), _attrs(match), chunk.pos(i))
        return Dateline((date,), chunk.pos(i)), i + match.end, False
    return None


def _cable_header(chunk: Chunk, b: Builder) -> Dateline:
    """``From: Havana  No. 49657  Time: 12:10  Date: 30/X/1962``."""
    text = chunk.text
    labels = list(_HEADER_LABEL.finditer(text))
    out: list[Inline] = []
    cursor = 0
    for n, label in enumerate(labels):
        end = labels[n + 1].start() if n + 1 < len(labels) else len(text)
        out.append(Text(text[cursor : label.end()], chunk.pos(cursor)))
        out.extend(_header_value(chunk, label.group("label").lower(), label.end(), end, b))
        cursor = end
    return Dateline(tuple(_merge_text(out)), chunk.pos())


def _header_value(chunk: Chunk, label: str, start: int, end: int, b: Builder) -> list[Inline]:
    text = chunk.text
    value = text[start:end].rstrip(" \u00a0\t")
    tail = Text(text[start + len(value) : end], chunk.pos(start + len(value)))
    out: list[Inline] = []
    number = re.search(rf"\s+(?={_NO}\d)", value) if label in ("from", "to") else None
    if number:
        out.extend(_header_value(chunk, label, start, start + number.start(), b))
        out.append(Text(number.group(), chunk.pos(start + number.start())))
        idno_at = start + number.end()
        out.append(
            Idno(
                "cable",
                (Text(text[idno_at : start + len(value)], chunk.pos(idno_at)),),
                chunk.pos(idno_at),
            )
        )
        return [*out, tail] if tail.text else out
    node_content = (Text(value, chunk.pos(start)),)
    if label in ("from", "to", "destination"):
        out.append(Name("place", node_content, chunk.pos(start)))
    elif label == "to whom":
        out.append(Name("person", node_content, chunk.pos(start)))
    elif label == "time" and (t := dates.find_times(value)):
        out.append(Time(node_content, t[0].value.when or "", chunk.pos(start)))
    elif (d := dates.find_dates(value, b.date_context)) and d[0].value is not None:
        out.append(Date(node_content, _attrs(d[0]), chunk.pos(start)))
    else:
        out.append(node_content[0])
    return [*out, tail] if tail.text else out


# ---------------------------------------------------------------- body


def _body(chunks: list[Chunk], b: Builder) -> None:
    section: tuple[Head, list[Block]] | None = None
    target = b.blocks
    for chunk in chunks:
        if _SECTION.match(chunk.text):
            if section is not None:
                b.blocks.append(Section(section[0], tuple(section[1]), section[0].pos))
            inner = parse_span(chunk, 1, len(chunk.text) - 1, b.ctx)
            head = Head((Supplied(tuple(inner), "clarification", chunk.pos()),), chunk.pos())
            section = (head, [])
            target = section[1]
            continue
        _body_block(chunk, b, target)
    if section is not None:
        b.blocks.append(Section(section[0], tuple(section[1]), section[0].pos))


def _body_block(chunk: Chunk, b: Builder, target: list[Block]) -> None:
    if _ONLY_GAP.match(chunk.text):
        target.append(Para((Gap("editorial", chunk.pos()),), chunk.pos()))
        return
    if item_marker := _ITEM.match(chunk.text):
        content = parse_span(chunk, item_marker.end(), len(chunk.text), b.ctx)
        item = Para(tuple(content), chunk.pos(), item_marker.group().strip())
        if target and isinstance(target[-1], ListBlock):
            target[-1] = ListBlock((*target[-1].items, item), target[-1].pos)
        else:
            target.append(ListBlock((item,), chunk.pos()))
        return
    numbered = _NUMBERED.match(chunk.text)
    if numbered:
        content = parse_span(chunk, numbered.end(), len(chunk.text), b.ctx)
        target.append(Para(tuple(content), chunk.pos(), numbered.group("n")))
    else:
        target.append(Para(b.inline(chunk), chunk.pos()))


# ---------------------------------------------------------------- bottom: signature and after


def _bottom_start(chunks: list[Chunk]) -> int:
    """Index of the first chunk of the signature block, or of what follows the last paragraph."""
    end = len(chunks)
    while end > 0 and _after_signature(chunks, end - 1):
        end -= 1
    start = end
    while start > 0 and is_signature(chunks[start - 1].text):
        start -= 1
    if start == end or start == 0:
        return len(chunks) if start == 0 else end
    return start


def _after_signature(chunks: list[Chunk], i: int) -> bool:
    """Postscript lines: ``NOTE:`` blocks and the lines that continue them, publisher notes."""
    text = chunks[i].text
    if _POSTSCRIPT.match(text) or _PUB_NOTE.match(text):
        return True
    return any(_POSTSCRIPT.match(c.text) for c in chunks[:i]) and re.match(rf"^{_NO}\d", text)


def _bottom(chunks: list[Chunk], b: Builder) -> None:
    parts: list[Signed | DatelineBlock] = []
    post: list[Para] = []
    for chunk in chunks:
        if post or _POSTSCRIPT.match(chunk.text) or _PUB_NOTE.match(chunk.text):
            if _PUB_NOTE.match(chunk.text) and not _POSTSCRIPT.match(chunk.text):
                _close_bottom(parts, post, b)
                parts, post = [], []
                note = Note(b.inline(chunk), "editorial", PUBLISHER, "end", chunk.pos())
                b.blocks.append(NoteBlock(note, chunk.pos()))
                continue
            post.append(Para(b.inline(chunk), chunk.pos()))
            continue
        parts.extend(_signature_parts(chunk, b))
    _close_bottom(parts, post, b)


def _close_bottom(parts: list[Signed | DatelineBlock], post: list[Para], b: Builder) -> None:
    if parts:
        b.blocks.append(Closer(tuple(_merge_signed(parts)), parts[0].pos))
    if post:
        b.blocks.append(Postscript(tuple(post), post[0].pos))


def _signature_parts(chunk: Chunk, b: Builder) -> Iterator[Signed | DatelineBlock]:
    dated = SIG_DATED.match(chunk.text)
    if dated and (found := dates.find_dates(dated.group("date"), b.date_context)):
        yield DatelineBlock(_dated(chunk, found[0], end=dated.end("date")), chunk.pos())
        name_at = dated.start("name")
        yield Signed(tuple(parse_span(chunk, name_at, len(chunk.text), b.ctx)), chunk.pos(name_at))
        return
    yield Signed(b.inline(chunk), chunk.pos())


def _merge_signed(parts: list[Signed | DatelineBlock]) -> Iterator[Signed | DatelineBlock]:
    """Consecutive signature lines form one ``signed`` with line breaks."""
    current: Signed | None = None
    for part in parts:
        if isinstance(part, Signed):
            if current is None:
                current = part
            else:
                current = Signed(
                    (*current.content, LineBreak(part.pos), *part.content), current.pos
                )
            continue
        if current is not None:
            yield current
            current = None
        yield part
    if current is not None:
        yield current


# ---------------------------------------------------------------- helpers


def _dated(chunk: Chunk, match: dates.DateMatch, end: int | None = None) -> tuple[Inline, ...]:
    out: list[Inline] = []
    if match.start:
        out.append(Text(chunk.text[: match.start], chunk.pos()))
    content = (Text(match.text, chunk.pos(match.start)),)
    if match.value is None:
        out.append(content[0])
    else:
        out.append(Date(content, _attrs(match), chunk.pos(match.start)))
    stop = len(chunk.text) if end is None else end
    if match.end < stop:
        out.append(Text(chunk.text[match.end : stop], chunk.pos(match.end)))
    return tuple(out)


def _attrs(match: dates.DateMatch) -> tuple[tuple[str, str], ...]:
    return tuple(match.value.attributes().items()) if match.value else ()


def _merge_text(nodes: list[Inline]) -> list[Inline]:
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + node.text, out[-1].pos)
        elif not (isinstance(node, Text) and not node.text):
            out.append(node)
    return out


__all__ = ["build"]
