"""The optional XPath 2 stage: tei_all's embedded Schematron rules, run by saxonche."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tei_edition import validate
from tei_edition.validate_cli import validate_command

pytest.importorskip("saxonche")

EXAMPLE = Path(__file__).parent / "validation_cases" / "valid" / "example-record.xml"
UNTYPED = EXAMPLE.read_bytes().replace(b'<title type="main">', b'<title subtype="x">')


def test_example_record_passes_tei_all_rules() -> None:
    assert list(validate.iter_errors(EXAMPLE, schema="tei_all")) == []
    assert list(validate.Validator.for_schema("tei_all", xpath2=True).iter_errors(EXAMPLE)) == []


def test_a_tei_all_rule_is_reported_with_its_pattern_id() -> None:
    problems = list(validate.Validator.for_schema("tei_edition", xpath2=True).iter_errors(UNTYPED))
    assert [(p.engine, p.rule_id, p.line, p.xpath) for p in problems] == [
        (
            "schematron",
            "tei_all-att.typed-subtypeTyped-constraint-rule-9",
            8,
            "/TEI/teiHeader/fileDesc/titleStmt/title",
        )
    ]
    assert problems[0].message.startswith("The <title> element should not be categorized")


def test_the_stage_is_off_by_default() -> None:
    assert validate.is_valid(UNTYPED)


def test_cli_flag(tmp_path: Path) -> None:
    path = tmp_path / "untyped.xml"
    path.write_bytes(UNTYPED)
    assert CliRunner().invoke(validate_command, [str(path)]).exit_code == 0
    result = CliRunner().invoke(validate_command, ["--xpath2", "-v", str(path)])
    assert result.exit_code == 1
    assert "[tei_all-att.typed-subtypeTyped-constraint-rule-9]" in result.output
