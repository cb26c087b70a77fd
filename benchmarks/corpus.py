"""A synthetic corpus of archival transcripts, recombined from the sample transcripts' parts.

Owns the recombination used by the benchmarks: page templates (Wilson Center pages with
fields before or after the text, the older citation-only template, the translator's blog
post, a plain transcript), the document kinds (record of conversation, enciphered cable,
telegram) with their openers, headings, cable headers, signatures and postscripts, the
names and dates that vary between documents, and the editorial brackets added to the
paragraphs. Paragraphs, list items and summaries are those of the samples in
``transcripts/``: the lines the converter itself reads as such.

Transcript ``i`` of seed ``s`` depends on ``(s, i)`` only: files are written one at a time,
the same seed gives byte-identical files, memory does not grow with N, and the first k files
of a corpus of N are the corpus of k. Run from the repository root::

    python -m benchmarks.corpus OUTDIR -n 10000 --seed 0 [--check]
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import random
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "transcripts"
TEI = "{http://www.tei-c.org/ns/1.0}"

LAYOUTS = ("wilson-before", "wilson-after", "wilson-citation", "blog", "plain")
LAYOUT_WEIGHTS = (35, 30, 10, 15, 10)

MONTHS = (
    "January February March April May June July August September October November December"
).split()
ROMAN = "I II III IV V VI VII VIII IX X XI XII".split()
NBSP = "\u00a0"
FIRST_DAY = dt.date(1961, 1, 3)
LAST_DAY = dt.date(1963, 12, 20)


# ---------------------------------------------------------------- parts


@dataclass(frozen=True)
class Parts:
    """What the samples give: paragraphs, list items and page summaries."""

    paragraphs: tuple[str, ...]
    items: tuple[str, ...]
    summaries: tuple[str, ...]


@dataclass(frozen=True)
class Author:
    """A Soviet ambassador as he appears in titles, bylines and signatures."""

    journal: str
    byline: str
    signed: str
    cable: str
    office: str


@dataclass(frozen=True)
class Person:
    """A Cuban interlocutor as he appears in titles and headings."""

    name: str
    caps: str
    short: str
    office: str


KUDRYAVTSEV = Author(
    "S.M. Kudryavtsev",
    "S. M. KUDRYAVTSEV",
    "(S. KUDRYAVTSEV)",
    "KUDRYAVTSEV",
    "AMBASSADOR OF THE USSR IN THE REPUBLIC OF CUBA",
)
ALEKSEYEV = Author(
    "A.I. Alekseyev",
    "A. I. ALEKSEYEV",
    "(A. ALEKSEYEV)",
    "ALEKSEYEV",
    "USSR AMBASSADOR IN THE REPUBLIC OF CUBA",
)
ALEKSEEV = Author(
    "A.I. Alekseev",
    "A. I. ALEKSEEV",
    "(A. ALEKSEEV)",
    "ALEKSEEV",
    "USSR AMBASSADOR IN THE REPUBLIC OF CUBA",
)
PEOPLE = (
    Person(
        "Fidel Castro Ruz",
        "Fidel CASTRO RUZ",
        "Fidel Castro",
        "Prime Minister of the Republic of Cuba",
    ),
    Person(
        "Raul Castro Ruz",
        "Raul CASTRO RUZ",
        "Raul Castro",
        "Minister of the Armed Forces of the Republic of Cuba",
    ),
    Person(
        "Osvaldo Dorticos Torrado",
        "Osvaldo DORTICOS TORRADO",
        "Dorticos",
        "President of the Republic of Cuba",
    ),
    Person(
        "Ernesto Guevara",
        "Ernesto GUEVARA",
        "Guevara",
        "Minister of Industry of the Republic of Cuba",
    ),
    Person(
        "Carlos Rafael Rodriguez",
        "Carlos Rafael RODRIGUEZ",
        "C.R. Rodriguez",
        "Director of the National Institute of Agrarian Reform",
    ),
    Person(
        "Raul Roa Garcia",
        "Raul ROA GARCIA",
        "Roa",
        "Minister of Foreign Affairs of the Republic of Cuba",
    ),
)
CREDITS = (
    ("James G. Hershberg", "Gary Goldberg"),
    ("James G. Hershberg", "Vladislav Zubok"),
    ("NHK", "John Henriksen"),
)
SIGNATURES = (
    "AVP RF, f. 0104, op. {op}, p. {p}, d. {d}, l. {l}",
    "AVP RF, f. 0104, op. {op}, p. {p}, d. {d}, ll. {l}-{l2}",
    "AVP RF, F. 0104. Op. {op}, P. {p}, D. {d}. ll. {l}-{l2}",
    "RGANI, f. 3, op. {op}, d. {d}, ll. {l}-{l2}",
    "APRF, f. 3, op. 65, d. {d}, l. {l}",
)
DISTRIBUTION = (
    "Brezhnev, Voronov, Kirilenko, Kozlov, Kosygin, Kuusinen, Mikoyan, Podgornyy, Polyanskiy,"
    " Suslov, Khrushchev, Shvernik, Grishin, Rashidov, Mazurov, Mzhavanadze, Shcherbitskiy,"
    " Demichev, Ilyichev, Ponomarev, Shelepin, Gromyko, Malinovskiy, Kuznetsov, Sobolev"
).split(", ")
TRANSLATOR_NOTES = (
    "the Russian text has “comrades” here",
    "this sentence is underlined in the original",
    "the last word is written by hand above the line",
    "the original gives the name in Latin letters",
)
OMISSIONS = ("<…>", "[...]", "[…]")
RIGHTS = (
    "The History and Public Policy Program welcomes reuse of Digital Archive materials for"
    " research and educational purposes. Some documents may be subject to copyright, which is"
    " retained by the rights holders in accordance with US and international copyright laws."
    " When possible, rights holders have been contacted for permission to reproduce their"
    " materials.",
    "To enquire about this document's rights status or request permission for commercial use,"
    " please contact the History and Public Policy Program at HAPP@wilsoncenter.org.",
)
FUNDER = "This document was made possible with support from Blavatnik Family Foundation"
BLOG_FOOTER = (
    "Published by misterestes",
    "Professional RU-EN translator with a love for books and movies, old and new, and a passion"
    " for translating declassified documents. Call me Doc. Nobody else does.",
    "Leave a Reply",
    "Fill in your details below or click an icon to log in: Logo",
    f"You are commenting using your account. Log{NBSP}Out{NBSP}/{NBSP} Change{NBSP})",
    "Twitter picture",
    f"You are commenting using your Twitter account. Log{NBSP}Out{NBSP}/{NBSP} Change{NBSP})",
    "Facebook photo",
    f"You are commenting using your Facebook account. Log{NBSP}Out{NBSP}/{NBSP} Change{NBSP})",
    "Connecting to %s",
    "%d bloggers like this:",
)


@functools.cache
def load_parts(folder: Path = SAMPLES) -> Parts:
    """Paragraphs, list items and summaries of the sample transcripts in ``folder``."""
    paragraphs: list[str] = []
    items: list[str] = []
    summaries: list[str] = []
    for path in sorted(folder.glob("*.txt")):
        found = _sample_parts(path)
        paragraphs += found.paragraphs
        items += found.items
        summaries += found.summaries
    if not paragraphs or not items or not summaries:
        raise SystemExit(f"{folder}: no sample transcripts to draw paragraphs from")
    return Parts(tuple(paragraphs), tuple(items), tuple(dict.fromkeys(summaries)))


def _sample_parts(path: Path) -> Parts:
    """The source lines of one sample that the converter reads as paragraphs and items."""
    import tei_edition
    from tei_edition.validate import source_line

    result = tei_edition.convert_file(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    body = result.tree.find(f".//{TEI}text/{TEI}body/{TEI}div")
    paragraphs = []
    items = []
    for block in body.iterchildren(f"{TEI}p", f"{TEI}list") if body is not None else ():
        number = source_line(block)
        if number is None:
            continue
        if block.tag == f"{TEI}p":
            paragraphs.append(re.sub(r"^\d+\.\s+", "", _clean(lines[number - 1])))
        elif block.tag == f"{TEI}list":
            following = lines[number - 1 : number - 1 + len(block)]
            items += [_clean(line).removeprefix("- ") for line in following]
    summaries = [f["value"] for f in result.report["header"] if f["field"] == "summary"]
    summaries += [group[-1]["value"] for group in result.report["related_documents"]]
    return Parts(tuple(paragraphs), tuple(items), tuple(summaries))


def _clean(line: str) -> str:
    return line.strip(f" \t{NBSP}")


# ---------------------------------------------------------------- dates and small pieces


def long_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def us_date(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def roman_date(day: dt.date, style: str) -> str:
    """``30/X/62``, ``30/X/1962``, ``29/X-62`` or ``4.XI.62``."""
    month, short = ROMAN[day.month - 1], f"{day.year % 100:02d}"
    return {
        "slash": f"{day.day}/{month}/{short}",
        "slash-long": f"{day.day}/{month}/{day.year}",
        "dash": f"{day.day}/{month}-{short}",
        "dot": f"{day.day}.{month}.{short}",
    }[style]


def pad(rng: random.Random, low: int, high: int) -> str:
    """Blog-style alignment: runs of no-break space and space, sometimes a tab."""
    if rng.random() < 0.15:
        return "\t"
    return f"{NBSP} " * rng.randint(low, high)


@dataclass(frozen=True)
class Facts:
    """What one generated document is about: who, when, which record."""

    author: Author
    person: Person
    date: dt.date
    page_date: dt.date
    record_id: int
    signature: str
    obtained: str
    translator: str


def draw_facts(rng: random.Random) -> Facts:
    date = FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days))
    if date < dt.date(1962, 6, 1):
        author = KUDRYAVTSEV
    else:
        author = rng.choice((ALEKSEYEV, ALEKSEYEV, ALEKSEEV))
    op, folder, delo = rng.randint(15, 20), rng.randint(100, 130), rng.randint(1, 9)
    leaf = rng.randint(20, 300)
    signature = rng.choice(SIGNATURES).format(
        op=op, p=folder, d=delo, l=leaf, l2=leaf + rng.randint(1, 4)
    )
    obtained, translator = rng.choice(CREDITS)
    return Facts(
        author=author,
        person=rng.choice(PEOPLE),
        date=date,
        page_date=date + dt.timedelta(days=rng.randint(0, 50)),
        record_id=rng.randint(110000, 199999),
        signature=signature,
        obtained=obtained,
        translator=translator,
    )


# ---------------------------------------------------------------- paragraphs and brackets


def _sentence_end(rng: random.Random, text: str) -> int | None:
    ends = [m.end() for m in re.finditer(r"[a-z]\. (?=[A-Z])", text)]
    return rng.choice(ends) if ends else None


def _plain_word(rng: random.Random, text: str) -> re.Match[str] | None:
    words = list(re.finditer(r"(?<=[ ])[a-z]{6,}(?= )", text))
    return rng.choice(words) if words else None


def add_omission(rng: random.Random, text: str) -> str:
    at = _sentence_end(rng, text)
    if at is None:
        return text
    return f"{text[:at]}{rng.choice(OMISSIONS)} {text[at:]}"


def add_sic(rng: random.Random, text: str) -> str:
    word = _plain_word(rng, text)
    if word is None:
        return text
    mark = rng.choice(("[SIC]", "[sic]"))
    return f"{text[: word.end()]} {mark}{text[word.end() :]}"


def add_illegible(rng: random.Random, text: str) -> str:
    word = _plain_word(rng, text)
    if word is None:
        return text
    return f"{text[: word.start()]}[illegible]{text[word.end() :]}"


def add_translator_note(rng: random.Random, text: str) -> str:
    return f"{text} [Translator's note: {rng.choice(TRANSLATOR_NOTES)}.]"


def add_supplied(rng: random.Random, text: str) -> str:
    found = list(re.finditer(r" (the|them|him|us) ", text))
    if not found:
        return text
    word = rng.choice(found)
    return f"{text[: word.start(1)]}[{word.group(1)}]{text[word.end(1) :]}"


def add_unclear(rng: random.Random, text: str) -> str:
    found = list(re.finditer(r"\b(Kennedy|Mikoyan|Dorticos|Gromyko)\b", text))
    if not found:
        return text
    name = rng.choice(found)
    return f"{text[: name.end()]}[?]{text[name.end() :]}"


EDITS: tuple[Callable[[random.Random, str], str], ...] = (
    add_omission,
    add_sic,
    add_illegible,
    add_translator_note,
    add_supplied,
    add_unclear,
)


def paragraphs(rng: random.Random, parts: Parts, low: int, high: int) -> list[str]:
    """Sample paragraphs, shuffled, about a third of them with an editorial bracket added."""
    chosen = rng.sample(parts.paragraphs, min(rng.randint(low, high), len(parts.paragraphs)))
    out = []
    for text in chosen:
        if "[" not in text and "<" not in text and rng.random() < 0.35:
            text = rng.choice(EDITS)(rng, text)
        out.append(text)
    return out


def with_footnotes(rng: random.Random, paras: list[str]) -> tuple[list[str], list[str]]:
    """Footnote markers after a sentence of one or two paragraphs, and the notes."""
    notes = []
    for number in range(1, rng.randint(1, 2) + 1):
        index = rng.randrange(len(paras))
        text = paras[index]
        if "[" in text or not text.endswith("."):
            continue
        paras[index] = f"{text}[{number}]"
        notes.append(f"[{number}] {rng.choice(TRANSLATOR_NOTES).capitalize()}.")
    return paras, notes


# ---------------------------------------------------------------- documents (the text itself)


@dataclass(frozen=True)
class Body:
    """A document as blocks (each one source line or several), and its kind."""

    kind: str
    blocks: list[str]
    title: str
    doc_type: str


def record(rng: random.Random, facts: Facts, parts: Parts) -> Body:
    """A record of conversation from an ambassador's journal."""
    author, person, day = facts.author, facts.person, facts.date
    classification = rng.choice(("Top Secret", "Top Secret", "Secret"))
    copy = f"{classification} Copy Nº: {rng.randint(1, 4)}"
    sent, number = long_date(facts.page_date), rng.randint(20, 400)
    opener = rng.choice(
        (
            [copy.replace(" Copy", ". Copy"), sent, f"Nº: {number}"],
            [f"{copy} {sent} Outgoing Nº: {number}"],
            [copy, sent, f"Outgoing Nº: {number}"],
        )
    )
    byline = rng.choice(
        (["from the journal of", author.byline], [f"from the journal of {author.byline}"])
    )
    head = rng.choice(
        (
            ["RECORD OF A CONVERSATION", f"with {person.caps}, {person.office}"],
            [f"RECORD OF A CONVERSATION with {person.caps} {person.office}"],
        )
    )
    dateline = long_date(day)
    if rng.random() < 0.15:
        nxt = day + dt.timedelta(days=1)
        dateline = f"{day.day} and {long_date(nxt)}" if nxt.month == day.month else dateline
    paras = paragraphs(rng, parts, 3, 12)
    if rng.random() < 0.25 and len(paras) > 3:
        paras[0] = f"1. {paras[0]}"
        paras[len(paras) // 2] = f"2. {paras[len(paras) // 2]}"
    signature = rng.choice(
        ([author.office, author.signed], [f"{author.office} {author.signed}"], [author.signed])
    )
    title = (
        f"From the Journal of {author.journal}, 'Record of a Conversation with {person.name},"
        f" {person.office}, {long_date(day)}'"
    )
    blocks = [*opener, *byline, *head, dateline, *paras, *signature]
    return Body("record", blocks, title, "Memorandum of Conversation")


def telegram(rng: random.Random, facts: Facts, parts: Parts) -> Body:
    """A telegram to the Foreign Ministry, with a list of remarks and a publisher's note."""
    author, day = facts.author, facts.date
    paras = paragraphs(rng, parts, 3, 9)
    if rng.random() < 0.5:
        items = rng.sample(parts.items, rng.randint(2, len(parts.items)))
        paras.insert(rng.randint(1, len(paras)), "\n".join(f"- {item}" for item in items))
    blocks = [long_date(day), *paras, f"{roman_date(day, 'dot')} {author.cable}"]
    if rng.random() < 0.6:
        blocks.append(
            f"Note: For English translations of the Russian records of conversations in Havana"
            f" on {long_date(day)}, see the CWIHP Bulletin 5 (Spring 1995), 59, 89-92."
        )
    title = f"Telegram from Soviet Ambassador to Cuba {author.journal} to USSR Foreign Ministry"
    return Body("telegram", blocks, title, "Telegram")


def cable(rng: random.Random, facts: Facts, parts: Parts) -> Body:
    """An enciphered cable from Havana, laid out with aligned headers and signature."""
    sent = facts.date + dt.timedelta(days=1)
    indent = f"{NBSP} " * 11
    header = [
        "Reproduction prohibited",
        f"Copy No. {rng.randint(1, 30)}",
        f"{rng.randint(1000, 9999)}/sh{pad(rng, 8, 12)}{roman_date(sent, 'slash')}",
        "Enciphered Cable",
    ]
    if rng.random() < 0.6:
        names = sorted(rng.sample(range(len(DISTRIBUTION)), rng.randint(4, 12)))
        listed = ", ".join(DISTRIBUTION[i] for i in names)
        header.append(f"[Translator’s note: Distribution for this cable is as follows: {listed}]")
    header += [
        f"From: Havana{pad(rng, 8, 12)}No. {rng.randint(10000, 99999)}{pad(rng, 10, 18)}"
        f"Time: {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}{pad(rng, 10, 15)}"
        f"Date: {roman_date(sent, 'slash-long')}",
        f"Special No. {(special := rng.randint(1000, 1900))}-{special + rng.randint(1, 5)}",
        "Top Priority",
    ]
    paras = [f"{indent} {text}" for text in paragraphs(rng, parts, 4, 14)]
    closing = f"{f'{NBSP} ' * 38} {roman_date(facts.date, 'dash')}{pad(rng, 6, 8)}"
    blocks = [*header, *paras, f"{closing}{facts.author.cable}"]
    if rng.random() < 0.6:
        reference = rng.randint(20000, 39999)
        blocks.append(
            f"{indent} NOTE: {pad(rng, 6, 11)} No. {rng.randint(100, 999)} (Ref. No. {reference})"
            f" dated {roman_date(facts.date, 'dash')} Comrade Gromyko gave the instruction to"
            f" speak with {facts.person.short}."
        )
    title = (
        f"{long_date(facts.date)} / Enciphered cable from Havana, from Alekseyev on his"
        f" conversation with {facts.person.short}"
    )
    return Body("cable", blocks, title, "Cable")


KINDS: dict[str, Callable[[random.Random, Facts, Parts], Body]] = {
    "record": record,
    "telegram": telegram,
    "cable": cable,
}


# ---------------------------------------------------------------- page templates


def citation(facts: Facts, title: str) -> str:
    return (
        f'"{title}", {us_date(facts.page_date)}, Wilson Center Digital Archive,'
        f" {facts.signature}. Obtained by {facts.obtained} and translated by {facts.translator}."
    )


def url(facts: Facts) -> str:
    return f"https://digitalarchive.wilsoncenter.org/document/{facts.record_id}"


def spacing(rng: random.Random) -> str:
    """Blank lines between blocks: usually one, sometimes none, sometimes a noisy run."""
    style = rng.random()
    if style < 0.12:
        return "\n"
    if style < 0.24:
        noise = [rng.choice(("", NBSP, " ", f"{NBSP} ")) for _ in range(rng.randint(1, 4))]
        return "\n" + "\n".join(noise) + "\n"
    return "\n\n"


def wilson_before(rng: random.Random, facts: Facts, body: Body, parts: Parts) -> str:
    """Labelled fields before the text; sometimes a leaked summary or a flattened header."""
    fields = [
        us_date(facts.page_date),
        body.title,
        "Citation:",
        citation(facts, body.title),
        url(facts),
        "Summary:",
        rng.choice(parts.summaries),
    ]
    if rng.random() < 0.5:
        fields += ["Credits:", FUNDER]
    fields += ["Original Language:", "Russian", "Contents:", "Translation - English"]
    style = rng.random()
    if style < 0.1:
        return "\n".join([" ".join(fields), *body.blocks]) + "\n"
    if style < 0.2:
        leaked = rng.choice(parts.summaries)
        return "\n".join([leaked, *fields, *body.blocks]) + "\n"
    gap = spacing(rng)
    return "\n\n" + gap.join([*fields, *body.blocks]) + "\n"


def wilson_after(rng: random.Random, facts: Facts, body: Body, parts: Parts) -> str:
    """Fields after the text, the summary after the signature, related documents."""
    head = ["Skip to content", us_date(facts.page_date), body.title, FUNDER]
    tail = [rng.choice(parts.summaries), ""]
    if rng.random() < 0.5:
        tail.append("Related Documents")
        for _ in range(rng.randint(1, 5)):
            other = draw_facts(rng)
            tail += [
                us_date(other.page_date),
                f"From the Journal of {other.author.journal}, 'Record of a Conversation with"
                f" {other.person.name}, {other.person.office}, {long_date(other.date)}'",
                rng.choice(parts.summaries),
            ]
    uploaded = dt.date(2011, 1, 1) + dt.timedelta(days=rng.randrange(3000))
    tail += [
        "Document Information",
        "Source",
        f"{facts.signature}. Obtained by {facts.obtained} and translated by {facts.translator}.",
        "Rights",
        *RIGHTS,
        "Original Uploaded Date",
        uploaded.isoformat(),
    ]
    if rng.random() < 0.6:
        tail += ["Type", body.doc_type]
    tail += ["Language", "Record ID", str(facts.record_id)]
    if rng.random() < 0.6:
        tail += ["Original Classification", "Top Secret"]
    tail += ["Donors", "Blavatnik Family Foundation"]
    text = "\n\n".join(head) + "\n\n"
    text += f"\n\n{NBSP}\n\n".join(body.blocks) + f"\n\n{NBSP}\n\n"
    return text + "\n\n".join(tail)


def wilson_citation(rng: random.Random, facts: Facts, body: Body, parts: Parts) -> str:
    """The older template: the title appears only inside the quoted citation."""
    fields = [
        "Citation:",
        f'"{body.title}", {us_date(facts.page_date)}, Wilson Center Digital Archive, AVP RF;'
        f" copy obtained by NHK, provided to CWIHP; translation by {facts.translator}",
        "Original Language:",
        "Russian",
        "Contents:",
        "Translation - English",
    ]
    return rng.choice(("\n", "\n\n")).join([*fields, *body.blocks]) + "\n"


def blog(rng: random.Random, facts: Facts, body: Body, parts: Parts) -> str:
    """A translator's blog post: title, subtitle, the cable, author box and comment form."""
    head = [f"Cuban Missile Crisis, Document{NBSP}{rng.randint(1, 80)}", body.title, ""]
    return "\n\n".join([*head, *body.blocks, *BLOG_FOOTER])


def plain(rng: random.Random, facts: Facts, body: Body, parts: Parts) -> str:
    """A plain transcript: the document text and nothing else."""
    return "\n\n".join(body.blocks) + "\n"


Template = Callable[[random.Random, Facts, Body, Parts], str]
TEMPLATES: dict[str, tuple[Template, tuple[str, ...]]] = {
    "wilson-before": (wilson_before, ("record", "record", "telegram")),
    "wilson-after": (wilson_after, ("record",)),
    "wilson-citation": (wilson_citation, ("telegram", "record")),
    "blog": (blog, ("cable",)),
    "plain": (plain, ("record", "telegram", "cable")),
}


# ---------------------------------------------------------------- transcripts and files


@dataclass(frozen=True)
class Transcript:
    """One generated transcript: its file stem, its layout and its bytes."""

    stem: str
    layout: str
    kind: str
    data: bytes


def transcript(seed: int, index: int, parts: Parts | None = None) -> Transcript:
    """Transcript ``index`` of the corpus of ``seed``."""
    parts = parts or load_parts()
    rng = random.Random(f"tei-edition corpus {seed} {index}")
    layout = rng.choices(LAYOUTS, LAYOUT_WEIGHTS)[0]
    template, kinds = TEMPLATES[layout]
    facts = draw_facts(rng)
    body = KINDS[rng.choice(kinds)](rng, facts, parts)
    if rng.random() < 0.1 and body.kind != "cable":
        body = _footnoted(rng, body)
    text = template(rng, facts, body, parts)
    return Transcript(f"{index:06d}-{layout}", layout, body.kind, encode(rng, text))


def _footnoted(rng: random.Random, body: Body) -> Body:
    """Footnote markers in the paragraphs and the notes after the signature."""
    paras = [i for i, b in enumerate(body.blocks) if len(b) > 80 and "\n" not in b]
    if not paras:
        return body
    texts, notes = with_footnotes(rng, [body.blocks[i] for i in paras])
    blocks = list(body.blocks)
    for i, text in zip(paras, texts, strict=True):
        blocks[i] = text
    return Body(body.kind, blocks + notes, body.title, body.doc_type)


def encode(rng: random.Random, text: str) -> bytes:
    """UTF-8 mostly; some files with CRLF line ends or a byte-order mark, as archives hold."""
    if rng.random() < 0.05:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    return b"\xef\xbb\xbf" + data if rng.random() < 0.03 else data


def write_corpus(out_dir: Path, count: int, seed: int = 0) -> Iterator[Path]:
    """Write transcripts ``0..count-1`` of ``seed`` into ``out_dir``, one at a time."""
    out_dir.mkdir(parents=True, exist_ok=True)
    parts = load_parts()
    for index in range(count):
        made = transcript(seed, index, parts)
        path = out_dir / f"{made.stem}.txt"
        path.write_bytes(made.data)
        yield path


def check(paths: Iterator[Path]) -> int:
    """Convert each file (no validation); print and count the failures."""
    import tei_edition

    failures = 0
    for path in paths:
        try:
            tei_edition.convert_file(path)
        except tei_edition.TeiEditionError as error:
            failures += 1
            print(f"failed: {error}", file=sys.stderr)
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path, help="directory for the .txt transcripts")
    parser.add_argument("-n", "--count", type=int, default=10_000, help="number of transcripts")
    parser.add_argument("--seed", type=int, default=0, help="same seed, same bytes")
    parser.add_argument(
        "--check", action="store_true", help="convert each file as it is written (slower)"
    )
    args = parser.parse_args(argv)
    paths = write_corpus(args.out_dir, args.count, args.seed)
    if args.check:
        failures = check(paths)
        print(f"{args.count} transcripts in {args.out_dir}, {failures} failed to convert")
        return 1 if failures else 0
    written = sum(1 for _ in paths)
    print(f"{written} transcripts in {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
