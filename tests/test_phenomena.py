"""Example fixtures: one small transcript per phenomenon, with the TEI it must produce.

Each ``tests/fixtures/*.txt`` file holds examples::

    === name of the example
    the transcript snippet
    --- body            (fragments that must appear in the body, whitespace-insensitive)
    <p>…</p>
    --- header          (lines ``XPATH => expected text``, or ``XPATH`` that must exist,
                         or ``!XPATH`` that must not)
    --- warnings        (substrings of expected warnings, one per line; none = no warnings
                         beyond the plain-layout notice)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import NS, body_xml, convert_checked, squash

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass
class Example:
    file: str
    name: str
    source: str
    expect: dict[str, list[str]] = field(default_factory=dict)


def load_examples() -> list[Example]:
    examples = []
    for path in sorted(FIXTURES.glob("*.txt")):
        for block in re.split(r"^=== ", path.read_text(encoding="utf-8"), flags=re.M)[1:]:
            name, _, rest = block.partition("\n")
            parts = re.split(r"^--- (\w+)\n", rest, flags=re.M)
            example = Example(path.stem, name.strip(), parts[0].rstrip("\n") + "\n")
            for kind, body in zip(parts[1::2], parts[2::2], strict=True):
                example.expect[kind] = [ln for ln in body.splitlines() if ln.strip()]
            examples.append(example)
    return examples


EXAMPLES = load_examples()


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"{e.file}:{e.name}" for e in EXAMPLES])
def test_example(example: Example, tei_all, project_schema) -> None:
    result = convert_checked(example.source, tei_all, f"{example.file}.txt", project_schema)
    body = body_xml(result.tree)
    for fragment in _fragments(example.expect.get("body", [])):
        assert squash(fragment) in body, f"missing in body:\n{fragment}\n\nbody:\n{body}"
    for line in example.expect.get("header", []):
        _check_xpath(result.tree, line)
    messages = [str(w) for w in result.warnings if "no page metadata" not in w.message]
    expected = example.expect.get("warnings", [])
    assert len(messages) == len(expected), messages
    for want, got in zip(expected, messages, strict=True):
        assert want.strip() in got, f"{want!r} not in {got!r}"


def _fragments(lines: list[str]) -> list[str]:
    """Fragments are separated by lines holding only ``...``."""
    text = "\n".join(lines)
    return [f for f in re.split(r"^\.\.\.$", text, flags=re.M) if f.strip()]


def _check_xpath(tree, line: str) -> None:
    if line.startswith("!"):
        assert not tree.xpath(line[1:].strip(), namespaces=NS), f"unexpected: {line}"
        return
    path, _, want = line.partition(" => ")
    found = tree.xpath(path.strip(), namespaces=NS)
    assert found, f"nothing at {path}"
    if want:
        value = found[0] if isinstance(found[0], str) else "".join(found[0].itertext())
        assert squash(value) == want.strip(), f"{path}: {value!r} != {want!r}"


def test_fixture_files_are_not_empty() -> None:
    assert len(EXAMPLES) >= 40
    assert all(e.expect for e in EXAMPLES), [e.name for e in EXAMPLES if not e.expect]
