"""The benchmark corpus generator: deterministic, made of the samples' parts, convertible."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import tei_edition

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # benchmarks/ is a package of the repository, not of the wheel
    sys.path.insert(0, str(ROOT))
corpus = importlib.import_module("benchmarks.corpus")

NS = {"t": "http://www.tei-c.org/ns/1.0"}
LAYOUT_SEEN_BY_CONVERTER = {
    "wilson-before": "wilson",
    "wilson-after": "wilson",
    "wilson-citation": "wilson",
    "blog": "blog",
    "plain": "plain",
}


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_same_seed_writes_byte_identical_files(tmp_path: Path) -> None:
    first = list(corpus.write_corpus(tmp_path / "a", 15, seed=7))
    list(corpus.write_corpus(tmp_path / "b", 15, seed=7))
    assert len(first) == 15
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_the_command_gives_the_same_bytes_in_another_process(tmp_path: Path) -> None:
    list(corpus.write_corpus(tmp_path / "here", 6, seed=5))
    command = [sys.executable, "-m", "benchmarks.corpus", str(tmp_path / "there"), "-n", "6"]
    env = {**os.environ, "PYTHONHASHSEED": "123"}
    subprocess.run([*command, "--seed", "5"], cwd=ROOT, env=env, check=True, capture_output=True)
    assert _files(tmp_path / "there") == _files(tmp_path / "here")


def test_a_smaller_corpus_is_a_prefix_of_a_larger_one(tmp_path: Path) -> None:
    list(corpus.write_corpus(tmp_path / "small", 5, seed=3))
    list(corpus.write_corpus(tmp_path / "large", 12, seed=3))
    large = _files(tmp_path / "large")
    assert all(large[name] == data for name, data in _files(tmp_path / "small").items())


def test_different_seeds_give_different_transcripts() -> None:
    zero = [corpus.transcript(0, i).data for i in range(10)]
    one = [corpus.transcript(1, i).data for i in range(10)]
    assert all(a != b for a, b in zip(zero, one, strict=True))
    assert len(set(zero)) == 10


def test_paragraphs_come_from_the_samples() -> None:
    parts = corpus.load_parts()
    samples = "\n".join(
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "transcripts").glob("*.txt"))
    )
    assert len(parts.paragraphs) > 40 and parts.items and parts.summaries
    assert all(text in samples for text in (*parts.paragraphs, *parts.items, *parts.summaries))


@pytest.fixture(scope="module")
def converted() -> list[tuple[Any, tei_edition.Result]]:
    """Fifty transcripts of seed 0 and their conversions (the converter checks every word)."""
    made = [corpus.transcript(0, i) for i in range(50)]
    return [(t, tei_edition.convert(t.data, f"{t.stem}.txt")) for t in made]


def test_every_layout_appears_in_fifty_files_and_is_recognised(
    converted: list[tuple[Any, tei_edition.Result]],
) -> None:
    layouts = Counter(t.layout for t, _ in converted)
    assert set(layouts) == set(corpus.LAYOUTS)
    for made, result in converted:
        assert result.report["layout"] == LAYOUT_SEEN_BY_CONVERTER[made.layout], made.stem


def test_a_small_corpus_converts_with_the_editorial_markup(
    converted: list[tuple[Any, tei_edition.Result]],
) -> None:
    found: Counter[str] = Counter()
    expected = [
        "//t:opener/t:fw",
        "//t:head",
        "//t:dateline/t:date[@when]",
        "//t:supplied[@resp='#tr']",
        "//t:sic",
        "//t:gap",
        "//t:note[@type='translator']",
        "//t:persName[starts-with(@ref, '#')]",
        "//t:placeName[starts-with(@ref, '#')]",
        "//t:date[@when]",
        "//t:closer/t:signed",
        "//t:idno[@type='cable']",
    ]
    for _, result in converted[:20]:
        assert result.tree.find(".//t:text/t:body/t:div/t:p", NS) is not None
        for xpath in expected:
            found[xpath] += bool(result.tree.xpath(xpath, namespaces=NS))
    assert [x for x in expected if not found[x]] == []
    assert found["//t:persName[starts-with(@ref, '#')]"] == 20


def test_paragraph_counts_and_kinds_vary() -> None:
    made = [corpus.transcript(0, i) for i in range(50)]
    assert {t.kind for t in made} == {"record", "telegram", "cable"}
    assert len({len(t.data) for t in made}) > 40
