"""Each assert of schema/tei_edition.sch: one passing and one failing document."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from tei_edition import validate

ROOT = Path(__file__).resolve().parents[1]
SCH = ROOT / "schema" / "tei_edition.sch"
EXAMPLE = Path(__file__).parent / "validation_cases" / "valid" / "example-record.xml"
SCH_NS = {"sch": "http://purl.oclc.org/dsdl/schematron"}
TEI = "{http://www.tei-c.org/ns/1.0}"

Edit = tuple[bytes, bytes] | Callable[[etree._ElementTree], None]


def _duplicate_id(tree: etree._ElementTree) -> None:
    tree.getroot().find(f".//{TEI}abstract").set("{http://www.w3.org/XML/1998/namespace}id", "tr")


def _distinct_id(tree: etree._ElementTree) -> None:
    tree.getroot().find(f".//{TEI}abstract").set("{http://www.w3.org/XML/1998/namespace}id", "abs")


PLACE = b'<placeName ref="#havana">Havana</placeName> Time'
DAY = b'when="1962-05-02"'
RANGE = b'from="1962-05-06" to="1962-05-07"'

# rule id: (a passing edit, a failing edit) of example-record.xml
CASES: dict[str, tuple[Edit, Edit]] = {
    "ref-resolves": (
        (PLACE, b'<placeName ref="#havana #moscow https://x.org/#a">Havana</placeName> Time'),
        (PLACE, b'<placeName ref="#havana #nowhere">Havana</placeName> Time'),
    ),
    "resp-resolves": (
        (b'reason="implied" resp="#tr"', b'reason="implied" resp="#pub #enc"'),
        (b'reason="implied" resp="#tr"', b'reason="implied" resp="#translator"'),
    ),
    "scheme-resolves": (
        (b"<keywords>", b'<keywords scheme="#classification">'),
        (b"<keywords>", b'<keywords scheme="#doctypes">'),
    ),
    "id-unique": (_distinct_id, _duplicate_id),
    "resp-on-supplied": (
        (b'reason="implied" resp="#tr"', b'resp="#tr" reason="implied"'),
        (b'reason="implied" resp="#tr"', b'reason="implied"'),
    ),
    "resp-on-gap": (
        (b'<gap reason="editorial" resp="#tr"/>', b'<gap resp="#pub"/>'),
        (b'<gap reason="editorial" resp="#tr"/>', b'<gap reason="editorial"/>'),
    ),
    "resp-on-translator-note": (
        (b'<note type="translator" resp="#tr"', b'<note resp="#tr" type="translator"'),
        (b'<note type="translator" resp="#tr"', b'<note type="translator"'),
    ),
    "date-real": ((DAY, b'when="1964-02-29"'), (DAY, b'when="1962-02-29"')),
    # partial dates (xsd:gMonthDay, gDay, gMonth) are TEI dates too
    "date-real/partial": ((DAY, b'when="--02-29"'), (DAY, b'when="--02-30"')),
    "date-real/day": ((DAY, b'when="---22"'), (DAY, b'when="---32"')),
    "date-real/month": ((DAY, b'when="--12"'), (DAY, b'when="--13"')),
    "date-order": (
        (RANGE, b'from="1962-05" to="1962-05-31"'),
        (RANGE, b'from="1962-05-08" to="1962-05-07"'),
    ),
    "date-has-text": (  # a warning about dates in the text; header dates may be bare
        (b">3 May 1962</date></creation>", b"/></creation>"),
        (b'cert="medium">2 May</date>', b'cert="medium"/>'),
    ),
    "classification-target": (
        (b'target="#cls-top-secret"', b'target="#cls-secret"'),
        (b'target="#cls-top-secret"', b'target="#havana"'),
    ),
    "not-empty": (
        (b"<head>Enciphered Cable</head>", b"<head><gap resp='#tr'/></head>"),
        (b"<head>Enciphered Cable</head>", b"<head> </head>"),
    ),
}


def _apply(edit: Edit) -> etree._ElementTree:
    if callable(edit):
        tree = etree.parse(str(EXAMPLE))
        edit(tree)
        return tree
    old, new = edit
    data = EXAMPLE.read_bytes()
    assert old in data, f"the example record lacks {old!r}"
    return etree.fromstring(data.replace(old, new, 1)).getroottree()


def _rule_ids(tree: etree._ElementTree) -> list[str | None]:
    return [p.rule_id for p in validate.iter_errors(tree, schema=SCH)]


def _asserts() -> list[etree._Element]:
    return etree.parse(str(SCH)).findall(".//sch:assert", SCH_NS)


def test_example_record_passes_every_rule() -> None:
    assert _rule_ids(etree.parse(str(EXAMPLE))) == []


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_passing_case(rule_id: str) -> None:
    passing, failing = CASES[rule_id]
    assert passing != failing
    assert _rule_ids(_apply(passing)) == []


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_failing_case(rule_id: str) -> None:
    assert set(_rule_ids(_apply(CASES[rule_id][1]))) == {rule_id.split("/")[0]}


def test_every_assert_has_an_id_a_role_and_a_case() -> None:
    asserts = _asserts()
    assert sorted(a.get("id") for a in asserts) == sorted({c.split("/")[0] for c in CASES})
    assert {a.get("role") for a in asserts} <= {"error", "warning"}


def test_every_rule_is_documented_in_the_schema_readme() -> None:
    readme = (ROOT / "schema" / "README.md").read_text(encoding="utf-8")
    for assert_ in _asserts():
        assert f"| `{assert_.get('id')}` | {assert_.get('role')} |" in readme


def test_messages_name_the_fix() -> None:
    tree = _apply(CASES["resp-on-gap"][1])
    [problem] = validate.iter_errors(tree, schema=SCH)
    assert (
        problem.message
        == 'gap has no @resp: say who left the text out, e.g. resp="#tr" or resp="#pub".'
    )
    assert (problem.engine, problem.severity, problem.xpath) == (
        "schematron",
        "error",
        "/TEI/text/body/div/p[2]/gap",
    )


def test_warnings_leave_the_document_valid() -> None:
    tree = _apply(CASES["date-has-text"][1])
    [problem] = validate.iter_errors(tree, schema=SCH)
    assert problem.severity == "warning"
    assert validate.is_valid(tree, schema=SCH)


def test_project_schema_runs_grammar_and_rules() -> None:
    tree = _apply(CASES["resp-on-gap"][1])
    problems = list(validate.iter_errors(tree))
    assert [(p.engine, p.rule_id) for p in problems] == [("schematron", "resp-on-gap")]
    assert validate.is_valid(etree.parse(str(EXAMPLE)))
