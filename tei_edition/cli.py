"""``tei-convert``: the command line over :func:`tei_edition.batch.convert_many`.

Owns argument handling, the choice of inputs and outputs (the bundled transcripts by default),
progress (a bar on a terminal, one line per file otherwise), the closing summary, the JSON
report and the exit codes (0 success, 1 a file failed, 2 usage error).
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import click

from .batch import FileOutcome, Settings, Summary, convert_many, convert_to, iter_inputs
from .batch import write_atomic as write_atomic
from .errors import TeiEditionError
from .names import Register
from .read import MAX_BYTES

DEFAULT_INPUT = Path("transcripts")
DEFAULT_OUTPUT = Path("encoded")


def bundled_transcripts() -> Path:
    """``./transcripts`` if present, else the sample transcripts shipped in the package."""
    if DEFAULT_INPUT.is_dir():
        return DEFAULT_INPUT
    return Path(__file__).resolve().parent / "_transcripts"


# ---------------------------------------------------------------- progress


@dataclass
class Progress:
    """One line per file, or a progress bar on a terminal (files/s, ETA, warnings so far)."""

    total: int
    verbose: bool
    stream: TextIO = field(default_factory=lambda: sys.stderr)
    bar: bool = False
    done: int = 0
    warnings: int = 0
    start: float = field(default_factory=time.perf_counter)

    def __call__(self, outcome: FileOutcome) -> None:
        self.done += 1
        self.warnings += len(outcome.warnings)
        if not self.bar or outcome.status in ("failed", "invalid") or self.verbose:
            self._clear()
            for line in status_lines(outcome, self.verbose):
                click.echo(line, err=True)
        if self.bar:
            self._draw()

    def _draw(self) -> None:
        elapsed = max(time.perf_counter() - self.start, 1e-9)
        rate = self.done / elapsed
        eta = (self.total - self.done) / rate if rate else 0.0
        width = 30
        filled = int(width * self.done / max(self.total, 1))
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}"
            f"  {rate:.1f} files/s  ETA {eta:.0f} s  {self.warnings} warnings"
        )
        self.stream.flush()

    def _clear(self) -> None:
        if self.bar and self.done > 1:
            self.stream.write("\r\x1b[K")

    def close(self) -> None:
        if self.bar:
            self.stream.write("\n")


def status_lines(outcome: FileOutcome, verbose: bool) -> Iterator[str]:
    """The status line of one file, and its warnings or problems."""
    if outcome.status in ("failed", "invalid"):
        yield f"{outcome.status:<10} {outcome.error}"
        yield from (f"  {p}" for p in (outcome.problems if verbose else outcome.problems[:3]))
        return
    target = f" -> {outcome.output}" if outcome.output else ""
    count = len(outcome.warnings)
    noun = "warning" if count == 1 else "warnings"
    unchanged = ", unchanged" if outcome.status == "skipped" else ""
    yield f"{outcome.status:<10} {outcome.path}{target} ({count} {noun}{unchanged})"
    if verbose:
        yield from (f"  {w}" for w in outcome.warnings)


def summary_lines(summary: Summary, seconds: float) -> Iterator[str]:
    """The closing summary: counts, time, and warnings by kind."""
    warnings = summary.warnings
    noun = "warning" if warnings == 1 else "warnings"
    rate = len(summary.outcomes) / seconds if seconds > 0 else 0.0
    yield (
        f"{summary.count('converted')} converted, {summary.count('skipped')} skipped,"
        f" {summary.count('failed')} failed, {summary.count('invalid')} invalid,"
        f" {warnings} {noun} in {seconds:.2f} s ({rate:.1f} files/s)"
    )
    if summary.warnings_by_kind:
        yield "warnings by kind: " + ", ".join(
            f"{k} {n}" for k, n in summary.warnings_by_kind.items()
        )


# ---------------------------------------------------------------- the command


@contextmanager
def _executor(jobs: int, files: int) -> Iterator[Executor | None]:
    if jobs <= 1 or files <= 1:
        yield None
        return
    with ProcessPoolExecutor(max_workers=min(jobs, files)) as pool:
        yield pool


def _write_report(path: Path, outcomes: list[FileOutcome]) -> None:
    report = {"files": [_report_entry(o) for o in outcomes]}
    write_atomic(path, json.dumps(report, indent=2, ensure_ascii=False).encode())


def _report_entry(outcome: FileOutcome) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "file": outcome.path,
        "status": outcome.status,
        "output": outcome.output,
    }
    if outcome.report:
        entry |= {k: v for k, v in outcome.report.items() if k != "file"}
    if outcome.error:
        entry["error"] = outcome.error
        entry["problems"] = list(outcome.problems)
    return entry


def _stdout(path: Path, settings: Settings, verbose: bool, report_path: Path | None) -> int:
    outcome = convert_to(path, None, settings)
    for line in status_lines(outcome, verbose):
        click.echo(line, err=True)
    if report_path is not None:
        _write_report(report_path, [outcome])
    if outcome.status != "converted" or outcome.xml is None:
        return 1
    sys.stdout.buffer.write(outcome.xml)
    return 0


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
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=os.cpu_count() or 1,
    show_default="all cores",
    help="Worker processes.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Convert every file, even those unchanged since their output was written.",
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
    jobs: int,
    force: bool,
    fail_on_warnings: bool,
    verbose: bool,
) -> None:
    """Convert plain-text transcripts (files or directories of .txt) to TEI P5.

    With no PATH, converts the bundled transcripts/ into encoded/. Files whose input, options,
    register and tei_edition version are unchanged since their output was written are skipped
    (--force converts them again).
    """
    if to_stdout and (len(paths) != 1 or out_dir is not None or paths[0].is_dir()):
        raise click.UsageError("--stdout takes exactly one FILE and no --output")
    paths = paths or (bundled_transcripts(),)
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise click.UsageError(f"no such file or directory: {missing[0]}")
    inputs = list(iter_inputs(paths))
    if not inputs:
        raise click.UsageError(f"no .txt transcripts in {', '.join(map(str, paths))}")
    try:
        resolved = tuple(str(r.resolve()) for r in registers)
        Register.load(*resolved)
        if validate:
            from .validate import Validator

            Validator.for_schema("tei_edition")
    except TeiEditionError as exc:
        raise click.UsageError(str(exc)) from None
    settings = Settings(validate, resolved, int(max_size * 2**20))
    if to_stdout:
        sys.exit(_stdout(inputs[0], settings, verbose, report_path))
    sys.exit(
        _batch(
            inputs,
            out_dir or DEFAULT_OUTPUT,
            settings,
            jobs,
            force,
            report_path,
            fail_on_warnings,
            verbose,
        )
    )


def _batch(
    inputs: list[Path],
    out: Path,
    settings: Settings,
    jobs: int,
    force: bool,
    report_path: Path | None,
    fail_on_warnings: bool,
    verbose: bool,
) -> int:
    progress = Progress(len(inputs), verbose, bar=sys.stderr.isatty())
    start = time.perf_counter()
    with _executor(jobs, len(inputs)) as executor:
        summary = convert_many(
            inputs,
            out,
            executor,
            validate=settings.validate,
            registers=settings.registers,
            max_bytes=settings.max_bytes,
            force=force,
            on_result=progress,
        )
    progress.close()
    for line in summary_lines(summary, time.perf_counter() - start):
        click.echo(line, err=True)
    if report_path is not None:
        _write_report(report_path, summary.outcomes)
    failed = summary.count("failed") + summary.count("invalid")
    return 1 if failed or (fail_on_warnings and summary.warnings) else 0
