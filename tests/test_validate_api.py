"""The validation API: problems as data, schema lookup, caching, source lines, engines."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tei_edition import validate
from tei_edition.errors import InvalidTEIError, SchemaNotFoundError
from tei_edition.validate import Problem, Validator

CASES = Path(__file__).parent / "validation_cases"
EXAMPLE = CASES / "valid" / "example-record.xml"

TINY_RNG = b"""<grammar xmlns="http://relaxng.org/ns/structure/1.0"
  ns="http://www.tei-c.org/ns/1.0">
  <start><element name="TEI"><oneOrMore><element name="p"><text/></element></oneOrMore>
  </element></start>
</grammar>"""

TINY_SCH = b"""<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt">
  <ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/>
  <pattern>
    <rule context="tei:p">
      <assert id="p-not-empty" role="warning" test="normalize-space(.)">Write text in p.</assert>
      <assert id="p-no-x" role="error" test="not(@n = 'x')">Remove n="x".</assert>
    </rule>
  </pattern>
</schema>"""

TINY_XSD = b"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
  targetNamespace="http://www.tei-c.org/ns/1.0" elementFormDefault="qualified">
  <xs:element name="TEI"><xs:complexType><xs:sequence>
    <xs:element name="p" type="xs:string" maxOccurs="unbounded"/>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>"""

DOC = b"""<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <?tei-edition src-line="7"?>
  <p>one</p>
  <?tei-edition src-line="12"?>
  <p n="x"></p><q/>
</TEI>"""


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("schemas")
    paths = {}
    for suffix, text in ((".rng", TINY_RNG), (".sch", TINY_SCH), (".xsd", TINY_XSD)):
        paths[suffix] = folder / f"tiny{suffix}"
        paths[suffix].write_bytes(text)
    return paths


def test_problem_prints_as_file_line_col_severity_message_rule_and_xpath() -> None:
    problem = Problem("a.xml", 3, 5, "/TEI/text", "relaxng", "RELAXNG_ERR_NOELEM", "Expecting x")
    assert str(problem) == "a.xml:3:5: error: Expecting x [RELAXNG_ERR_NOELEM] (/TEI/text)"
    bare = Problem("a.xml", 1, 1, "", "xml", None, "broken", "warning")
    assert str(bare) == "a.xml:1:1: warning: broken"


def test_schema_dir_is_the_repository_schema_folder() -> None:
    assert validate.schema_dir() == Path(validate.__file__).resolve().parents[1] / "schema"


def test_find_tei_all_defaults_to_the_shipped_copy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TEI_ALL_RNG", raising=False)
    assert validate.find_tei_all() == validate.schema_dir() / "tei_all" / "tei_all.rng"


def test_find_tei_all_honours_the_environment(
    monkeypatch: pytest.MonkeyPatch, tiny: dict[str, Path]
) -> None:
    monkeypatch.setenv("TEI_ALL_RNG", str(tiny[".rng"]))
    assert validate.find_tei_all() == tiny[".rng"]
    monkeypatch.setenv("TEI_ALL_RNG", str(tiny[".rng"].with_name("absent.rng")))
    with pytest.raises(SchemaNotFoundError, match=r"TEI_ALL_RNG names .*absent\.rng"):
        validate.find_tei_all()


def test_validators_are_cached_per_schema(tiny: dict[str, Path]) -> None:
    assert Validator.for_schema(tiny[".rng"]) is Validator.for_schema(str(tiny[".rng"]))
    assert Validator.for_schema("tei_all") is Validator.for_schema("tei_all")


def test_unknown_schema_path_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SchemaNotFoundError, match="not found"):
        Validator.for_schema(tmp_path / "missing.rng")


def test_relaxng_problems_carry_place_rule_and_source_line(tiny: dict[str, Path]) -> None:
    problems = list(Validator.for_schema(tiny[".rng"]).iter_errors(DOC))
    by_xpath = {p.xpath: p for p in problems}
    assert set(by_xpath) == {"/TEI/p[2]", "/TEI/q"}
    stray = by_xpath["/TEI/q"]
    assert (stray.file, stray.line, stray.column, stray.engine) == ("<bytes>", 5, 16, "relaxng")
    assert stray.rule_id == "RELAXNG_ERR_ELEMWRONG"
    assert stray.message == (
        "Did not expect element q there: this element is not allowed here: move it or use the"
        " element the encoding policy names for this content"
    )
    assert stray.source_line == 12
    assert by_xpath["/TEI/p[2]"].column == 3


def test_source_line_is_that_of_the_nearest_preceding_instruction() -> None:
    root = etree.fromstring(DOC)
    first, second = root.findall("{http://www.tei-c.org/ns/1.0}p")
    assert validate.source_line(first) == 7
    assert validate.source_line(second) == 12
    assert validate.source_line(root) is None


def test_source_line_reaches_into_nested_elements() -> None:
    root = etree.fromstring(
        b'<body><?tei-edition src-line="3"?><div><p>a <hi>b</hi></p></div>'
        b'<?tei-edition src-line="9"?><p>c</p></body>'
    )
    assert validate.source_line(root.find("div/p/hi")) == 3
    assert validate.source_line(root.findall("p")[-1]) == 9


def test_schematron_roles_give_severity_and_ids(tiny: dict[str, Path]) -> None:
    problems = list(Validator.for_schema(tiny[".sch"]).iter_errors(DOC))
    found = {(p.rule_id, p.severity, p.line, p.xpath) for p in problems}
    assert found == {
        ("p-not-empty", "warning", 5, "/TEI/p[2]"),
        ("p-no-x", "error", 5, "/TEI/p[2]"),
    }
    assert all(p.engine == "schematron" and p.source_line == 12 for p in problems)


def test_warnings_alone_keep_a_document_valid(tiny: dict[str, Path]) -> None:
    doc = DOC.replace(b' n="x"', b"")
    assert validate.is_valid(doc, schema=tiny[".sch"])
    assert [p.rule_id for p in validate.iter_errors(doc, schema=tiny[".sch"])] == ["p-not-empty"]


def test_xsd_problems_come_from_xmlschema(tiny: dict[str, Path]) -> None:
    problems = list(Validator.for_schema(tiny[".xsd"]).iter_errors(DOC))
    assert [(p.engine, p.line, p.column, p.xpath, p.rule_id) for p in problems] == [
        ("xsd", 5, 3, "/TEI/p[2]", "XSD_Validation"),
        ("xsd", 5, 16, "/TEI/q", "XSD_ChildrenValidation"),
    ]


def test_validate_raises_with_every_problem(tiny: dict[str, Path]) -> None:
    with pytest.raises(InvalidTEIError) as caught:
        validate.validate(DOC, schema=tiny[".sch"])
    assert str(caught.value).startswith("<bytes>:5:")
    assert len(caught.value.problems) == 2


def test_malformed_xml_is_one_xml_problem(tiny: dict[str, Path]) -> None:
    problems = list(validate.iter_errors(b"<TEI>\n<p></TEI>", schema=tiny[".rng"]))
    assert [(p.engine, p.line, p.rule_id) for p in problems] == [
        ("xml", 2, "ERR_TAG_NAME_MISMATCH")
    ]


def test_files_are_named_by_their_path(tiny: dict[str, Path], tmp_path: Path) -> None:
    path = tmp_path / "doc.xml"
    path.write_bytes(DOC)
    problems = list(validate.iter_errors(path, schema=tiny[".rng"]))
    assert problems[0].file == str(path)


def test_example_record_is_valid_against_tei_all() -> None:
    tree = etree.parse(str(EXAMPLE))
    assert list(Validator.for_schema("tei_all").iter_errors(tree)) == []
    assert validate.is_valid(tree, schema="tei_all")


def test_tei_all_names_the_misplaced_element() -> None:
    broken = EXAMPLE.read_bytes().replace(b"<head>Enciphered Cable</head>", b"")
    broken = broken.replace(b"<postscript>", b"<head>late</head><postscript>")
    problems = list(validate.iter_errors(broken, schema="tei_all"))
    assert problems
    assert {p.xpath for p in problems} >= {"/TEI/text/body/div/head"}
