"""Batches: parallel output identical to serial, incremental re-runs, atomic and resumable."""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, TRANSCRIPTS
from lxml import etree

from tei_edition.batch import MANIFEST, FileOutcome, convert_many
from tei_edition.cli import Progress, convert_command


def _copies(tmp_path: Path, n: int) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(n):
        sample = TRANSCRIPTS[i % len(TRANSCRIPTS)]
        shutil.copy(sample, src / f"{i:03d}_{sample.name}")
    return src


def _run(*args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(convert_command, list(args))
    lines = [ln for ln in result.output.splitlines() if not ln.startswith(("warnings by", "  "))]
    return result.exit_code, [ln.split(" in ")[0] if " files/s" in ln else ln for ln in lines]


def test_two_workers_give_the_same_bytes_and_order_as_one(tmp_path: Path) -> None:
    src = _copies(tmp_path, 12)
    code1, lines1 = _run(str(src), "-o", str(tmp_path / "one"), "--jobs", "1")
    code2, lines2 = _run(str(src), "-o", str(tmp_path / "two"), "--jobs", "2")
    assert code1 == code2 == 0
    assert [ln.replace("/one/", "/x/") for ln in lines1] == [
        ln.replace("/two/", "/x/") for ln in lines2
    ]
    for one in sorted((tmp_path / "one").glob("*.xml")):
        assert one.read_bytes() == (tmp_path / "two" / one.name).read_bytes()
    assert len(list((tmp_path / "one").glob("*.xml"))) == 12


def test_unchanged_files_are_skipped_until_something_changes(tmp_path: Path) -> None:
    src = _copies(tmp_path, 5)
    out = str(tmp_path / "out")
    assert _run(str(src), "-o", out)[1][-1].startswith("5 converted, 0 skipped")
    assert _run(str(src), "-o", out)[1][-1].startswith("0 converted, 5 skipped")
    changed = sorted(src.glob("*.txt"))[2]
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\nA new last line.\n", encoding="utf-8"
    )
    _, lines = _run(str(src), "-o", out)
    assert lines[-1].startswith("1 converted, 4 skipped")
    assert f"converted  {changed}" in "\n".join(lines)
    assert _run(str(src), "-o", out, "--no-validate")[1][-1].startswith("5 converted, 0 skipped")
    assert _run(str(src), "-o", out, "--no-validate", "--force")[1][-1].startswith(
        "5 converted, 0 skipped"
    )
    (tmp_path / "out" / f"{changed.stem}.xml").unlink()
    assert _run(str(src), "-o", out, "--no-validate")[1][-1].startswith("1 converted, 4 skipped")


def test_a_register_change_reconverts(tmp_path: Path) -> None:
    src = _copies(tmp_path, 2)
    register = tmp_path / "register.csv"
    register.write_text("id,name,variants,wikidata\npavlov_x,Pavlov,,\n", encoding="utf-8")
    out = str(tmp_path / "out")
    assert _run(str(src), "-o", out, "--register", str(register))[0] == 0
    assert _run(str(src), "-o", out, "--register", str(register))[1][-1].startswith(
        "0 converted, 2 skipped"
    )
    register.write_text("id,name,variants,wikidata\npavlov_y,Pavlov,,\n", encoding="utf-8")
    assert _run(str(src), "-o", out, "--register", str(register))[1][-1].startswith(
        "2 converted, 0 skipped"
    )


def test_skipped_files_keep_their_warnings(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "broken.txt").write_text("Roa]s position stays.\n", encoding="utf-8")
    first = CliRunner().invoke(convert_command, [str(src), "-o", str(tmp_path / "o"), "-v"])
    again = CliRunner().invoke(
        convert_command, [str(src), "-o", str(tmp_path / "o"), "-v", "--fail-on-warnings"]
    )
    assert "stray closing bracket" in first.output
    assert "(2 warnings, unchanged)" in again.output
    assert "stray closing bracket" in again.output
    assert again.exit_code == 1


def test_interrupted_run_leaves_complete_files_and_resumes(tmp_path: Path) -> None:
    src = _copies(tmp_path, 60)
    out = tmp_path / "out"
    command = [
        sys.executable,
        "-c",
        "from tei_edition.cli import convert_command; convert_command()",
        str(src),
        "-o",
        str(out),
        "--jobs",
        "1",
        "--no-validate",
    ]
    process = subprocess.Popen(command, stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while len(list(out.glob("*.xml"))) < 5 and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    done = sorted(out.glob("*.xml"))
    assert 5 <= len(done) < 60
    for path in done:
        assert etree.parse(str(path)).getroot().tag.endswith("}TEI")
    code, lines = _run(str(src), "-o", str(out), "--no-validate")
    assert code == 0
    converted, skipped = (int(x.split()[0]) for x in lines[-1].split(", ")[:2])
    assert converted + skipped == 60 and skipped >= len(done) - 1
    assert not list(out.glob(".*.tmp"))
    assert len(list(out.glob("*.xml"))) == 60


def test_library_accepts_any_executor(tmp_path: Path) -> None:
    src = _copies(tmp_path, 6)
    seen: list[FileOutcome] = []
    with ThreadPoolExecutor(max_workers=3) as pool:
        summary = convert_many([src], tmp_path / "out", pool, on_result=seen.append)
    assert [Path(o.path).name for o in seen] == sorted(p.name for p in src.glob("*.txt"))
    assert summary.count("converted") == 6
    assert (tmp_path / "out" / MANIFEST).exists()
    expected = ROOT / "encoded" / f"{TRANSCRIPTS[0].stem}.xml"
    assert (
        tmp_path / "out" / f"000_{TRANSCRIPTS[0].stem}.xml"
    ).read_bytes() == expected.read_bytes()


def test_convert_many_on_a_dask_cluster(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    src = _copies(tmp_path, 4)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        summary = convert_many([src], tmp_path / "out", client.get_executor())
    assert summary.count("converted") == 4
    for path in sorted(src.glob("*.txt")):
        original = path.name.split("_", 1)[1].removesuffix(".txt")
        assert (tmp_path / "out" / f"{path.stem}.xml").read_bytes() == (
            ROOT / "encoded" / f"{original}.xml"
        ).read_bytes()


def test_progress_bar_on_a_terminal() -> None:
    stream = io.StringIO()
    progress = Progress(4, verbose=False, stream=stream, bar=True)
    progress(FileOutcome("a.txt", "a.xml", "converted", warnings=("w",)))
    progress(FileOutcome("b.txt", "b.xml", "converted"))
    text = stream.getvalue()
    assert "\r[###############...............] 2/4" in text
    assert "files/s  ETA" in text and "1 warnings" in text
