"""Names and dates in the converted samples, measured against the hand-checked list.

``tests/names_dates/expected.toml`` lists every name, date and time occurrence of the document
text of each sample. These tests convert each sample with ``tei_edition.convert_file`` and
compare what the edition tags (taken from the document model that is serialised) with that
list, printing precision and recall; both must be 100 %.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from conftest import NS, ROOT

import tei_edition
from tei_edition.model import Date, Name, Text, Time

EXPECTED = tomllib.loads(
    (Path(__file__).parent / "names_dates" / "expected.toml").read_text(encoding="utf-8")
)["transcript"]
DATE_KEYS = ("when", "from", "to", "notBefore", "notAfter", "cert")


def _walk(node: Any) -> Iterator[Any]:
    yield node
    if isinstance(node, Text):
        return
    for f in fields(node):
        value = getattr(node, f.name)
        if isinstance(value, tuple):
            for child in value:
                if hasattr(child, "__dataclass_fields__"):
                    yield from _walk(child)
        elif hasattr(value, "__dataclass_fields__"):
            yield from _walk(value)


def _text(node: Any) -> str:
    return "".join(n.text for n in _walk(node) if isinstance(n, Text))


def _tagged(file: str) -> tuple[Counter[tuple], Counter[tuple], Counter[tuple]]:
    result = tei_edition.convert_file(ROOT / "transcripts" / file)
    names: Counter[tuple] = Counter()
    dates: Counter[tuple] = Counter()
    times: Counter[tuple] = Counter()
    for block in result.document.body:
        for node in _walk(block):
            if isinstance(node, Name) and node.ref:
                names[(node.pos.line, _text(node), node.kind, node.ref, node.cert)] += 1
            elif isinstance(node, Date):
                dates[(node.pos.line, _text(node), tuple(sorted(node.attrs)))] += 1
            elif isinstance(node, Time):
                times[(node.pos.line, _text(node), node.when)] += 1
    return names, dates, times


def _expected(transcript: dict) -> tuple[Counter[tuple], Counter[tuple], Counter[tuple]]:
    names = Counter(
        (n["line"], n["text"], n["kind"], n["ref"], n.get("cert")) for n in transcript["names"]
    )
    dates = Counter(
        (d["line"], d["text"], tuple(sorted((k, d[k]) for k in DATE_KEYS if k in d)))
        for d in transcript["dates"]
    )
    times = Counter((t["line"], t["text"], t["when"]) for t in transcript["times"])
    return names, dates, times


@pytest.mark.parametrize("kind", ["names", "dates", "times"])
def test_precision_and_recall_on_the_samples(kind: str) -> None:
    index = ["names", "dates", "times"].index(kind)
    found_all: Counter[tuple] = Counter()
    expected_all: Counter[tuple] = Counter()
    for transcript in EXPECTED:
        found = _tagged(transcript["file"])[index]
        expected = _expected(transcript)[index]
        found_all.update({(transcript["file"], *k): v for k, v in found.items()})
        expected_all.update({(transcript["file"], *k): v for k, v in expected.items()})
    hits = (found_all & expected_all).total()
    precision = hits / found_all.total() if found_all else 1.0
    recall = hits / expected_all.total() if expected_all else 1.0
    print(
        f"{kind}: {expected_all.total()} expected, {found_all.total()} tagged,"
        f" precision {precision:.1%}, recall {recall:.1%}"
    )
    assert sorted((found_all - expected_all).elements(), key=str) == [], "tagged, not expected"
    assert sorted((expected_all - found_all).elements(), key=str) == [], "expected, not tagged"


def test_samples_cover_every_transcript() -> None:
    assert sorted(t["file"] for t in EXPECTED) == sorted(
        p.name for p in (ROOT / "transcripts").glob("*.txt")
    )


def test_signer_and_header_author_share_an_id() -> None:
    tree = tei_edition.convert_file(
        ROOT / "transcripts" / "1963-02-16_alekseyev-fidel-castro-withdrawal.txt"
    ).tree
    author = tree.xpath("string(//t:titleStmt/t:author/t:persName/@ref)", namespaces=NS)
    signer = tree.xpath("string(//t:closer/t:signed/t:persName/@ref)", namespaces=NS)
    assert author == signer == "#alekseyev_ai"
    ids = tree.xpath("//t:standOff//@xml:id", namespaces=NS)
    refs = {r[1:] for r in tree.xpath("//t:text//@ref", namespaces=NS)}
    assert refs <= set(ids)
    assert set(ids) == refs | {author[1:]}
