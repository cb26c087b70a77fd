"""The TEI tree: the document model serialised as TEI P5 with lxml.

Owns the element vocabulary of docs/encoding.md: one short function per model node (inline and
block), the header template filled from :class:`~tei_edition.model.Header`, the standOff
register, the source-line processing instructions and deterministic indentation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from lxml import etree

from ._version import __version__
from .header import language_name, languages
from .model import (
    Block,
    Byline,
    Closer,
    Date,
    DateField,
    Dateline,
    DatelineBlock,
    Document,
    Field,
    Fw,
    Gap,
    Head,
    Header,
    Idno,
    Inline,
    LineBreak,
    ListBlock,
    Name,
    Note,
    NoteBlock,
    NoteRef,
    Opener,
    Para,
    Postscript,
    Section,
    Sic,
    Signed,
    Supplied,
    Text,
    Time,
    Unclear,
)
from .xmlns import SOURCE_PI, TEI_NS, XML_ID, XML_LANG

_SPACES = re.compile(r"[\s\u00a0\u2007\u202f]{2,}|[\t\n]")
LIST_RENDS = {"-": "dash", "–": "endash", "—": "emdash", "•": "bullet", "*": "asterisk"}
CLASSIFICATION_LEVELS = (
    ("cls-unclassified", "Unclassified"),
    ("cls-official-use", "For Official Use Only"),
    ("cls-confidential", "Confidential"),
    ("cls-strictly-confidential", "Strictly Confidential"),
    ("cls-secret", "Secret"),
    ("cls-top-secret", "Top Secret"),
    ("cls-top-secret-special-file", "Top Secret Special File"),
)
ASSOCIATED = "Places and topics the publishing archive associates with the document."
EDITORIAL_DECL = (
    "Square brackets of the translation are encoded as supplied (reason implied for words the"
    " translation adds, clarification for explanations and identifications), sic (around the"
    " preceding word, cert medium), gap (omissions and illegible passages), unclear, or note"
    " (translator's and editorial notes); brackets that do not pair are kept as text. Page"
    " furniture of the web page (navigation, comment forms, widgets) is omitted and listed in"
    " the conversion report.",
)


def tag(name: str) -> str:
    return f"{{{TEI_NS}}}{name}"


def el(name: str, *children: etree._Element | str | None, **attrs: str | None) -> etree._Element:
    """An element with attributes (None values left out) and children (None left out)."""
    element = etree.Element(tag(name), nsmap={None: TEI_NS})
    for key, value in attrs.items():
        if value is not None:
            element.set(_attr_name(key), value)
    for child in children:
        if child is None or child == () or child is False:
            continue
        if isinstance(child, str):
            append_text(element, child)
        else:
            element.append(child)
    return element


def _attr_name(key: str) -> str:
    return {"xml_id": XML_ID, "xml_lang": XML_LANG, "from_": "from"}.get(key, key)


def append_text(parent: etree._Element, text: str) -> None:
    """Append text after the last child of ``parent`` (mixed content), collapsing spaces."""
    if len(parent):
        parent[-1].tail = _SPACES.sub(" ", (parent[-1].tail or "") + text)
    else:
        parent.text = _SPACES.sub(" ", (parent.text or "") + text)


# ---------------------------------------------------------------- inline nodes


def inline(parent: etree._Element, nodes: Iterable[Inline]) -> etree._Element:
    for node in nodes:
        INLINE[type(node)](parent, node)
    return parent


def _sub(
    parent: etree._Element, name: str, content: Iterable[Inline], **attrs: str | None
) -> etree._Element:
    child = el(name, **attrs)
    parent.append(child)
    return inline(child, content)


def _text(parent: etree._Element, node: Text) -> None:
    append_text(parent, node.text)


def _lb(parent: etree._Element, node: LineBreak) -> None:
    append_text(parent, " ")
    parent.append(el("lb"))


def _supplied(parent: etree._Element, node: Supplied) -> None:
    _sub(parent, "supplied", node.content, reason=node.reason, resp="#tr")


def _sic(parent: etree._Element, node: Sic) -> None:
    if node.corr is None:
        _sub(parent, "sic", node.content, cert=node.cert)
        return
    choice = el("choice")
    parent.append(choice)
    _sub(choice, "sic", node.content, cert=node.cert)
    choice.append(el("corr", node.corr, resp="#tr"))


def _gap(parent: etree._Element, node: Gap) -> None:
    gap = el("gap", reason=node.reason, resp="#tr")
    if node.extent:
        gap.append(el("desc", node.extent))
    parent.append(gap)


def _unclear(parent: etree._Element, node: Unclear) -> None:
    _sub(parent, "unclear", node.content, resp="#tr")


def _note(parent: etree._Element, node: Note) -> None:
    _sub(
        parent,
        "note",
        node.content,
        type=node.type,
        resp=node.resp,
        place=node.place,
        n=node.n,
        xml_id=node.id,
    )


def _note_ref(parent: etree._Element, node: NoteRef) -> None:
    rend = None if node.marker.startswith("[") else "sup"
    parent.append(el("ref", node.n, target=node.target, type="noteAnchor", rend=rend))


NAME_TAGS = {"person": "persName", "place": "placeName", "org": "orgName"}


def _name(parent: etree._Element, node: Name) -> None:
    _sub(
        parent, NAME_TAGS[node.kind], node.content, ref=node.ref and f"#{node.ref}", cert=node.cert
    )


def _date(parent: etree._Element, node: Date) -> None:
    _sub(parent, "date", node.content, **dict(node.attrs))


def _time(parent: etree._Element, node: Time) -> None:
    _sub(parent, "time", node.content, when=node.when)


def _idno(parent: etree._Element, node: Idno) -> None:
    _sub(parent, "idno", node.content, type=node.type)


def _fw(parent: etree._Element, node: Fw) -> None:
    _sub(parent, "fw", node.content, type=node.type)


def _dateline(parent: etree._Element, node: Dateline) -> None:
    _sub(parent, "dateline", node.content)


INLINE: dict[type, Callable[[etree._Element, object], None]] = {
    Text: _text,
    LineBreak: _lb,
    Supplied: _supplied,
    Sic: _sic,
    Gap: _gap,
    Unclear: _unclear,
    Note: _note,
    NoteRef: _note_ref,
    Name: _name,
    Date: _date,
    Time: _time,
    Idno: _idno,
    Fw: _fw,
    Dateline: _dateline,
}


# ---------------------------------------------------------------- blocks


def blocks(parent: etree._Element, nodes: Iterable[Block]) -> etree._Element:
    for node in nodes:
        parent.append(etree.ProcessingInstruction(SOURCE_PI, f'src-line="{node.pos.line}"'))
        parent.append(BLOCK[type(node)](node))
    return parent


def _opener(node: Opener) -> etree._Element:
    return inline(el("opener"), node.content)


def _head(node: Head) -> etree._Element:
    return inline(el("head"), node.content)


def _byline(node: Byline) -> etree._Element:
    return inline(el("byline"), node.content)


def _dateline_block(node: DatelineBlock) -> etree._Element:
    return inline(el("dateline"), node.content)


def _para(node: Para) -> etree._Element:
    return inline(el("p", n=node.n), node.content)


def _list(node: ListBlock) -> etree._Element:
    rend = LIST_RENDS.get(node.items[0].n or "")
    return el("list", *(inline(el("item"), item.content) for item in node.items), rend=rend)


def _note_block(node: NoteBlock) -> etree._Element:
    holder = el("holder")
    _note(holder, node.note)
    return holder[0]


def _closer(node: Closer) -> etree._Element:
    closer = el("closer")
    for part in node.parts:
        name = "signed" if isinstance(part, Signed) else "dateline"
        closer.append(inline(el(name), part.content))
    return closer


def _postscript(node: Postscript) -> etree._Element:
    return el("postscript", *(_para(p) for p in node.paras))


def _section(node: Section) -> etree._Element:
    return blocks(el("div", _head(node.head), type="section"), node.blocks)


BLOCK: dict[type, Callable[[object], etree._Element]] = {
    Opener: _opener,
    Head: _head,
    Byline: _byline,
    DatelineBlock: _dateline_block,
    Para: _para,
    ListBlock: _list,
    NoteBlock: _note_block,
    Closer: _closer,
    Postscript: _postscript,
    Section: _section,
}


# ---------------------------------------------------------------- the header template


@dataclass(frozen=True)
class Facts:
    """What the header needs beyond the page fields: found while building the body."""

    creation: tuple[str, tuple[tuple[str, str], ...]] | None
    classification: str | None
    doc_type: str | None
    text_lang: str
    cable: Cable | None
    author_ref: str | None
    has_translator_markup: bool = False


@dataclass(frozen=True)
class Cable:
    """The cable header's sender place, date and time (correspDesc)."""

    place: str | None
    place_ref: str | None
    date: tuple[tuple[str, str], ...] | None
    date_text: str | None


def header(h: Header, facts: Facts) -> etree._Element:
    return el(
        "teiHeader",
        el(
            "fileDesc",
            title_stmt(h, facts),
            el(
                "publicationStmt",
                el(
                    "p",
                    "Unpublished TEI encoding of a published translation, made with tei_edition.",
                ),
            ),
            source_desc(h),
        ),
        encoding_desc(h, facts),
        profile_desc(h, facts),
    )


def title_stmt(h: Header, facts: Facts) -> etree._Element:
    return el(
        "titleStmt",
        el("title", _v(h.title) or "Untitled transcript", type="main"),
        h.subtitle and el("title", h.subtitle.value, type="sub"),
        h.author and el("author", el("persName", h.author.value, ref=_ref(facts.author_ref))),
        *(el("funder", f.value) for f in h.funders),
        *_resp_stmts(h, facts),
    )


def _resp_stmts(h: Header, facts: Facts) -> Iterable[etree._Element | None]:
    translators = h.translators or ((h.blog_author,) if h.blog_author else ())
    if translators:
        yield el(
            "respStmt",
            el("resp", "translated by"),
            *(el("persName", t.value) for t in translators),
            xml_id="tr",
        )
    elif facts.has_translator_markup:
        yield el(
            "respStmt",
            el("resp", "translated by"),
            el("name", "translator not named in the source"),
            xml_id="tr",
        )
    for who in h.obtained_by:
        yield el("respStmt", el("resp", "obtained by"), el("name", who.value))
    yield el(
        "respStmt",
        el("resp", "published by"),
        el("orgName", _v(h.publisher) or "publisher not named in the source"),
        xml_id="pub",
    )
    yield el("respStmt", el("resp", "encoded by"), el("name", "tei_edition"), xml_id="enc")


def source_desc(h: Header) -> etree._Element:
    return el(
        "sourceDesc",
        el(
            "bibl",
            el("title", _v(h.title) or "Untitled transcript"),
            h.publisher and el("publisher", h.publisher.value),
            h.page_date and _date_el(h.page_date, type="document"),
            h.uploaded and _date_el(h.uploaded, type="uploaded"),
            h.url and el("idno", h.url.value, type="URI"),
            h.record_id and el("idno", h.record_id.value, type="record"),
            h.citation and el("note", h.citation.value, type="citation"),
            h.original_archive and el("note", h.original_archive.value, type="archive"),
            h.rights and el("availability", *(el("p", r.value) for r in h.rights)),
        ),
        h.related and el("listBibl", *(_related(r) for r in h.related), type="related"),
        _ms_desc(h),
    )


def _related(r: object) -> etree._Element:
    return el(
        "bibl",
        r.date and _date_el(r.date),
        r.date and " ",
        el("title", r.title.value),
        r.summary and " ",
        r.summary and el("note", r.summary.value, type="summary"),
    )


def _ms_desc(h: Header) -> etree._Element | None:
    s = h.signature
    if s is None:
        return None
    repository = el("repository", s.repository)
    if s.repository_name:
        repository = el(
            "repository", el("choice", el("abbr", s.repository), el("expan", s.repository_name))
        )
    item = el(
        "msItem",
        s.locus_text and el("locus", s.locus_text, from_=s.locus_from, to=s.locus_to),
        el("title", _v(h.title) or s.text),
    )
    return el(
        "msDesc",
        el(
            "msIdentifier",
            s.settlement and el("settlement", s.settlement),
            repository,
            *(el("idno", value, type=kind) for kind, value in s.parts),
            None if s.parts else el("idno", s.text, type="signature"),
        ),
        el("msContents", item),
    )


def encoding_desc(h: Header, facts: Facts) -> etree._Element:
    return el(
        "encodingDesc",
        el("editorialDecl", *(el("p", p) for p in EDITORIAL_DECL)),
        el(
            "classDecl",
            el(
                "taxonomy",
                *(
                    el("category", el("catDesc", label), xml_id=cid)
                    for cid, label in CLASSIFICATION_LEVELS
                ),
                xml_id="classification",
            ),
            facts.doc_type
            and el(
                "taxonomy",
                el("category", el("catDesc", facts.doc_type), xml_id=_slug("type", facts.doc_type)),
                xml_id="document-types",
            ),
            h.places_topics and el("taxonomy", el("desc", ASSOCIATED), xml_id="associated"),
        ),
        el(
            "appInfo",
            el("application", el("label", "tei_edition"), ident="tei_edition", version=__version__),
        ),
    )


def profile_desc(h: Header, facts: Facts) -> etree._Element:
    creation = facts.creation
    return el(
        "profileDesc",
        h.summary and el("abstract", el("p", h.summary.value)),
        creation and el("creation", _date_attrs(creation[0], creation[1])),
        el(
            "langUsage",
            el("language", language_name(facts.text_lang), ident=facts.text_lang),
            *(el("language", name, ident=code) for code, name in _original_languages(h, facts)),
        ),
        _text_class(h, facts),
        _corresp_desc(h, facts.cable, facts.author_ref),
    )


def _original_languages(h: Header, facts: Facts) -> list[tuple[str, str]]:
    found = languages(h.original_language.value) if h.original_language else []
    return [(code, name) for code, name in found if code != facts.text_lang]


def _text_class(h: Header, facts: Facts) -> etree._Element | None:
    if not facts.classification and not facts.doc_type and not h.places_topics:
        return None
    return el(
        "textClass",
        facts.classification
        and el("catRef", scheme="#classification", target=f"#{facts.classification}"),
        facts.doc_type
        and el("catRef", scheme="#document-types", target="#" + _slug("type", facts.doc_type)),
        facts.doc_type and el("keywords", el("term", facts.doc_type), scheme="#document-types"),
        h.places_topics
        and el("keywords", *(el("term", f.value) for f in h.places_topics), scheme="#associated"),
    )


def _ref(ref: str | None) -> str | None:
    return f"#{ref}" if ref else None


def _corresp_desc(h: Header, cable: Cable | None, author_ref: str | None) -> etree._Element | None:
    if cable is None:
        return None
    date = cable.date and el("date", cable.date_text, **dict(cable.date))
    author = h.author and el("persName", h.author.value, ref=_ref(author_ref))
    place = cable.place and el("placeName", cable.place, ref=_ref(cable.place_ref))
    return el("correspDesc", el("correspAction", author, place, date, type="sent"))


def _date_el(field: DateField, **attrs: str | None) -> etree._Element:
    return el("date", field.value, **dict(field.attrs), **attrs)


def _date_attrs(text: str, attrs: tuple[tuple[str, str], ...]) -> etree._Element:
    return el("date", text, **dict(attrs))


def _v(f: Field | None) -> str | None:
    return f.value if f else None


def _slug(prefix: str, text: str) -> str:
    return prefix + "-" + re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# ---------------------------------------------------------------- the document


def to_tree(
    doc: Document, facts: Facts, standoff: etree._Element | None = None
) -> etree._ElementTree:
    """The whole TEI document for a model document, with the register entries it uses."""
    div = blocks(el("div", type="document"), doc.body)
    facts = replace(facts, has_translator_markup=bool(div.xpath(".//@resp[. = '#tr']")))
    text = el("text", el("body", div), xml_lang=facts.text_lang)
    root = el("TEI", header(doc.header, facts), text, standoff, xml_lang=facts.text_lang)
    indent(root)
    return etree.ElementTree(root)


#: Elements whose children are only elements: indented one per line.
STRUCTURAL = frozenset(
    tag(n)
    for n in """
TEI teiHeader fileDesc titleStmt publicationStmt sourceDesc bibl listBibl msDesc msIdentifier
msContents msItem encodingDesc editorialDecl classDecl taxonomy category appInfo application
profileDesc abstract creation langUsage textClass correspDesc correspAction respStmt availability
text body div list closer postscript standOff listPerson listPlace listOrg person place org
choice
""".split()
)


def indent(element: etree._Element, level: int = 0) -> None:
    """Indent element-only containers; never touch mixed content."""
    if element.tag not in STRUCTURAL or not len(element) or (element.text or "").strip():
        return
    if any((child.tail or "").strip() for child in element):
        return
    pad = "\n" + "  " * (level + 1)
    element.text = pad
    for child in element:
        child.tail = pad
        indent(child, level + 1)
    element[-1].tail = "\n" + "  " * level


def serialize(tree: etree._ElementTree) -> bytes:
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8") + b"\n"


__all__ = ["Cable", "Facts", "serialize", "to_tree"]
