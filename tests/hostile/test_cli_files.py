"""Round two, the command line's files: output like coreutils, inputs refused before opened.

Each test names the defect the second attack found, and failed before its fix.
"""

from __future__ import annotations

import io
import json
import os
import signal
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from service import cli
from service.config import Settings
from tests.hostile.payloads import dumps, example

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "report.json"
    path.write_bytes(dumps(example()))
    return path


def run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "service.cli", *args],
        input=stdin,
        capture_output=True,
        cwd=REPO,
        check=False,
        timeout=120,
    )


def test_output_dash_is_standard_output(report: Path, tmp_path: Path) -> None:
    """Defect: ``-o -`` wrote a file named ``-``."""
    done = run("render", str(report), "-o", "-")
    assert done.returncode == 0
    assert zipfile.ZipFile(io.BytesIO(done.stdout)).testzip() is None
    assert "已生成" in done.stderr.decode()  # messages moved out of the document's way
    assert not (REPO / "-").exists()


def test_batch_output_dash_is_standard_output(report: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.json").write_bytes(report.read_bytes())
    done = run("batch", str(folder), "-o", "-", "--jobs", "1")
    assert done.returncode == 0
    with zipfile.ZipFile(io.BytesIO(done.stdout)) as archive:
        assert json.loads(archive.read("manifest.json"))["summary"]["succeeded"] == 1


@pytest.mark.parametrize("target", ["/dev/null", "fifo", "folder"])
def test_output_that_is_not_a_regular_file_is_never_replaced(
    report: Path, tmp_path: Path, target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Defect: ``-o`` onto a device or a symlink to one replaced it with a 0600 file (as root,
    /dev/null itself)."""
    if target == "fifo":
        os.mkfifo(tmp_path / "fifo")
    elif target == "folder":
        (tmp_path / "folder").mkdir()
    link = tmp_path / "out.docx"
    link.symlink_to(target if target.startswith("/") else tmp_path / target)
    before = os.stat(link).st_mode
    for output in (str(link), str(link.resolve())):
        assert cli.main(["render", str(report), "-o", output]) == cli.EXIT_UNUSABLE
        assert "不是普通文件" in capsys.readouterr().err
    assert link.is_symlink() and os.stat(link).st_mode == before
    assert not list(tmp_path.glob(".*.part"))


def test_a_symlink_to_a_file_is_written_through(report: Path, tmp_path: Path) -> None:
    real = tmp_path / "real.docx"
    real.write_bytes(b"old")
    real.chmod(0o640)
    link = tmp_path / "link.docx"
    link.symlink_to(real)
    assert cli.main(["render", str(report), "-o", str(link)]) == cli.EXIT_OK
    assert link.is_symlink()
    assert real.read_bytes().startswith(b"PK")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640  # the file keeps its mode, like cp


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_new_outputs_honour_the_umask(report: Path, tmp_path: Path, umask: int) -> None:
    """Defect: outputs were 0600 whatever the umask."""
    previous = os.umask(umask)
    try:
        assert cli.main(["render", str(report), "-o", str(tmp_path / "a.docx")]) == cli.EXIT_OK
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "a.docx").stat().st_mode) == 0o666 & ~umask


def test_sigterm_leaves_no_part_file(tmp_path: Path, report: Path) -> None:
    """Defect: SIGTERM during a batch left its ``.part`` file behind."""
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(3000):
        (folder / f"{number:05d}.json").write_bytes(report.read_bytes())
    output = tmp_path / "out.zip"
    process = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "batch", str(folder), "-o", str(output)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".out.zip.*.part")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(tmp_path.glob(".out.zip.*.part")), "the batch never started writing"
    process.send_signal(signal.SIGTERM)
    assert process.wait(60) == 128 + signal.SIGTERM
    assert not list(tmp_path.glob(".*.part"))
    assert not output.exists()


@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_special_files_are_refused_before_they_are_opened(
    tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Defect: a FIFO hung the command; a symlink to /dev/zero was read until memory ran out
    (the size check used st_size)."""
    path = tmp_path / "report.json"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    for args in (["validate", str(path)], ["render", str(path), "-o", str(tmp_path / "o.docx")]):
        assert cli.main(args) == cli.EXIT_UNUSABLE
        assert "不是普通文件" in capsys.readouterr().err


def test_folder_batch_refuses_special_entries(tmp_path: Path, report: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.json").write_bytes(report.read_bytes())
    os.mkfifo(folder / "b.json")
    (folder / "c.json").symlink_to("/dev/zero")
    assert cli.main(["batch", str(folder), "-o", str(tmp_path / "o.zip"), "--jobs", "1"]) == 1
    with zipfile.ZipFile(tmp_path / "o.zip") as archive:
        rows = json.loads(archive.read("manifest.json"))["reports"]
    assert [(row["input"], row["status"]) for row in rows] == [
        ("a.json", "ok"),
        ("b.json", "failed"),
        ("c.json", "failed"),
    ]
    assert {row["errors"][0]["code"] for row in rows[1:]} == {"not_a_file"}


@pytest.mark.parametrize(
    ("name", "kind"), [("in.jsonl", "fifo"), ("in.jsonl", "zero"), ("in.zip", "zero")]
)
def test_a_batch_input_that_is_a_special_file_is_refused(
    tmp_path: Path, name: str, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Defect (review): the batch input itself (a .jsonl or .zip, not a folder) was opened as
    it came: a FIFO hung the command, a symlink to /dev/zero was read without end."""
    path = tmp_path / name
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    output = tmp_path / "o.zip"
    assert cli.main(["batch", str(path), "-o", str(output), "--jobs", "1"]) == cli.EXIT_UNUSABLE
    assert "不是普通文件" in capsys.readouterr().err
    assert not output.exists()


def test_non_utf8_file_names_are_carried_as_escaped_text(tmp_path: Path, report: Path) -> None:
    """Defect: a file name that is not UTF-8 crashed the manifest after all the work."""
    folder = tmp_path / "in"
    folder.mkdir()
    (Path(os.fsdecode(bytes(folder) + b"/caf\xe9.json"))).write_bytes(report.read_bytes())
    output = tmp_path / "o.zip"
    assert cli.main(["batch", str(folder), "-o", str(output), "--jobs", "1"]) == cli.EXIT_OK
    with zipfile.ZipFile(output) as archive:
        [row] = json.loads(archive.read("manifest.json"))["reports"]
        csv_text = archive.read("manifest.csv").decode("utf-8-sig")
    assert row["input"] == "caf\\xe9.json"
    assert "caf\\xe9.json" in csv_text


@pytest.mark.parametrize("extra", [0, 1])
def test_validate_has_the_http_size_limit(
    tmp_path: Path, extra: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Defect: ``validate`` read a file of any size."""
    limit = Settings().max_body_bytes
    body = dumps(example())
    path = tmp_path / "big.json"
    path.write_bytes(body + b" " * (limit - len(body) + extra))
    expected = cli.EXIT_UNUSABLE if extra else cli.EXIT_OK
    assert cli.main(["validate", str(path)]) == expected
    monkeypatch.setenv("GOV_REPORT_MAX_BODY_BYTES", str(limit + extra))
    assert cli.main(["validate", str(path)]) == cli.EXIT_OK
