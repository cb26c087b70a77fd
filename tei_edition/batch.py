"""Batches: many transcripts to many TEI files, in parallel, incrementally, atomically.

Owns :func:`convert_many` (any :class:`concurrent.futures.Executor`, a bounded number of files
in flight, results in input order), the per-file work a worker does (convert, validate against
the project schema compiled once per process, write atomically), and the manifest that lets a
re-run skip files whose input, options, register and tool version are unchanged.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ._version import __version__
from .errors import TeiEditionError
from .names import Register
from .pipeline import convert_file
from .read import MAX_BYTES

MANIFEST = ".tei-edition-manifest.jsonl"
_UMASK = os.umask(0)
os.umask(_UMASK)


@dataclass(frozen=True)
class Settings:
    """What a conversion depends on besides the input: part of every file's fingerprint."""

    validate: bool = True
    registers: tuple[str, ...] = ()
    max_bytes: int = MAX_BYTES

    def fingerprint(self) -> str:
        digest = hashlib.sha256(f"{__version__}|{self.validate}|{self.max_bytes}".encode())
        for path in self.registers:
            digest.update(Path(path).read_bytes())
        return digest.hexdigest()[:16]


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one input: plain data, so it crosses process boundaries."""

    path: str
    output: str | None
    status: str  # converted | skipped | failed | invalid
    error: str | None = None
    warnings: tuple[str, ...] = ()
    warning_codes: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    report: dict[str, Any] | None = None
    input_hash: str | None = None
    seconds: float = 0.0
    xml: bytes | None = None  # the TEI, when it was not written to a file


@dataclass
class Summary:
    """Counts of a batch run, for the closing table."""

    outcomes: list[FileOutcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def warnings_by_kind(self) -> dict[str, int]:
        kinds: dict[str, int] = {}
        for outcome in self.outcomes:
            for code in outcome.warning_codes:
                kinds[code] = kinds.get(code, 0) + 1
        return dict(sorted(kinds.items()))

    @property
    def warnings(self) -> int:
        return sum(len(o.warnings) for o in self.outcomes)


# ---------------------------------------------------------------- files


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename: never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_UMASK)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def iter_inputs(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given; directories expanded to their ``*.txt`` files, sorted."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.txt") if p.is_file())
        else:
            yield path


def file_hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


# ---------------------------------------------------------------- the worker


@functools.cache
def _validator() -> Any:
    from .validate import Validator

    return Validator.for_schema("tei_edition")


@functools.cache
def _register(paths: tuple[str, ...]) -> Register | None:
    return Register.load(*paths) if paths else None


def convert_to(
    path: Path, output: Path | None, settings: Settings, validator: Any = None
) -> FileOutcome:
    """Convert one file, validate it (against ``validator``, by default the project schema),
    write it atomically; return what happened as data."""
    import time

    start = time.perf_counter()
    try:
        result = convert_file(path, _register(settings.registers), settings.max_bytes)
    except TeiEditionError as exc:
        return FileOutcome(str(path), None, "failed", str(exc), seconds=time.perf_counter() - start)
    data = result.xml()
    warnings = tuple(str(w) for w in result.warnings)
    codes = tuple(w.code for w in result.warnings)
    if settings.validate:
        name = output.name if output else f"{path.stem}.xml"
        errors = [
            replace(p, file=name)
            for p in (validator or _validator()).iter_errors(data)
            if p.severity == "error"
        ]
        if errors:
            line = errors[0].source_line or 1
            noun = "problem" if len(errors) == 1 else "problems"
            message = (
                f"{path}:{line}:1: the TEI would not be valid ({len(errors)} {noun},"
                f" first: {errors[0].message}); nothing written"
            )
            return FileOutcome(
                str(path),
                None,
                "invalid",
                message,
                warnings,
                codes,
                tuple(map(str, errors)),
                result.report,
                seconds=time.perf_counter() - start,
            )
    if output is not None:
        write_atomic(output, data)
    return FileOutcome(
        str(path),
        str(output) if output else None,
        "converted",
        None,
        warnings,
        codes,
        (),
        result.report,
        seconds=time.perf_counter() - start,
        xml=None if output is not None else data,
    )


def _job(path: str, output: str | None, settings: Settings, input_hash: str | None) -> FileOutcome:
    outcome = convert_to(Path(path), Path(output) if output else None, settings)
    return replace(outcome, input_hash=input_hash)


# ---------------------------------------------------------------- the manifest


class Manifest:
    """``OUT/.tei-edition-manifest.jsonl``: for each output, what it was made from.

    One JSON object a line, appended as each file finishes, so a run killed at any moment
    leaves a manifest that a re-run trusts (a torn last line is ignored); rewritten compactly
    and sorted when a run ends.
    """

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / MANIFEST
        self.entries: dict[str, dict[str, Any]] = {}
        self._log: Any = None
        try:
            lines = self.path.read_text("utf-8").splitlines()
        except OSError:
            lines = []
        for line in lines:
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if entry.get("removed"):
                self.entries.pop(entry["output"], None)
            else:
                self.entries[entry["output"]] = entry

    def is_current(self, output: Path, input_hash: str, fingerprint: str) -> bool:
        entry = self.entries.get(output.name)
        return (
            entry is not None
            and output.exists()
            and entry.get("input") == input_hash
            and entry.get("settings") == fingerprint
        )

    def skipped(self, path: Path, output: Path, input_hash: str) -> FileOutcome:
        """The outcome of an unchanged file: its warnings are those recorded last time."""
        entry = self.entries[output.name]
        return FileOutcome(
            str(path),
            str(output),
            "skipped",
            None,
            tuple(entry.get("warnings", ())),
            tuple(entry.get("codes", ())),
            input_hash=input_hash,
        )

    def record(self, outcome: FileOutcome, fingerprint: str) -> None:
        if outcome.status == "converted" and outcome.output and outcome.input_hash:
            self._append(
                {
                    "output": Path(outcome.output).name,
                    "input": outcome.input_hash,
                    "settings": fingerprint,
                    "warnings": list(outcome.warnings),
                    "codes": list(outcome.warning_codes),
                }
            )
        elif outcome.input_hash and outcome.status in ("failed", "invalid"):
            name = f"{Path(outcome.path).stem}.xml"
            if name in self.entries:
                self._append({"output": name, "removed": True})

    def _append(self, entry: dict[str, Any]) -> None:
        if entry.get("removed"):
            self.entries.pop(entry["output"], None)
        else:
            self.entries[entry["output"]] = entry
        if self._log is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._log = self.path.open("a", encoding="utf-8")
        self._log.write(json.dumps(entry, sort_keys=True) + "\n")
        self._log.flush()

    def close(self) -> None:
        """Rewrite the manifest compactly, one sorted line per output."""
        if self._log is not None:
            self._log.close()
            self._log = None
        lines = (json.dumps(self.entries[k], sort_keys=True) + "\n" for k in sorted(self.entries))
        write_atomic(self.path, "".join(lines).encode())


# ---------------------------------------------------------------- the batch


class _Inline(Executor):
    """Runs each job at once in this process (``--jobs 1``)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


def convert_many(
    paths: Iterable[str | Path],
    out_dir: str | Path,
    executor: Executor | None = None,
    *,
    validate: bool = True,
    registers: Iterable[str | Path] = (),
    max_bytes: int = MAX_BYTES,
    force: bool = False,
    in_flight: int = 64,
    on_result: Callable[[FileOutcome], None] | None = None,
) -> Summary:
    """Convert files and directories of transcripts into ``out_dir``.

    ``executor`` is any :class:`concurrent.futures.Executor` (a process pool, a Dask client's
    ``get_executor()``); None converts in this process. At most ``in_flight`` files are
    submitted at once; results arrive in input order. Unchanged files are skipped unless
    ``force``. Returns the :class:`Summary`; ``on_result`` sees each outcome as it arrives.
    """
    out = Path(out_dir)
    _remove_stale_temporaries(out)
    settings = Settings(validate, tuple(str(Path(r).resolve()) for r in registers), max_bytes)
    fingerprint = settings.fingerprint()
    manifest = Manifest(out)
    summary = Summary()
    pending: deque[Future[FileOutcome] | FileOutcome] = deque()
    runner = executor or _Inline()
    taken: dict[str, str] = {}
    try:
        for path in iter_inputs(Path(p) for p in paths):
            pending.append(
                _submit(runner, path, out, settings, fingerprint, manifest, force, taken)
            )
            while pending and (len(pending) >= in_flight or _ready(pending[0])):
                _collect(pending.popleft(), summary, manifest, fingerprint, on_result)
        while pending:
            _collect(pending.popleft(), summary, manifest, fingerprint, on_result)
    finally:
        for item in pending:
            if isinstance(item, Future):
                item.cancel()
        if summary.outcomes:
            manifest.close()
    return summary


def _remove_stale_temporaries(out: Path) -> None:
    """Temporary files left by an interrupted run (kill -9) are never complete outputs."""
    for stale in out.glob(".*.xml.*.tmp"):
        stale.unlink(missing_ok=True)


def _submit(
    runner: Executor,
    path: Path,
    out: Path,
    settings: Settings,
    fingerprint: str,
    manifest: Manifest,
    force: bool,
    taken: dict[str, str],
) -> Future[FileOutcome] | FileOutcome:
    output = out / f"{path.stem}.xml"
    if output.name in taken:
        return FileOutcome(
            str(path),
            None,
            "failed",
            f"{path}:1:1: output name {output.name} is already taken by {taken[output.name]}",
        )
    taken[output.name] = str(path)
    digest = file_hash(path)
    if digest and not force and manifest.is_current(output, digest, fingerprint):
        return manifest.skipped(path, output, digest)
    return runner.submit(_job, str(path), str(output), settings, digest)


def _ready(item: Future[FileOutcome] | FileOutcome) -> bool:
    return not isinstance(item, Future) or item.done()


def _collect(
    item: Future[FileOutcome] | FileOutcome,
    summary: Summary,
    manifest: Manifest,
    fingerprint: str,
    on_result: Callable[[FileOutcome], None] | None,
) -> None:
    outcome = item.result() if isinstance(item, Future) else item
    summary.outcomes.append(outcome)
    manifest.record(outcome, fingerprint)
    if on_result is not None:
        on_result(outcome)


__all__ = [
    "FileOutcome",
    "Manifest",
    "Settings",
    "Summary",
    "convert_many",
    "convert_to",
    "iter_inputs",
    "write_atomic",
]
