"""Editorial brackets: one small rule per phenomenon, in one ordered table.

Owns the parsing of a chunk of document text into inline model nodes: translator's notes,
``[sic]``, omissions, illegible passages, ``word[?]``, footnote markers, editorial remarks and
words the translator supplied. Broken brackets stay text and raise a warning.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .errors import Diagnostic
from .layout import Chunk
from .model import Gap, Inline, Note, NoteRef, Pos, Sic, Supplied, Text, Unclear

TRANSLATOR = "#tr"
PUBLISHER = "#pub"

#: Words the translator adds only to make the English run: ``[us]``, ``[the]``, ``[is]``.
IMPLIED_WORDS = frozenset(
    """
a an the i me my mine we us our ours you your yours he him his she her hers it its they them
their theirs this that these those who whom whose which what there here is are was were be been
being am has have had do does did will would shall should can could may might must of to in on
at by for from with as and or but nor not so than then also that's it's to be one ones s es
""".split()
)

_GAP = re.compile(r"<\s*(?:…|\.\s?\.\s?\.)\s*>")
_WORD_BEFORE = re.compile(r"(\S+)(\s*)$")


@dataclass
class Context:
    """What parsing a chunk needs: where it is, known footnotes, and the warnings sink."""

    file: str
    footnotes: frozenset[str] = frozenset()
    warnings: list[Diagnostic] = field(default_factory=list)

    def warn(self, pos: Pos, message: str, code: str) -> None:
        self.warnings.append(Diagnostic(self.file, pos.line, pos.col, message, code))


@dataclass(frozen=True, slots=True)
class _Wrap:
    """A marker that wraps the word before it (``[sic]``, ``[?]``)."""

    kind: str
    pos: Pos
    marker: str
    corr: str | None = None


Built = Inline | _Wrap | None
Rule = tuple[str, re.Pattern[str], Callable[[re.Match[str], "_Group", Context], Built]]


@dataclass(frozen=True, slots=True)
class _Group:
    """A bracket group ``[…]`` found in a chunk: its span and whether a letter touches it."""

    chunk: Chunk
    start: int
    end: int
    word_internal: bool

    @property
    def inner(self) -> str:
        return self.chunk.text[self.start + 1 : self.end - 1]

    @property
    def pos(self) -> Pos:
        return self.chunk.pos(self.start)


def _translator_note(m: re.Match[str], g: _Group, ctx: Context) -> Built:
    content = parse_span(g.chunk, g.start + 1 + m.start("body"), g.end - 1, ctx)
    return Note(tuple(content), "translator", TRANSLATOR, "inline", g.pos)


def _sic(m: re.Match[str], g: _Group, ctx: Context) -> Built:
    return _Wrap("sic", g.pos, g.inner, (m.group("corr") or "").strip() or None)


def _gap(m: re.Match[str], g: _Group, ctx: Context) -> Built:
    return Gap("editorial", g.pos)


def _illegible(m: re.Match[str], g: _Group, ctx: Context) -> Built:
    return Gap("illegible", g.pos, g.inner.strip())


def _unclear(m: re.Match[str], g: _Group, ctx: Context) -> Built:
    return _Wrap("unclear", g.pos, g.inner)


def _footnote(m: re.Match[str], g: _Group, ctx: Context) -> Built:
    n = m.group(0)
    if n in ctx.footnotes:
        return NoteRef(f"#fn{n}", n, g.pos, f"[{n}]")
    ctx.warn(g.pos, f"footnote marker [{n}] has no footnote text: kept as text", "footnote")
    return Text(g.chunk.text[g.start : g.end], g.pos)


def _remark(m: re.Match[str], g: _Group, ctx: Context) -> Built:
    content = parse_span(g.chunk, g.start + 1, g.end - 1, ctx)
    return Note(tuple(content), "editorial", TRANSLATOR, "inline", g.pos)


def _supplied(m: re.Match[str], g: _Group, ctx: Context) -> Built:
    if not g.inner.strip():
        ctx.warn(g.pos, "empty brackets '[]': kept as text", "bracket")
        return Text(g.chunk.text[g.start : g.end], g.pos)
    words = re.findall(r"[\w’']+", g.inner.lower())
    implied = g.word_internal or (len(words) <= 3 and all(w in IMPLIED_WORDS for w in words))
    content = parse_span(g.chunk, g.start + 1, g.end - 1, ctx)
    return Supplied(tuple(content), "implied" if implied else "clarification", g.pos)


def _rule(
    name: str,
    pattern: str,
    build: Callable[[re.Match[str], _Group, Context], Built],
    flags: int = re.IGNORECASE | re.DOTALL,
) -> Rule:
    return name, re.compile(pattern, flags), build


#: The bracket rules, tried in order on the inside of each ``[…]`` group; first match wins.
RULES: tuple[Rule, ...] = (
    _rule("translator-note", r"translator[’'`]?s?\s+note\s*:\s*(?P<body>.+)", _translator_note),
    _rule("sic", r"sic!?(?:\s*[;,:]\s*(?P<corr>.+))?", _sic),
    _rule("gap", r"\s*(?:…|\.\s?\.\s?\.)\s*", _gap),
    _rule("illegible", r"(?:[\w ]+\s)?(?:illegible|indecipherable)(?:\s[\w ]+)?", _illegible),
    _rule("unclear", r"\?", _unclear),
    _rule("footnote", r"\d{1,3}", _footnote),
    _rule(
        "remark",
        r"(?:in (?:English|Russian|Spanish|French|German|the original)"
        r"|handwritten|stamp|seal|signature|crossed out|underlined|"
        r"text missing|illegible signature|page \d+|resolution|marginalia)",
        _remark,
    ),
    _rule("supplied", r".*", _supplied),
)


def parse_chunk(chunk: Chunk, ctx: Context) -> tuple[Inline, ...]:
    """Parse a whole chunk into inline nodes."""
    return tuple(parse_span(chunk, 0, len(chunk.text), ctx))


def parse_span(chunk: Chunk, start: int, end: int, ctx: Context) -> list[Inline]:
    """Parse ``chunk.text[start:end]``: plain text, bracket groups and ``<…>`` omissions."""
    out: list[Inline] = []
    text, i, plain = chunk.text, start, start
    while i < end:
        ch = text[i]
        if ch == "[":
            close = _matching(text, i, end)
            if close is None:
                ctx.warn(chunk.pos(i), "unbalanced bracket '[': kept as text", "bracket")
                i += 1
                continue
            _flush(out, chunk, plain, i)
            group = _Group(chunk, i, close, _word_internal(text, i, close))
            _emit(out, _apply(group, ctx), ctx)
            i = plain = close
        elif ch == "]":
            ctx.warn(chunk.pos(i), "stray closing bracket ']': kept as text", "bracket")
            i += 1
        elif ch == "<" and (gap := _GAP.match(text, i, end)):
            _flush(out, chunk, plain, i)
            out.append(Gap("editorial", chunk.pos(i)))
            i = plain = gap.end()
        elif ch.isdigit() and ctx.footnotes and (glued := _glued_marker(text, i, end, ctx)):
            _flush(out, chunk, plain, i)
            out.append(NoteRef(f"#fn{glued}", glued, chunk.pos(i), glued))
            i = plain = i + len(glued)
        else:
            i += 1
    _flush(out, chunk, plain, end)
    return out


_GLUED = re.compile(r"\d{1,3}(?=[\s.,;:)]|$)")


def _glued_marker(text: str, i: int, end: int, ctx: Context) -> str | None:
    """``JELEN1``: a footnote number glued to the word before it (a lost superscript)."""
    if i == 0 or not (text[i - 1].isalpha() or text[i - 1] in '.,;:”"’)'):
        return None
    match = _GLUED.match(text, i, end)
    return match.group() if match and match.group() in ctx.footnotes else None


def _word_internal(text: str, open_: int, close: int) -> bool:
    """``schedule[s]``, ``[s]he``: letters inside a word, glued to it on either side."""
    inner = text[open_ + 1 : close - 1]
    glued = (open_ > 0 and text[open_ - 1].isalpha()) or text[close : close + 1].isalpha()
    return glued and inner.isalpha()


def _matching(text: str, i: int, end: int) -> int | None:
    """The index just after the ``]`` closing the ``[`` at ``i``, or None."""
    depth = 0
    for j in range(i, end):
        if text[j] == "[":
            depth += 1
        elif text[j] == "]":
            depth -= 1
            if depth == 0:
                return j + 1
    return None


def _apply(group: _Group, ctx: Context) -> Built:
    for _name, pattern, build in RULES:
        match = pattern.fullmatch(group.inner)
        if match:
            return build(match, group, ctx)
    raise AssertionError("the last rule matches everything")  # pragma: no cover


def _flush(out: list[Inline], chunk: Chunk, start: int, end: int) -> None:
    if end > start:
        out.append(Text(chunk.text[start:end], chunk.pos(start)))


def _emit(out: list[Inline], built: Built, ctx: Context) -> None:
    if isinstance(built, _Wrap):
        _wrap_previous(out, built, ctx)
    elif built is not None:
        out.append(built)


def _wrap_previous(out: list[Inline], marker: _Wrap, ctx: Context) -> None:
    """Wrap the word before a ``[sic]``/``[?]`` marker (the preceding node if not text)."""
    space: Text | None = None
    target: Inline | None = None
    if out and isinstance(out[-1], Text):
        last = out.pop()
        match = _WORD_BEFORE.search(last.text)
        if match is None:
            out.append(last)
        else:
            keep = last.text[: match.start(1)]
            if keep:
                out.append(Text(keep, last.pos))
            target = Text(match.group(1), Pos(last.pos.line, last.pos.col + len(keep)))
            space = Text(match.group(2), marker.pos) if match.group(2) else None
    elif out:
        target = out.pop()
    if target is None:
        ctx.warn(marker.pos, f"'[{marker.marker}]' follows no word: kept as text", "bracket")
        out.append(Text(f"[{marker.marker}]", marker.pos))
        return
    out.append(_wrapped(marker, (target,)))
    if space is not None:
        out.append(space)


def _wrapped(marker: _Wrap, target: tuple[Inline, ...]) -> Inline:
    if marker.kind == "sic":
        return Sic(target, marker.pos, "medium", marker.corr)
    return Unclear(target, marker.pos)
