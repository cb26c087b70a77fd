"""``tei-convert`` through click's CliRunner: outputs, messages, exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import NS, ROOT, TRANSCRIPTS
from lxml import etree

from tei_edition.cli import convert_command

SAMPLE = TRANSCRIPTS[0]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_converts_a_directory(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(convert_command, [str(ROOT / "transcripts"), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in tmp_path.glob("*.xml"))
    assert written == sorted(f"{p.stem}.xml" for p in TRANSCRIPTS)
    assert result.output.count("converted  ") == len(TRANSCRIPTS)
    assert (
        f"{len(TRANSCRIPTS)} converted, 0 skipped, 0 failed, 0 invalid, 1 warning" in result.output
    )
    tree = etree.parse(str(tmp_path / f"{SAMPLE.stem}.xml"))
    assert tree.getroot().tag == "{http://www.tei-c.org/ns/1.0}TEI"


def test_default_run_converts_bundled_transcripts_into_encoded(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(ROOT / "transcripts", tmp_path / "transcripts")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(convert_command, [])
    assert result.exit_code == 0, result.output
    for path in TRANSCRIPTS:
        produced = (tmp_path / "encoded" / f"{path.stem}.xml").read_bytes()
        assert produced == (ROOT / "encoded" / f"{path.stem}.xml").read_bytes()


def test_stdout_prints_the_tei(runner: CliRunner) -> None:
    result = runner.invoke(convert_command, [str(SAMPLE), "--stdout"])
    assert result.exit_code == 0
    assert result.stdout_bytes == (ROOT / "encoded" / f"{SAMPLE.stem}.xml").read_bytes()


def test_stdout_with_two_files_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(convert_command, [str(TRANSCRIPTS[0]), str(TRANSCRIPTS[1]), "--stdout"])
    assert result.exit_code == 2
    assert "--stdout takes exactly one FILE" in result.output


def test_missing_path_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(convert_command, [str(tmp_path / "nope.txt"), "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "no such file or directory" in result.output


def test_empty_directory_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    result = runner.invoke(convert_command, [str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "no .txt transcripts" in result.output


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_failed_file_exits_1_and_others_still_convert(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    _write(src / "good.txt", "I met with the minister.\n")
    _write(src / "empty.txt", "")
    result = runner.invoke(convert_command, [str(src), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"failed     {src / 'empty.txt'}:1:1: empty transcript" in result.output
    assert "1 converted, 0 skipped, 1 failed" in result.output
    assert (tmp_path / "out" / "good.xml").exists()
    assert not (tmp_path / "out" / "empty.xml").exists()


def test_verbose_prints_warnings_with_positions(runner: CliRunner, tmp_path: Path) -> None:
    src = _write(tmp_path / "broken.txt", "Roa]s position [SIC} stays.\n")
    quiet = runner.invoke(convert_command, [str(src), "-o", str(tmp_path / "out")])
    assert quiet.exit_code == 0
    assert "(3 warnings)" in quiet.output
    assert "1:4:" not in quiet.output
    loud = runner.invoke(convert_command, [str(src), "-o", str(tmp_path / "out"), "-v"])
    assert f"  {src}:1:4: stray closing bracket ']'" in loud.output
    assert f"  {src}:1:16: unbalanced bracket '['" in loud.output


def test_fail_on_warnings(runner: CliRunner, tmp_path: Path) -> None:
    src = _write(tmp_path / "plain.txt", "A transcript with no page metadata.\n")
    result = runner.invoke(convert_command, [str(src), "-o", str(tmp_path), "--fail-on-warnings"])
    assert result.exit_code == 1
    assert "1 converted, 0 skipped, 0 failed, 0 invalid, 1 warning" in result.output


def test_report_lists_header_body_and_dropped_lines(runner: CliRunner, tmp_path: Path) -> None:
    blog = next(p for p in TRANSCRIPTS if "cable" in p.stem)
    report = tmp_path / "report.json"
    result = runner.invoke(
        convert_command, [str(blog), "-o", str(tmp_path), "--report", str(report)]
    )
    assert result.exit_code == 0
    entry = json.loads(report.read_text())["files"][0]
    assert entry["status"] == "converted"
    assert entry["layout"] == "blog"
    assert {"field": "blog_author", "value": "misterestes", "line": 81} in entry["header"]
    assert 23 in entry["body_lines"]
    reasons = {d["line"]: d["reason"] for d in entry["dropped"]}
    assert reasons[85] == "comment form"
    assert reasons[83] == "blog author box"
    candidates = {(c["text"], c["line"]) for c in entry["name_candidates"]}
    assert ("New Economic Policy", 61) in candidates
    assert not any(text in ("Castro", "Kennedy", "Havana") for text, _ in candidates)


def test_report_is_written_with_stdout_too(runner: CliRunner, tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    result = runner.invoke(convert_command, [str(SAMPLE), "--stdout", "--report", str(report)])
    assert result.exit_code == 0
    assert result.stdout.startswith("<?xml")
    entry = json.loads(report.read_text())["files"][0]
    assert (entry["file"], entry["status"], entry["output"]) == (str(SAMPLE), "converted", None)
    assert entry["body_lines"]


def test_no_validate_skips_the_project_schema(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(convert_command, [str(SAMPLE), "-o", str(tmp_path), "--no-validate"])
    assert result.exit_code == 0
    assert (tmp_path / f"{SAMPLE.stem}.xml").exists()


def test_same_output_name_twice_fails_the_second(runner: CliRunner, tmp_path: Path) -> None:
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        _write(tmp_path / sub / "same.txt", f"Text of {sub}.\n")
    result = runner.invoke(
        convert_command, [str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(tmp_path / "out")]
    )
    assert result.exit_code == 1
    assert "output name same.xml is already taken" in result.output
    out = etree.parse(str(tmp_path / "out" / "same.xml"))
    assert out.xpath("string(//t:body//t:p)", namespaces=NS) == "Text of a."


def test_an_invalid_result_is_never_written(tmp_path: Path) -> None:
    from tei_edition.batch import Settings, convert_to
    from tei_edition.validate import Validator

    strict = tmp_path / "strict.rng"
    strict.write_text(
        '<element name="foo" xmlns="http://relaxng.org/ns/structure/1.0"><empty/></element>'
    )
    out = tmp_path / "out" / "sample.xml"
    outcome = convert_to(SAMPLE, out, Settings(), Validator.for_schema(str(strict)))
    assert outcome.status == "invalid"
    assert outcome.error is not None
    assert outcome.error.startswith(f"{SAMPLE}:1:1: the TEI would not be valid (1 problem")
    assert outcome.error.endswith("nothing written")
    assert not (tmp_path / "out").exists()
