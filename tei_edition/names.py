"""The register of people, places and organisations, and name recognition in running text.

This module owns the bundled register (``data/register.xml``), user registers (TEI or CSV) and
the matching of names against them (docs/encoding.md §5). It knows nothing of the document tree:
callers wrap each :class:`NameMatch` in ``persName``/``placeName``/``orgName`` with ``@ref``
and copy :meth:`Register.standoff` into the document.

Matching policy:

* A name matches token by token. Diacritics and common transliteration doublets are folded
  (``Dorticós``/``Dorticos``, ``Alekseyev``/``Alekseev``/``Alexeev``, ``Malinovskiy``/
  ``Malinovsky``); case must be that of the register or all capitals (``CASTRO RUZ``), so
  ``US`` is a country and ``us`` is not.
* Structured personal names yield their short forms: surname alone, forename and surname,
  initials (``N. S. Khrushchev``, ``N.S. Khrushchev``, ``R. Ya. Malinovsky``), and both
  surnames (``Fidel CASTRO RUZ``).
* The longest name wins; a name may run over a line break, not over a blank line. Titles
  (``Comrade``, ``President``), articles (``the US``), brackets and possessive endings
  (``Kennedy's``) stay outside the span.
* Generic names (``Central Committee``, ``Presidium``, ``Soviet Embassy``) denote what they
  denote in these records (the CPSU's, the embassy in Havana); a user register can override.
* Code names glossed by the translator (``Filippov [Stalin]``) are variants of the entry.
* Adjectives (``Cuban``, ``Soviet``) are not names; a country is a place (``placeName``).
* A form shared by several entries (``Castro``) is resolved from the document: if the document
  names only one of them explicitly, that one; else the nearest explicit mention earlier in the
  same paragraph, or every earlier explicit mention if they agree (``cert="medium"``); else the
  nearest explicit mention with ``cert="low"`` and a warning. It is never resolved silently.
"""

from __future__ import annotations

import bisect
import csv
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from lxml import etree

from .errors import SourceError
from .xmlns import TEI_NS, XML_ID

__all__ = ["ELEMENTS", "Entry", "NameMatch", "NameMatcher", "Register"]

_KINDS = {"person": "persName", "place": "placeName", "org": "orgName"}
ELEMENTS = {**_KINDS, "name": "name"}  # the TEI element for each NameMatch.kind
_LISTS = {"person": "listPerson", "place": "listPlace", "org": "listOrg"}
_WIKIDATA = re.compile(r"Q[1-9]\d*")
_ID = re.compile(r"[A-Za-z_][\w.-]*")
_SPACE = re.compile(r"\s+")
_POSITION_SUFFIX = re.compile(r", line \d+, column \d+$")


@dataclass(frozen=True)
class Entry:
    """One register entry. ``forms`` holds every surface form the matcher looks for."""

    id: str
    kind: str
    name: str
    variants: tuple[str, ...] = ()
    wikidata: str | None = None
    viaf: str | None = None
    geonames: str | None = None
    note: str | None = None
    forms: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class NameMatch:
    """A name found in a text; ``ref`` is None for candidates not in the register."""

    start: int
    end: int
    text: str
    kind: str
    ref: str | None
    cert: str | None = None
    warning: str | None = None


# --- Surface forms of structured personal names -------------------------------------------

_DIGRAPHS = ("Ya", "Yu", "Ye", "Yo", "Zh", "Kh", "Ts", "Ch", "Sh")


def _initials(name: str) -> list[str]:
    """``Yakovlevich`` -> ``['Y.', 'Ya.']``; a name given as an initial stays as it is."""
    if name.endswith("."):
        return [name]
    found = [f"{name[0]}."]
    found += [f"{digraph}." for digraph in _DIGRAPHS if name.startswith(digraph)]
    return found


def _person_forms(forenames: list[str], patronymic: str | None, surnames: list[str]) -> set[str]:
    """Every short form of a structured personal name."""
    if not surnames:
        return {" ".join([*forenames, *([patronymic] if patronymic else [])])}
    family = {surnames[0], " ".join(surnames)}
    given: set[str] = set()
    if forenames:
        first, others = forenames[0], forenames[1:]
        given |= {first, " ".join(forenames)}
        given |= {f"{first} {' '.join(i for o in others for i in _initials(o)[:1])}".strip()}
        middle = [patronymic] if patronymic else others
        for initial in _initials(first):
            given.add(initial)
            for second in _initials(middle[0]) if middle else []:
                given.add(f"{initial} {second}")
        if patronymic:
            given.add(f"{first} {patronymic}")
    return family | {f"{g} {f}" for g in given for f in family}


# --- Reading registers -----------------------------------------------------------------------


def _text(element: etree._Element) -> str:
    return _SPACE.sub(" ", "".join(element.itertext())).strip()


def _tei(element: etree._Element, name: str) -> list[etree._Element]:
    return element.findall(f"{{{TEI_NS}}}{name}")


def _name_forms(name: etree._Element) -> set[str]:
    forenames = [_text(e) for e in _tei(name, "forename")]
    surnames = [_text(e) for e in _tei(name, "surname")]
    patronymics = [_text(e) for e in _tei(name, "addName") if e.get("type") == "patronymic"]
    if not surnames and not forenames:
        return {_text(name)}
    return _person_forms(forenames, patronymics[0] if patronymics else None, surnames) | {
        _text(name)
    }


def _idno(element: etree._Element, kind: str) -> str | None:
    for idno in _tei(element, "idno"):
        if idno.get("type") == kind:
            return _text(idno)
    return None


def _entry_from_tei(element: etree._Element, file: str) -> Entry:
    kind = etree.QName(element).localname
    names = _tei(element, _KINDS[kind])
    entry_id = element.get(XML_ID)
    if not entry_id:
        raise SourceError(file, element.sourceline or 1, 1, f"<{kind}> without xml:id")
    if not names or not _text(names[0]):
        raise SourceError(file, element.sourceline or 1, 1, f"{entry_id}: no <{_KINDS[kind]}>")
    notes = _tei(element, "note")
    forms = set().union(*(_name_forms(name) for name in names))
    return Entry(
        id=entry_id,
        kind=kind,
        name=_text(names[0]),
        variants=tuple(_text(name) for name in names[1:]),
        wikidata=_idno(element, "wikidata"),
        viaf=_idno(element, "VIAF") or _idno(element, "viaf"),
        geonames=_idno(element, "GeoNames") or _idno(element, "geonames"),
        note=_text(notes[0]) if notes else None,
        forms=tuple(sorted(forms)),
    )


_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
)


def _read_tei(path: Path) -> tuple[list[Entry], dict[str, etree._Element]]:
    try:
        root = etree.parse(str(path), _PARSER).getroot()
    except etree.XMLSyntaxError as error:
        line, col = error.position if error.position else (1, 1)
        message = _POSITION_SUFFIX.sub("", error.msg)
        raise SourceError(str(path), line, col + 1, f"invalid XML: {message}") from None
    entries: list[Entry] = []
    elements: dict[str, etree._Element] = {}
    for element in root.iter(*(f"{{{TEI_NS}}}{kind}" for kind in _KINDS)):
        entry = _entry_from_tei(element, str(path))
        _check_new(entry, elements, str(path), element.sourceline or 1)
        entries.append(entry)
        elements[entry.id] = element
    if not entries:
        raise SourceError(str(path), 1, 1, "no TEI <person>, <place> or <org> entries found")
    return entries, elements


def _check_new(entry: Entry, seen: Iterable[str], file: str, line: int) -> None:
    if entry.id in seen:
        raise SourceError(file, line, 1, f"duplicate id {entry.id!r}")
    if entry.wikidata is not None and not _WIKIDATA.fullmatch(entry.wikidata):
        raise SourceError(file, line, 1, f"{entry.id}: bad Wikidata id {entry.wikidata!r}")


_CSV_COLUMNS = ("id", "name", "variants", "wikidata", "kind", "note")


def _csv_entry(row: dict[str, str], file: str, line: int) -> Entry:
    entry_id, name = row.get("id", "").strip(), row.get("name", "").strip()
    kind = (row.get("kind") or "person").strip()
    if not _ID.fullmatch(entry_id):
        raise SourceError(file, line, 1, f"bad or missing id {entry_id!r}")
    if not name:
        raise SourceError(file, line, 1, f"{entry_id}: empty name")
    if kind not in _KINDS:
        raise SourceError(
            file, line, 1, f"{entry_id}: kind must be person, place or org, not {kind!r}"
        )
    variants = tuple(v.strip() for v in (row.get("variants") or "").split(";") if v.strip())
    forms = {name, *variants}
    if kind == "person":
        for full in (name, *variants):
            *forenames, surname = full.split()
            forms |= _person_forms(forenames, None, [surname])
    return Entry(
        id=entry_id,
        kind=kind,
        name=name,
        variants=variants,
        wikidata=(row.get("wikidata") or "").strip() or None,
        note=(row.get("note") or "").strip() or None,
        forms=tuple(sorted(forms)),
    )


def _read_csv(path: Path) -> list[Entry]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise SourceError(str(path), 1, 1, f"not UTF-8: {error.reason}") from None
    reader = csv.DictReader(text.splitlines())
    header = reader.fieldnames or []
    missing = [column for column in ("id", "name") if column not in header]
    if missing:
        raise SourceError(str(path), 1, 1, f"CSV header lacks column(s) {', '.join(missing)}")
    unknown = [column for column in header if column not in _CSV_COLUMNS]
    if unknown:
        raise SourceError(str(path), 1, 1, f"unknown CSV column(s) {', '.join(unknown)}")
    entries: list[Entry] = []
    for row in reader:
        entry = _csv_entry(row, str(path), reader.line_num)
        _check_new(entry, (e.id for e in entries), str(path), reader.line_num)
        entries.append(entry)
    return entries


def _element_from_entry(entry: Entry) -> etree._Element:
    element = etree.Element(f"{{{TEI_NS}}}{entry.kind}", nsmap={None: TEI_NS})
    element.set(XML_ID, entry.id)
    tag = f"{{{TEI_NS}}}{_KINDS[entry.kind]}"
    etree.SubElement(element, tag).text = entry.name
    for variant in entry.variants:
        etree.SubElement(element, tag, type="variant").text = variant
    if entry.wikidata:
        etree.SubElement(element, f"{{{TEI_NS}}}idno", type="wikidata").text = entry.wikidata
    if entry.note:
        etree.SubElement(element, f"{{{TEI_NS}}}note").text = entry.note
    return element


class Register:
    """People, places and organisations by id; the bundled register plus user files."""

    def __init__(self, entries: Iterable[Entry], elements: dict[str, etree._Element]) -> None:
        self._entries = {entry.id: entry for entry in entries}
        self._elements = elements

    @classmethod
    def bundled(cls) -> Register:
        """The register shipped with the package."""
        return _bundled()

    @classmethod
    def load(cls, *paths: Path | str) -> Register:
        """The bundled register extended by user files (``.csv`` or TEI); user entries win."""
        base = cls.bundled()
        entries, elements = dict(base._entries), dict(base._elements)
        for path in map(Path, paths):
            if not path.is_file():
                raise SourceError(str(path), 1, 1, "register file not found")
            if path.suffix.lower() == ".csv":
                new, new_elements = _read_csv(path), {}
            else:
                new, new_elements = _read_tei(path)
            for entry in new:
                entries[entry.id] = entry
                element = new_elements.get(entry.id)
                elements[entry.id] = _element_from_entry(entry) if element is None else element
        return cls(entries.values(), elements)

    def get(self, id: str) -> Entry:
        """The entry with this id (KeyError if there is none)."""
        try:
            return self._entries[id]
        except KeyError:
            raise KeyError(f"no register entry {id!r}") from None

    def __contains__(self, id: object) -> bool:
        return id in self._entries

    def __iter__(self) -> Iterator[Entry]:
        return iter(self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    def standoff(self, ids: Iterable[str]) -> etree._Element:
        """A TEI ``standOff`` holding copies of the entries ``ids`` (register order, no dups)."""
        wanted = set(ids)
        standoff = etree.Element(f"{{{TEI_NS}}}standOff", nsmap={None: TEI_NS})
        for kind, list_name in _LISTS.items():
            chosen = [e for e in self._entries.values() if e.kind == kind and e.id in wanted]
            if chosen:
                listing = etree.SubElement(standoff, f"{{{TEI_NS}}}{list_name}")
                listing.extend(_copy(self._elements[entry.id]) for entry in chosen)
        return standoff


def _copy(element: etree._Element) -> etree._Element:
    copied = etree.fromstring(etree.tostring(element))
    copied.tail = None
    return copied


@functools.cache
def _bundled() -> Register:
    resource = resources.files("tei_edition") / "data" / "register.xml"
    with resources.as_file(resource) as path:
        entries, elements = _read_tei(path)
    return Register(entries, elements)


# --- Matching ---------------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W\d_]+|\d+|[^\w\s]")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2013": "-", "\u2014": "-"})
_DOUBLETS = (
    (re.compile("x"), "ks"),
    (re.compile("yev"), "ev"),
    (re.compile("(?:iy|yy|ii|ij)$"), "y"),
)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n")
#: Joins separate pieces of text in one context: no name runs across it.
SEPARATOR = "\u2063"
_CONNECTORS = frozenset({"of", "the", "de", "la", "del", "y", "and"})
_HYPHENS = frozenset({"-", "\u2010", "\u2011"})
_NOT_NAMES = frozenset(
    {"I", "The", "A", "An", "In", "On", "At", "Of", "And", "But", "For", "He", "She", "It", "We"}
    | {"They", "This", "That", "These", "Those", "His", "Her", "Our", "Their", "My", "Your"}
    | {"Comrade", "Comrades", "Cde", "President", "Prime", "Minister", "Marshal", "Ambassador"}
    | {"Mr", "Mrs", "Dr", "Note", "NOTE", "Top", "Secret", "Copy", "No", "Nº", "Time", "Date"}
    | {"From", "To", "Then", "When", "If", "As", "After", "Before", "Regretfully", "Moreover"}
    | {"January", "February", "March", "April", "May", "June", "July", "August", "September"}
    | {"October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday"}
    | {"Friday", "Saturday", "Sunday", "Soviet", "Cuban", "Cubans", "American", "Americans"}
    | {"Chinese", "Russian", "Russians", "English", "German", "Germans", "Afro", "Asian", "Latin"}
    | {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"}
)


@functools.lru_cache(maxsize=65536)
def _fold(token: str) -> str:
    """The comparison key of a token: no diacritics, lower case, transliteration doublets merged."""
    plain = unicodedata.normalize("NFKD", token.translate(_QUOTES))
    key = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    for pattern, replacement in _DOUBLETS:
        key = pattern.sub(replacement, key)
    return key


@functools.lru_cache(maxsize=65536)
def _shape(token: str) -> str:
    if len(token) > 1 and token.isupper():
        return "upper"
    if token[:1].isupper():
        return "title"
    return "lower" if token[:1].isalpha() else "other"


class _Token(NamedTuple):
    start: int
    end: int
    text: str
    key: str
    shape: str
    gap: str  # what precedes it: "" (spaces or nothing), "line" (a line break), "paragraph"


def _gap(space: str) -> str:
    if SEPARATOR in space or _PARAGRAPH_BREAK.search(space):
        return "paragraph"
    return "line" if "\n" in space else ""


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    previous = 0
    for m in _TOKEN.finditer(text):
        start, end = m.span()
        word = m.group()
        space = text[previous:start]
        gap = _gap(space) if tokens and ("\n" in space or SEPARATOR in space) else ""
        tokens.append(_Token(start, end, word, _fold(word), _shape(word), gap))
        previous = end
    return tokens


@dataclass(frozen=True)
class _Form:
    keys: tuple[str, ...]
    shapes: tuple[str, ...]
    ids: tuple[str, ...]

    def matches(self, tokens: list[_Token], at: int) -> bool:
        window = tokens[at : at + len(self.keys)]
        if len(window) < len(self.keys) or any(t.gap == "paragraph" for t in window[1:]):
            return False
        return all(
            token.key == key and token.shape in (shape, "upper" if shape != "other" else shape)
            for token, key, shape in zip(window, self.keys, self.shapes, strict=True)
        )


class _Hit(NamedTuple):
    start: int
    end: int
    ids: tuple[str, ...]


class NameMatcher:
    """Finds the register's names in text (:meth:`find`) and unknown names (:meth:`candidates`)."""

    def __init__(self, register: Register) -> None:
        self._register = register
        self._index = _build_index(register)
        self._forenames = {e.id: {_fold(e.name.split()[0])} for e in register if e.kind == "person"}
        self._document: tuple[str, _Document] | None = None

    def find(self, text: str, context: str = "", offset: int | None = None) -> list[NameMatch]:
        """Every register name in ``text``: non-overlapping, sorted.

        ``context`` is the whole document text, used to resolve names shared by several entries;
        ``offset`` is where ``text`` starts in it (default: its first occurrence, or the end).
        """
        context = context or text
        if offset is None:
            found = context.find(text)
            offset = found if found >= 0 else len(context)
        hits = self._hits(text)
        document = self._document_index(context) if any(len(h.ids) > 1 for h in hits) else None
        return [self._resolve(text, hit, document, offset) for hit in hits]

    def find_all(self, context: str) -> list[NameMatch]:
        """Every register name in a whole document, positions relative to it."""
        document = self._document_index(context)
        return [self._resolve(context, hit, document, 0) for hit in document.hits]

    def candidates(self, text: str) -> list[NameMatch]:
        """Capitalised name-like spans that are not register names, for the conversion report."""
        tokens = _tokens(text)
        return _candidates(text, tokens, self._hits_of(tokens))

    def document_candidates(self, context: str) -> list[NameMatch]:
        """:meth:`candidates` of a whole document, from the tokens :meth:`find_all` made."""
        document = self._document_index(context)
        return _candidates(context, document.tokens, document.hits)

    def _hits(self, text: str) -> list[_Hit]:
        return self._hits_of(_tokens(text))

    def _hits_of(self, tokens: list[_Token]) -> list[_Hit]:
        starts = [t.start for t in tokens]
        return [h for h in _scan(tokens, self._index) if not self._other_bearer(h, tokens, starts)]

    def _other_bearer(self, hit: _Hit, tokens: list[_Token], starts: list[int]) -> bool:
        """``Raúl Garcia``: a forename alone, followed by a surname that is not its entry's."""
        at = bisect.bisect_left(starts, hit.start)
        if tokens[at].end != hit.end or at + 1 >= len(tokens):
            return False
        after = tokens[at + 1]
        if after.gap or after.shape not in ("title", "upper") or after.text in _NOT_NAMES:
            return False
        return all(tokens[at].key in self._forenames.get(i, ()) for i in hit.ids)

    def _document_index(self, context: str) -> _Document:
        if self._document is None or self._document[0] is not context:
            tokens = _tokens(context)
            self._document = (context, _Document.of(context, tokens, self._hits_of(tokens)))
        return self._document[1]

    def _resolve(self, text: str, hit: _Hit, document: _Document | None, offset: int) -> NameMatch:
        surface = text[hit.start : hit.end]
        kind = self._register.get(hit.ids[0]).kind
        if len(hit.ids) == 1 or document is None:
            return NameMatch(hit.start, hit.end, surface, kind, hit.ids[0])
        ref, cert, warning = document.disambiguate(surface, hit.ids, offset + hit.start)
        return NameMatch(hit.start, hit.end, surface, kind, ref, cert, warning)


@dataclass(frozen=True)
class _Document:
    """A document's explicit mentions, indexed for resolving shared names in linear time."""

    tokens: list[_Token]
    hits: list[_Hit]
    mentions: dict[str, tuple[list[int], list[int]]]  # id -> (ends, starts), in order
    breaks: list[int]  # ends of paragraph breaks

    @classmethod
    def of(cls, context: str, tokens: list[_Token], hits: list[_Hit]) -> _Document:
        mentions: dict[str, tuple[list[int], list[int]]] = {}
        for hit in hits:
            if len(hit.ids) == 1:
                ends, starts = mentions.setdefault(hit.ids[0], ([], []))
                ends.append(hit.end)
                starts.append(hit.start)
        breaks = [m.end() for m in _PARAGRAPH_BREAK.finditer(context)]
        return cls(tokens, hits, mentions, breaks)

    def disambiguate(
        self, surface: str, ids: tuple[str, ...], position: int
    ) -> tuple[str, str | None, str | None]:
        named = [i for i in ids if i in self.mentions]
        if len(named) == 1:
            return named[0], None, None
        options = " or ".join(ids)
        if not named:
            return (
                ids[0],
                "low",
                f"ambiguous name {surface!r} ({options}): none named in the document",
            )
        before = self._last_before(named, position)
        paragraph = (
            self.breaks[bisect.bisect_right(self.breaks, position) - 1]
            if (self.breaks and self.breaks[0] <= position)
            else 0
        )
        in_paragraph = [(end, i) for end, start, i in before if start >= paragraph]
        if in_paragraph:
            return max(in_paragraph)[1], "medium", None
        if len(before) == 1:
            return before[0][2], "medium", None
        first_after = min((self.mentions[i][1][0], i) for i in named)[1]
        nearest = max(before)[2] if before else first_after
        warning = (
            f"ambiguous name {surface!r} ({options}): guessed {nearest} from the nearest mention"
        )
        return nearest, "low", warning

    def _last_before(self, ids: list[str], position: int) -> list[tuple[int, int, str]]:
        """For each id, its last explicit mention ending at or before ``position``."""
        out = []
        for i in ids:
            ends, starts = self.mentions[i]
            k = bisect.bisect_right(ends, position)
            if k:
                out.append((ends[k - 1], starts[k - 1], i))
        return out


def _candidates(text: str, tokens: list[_Token], known: list[_Hit]) -> list[NameMatch]:
    """Runs of capitalised tokens that no register name overlaps."""
    known_ends = [h.end for h in known]
    common = {t.text for t in tokens if t.shape == "lower"}
    runs: list[NameMatch] = []
    at = 0
    while at < len(tokens):
        end = _capitalised_run(tokens, at)
        if end > at:
            last = _without_trailing_connectors(tokens, at, end)
            k = bisect.bisect_right(known_ends, tokens[at].start)
            if last > at and (k == len(known) or known[k].start >= tokens[last - 1].end):
                runs.extend(_candidate(text, tokens, at, last, common))
            at = end
        else:
            at += 1
    return runs


def _without_trailing_connectors(tokens: list[_Token], at: int, end: int) -> int:
    """``end`` moved back over capitalised connectors closing a run (``RECORD OF``)."""
    while end > at + 1 and tokens[end - 1].text.lower() in _CONNECTORS:
        end -= 1
    return end


def _build_index(register: Register) -> dict[str, list[_Form]]:
    owners: dict[tuple[tuple[str, ...], tuple[str, ...]], list[str]] = {}
    for entry in register:
        for form in entry.forms:
            tokens = _tokens(form)
            if tokens:
                signature = (tuple(t.key for t in tokens), tuple(t.shape for t in tokens))
                ids = owners.setdefault(signature, [])
                if entry.id not in ids:
                    ids.append(entry.id)
    index: dict[str, list[_Form]] = {}
    for (keys, shapes), ids in owners.items():
        index.setdefault(keys[0], []).append(_Form(keys, shapes, tuple(ids)))
    for forms in index.values():
        forms.sort(key=lambda form: -len(form.keys))
    return index


def _scan(tokens: list[_Token], index: dict[str, list[_Form]]) -> list[_Hit]:
    """Longest register forms, left to right, without overlaps."""
    hits: list[_Hit] = []
    at = 0
    while at < len(tokens):
        form = next((f for f in index.get(tokens[at].key, ()) if f.matches(tokens, at)), None)
        if form is None:
            at += 1
            continue
        last = tokens[at + len(form.keys) - 1]
        hits.append(_Hit(tokens[at].start, last.end, form.ids))
        at += len(form.keys)
    return hits


def _capitalised_run(tokens: list[_Token], at: int) -> int:
    """End of the run of capitalised words starting at ``at`` (``at`` if there is none)."""
    end = at
    while end < len(tokens) and _continues_run(tokens, at, end):
        end += 1
    return end


def _continues_run(tokens: list[_Token], at: int, end: int) -> bool:
    token = tokens[end]
    if end > at and token.gap:
        return False
    if token.shape in ("title", "upper"):
        return token.text not in _NOT_NAMES
    if end == at:
        return False
    if token.text == ".":
        return len(tokens[end - 1].text) == 1
    if token.text in _HYPHENS:
        joined = tokens[end - 1].end == token.start
        return joined and _next_capitalised(tokens, end) and tokens[end + 1].start == token.end
    return token.text in _CONNECTORS and _next_capitalised(tokens, end)


def _next_capitalised(tokens: list[_Token], at: int) -> bool:
    later = tokens[at + 1] if at + 1 < len(tokens) else None
    if later is None or later.gap:
        return False
    return later.shape in ("title", "upper") and later.text not in _NOT_NAMES


def _candidate(
    text: str, tokens: list[_Token], at: int, end: int, common: set[str]
) -> list[NameMatch]:
    """The run as a candidate, unless it may just be capitalised: one word at the start of a
    sentence, a short abbreviation, one word the document also writes in lower case (``the
    Party``), or capitals the document also writes in lower case (``CONVERSATION WITH``)."""
    first, last = tokens[at], tokens[end - 1]
    sentence_start = at == 0 or first.gap == "paragraph" or tokens[at - 1].text in ".!?:;\"'(["
    short = first.shape == "upper" and len(first.text) < 3
    if end - at == 1 and (sentence_start or short or first.text.lower() in common):
        return []
    words = tokens[at:end]
    if all(t.shape == "upper" for t in words) and all(t.text.lower() in common for t in words):
        return []
    return [NameMatch(first.start, last.end, text[first.start : last.end], "name", None)]
