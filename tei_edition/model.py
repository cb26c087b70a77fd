"""The document model: what a transcript says, before any XML.

Plain frozen dataclasses. Inline nodes form the content of blocks; blocks form the body of a
:class:`Document`; :class:`Header` holds the page metadata. Every node carries the source
position it came from, so the model can be inspected and tested without serialising.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Pos:
    """A 1-based position in the source transcript."""

    line: int
    col: int = 1


# ---------------------------------------------------------------- inline nodes


@dataclass(frozen=True, slots=True)
class Text:
    text: str
    pos: Pos


@dataclass(frozen=True, slots=True)
class LineBreak:
    pos: Pos


@dataclass(frozen=True, slots=True)
class Supplied:
    """Words the translator added: ``[us]`` (implied) or ``[nuclear]`` (clarification)."""

    content: tuple[Inline, ...]
    reason: str
    pos: Pos


@dataclass(frozen=True, slots=True)
class Sic:
    """Words reproduced as found, flagged ``[sic]``; ``corr`` when a correction is given."""

    content: tuple[Inline, ...]
    pos: Pos
    cert: str | None = "medium"
    corr: str | None = None


@dataclass(frozen=True, slots=True)
class Gap:
    """An omission: ``<…>`` (editorial) or ``[illegible]``."""

    reason: str
    pos: Pos
    extent: str | None = None


@dataclass(frozen=True, slots=True)
class Unclear:
    """A word the translator marked as uncertain: ``word[?]``."""

    content: tuple[Inline, ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class Note:
    """A note: ``[Translator's note: …]``, an editorial remark ``[in English]``, a footnote."""

    content: tuple[Inline, ...]
    type: str
    resp: str
    place: str
    pos: Pos
    n: str | None = None
    id: str | None = None


@dataclass(frozen=True, slots=True)
class NoteRef:
    """A footnote marker pointing at a :class:`Note` with ``id``."""

    target: str
    n: str
    pos: Pos
    marker: str


@dataclass(frozen=True, slots=True)
class Name:
    """A person, place or organisation named in the text, with its register id if known."""

    kind: str
    content: tuple[Inline, ...]
    pos: Pos
    ref: str | None = None
    cert: str | None = None


@dataclass(frozen=True, slots=True)
class Date:
    """A date expression; ``attrs`` are TEI attributes (when, from, to, notBefore, cert …)."""

    content: tuple[Inline, ...]
    attrs: tuple[tuple[str, str], ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class Time:
    content: tuple[Inline, ...]
    when: str
    pos: Pos


@dataclass(frozen=True, slots=True)
class Idno:
    """A number of the document: cable, outgoing, special, issuing number."""

    type: str
    content: tuple[Inline, ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class Fw:
    """Forme work: classification, copy number, handling instructions."""

    type: str
    content: tuple[Inline, ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class Dateline:
    content: tuple[Inline, ...]
    pos: Pos


Inline = (
    Text
    | LineBreak
    | Supplied
    | Sic
    | Gap
    | Unclear
    | Note
    | NoteRef
    | Name
    | Date
    | Time
    | Idno
    | Fw
    | Dateline
)


# ---------------------------------------------------------------- blocks


@dataclass(frozen=True, slots=True)
class Opener:
    """Classification, copy and cable numbers, cable header: the items before the heading."""

    content: tuple[Inline, ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class Head:
    content: tuple[Inline, ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class Byline:
    """``from the journal of A. I. ALEKSEYEV``."""

    content: tuple[Inline, ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class DatelineBlock:
    """A date or place line standing on its own at the head of the document."""

    content: tuple[Inline, ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class Para:
    content: tuple[Inline, ...]
    pos: Pos
    n: str | None = None


@dataclass(frozen=True, slots=True)
class ListBlock:
    items: tuple[Para, ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class NoteBlock:
    """A note standing as a block: a translator's note line, a footnote, a publisher's note."""

    note: Note
    pos: Pos


@dataclass(frozen=True, slots=True)
class Closer:
    """Signature block: ``signed`` lines and datelines, in source order."""

    parts: tuple[Signed | DatelineBlock, ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class Signed:
    content: tuple[Inline, ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class Postscript:
    paras: tuple[Para, ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class Section:
    """A nested section opened by a heading inside the body (``[BRAZIL]``)."""

    head: Head
    blocks: tuple[Block, ...]
    pos: Pos


Block = (
    Opener
    | Head
    | Byline
    | DatelineBlock
    | Para
    | ListBlock
    | NoteBlock
    | Closer
    | Postscript
    | Section
)


# ---------------------------------------------------------------- header


@dataclass(frozen=True, slots=True)
class Field:
    """A metadata value and where it was found."""

    value: str
    pos: Pos


@dataclass(frozen=True, slots=True)
class DateField(Field):
    """A metadata date: its words, where they were, and the TEI attributes of its value
    (``when``, ``from``, ``notBefore`` ...; empty when the words are no date)."""

    attrs: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Signature:
    """An archive signature parsed into repository and call-number parts."""

    text: str
    repository: str
    repository_name: str | None
    settlement: str | None
    parts: tuple[tuple[str, str], ...]
    locus_from: str | None
    locus_to: str | None
    locus_text: str | None


@dataclass(frozen=True, slots=True)
class RelatedDoc:
    date: DateField | None
    title: Field
    summary: Field | None


@dataclass(frozen=True, slots=True)
class Header:
    """Everything the page says about the document (see docs/encoding.md §2)."""

    title: Field | None = None
    subtitle: Field | None = None
    page_date: DateField | None = None
    doc_date: DateField | None = None
    author: Field | None = None
    translators: tuple[Field, ...] = ()
    obtained_by: tuple[Field, ...] = ()
    blog_author: Field | None = None
    funders: tuple[Field, ...] = ()
    citation: Field | None = None
    url: Field | None = None
    record_id: Field | None = None
    uploaded: DateField | None = None
    publisher: Field | None = None
    rights: tuple[Field, ...] = ()
    signature: Signature | None = None
    signature_field: Field | None = None
    source_note: Field | None = None
    original_language: Field | None = None
    original_archive: Field | None = None
    contents: Field | None = None
    summary: Field | None = None
    classification: Field | None = None
    doc_type: Field | None = None
    places_topics: tuple[Field, ...] = ()
    related: tuple[RelatedDoc, ...] = ()


@dataclass(frozen=True, slots=True)
class DroppedLine:
    """A source line left out of the edition as page noise, with the reason."""

    line: int
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class Document:
    """A whole transcript as a model: header, body blocks, dropped page noise."""

    header: Header
    body: tuple[Block, ...]
    dropped: tuple[DroppedLine, ...] = ()
    layout: str = "plain"
    document_lines: tuple[int, ...] = field(default=())
