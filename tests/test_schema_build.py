"""The generated project schema: fresh, complete, closed where the selection closes it."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest
from lxml import etree

from tei_edition import validate

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "schema"
EXAMPLE = Path(__file__).parent / "validation_cases" / "valid" / "example-record.xml"
TEI = "{http://www.tei-c.org/ns/1.0}"
REGENERATE = "python tools/build_schema.py"


def _load_builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_schema", ROOT / "tools/build_schema.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_schema"] = module
    spec.loader.exec_module(module)
    return module


builder = _load_builder()
SELECTION = builder.Selection.load(SCHEMA / "selection.toml")
RNG = etree.RelaxNG(file=str(SCHEMA / "tei_edition.rng"))

# Where in example-record.xml a value of an `@attribute` closed for every element is tried.
HOST_OF_GLOBAL = {"cert": "supplied", "place": "note"}


def test_rng_is_fresh() -> None:
    built = builder.build_rng(SELECTION)
    assert built == (SCHEMA / "tei_edition.rng").read_bytes(), f"stale: run `{REGENERATE}`"


@pytest.mark.skipif(shutil.which("trang") is None, reason="trang builds the XSD")
def test_xsd_is_fresh() -> None:
    for name, data in builder.build_xsd(SCHEMA / "tei_edition.rng", SCHEMA).items():
        assert data == (SCHEMA / name).read_bytes(), f"schema/{name} is stale: run `{REGENERATE}`"


def test_rng_holds_exactly_the_selected_elements_and_attributes() -> None:
    grammar = etree.parse(str(SCHEMA / "tei_edition.rng"))
    rng = "{http://relaxng.org/ns/structure/1.0}"
    assert {e.get("name") for e in grammar.iter(f"{rng}element")} == SELECTION.elements
    assert {a.get("name") for a in grammar.iter(f"{rng}attribute")} == SELECTION.attributes


def test_rng_starts_at_tei_only() -> None:
    grammar = etree.parse(str(SCHEMA / "tei_edition.rng")).getroot()
    start = grammar.find("{http://relaxng.org/ns/structure/1.0}start")
    assert [(child.tag.split("}")[1], child.get("name")) for child in start] == [("ref", "TEI")]


def test_example_record_is_valid_against_rng_and_xsd() -> None:
    tree = etree.parse(str(EXAMPLE))
    assert RNG.validate(tree), RNG.error_log
    assert list(validate.iter_errors(tree, schema=SCHEMA / "tei_edition.xsd")) == []


def _closed_lists() -> list[tuple[str, str, str]]:
    cases = []
    for (element, attribute), values in sorted(SELECTION.values.items(), key=str):
        host = element or HOST_OF_GLOBAL[attribute]
        cases += [(host, attribute, value) for value in values]
    return cases


def _with_attribute(element: str, attribute: str, value: str) -> etree._ElementTree:
    tree = etree.parse(str(EXAMPLE))
    tree.getroot().iter(f"{TEI}{element}").__next__().set(attribute, value)
    return tree


@pytest.mark.parametrize(("element", "attribute", "value"), _closed_lists())
def test_each_closed_value_is_valid_here_and_in_tei_all(
    element: str, attribute: str, value: str
) -> None:
    tree = _with_attribute(element, attribute, value)
    assert RNG.validate(tree), RNG.error_log
    assert validate.is_valid(tree, schema="tei_all")


@pytest.mark.parametrize(
    ("element", "attribute"),
    sorted({(host, attribute) for host, attribute, _ in _closed_lists()}),
)
def test_a_value_outside_a_closed_list_is_invalid(element: str, attribute: str) -> None:
    tree = _with_attribute(element, attribute, "outsideTheList")
    assert not RNG.validate(tree)
    problems = list(validate.iter_errors(tree, schema=SCHEMA / "tei_edition.xsd"))
    assert [p.xpath.split("/")[-1].split("[")[0] for p in problems] == [element]


@pytest.mark.parametrize(
    ("snippet", "where"),
    [
        (b'<lg><l>a verse</l></lg><p n="3">', b'<p n="2">'),  # an element not kept
        (b'<p n="2" facs="#page1">', b'<p n="2">'),  # an attribute not kept
    ],
)
def test_what_the_selection_leaves_out_is_invalid_here_but_not_in_tei_all(
    snippet: bytes, where: bytes
) -> None:
    document = EXAMPLE.read_bytes().replace(where, snippet, 1)
    assert not RNG.validate(etree.fromstring(document))
    assert validate.is_valid(document, schema="tei_all")


def test_readme_lists_every_closed_value() -> None:
    readme = (SCHEMA / "README.md").read_text(encoding="utf-8")
    for (element, attribute), values in SELECTION.values.items():
        key = f"`{element}/@{attribute}`" if element else f"`@{attribute}`"
        [row] = [line for line in readme.splitlines() if line.startswith(f"| {key} ")]
        assert all(f"`{value}`" in row for value in values), row
