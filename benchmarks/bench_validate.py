"""Benchmark ``tei-validate`` against jing, run by hand: ``python -m benchmarks.bench_validate``.

Prints a table of wall times measured in the same run on the same files:

- cold: one process validating one file, start to exit (median of ``--repeat`` runs);
- batch: one command validating the whole corpus, start to exit (what CI pays);
- warm: files per second once the schema is compiled. For tei_edition, the library's
  validator in this process; for jing, the slope between one JVM validating a fifth of the
  corpus and one validating all of it, so that JVM start, schema compilation and most JIT
  warm-up are not counted.

The corpus is ``encoded/`` (or the files given), copied ``--copies`` times over.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import (
    PROJECT_RNG,
    ROOT,
    TEI_ALL,
    median_wall,
    tei_validate,
    wall,
    warm_jing,
)


def corpus(sources: list[Path], copies: int, folder: Path) -> list[Path]:
    files = []
    for copy in range(copies):
        for source in sources:
            target = folder / f"{copy:04d}-{source.name}"
            shutil.copyfile(source, target)
            files.append(target)
    return files


def warm_library(files: list[Path], schema: str) -> float:
    from tei_edition.validate import Validator

    validator = Validator.for_schema(schema)
    validator.is_valid(files[0])
    start = time.perf_counter()
    for path in files:
        validator.is_valid(path)
    return len(files) / (time.perf_counter() - start)


def rows(files: list[Path], repeat: int, with_tei_all_lxml: bool) -> list[tuple[str, str, str]]:
    one = str(files[0])
    table = [
        (
            "tei-validate, tei_edition",
            "cold, 1 file",
            f"{median_wall([*tei_validate(), one], repeat):.2f} s",
        ),
        (
            "jing, tei_all.rng",
            "cold, 1 file",
            f"{median_wall(['jing', str(TEI_ALL), one], repeat):.2f} s",
        ),
        (
            "jing, tei_edition.rng",
            "cold, 1 file",
            f"{median_wall(['jing', str(PROJECT_RNG), one], repeat):.2f} s",
        ),
    ]
    if with_tei_all_lxml:
        cold = wall([*tei_validate(), "--schema", "tei_all", one])
        table.append(("tei-validate, tei_all", "cold, 1 file", f"{cold:.2f} s"))
    everything = list(map(str, files))
    n = f"batch, {len(files)} files"
    table += [
        ("tei-validate, tei_edition", n, f"{wall([*tei_validate(), *everything]):.2f} s"),
        ("jing, tei_all.rng", n, f"{wall(['jing', str(TEI_ALL), *everything]):.2f} s"),
    ]
    ours = warm_library(files, "tei_edition")
    jing = warm_jing(files, TEI_ALL)
    table += [
        ("tei_edition library, tei_edition", f"warm, {len(files)} files", f"{ours:.0f} files/s"),
        ("jing, tei_all.rng (one JVM)", f"warm, {len(files)} files", f"{jing:.0f} files/s"),
        ("ratio", "warm", f"{ours / jing:.1f}x jing"),
    ]
    return table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="TEI files (default: encoded/*.xml)")
    parser.add_argument("--copies", type=int, default=40, help="copies of the corpus (warm runs)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per cold measurement")
    parser.add_argument("--tei-all", action="store_true", help="also time lxml compiling tei_all")
    args = parser.parse_args()
    sources = args.files or sorted((ROOT / "encoded").glob("*.xml"))
    if not sources or shutil.which("jing") is None:
        print("needs TEI files (encoded/ is empty?) and jing on PATH", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as temp:
        table = rows(corpus(sources, args.copies, Path(temp)), args.repeat, args.tei_all)
    widths = [max(len(row[i]) for row in table) for i in range(3)]
    for row in [("validator", "run", "result"), *table]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
