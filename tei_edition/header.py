"""Page metadata to the model's :class:`Header` (docs/encoding.md §2).

Owns the interpretation of metadata values: the quoted title and parts of a citation,
archive signatures (AVP RF, RGASPI, APRF, RGANI, GARF; ``f./op./p./d./l./ll.`` and
``Fond/Opis/Delo/List``), translator and "obtained by" credits, the author, languages,
classification, document type and the related-documents list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from . import dates
from .layout import Page
from .model import DateField, Field, Header, Pos, RelatedDoc, Signature

#: Russian archives: abbreviation → (English name, settlement).
REPOSITORIES: dict[str, tuple[str, str]] = {
    "AVP RF": ("Archive of Foreign Policy of the Russian Federation", "Moscow"),
    "RGASPI": ("Russian State Archive of Socio-Political History", "Moscow"),
    "APRF": ("Archive of the President of the Russian Federation", "Moscow"),
    "RGANI": ("Russian State Archive of Contemporary History", "Moscow"),
    "GARF": ("State Archive of the Russian Federation", "Moscow"),
    "AVPRF": ("Archive of Foreign Policy of the Russian Federation", "Moscow"),
    "TsAMO": ("Central Archive of the Ministry of Defence of the Russian Federation", "Podolsk"),
}
_REPOSITORY = re.compile(r"\b(?P<repo>AVP\s?RF|RGASPI|APRF|RGANI|GARF|TsAMO)\b")
#: Call-number parts of a signature: (idno type, pattern of its label).
_PARTS = (
    ("fond", r"f\.|fond|F\."),
    ("opis", r"op\.|opis"),
    ("papka", r"p\.|papka|pap\."),
    ("delo", r"d\.|delo"),
    ("locus", r"ll\.|l\.|listy|list|pp\.|sheets?"),
)
_PART = re.compile(
    r"(?:^|[\s,.;])(?:" + "|".join(f"(?P<{k}>{p})" for k, p in _PARTS) + r")\s*(?P<value>"
    r"(?:[A-Z]-?)?[0-9][0-9a-zA-Z]*(?:\s*[-–]\s*[0-9][0-9a-zA-Z]*)?)",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"(?P<role>[Oo]btained by|[Tt]ranslated by|[Tt]ranslation by|[Cc]ontributed by"
    r"|[Ee]dited by)\s+(?P<who>.+?)"
    r"(?=\s+and\s+(?:translated|obtained|edited)|(?<![A-Z])[.;]\s|[.;]?$"
    r"|,\s+(?:and\s+)?(?:provided|translated|on file))"
)
_SUPPORT = re.compile(r"support from (?P<who>.+?)\.?$")
_QUOTED_TITLE = re.compile(r"^[\"“](?P<title>.+?)[\"”],\s*(?P<rest>.*)$", re.DOTALL)
_AUTHOR_IN_TITLE = re.compile(
    r"(?:From the (?:Journal|Diary) of|from|Ambassador to \w+)\s+"
    r"(?P<who>(?:[A-Z]\.\s?){1,3}[A-Z][\w’'-]+|[A-Z][a-z]+(?=\s+on\b))"
)
_LAST_DATE = re.compile(r"(\d{1,2}(?:\s+and\s+\d{1,2})?\s+[A-Z][a-z]+\s+\d{4})['’\"]?\s*$")
LANGUAGES: dict[str, str] = {
    "english": "en",
    "russian": "ru",
    "spanish": "es",
    "german": "de",
    "french": "fr",
    "chinese": "zh",
    "portuguese": "pt",
    "czech": "cs",
    "polish": "pl",
    "hungarian": "hu",
    "bulgarian": "bg",
    "romanian": "ro",
    "vietnamese": "vi",
    "korean": "ko",
    "japanese": "ja",
    "mongolian": "mn",
    "italian": "it",
    "serbo-croatian": "sh",
    "albanian": "sq",
}
CLASSIFICATIONS: dict[str, str] = {
    "unclassified": "cls-unclassified",
    "for official use only": "cls-official-use",
    "confidential": "cls-confidential",
    "strictly confidential": "cls-strictly-confidential",
    "secret": "cls-secret",
    "top secret": "cls-top-secret",
    "top secret special file": "cls-top-secret-special-file",
}


def build_header(page: Page) -> Header:
    """Interpret the page's fields into a :class:`Header`."""
    fields = _fields(page)
    citation = fields.get("citation")
    quoted = _QUOTED_TITLE.match(citation.value) if citation else None
    title = fields.get("title") or (
        Field(quoted.group("title"), citation.pos) if quoted and citation else None
    )
    source_text = fields.get("source") or (
        Field(quoted.group("rest"), citation.pos) if quoted and citation else citation
    )
    signature = parse_signature(source_text.value) if source_text else None
    credits = list(_credits(f for f in (fields.get("source"), citation) if f))
    translators = tuple(dict.fromkeys(f for role, f in credits if role == "translated"))
    obtained = tuple(dict.fromkeys(f for role, f in credits if role == "obtained"))
    return Header(
        title=title,
        subtitle=fields.get("subtitle"),
        page_date=_dated(fields.get("page_date")),
        doc_date=_dated(fields.get("doc_date") or _title_date(title)),
        author=fields.get("author") or _author(title, fields.get("subtitle")),
        translators=_unique(translators),
        obtained_by=_unique(obtained),
        blog_author=fields.get("blog_author"),
        funders=_funders(page, fields),
        citation=citation,
        url=fields.get("url"),
        record_id=fields.get("record_id") or _record_from_url(fields.get("url")),
        uploaded=_dated(fields.get("uploaded")),
        publisher=_publisher(page, citation),
        rights=tuple(
            f
            for key, value, pos in page.fields
            if key == "rights" and value
            for f in (Field(value, pos),)
        ),
        signature=signature,
        signature_field=source_text if signature else None,
        original_language=fields.get("original_language") or fields.get("language"),
        original_archive=fields.get("original_archive"),
        contents=fields.get("contents"),
        summary=fields.get("summary"),
        classification=fields.get("classification"),
        doc_type=fields.get("type"),
        places_topics=tuple(Field(v, p) for k, v, p in page.fields if k == "places_topics" and v),
        related=tuple(_related(page)),
    )


def _fields(page: Page) -> dict[str, Field]:
    """First non-empty value of each field."""
    out: dict[str, Field] = {}
    for key, value, pos in page.fields:
        if value and key not in out:
            out[key] = Field(value, pos)
    return out


def _unique(fields: Iterable[Field]) -> tuple[Field, ...]:
    seen: dict[str, Field] = {}
    for f in fields:
        seen.setdefault(f.value, f)
    return tuple(seen.values())


def parse_signature(text: str) -> Signature | None:
    """``AVP RF, f. 0104, op. 19, p. 124, d. 3, ll. 83-84`` → repository and parts."""
    repo = _REPOSITORY.search(text)
    if not repo:
        return None
    name = "AVP RF" if repo.group("repo").replace(" ", "") == "AVPRF" else repo.group("repo")
    tail = text[repo.end() :]
    stop = re.search(r"\.\s+(?:Obtained|Translated|Translation|Contributed)|;", tail)
    tail = tail[: stop.start()] if stop else tail
    parts: list[tuple[str, str]] = []
    locus: str | None = None
    for match in _PART.finditer(tail):
        kind = match.lastgroup if match.lastgroup != "value" else None
        kind = next(k for k, _ in _PARTS if match.group(k))
        if kind == "locus":
            locus = match.group(0).strip(" ,.;")
            value = match.group("value")
        elif not any(k == kind for k, _ in parts):
            parts.append((kind, match.group("value")))
    full, settlement = REPOSITORIES.get(name, (None, None))
    start, end = _locus_range(value) if locus else (None, None)
    text_end = repo.start() + len(repo.group()) + len(tail)
    return Signature(
        text[repo.start() : text_end].strip(" .,;"),
        name,
        full,
        settlement,
        tuple(parts),
        start,
        end,
        locus,
    )


def _locus_range(value: str) -> tuple[str, str]:
    pieces = re.split(r"\s*[-–]\s*", value)
    return pieces[0], pieces[-1]


def _credits(fields: Iterable[Field]) -> Iterable[tuple[str, Field]]:
    for f in fields:
        for match in _CREDIT.finditer(f.value):
            role = (
                "obtained"
                if match.group("role").lower().startswith("obtained")
                else ("translated" if "transl" in match.group("role").lower() else "other")
            )
            who = match.group("who").strip(" .,;")
            if who:
                yield role, Field(who, f.pos)


def _funders(page: Page, fields: dict[str, Field]) -> tuple[Field, ...]:
    """The funder line, the credits and the donors, each funder once."""
    found: list[Field] = []
    for key, value, pos in page.fields:
        if key == "credits" and value:
            match = _SUPPORT.search(value)
            found.append(Field(match.group("who") if match else value, pos))
        elif key in ("funder", "donors") and value:
            found.append(Field(value, pos))
    return _unique(found)


def _author(title: Field | None, subtitle: Field | None) -> Field | None:
    for f in (title, subtitle):
        if f and (match := _AUTHOR_IN_TITLE.search(f.value)):
            return Field(match.group("who"), f.pos)
    return None


def _dated(field: Field | None) -> DateField | None:
    """The field with the value of its date, when its words are one date expression."""
    if field is None:
        return None
    value = dates.parse_date(field.value)
    attrs = tuple(value.attributes().items()) if value else ()
    return DateField(field.value, field.pos, attrs)


def _title_date(title: Field | None) -> Field | None:
    """The conversation date at the end of a title: ``…, 16 February 1963'``."""
    if title and (match := _LAST_DATE.search(title.value)):
        return Field(match.group(1), title.pos)
    return None


def _record_from_url(url: Field | None) -> Field | None:
    if url and (match := re.search(r"/document/(\d+)", url.value)):
        return Field(match.group(1), url.pos)
    return None


def _publisher(page: Page, citation: Field | None) -> Field | None:
    if citation and "Wilson Center Digital Archive" in citation.value:
        return Field("Wilson Center Digital Archive", citation.pos)
    if page.layout == "wilson":
        return Field("Wilson Center Digital Archive", Pos(0))
    blog = next((Field(v, p) for k, v, p in page.fields if k == "blog_author"), None)
    return blog


def _related(page: Page) -> Iterable[RelatedDoc]:
    for group in page.related:
        date = _dated(Field(*group[0])) if len(group) > 1 else None
        rest = group[1:] if date else group
        title = Field(*rest[0])
        summary = Field(" ".join(t for t, _ in rest[1:]), rest[1][1]) if len(rest) > 1 else None
        yield RelatedDoc(date, title, summary)


def language_code(name: str) -> str | None:
    """BCP 47 code of a language named in English (``Russian`` → ``ru``)."""
    return LANGUAGES.get(name.strip().lower())


def language_name(code: str) -> str:
    """The English name of a BCP 47 code this module knows (``ru`` → ``Russian``)."""
    return next((n.title() for n, c in LANGUAGES.items() if c == code), code)


def languages(value: str) -> list[tuple[str, str]]:
    """``Russian; Spanish`` → ``[("ru", "Russian"), ("es", "Spanish")]``; a language without a
    known code keeps its name with ``und`` (undetermined)."""
    names = [n.strip() for n in re.split(r"\s*(?:[,;/]|\band\b)\s*", value) if n.strip()]
    return [(language_code(n) or "und", n) for n in names]


def classification_id(text: str) -> str | None:
    """Taxonomy id of a classification level named in the text (``Top Secret.`` → id)."""
    key = re.sub(r"\s+", " ", text.strip(" .").lower())
    return CLASSIFICATIONS.get(key)
