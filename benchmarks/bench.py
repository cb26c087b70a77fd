"""Benchmark of archive-scale conversion and validation, run by hand from the repository root::

    python -m benchmarks.bench [--sizes 1000,10000,100000] [--json benchmarks/out/bench.json]

Generates a corpus with :mod:`benchmarks.corpus`, then measures, in one run and on the same
files: the library converting (alone, with the project schema, with tei_all), ``tei-validate``,
jing, ``xmllint --relaxng`` and pandoc, and lxml parsing the outputs (the floor); then
``tei-convert`` with 1 and 2 workers, the cold start of ``tei-convert FILE --stdout``, and the
pipeline at each corpus size. Library rows run in a child process each, so that every row has
its own peak RSS; their docs/s and per-document times leave out the one-time setup (schema
compilation, register loading), which the note gives. Prints an aligned table and the targets
as PASS/FAIL lines; writes everything as JSON. A missing tool makes its row ``skipped``.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import json
import math
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Any

from benchmarks import corpus
from benchmarks.common import (
    ROOT,
    TEI_ALL,
    Measured,
    batches,
    measure,
    script,
    tei_validate,
    warm_jing,
    warm_rate,
)

DEFAULT_JSON = ROOT / "benchmarks" / "out" / "bench.json"
MB = 1_000_000
TARGET_JING_RATIO = 5.0
TARGET_SCALING = 0.85
"""Near-linear: N workers give at least 85 % of N times the docs/s of one."""
TARGET_RSS_MB = 150.0
TARGET_COLD_S = 0.5
TARGET_GROWTH = 0.85
"""Linear cost: docs/s at the largest size at least 85 % of docs/s at the smallest."""


# ---------------------------------------------------------------- rows


@dataclass
class Row:
    """One measured line of the table."""

    name: str
    docs: int = 0
    seconds: float = 0.0
    megabytes: float = 0.0
    times_ms: list[float] = field(default_factory=list)
    peak_rss_mb: float | None = None
    note: str = ""
    skipped: str | None = None
    failures: int = 0
    """Transcripts that failed to convert or gave invalid TEI."""

    @property
    def docs_per_s(self) -> float | None:
        return self.docs / self.seconds if self.seconds > 0 and not self.skipped else None

    @property
    def mb_per_s(self) -> float | None:
        return self.megabytes / self.seconds if self.seconds > 0 and not self.skipped else None

    def percentile(self, q: float) -> float | None:
        """Nearest-rank percentile of the per-document times, in ms."""
        if not self.times_ms:
            return None
        ordered = sorted(self.times_ms)
        return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]

    def ratio(self, jing: Row | None) -> float | None:
        """docs/s over jing's, for rows over many documents."""
        base = jing.docs_per_s if jing and self.docs > 1 else None
        mine = self.docs_per_s
        return mine / base if mine and base else None

    def as_json(self, jing: Row | None) -> dict[str, Any]:
        return {
            "name": self.name,
            "docs": self.docs,
            "seconds": self.seconds,
            "docs_per_s": self.docs_per_s,
            "mb_per_s": self.mb_per_s,
            "p50_ms": self.percentile(50),
            "p95_ms": self.percentile(95),
            "peak_rss_mb": self.peak_rss_mb,
            "ratio_to_jing": self.ratio(jing),
            "note": self.note,
            "skipped": self.skipped,
        }


def _cell(value: float | None, digits: int) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def table(rows: Sequence[Row], jing: Row | None) -> str:
    """The rows as an aligned plain-text table."""
    header = ("row", "docs", "docs/s", "MB/s", "p50 ms", "p95 ms", "RSS MB", "x jing", "note")
    lines = [header]
    for row in rows:
        if row.skipped:
            lines.append((row.name, "", "", "", "", "", "", "", f"skipped: {row.skipped}"))
            continue
        lines.append(
            (
                row.name,
                str(row.docs),
                _cell(row.docs_per_s, 1),
                _cell(row.mb_per_s, 2),
                _cell(row.percentile(50), 1),
                _cell(row.percentile(95), 1),
                _cell(row.peak_rss_mb, 0),
                _cell(row.ratio(jing), 2),
                row.note,
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    right = {1, 2, 3, 4, 5, 6, 7}
    return "\n".join(
        "  ".join(
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(line)
        ).rstrip()
        for line in lines
    )


def megabytes(paths: Sequence[Path]) -> float:
    return sum(p.stat().st_size for p in paths) / MB


def spread(paths: Sequence[Path], count: int) -> list[Path]:
    """``count`` paths evenly spaced over ``paths``."""
    step = max(1, len(paths) // max(count, 1))
    return list(paths[::step][:count])


# ---------------------------------------------------------------- child processes (library rows)


def child(mode: str, files_from: Path, out_dir: Path, result: Path) -> None:
    """Run one library row in this process and write its timings to ``result``."""
    paths = [Path(line) for line in files_from.read_text("utf-8").splitlines()]
    out_dir.mkdir(parents=True, exist_ok=True)
    kind, _, option = mode.partition(":")
    if kind == "convert":
        data = convert_loop(paths, out_dir, option or None)
    elif kind == "parse":
        data = parse_loop(paths)
    elif kind == "validate":
        data = validate_loop(paths, option)
    else:
        data = pool_loop(paths, out_dir, int(option))
    result.write_text(json.dumps(data), "utf-8")


def convert_loop(paths: list[Path], out_dir: Path, schema: str | None) -> dict[str, Any]:
    """Convert (and validate) each file and write its TEI, as ``tei-convert`` does per file."""
    import tei_edition
    from tei_edition.validate import Validator

    start = time.perf_counter()
    validator = Validator.for_schema(schema) if schema else None
    first = tei_edition.convert_file(paths[0])
    if validator is not None:
        validator.is_valid(first.xml())
    setup = time.perf_counter() - start
    times, failed, invalid = [], 0, 0
    loop = time.perf_counter()
    for path in paths:
        began = time.perf_counter()
        status = convert_one(path, out_dir, validator)
        times.append((time.perf_counter() - began) * 1000)
        failed += status == "failed"
        invalid += status == "invalid"
    seconds = time.perf_counter() - loop
    return {
        "times_ms": times,
        "seconds": seconds,
        "setup_s": setup,
        "failed": failed,
        "invalid": invalid,
    }


def convert_one(path: Path, out_dir: Path, validator: Any) -> str:
    import tei_edition

    try:
        result = tei_edition.convert_file(path)
    except tei_edition.TeiEditionError:
        return "failed"
    data = result.xml()
    if validator is not None and any(p.severity == "error" for p in validator.iter_errors(data)):
        return "invalid"
    (out_dir / f"{path.stem}.xml").write_bytes(data)
    return "converted"


def parse_loop(paths: list[Path]) -> dict[str, Any]:
    """Parse each file with lxml and nothing else."""
    from lxml import etree

    times = []
    loop = time.perf_counter()
    for path in paths:
        began = time.perf_counter()
        etree.parse(str(path))
        times.append((time.perf_counter() - began) * 1000)
    return {"times_ms": times, "seconds": time.perf_counter() - loop, "setup_s": 0.0}


def validate_loop(paths: list[Path], schema: str) -> dict[str, Any]:
    """Validate each file against ``schema``, compiled once, as ``tei-validate`` does."""
    from tei_edition.validate import Validator

    start = time.perf_counter()
    validator = Validator.for_schema(schema)
    validator.is_valid(paths[0])
    setup = time.perf_counter() - start
    times, invalid = [], 0
    loop = time.perf_counter()
    for path in paths:
        began = time.perf_counter()
        invalid += not validator.is_valid(path)
        times.append((time.perf_counter() - began) * 1000)
    seconds = time.perf_counter() - loop
    return {"times_ms": times, "seconds": seconds, "setup_s": setup, "invalid": invalid}


def _pool_job(path: Path, out_dir: Path) -> tuple[float, str]:
    from tei_edition.validate import Validator

    began = time.perf_counter()
    status = convert_one(path, out_dir, Validator.for_schema("tei_edition"))
    return (time.perf_counter() - began) * 1000, status


def pool_loop(paths: list[Path], out_dir: Path, workers: int) -> dict[str, Any]:
    """Convert, validate and write in a process pool (when tei-convert has no --jobs)."""
    loop = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        done = list(pool.map(_pool_job, paths, repeat(out_dir), chunksize=16))
    return {
        "times_ms": [t for t, _ in done],
        "seconds": time.perf_counter() - loop,
        "setup_s": 0.0,
        "failed": sum(s == "failed" for _, s in done),
        "invalid": sum(s == "invalid" for _, s in done),
    }


@dataclass(frozen=True)
class Work:
    """The run's working directory and corpus."""

    root: Path
    corpus: list[Path]
    corpus_dir: Path


def library_row(name: str, mode: str, paths: list[Path], out_dir: Path, work: Work) -> Row:
    """Run ``mode`` in a child process over ``paths``; its peak RSS is the row's."""
    slug = mode.replace(":", "-") + f"-{len(paths)}"
    files_from, result = work.root / f"{slug}.list", work.root / f"{slug}.json"
    files_from.write_text("\n".join(map(str, paths)), "utf-8")
    command = [sys.executable, "-m", "benchmarks.bench", "--child", mode]
    command += ["--files-from", str(files_from), "--out", str(out_dir), "--result", str(result)]
    run = measure(command)
    if run.returncode != 0 or not result.exists():
        return Row(name, skipped=f"child process failed (exit {run.returncode})")
    data = json.loads(result.read_text("utf-8"))
    notes = [f"setup {data['setup_s']:.2f} s"] if data["setup_s"] else []
    notes += [f"{data[k]} {k}" for k in ("failed", "invalid") if data.get(k)]
    size = megabytes(paths)
    failures = data.get("failed", 0) + data.get("invalid", 0)
    return Row(
        name,
        len(paths),
        data["seconds"],
        size,
        data["times_ms"],
        run.peak_rss_mb,
        ", ".join(notes),
        failures=failures,
    )


# ---------------------------------------------------------------- external tools


def missing(tool: str) -> str | None:
    return None if shutil.which(tool) else f"{tool} not on PATH"


def tei_validate_rows(outputs: list[Path], out_dir: Path, cache_dir: Path) -> dict[str, Row]:
    """``tei-validate`` over the outputs: one process and every core with no cache, then a
    second run over the same files with the result cache the first cached run filled."""
    command, size = tei_validate(), megabytes(outputs)
    cpus = os.cpu_count() or 1
    rows = {}
    for key, jobs, note in (
        ("tei_validate", "1", "one process, wall incl. start + compile"),
        ("tei_validate_all", str(cpus), f"{cpus} workers, wall incl. start + compile per worker"),
    ):
        run = measure([*command, "--no-cache", "--jobs", jobs, str(out_dir)])
        name = f"tei-validate --jobs {jobs}, no cache (CLI)"
        peak = run.peak_rss_mb
        rows[key] = Row(name, len(outputs), run.seconds, size, peak_rss_mb=peak, note=note)
    cache_option = ["--cache-dir", str(cache_dir)]
    cached = [*command, *cache_option, str(out_dir)]
    first = measure(cached)
    again = measure(cached)
    rows["tei_validate_cached"] = Row(
        "tei-validate, unchanged files (cache)",
        len(outputs),
        again.seconds,
        size,
        peak_rss_mb=again.peak_rss_mb,
        note=f"2nd run, wall incl. start; 1st run {first.seconds:.2f} s filled the cache",
    )
    group = next(batches([p.name for p in outputs]))
    for key, name, options in (
        ("tei_validate_all_warm", f"tei-validate --jobs {cpus}, no cache (warm)", ["--no-cache"]),
        ("tei_validate_cached_warm", "tei-validate, unchanged files (warm)", cache_option),
    ):
        rate = warm_rate([*command, *options], group, cwd=out_dir)
        note = "slope 1/5 vs all files, as for jing: no start, compile"
        rows[key] = Row(name, len(group), len(group) / rate, size, note=note)
    return rows


def jing_row(outputs: list[Path], out_dir: Path) -> Row:
    name = "jing, tei_all (one JVM, wall)"
    if reason := missing("jing"):
        return Row(name, skipped=reason)
    runs = [
        measure(["jing", str(TEI_ALL), *group], cwd=out_dir)
        for group in batches([p.name for p in outputs])
    ]
    calls = f"{len(runs)} JVM call{'s' if len(runs) > 1 else ''}"
    return Row(
        name,
        len(outputs),
        sum(r.seconds for r in runs),
        megabytes(outputs),
        peak_rss_mb=max(r.peak_rss_mb for r in runs),
        note=f"{calls}, incl. JVM start + compile",
    )


def jing_warm_row(outputs: list[Path], out_dir: Path) -> Row:
    name = "jing, tei_all (warm)"
    if reason := missing("jing"):
        return Row(name, skipped=reason)
    group = next(batches([p.name for p in outputs]))
    rate = warm_jing(group, TEI_ALL, cwd=out_dir)
    size = megabytes(outputs[: len(group)])
    return Row(
        name,
        len(group),
        len(group) / rate,
        size,
        note="slope 1/5 vs all files: no JVM start, compile, warm-up",
    )


def per_call_row(name: str, command: list[str], paths: list[Path], note: str) -> Row:
    """One call of ``command`` per file (the file appended); per-call times and peak RSS."""
    if reason := missing(command[0]):
        return Row(name, skipped=reason)
    runs = [measure([*command, str(path)]) for path in paths]
    failures = sum(r.returncode != 0 for r in runs)
    if failures:
        note += f", {failures} calls failed"
    return Row(
        name,
        len(paths),
        sum(r.seconds for r in runs),
        megabytes(paths),
        [r.seconds * 1000 for r in runs],
        max(r.peak_rss_mb for r in runs),
        note,
    )


def xmllint_row(outputs: list[Path], count: int) -> Row:
    sample = spread(outputs, count)
    note = f"{len(sample)} call(s), each compiles tei_all: docs/s extrapolated"
    command = ["xmllint", "--noout", "--relaxng", str(TEI_ALL)]
    return per_call_row("xmllint --relaxng tei_all", command, sample, note)


def pandoc_row(inputs: list[Path], count: int) -> Row:
    sample = spread(inputs, count)
    note = f"{len(sample)} of {len(inputs)} transcripts, one call each"
    command = ["pandoc", "-f", "markdown", "-t", "tei", "-o", os.devnull]
    return per_call_row("pandoc markdown -> tei", command, sample, note)


# ---------------------------------------------------------------- workers and cold start


def tei_convert_help() -> tuple[str | None, str]:
    command = script("tei-convert")
    if command is None:
        return None, ""
    return command, subprocess.run([command, "--help"], capture_output=True, text=True).stdout


def worker_row(work: Work, count: int) -> Row:
    """``tei-convert DIR -o OUT --jobs N --force`` if it has --jobs, else a pool in a child."""
    command, help_text = tei_convert_help()
    out_dir = work.root / f"jobs-{count}"
    if command and "--jobs" in help_text:
        force = ["--force"] if "--force" in help_text else []
        cli = [command, str(work.corpus_dir), "-o", str(out_dir), "--jobs", str(count), *force]
        run = measure(cli)
        return cli_row(f"tei-convert --jobs {count}", run, len(work.corpus), megabytes(work.corpus))
    name = f"process pool, {count} worker{'s' if count > 1 else ''} (library)"
    return library_row(name, f"pool:{count}", work.corpus, out_dir, work)


def cli_row(name: str, run: Measured, docs: int, size: float) -> Row:
    cpu = run.cpu_seconds / run.seconds
    note = f"wall incl. start; convert + validate + write; CPU {cpu:.0%}"
    if run.returncode != 0:
        note += f"; exit {run.returncode}"
    return Row(name, docs, run.seconds, size, peak_rss_mb=run.peak_rss_mb, note=note)


def cold_row(path: Path, repeat_count: int) -> Row:
    command, _ = tei_convert_help()
    name = "tei-convert FILE --stdout (cold)"
    if command is None:
        return Row(name, skipped="tei-convert is not installed")
    runs = [measure([command, str(path), "--stdout"]) for _ in range(repeat_count)]
    median = statistics.median(r.seconds for r in runs)
    return Row(
        name,
        1,
        median,
        megabytes([path]),
        [r.seconds * 1000 for r in runs],
        max(r.peak_rss_mb for r in runs),
        f"median of {repeat_count} runs, with validation",
    )


# ---------------------------------------------------------------- checks and targets


def same_outputs(*folders: Path) -> str:
    """Whether every TEI file present in all ``folders`` has the same bytes in each."""
    names = set.intersection(*({p.name for p in f.glob("*.xml")} for f in folders))
    differing = [n for n in sorted(names) if len({(f / n).read_bytes() for f in folders}) > 1]
    shown = ", ".join(f.name for f in folders)
    if differing:
        return f"FAIL  identical outputs ({shown}): {len(differing)} differ, e.g. {differing[0]}"
    return f"PASS  identical outputs ({shown}): {len(names)} files compared"


def verdict(ok: bool | None) -> str:
    return {True: "PASS", False: "FAIL", None: "N/A "}[ok]


def targets(rows: dict[str, Row], workers: list[Row], sizes: list[Row], cold: Row) -> list[str]:
    jing, ours = rows["jing_warm"], rows["project"]
    lines = []
    if ours.docs_per_s and jing.docs_per_s:
        ratio = ours.docs_per_s / jing.docs_per_s
        lines.append(
            f"{verdict(ratio >= TARGET_JING_RATIO)}  convert + project schema >="
            f" {TARGET_JING_RATIO:g}x jing's warm docs/s: {ours.docs_per_s:.0f} vs"
            f" {jing.docs_per_s:.0f} docs/s = {ratio:.2f}x"
        )
    else:
        lines.append(f"{verdict(None)}  convert + project schema vs jing: not measured")
    for key, what in (
        ("tei_validate_all_warm", "tei-validate on every core, no cache, warm"),
        ("tei_validate_cached_warm", "tei-validate on unchanged files (result cache), warm"),
        ("tei_validate_cached", "tei-validate on unchanged files (result cache), wall"),
    ):
        row = rows.get(key)
        if row and row.docs_per_s and jing.docs_per_s:
            ratio = row.docs_per_s / jing.docs_per_s
            lines.append(
                f"{verdict(ratio >= TARGET_JING_RATIO)}  {what} >= {TARGET_JING_RATIO:g}x jing's"
                f" warm docs/s: {row.docs_per_s:.0f} vs {jing.docs_per_s:.0f} docs/s"
                f" = {ratio:.2f}x"
            )
    lines.append(scaling_target(workers))
    peaks = [r.peak_rss_mb for r in [*workers, ours] if r.peak_rss_mb is not None]
    if peaks:
        ok = max(peaks) <= TARGET_RSS_MB
        lines.append(
            f"{verdict(ok)}  peak RSS per worker <= {TARGET_RSS_MB:g} MB: largest process"
            f" {max(peaks):.0f} MB"
        )
    if cold.docs_per_s:
        ok = cold.seconds <= TARGET_COLD_S
        lines.append(
            f"{verdict(ok)}  cold start of tei-convert FILE --stdout <= {TARGET_COLD_S} s:"
            f" median {cold.seconds:.3f} s"
        )
    lines.append(growth_target(sizes))
    failed = max(rows["convert"].failures, rows["project"].failures)
    lines.append(f"{verdict(failed == 0)}  every transcript converts and is valid: {failed} not")
    return lines


def scaling_target(workers: list[Row]) -> str:
    measured = [r for r in workers if r.docs_per_s]
    if len(measured) < 2:
        return f"{verdict(None)}  worker scaling: not measured"
    one, many = measured[0], measured[-1]
    count = len(workers)
    speedup = many.docs_per_s / one.docs_per_s  # type: ignore[operator]
    efficiency = speedup / count
    return (
        f"{verdict(efficiency >= TARGET_SCALING)}  near-linear scaling with workers"
        f" (>= {TARGET_SCALING:.0%} of {count}x): {speedup:.2f}x with {count} workers"
        f" ({efficiency:.0%}); this machine has {os.cpu_count()} cores"
    )


def growth_target(sizes: list[Row]) -> str:
    measured = [r for r in sizes if r.docs_per_s]
    if len(measured) < 2:
        return f"{verdict(None)}  linear cost growth: one size only (use --sizes 1000,10000)"
    small, large = measured[0], measured[-1]
    kept = large.docs_per_s / small.docs_per_s  # type: ignore[operator]
    per_size = ", ".join(f"{r.docs}: {r.docs_per_s:.0f} docs/s" for r in measured)
    return (
        f"{verdict(kept >= TARGET_GROWTH)}  linear cost growth (docs/s at {large.docs} >="
        f" {TARGET_GROWTH:.0%} of {small.docs}): {kept:.0%} ({per_size})"
    )


# ---------------------------------------------------------------- profile


def profile(paths: list[Path], top: int = 10) -> dict[str, list[dict[str, Any]]]:
    """Where conversion spends its time: the functions with the most own time, and the
    project's functions (the stages) with the most cumulative time, as shares of the total."""
    import tei_edition

    tei_edition.convert_file(paths[0])
    profiler = cProfile.Profile()
    profiler.enable()
    for path in paths:
        tei_edition.convert_file(path)
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    total = sum(entry[2] for entry in stats.values())
    project = str(Path(tei_edition.__file__).parent)
    own, stages = [], []
    for (file, line, func), (_, _, tottime, cumtime, _) in stats.items():
        entry = {
            "function": f"{Path(file).name}:{line}({func})",
            "own_share": tottime / total,
            "cumulative_share": cumtime / total,
        }
        own.append(entry)
        if file.startswith(project) and entry["cumulative_share"] < 0.9:
            stages.append(entry)
    return {
        "own": sorted(own, key=lambda e: e["own_share"], reverse=True)[:top],
        "cumulative": sorted(stages, key=lambda e: e["cumulative_share"], reverse=True)[:top],
    }


# ---------------------------------------------------------------- the run


@contextmanager
def workdir(given: Path | None) -> Iterator[Path]:
    if given is not None:
        given.mkdir(parents=True, exist_ok=True)
        yield given
        return
    with tempfile.TemporaryDirectory(prefix="tei-bench-") as temp:
        yield Path(temp)


def prepare(root: Path, sizes: list[int], seed: int) -> tuple[dict[int, Work], float]:
    """Generate the largest corpus once; each smaller size is its prefix (hard links)."""
    largest = max(sizes)
    folder = root / f"txt-{largest}"
    start = time.perf_counter()
    paths = list(corpus.write_corpus(folder, largest, seed))
    generated = time.perf_counter() - start
    works = {largest: Work(root, paths, folder)}
    for size in sizes:
        if size != largest:
            small = root / f"txt-{size}"
            small.mkdir(exist_ok=True)
            for path in paths[:size]:
                target = small / path.name
                if not target.exists():
                    os.link(path, target)
            works[size] = Work(root, sorted(small.glob("*.txt")), small)
    return works, generated


def main_rows(work: Work, args: argparse.Namespace) -> dict[str, Row]:
    """Every row of the main table, on the corpus of ``work``."""
    inputs, out = work.corpus, work.root / "out"
    rows = {
        "convert": timed(
            library_row, "convert (library)", "convert", inputs, out / "convert", work
        ),
        "project": timed(
            library_row,
            "convert + project schema (library)",
            "convert:tei_edition",
            inputs,
            out / "project",
            work,
        ),
        "tei_all": timed(
            library_row,
            "convert + tei_all (library)",
            "convert:tei_all",
            inputs,
            out / "tei_all",
            work,
        ),
    }
    done = out / "convert"
    outputs = sorted(done.glob("*.xml"))
    rows |= {
        "validate": timed(
            library_row, "validate only (library)", "validate:tei_edition", outputs, out, work
        ),
        **timed_rows(tei_validate_rows, outputs, done, work.root / "cache"),
        "jing": timed(jing_row, outputs, done),
        "jing_warm": timed(jing_warm_row, outputs, done),
        "xmllint": timed(xmllint_row, outputs, args.xmllint_sample),
        "pandoc": timed(pandoc_row, inputs, args.pandoc_sample),
        "lxml": timed(
            library_row, "lxml parse of the outputs (floor)", "parse", outputs, out, work
        ),
    }
    for key in ("project", "tei_all"):
        rows[key].note += f", in {megabytes(inputs):.1f} MB -> out {megabytes(outputs):.1f} MB"
    return rows


def timed_rows(measurement: Callable[..., dict[str, Row]], *args: Any) -> dict[str, Row]:
    """Like :func:`timed`, for a measurement that gives several rows."""
    start = time.perf_counter()
    rows = measurement(*args)
    names = ", ".join(row.name for row in rows.values())
    print(f"  {names}: {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)
    return rows


def timed(measurement: Callable[..., Row], *args: Any) -> Row:
    """Run one measurement and say on stderr that it is done (a run takes minutes)."""
    start = time.perf_counter()
    row = measurement(*args)
    print(f"  {row.name}: {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)
    return row


def revision() -> str:
    """The commit under test, ``-dirty`` when the work tree has changes (editable installs)."""
    done = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True
    )
    return done.stdout.strip() or "unknown"


def environment() -> dict[str, Any]:
    from lxml import etree

    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "lxml": ".".join(map(str, etree.LXML_VERSION)),
        "libxml2": ".".join(map(str, etree.LIBXML_VERSION)),
        "tools": {t: shutil.which(t) for t in ("jing", "xmllint", "pandoc", "tei-convert")},
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    sizes = sorted(set(args.sizes))
    load, started = os.getloadavg()[0], revision()
    with workdir(args.work) as root:
        works, generated = prepare(root, sizes, args.seed)
        work = works[sizes[0]]
        print(f"corpus: {max(sizes)} transcripts generated in {generated:.1f} s", file=sys.stderr)
        rows = main_rows(work, args)
        workers = [timed(worker_row, work, count) for count in (1, 2)]
        folders = [root / "out" / "convert", root / "out" / "project"]
        checks = [same_outputs(*folders, *(root / f"jobs-{n}" for n in (1, 2)))]
        cold = timed(cold_row, work.corpus[0], args.repeat)
        size_rows = [rename(rows["project"], f"convert + project schema, {sizes[0]} docs")]
        for size in sizes[1:]:
            other = works[size]
            name = f"convert + project schema, {size} docs"
            out_dir = root / f"out-{size}"
            size_rows.append(
                timed(library_row, name, "convert:tei_edition", other.corpus, out_dir, other)
            )
        hot = profile(work.corpus[: args.profile]) if args.profile else []
    return {
        "rows": rows,
        "workers": workers,
        "sizes": size_rows,
        "cold": cold,
        "checks": checks,
        "profile": hot,
        "generated_s": generated,
        "load": (load, os.getloadavg()[0]),
        "revision": (started, revision()),
    }


def rename(row: Row, name: str) -> Row:
    return dataclasses.replace(row, name=name)


def report(result: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    """Print the table, checks and targets; return the JSON document."""
    rows: dict[str, Row] = result["rows"]
    jing = rows["jing_warm"] if rows["jing_warm"].docs_per_s else None
    every = [*rows.values(), *result["workers"], result["cold"], *result["sizes"]]
    before, after = result["load"]
    print(f"load average (1 min) {before:.2f} before, {after:.2f} after; {os.cpu_count()} CPUs")
    first, last = result["revision"]
    print(
        f"tei_edition at {first}" + (f" at the start, {last} at the end" if first != last else "")
    )
    print(table(every, jing))
    lines = [*result["checks"], *targets(rows, result["workers"], result["sizes"], result["cold"])]
    print("\n" + "\n".join(lines))
    if result["profile"]:
        print(f"\nconversion profile over {args.profile} docs (share of total time):")
        for key, label in (("own", "own time"), ("cumulative", "project functions, cumulative")):
            print(f"  by {label}:")
            for entry in result["profile"][key]:
                print(f"    {entry[key + '_share']:6.1%}  {entry['function']}")
    return {
        "command": " ".join(sys.argv),
        "environment": environment(),
        "seed": args.seed,
        "corpus_generated_s": result["generated_s"],
        "load_average": result["load"],
        "revision": result["revision"],
        "rows": [r.as_json(jing) for r in every],
        "checks": lines,
        "profile": result["profile"],
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=lambda text: [int(n) for n in text.split(",")],
        default=[1000],
        help="corpus sizes, comma-separated; the full table runs on the smallest",
    )
    parser.add_argument("--seed", type=int, default=0, help="corpus seed")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="where the JSON goes")
    parser.add_argument("--work", type=Path, help="keep the corpus and outputs here")
    parser.add_argument("--xmllint-sample", type=int, default=3, help="files for xmllint")
    parser.add_argument("--pandoc-sample", type=int, default=200, help="files for pandoc")
    parser.add_argument("--repeat", type=int, default=5, help="cold-start runs")
    parser.add_argument("--profile", type=int, default=300, help="docs to profile (0: none)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--files-from", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        child(args.child, args.files_from, args.out, args.result)
        return 0
    document = report(run(args), args)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(document, indent=2), "utf-8")
    print(f"\nJSON: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
