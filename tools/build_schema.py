"""Generate the project schema from the official tei_all and ``schema/selection.toml``.

Writes ``schema/tei_edition.rng`` (a strict subset of tei_all: excluded elements and attributes
become ``notAllowed``/``empty``, closed value lists replace open datatypes, unreachable
definitions are dropped) and ``schema/tei_edition.xsd`` with the ``xml.xsd`` it imports (by
trang, a build-time tool). Deterministic: the same inputs give the same bytes.

    python tools/build_schema.py            # regenerate
    python tools/build_schema.py --check    # exit 1 if a generated file is stale
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

SCHEMA = Path(__file__).resolve().parents[1] / "schema"
RNG_NS = "http://relaxng.org/ns/structure/1.0"
R = f"{{{RNG_NS}}}"
TRANG = "trang"

NotAllowed, Empty, Pattern = "notAllowed", "empty", "pattern"
_LEAVES = {"text", "value", "data", "ref", "empty", "notAllowed"}
_OPTIONAL = {"optional", "zeroOrMore"}
_NAME_CLASSES = {"name", "anyName", "nsName", "choice"}


@dataclass(frozen=True)
class Selection:
    """What ``selection.toml`` keeps: elements, attributes and closed value lists."""

    source: Path
    start: str
    elements: frozenset[str]
    attributes: frozenset[str]
    values: dict[tuple[str | None, str], tuple[str, ...]]

    @classmethod
    def load(cls, path: Path) -> Selection:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        elements = {e for module in data["modules"].values() for e in module.get("elements", {})}
        values = {}
        for key, entry in data["values"].items():
            element, _, attribute = key.partition("@")
            values[(element.rstrip("/") or None, attribute)] = tuple(entry["values"])
        return cls(
            source=path.parent / data["source"]["rng"],
            start=data["source"]["start"],
            elements=frozenset(elements),
            attributes=frozenset(data["attributes"]),
            values=values,
        )


# --- the grammar -----------------------------------------------------------------------------


class Grammar:
    """tei_all as a mutable lxml tree with its definitions by name."""

    def __init__(self, path: Path) -> None:
        parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)
        self.tree = etree.parse(str(path), parser)
        self.root = self.tree.getroot()
        self._strip_annotations()

    def _strip_annotations(self) -> None:
        for node in list(self.root.iter()):
            if isinstance(node.tag, str) and not node.tag.startswith(R):
                node.getparent().remove(node)

    @property
    def defines(self) -> dict[str, etree._Element]:
        return {d.get("name"): d for d in self.root.iterchildren(f"{R}define")}

    def element_define(self, name: str) -> etree._Element:
        for define in self.defines.values():
            if _element_name(define) == name:
                return define[0]
        raise SystemExit(f"tei_all has no element {name!r}")


def _element_name(define: etree._Element) -> str | None:
    """The element name ``define`` defines, if it defines one named element."""
    if len(define) and define[0].tag == f"{R}element":
        return define[0].get("name")
    return None


def _kind(node: etree._Element) -> str:
    return etree.QName(node).localname


def _new(kind: str) -> etree._Element:
    return etree.Element(f"{R}{kind}")


def _content(node: etree._Element) -> list[etree._Element]:
    """The pattern children of ``node``, without the name class of an element or attribute."""
    children = list(node)
    if _kind(node) in ("element", "attribute") and node.get("name") is None and children:
        return children[1:]
    return children


def _own(node: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Descendants of ``node`` with ``tag`` that are not inside a nested element pattern."""
    for child in _content(node):
        if _kind(child) == tag:
            yield child
        if _kind(child) != "element":
            yield from _own(child, tag)


# --- selection -------------------------------------------------------------------------------


def drop_elements(grammar: Grammar, keep: frozenset[str]) -> None:
    """Turn the definition of every element not kept into ``notAllowed``."""
    for define in grammar.defines.values():
        name = _element_name(define)
        if name and name not in keep:
            define[:] = [_new("notAllowed")]


def drop_attributes(grammar: Grammar, keep: frozenset[str]) -> None:
    """Remove every optional attribute whose name is not kept (required ones stay)."""
    for attribute in list(grammar.root.iter(f"{R}attribute")):
        name, parent = attribute.get("name"), attribute.getparent()
        if name and name not in keep and _kind(parent) == "optional" and len(parent) == 1:
            parent.getparent().replace(parent, _new("empty"))


def close_values(grammar: Grammar, values: dict[tuple[str | None, str], tuple[str, ...]]) -> None:
    """Replace the datatype of each listed attribute by its closed list of values."""
    for (element, attribute), allowed in sorted(values.items(), key=lambda i: i[0][0] or ""):
        if element is None:
            found = [a for a in grammar.root.iter(f"{R}attribute") if a.get("name") == attribute]
        else:
            pattern = grammar.element_define(element)
            _inline_refs_to(grammar, pattern, attribute)
            found = [a for a in _own(pattern, "attribute") if a.get("name") == attribute]
        if not found:
            where = element or "any element"
            raise SystemExit(f"tei_all has no attribute {attribute!r} on {where}")
        for node in found:
            node[:] = [_choice_of(allowed)]


def _choice_of(values: tuple[str, ...]) -> etree._Element:
    choice = _new("choice")
    for value in values:
        etree.SubElement(choice, f"{R}value").text = value
    return choice


def _inline_refs_to(grammar: Grammar, pattern: etree._Element, attribute: str) -> None:
    """Copy into ``pattern`` the attribute definitions that lead to ``attribute``.

    The copies can then be narrowed for this element alone, leaving the shared class alone.
    """
    defines = grammar.defines
    for ref in list(_own(pattern, "ref")):
        define = defines[ref.get("name")]
        if any(a.get("name") == attribute for a in _own(define, "attribute")) or any(
            _leads_to(defines, r.get("name"), attribute, set()) for r in _own(define, "ref")
        ):
            group = _new("group")
            group.extend(copy.deepcopy(child) for child in define)
            ref.getparent().replace(ref, group)
            _inline_refs_to(grammar, group, attribute)


def _leads_to(
    defines: dict[str, etree._Element], name: str, attribute: str, seen: set[str]
) -> bool:
    if name in seen:
        return False
    seen.add(name)
    define = defines[name]
    if any(a.get("name") == attribute for a in _own(define, "attribute")):
        return True
    return any(_leads_to(defines, r.get("name"), attribute, seen) for r in _own(define, "ref"))


# --- simplification --------------------------------------------------------------------------


def simplify(grammar: Grammar, start: str) -> None:
    """Propagate ``notAllowed`` and ``empty`` until nothing changes, then prune."""
    while True:
        dead = {
            name: kind
            for name, define in grammar.defines.items()
            if (kind := _rewrite_children(define)) != Pattern
        }
        refs = [r for r in grammar.root.iter(f"{R}ref") if r.get("name") in dead]
        for ref in refs:
            ref.getparent().replace(ref, _new(dead[ref.get("name")]))
        if not refs:
            break
    _set_start(grammar, start)
    _prune(grammar, start)


def _rewrite(node: etree._Element) -> str:
    """Simplify ``node`` in place; say whether it became ``notAllowed``, ``empty`` or neither."""
    kind = _kind(node)
    if kind in ("notAllowed", "empty"):
        return kind
    if kind in _LEAVES:
        return Pattern
    if kind == "choice":
        return _rewrite_choice(node)
    inner = _rewrite_children(node)
    if kind in _OPTIONAL:
        return Empty if inner != Pattern else Pattern
    if kind == "oneOrMore":
        return inner
    if kind in ("element", "attribute", "list", "mixed"):
        return NotAllowed if inner == NotAllowed else Pattern
    return inner


def _rewrite_children(container: etree._Element) -> str:
    """Simplify the implicit group of ``container``'s pattern children."""
    children = _content(container)
    kinds = [_rewrite(child) for child in children]
    if NotAllowed in kinds:
        if _kind(container) == "define":
            container[:] = [_new(NotAllowed)]
        return NotAllowed
    for child, kind in zip(children, kinds, strict=True):
        if kind == Empty:
            container.remove(child)
    if all(kind == Empty for kind in kinds):
        container.append(_new(Empty))
        return Empty
    return Pattern


def _rewrite_choice(choice: etree._Element) -> str:
    kinds = [(child, _rewrite(child)) for child in list(choice)]
    alive = [(child, kind) for child, kind in kinds if kind != NotAllowed]
    for child, kind in kinds:
        if kind == NotAllowed:
            choice.remove(child)
    if not alive:
        return NotAllowed
    if all(kind == Empty for _, kind in alive):
        return Empty
    empties = [child for child, kind in alive if kind == Empty]
    for extra in empties[1:]:
        choice.remove(extra)
    return Pattern


def _set_start(grammar: Grammar, start: str) -> None:
    node = grammar.root.find(f"{R}start")
    ref = _new("ref")
    ref.set("name", start)
    node[:] = [ref]


def _prune(grammar: Grammar, start: str) -> None:
    defines = grammar.defines
    reached: set[str] = set()
    todo = [start]
    while todo:
        name = todo.pop()
        if name not in reached:
            reached.add(name)
            todo.extend(r.get("name") for r in defines[name].iter(f"{R}ref"))
    for name, define in defines.items():
        if name not in reached:
            grammar.root.remove(define)


# --- output ----------------------------------------------------------------------------------


def build_rng(selection: Selection) -> bytes:
    """The project RelaxNG grammar, as bytes."""
    grammar = Grammar(selection.source)
    _check_elements(grammar, selection.elements)
    drop_elements(grammar, selection.elements)
    drop_attributes(grammar, selection.attributes)
    close_values(grammar, selection.values)
    simplify(grammar, selection.start)
    _check_kept(grammar, selection)
    _set_header(grammar, selection.source)
    etree.cleanup_namespaces(grammar.root, keep_ns_prefixes=[])
    etree.indent(grammar.tree, space="  ")
    return etree.tostring(grammar.tree, xml_declaration=True, encoding="UTF-8") + b"\n"


def _check_elements(grammar: Grammar, elements: frozenset[str]) -> None:
    known = {e.get("name") for e in grammar.root.iter(f"{R}element")}
    missing = sorted(elements - known)
    if missing:
        raise SystemExit(f"selection.toml names elements tei_all lacks: {', '.join(missing)}")


def _check_kept(grammar: Grammar, selection: Selection) -> None:
    """Fail if an element or attribute of the selection is unreachable in the result."""
    elements = {e.get("name") for e in grammar.root.iter(f"{R}element")}
    attributes = {a.get("name") for a in grammar.root.iter(f"{R}attribute")}
    lost = sorted(selection.elements - elements) + sorted(selection.attributes - attributes)
    if lost:
        raise SystemExit(f"selection.toml keeps what no kept element can hold: {', '.join(lost)}")


def _set_header(grammar: Grammar, source: Path) -> None:
    for node in list(grammar.root):
        if isinstance(node, etree._Comment) and "licence" not in node.text:
            grammar.root.remove(node)
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    note = (
        " tei_edition: the TEI subset of the tei_edition project. Generated by"
        " tools/build_schema.py from schema/selection.toml and TEI P5 tei_all.rng"
        f" (sha256 {digest}). Do not edit: change selection.toml and regenerate. "
    )
    grammar.root.insert(0, etree.Comment(note))


def build_xsd(rng: Path, out_dir: Path) -> dict[str, bytes]:
    """The XSD files trang makes from ``rng``, by file name (``tei_edition.xsd``, ``xml.xsd``)."""
    if shutil.which(TRANG) is None:
        raise SystemExit("trang is needed to build the XSD (Debian: apt-get install trang)")
    with tempfile.TemporaryDirectory() as temp:
        target = Path(temp) / "tei_edition.xsd"
        subprocess.run([TRANG, "-I", "rng", "-O", "xsd", str(rng), str(target)], check=True)
        return {path.name: path.read_bytes() for path in sorted(Path(temp).glob("*.xsd"))}


def outputs(schema_dir: Path = SCHEMA) -> dict[str, bytes]:
    """Every generated file's name and bytes, built from the current inputs."""
    rng = build_rng(Selection.load(schema_dir / "selection.toml"))
    with tempfile.TemporaryDirectory() as temp:
        staged = Path(temp) / "tei_edition.rng"
        staged.write_bytes(rng)
        return {"tei_edition.rng": rng, **build_xsd(staged, schema_dir)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if an output is stale")
    args = parser.parse_args(argv)
    stale = []
    for name, data in outputs().items():
        path = SCHEMA / name
        if path.exists() and path.read_bytes() == data:
            continue
        stale.append(name)
        if not args.check:
            path.write_bytes(data)
    if args.check and stale:
        print(f"stale: {', '.join(stale)}; run `python tools/build_schema.py`", file=sys.stderr)
        return 1
    print("\n".join(f"wrote schema/{name}" for name in stale) or "schema/ is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
