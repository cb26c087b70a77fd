"""``tei-convert``: the command line over :func:`tei_edition.convert`.

Owns argument handling, the choice of inputs and outputs (the bundled transcripts by
default), atomic writing, one status line per file, the summary line, the JSON report and
the exit codes (0 success, 1 a file failed, 2 usage error).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import click

from .convert import Result, convert_file
from .errors import TeiEditionError
from .names import Register
from .read import MAX_BYTES

DEFAULT_INPUT = Path("transcripts")
DEFAULT_OUTPUT = Path("encoded")


@dataclass(frozen=True)
class Options:
    """Conversion options shared by every file of a run."""

    register: Register | None = None
    max_bytes: int = MAX_BYTES


@dataclass
class Outcome:
    """What happened to one input file."""

    path: Path
    output: Path | None
    result: Result | None
    error: str | None
    problems: tuple[str, ...] = ()


def bundled_transcripts() -> Path:
    """``./transcripts`` if present, else the sample transcripts shipped in the package."""
    if DEFAULT_INPUT.is_dir():
        return DEFAULT_INPUT
    return Path(__file__).resolve().parent / "_transcripts"


def iter_inputs(paths: tuple[Path, ...]) -> Iterator[Path]:
    """Files as given; directories expanded to their ``*.txt`` files, sorted."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.txt") if p.is_file())
        else:
            yield path


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename: never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _validator(enabled: bool) -> Any:
    if not enabled:
        return None
    from .validate import Validator

    return Validator.for_schema("tei_edition")


def convert_one(path: Path, out_dir: Path | None, validator: Any, options: Options) -> Outcome:
    """Convert one file; write its TEI unless it failed or is invalid."""
    try:
        result = convert_file(path, options.register, options.max_bytes)
    except TeiEditionError as exc:
        return Outcome(path, None, None, str(exc))
    data = result.xml()
    if validator is not None:
        name = f"{path.stem}.xml"
        errors = [
            replace(p, file=name) for p in validator.iter_errors(data) if p.severity == "error"
        ]
        if errors:
            line = errors[0].source_line or 1
            noun = "problem" if len(errors) == 1 else "problems"
            message = (
                f"{path}:{line}:1: the TEI would not be valid ({len(errors)} {noun},"
                f" first: {errors[0].message}); nothing written"
            )
            return Outcome(path, None, result, message, tuple(map(str, errors)))
    output = None
    if out_dir is not None:
        output = out_dir / f"{path.stem}.xml"
        write_atomic(output, data)
    return Outcome(path, output, result, None)


def _status(outcome: Outcome, verbose: bool) -> None:
    if outcome.error:
        click.echo(f"failed     {outcome.error}", err=True)
        for problem in outcome.problems if verbose else outcome.problems[:3]:
            click.echo(f"  {problem}", err=True)
        return
    assert outcome.result is not None
    count = len(outcome.result.warnings)
    target = f" -> {outcome.output}" if outcome.output else ""
    noun = "warning" if count == 1 else "warnings"
    click.echo(f"converted  {outcome.path}{target} ({count} {noun})", err=outcome.output is None)
    if verbose:
        for warning in outcome.result.warnings:
            click.echo(f"  {warning}", err=True)


def _report_entry(outcome: Outcome) -> dict[str, Any]:
    if outcome.result is None:
        return {"file": str(outcome.path), "status": "failed", "error": outcome.error}
    entry = dict(outcome.result.report)
    entry["status"] = "failed" if outcome.error else "converted"
    entry["output"] = str(outcome.output) if outcome.output else None
    if outcome.error:
        entry["error"] = outcome.error
        entry["problems"] = list(outcome.problems)
    return entry


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory for the TEI files (default: encoded/).",
)
@click.option("--stdout", "to_stdout", is_flag=True, help="Print the TEI of one file.")
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a JSON report: header fields, body lines, dropped page noise.",
)
@click.option(
    "--validate/--no-validate",
    default=True,
    show_default=True,
    help="Validate each output against the project schema before writing it.",
)
@click.option(
    "--register",
    "registers",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A register of names (TEI list* or CSV) that wins over the bundled one. Repeatable.",
)
@click.option(
    "--max-size",
    type=click.FloatRange(min=0.001),
    default=MAX_BYTES / 2**20,
    show_default=True,
    help="Refuse transcripts larger than this many MB.",
)
@click.option("--fail-on-warnings", is_flag=True, help="Exit 1 when any file has warnings.")
@click.option("-v", "--verbose", is_flag=True, help="Print every warning as file:line:col.")
@click.version_option(package_name="tei_edition")
def convert_command(
    paths: tuple[Path, ...],
    out_dir: Path | None,
    to_stdout: bool,
    report_path: Path | None,
    validate: bool,
    registers: tuple[Path, ...],
    max_size: float,
    fail_on_warnings: bool,
    verbose: bool,
) -> None:
    """Convert plain-text transcripts (files or directories of .txt) to TEI P5.

    With no PATH, converts the bundled transcripts/ into encoded/.
    """
    if to_stdout and (len(paths) != 1 or out_dir is not None):
        raise click.UsageError("--stdout takes exactly one FILE and no --output")
    paths = paths or (bundled_transcripts(),)
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise click.UsageError(f"no such file or directory: {missing[0]}")
    inputs = list(iter_inputs(paths))
    if not inputs:
        raise click.UsageError(f"no .txt transcripts in {', '.join(map(str, paths))}")
    try:
        validator = _validator(validate)
        register = Register.load(*registers) if registers else None
    except TeiEditionError as exc:
        raise click.UsageError(str(exc)) from None
    options = Options(register, int(max_size * 2**20))
    target = None if to_stdout else (out_dir or DEFAULT_OUTPUT)
    outcomes = _run(inputs, target, validator, options, verbose)
    if to_stdout and outcomes[0].result is not None and not outcomes[0].error:
        sys.stdout.buffer.write(outcomes[0].result.xml())
    if report_path is not None:
        report = {"files": [_report_entry(o) for o in outcomes]}
        write_atomic(report_path, json.dumps(report, indent=2, ensure_ascii=False).encode())
    sys.exit(_summary(outcomes, fail_on_warnings))


def _run(
    inputs: list[Path], target: Path | None, validator: Any, options: Options, verbose: bool
) -> list[Outcome]:
    outcomes: list[Outcome] = []
    seen: dict[str, Path] = {}
    for path in inputs:
        if target is not None and (first := seen.get(path.stem)):
            outcome = Outcome(
                path,
                None,
                None,
                f"{path}:1:1: output name {path.stem}.xml is already taken by {first}",
            )
        else:
            seen[path.stem] = path
            outcome = convert_one(path, target, validator, options)
        _status(outcome, verbose)
        outcomes.append(outcome)
    return outcomes


def _summary(outcomes: list[Outcome], fail_on_warnings: bool) -> int:
    failed = sum(1 for o in outcomes if o.error)
    warnings = sum(len(o.result.warnings) for o in outcomes if o.result and not o.error)
    converted = len(outcomes) - failed
    noun = "warning" if warnings == 1 else "warnings"
    click.echo(f"{converted} converted, {failed} failed, {warnings} {noun}", err=True)
    if failed or (fail_on_warnings and warnings):
        return 1
    return 0
