"""Benchmark ``tei-validate`` against jing, run by hand: ``python -m benchmarks.bench_validate``.

Prints a table of wall times measured in the same run on the same files:

- cold: one process validating one file, start to exit (median of ``--repeat`` runs);
- batch: one command validating the whole corpus, start to exit (what CI pays);
- warm: files per second once started and the schema compiled: the library's validator in
  this process, and for ``tei-validate`` (without and with the result cache) and jing alike
  the slope between one run over a fifth of the corpus and one over all of it (medians of
  three runs), so that process or JVM start, schema compilation and most JIT warm-up are not
  counted.

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
    warm_rate,
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


def rows(
    files: list[Path], repeat: int, with_tei_all_lxml: bool, cache_dir: Path
) -> list[tuple[str, str, str]]:
    one = str(files[0])
    table = [
        (
            "tei-validate, tei_edition",
            "cold, 1 file",
            f"{median_wall([*tei_validate(), '--no-cache', one], repeat):.2f} s",
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
        cold = wall([*tei_validate(), "--no-cache", "--schema", "tei_all", one])
        table.append(("tei-validate, tei_all", "cold, 1 file", f"{cold:.2f} s"))
    everything = list(map(str, files))
    n = f"batch, {len(files)} files"
    uncached = wall([*tei_validate(), "--no-cache", *everything])
    cache = ["--cache-dir", str(cache_dir)]
    wall([*tei_validate(), *cache, *everything])
    cached = wall([*tei_validate(), *cache, *everything])
    jing_batch = wall(["jing", str(TEI_ALL), *everything])
    table += [
        ("tei-validate, tei_edition", n, f"{uncached:.2f} s"),
        ("tei-validate, tei_edition", f"{n}, unchanged (cache)", f"{cached:.2f} s"),
        ("jing, tei_all.rng", n, f"{jing_batch:.2f} s"),
    ]
    ours = warm_library(files, "tei_edition")
    every_core = warm_rate([*tei_validate(), "--no-cache"], files)
    unchanged = warm_rate([*tei_validate(), *cache], files)
    jing = warm_jing(files, TEI_ALL)
    count, w = len(files), f"warm, {len(files)} files"
    table += [
        ("tei_edition library, tei_edition", w, f"{ours:.0f} files/s"),
        ("tei-validate, every core", w, f"{every_core:.0f} files/s"),
        ("tei-validate, unchanged (cache)", w, f"{unchanged:.0f} files/s"),
        ("tei-validate, unchanged (cache)", f"{n}, wall", f"{count / cached:.0f} files/s"),
        ("jing, tei_all.rng (one JVM)", w, f"{jing:.0f} files/s"),
        ("ratio, library", "warm", f"{ours / jing:.1f}x jing"),
        ("ratio, every core", "warm", f"{every_core / jing:.1f}x jing"),
        ("ratio, unchanged (cache)", "warm", f"{unchanged / jing:.1f}x jing"),
        ("ratio, unchanged (cache)", "wall vs jing warm", f"{count / cached / jing:.1f}x jing"),
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
        folder = Path(temp) / "corpus"
        folder.mkdir()
        files = corpus(sources, args.copies, folder)
        table = rows(files, args.repeat, args.tei_all, Path(temp) / "cache")
    widths = [max(len(row[i]) for row in table) for i in range(3)]
    for row in [("validator", "run", "result"), *table]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
