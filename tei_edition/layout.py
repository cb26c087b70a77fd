"""Page layout: which lines are metadata, which are the document, which are page noise.

Owns the recognition of the page templates (Wilson Center document pages with labelled fields
before or after the text, translator blog posts, flattened PDF headers, plain transcripts) and
the split of the source into header fields, document chunks and dropped lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from . import dates
from .errors import Diagnostic
from .model import DroppedLine, Pos
from .read import BLANKISH, Line, Source

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
US_DATE = rf"(?:{MONTHS})\s+\d{{1,2}},\s+\d{{4}}"
EU_DATE = rf"\d{{1,2}}\s+(?:{MONTHS})\s+\d{{4}}"
_PAGE_DATE = re.compile(rf"^(?P<date>{US_DATE})(?:\s+(?P<rest>\S.*))?$")
_BLOG_TITLE = re.compile(rf"^(?P<date>{EU_DATE}|{US_DATE})\s*/\s*(?P<rest>\S.*)$")
_URL = re.compile(r"^https?://\S+$")
_FUNDER = re.compile(
    r"^This document was made possible with (?:generous )?support from (?P<who>.+?)\.?$"
)
_BLOG_AUTHOR = re.compile(r"^Published by (?P<who>.+)$")
_LEAKED = re.compile(r"^.{60,}[.!?]$")

#: Labels of the page's metadata fields, canonical key first: (key, label pattern).
LABELS: tuple[tuple[str, str], ...] = (
    ("citation", r"Citation"),
    ("summary", r"Summary|Description"),
    ("credits", r"Credits"),
    ("original_language", r"Original Language"),
    ("contents", r"Contents"),
    ("related", r"Related Documents"),
    ("document_information", r"Document Information"),
    ("source", r"Source"),
    ("rights", r"Rights"),
    ("uploaded", r"Original Uploaded Date|Uploaded Date"),
    ("type", r"Type|Document Type"),
    ("language", r"Language"),
    ("record_id", r"Record ID"),
    ("classification", r"Original Classification"),
    ("donors", r"Donors|Donor"),
    (
        "places_topics",
        r"Associated Places|Associated Topics|Associated People & Organizations"
        r"|Subjects Discussed|Theme|Themes",
    ),
    ("author", r"Author\(s\)|Authors?"),
    ("original_archive", r"Original Archive"),
    ("url", r"URL|Link"),
)
_LABEL = re.compile(
    r"^(?:" + "|".join(f"(?P<{key}>{pat})" for key, pat in LABELS) + r")\s*:?\s*(?P<value>.*)$",
    re.IGNORECASE,
)
#: Labels that appear inside a flattened (one-line) header; the line is split before each.
_INLINE_LABEL = re.compile(r"\s(?=(?:Citation|Summary|Credits|Original Language|Contents):\s)")
_CONTENTS_VALUE = re.compile(
    r"^(?P<value>(?:Translation|Transcript(?:ion)?|Original Scan|Original)"
    r"(?:\s*-\s*[A-Z][a-z]+)?)(?:\s+(?P<rest>\S.*))?$"
)
#: Labels that open the page trailer when they stand alone.
_TRAILER_KEYS = {"related", "document_information"}

#: Whole lines that are page furniture: (reason, pattern).
NOISE: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (reason, re.compile(pattern, re.IGNORECASE))
    for reason, pattern in (
        ("navigation link", r"^(?:Skip to (?:main )?content|Menu|Search|Home|Print|Email|Share)$"),
        ("comment form", r"^(?:Leave a Reply|Leave a comment|Cancel reply|Post Comment)$"),
        ("comment form", r"^Fill in your details below or click an icon to log in:.*$"),
        ("comment form", r"^You are commenting using your .*account\..*$"),
        ("comment form", r"^(?:Twitter|Facebook|Google|WordPress\.com) (?:picture|photo)$"),
        ("comment form", r"^Connecting to %s$|^Notify me of new (?:comments|posts).*$"),
        ("blog widget", r"^%d bloggers like this:?$|^Like this:?$|^Share this:?$|^Loading\.*$"),
        ("blog widget", r"^(?:Like|Reblog|Subscribe|Subscribed|Follow)$"),
        ("download link", r"^(?:Download|View) (?:PDF|Original|Transcript|Translation).*$"),
    )
)


@dataclass(frozen=True, slots=True)
class Chunk:
    """A run of text of the document, joined from one or more source lines."""

    text: str
    starts: tuple[tuple[int, Line], ...]

    @classmethod
    def of(cls, line: Line) -> Chunk:
        text = line.text.rstrip(BLANKISH)
        lead = len(text) - len(text.lstrip(BLANKISH))
        return cls(text[lead:], ((0, Line(line.number, line.text, line.col + lead)),))

    def pos(self, offset: int = 0) -> Pos:
        """The source position of character ``offset`` of this chunk."""
        start, line = self.starts[0]
        for begin, candidate in self.starts:
            if begin <= offset:
                start, line = begin, candidate
        return Pos(line.number, line.col + offset - start)

    def join(self, other: Chunk) -> Chunk:
        base = len(self.text) + 1
        return Chunk(
            f"{self.text}\n{other.text}",
            self.starts + tuple((base + o, line) for o, line in other.starts),
        )

    @property
    def line(self) -> int:
        return self.starts[0][1].number


@dataclass
class Page:
    """The result of layout recognition."""

    layout: str
    fields: list[tuple[str, str, Pos]] = field(default_factory=list)
    related: list[list[tuple[str, Pos]]] = field(default_factory=list)
    chunks: list[Chunk] = field(default_factory=list)
    dropped: list[DroppedLine] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    header_lines: set[int] = field(default_factory=set)

    def add(self, key: str, value: str, pos: Pos) -> None:
        self.fields.append((key, value.strip(BLANKISH), pos))
        self.header_lines.add(pos.line)


def recognise(source: Source) -> Page:
    """Split a source into header fields, document chunks and dropped noise."""
    lines = [line for line in _expand(source.lines) if not line.blank]
    page = Page("plain")
    lines = _drop_noise(lines, page)
    start = _preamble(lines, page)
    end = _trailer_start(lines, start)
    _trailer(lines[end:], page)
    body = _summary_after_signature(lines[start:end], page, has_trailer=end < len(lines))
    page.chunks = list(_chunks(body, source.lines))
    if page.layout == "plain":
        first = lines[0] if lines else Line(1, "")
        page.warnings.append(
            Diagnostic(
                source.name,
                first.number,
                1,
                "no page metadata recognised: converted as a plain transcript",
                "layout",
            )
        )
    return page


# ---------------------------------------------------------------- lines


def _expand(lines: Iterable[Line]) -> Iterator[Line]:
    """Split lines that hold a flattened header (several ``Label:`` fields on one line)."""
    for line in lines:
        pieces = _INLINE_LABEL.split(line.text)
        if len(pieces) == 1 or not _LABEL.match(pieces[1]):
            yield line
            continue
        col = line.col
        for piece in pieces:
            index = line.text.index(piece, col - line.col)
            yield from _split_contents(Line(line.number, piece, line.col + index))
            col = line.col + index + len(piece)


def _split_contents(line: Line) -> Iterator[Line]:
    """``Contents: Translation - English Top Secret …``: the document starts after the value."""
    match = _LABEL.match(line.text)
    if not match or (match.lastgroup != "contents" and not match.group("contents")):
        yield line
        return
    value = _CONTENTS_VALUE.match(match.group("value"))
    if not value or not value.group("rest"):
        yield line
        return
    cut = match.start("value") + value.start("rest")
    yield Line(line.number, line.text[:cut].rstrip(), line.col)
    yield Line(line.number, line.text[cut:], line.col + cut)


def _drop_noise(lines: list[Line], page: Page) -> list[Line]:
    kept = []
    for line in lines:
        reason = next((r for r, pat in NOISE if pat.match(line.stripped)), None)
        if reason:
            page.dropped.append(DroppedLine(line.number, line.stripped, reason))
        else:
            kept.append(line)
    return kept


def _label(line: Line) -> tuple[str, str] | None:
    match = _LABEL.match(line.stripped)
    if not match:
        return None
    key = next(k for k, _ in LABELS if match.group(k))
    label = match.group(key)
    rest = line.stripped[len(label) :]
    if rest and not rest.lstrip().startswith(":") and match.group("value"):
        return None  # "Source of …": a sentence, not a label
    return key, match.group("value")


# ---------------------------------------------------------------- preamble


def _preamble(lines: list[Line], page: Page) -> int:
    """Recognise the metadata before the document text; return the index where it starts."""
    i = _leaked_summary(lines, page)
    i = _title_lines(lines, i, page)
    while i < len(lines):
        line = lines[i]
        found = _label(line)
        if found and found[0] not in _TRAILER_KEYS and found[0] in _PREAMBLE_KEYS:
            i = _labelled_value(lines, i, found, page)
        elif _URL.match(line.stripped):
            page.add("url", line.stripped, Pos(line.number, line.col))
            i += 1
        elif match := _FUNDER.match(line.stripped):
            page.add("funder", match.group("who"), Pos(line.number, line.col))
            i += 1
        else:
            break
    if page.layout == "plain" and any(key == "citation" for key, _, _ in page.fields):
        page.layout = "wilson"
    return i


_PREAMBLE_KEYS = {
    "citation",
    "summary",
    "credits",
    "original_language",
    "contents",
    "author",
    "url",
}


def _leaked_summary(lines: list[Line], page: Page) -> int:
    """A summary of another document standing before the page date is page noise."""
    if len(lines) > 1 and _LEAKED.match(lines[0].stripped) and _PAGE_DATE.match(lines[1].stripped):
        line = lines[0]
        page.dropped.append(
            DroppedLine(
                line.number, line.stripped, "summary of another document before the page date"
            )
        )
        return 1
    return 0


def _title_lines(lines: list[Line], i: int, page: Page) -> int:
    if i >= len(lines):
        return i
    first = lines[i]
    if (date := _PAGE_DATE.match(first.stripped)) and not _label(first):
        page.layout = "wilson"
        page.add("page_date", date.group("date"), Pos(first.number, first.col))
        if date.group("rest"):
            page.add("title", date.group("rest"), Pos(first.number, first.col + date.start("rest")))
            return i + 1
        if i + 1 < len(lines) and not _label(lines[i + 1]):
            title = lines[i + 1]
            page.add("title", title.stripped, Pos(title.number, title.col))
            return i + 2
        return i + 1
    if i + 1 < len(lines) and (blog := _BLOG_TITLE.match(lines[i + 1].stripped)):
        page.layout = "blog"
        sub = lines[i + 1]
        page.add("title", first.stripped, Pos(first.number, first.col))
        page.add("subtitle", sub.stripped, Pos(sub.number, sub.col))
        page.add("doc_date", blog.group("date"), Pos(sub.number, sub.col))
        return i + 2
    return i


def _labelled_value(lines: list[Line], i: int, found: tuple[str, str], page: Page) -> int:
    key, inline_value = found
    line = lines[i]
    if inline_value:
        page.add(key, inline_value, Pos(line.number, line.col + line.text.find(inline_value)))
        return i + 1
    page.dropped.append(DroppedLine(line.number, line.stripped, "field label"))
    if i + 1 < len(lines) and not _label(lines[i + 1]):
        value = lines[i + 1]
        page.add(key, value.stripped, Pos(value.number, value.col))
        return i + 2
    page.add(key, "", Pos(line.number, line.col))
    return i + 1


# ---------------------------------------------------------------- trailer


def _trailer_start(lines: list[Line], start: int) -> int:
    for i in range(start, len(lines)):
        found = _label(lines[i])
        if found and found[0] in _TRAILER_KEYS and not found[1]:
            return i
        if _BLOG_AUTHOR.match(lines[i].stripped):
            return i
    return len(lines)


def _trailer(lines: list[Line], page: Page) -> None:
    """Labelled fields after the text, the related-documents list, a blog's author box."""
    key: str | None = None
    values: list[Line] = []
    for line in lines:
        found = _label(line)
        author = _BLOG_AUTHOR.match(line.stripped)
        if found or author:
            _close_trailer_field(key, values, page)
            if author:
                page.add("blog_author", author.group("who"), Pos(line.number, line.col))
                key, values = "author_box", []
                continue
            key, values = found[0], []
            if found[1]:
                values.append(Line(line.number, found[1], line.col + line.text.find(found[1])))
            page.dropped.append(DroppedLine(line.number, line.stripped, "field label"))
        elif key is None:
            page.dropped.append(DroppedLine(line.number, line.stripped, "unlabelled trailer line"))
        else:
            values.append(line)
    _close_trailer_field(key, values, page)


def _close_trailer_field(key: str | None, values: list[Line], page: Page) -> None:
    if key is None:
        return
    if key not in ("author_box", "document_information"):
        page.header_lines.update(line.number for line in values)
    if key == "related":
        page.related.extend(_related_groups(values))
    elif key == "author_box":
        for line in values:
            page.dropped.append(DroppedLine(line.number, line.stripped, "blog author box"))
    elif key == "document_information":
        for line in values:
            page.dropped.append(DroppedLine(line.number, line.stripped, "unlabelled trailer line"))
    elif not values:
        page.fields.append((key, "", Pos(0)))
    elif key in ("rights", "places_topics"):
        for line in values:
            page.add(key, line.stripped, Pos(line.number, line.col))
    else:
        page.add(key, " ".join(v.stripped for v in values), Pos(values[0].number, values[0].col))


def _related_groups(lines: list[Line]) -> Iterator[list[tuple[str, Pos]]]:
    """Related documents: a date line opens each group (date, title, summary)."""
    group: list[tuple[str, Pos]] = []
    for line in lines:
        if _PAGE_DATE.fullmatch(line.stripped) and group:
            yield group
            group = []
        group.append((line.stripped, Pos(line.number, line.col)))
    if group:
        yield group


# ---------------------------------------------------------------- the document part

_SIG_NAME = re.compile(r"\(\s*(?:[A-Z]\.\s*){1,3}[A-Z][A-Za-z’'-]*[A-Z]\s*\)$")
SIG_DATED = re.compile(r"^(?P<date>\S+)\s+(?P<name>[A-Z][A-Z’'-]{2,}(?:\s+[A-Z][A-Z’'-]+)*)$")
_CAPS_WORD = re.compile(r"[A-Za-z][A-Za-z’'.-]*")


def is_signature(text: str) -> bool:
    """A signature line: ``(A. ALEKSEYEV)`` at the end, ``29/X-62 ALEKSEYEV``, or a title in
    capitals (``AMBASSADOR OF THE USSR IN THE REPUBLIC OF CUBA``)."""
    text = text.strip()
    if _SIG_NAME.search(text):
        return True
    dated = SIG_DATED.match(text)
    if dated and dates.parse_date(dated.group("date")):
        return True
    return all_caps(text) and len(text) <= 120


def all_caps(text: str) -> bool:
    """All letters upper case (initials and a surname, or a title line)."""
    words = _CAPS_WORD.findall(text)
    letters = [c for c in text if c.isalpha()]
    return bool(words) and len(letters) >= 3 and all(c.isupper() for c in letters)


_NOT_A_SUMMARY = re.compile(r"^(?:\[\d{1,3}\]|NOTE\s*:|Note\s*:)")


def _summary_after_signature(body: list[Line], page: Page, has_trailer: bool) -> list[Line]:
    """Wilson pages with fields after the text put the summary after the signature."""
    has_summary = any(key == "summary" for key, _, _ in page.fields)
    if has_summary or page.layout != "wilson" or not has_trailer or len(body) < 2:
        return body
    last, before = body[-1], body[-2]
    if _NOT_A_SUMMARY.match(last.stripped):
        return body
    if is_signature(before.stripped) and not is_signature(last.stripped):
        page.add("summary", last.stripped, Pos(last.number, last.col))
        return body[:-1]
    return body


def _chunks(body: list[Line], all_lines: tuple[Line, ...]) -> Iterator[Chunk]:
    """Join lines that continue each other (open bracket, lower-case continuation)."""
    blank_before = _blank_before(all_lines)
    current: Chunk | None = None
    for line in body:
        chunk = Chunk.of(line)
        if current is not None and _continues(current, chunk, blank_before[line.number]):
            current = current.join(chunk)
            continue
        if current is not None:
            yield current
        current = chunk
    if current is not None:
        yield current


def _blank_before(lines: tuple[Line, ...]) -> dict[int, bool]:
    result: dict[int, bool] = {}
    previous_blank = True
    for line in lines:
        result.setdefault(line.number, previous_blank)
        previous_blank = line.blank
    return result


_ONLY_DOTS = re.compile(r"^\s*(?:\.\.\.|…)\s*$")


def _continues(current: Chunk, nxt: Chunk, blank_between: bool) -> bool:
    if _ONLY_DOTS.match(current.text) or _ONLY_DOTS.match(nxt.text):
        return False  # a line of only dots is an omission, a block of its own
    if current.text.count("[") > current.text.count("]"):
        return True
    if blank_between:
        return False
    tail = current.text.rstrip()
    return bool(tail) and tail[-1] not in '.:;!?)]"”' and nxt.text[:1].islower()
