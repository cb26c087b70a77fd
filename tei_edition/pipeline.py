"""Conversion: the one place where the stages meet.

Owns :func:`convert` (read → layout → model → TEI tree → checks) and its :class:`Result`: the
lxml tree, the document model, the warnings and the conversion report. Also owns the two
losslessness checks: every source line is accounted for (header, document or dropped noise),
and the reading text of the TEI equals the transcript's document text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from . import dates
from .entities import resolve, tag_entities
from .errors import Diagnostic, InputError, LossError
from .header import build_header, classification_id, language_code
from .inline import Context
from .layout import Chunk, Page, recognise
from .model import (
    Block,
    Date,
    Dateline,
    DatelineBlock,
    Document,
    Fw,
    Head,
    Header,
    Inline,
    Name,
    Opener,
    Signed,
    Time,
)
from .names import Register
from .read import MAX_BYTES, Source, check_size, read_source
from .reading import canonical, reading_text
from .structure import build
from .tei import Cable, Facts, serialize, to_tree


@dataclass(frozen=True)
class Result:
    """A converted transcript: the TEI tree, the model, the warnings and the report."""

    source_name: str
    tree: etree._ElementTree
    document: Document
    warnings: tuple[Diagnostic, ...]
    report: dict[str, Any] = field(compare=False)

    def xml(self) -> bytes:
        """The TEI document as UTF-8 bytes (deterministic)."""
        return serialize(self.tree)


def convert(
    data: str | bytes,
    source_name: str = "<string>",
    register: Register | None = None,
    max_bytes: int = MAX_BYTES,
) -> Result:
    """Convert one transcript (text or bytes) to TEI; raise on unusable input or word loss.

    ``register`` is the register of names (default: the bundled one, see
    :meth:`Register.load` to add a user register).
    """
    register = register or Register.bundled()
    source = read_source(data, source_name, max_bytes)
    page = recognise(source)
    if not page.chunks:
        line = page.dropped[0].line if page.dropped else 1
        raise InputError(
            source_name,
            line,
            1,
            "no document text found: the transcript holds only page metadata or page noise",
        )
    _check_accounted(source, page)
    ctx = Context(source_name)
    header = build_header(page)
    body = build(page.chunks, ctx, _date_context(header))
    creation = _creation(header, body)
    body, used, candidates = tag_entities(
        body, register, _body_date_context(creation, page.chunks), ctx
    )
    dropped = tuple(sorted(page.dropped, key=lambda d: d.line))
    document = Document(header, body, dropped, page.layout, tuple(c.line for c in page.chunks))
    facts = _facts(header, body, creation, register)
    refs = used | {r for r in (facts.author_ref, facts.cable and facts.cable.place_ref) if r}
    tree = to_tree(document, facts, register.standoff(sorted(refs)) if refs else None)
    _check_lossless(source_name, page.chunks, tree)
    warnings = (*source.warnings, *page.warnings, *ctx.warnings)
    report = _report(source, page, warnings)
    report["name_candidates"] = candidates
    return Result(source_name, tree, document, warnings, report)


def convert_file(
    path: str | Path, register: Register | None = None, max_bytes: int = MAX_BYTES
) -> Result:
    """Convert the transcript at ``path``."""
    path = Path(path)
    try:
        check_size(str(path), path.stat().st_size, max_bytes)
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), 1, 1, f"cannot read file: {exc.strerror}") from None
    return convert(data, str(path), register, max_bytes)


# ---------------------------------------------------------------- checks


def _check_accounted(source: Source, page: Page) -> None:
    """Every non-blank source line went to the header, the document, or the dropped list."""
    used = set(page.header_lines) | {d.line for d in page.dropped}
    for chunk in page.chunks:
        used.update(line.number for _, line in chunk.starts)
    for line in source.lines:
        if not line.blank and line.number not in used:
            raise LossError(
                source.name,
                line.number,
                1,
                f"line not accounted for (neither header, text nor noise): {line.stripped[:60]!r}",
            )


def _check_lossless(name: str, chunks: list[Chunk], tree: etree._ElementTree) -> None:
    """The reading text of the TEI equals the document text, ignoring whitespace."""
    expected = [canonical(c.text) for c in chunks]
    found = canonical(reading_text(tree))
    whole = "".join(expected)
    if whole == found:
        return
    index = next(
        (k for k, (x, y) in enumerate(zip(whole, found, strict=False)) if x != y),
        min(len(whole), len(found)),
    )
    start = 0
    for chunk, text in zip(chunks, expected, strict=True):
        if index < start + len(text) or chunk is chunks[-1]:
            pos = chunk.pos(_offset(chunk.text, index - start))
            lost = "adds" if len(found) > len(whole) else "loses"
            raise LossError(
                name,
                pos.line,
                pos.col,
                f"the TEI {lost} text here: expected {whole[index : index + 30]!r},"
                f" found {found[index : index + 30]!r}",
            )
        start += len(text)


def _offset(text: str, canonical_index: int) -> int:
    seen = 0
    for offset, ch in enumerate(text):
        if canonical(ch):
            if seen >= canonical_index:
                return offset
            seen += 1
    return len(text)


# ---------------------------------------------------------------- facts for the header


def _date_context(header: Header) -> dates.DateContext:
    for f in (header.doc_date, header.page_date):
        if f and f.attrs:
            return dates.DateContext.from_value(dates.DateValue.from_attributes(f.attrs))
    return dates.DateContext()


def _body_date_context(
    creation: tuple[str, tuple] | None, chunks: list[Chunk]
) -> dates.DateContext:
    """Year and month for partial dates in the text: those of the conversation date."""
    value = dates.DateValue.from_attributes(creation[1]) if creation else None
    month_first = dates.infer_month_first("\n".join(c.text for c in chunks))
    return dates.DateContext.from_value(value, month_first)


def _facts(
    header: Header, body: tuple[Block, ...], creation: tuple[str, tuple] | None, register: Register
) -> Facts:
    nodes = list(_walk(body))
    cable = _cable(body)
    return Facts(
        creation=creation,
        classification=_classification(header, nodes),
        doc_type=_doc_type(header, body),
        text_lang=_text_lang(header),
        cable=cable,
        author_ref=_author_ref(header, nodes, register),
    )


def _walk(nodes: tuple[Any, ...]) -> Any:
    for node in nodes:
        yield node
        for name in ("content", "items", "parts", "paras", "blocks", "head", "note"):
            children = getattr(node, name, None)
            if isinstance(children, tuple):
                yield from _walk(children)
            elif children is not None:
                yield from _walk((children,))


def _author_ref(header: Header, nodes: list[Any], register: Register) -> str | None:
    """The author's register id: from the header's author, else from the signer."""
    if header.author and (ref := resolve(register, header.author.value)):
        return ref
    signer = [n for n in nodes if isinstance(n, Signed)]
    names = [n for s in signer for n in s.content if isinstance(n, Name) and n.kind == "person"]
    return names[-1].ref if names else None


def _creation(header: Header, body: tuple[Block, ...]) -> tuple[str, tuple] | None:
    if header.doc_date and header.doc_date.attrs:
        return header.doc_date.value, header.doc_date.attrs
    datelines = [b for b in body if isinstance(b, DatelineBlock)]
    openers = [
        n for b in body if isinstance(b, Opener) for n in b.content if isinstance(n, Dateline)
    ]
    for holder in (*datelines, *openers):
        for node in holder.content:
            if isinstance(node, Date) and node.attrs:
                return _text_of(node.content), node.attrs
    if header.page_date and header.page_date.attrs:
        return header.page_date.value, header.page_date.attrs
    return None


def _classification(header: Header, nodes: list[Any]) -> str | None:
    if header.classification:
        return classification_id(header.classification.value)
    for node in nodes:
        if isinstance(node, Fw) and node.type == "classification":
            return classification_id(_text_of(node.content))
    return None


_TYPE_FROM_HEAD = (
    (re.compile(r"RECORD OF (?:A |THE )?CONVERSATION", re.I), "Record of Conversation"),
    (re.compile(r"MEMORANDUM OF CONVERSATION", re.I), "Memorandum of Conversation"),
    (re.compile(r"(?:Enciphered|Ciphered|Coded) (?:Cable|Telegram)", re.I), "Enciphered Cable"),
    (re.compile(r"\bTelegram\b", re.I), "Telegram"),
)


def _doc_type(header: Header, body: tuple[Block, ...]) -> str | None:
    if header.doc_type:
        return header.doc_type.value
    texts = [_text_of(b.content) for b in body if isinstance(b, Head)]
    texts += [f.value for f in (header.title, header.subtitle) if f]
    for text in texts:
        for pattern, name in _TYPE_FROM_HEAD:
            if pattern.search(text):
                return name
    return None


def _text_lang(header: Header) -> str:
    contents = header.contents.value if header.contents else ""
    match = re.search(r"-\s*(\w+)", contents)
    return (match and language_code(match.group(1))) or "en"


def _cable(body: tuple[Block, ...]) -> Cable | None:
    for block in body:
        if not isinstance(block, Opener):
            continue
        for node in block.content:
            if isinstance(node, Dateline) and any(isinstance(n, Name) for n in node.content):
                return _cable_from(node.content)
    return None


def _cable_from(content: tuple[Inline, ...]) -> Cable:
    name = next((n for n in content if isinstance(n, Name)), None)
    place = _text_of(name.content) if name else None
    date = next((n for n in content if isinstance(n, Date)), None)
    time = next((n for n in content if isinstance(n, Time)), None)
    attrs = dict(date.attrs) if date else None
    if attrs and time and "when" in attrs and len(attrs["when"]) == 10:
        attrs["when"] = f"{attrs['when']}T{time.when}"
    text = " ".join(
        x for x in (date and _text_of(date.content), time and _text_of(time.content)) if x
    )
    return Cable(
        place, name.ref if name else None, tuple(attrs.items()) if attrs else None, text or None
    )


def _text_of(content: tuple[Inline, ...]) -> str:
    out = []
    for node in content:
        text = getattr(node, "text", None)
        if isinstance(text, str):
            out.append(text)
        elif hasattr(node, "content"):
            out.append(_text_of(node.content))
    return "".join(out).strip()


# ---------------------------------------------------------------- report


def _report(source: Source, page: Page, warnings: tuple[Diagnostic, ...]) -> dict[str, Any]:
    return {
        "file": source.name,
        "encoding": source.encoding,
        "layout": page.layout,
        "header": [
            {"field": key, "value": value, "line": pos.line}
            for key, value, pos in page.fields
            if value
        ],
        "related_documents": [
            [{"value": value, "line": pos.line} for value, pos in group] for group in page.related
        ],
        "body_lines": sorted({line.number for c in page.chunks for _, line in c.starts}),
        "dropped": [
            {"line": d.line, "text": d.text, "reason": d.reason}
            for d in sorted(page.dropped, key=lambda d: d.line)
        ],
        "warnings": [str(w) for w in warnings],
    }
