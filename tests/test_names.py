"""The register and name matching: rules on synthetic sentences, user registers, the samples."""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from tei_edition.errors import SourceError
from tei_edition.names import TEI_NS, Entry, NameMatch, NameMatcher, Register

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = Path(__file__).parent / "names_dates" / "expected.toml"
TEI = f'<TEI xmlns="{TEI_NS}"><teiHeader/><standOff>{{}}</standOff></TEI>'


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    return NameMatcher(Register.bundled())


def spans(matches: list[NameMatch]) -> list[tuple[str, str | None, str | None]]:
    return [(m.text, m.ref, m.cert) for m in matches]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # surname alone, forename and surname, initials in every spacing
        ("Khrushchev agreed.", [("Khrushchev", "khrushchev_ns", None)]),
        (
            "N. S. Khrushchev and N.S. Khrushchev",
            [
                ("N. S. Khrushchev", "khrushchev_ns", None),
                ("N.S. Khrushchev", "khrushchev_ns", None),
            ],
        ),
        (
            "Nikita Sergeyevich Khrushchev spoke",
            [("Nikita Sergeyevich Khrushchev", "khrushchev_ns", None)],
        ),
        (
            "F. Castro and A.I. Mikoyan",
            [("F. Castro", "castro_f", None), ("A.I. Mikoyan", "mikoyan_ai", None)],
        ),
        ("Marshal R. Ya. Malinovsky spoke", [("R. Ya. Malinovsky", "malinovsky_ry", None)]),
        ("C.R. Rodriguez asked", [("C.R. Rodriguez", "rodriguez_cr", None)]),
        ("John F. Kennedy", [("John F. Kennedy", "kennedy_jf", None)]),
        # all capitals, with brackets left out of the span
        ("with Prime Minister Fidel CASTRO RUZ", [("Fidel CASTRO RUZ", "castro_f", None)]),
        ("(S. KUDRYAVTSEV)", [("S. KUDRYAVTSEV", "kudryavtsev_sm", None)]),
        (
            "USSR AMBASSADOR IN THE REPUBLIC OF CUBA (A. ALEKSEYEV)",
            [
                ("USSR", "ussr", None),
                ("REPUBLIC OF CUBA", "cuba", None),
                ("A. ALEKSEYEV", "alekseyev_ai", None),
            ],
        ),
        # transliteration variants and diacritics
        (
            "Alekseev, Alekseyev, Alexeev",
            [
                ("Alekseev", "alekseyev_ai", None),
                ("Alekseyev", "alekseyev_ai", None),
                ("Alexeev", "alekseyev_ai", None),
            ],
        ),
        (
            "Dorticos and Dorticós",
            [("Dorticos", "dorticos_o", None), ("Dorticós", "dorticos_o", None)],
        ),
        (
            "Malinovsky, Malinovskiy, Podgornyy, Polyanskiy",
            [
                ("Malinovsky", "malinovsky_ry", None),
                ("Malinovskiy", "malinovsky_ry", None),
                ("Podgornyy", "podgorny_nv", None),
                ("Polyanskiy", "polyansky_ds", None),
            ],
        ),
        ("Raul and Raúl", [("Raul", "castro_r", None), ("Raúl", "castro_r", None)]),
        (
            "E. Aragonez and Emilio Aragonés",
            [("E. Aragonez", "aragones_e", None), ("Emilio Aragonés", "aragones_e", None)],
        ),
        # possessives, with both apostrophes
        (
            "Kennedy's promises and Khrushchev\u2019s letter",
            [("Kennedy", "kennedy_jf", None), ("Khrushchev", "khrushchev_ns", None)],
        ),
        # titles stay outside
        (
            "Cde. Pavlov and Comrade Gromyko",
            [("Pavlov", "pliyev_ia", None), ("Gromyko", "gromyko_aa", None)],
        ),
        (
            "President Dorticos, Prime Minister Fidel Castro",
            [("Dorticos", "dorticos_o", None), ("Fidel Castro", "castro_f", None)],
        ),
        # code names glossed by the translator
        (
            "Filippov [Stalin] wrote",
            [("Filippov", "stalin_iv", None), ("Stalin", "stalin_iv", None)],
        ),
        # first names alone, and the longest name winning
        (
            "Fidel said; Raul Roa replied",
            [("Fidel", "castro_f", None), ("Raul Roa", "roa_r", None)],
        ),
        # places: countries and their short forms, but not adjectives
        (
            "the US, USA, the Soviet Union and the USSR",
            [
                ("US", "usa", None),
                ("USA", "usa", None),
                ("Soviet Union", "ussr", None),
                ("USSR", "ussr", None),
            ],
        ),
        ("Cuban-American and Chinese-Soviet relations", []),
        ("Cuba--US relations", [("Cuba", "cuba", None), ("US", "usa", None)]),
        ("Prime Minister of the Republic of Cuba", [("Republic of Cuba", "cuba", None)]),
        ("the Kremlin in Moscow", [("Kremlin", "kremlin", None), ("Moscow", "moscow", None)]),
        # organisations: one span for the full name
        (
            "the Central Committee of the Communist Party of the Soviet Union",
            [("Central Committee of the Communist Party of the Soviet Union", "cc_cpsu", None)],
        ),
        (
            "the CC CPSU, the CPSU CC and the CPSU",
            [("CC CPSU", "cc_cpsu", None), ("CPSU CC", "cc_cpsu", None), ("CPSU", "cpsu", None)],
        ),
        ("the Presidium of the CC CPSU", [("Presidium of the CC CPSU", "presidium_cc_cpsu", None)]),
        (
            "the UN Security Council and the Security Council",
            [
                ("UN Security Council", "un_security_council", None),
                ("Security Council", "un_security_council", None),
            ],
        ),
        (
            "the Ministry of the Armed Forces of Cuba",
            [("Ministry of the Armed Forces of Cuba", "minfar", None)],
        ),
        (
            "the Soviet Embassy in Washington",
            [("Soviet Embassy in Washington", "soviet_embassy_washington", None)],
        ),
        (
            "the International Red Cross and Xinhua",
            [("International Red Cross", "icrc", None), ("Xinhua", "xinhua", None)],
        ),
        (
            "U Thant met McCloy and Stevenson",
            [
                ("U Thant", "thant_u", None),
                ("McCloy", "mccloy_jj", None),
                ("Stevenson", "stevenson_ae", None),
            ],
        ),
        (
            "Mao Zedong and Zhou Enlai",
            [("Mao Zedong", "mao_zd", None), ("Zhou Enlai", "zhou_el", None)],
        ),
    ],
)
def test_matching_rules(
    matcher: NameMatcher, sentence: str, expected: list[tuple[str, str, None]]
) -> None:
    found = matcher.find(sentence)
    assert spans(found) == expected
    for match in found:
        assert sentence[match.start : match.end] == match.text
        assert match.kind == Register.bundled().get(match.ref or "").kind


@pytest.mark.parametrize(
    "sentence",
    [
        "let us go",  # lower-case 'us' is not the country
        "the Cuban Missile Crisis and the Caribbean Crisis",
        "Soviet, Cuban, American and Chinese comrades",
        "the Americans and the Chinese",
        "on the presidium sat the ambassadors",  # the platform, not the Presidium
        "the central committee of a trade union",
        "Castroism and Kennedyite policies",
        "the Treaty of Brest-Litovsk and the New Economic Policy",
    ],
)
def test_not_names(matcher: NameMatcher, sentence: str) -> None:
    assert matcher.find(sentence) == []


def test_castro_alone_with_one_brother_in_the_document(matcher: NameMatcher) -> None:
    document = "I met Fidel Castro.\n\nCastro said no."
    [match] = matcher.find("Castro said no.", document)
    assert (match.ref, match.cert, match.warning) == ("castro_f", None, None)


def test_castro_resolved_by_the_paragraph(matcher: NameMatcher) -> None:
    document = "Fidel Castro spoke.\n\nThen Raul Castro arrived. Castro said no.\n\nFidel agreed."
    found = matcher.find(document)
    assert spans(found) == [
        ("Fidel Castro", "castro_f", None),
        ("Raul Castro", "castro_r", None),
        ("Castro", "castro_r", "medium"),
        ("Fidel", "castro_f", None),
    ]


def test_castro_resolved_by_every_earlier_mention(matcher: NameMatcher) -> None:
    document = "Raul Castro arrived.\n\nCastro spoke.\n\nFidel agreed."
    paragraph = "Castro spoke."
    [match] = matcher.find(paragraph, document, document.index(paragraph))
    assert (match.ref, match.cert, match.warning) == ("castro_r", "medium", None)


def test_castro_unclear_is_low_with_a_warning(matcher: NameMatcher) -> None:
    document = "Raul Castro and Fidel Castro arrived.\n\nCastro spoke."
    [match] = matcher.find("Castro spoke.", document)
    assert (match.ref, match.cert) == ("castro_f", "low")
    assert match.warning and "castro_r" in match.warning and "castro_f" in match.warning


def test_castro_with_no_brother_named(matcher: NameMatcher) -> None:
    [match] = matcher.find("Castro spoke.")
    assert match.cert == "low" and match.warning and "none named" in match.warning


def test_candidates_are_unknown_names_only(matcher: NameMatcher) -> None:
    text = (
        "Then Fidel Castro met Ivan Petrov of the History and Public Policy Program in Tokyo "
        "on 30/X/62; the Soviet and Cuban delegates, on 5 November."
    )
    found = matcher.candidates(text)
    assert [(c.text, c.ref, c.kind) for c in found] == [
        ("Ivan Petrov", None, "name"),
        ("History and Public Policy Program", None, "name"),
        ("Tokyo", None, "name"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They recalled the Treaty of Brest-Litovsk in 1918.", ["Treaty of Brest-Litovsk"]),
        ("The pilots flew - Mikoyan said - at dawn.", []),
        ("RECORD OF\nCONVERSATION WITH the minister: a conversation with him", []),
        ("TALKS WITH MIKOYAN IN HAVANA. Talks went on with the KGB", ["KGB"]),
        ("He asked the Party for help, as the party had promised the Comintern.", ["Comintern"]),
        ("The cable reached Tokyo.", ["Tokyo"]),
    ],
)
def test_candidates_are_not_capitalised_common_words(
    matcher: NameMatcher, text: str, expected: list[str]
) -> None:
    assert [c.text for c in matcher.document_candidates(text)] == expected


def test_bundled_register_contents() -> None:
    register = Register.bundled()
    kinds = [entry.kind for entry in register]
    assert (kinds.count("person"), kinds.count("place"), kinds.count("org")) == (46, 23, 21)
    fidel = register.get("castro_f")
    assert (fidel.name, fidel.wikidata, fidel.variants) == (
        "Fidel Castro Ruz",
        "Q11256",
        ("Fidel",),
    )
    assert register.get("havana").wikidata == "Q1563"
    assert register.get("moscow").wikidata == "Q649"
    assert register.get("pliyev_ia").variants == ("Issa Pliev", "Pavlov")
    for entry in register:
        assert entry.note, entry.id
    with pytest.raises(KeyError, match="nobody"):
        register.get("nobody")


def test_bundled_register_is_valid_tei(tei_all) -> None:
    register = etree.parse(str(ROOT / "tei_edition" / "data" / "register.xml"))
    problems = list(tei_all.iter_errors(register))
    assert not problems, "\n".join(map(str, problems))


def test_standoff_holds_only_the_entries_asked_for() -> None:
    standoff = Register.bundled().standoff(["moscow", "castro_f", "cpsu", "castro_f"])
    lists = [
        (
            etree.QName(child).localname,
            [g.get("{http://www.w3.org/XML/1998/namespace}id") for g in child],
        )
        for child in standoff
    ]
    assert lists == [("listPerson", ["castro_f"]), ("listPlace", ["moscow"]), ("listOrg", ["cpsu"])]


def test_user_tei_register_wins_and_adds(tmp_path: Path) -> None:
    user = tmp_path / "mine.xml"
    user.write_text(
        TEI.format(
            '<listPerson><person xml:id="castro_f"><persName>Fidel Alejandro Castro</persName>'
            '<idno type="wikidata">Q11256</idno><note>Mine.</note></person>'
            '<person xml:id="ivanov_p"><persName><forename>Pyotr</forename> '
            "<surname>Ivanov</surname></persName></person>"
            "</listPerson>"
        ),
        encoding="utf-8",
    )
    register = Register.load(user)
    assert register.get("castro_f").note == "Mine."
    assert "havana" in register
    found = NameMatcher(register).find("P. Ivanov met Fidel Alejandro Castro in Havana.")
    assert spans(found) == [
        ("P. Ivanov", "ivanov_p", None),
        ("Fidel Alejandro Castro", "castro_f", None),
        ("Havana", "havana", None),
    ]
    element = register.standoff(["castro_f"])[0][0]
    assert element.findtext(f"{{{TEI_NS}}}note") == "Mine."


def test_user_csv_register(tmp_path: Path) -> None:
    user = tmp_path / "mine.csv"
    user.write_text(
        "id,name,variants,wikidata,kind,note\n"
        "ivanov_p,Pyotr Ivanov,Petr Ivanov;P. Ivanoff,,person,An invented official\n"
        "oriente,Oriente,Oriente Province,,place,\n"
        "havana,Havana City,La Habana,Q1563,place,Replaced\n",
        encoding="utf-8",
    )
    register = Register.load(user)
    assert register.get("ivanov_p") == Entry(
        id="ivanov_p",
        kind="person",
        name="Pyotr Ivanov",
        variants=("Petr Ivanov", "P. Ivanoff"),
        note="An invented official",
    )
    assert register.get("havana").name == "Havana City"
    found = NameMatcher(register).find(
        "Ivanov and P. Ivanoff went to Oriente Province and Havana City."
    )
    assert spans(found) == [
        ("Ivanov", "ivanov_p", None),
        ("P. Ivanoff", "ivanov_p", None),
        ("Oriente Province", "oriente", None),
        ("Havana City", "havana", None),
    ]
    place = register.standoff(["oriente"])[0][0]
    assert etree.QName(place).localname == "place"


@pytest.mark.parametrize(
    ("name", "content", "line", "message"),
    [
        ("bad.xml", "<TEI>\n<standOff>\n</TEI>", 3, "invalid XML"),
        (
            "noid.xml",
            TEI.format("<listPerson>\n<person><persName>X</persName></person></listPerson>"),
            2,
            "without xml:id",
        ),
        (
            "noname.xml",
            TEI.format('<listPlace>\n<place xml:id="p"/></listPlace>'),
            2,
            "no <placeName>",
        ),
        (
            "dup.xml",
            TEI.format(
                '<listOrg><org xml:id="o"><orgName>O</orgName></org>\n'
                '<org xml:id="o"><orgName>P</orgName></org></listOrg>'
            ),
            2,
            "ID o already defined",
        ),
        (
            "qid.xml",
            TEI.format(
                '<listOrg>\n<org xml:id="o"><orgName>O</orgName>'
                '<idno type="wikidata">12</idno></org></listOrg>'
            ),
            2,
            "bad Wikidata id",
        ),
        ("empty.xml", TEI.format(""), 1, "no TEI <person>"),
        ("cols.csv", "id,label\nx,y\n", 1, "lacks column(s) name"),
        ("extra.csv", "id,name,colour\nx,y,z\n", 1, "unknown CSV column(s) colour"),
        ("kind.csv", "id,name,kind\nx,X,animal\n", 2, "kind must be person, place or org"),
        ("blank.csv", "id,name\nx,X\ny,\n", 3, "empty name"),
        ("badid.csv", "id,name\n1 2,X\n", 2, "bad or missing id"),
        ("dup.csv", "id,name\nx,X\nx,Y\n", 3, "duplicate id"),
    ],
)
def test_bad_register_files(
    tmp_path: Path, name: str, content: str, line: int, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SourceError, match=re.escape(message)) as raised:
        Register.load(path)
    assert (raised.value.file, raised.value.line) == (str(path), line)
    assert str(raised.value).startswith(f"{path}:{line}:")


def test_missing_and_undecodable_register_files(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="not found"):
        Register.load(tmp_path / "absent.csv")
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"id,name\n\xff\xfe,x\n")
    with pytest.raises(SourceError, match="not UTF-8"):
        Register.load(binary)


def sample_lines(transcript: dict) -> tuple[list[str], str]:
    lines = (ROOT / "transcripts" / transcript["file"]).read_text(encoding="utf-8").split("\n")
    return lines, "\n".join(lines[transcript["first_line"] - 1 : transcript["last_line"]])


def test_sample_precision_recall(matcher: NameMatcher) -> None:
    expected: Counter[tuple] = Counter()
    found: Counter[tuple] = Counter()
    for transcript in tomllib.loads(EXPECTED.read_text(encoding="utf-8"))["transcript"]:
        lines, document = sample_lines(transcript)
        offset = 0
        for number in range(transcript["first_line"], transcript["last_line"] + 1):
            line = lines[number - 1]
            for m in matcher.find(line, document, offset):
                found[(transcript["file"], number, m.text, m.kind, m.ref, m.cert)] += 1
            offset += len(line) + 1
        for n in transcript["names"]:
            expected[
                (transcript["file"], n["line"], n["text"], n["kind"], n["ref"], n.get("cert"))
            ] += 1
    true_positives = (found & expected).total()
    precision, recall = true_positives / found.total(), true_positives / expected.total()
    print(
        f"names: {expected.total()} expected, {found.total()} found, "
        f"precision {precision:.1%}, recall {recall:.1%}"
    )
    assert sorted((found - expected).elements(), key=str) == [], "tagged but not expected"
    assert sorted((expected - found).elements(), key=str) == [], "expected but not tagged"
    assert precision == recall == 1.0
