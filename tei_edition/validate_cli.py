"""The ``tei-validate`` command: validate TEI files and report in text, JSON, GitHub or JUnit.

This module owns the command line (path expansion, output formats, exit codes); the checking
itself is :mod:`tei_edition.validate`. Exit codes: 0 all valid, 1 any invalid, 2 usage error
or unreadable (missing, hostile) input.
"""

from __future__ import annotations

import contextlib
import glob
import os
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tei_edition import cache, safexml, validate
from tei_edition.errors import HostileXMLError, TeiEditionError

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

FORMATS = ("text", "json", "github", "junit")
_GLOB_CHARS = frozenset("*?[")


@dataclass
class FileResult:
    """What validating one file gave: its problems, or why it could not be read."""

    path: str
    problems: list[validate.Problem] = field(default_factory=list)
    unreadable: bool = False
    digest: str = ""
    """The content digest of the bytes checked, when the result cache is in use."""

    @property
    def errors(self) -> list[validate.Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[validate.Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def status(self) -> str:
        if self.unreadable:
            return "unreadable"
        return "invalid" if self.errors else "valid"


# --- input -----------------------------------------------------------------------------------


def expand(arguments: Iterable[str]) -> Iterator[str]:
    """Files named by ``arguments``: files, directories (``*.xml`` below them) and globs.

    A name that matches nothing is yielded as is, so that it is reported unreadable.
    """
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            yield from sorted(str(p) for p in path.rglob("*.xml") if p.is_file())
        elif not path.exists() and _GLOB_CHARS & set(argument):
            yield from sorted(glob.glob(argument, recursive=True)) or [argument]
        else:
            yield argument


def check(path: str, validator: validate.Validator, keyed: bool = False) -> FileResult:
    """Validate one file; hostile or unreadable input is a result, not an exception.

    ``keyed`` also records the content digest of the bytes checked, for the result cache.
    """
    try:
        data = safexml.read_file(path)
        problems = list(validator.iter_errors(data, name=path))
    except HostileXMLError as error:
        where = (error.file, error.line, error.col)
        return _unreadable(*where, "HOSTILE_XML", error.message)
    except OSError as error:
        return _unreadable(path, 0, 0, "UNREADABLE", error.strerror or str(error))
    return FileResult(path, problems, digest=cache.digest(data) if keyed else "")


#: With ``--jobs 0`` (the default), a pool of one worker per CPU from this many files on.
AUTO_POOL_FILES = 50

#: Files taken at a time: their remembered results looked up, the others checked, all reported.
ROUND = 512


def check_all(
    paths: list[str],
    schema: str,
    xpath2: bool,
    jobs: int,
    validator: validate.Validator,
    store: cache.ResultCache | None = None,
) -> Iterator[FileResult]:
    """Results in the order of ``paths``, as they are ready: from ``store`` for content checked
    before, the others checked in this process or by ``jobs`` workers (and remembered)."""
    workers = jobs or ((os.cpu_count() or 1) if len(paths) >= AUTO_POOL_FILES else 1)
    with contextlib.ExitStack() as stack:
        pool = stack.enter_context(_pool(workers)) if workers > 1 else None
        for start in range(0, len(paths), ROUND):
            chunk = paths[start : start + ROUND]
            remembered = _remembered(chunk, store)
            todo = [path for path, known in zip(chunk, remembered, strict=True) if known is None]
            parallel = pool if jobs > 1 or len(todo) >= AUTO_POOL_FILES else None
            keyed = store is not None
            fresh = _check_many(todo, schema, xpath2, validator, keyed, parallel, workers)
            for known in remembered:
                result = known or next(fresh)
                if store is not None and known is None and result.digest:
                    store.put(result.digest, result.problems)
                yield result


def _pool(workers: int) -> ProcessPoolExecutor:
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(workers)


def _remembered(paths: list[str], store: cache.ResultCache | None) -> list[FileResult | None]:
    """The result stored for each file's content; None for a file to check."""
    if store is None:
        return [None] * len(paths)
    keys = [_content_key(path) for path in paths]
    found = iter(store.get([(key, path) for key, path in zip(keys, paths, strict=True) if key]))
    results: list[FileResult | None] = []
    for key, path in zip(keys, paths, strict=True):
        problems = next(found) if key else None
        known = None if problems is None else FileResult(path, problems, digest=key)
        results.append(known)
    return results


def _content_key(path: str) -> str:
    """The cache key of a file's bytes; empty if it cannot be read (it is checked and reported)."""
    try:
        return cache.digest(safexml.read_file(path))
    except (HostileXMLError, OSError):
        return ""


def _check_many(
    paths: list[str],
    schema: str,
    xpath2: bool,
    validator: validate.Validator,
    keyed: bool,
    pool: ProcessPoolExecutor | None,
    workers: int,
) -> Iterator[FileResult]:
    if pool is None:
        return (check(path, validator, keyed) for path in paths)
    chunk = max(1, len(paths) // (workers * 16))
    named = [(path, schema, xpath2, keyed) for path in paths]
    return pool.map(_check_in_worker, named, chunksize=chunk)


def _check_in_worker(job: tuple[str, str, bool, bool]) -> FileResult:
    path, schema, xpath2, keyed = job
    return check(path, validate.Validator.for_schema(schema, xpath2=xpath2), keyed)


def _unreadable(path: str, line: int, col: int, code: str, message: str) -> FileResult:
    problem = validate.Problem(path, line, col, "", "xml", code, message)
    return FileResult(path, [problem], unreadable=True)


# --- output ----------------------------------------------------------------------------------


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"


def _counts(result: FileResult) -> str:
    counts = ((len(result.errors), "error"), (len(result.warnings), "warning"))
    parts = [_plural(count, noun) for count, noun in counts if count]
    return f" ({', '.join(parts)})" if parts else ""


def _source(problem: validate.Problem) -> str:
    return f" [transcript line {problem.source_line}]" if problem.source_line else ""


def render_text(results: Iterable[FileResult], verbose: bool) -> Iterator[str]:
    """A line per file as soon as it is checked, then the summary."""
    seen = []
    for result in results:
        seen.append(result)
        if result.unreadable:
            yield f"{result.problems[0]} (unreadable)"
            continue
        yield f"{result.path}: {result.status}{_counts(result)}"
        if verbose:
            yield from (f"  {problem}{_source(problem)}" for problem in result.problems)
    yield summary(seen)


def summary(results: list[FileResult]) -> str:
    counts = dict.fromkeys(("valid", "invalid", "unreadable"), 0)
    for result in results:
        counts[result.status] += 1
    tally = ", ".join(f"{count} {status}" for status, count in counts.items())
    return f"{_plural(len(results), 'file')}: {tally}"


def render_json(results: Iterable[FileResult], verbose: bool) -> Iterator[str]:
    import dataclasses
    import json

    results = list(results)
    report = {
        "files": [
            {
                "file": r.path,
                "status": r.status,
                "problems": [dataclasses.asdict(p) for p in r.problems],
            }
            for r in results
        ],
        "summary": summary(results),
    }
    yield json.dumps(report, indent=2, ensure_ascii=False)


def _github_escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def render_github(results: Iterable[FileResult], verbose: bool) -> Iterator[str]:
    """Annotations as soon as each file is checked, then the summary."""
    seen = []
    for result in results:
        seen.append(result)
        for p in result.problems:
            where = [f"file={_github_escape(p.file, True)}"]
            if p.line:
                where.append(f"line={p.line}")
            if p.column:
                where.append(f"col={p.column}")
            title = _github_escape(p.rule_id or p.engine, True)
            message = _github_escape(p.message + _source(p))
            yield f"::{p.severity} {','.join(where)},title={title}::{message}"
    yield summary(seen)


def render_junit(results: Iterable[FileResult], verbose: bool) -> Iterator[str]:
    from lxml import etree

    results = list(results)
    suites = etree.Element("testsuites")
    suite = etree.SubElement(suites, "testsuite", name="tei-validate", tests=str(len(results)))
    suite.set("failures", str(sum(r.status == "invalid" for r in results)))
    suite.set("errors", str(sum(r.status == "unreadable" for r in results)))
    for result in results:
        case = etree.SubElement(suite, "testcase", classname="tei-validate", name=result.path)
        if result.unreadable:
            etree.SubElement(case, "error", message="unreadable").text = str(result.problems[0])
        elif result.errors:
            failure = etree.SubElement(case, "failure", message=f"invalid{_counts(result)}")
            failure.text = "\n".join(str(p) for p in result.errors)
        if result.warnings:
            etree.SubElement(case, "system-out").text = "\n".join(map(str, result.warnings))
    etree.indent(suites, space="  ")
    yield etree.tostring(suites, encoding="unicode", xml_declaration=False)


RENDERERS: dict[str, Callable[[Iterable[FileResult], bool], Iterator[str]]] = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
    "junit": render_junit,
}


def exit_code(results: list[FileResult]) -> int:
    statuses = {r.status for r in results}
    return 2 if "unreadable" in statuses else 1 if "invalid" in statuses else 0


# --- the command -----------------------------------------------------------------------------


@click.command(name="tei-validate", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--schema",
    default="tei_edition",
    show_default=True,
    help="tei_edition (grammar + rules), tei_all, or a .rng, .xsd or .sch file.",
)
@click.option(
    "--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True
)
@click.option("-v", "--verbose", is_flag=True, help="Print every problem (text format).")
@click.option(
    "--xpath2", is_flag=True, help="Also run tei_all's XPath 2 Schematron rules (needs saxonche)."
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Worker processes; 0: one per CPU from 50 files on, else this process alone."
    " Each worker compiles the schema once.",
)
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help=f"Where results are remembered [default: ${cache.ENV_DIR} or {cache.DEFAULT_DIR}].",
)
@click.option("--no-cache", is_flag=True, help="Check every file, and remember nothing.")
def validate_command(
    paths: tuple[str, ...],
    schema: str,
    output_format: str,
    verbose: bool,
    xpath2: bool,
    jobs: int,
    cache_dir: Path | None,
    no_cache: bool,
) -> None:
    """Validate TEI files, directories (every *.xml below) and glob patterns.

    Exit status: 0 all valid, 1 any invalid, 2 usage error or unreadable input.
    """
    try:
        validator = validate.Validator.for_schema(schema, xpath2=xpath2)
    except TeiEditionError as error:
        raise click.UsageError(str(error)) from None
    store = None if no_cache else _open_cache(cache_dir or cache.default_dir(), validator)
    results: list[FileResult] = []
    checked = check_all(list(expand(paths)), schema, xpath2, jobs, validator, store)
    try:
        for line in RENDERERS[output_format](_kept(checked, results), verbose):
            click.echo(line)
    except TeiEditionError as error:
        raise click.UsageError(str(error)) from None
    finally:
        if store is not None:
            _close_cache(store)
    if store is not None and verbose:
        hits, checked_count = _plural(store.hits, "file"), _plural(store.misses, "file")
        message = (
            f"cache {store.directory}: {hits} unchanged since checked, {checked_count} checked"
        )
        click.echo(message, err=True)
    sys.exit(exit_code(results))


def _kept(results: Iterable[FileResult], into: list[FileResult]) -> Iterator[FileResult]:
    for result in results:
        into.append(result)
        yield result


def _open_cache(directory: Path, validator: validate.Validator) -> cache.ResultCache | None:
    """The result cache, or None (with a warning if it cannot be used)."""
    if validator.fingerprint is None:
        return None
    try:
        return cache.ResultCache.open(directory, validator.fingerprint)
    except (OSError, sqlite3.Error) as error:
        click.echo(f"tei-validate: warning: cache {directory} not used: {error}", err=True)
        return None


def _close_cache(store: cache.ResultCache) -> None:
    store.close()
    if store.error is not None:
        message = f"tei-validate: warning: cache {store.directory} not used: {store.error}"
        click.echo(message, err=True)


if __name__ == "__main__":
    validate_command()
