"""tei-validate's result cache: the same reports from remembered results, by content and schema."""

from __future__ import annotations

import dataclasses
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tei_edition import cache, validate
from tei_edition.validate_cli import validate_command

CASES = Path(__file__).parent / "validation_cases"
VALID = CASES / "valid" / "example-record.xml"
INVALID = CASES / "invalid" / "gap-without-resp.xml"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(validate_command, [str(a) for a in args])


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(CASES / "invalid", folder)
    shutil.copy(VALID, folder)
    return folder


def test_second_run_reports_the_same_from_the_cache(corpus: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    first = run("-v", "--format", "json", "--cache-dir", store, corpus)
    second = run("-v", "--format", "json", "--cache-dir", store, corpus)
    uncached = run("--no-cache", "-v", "--format", "json", corpus)
    assert first.stdout == second.stdout == uncached.stdout
    assert first.exit_code == second.exit_code == 1
    count = len(json.loads(first.stdout)["files"])
    assert f": 0 files unchanged since checked, {count} files checked" in first.stderr
    assert f": {count} files unchanged since checked, 0 files checked" in second.stderr
    assert (store / cache.DATABASE).is_file()
    assert (store / ".gitignore").read_text().splitlines()[-1] == "*"


def test_a_changed_file_is_checked_again(tmp_path: Path) -> None:
    target = tmp_path / "record.xml"
    shutil.copy(VALID, target)
    assert run(target).exit_code == 0
    target.write_bytes(INVALID.read_bytes())
    result = run("-v", target)
    assert result.exit_code == 1
    assert "[resp-on-gap]" in result.stdout
    assert "0 files unchanged since checked, 1 file checked" in result.stderr


def test_remembered_problems_name_the_file_they_are_reported_for(tmp_path: Path) -> None:
    first, second = tmp_path / "first.xml", tmp_path / "second.xml"
    shutil.copy(INVALID, first)
    shutil.copy(INVALID, second)
    assert run(first).exit_code == 1
    result = run("-v", "--format", "github", second)
    assert "1 file unchanged since checked" in result.stderr
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert annotations and all(f"file={second}," in line for line in annotations)
    assert str(first) not in result.stdout


def test_each_schema_has_its_own_results(tmp_path: Path) -> None:
    sample = tmp_path / "gap.xml"
    shutil.copy(INVALID, sample)
    assert run(sample).exit_code == 1
    assert run("--schema", "tei_all", sample).exit_code == 0
    assert run(sample).exit_code == 1


def test_workers_results_are_remembered(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(6):
        shutil.copy(INVALID if number % 2 else VALID, folder / f"{number}.xml")
    first = run("-v", "--jobs", "2", folder)
    second = run("-v", "--jobs", "2", folder)
    assert first.stdout == second.stdout
    assert "6 files unchanged since checked, 0 files checked" in second.stderr


def test_unreadable_and_hostile_files_are_never_remembered(tmp_path: Path) -> None:
    hostile = tmp_path / "bomb.xml"
    hostile.write_text('<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>')
    for _ in range(2):
        result = run("-v", hostile, tmp_path / "missing.xml")
        assert result.exit_code == 2
        assert result.stdout.count("(unreadable)") == 2
        assert "0 files unchanged since checked" in result.stderr


def test_a_schema_given_by_path_is_not_cached(tmp_path: Path) -> None:
    store = tmp_path / "store"
    rng = Path(validate.__file__).resolve().parents[1] / "schema" / "tei_edition.rng"
    assert run("--schema", rng, "--cache-dir", store, VALID).exit_code == 0
    assert not store.exists()
    assert validate.Validator.for_schema(rng).fingerprint is None


def test_no_cache_writes_nothing(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert run("--no-cache", "--cache-dir", store, VALID).exit_code == 0
    assert not store.exists()


@pytest.mark.parametrize("damage", ["file-in-the-way", "not-a-database"])
def test_an_unusable_cache_is_a_warning_not_a_failure(
    tmp_path: Path, damage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "store"
    if damage == "file-in-the-way":
        store.write_text("not a directory")
    else:
        store.mkdir()
        (store / cache.DATABASE).write_bytes(b"\x00garbage" * 100)
    monkeypatch.setenv(cache.ENV_DIR, str(store))
    result = run(INVALID)
    assert result.exit_code == 1
    assert "gap-without-resp.xml: invalid" in result.stdout
    assert result.stderr.startswith(f"tei-validate: warning: cache {store} not used: ")


def test_the_fingerprint_follows_the_schema_files(tmp_path: Path) -> None:
    rng = tmp_path / "schema.rng"
    shutil.copy(Path(validate.__file__).resolve().parents[1] / "schema" / "tei_edition.rng", rng)
    shipped = validate.Validator("tei_edition", [validate._RelaxNG(rng)], shipped=True)
    before = shipped.fingerprint
    rng.write_bytes(rng.read_bytes() + b"\n")
    again = validate.Validator("tei_edition", [validate._RelaxNG(rng)], shipped=True)
    assert before and again.fingerprint and before != again.fingerprint
    assert validate.Validator.for_schema("tei_all").fingerprint not in (None, before)


STALE = cache.KEEP_DAYS + 1


def test_entries_unused_for_a_month_are_dropped(tmp_path: Path) -> None:
    store = cache.ResultCache.open(tmp_path, "f")
    problem = validate.Problem("a.xml", 3, 4, "/TEI", "schematron", "rule", "message")
    store.put("old", [problem])
    store.put("new", [])
    store.close()
    with sqlite3.connect(tmp_path / cache.DATABASE) as db:
        db.execute(
            "UPDATE results SET used = used - ? WHERE digest = 'old'", (cache.KEEP_DAYS + 1,)
        )
    reopened = cache.ResultCache.open(tmp_path, "f")
    found = reopened.get([("old", "b.xml"), ("gone", "c.xml"), ("old", "d.xml")])
    as_in = [[dataclasses.replace(problem, file=name)] for name in ("b.xml", "d.xml")]
    assert found == [as_in[0], None, as_in[1]]
    reopened.close()
    reopened = cache.ResultCache.open(tmp_path, "f")
    assert reopened.get([("new", "b.xml")]) == [[]]
    reopened.close()
    with sqlite3.connect(tmp_path / cache.DATABASE) as db:
        db.execute(
            "UPDATE results SET used = used - ? WHERE digest = 'old'", (cache.KEEP_DAYS + 1,)
        )
    cache.ResultCache.open(tmp_path, "f").close()
    with sqlite3.connect(tmp_path / cache.DATABASE) as db:
        digests = [row[0] for row in db.execute("SELECT digest FROM results")]
    assert digests == ["new"]


def test_rounds_mixing_remembered_and_new_results_keep_the_order(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tei_edition import validate_cli

    monkeypatch.setattr(validate_cli, "ROUND", 3)
    files = sorted(corpus.glob("*.xml"))
    assert run("-v", *files[::2]).exit_code == 1
    mixed = run("-v", "--jobs", "2", corpus)
    uncached = run("--no-cache", "-v", corpus)
    assert mixed.stdout == uncached.stdout
    remembered = len(files[::2])
    assert f"{remembered} files unchanged since checked" in mixed.stderr
    assert f"{len(files) - remembered} files checked" in mixed.stderr


def test_check_all_yields_results_as_they_are_ready(tmp_path: Path) -> None:
    from tei_edition import validate_cli

    validator = validate.Validator.for_schema("tei_edition")
    missing = str(tmp_path / "later-missing.xml")
    results = validate_cli.check_all([str(VALID), missing], "tei_edition", False, 1, validator)
    first = next(results)
    assert (first.path, first.status) == (str(VALID), "valid")
    Path(missing).write_bytes(VALID.read_bytes())
    assert next(results).status == "valid"


def test_a_cache_locked_by_another_process_is_a_warning(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "store"
    assert run("--cache-dir", store, VALID).exit_code == 0
    monkeypatch.setattr(cache, "LOCK_TIMEOUT", 0.05)
    other = sqlite3.connect(store / cache.DATABASE, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        result = run("--cache-dir", store, corpus)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert result.stdout == run("--no-cache", corpus).stdout
    assert result.exit_code == 1
    assert result.stderr.startswith(f"tei-validate: warning: cache {store} not used: ")
    assert "locked" in result.stderr


def test_processes_sharing_a_cache_agree(corpus: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    store = tmp_path / "store"
    command = [sys.executable, "-m", "tei_edition.validate_cli", "--cache-dir", str(store)]
    runs = [subprocess.Popen([*command, str(corpus)], stdout=subprocess.PIPE) for _ in range(3)]
    outputs = [process.communicate()[0] for process in runs]
    expected = run("--no-cache", corpus).stdout.encode()
    assert outputs == [expected] * 3
    again = run("-v", "--cache-dir", store, corpus)
    assert again.stdout == run("--no-cache", "-v", corpus).stdout
    assert ", 0 files checked" in again.stderr
