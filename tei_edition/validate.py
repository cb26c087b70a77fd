"""Validating TEI: schemas found and compiled once, every problem returned as data.

This module owns the validation API (:func:`iter_errors`, :func:`validate`, :func:`is_valid`
and the reusable :class:`Validator`), the lookup of the schemas shipped with the package
(:func:`schema_dir`, :func:`find_tei_all`) and the :class:`Problem` record. Engines: RelaxNG
and XSLT 1 Schematron through lxml, XSD through xmlschema, XPath 2 Schematron through saxonche
(optional). Documents read from disk or bytes go through :mod:`tei_edition.safexml`.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

from lxml import etree

from tei_edition import safexml
from tei_edition._version import __version__
from tei_edition.errors import InvalidTEIError, SchemaNotFoundError, TeiEditionError
from tei_edition.xmlns import SOURCE_PI

if TYPE_CHECKING:
    from typing import TypeAlias

    Document: TypeAlias = etree._ElementTree | etree._Element | bytes | str | os.PathLike[str]

Engine = Literal["relaxng", "schematron", "xsd", "xml"]
Severity = Literal["error", "warning"]

SVRL_NS = "http://purl.oclc.org/dsdl/svrl"

_SRC_LINE = re.compile(r"""\bsrc-line\s*=\s*["'](\d+)["']""")
_PRECEDING_SOURCE_PI = etree.XPath(f"preceding::processing-instruction('{SOURCE_PI}')[1]")


@dataclass(frozen=True)
class Problem:
    """One validation problem at a place in a document (1-based line and column, 0 if unknown)."""

    file: str
    line: int
    column: int
    xpath: str
    engine: Engine
    rule_id: str | None
    message: str
    severity: Severity = "error"
    source_line: int | None = None

    def __str__(self) -> str:
        rule = f" [{self.rule_id}]" if self.rule_id else ""
        where = f" ({self.xpath})" if self.xpath else ""
        head = f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message}"
        return head + rule + where


# --- finding schemas -------------------------------------------------------------------------


def schema_dir() -> Path:
    """The schema directory: ``tei_edition/_schema`` in a wheel, ``<repo>/schema`` otherwise."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "_schema", package.parent / "schema"):
        if candidate.is_dir():
            return candidate
    raise SchemaNotFoundError(f"no schema directory next to {package}: reinstall tei_edition")


def find_tei_all() -> Path:
    """The official ``tei_all.rng``: ``$TEI_ALL_RNG`` if set, else the copy shipped here."""
    configured = os.environ.get("TEI_ALL_RNG")
    path = Path(configured) if configured else schema_dir() / "tei_all" / "tei_all.rng"
    if not path.is_file():
        origin = "TEI_ALL_RNG names" if configured else "the shipped tei_all is missing:"
        raise SchemaNotFoundError(f"{origin} {path}, which is not a file")
    return path


def find_tei_all_sch() -> Path:
    """tei_all's XPath 2 Schematron: next to ``$TEI_ALL_RNG`` if there, else the shipped one."""
    beside = find_tei_all().with_suffix(".sch")
    path = beside if beside.is_file() else schema_dir() / "tei_all" / "tei_all.sch"
    if not path.is_file():
        raise SchemaNotFoundError(f"{path} is missing: reinstall tei_edition")
    return path


def _project_file(suffix: str) -> Path:
    path = schema_dir() / f"tei_edition{suffix}"
    if not path.is_file():
        raise SchemaNotFoundError(f"{path} is missing: run `python tools/build_schema.py`")
    return path


# --- documents -------------------------------------------------------------------------------


@dataclass
class _Loaded:
    """A parsed document, its name for messages and, when known, its source text."""

    tree: etree._ElementTree
    name: str
    data: bytes | None

    @functools.cached_property
    def lines(self) -> list[str]:
        if self.data is None:
            return []
        encoding = self.tree.docinfo.encoding or "utf-8"
        return self.data.decode(encoding, errors="replace").splitlines()


def _load(doc: Document, name: str | None = None) -> _Loaded:
    if isinstance(doc, etree._ElementTree):
        return _Loaded(doc, doc.docinfo.URL or "<tree>", None)
    if isinstance(doc, etree._Element):
        tree = doc.getroottree()
        return _Loaded(tree, tree.docinfo.URL or "<tree>", None)
    if isinstance(doc, bytes):
        name = name or "<bytes>"
        return _Loaded(safexml.parse_bytes(doc, name), name, doc)
    data = safexml.read_file(doc)
    return _Loaded(safexml.parse_bytes(data, str(doc)), str(doc), data)


# --- places ----------------------------------------------------------------------------------


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def element_xpath(element: etree._Element) -> str:
    """A readable XPath of ``element`` by local names, ``[n]`` where a name repeats."""
    steps = []
    node: etree._Element | None = element
    while node is not None:
        name = _local(node)
        parent = node.getparent()
        same = [] if parent is None else [c for c in parent if c.tag == node.tag]
        steps.append(f"{name}[{same.index(node) + 1}]" if len(same) > 1 else name)
        node = parent
    return "/" + "/".join(reversed(steps))


def source_line(element: etree._Element) -> int | None:
    """The transcript line of the nearest ``<?tei-edition src-line="N"?>`` before ``element``."""
    found = _PRECEDING_SOURCE_PI(element)
    if not found:
        return None
    match = _SRC_LINE.search(found[0].text or "")
    return int(match.group(1)) if match else None


def _column(element: etree._Element, lines: Sequence[str]) -> int:
    """The 1-based column of ``element``'s start tag on its source line, 0 if not found."""
    line = element.sourceline
    if not line or line > len(lines):
        return 0
    earlier = 0
    for other in element.getroottree().iter(element.tag):
        if other is element:
            break
        earlier += other.sourceline == line
    text, tag, position = lines[line - 1], _qname(element), -1
    for _ in range(earlier + 1):
        position = _find_tag(text, tag, position + 1)
        if position < 0:
            return 0
    return position + 1


def _qname(element: etree._Element) -> str:
    prefix = element.prefix
    return f"{prefix}:{_local(element)}" if prefix else _local(element)


def _find_tag(text: str, tag: str, start: int) -> int:
    needle = "<" + tag
    position = text.find(needle, start)
    while position >= 0:
        after = text[position + len(needle) : position + len(needle) + 1]
        if after in ("", ">", "/", " ", "\t"):
            return position
        position = text.find(needle, position + 1)
    return -1


def _problem(
    loaded: _Loaded,
    node: etree._Element | None,
    engine: Engine,
    rule_id: str | None,
    message: str,
    severity: Severity = "error",
    line: int = 0,
) -> Problem:
    if node is None:
        return Problem(loaded.name, line, 0, "", engine, rule_id, message, severity)
    return Problem(
        file=loaded.name,
        line=node.sourceline or line,
        column=_column(node, loaded.lines),
        xpath=element_xpath(node),
        engine=engine,
        rule_id=rule_id,
        message=message,
        severity=severity,
        source_line=source_line(node),
    )


def _resolve(tree: etree._ElementTree, path: str) -> tuple[etree._Element | None, str]:
    """The element at ``path`` and the attribute step (``/@name``) if it names an attribute."""
    if not path:
        return None, ""
    try:
        found = tree.xpath(path, namespaces=_prefixes(tree))
    except etree.XPathError:
        return None, ""
    if not isinstance(found, list) or not found:
        return None, ""
    node = found[0]
    if isinstance(node, etree._Element):
        return node, ""
    if getattr(node, "is_attribute", False):
        return node.getparent(), f"/@{etree.QName(node.attrname).localname}"
    return None, ""


def _prefixes(tree: etree._ElementTree) -> dict[str, str]:
    """Every namespace prefix declared in ``tree`` (libxml2 writes them in its paths)."""
    found: dict[str, str] = {}
    for element in tree.iter(tag=etree.Element):
        found.update((k, v) for k, v in element.nsmap.items() if k)
    return found


# --- engines ---------------------------------------------------------------------------------


class _Stage(Protocol):
    path: Path

    def check(self, loaded: _Loaded) -> Iterator[Problem]: ...


class _RelaxNG:
    """A RelaxNG grammar compiled by libxml2 on first use; rule ids are libxml2's error names."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @functools.cached_property
    def grammar(self) -> etree.RelaxNG:
        try:
            return etree.RelaxNG(file=str(self.path))
        except (etree.RelaxNGParseError, OSError) as error:
            raise SchemaNotFoundError(f"{self.path}: not a usable RelaxNG: {error}") from None

    def check(self, loaded: _Loaded) -> Iterator[Problem]:
        """One problem per element: libxml2's follow-up errors on the same element are dropped."""
        if self.grammar.validate(loaded.tree):
            return
        seen: set[str] = set()
        for entry in self.grammar.error_log:
            node, _ = _resolve(loaded.tree, entry.path or "")
            message = _explain(entry.type_name, entry.message, node)
            problem = _problem(loaded, node, "relaxng", entry.type_name, message, line=entry.line)
            key = problem.xpath or f"{problem.line}:{problem.message}"
            if key not in seen:
                seen.add(key)
                yield problem


#: What to do about libxml2's RelaxNG errors, which name no fix.
_FIXES = {
    "RELAXNG_ERR_NOELEM": "required content is missing: add the child elements its content"
    " model requires (see schema/README.md)",
    "RELAXNG_ERR_ELEMWRONG": "this element is not allowed here: move it or use the element the"
    " encoding policy names for this content",
    "RELAXNG_ERR_ELEMNAME": "this element is not allowed here: move it or rename it",
    "RELAXNG_ERR_INVALIDATTR": "remove the attribute or use one the schema allows on this element",
    "RELAXNG_ERR_EXTRACONTENT": "remove the extra content or move it where the schema allows it",
    "RELAXNG_ERR_ELEMNOTEMPTY": "this element must be empty: remove its content",
    "RELAXNG_ERR_DATATYPE": "the value has the wrong form for this attribute or element",
    "RELAXNG_ERR_VALUE": "use one of the values the schema lists for it",
    "RELAXNG_ERR_LIST": "use one of the values the schema lists for it",
}


def _explain(type_name: str, message: str, node: etree._Element | None) -> str:
    """libxml2's message made readable, with what to do about it."""
    name = etree.QName(node).localname if node is not None and isinstance(node.tag, str) else ""
    if type_name == "RELAXNG_ERR_NOELEM" and name:
        message = f"<{name}> is incomplete"
    fix = _FIXES.get(type_name)
    return f"{message}: {fix}" if fix else message


_SVRL_PARAMS = {"generate-fired-rule": "'false'"}
"""Only failed asserts and successful reports matter: no fired-rule records in the report."""


_XSL = "{http://www.w3.org/1999/XSL/Transform}"


def _repaired(xslt: etree._ElementTree) -> etree._ElementTree:
    """Fix two faults of the XSLT that lxml's ISO Schematron skeleton generates.

    The location of an attribute lacks its element's path (only ``/@name``): prefix it. Each
    pattern walks the document twice (an ``apply-templates`` in the default mode, which only
    copies text that is then stripped): drop that walk.
    """
    xslt = copy.deepcopy(xslt)
    for template in xslt.getroot().iter(f"{_XSL}template"):
        if template.get("match") == "@*" and template.get("mode") == "schematron-get-full-path":
            parent = etree.Element(f"{_XSL}apply-templates", select="parent::*")
            parent.set("mode", "schematron-get-full-path")
            template.insert(0, parent)
    for walk in xslt.getroot().iterfind(f".//{{{SVRL_NS}}}active-pattern/{_XSL}apply-templates"):
        if walk.get("mode") is None:
            walk.getparent().remove(walk)
    return xslt


class _Schematron:
    """ISO Schematron (XPath 1) compiled to XSLT by lxml; problems read from the SVRL report."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @functools.cached_property
    def transform(self) -> etree.XSLT:
        from lxml import isoschematron

        try:
            schema = isoschematron.Schematron(
                etree.parse(str(self.path)), store_xslt=True, compile_params=_SVRL_PARAMS
            )
        except (etree.SchematronParseError, etree.XMLSyntaxError, OSError) as error:
            raise SchemaNotFoundError(f"{self.path}: not a usable Schematron: {error}") from None
        return etree.XSLT(_repaired(schema.validator_xslt))

    def check(self, loaded: _Loaded) -> Iterator[Problem]:
        report = self.transform(loaded.tree)
        yield from _svrl_problems(loaded, report)


def _svrl_problems(loaded: _Loaded, report: etree._ElementTree) -> Iterator[Problem]:
    """Problems from an SVRL report; an assert without an id takes its pattern's id."""
    pattern = None
    for item in report.getroot().iterchildren(tag=etree.Element):
        kind = etree.QName(item).localname
        if kind == "active-pattern":
            pattern = item.get("id")
        if kind not in ("failed-assert", "successful-report"):
            continue
        text = item.findtext(f"{{{SVRL_NS}}}text") or ""
        severity: Severity = "warning" if item.get("role") in _WARNING_ROLES else "error"
        node, attribute = _resolve(loaded.tree, item.get("location", ""))
        rule = item.get("id") or pattern
        problem = _problem(loaded, node, "schematron", rule, " ".join(text.split()), severity)
        yield replace(problem, xpath=problem.xpath + attribute) if attribute else problem


_WARNING_ROLES = frozenset({"warning", "warn", "nonfatal", "info", "information"})


class _XPath2Schematron:
    """ISO Schematron with XPath 2 rules (tei_all's), compiled by lxml and run by saxonche."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @functools.cached_property
    def executable(self) -> object:
        try:
            from saxonche import PySaxonProcessor
        except ImportError:
            raise SchemaNotFoundError(
                "XPath 2 Schematron needs saxonche: pip install 'tei_edition[xpath2]'"
            ) from None
        from lxml import isoschematron

        schema = etree.parse(str(self.path))
        expanded = isoschematron.iso_abstract_expand(isoschematron.iso_dsdl_include(schema))
        xslt = _repaired(isoschematron.iso_svrl_for_xslt1(expanded, **_SVRL_PARAMS))
        self._processor = PySaxonProcessor(license=False)
        compiler = self._processor.new_xslt30_processor()
        return compiler.compile_stylesheet(stylesheet_text=etree.tostring(xslt, encoding="unicode"))

    def check(self, loaded: _Loaded) -> Iterator[Problem]:
        executable = self.executable
        source = self._processor.parse_xml(xml_text=etree.tostring(loaded.tree, encoding="unicode"))
        output = executable.transform_to_string(xdm_node=source)  # type: ignore[attr-defined]
        yield from _svrl_problems(loaded, etree.fromstring(output.encode()).getroottree())


class _XSD:
    """An XML Schema checked by xmlschema (imported on first use)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @functools.cached_property
    def schema(self) -> object:
        import xmlschema

        try:
            return xmlschema.XMLSchema(str(self.path))
        except (xmlschema.XMLSchemaException, OSError) as error:
            raise SchemaNotFoundError(f"{self.path}: not a usable XSD: {error}") from None

    def check(self, loaded: _Loaded) -> Iterator[Problem]:
        for error in self.schema.iter_errors(loaded.tree):  # type: ignore[attr-defined]
            yield _problem(
                loaded,
                _xsd_node(error),
                "xsd",
                "XSD_" + type(error).__name__.removeprefix("XMLSchema").removesuffix("Error"),
                error.reason or error.message,
                line=error.sourceline or 0,
            )


def _xsd_node(error: object) -> etree._Element | None:
    """The element an xmlschema error is about: the unexpected child where one is named."""
    node = getattr(error, "elem", None)
    if not isinstance(node, etree._Element):
        return None
    index = getattr(error, "index", None)
    if isinstance(index, int) and 0 <= index < len(node):
        return node[index]
    return node


# --- the validator ---------------------------------------------------------------------------


class Validator:
    """A schema compiled once and reusable for any number of documents."""

    def __init__(self, name: str, stages: Sequence[_Stage], shipped: bool = False) -> None:
        self.name = name
        self._stages = tuple(stages)
        self._shipped = shipped

    @functools.cached_property
    def fingerprint(self) -> str | None:
        """A digest of everything besides the document that a result depends on: the schema
        files, this module and the engines' versions; ``None`` for a schema given by path,
        whose includes and imports are not followed (its results are not worth remembering).
        """
        if not self._shipped:
            return None
        digest = hashlib.blake2b(digest_size=16)
        versions = (__version__, etree.LXML_VERSION, etree.LIBXML_VERSION, etree.LIBXSLT_VERSION)
        digest.update(repr((self.name, versions)).encode())
        digest.update(Path(__file__).read_bytes())
        for stage in self._stages:
            digest.update(type(stage).__name__.encode())
            digest.update(stage.path.read_bytes())
        return digest.hexdigest()

    @classmethod
    def for_schema(
        cls, name_or_path: str | os.PathLike[str] = "tei_edition", xpath2: bool = False
    ) -> Validator:
        """The validator for ``'tei_edition'``, ``'tei_all'`` or a ``.rng``/``.xsd``/``.sch`` path.

        ``xpath2`` adds the XPath 2 Schematron rules embedded in tei_all (needs saxonche).
        Validators are cached per process: asking twice compiles once.
        """
        key = str(name_or_path)
        if key not in ("tei_edition", "tei_all"):
            key = str(Path(key).resolve())
        return _validator(key, xpath2)

    def iter_errors(self, doc: Document, name: str | None = None) -> Iterator[Problem]:
        """Every problem of ``doc`` (an lxml tree or element, XML bytes, or a file path).

        ``name`` is the file name that problems of XML bytes carry (default ``<bytes>``).

        Raises :class:`~tei_edition.errors.HostileXMLError` for input refused unread and
        :class:`OSError` for a file that cannot be read; XML that is not well-formed is one
        problem of engine ``'xml'``.
        """
        try:
            loaded = _load(doc, name)
        except safexml.NotWellFormedError as error:
            yield Problem(error.file, error.line, error.col, "", "xml", error.code, error.message)
            return
        for stage in self._stages:
            yield from stage.check(loaded)

    def validate(self, doc: Document) -> None:
        """Raise :class:`~tei_edition.errors.InvalidTEIError` if ``doc`` has any error."""
        problems = tuple(self.iter_errors(doc))
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            summary = f"{errors[0]}" + (f" (and {len(errors) - 1} more)" if len(errors) > 1 else "")
            raise InvalidTEIError(summary, problems)

    def is_valid(self, doc: Document) -> bool:
        """True if ``doc`` has no problem of severity ``'error'`` (warnings allowed)."""
        return not any(p.severity == "error" for p in self.iter_errors(doc))


@functools.cache
def _validator(key: str, xpath2: bool = False) -> Validator:
    extra = (_XPath2Schematron(find_tei_all_sch()),) if xpath2 else ()
    if key == "tei_edition":
        stages = (_RelaxNG(_project_file(".rng")), _Schematron(_project_file(".sch")))
        return Validator(key, stages + extra, shipped=True)
    if key == "tei_all":
        return Validator(key, (_RelaxNG(find_tei_all()), *extra), shipped=True)
    path = Path(key)
    if not path.is_file():
        raise SchemaNotFoundError(f"schema {key} not found")
    stage = _STAGES_BY_SUFFIX.get(path.suffix.lower())
    if stage is None:
        raise TeiEditionError(f"{key}: unknown schema type (use .rng, .xsd or .sch)")
    return Validator(key, (stage(path), *extra))


_STAGES_BY_SUFFIX: dict[str, type[_RelaxNG] | type[_Schematron] | type[_XSD]] = {
    ".rng": _RelaxNG,
    ".sch": _Schematron,
    ".xsd": _XSD,
}


def iter_errors(doc: Document, schema: str | os.PathLike[str] = "tei_edition") -> Iterator[Problem]:
    """Every problem of ``doc`` against ``schema`` (see :meth:`Validator.for_schema`)."""
    return Validator.for_schema(schema).iter_errors(doc)


def validate(doc: Document, schema: str | os.PathLike[str] = "tei_edition") -> None:
    """Raise :class:`~tei_edition.errors.InvalidTEIError` if ``doc`` is not valid."""
    Validator.for_schema(schema).validate(doc)


def is_valid(doc: Document, schema: str | os.PathLike[str] = "tei_edition") -> bool:
    """True if ``doc`` is valid against ``schema``."""
    return Validator.for_schema(schema).is_valid(doc)
