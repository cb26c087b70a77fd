"""Bad input: a clear one-line error naming file and line, exit 1, no output file, or a warning
and valid TEI. Never a traceback, never a partial or invalid file."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import NS
from lxml import etree

import tei_edition
from tei_edition.cli import convert_command
from tei_edition.errors import InputError


def _run(tmp_path: Path, data: bytes, name: str = "input.txt"):
    src = tmp_path / name
    src.write_bytes(data)
    out = tmp_path / "out"
    result = CliRunner().invoke(convert_command, [str(src), "-o", str(out), "-v"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return src, out / f"{Path(name).stem}.xml", result


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", ":1:1: empty transcript"),
        (b"  \n\xc2\xa0\n\t\n", ":1:1: empty transcript"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", ":1:1: binary file"),
        (
            b"Skip to content\nLeave a Reply\n%d bloggers like this:\n",
            ":1:1: no document text found",
        ),
        (b"ok line\nbad \x81\x8d\x8f byte\n", ":2:5: cannot decode as cp1252"),
        (b"\xff\xfeA\x00\x00\xd8", ":1:5: cannot decode as utf-16"),
    ],
)
def test_unusable_input_fails_with_one_line(tmp_path: Path, data: bytes, message: str) -> None:
    src, out, result = _run(tmp_path, data)
    assert result.exit_code == 1
    error_lines = [ln for ln in result.output.splitlines() if ln.startswith("failed")]
    assert error_lines == [f"failed     {src}{message}" + error_lines[0].split(message, 1)[1]]
    assert not out.exists()
    assert not list(out.parent.glob("*.tmp")) if out.parent.exists() else True


def test_cp1252_is_decoded_with_a_warning(tmp_path: Path) -> None:
    src, out, result = _run(tmp_path, "He said \u201cno\u201d to the caf\u00e9.\n".encode("cp1252"))
    assert result.exit_code == 0
    assert f"{src}:1:9: not valid UTF-8 (byte 0x93); decoded as cp1252" in result.output
    tree = etree.parse(str(out))
    assert (
        tree.xpath("string(//t:body//t:p)", namespaces=NS)
        == "He said \u201cno\u201d to the caf\u00e9."
    )


@pytest.mark.parametrize(
    "bom,encoding",
    [(b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")],
)
def test_byte_order_marks(tmp_path: Path, bom: bytes, encoding: str) -> None:
    _, out, result = _run(tmp_path, bom + "Raúl met Dorticós.\r\n".encode(encoding))
    assert result.exit_code == 0, result.output
    tree = etree.parse(str(out))
    assert tree.xpath("string(//t:body//t:p)", namespaces=NS) == "Raúl met Dorticós."


def test_control_characters_are_removed_with_a_warning(tmp_path: Path) -> None:
    src, out, result = _run(tmp_path, b"Page one\x0c ends.\nA bell\x07 rings.\n")
    assert result.exit_code == 0
    assert (
        f"{src}:1:9: removed 1 control character(s) not allowed in XML (first U+000C)"
        in result.output
    )
    assert f"{src}:2:7: removed 1 control character(s)" in result.output
    assert etree.parse(str(out)).xpath("count(//t:body//t:p)", namespaces=NS) == 2


def test_unbalanced_brackets_stay_text_and_the_xml_is_valid(tmp_path: Path, tei_all) -> None:
    src, out, result = _run(
        tmp_path, b"The [Soviet government [SIC} said ] that <\xe2\x80\xa6 & <b>.\n"
    )
    assert result.exit_code == 0
    assert f"{src}:1:5: unbalanced bracket '['" in result.output
    tree = etree.parse(str(out))
    assert tei_all.is_valid(tree)
    assert "& <b>" in tree.xpath("string(//t:body//t:p)", namespaces=NS)


def test_windows_and_old_mac_line_ends(tmp_path: Path) -> None:
    _, out, result = _run(tmp_path, b"First.\r\n\r\nSecond.\rThird.\n")
    assert result.exit_code == 0
    paras = etree.parse(str(out)).xpath("//t:body//t:p/text()", namespaces=NS)
    assert paras == ["First.", "Second.", "Third."]


def test_library_raises_input_error_with_position() -> None:
    with pytest.raises(InputError) as info:
        tei_edition.convert(b"", source_name="x.txt")
    assert str(info.value) == "x.txt:1:1: empty transcript: no text to convert"
    assert (info.value.file, info.value.line, info.value.col) == ("x.txt", 1, 1)


def test_a_50_mb_transcript_is_refused_clearly(tmp_path: Path) -> None:
    src = tmp_path / "big.txt"
    with src.open("wb") as handle:
        handle.truncate(50 * 2**20)
    src.write_bytes(b"I met with Fidel Castro. " * (2 * 2**20))
    _, out, result = _run(tmp_path, src.read_bytes(), "big.txt")
    assert result.exit_code == 1
    assert (
        f"{tmp_path / 'big.txt'}:1:1: transcript is 50.0 MB, above the limit of 10 MB"
        " (raise it with --max-size)" in result.output
    )
    assert not out.exists()


def test_a_large_transcript_within_the_limit_converts(tmp_path: Path) -> None:
    paragraph = (
        "On 22 Castro was present at a rally where he asked [us] to refrain from"
        " publishing, which evoked [SIC] displeasure. "
    )
    body = "\n\n".join(paragraph * 8 for _ in range(2**20 // (len(paragraph) * 8)))
    src = tmp_path / "big.txt"
    src.write_text(body, encoding="utf-8")
    result = CliRunner().invoke(
        convert_command, [str(src), "-o", str(tmp_path / "out"), "--max-size", "2"]
    )
    assert result.exit_code == 0, result.output
    tree = etree.parse(str(tmp_path / "out" / "big.xml"))
    assert tree.xpath("count(//t:body//t:p)", namespaces=NS) == body.count("\n\n") + 1
    assert tree.xpath("count(//t:body//t:supplied)", namespaces=NS) == body.count("[us]")
