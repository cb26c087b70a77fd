"""Properties over generated transcripts: nothing lost, always valid, always deterministic."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tei_edition
from tei_edition.errors import InputError
from tei_edition.read import ILLEGAL_XML
from tei_edition.reading import canonical, reading_text

WORDS = [
    "the",
    "minister",
    "said",
    "that",
    "Castro",
    "Fidel Castro",
    "Raúl",
    "Khrushchev's",
    "Havana",
    "Moscow",
    "CPSU",
    "U Thant",
    "agreed",
    "on",
    "5 November",
    "30/X/62",
    "4.XI.62",
    "16 February 1963",
    "12:10",
    "No. 848",
    "1939",
    "&",
    "<b>",
    '"quoted"',
    "Dorticós",
    "A. I. ALEKSEYEV",
    "—",
    "…",
    "Nº 5",
    "l'État",
    "(5 points)",
]
BRACKETS = [
    "[us]",
    "[nuclear]",
    "[SIC]",
    "[sic]",
    "<…>",
    "[...]",
    "[illegible]",
    "[?]",
    "[in English]",
    "[Translator's note: see above]",
    "[Stalin]",
    "[SIC}",
    "]",
    "[",
    "schedule[s]",
    "[Cuba's Foreign Minister Raúl Garcia]",
    "[1]",
    "[]",
]
token = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(BRACKETS),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8),
)
sentence = st.lists(token, min_size=1, max_size=12).map(" ".join)
paragraph = st.lists(sentence, min_size=1, max_size=3).map(". ".join)
line_end = st.sampled_from(["\n\n", "\n", "\r\n\r\n", "\n\u00a0\n"])
transcript = st.lists(st.tuples(paragraph, line_end), min_size=1, max_size=6).map(
    lambda parts: "".join(p + e for p, e in parts)
)

SETTINGS = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _document_text(result: tei_edition.Result, source: str) -> str:
    source = ILLEGAL_XML.sub("", source.replace("\r\n", "\n").replace("\r", "\n"))
    lines = source.split("\n")
    return "\n".join(lines[n - 1] for n in result.report["body_lines"])


@SETTINGS
@given(text=transcript)
def test_generated_transcripts_convert_losslessly_and_validly(text: str, tei_all) -> None:
    try:
        result = tei_edition.convert(text, source_name="generated.txt")
    except InputError:
        return  # empty or only noise: refused with a positioned message
    problems = list(tei_all.iter_errors(result.tree))
    assert not problems, problems[:3]
    assert canonical(reading_text(result.tree)) == canonical(_document_text(result, text))
    assert result.xml() == tei_edition.convert(text, source_name="generated.txt").xml()


@SETTINGS
@given(text=st.text(max_size=300))
def test_arbitrary_text_gives_tei_or_an_input_error(text: str, tei_all) -> None:
    try:
        result = tei_edition.convert(text, source_name="any.txt")
    except InputError as error:
        assert str(error).startswith("any.txt:")
        assert "\n" not in str(error)
        return
    assert tei_all.is_valid(result.tree)


@SETTINGS
@given(data=st.binary(max_size=200))
def test_arbitrary_bytes_give_tei_or_an_input_error(data: bytes, tei_all) -> None:
    try:
        result = tei_edition.convert(data, source_name="any.bin")
    except InputError as error:
        assert str(error).startswith("any.bin:")
        return
    assert tei_all.is_valid(result.tree)
