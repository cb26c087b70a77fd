"""Golden files: encoded/ holds the TEI of every transcript, byte for byte.

Regenerate with ``tei-convert`` (or ``python -m pytest --update-golden``).
"""

from __future__ import annotations

import difflib

import pytest
from conftest import ROOT, TRANSCRIPTS

import tei_edition

REGENERATE = "run `tei-convert` (or `python -m pytest --update-golden`) and commit encoded/"


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=[p.stem for p in TRANSCRIPTS])
def test_encoded_is_current(path, update_golden: bool) -> None:
    golden = ROOT / "encoded" / f"{path.stem}.xml"
    actual = tei_edition.convert_file(path).xml()
    if update_golden:
        golden.write_bytes(actual)
        return
    assert golden.exists(), f"{golden} is missing: {REGENERATE}"
    expected = golden.read_bytes()
    if actual != expected:
        diff = difflib.unified_diff(
            expected.decode().splitlines(),
            actual.decode().splitlines(),
            str(golden),
            "converter output",
            lineterm="",
            n=2,
        )
        (golden.parent / f"{path.stem}.actual.xml").write_bytes(actual)
        pytest.fail(f"{golden} is stale; {REGENERATE}\n" + "\n".join(list(diff)[:80]))


def test_every_encoded_file_has_a_transcript() -> None:
    stems = {p.stem for p in TRANSCRIPTS}
    orphans = [
        p.name
        for p in (ROOT / "encoded").glob("*.xml")
        if p.stem not in stems and not p.name.endswith(".actual.xml")
    ]
    assert not orphans, f"encoded files without a transcript: {orphans}"


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=[p.stem for p in TRANSCRIPTS])
def test_conversion_is_deterministic(path) -> None:
    assert tei_edition.convert_file(path).xml() == tei_edition.convert_file(path).xml()
