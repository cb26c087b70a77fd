"""Hostile XML is refused with a one-line error and exit 2: no entity, no DTD, no network."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from tei_edition import safexml, validate
from tei_edition.errors import HostileXMLError
from tei_edition.validate_cli import validate_command

EXAMPLE = Path(__file__).parent / "validation_cases" / "valid" / "example-record.xml"
BODY = b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/></TEI>'

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE TEI [
  <!ENTITY secret SYSTEM "file:///etc/passwd">
]>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>&secret;</p></body></text></TEI>"""

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE TEI [
  <!ENTITY a "lol">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
  <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
  <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
  <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
  <!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
  <!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">
]>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>&i;</p></body></text></TEI>"""


@pytest.fixture
def listener() -> Iterator[tuple[str, list[bytes]]]:
    """A local TCP server recording every connection: the proof that nothing is fetched."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    connections: list[bytes] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                client, _ = server.accept()
            except TimeoutError:
                continue
            connections.append(client.recv(1024))
            client.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}", connections
    stop.set()
    thread.join()
    server.close()


def _cli(path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(validate_command, [str(path)])
    return result.exit_code, result.output


def test_xxe_file_entity_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "xxe.xml"
    path.write_bytes(XXE)
    with pytest.raises(HostileXMLError) as caught:
        list(validate.iter_errors(path))
    assert str(caught.value) == (
        f"{path}:2:1: DOCTYPE with an internal subset (entity declarations) refused:"
        " TEI needs no DTD"
    )
    code, output = _cli(path)
    assert code == 2
    assert "root:" not in output
    assert output.splitlines()[0].startswith(f"{path}:2:1: error: DOCTYPE with an internal subset")


def test_entity_expansion_bomb_is_refused_without_expanding(tmp_path: Path) -> None:
    path = tmp_path / "laughs.xml"
    path.write_bytes(LAUGHS)
    code, output = _cli(path)
    assert code == 2
    assert "DOCTYPE with an internal subset" in output
    assert "lollol" not in output
    assert len(output) < 500


def test_external_dtd_is_refused_and_never_fetched(
    tmp_path: Path, listener: tuple[str, list[bytes]]
) -> None:
    url, connections = listener
    path = tmp_path / "dtd.xml"
    path.write_bytes(f'<!DOCTYPE TEI SYSTEM "{url}/tei.dtd">\n'.encode() + BODY)
    code, output = _cli(path)
    assert code == 2
    assert f"{path}:1:1: error: DOCTYPE with an external DTD refused" in output
    assert connections == []


def test_external_parameter_entity_is_never_fetched(
    tmp_path: Path, listener: tuple[str, list[bytes]]
) -> None:
    url, connections = listener
    path = tmp_path / "param.xml"
    path.write_bytes(f'<!DOCTYPE TEI [<!ENTITY % p SYSTEM "{url}/x.dtd"> %p;]>\n'.encode() + BODY)
    code, output = _cli(path)
    assert code == 2
    assert "internal subset" in output
    assert connections == []


def test_xinclude_is_not_processed(tmp_path: Path) -> None:
    include = (
        b'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd" parse="text"/>'
    )
    document = EXAMPLE.read_bytes().replace(b'<p n="1">', b'<p n="1">' + include, 1)
    problems = list(validate.iter_errors(document))
    assert [(p.rule_id, p.column) for p in problems] == [("RELAXNG_ERR_ELEMWRONG", 18)]
    assert problems[0].xpath == "/TEI/text/body/div/p[1]/include"
    assert "root:" not in problems[0].message


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.xml"
    with path.open("wb") as sparse:
        sparse.truncate(safexml.MAX_BYTES + 1)
    code, output = _cli(path)
    assert code == 2
    assert f"{path}:1:1: error: file is {safexml.MAX_BYTES + 1} bytes, more than" in output


def test_size_limit_applies_to_bytes_too() -> None:
    with pytest.raises(HostileXMLError) as caught:
        safexml.parse_bytes(BODY, "doc.xml", max_bytes=10)
    assert str(caught.value) == f"doc.xml:1:1: file is {len(BODY)} bytes, more than 10"


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.xml"
    path.write_bytes(b"<TEI>" + b"<div>" * 10_000 + b"</div>" * 10_000 + b"</TEI>")
    code, output = _cli(path)
    assert code == 2
    assert f"elements nested deeper than {safexml.MAX_DEPTH} levels" in output
    assert output.startswith(f"{path}:1:")


def test_a_doctype_in_the_text_is_only_text() -> None:
    tree = safexml.parse_bytes(BODY.replace(b"<teiHeader/>", b"<p><![CDATA[<!DOCTYPE x [ ]]></p>"))
    assert tree.getroot()[0].text == "<!DOCTYPE x [ "


def test_bare_doctype_without_subset_is_harmless() -> None:
    tree = safexml.parse_bytes(b"<!DOCTYPE TEI>\n" + BODY)
    assert tree.getroot().tag == "{http://www.tei-c.org/ns/1.0}TEI"


def test_undeclared_entity_is_a_well_formedness_problem() -> None:
    problems = list(validate.iter_errors(b"<TEI>&nbsp;</TEI>", schema="tei_all"))
    assert [(p.engine, p.rule_id, p.line) for p in problems] == [
        ("xml", "ERR_UNDECLARED_ENTITY", 1)
    ]
