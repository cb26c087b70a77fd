"""Header interpretation: archive signatures, credits, languages, classification."""

from __future__ import annotations

import pytest

from tei_edition.header import classification_id, language_code, parse_signature

SIGNATURES = [
    (
        "AVP RF, f. 0104, op. 19, p. 124, d. 3, l. 66",
        "AVP RF",
        [("fond", "0104"), ("opis", "19"), ("papka", "124"), ("delo", "3")],
        "66",
        "66",
    ),
    (
        "AVP RF, f. 0104, op. 19, p. 124, d. 3, ll. 83-84. Obtained by James G. Hershberg",
        "AVP RF",
        [("fond", "0104"), ("opis", "19"), ("papka", "124"), ("delo", "3")],
        "83",
        "84",
    ),
    (
        "AVP RF, F. 0104. Op. 17, P. 118, D. 3. ll. 237-240.",
        "AVP RF",
        [("fond", "0104"), ("opis", "17"), ("papka", "118"), ("delo", "3")],
        "237",
        "240",
    ),
    (
        "RGASPI, Fond 45, Opis 1, Delo 340, List 82",
        "RGASPI",
        [("fond", "45"), ("opis", "1"), ("delo", "340")],
        "82",
        "82",
    ),
    (
        "APRF, f. 3, op. 65, d. 904, ll. 12-15",
        "APRF",
        [("fond", "3"), ("opis", "65"), ("delo", "904")],
        "12",
        "15",
    ),
    (
        "RGANI, f. 5, op. 30, d. 335, l. 3",
        "RGANI",
        [("fond", "5"), ("opis", "30"), ("delo", "335")],
        "3",
        "3",
    ),
    (
        "GARF, f. R-5446, op. 120, d. 1543",
        "GARF",
        [("fond", "R-5446"), ("opis", "120"), ("delo", "1543")],
        None,
        None,
    ),
    ("Wilson Center Digital Archive, AVP RF; copy obtained by NHK", "AVP RF", [], None, None),
]


@pytest.mark.parametrize(("text", "repo", "parts", "start", "end"), SIGNATURES)
def test_parse_signature(
    text: str, repo: str, parts: list, start: str | None, end: str | None
) -> None:
    sig = parse_signature(text)
    assert sig is not None
    assert sig.repository == repo
    assert list(sig.parts) == parts
    assert (sig.locus_from, sig.locus_to) == (start, end)
    assert sig.settlement == "Moscow"


def test_no_signature_without_a_known_repository() -> None:
    assert parse_signature("National Security Archive, Washington, D.C.") is None


@pytest.mark.parametrize(
    ("name", "code"), [("Russian", "ru"), ("English", "en"), ("Spanish ", "es"), ("Klingon", None)]
)
def test_language_code(name: str, code: str | None) -> None:
    assert language_code(name) == code


@pytest.mark.parametrize(
    ("text", "cid"),
    [
        ("Top Secret", "cls-top-secret"),
        ("Top Secret.", "cls-top-secret"),
        ("SECRET", "cls-secret"),
        ("Restricted", None),
    ],
)
def test_classification_id(text: str, cid: str | None) -> None:
    assert classification_id(text) == cid


def test_every_recognised_field_reaches_the_header() -> None:
    """Each label the layout recognises is read by build_header: no metadata is dropped."""
    import inspect

    from tei_edition import header, layout

    source = inspect.getsource(header)
    informational = {"related", "document_information"}
    for key, _ in layout.LABELS:
        if key not in informational:
            assert f'"{key}"' in source, f"field {key!r} is recognised but never used"


def test_header_dates_carry_their_value_in_the_model() -> None:
    """Page, document, upload and related-document dates are interpreted once, in the header,
    before any TEI is built."""
    from pathlib import Path

    from tei_edition import convert_file
    from tei_edition.model import DateField

    transcripts = Path(__file__).resolve().parents[1] / "transcripts"
    first = convert_file(transcripts / "1961-04-28_kudryavtsev-fidel-castro-neutral-conference.txt")
    header = first.document.header
    assert header.page_date == DateField(
        "June 9, 1961", header.page_date.pos, (("when", "1961-06-09"),)
    )
    assert header.doc_date is not None and header.doc_date.attrs == (("when", "1961-04-28"),)
    assert header.uploaded is not None and dict(header.uploaded.attrs)["when"].startswith("20")
    army_day = convert_file(transcripts / "1963-02-22_alekseyev-raul-castro-army-day.txt")
    related = [r.date for r in army_day.document.header.related if r.date is not None]
    assert related and all(isinstance(d, DateField) for d in related)
    assert all(dict(d.attrs)["when"].startswith("19") for d in related)
