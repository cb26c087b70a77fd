"""`tei-validate` on the sample manifest, against jing, and in each output format (golden files).

Regenerate the golden files with ``TEI_EDITION_UPDATE_GOLDEN=1 python -m pytest
tests/test_validate_cases.py`` and review the diff.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from tei_edition import validate
from tei_edition.validate_cli import validate_command

CASES = Path(__file__).parent / "validation_cases"
GOLDEN = CASES / "golden"
MANIFEST = tomllib.loads((CASES / "manifest.toml").read_text(encoding="utf-8"))["case"]
RNG = Path(__file__).resolve().parents[1] / "schema" / "tei_edition.rng"
JING = shutil.which("jing")
GOLDEN_INPUTS = [
    "valid/example-record.xml",
    "valid/warning-bare-date.xml",
    "invalid/converted-supplied-without-resp.xml",
    "invalid/unknown-element.xml",
    "invalid/missing.xml",
]
GOLDEN_ARGS = {"text": ["-v"], "json": [], "github": [], "junit": []}


def test_manifest_lists_every_sample() -> None:
    samples = {str(p.relative_to(CASES)) for p in CASES.glob("*/*.xml") if p.parent != GOLDEN}
    assert {case["file"] for case in MANIFEST} == samples


@pytest.mark.parametrize("case", MANIFEST, ids=lambda case: case["file"])
def test_sample_gives_the_listed_problems(case: dict) -> None:
    problems = list(validate.iter_errors(CASES / case["file"]))
    assert [p.rule_id for p in problems] == case["rules"]
    assert sum(p.severity == "error" for p in problems) == case["errors"]
    assert sum(p.severity == "warning" for p in problems) == case["warnings"]


def _is_jing_error(line: str) -> bool:
    return ": error:" in line or ": fatal:" in line


@pytest.mark.skipif(JING is None, reason="jing is not installed")
@pytest.mark.parametrize("case", MANIFEST, ids=lambda case: case["file"])
def test_jing_agrees_on_the_grammar(case: dict) -> None:
    sample = CASES / case["file"]
    run = subprocess.run([JING, str(RNG), str(sample)], capture_output=True, text=True)
    jing_errors = [line for line in run.stdout.splitlines() if _is_jing_error(line)]
    grammar = [p for p in validate.iter_errors(sample) if p.engine != "schematron"]
    assert len(jing_errors) == case["jing_errors"] == len(grammar)
    assert (run.returncode == 0) == (not grammar)


@pytest.mark.parametrize("output_format", sorted(GOLDEN_ARGS))
def test_output_format_matches_its_golden_file(
    output_format: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(CASES)
    args = ["--no-cache", "--format", output_format, *GOLDEN_ARGS[output_format], *GOLDEN_INPUTS]
    result = CliRunner().invoke(validate_command, args)
    assert result.exit_code == 2, result.output
    golden = GOLDEN / f"{output_format}.txt"
    if os.environ.get("TEI_EDITION_UPDATE_GOLDEN"):
        golden.write_text(result.output, encoding="utf-8")
    assert result.output == golden.read_text(encoding="utf-8"), (
        f"{golden.name} differs; regenerate with TEI_EDITION_UPDATE_GOLDEN=1 and review the diff"
    )


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(validate_command, list(args))
    return result.exit_code, result.output


def test_exit_0_when_all_valid() -> None:
    code, output = _run(str(CASES / "valid"))
    assert code == 0
    assert output.splitlines()[-1] == "2 files: 2 valid, 0 invalid, 0 unreadable"


def test_exit_1_when_any_invalid_with_one_line_per_file() -> None:
    code, output = _run(str(CASES / "valid" / "example-record.xml"), str(CASES / "invalid"))
    assert code == 1
    lines = output.splitlines()
    assert len(lines) == 1 + len(list((CASES / "invalid").glob("*.xml"))) + 1
    assert lines[-1] == "14 files: 1 valid, 13 invalid, 0 unreadable"


def test_globs_expand_and_sort(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CASES)
    code, output = _run("valid/*.xml")
    assert code == 0
    assert output.splitlines()[:2] == [
        "valid/example-record.xml: valid",
        "valid/warning-bare-date.xml: valid (1 warning)",
    ]


def test_other_schemas_by_name_and_path() -> None:
    sample = str(CASES / "invalid" / "gap-without-resp.xml")
    assert _run("--schema", "tei_all", sample)[0] == 0
    assert _run("--schema", str(RNG), sample)[0] == 0
    assert _run("--schema", str(RNG.with_suffix(".sch")), sample)[0] == 1
    assert _run("--schema", str(RNG.with_suffix(".xsd")), sample)[0] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "yaml", "x.xml"], "Invalid value for '--format'"),
        (["--schema", "nowhere.rng", "x.xml"], "nowhere.rng not found"),
        (["--schema", "README.md", "x.xml"], "unknown schema type"),
        ([], "Missing argument 'PATHS...'"),
    ],
)
def test_usage_errors_exit_2(
    args: list[str], message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(CASES.parents[1])
    code, output = _run(*args)
    assert code == 2
    assert message in output


def test_pre_commit_hook_runs_the_installed_command_on_xml_files() -> None:
    yaml = pytest.importorskip("yaml")
    root = Path(__file__).resolve().parents[1]
    hooks = {
        hook["id"]: hook for hook in yaml.safe_load((root / ".pre-commit-hooks.yaml").read_text())
    }
    scripts = tomllib.loads((root / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["tei-validate"] == "tei_edition.validate_cli:validate_command"
    assert hooks["tei-validate"]["entry"] == "tei-validate"
    assert hooks["tei-validate-tei-all"]["entry"] == "tei-validate --schema tei_all"
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert re.search(hook["files"], "editions/cable.xml")
        assert not re.search(hook["files"], "editions/cable.txt")


def test_worker_processes_give_the_same_report_in_the_same_order() -> None:
    one = _run("--no-cache", "-v", str(CASES / "invalid"), str(CASES / "valid"))
    two = _run("--no-cache", "-v", "--jobs", "2", str(CASES / "invalid"), str(CASES / "valid"))
    assert one == two
    assert one[0] == 1
