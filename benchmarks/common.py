"""Helpers the benchmarks share: schema paths, the commands under test, timed and measured runs.

Owns how a command is found (the console script installed next to this interpreter, so that
no version-manager shim is timed), how a child process is timed and its peak resident memory
read (GNU time where installed, else ``os.wait4``), how long file lists are split so that no
command line overflows, and jing's warm rate.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEI_ALL = ROOT / "schema" / "tei_all" / "tei_all.rng"
PROJECT_RNG = ROOT / "schema" / "tei_edition.rng"
GNU_TIME = Path("/usr/bin/time").is_file()
ARGUMENT_CHARS = 500_000
"""Characters of file arguments per command: well under Linux's 2 MB for arguments."""


def script(name: str) -> str | None:
    """The console script ``name`` beside this interpreter, else the one on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.is_file() else shutil.which(name)


def tei_validate() -> list[str]:
    """The installed command, or the module run by this interpreter."""
    found = script("tei-validate")
    return [found] if found else [sys.executable, "-m", "tei_edition.validate_cli"]


def wall(command: Sequence[str], cwd: Path = ROOT) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def median_wall(command: Sequence[str], repeat: int) -> float:
    return statistics.median(wall(command) for _ in range(repeat))


@dataclass(frozen=True)
class Measured:
    """A finished child process: wall time, CPU time, peak resident memory, exit status."""

    seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    returncode: int


def measure(command: Sequence[str], cwd: Path = ROOT) -> Measured:
    """Run ``command`` with its output discarded; time it and read its resource usage.

    CPU time is that of the process and of the children it waited for (the workers of a
    process pool); peak RSS is the largest of any one of those processes. Linux counts the
    spawning process's memory in a child's peak when the child execs, so the command runs
    under GNU time (``/usr/bin/time``, a small process) where there is one; without it, the
    peak comes from ``wait4`` and is at least this process's own RSS.
    """
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as report:
        wrapper = ["/usr/bin/time", "-f", "%M", "-o", report.name] if GNU_TIME else []
        start = time.perf_counter()
        process = subprocess.Popen(
            [*wrapper, *command], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        lines = report.read().split()
    peak_kb = int(lines[-1]) if wrapper and lines and lines[-1].isdigit() else usage.ru_maxrss
    cpu = usage.ru_utime + usage.ru_stime
    return Measured(seconds, cpu, peak_kb / 1024, process.returncode)


def batches(arguments: Sequence[str], limit: int = ARGUMENT_CHARS) -> Iterator[list[str]]:
    """``arguments`` in consecutive groups of at most ``limit`` characters."""
    group: list[str] = []
    size = 0
    for argument in arguments:
        if group and size + len(argument) + 1 > limit:
            yield group
            group, size = [], 0
        group.append(argument)
        size += len(argument) + 1
    if group:
        yield group


def warm_rate(
    command: Sequence[str], files: Sequence[Path | str], cwd: Path = ROOT, repeat: int = 3
) -> float:
    """Files/s of ``command`` once started: the slope between one run over a fifth of the
    files and one over all of them (process start, schema compilation and most warm-up cancel
    out), each the median of ``repeat`` runs. ``files`` must fit on one command line."""
    names = list(map(str, files))
    fifth = names[: len(names) // 5]
    part = statistics.median(wall([*command, *fifth], cwd) for _ in range(repeat))
    whole = statistics.median(wall([*command, *names], cwd) for _ in range(repeat))
    return (len(names) - len(fifth)) / max(whole - part, 1e-9)


def warm_jing(files: Sequence[Path | str], schema: Path, cwd: Path = ROOT) -> float:
    """jing's warm files/s (:func:`warm_rate`) against ``schema``."""
    return warm_rate(["jing", str(schema)], files, cwd)
