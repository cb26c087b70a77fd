"""The five sample transcripts: valid against tei_all, lossless, header field by field."""

from __future__ import annotations

import pytest
from conftest import NS, ROOT, TRANSCRIPTS

import tei_edition
from tei_edition.reading import canonical, reading_text

T = {p.stem.split("_")[1]: p for p in TRANSCRIPTS}


def _tree(key: str):
    return tei_edition.convert_file(T[key]).tree


def _text(tree, path: str) -> str | list[str]:
    found = tree.xpath(path, namespaces=NS)
    values = [v if isinstance(v, str) else " ".join("".join(v.itertext()).split()) for v in found]
    return values[0] if len(values) == 1 else values


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=[p.stem for p in TRANSCRIPTS])
def test_sample_is_valid_tei_all(path, tei_all) -> None:
    tree = tei_edition.convert_file(path).tree
    problems = list(tei_all.iter_errors(tree))
    assert not problems, "\n".join(map(str, problems))


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=[p.stem for p in TRANSCRIPTS])
def test_sample_loses_no_word(path) -> None:
    result = tei_edition.convert_file(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    body_lines = set(result.report["body_lines"])
    document_text = "\n".join(lines[n - 1] for n in sorted(body_lines))
    assert canonical(document_text) == canonical(reading_text(result.tree))
    dropped = {d["line"] for d in result.report["dropped"]}
    header = {h["line"] for h in result.report["header"]}
    header |= {f["line"] for group in result.report["related_documents"] for f in group}
    for number, line in enumerate(lines, 1):
        if line.strip("\u00a0 \t"):
            assert number in body_lines | dropped | header, f"line {number} lost: {line[:50]}"


EXPECTED = {
    "alekseyev-fidel-castro-withdrawal": {
        "//t:title[@type='main']": "From the Journal of A.I. Alekseyev, 'Record of a Conversation"
        " with Fidel Castro Ruz, Prime Minister of the Republic of Cuba, 16 February 1963'",
        "//t:titleStmt/t:author/t:persName": "A.I. Alekseyev",
        "//t:respStmt[@xml:id='tr']/t:persName": "Gary Goldberg",
        "//t:respStmt[t:resp='obtained by']/t:name": "James G. Hershberg",
        "//t:funder": "Blavatnik Family Foundation",
        "//t:bibl/t:idno[@type='record']": "177830",
        "//t:bibl/t:date[@type='document']/@when": "1963-03-23",
        "//t:msIdentifier/t:repository/t:choice/t:abbr": "AVP RF",
        "//t:msIdentifier/t:idno/@type": ["fond", "opis", "papka", "delo"],
        "//t:msIdentifier/t:idno": ["0104", "19", "124", "3"],
        "//t:locus/@from": "66",
        "//t:creation/t:date/@when": "1963-02-16",
        "//t:language/@ident": ["en", "ru"],
        "//t:catRef[@scheme='#classification']/@target": "#cls-top-secret",
        "//t:abstract/t:p": "Fidel Castro and Alekseyev discuss the withdrawal of a Soviet"
        " military unit and potential political fallout.",
        "//t:opener/t:fw/@type": ["classification", "copyNumber"],
        "//t:opener/t:idno[@type='outgoing']": "Outgoing Nº 87",
        "//t:opener/t:dateline/t:date/@when": "1963-03-23",
        "//t:byline": "from the journal of A. I. ALEKSEYEV",
        "//t:div/t:head": "RECORD OF A CONVERSATION with Fidel CASTRO RUZ Prime Minister of the"
        " Republic of Cuba",
        "//t:div/t:dateline/t:date/@when": "1963-02-16",
        "//t:supplied/@reason": ["implied", "implied"],
        "count(//t:div/t:p)": 4.0,
        "//t:closer/t:signed": "USSR AMBASSADOR IN THE REPUBLIC OF CUBA∏(A. ALEKSEYEV)",
    },
    "alekseyev-raul-castro-army-day": {
        "//t:creation/t:date/@from": "1963-02-22",
        "//t:creation/t:date/@to": "1963-02-23",
        "//t:bibl/t:date[@type='uploaded']/@when": "2018-06-27",
        "//t:bibl/t:idno[@type='record']": "177838",
        "//t:keywords/t:term": "Memorandum of Conversation",
        "//t:locus/@to": "84",
        "count(//t:listBibl[@type='related']/t:bibl)": 5.0,
        "count(//t:availability/t:p)": 2.0,
        "//t:sic": "Chinese-Soviet",
        "//t:sic/@cert": "medium",
        "//t:abstract/t:p": "After delivering a speech at the Soviet embassy, Raul Castro critiques"
        " the Chinese diplomats who remained seated during a toast to Khrushchev, and Alekseyev"
        " informs him of the publication of divisive Chinese news articles.",
        "//t:head": "RECORD OF A CONVERSATION with Raul CASTRO RUZ, Minister of the Armed Forces"
        " of the Republic of Cuba",
    },
    "alekseyev-cable-castro-crestfallen": {
        "//t:title[@type='sub']": "29 October 1962 / Enciphered cable from Havana, from Alekseyev"
        " on his conversation with Fidel Castro",
        "//t:respStmt[@xml:id='tr']/t:persName": "misterestes",
        "//t:opener/t:fw[@type='handling']": ["Reproduction prohibited", "Top Priority"],
        "//t:opener/t:fw[@type='copyNumber']": "Copy No. 12",
        "//t:opener//t:idno[@type='cable']": ["6216/sh", "No. 49657"],
        "//t:opener/t:idno[@type='special']": "Special No. 1688-1691",
        "//t:opener/t:dateline/t:time/@when": "12:10:00",
        "//t:div/t:head": "Enciphered Cable",
        "//t:div/t:note[@type='translator']/@resp": "#tr",
        "//t:supplied[@reason='clarification']": "nuclear",
        "//t:correspAction[@type='sent']/t:date/@when": "1962-10-30T12:10:00",
        "//t:closer/t:dateline/t:date/@when": "1962-10-29",
        "//t:closer/t:signed": "ALEKSEYEV",
        "count(//t:postscript/t:p)": 2.0,
        "count(//t:div/t:p)": 26.0,
    },
    "alekseev-telegram-mikoyan-talks": {
        "//t:title[@type='main']": "Telegram from Soviet Ambassador to Cuba A.I. Alekseev to USSR"
        " Foreign Ministry",
        "//t:respStmt[@xml:id='tr']/t:persName": "John Henriksen",
        "//t:respStmt[t:resp='obtained by']/t:name": "NHK",
        "//t:keywords/t:term": "Telegram",
        "//t:creation/t:date/@when": "1962-11-04",
        "count(//t:list/t:item)": 3.0,
        "//t:closer/t:dateline/t:date/@when": "1962-11-04",
        "//t:div/t:note[@type='editorial']/@resp": "#pub",
        "//t:msIdentifier/t:idno[@type='signature']": "AVP RF",
    },
    "kudryavtsev-fidel-castro-neutral-conference": {
        "//t:titleStmt/t:author/t:persName": "S.M. Kudryavtsev",
        "//t:creation/t:date/@when": "1961-04-28",
        "//t:p/@n": ["1", "2"],
        "//t:locus/@from": "237",
        "//t:locus/@to": "240",
        "//t:closer/t:signed": "AMBASSADOR OF THE USSR IN THE REPUBLIC OF CUBA (S. KUDRYAVTSEV)",
        "//t:sic": "government",
        "//t:supplied": "him",
        "//t:opener/t:idno[@type='cable']": "Nº 189",
    },
}
CASES = [(key, path, want) for key, fields in EXPECTED.items() for path, want in fields.items()]


@pytest.mark.parametrize(("key", "path", "want"), CASES, ids=[f"{k}:{p}" for k, p, _ in CASES])
def test_sample_field(key: str, path: str, want) -> None:
    tree = _cached(key)
    got = tree.xpath(path, namespaces=NS) if path.startswith("count(") else _text(tree, path)
    assert got == want


_TREES: dict[str, object] = {}


def _cached(key: str):
    if key not in _TREES:
        _TREES[key] = _tree(key)
    return _TREES[key]


def test_every_sample_has_expectations() -> None:
    assert set(EXPECTED) == set(T)
    assert ROOT.joinpath("transcripts").is_dir()
