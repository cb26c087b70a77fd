"""Shared test fixtures: the compiled tei_all (once per session), conversion helpers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

import tei_edition
from tei_edition.reading import reading_text

ROOT = Path(__file__).resolve().parent.parent
TRANSCRIPTS = sorted((ROOT / "transcripts").glob("*.txt"))
NS = {"t": "http://www.tei-c.org/ns/1.0"}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite encoded/ from the current converter instead of comparing.",
    )


@pytest.fixture(autouse=True)
def _own_result_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test gets an empty tei-validate result cache, outside the working tree."""
    monkeypatch.setenv("TEI_EDITION_CACHE_DIR", str(tmp_path / "validate-cache"))


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def tei_all():
    """The official tei_all RelaxNG, compiled once for the whole session (~9 s)."""
    from tei_edition.validate import Validator

    validator = Validator.for_schema("tei_all")
    validator.is_valid(etree.fromstring(b'<TEI xmlns="http://www.tei-c.org/ns/1.0"/>'))
    return validator


@pytest.fixture(scope="session")
def project_schema():
    """The project schema (RelaxNG + Schematron), compiled once."""
    from tei_edition.validate import Validator

    return Validator.for_schema("tei_edition")


def body_xml(tree: etree._ElementTree) -> str:
    """The body's div as compact XML without namespace declarations or source PIs."""
    div = tree.find(".//t:text/t:body/t:div", NS)
    text = etree.tostring(div, encoding="unicode")
    text = re.sub(r'\s+xmlns="[^"]+"', "", text)
    text = re.sub(r"<\?tei-edition[^>]*\?>", "", text)
    return squash(text)


def squash(text: str) -> str:
    """Collapse whitespace between tags and runs of spaces, for fragment comparison."""
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", text)).strip()


def convert_checked(text: str | bytes, tei_all, name: str = "snippet.txt", project=None):
    """Convert, then assert the invariants every conversion must keep: valid against tei_all
    (and the project schema when given), with a reading text."""
    result = tei_edition.convert(text, source_name=name)
    problems = list(tei_all.iter_errors(result.tree))
    if project is not None:
        problems += [p for p in project.iter_errors(result.xml()) if p.severity == "error"]
    assert not problems, "\n".join(map(str, problems))
    assert reading_text(result.tree)
    return result
