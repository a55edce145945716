"""Hostile batches: zip bombs, traversal names, lone surrogates in what the manifest echoes, a
full disk while the upload is stored or the zip written, a worker killed mid-batch."""

from __future__ import annotations

import errno
import io
import json
import os
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from service import cli, config
from service.batch.archive import BatchArchive
from service.batch.worker import Outcome, process
from service.http.api import batches
from service.http.problems import PROBLEM_MIME, TYPE_PREFIX
from service.jobs.store import JobStatus, JobStore
from service.reading.limits import ImportLimits, ZipLimits
from tests.hostile.payloads import dumps, example, with_value

BATCHES = "/api/v1/batches"
ZIP = "application/zip"
CRASH = "CRASH-THIS-WORKER"


def zipped(entries: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def post(client: FlaskClient, body: bytes, content_type: str) -> Any:
    """POST a batch for the streamed answer (the upload is read as for a job; the zip comes
    back at once); buffered, so that the response is closed (its spool removed)."""
    return client.post(
        BATCHES + "?stream=true", data=body, content_type=content_type, buffered=True
    )


def manifest(response: Any) -> tuple[list[str], dict[str, Any]]:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    with zipfile.ZipFile(io.BytesIO(response.get_data())) as archive:
        assert archive.testzip() is None
        return archive.namelist(), json.loads(archive.read("manifest.json"))


def rows(listing: dict[str, Any]) -> dict[str, list[tuple[str, str]]]:
    return {
        row["input"]: [(issue["code"], issue["path"]) for issue in row["errors"]]
        for row in listing["reports"]
    }


def problem(response: Any, status: int, slug: str) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.mimetype == PROBLEM_MIME
    body: dict[str, Any] = response.get_json(force=True)
    assert body["type"] == TYPE_PREFIX + slug
    return body


# --- what the manifest echoes ---------------------------------------------------------------


def test_lone_surrogates_in_invalid_reports_keep_the_zip_whole(client: FlaskClient) -> None:
    bad_organization = with_value(example(), "organization", "机关\ud800")
    bad_key = {**example(), "x\udfff": 1}
    body = b"[" + b",".join([dumps(example()), dumps(bad_organization), dumps(bad_key)]) + b"]"
    names, listing = manifest(post(client, body, "application/json"))
    assert len([name for name in names if name.endswith(".docx")]) == 1
    found = rows(listing)
    assert found["第 2 项"] == [("invalid_character", "organization")]
    assert listing["reports"][1]["organization"] == "机关\\ud800"
    assert found["第 3 项"] == [("unknown_field", "x\\udfff")]


# --- zip bombs and traversal ----------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "../evil.json",
        "../../../../etc/cron.d/evil.json",
        "/etc/evil.json",
        "a/../../evil.json",
        "./evil.json",
        "C:/evil.json",
        "C:\\evil.json",
        "a\\..\\evil.json",
        "evil\x01.json",
    ],
)
def test_traversal_names_are_reported_never_read_or_reused(
    client: FlaskClient, name: str
) -> None:
    body = zipped([(name, dumps(example())), ("good.json", dumps(example()))])
    names, listing = manifest(post(client, body, ZIP))
    assert rows(listing)[name] == [("unsafe_entry_name", "")]
    assert rows(listing)["good.json"] == []
    for output in names:
        assert not output.startswith(("/", "\\")) and ".." not in output.split("/")


def test_organization_shaped_like_a_path_gives_a_flat_file_name(client: FlaskClient) -> None:
    report = with_value(example(), "organization", "../../etc/passwd\\机关")
    body = zipped([("a.json", dumps(report))])
    names, _ = manifest(post(client, body, ZIP))
    assert names[0] == "_.._etc_passwd_机关2021年政府信息公开工作年度报告.docx"


def lying_zip(declared: int, actual: bytes) -> bytes:
    """A zip whose headers declare `declared` bytes for an entry that inflates to `actual`."""
    data = bytearray(zipped([("bomb.json", actual)]))
    true_size = len(actual).to_bytes(4, "little")
    fake_size = declared.to_bytes(4, "little")
    # Both the local header and the central directory carry the size: change each one.
    at = data.find(true_size)
    while at != -1:
        data[at : at + 4] = fake_size
        at = data.find(true_size, at + 4)
    return bytes(data)


@pytest.mark.parametrize(
    ("body", "settings", "status", "slug"),
    [
        (zipped([("bomb.json", b" " * 20_000_000)]), {}, 413, "batch-too-large"),
        (zipped([(f"{n}.json", b"{}") for n in range(30)]),
         {"imports": ImportLimits(zips=ZipLimits(max_zip_entries=20))}, 413, "batch-too-large"),
        (zipped([(f"{n}.json", os.urandom(3000)) for n in range(4)], zipfile.ZIP_STORED),
         {"imports": ImportLimits(zips=ZipLimits(max_uncompressed_bytes=10_000))}, 413,
         "batch-too-large"),
        (b"PK\x05\x06" + b"\x00" * 18, {}, 422, "batch-unusable"),
        (b"PK\x03\x04" + os.urandom(200), {}, 422, "batch-unusable"),
        (zipped([("a.json", b"{}")])[:-10], {}, 422, "batch-unusable"),
    ],
    ids=["ratio-bomb", "too-many-entries", "too-large-uncompressed", "empty-zip", "junk",
         "truncated"],
)
def test_zip_over_a_limit_or_broken_is_refused_before_any_work(
    make_client: Callable[..., FlaskClient],
    body: bytes,
    settings: dict[str, Any],
    status: int,
    slug: str,
) -> None:
    client = make_client(**settings)
    problem(post(client, body, ZIP), status, slug)


def test_entry_inflating_past_its_declared_size_is_cut_off(client: FlaskClient) -> None:
    body = lying_zip(100, b"[" * 50_000 + b"]" * 50_000)
    _, listing = manifest(post(client, body, ZIP))
    assert rows(listing)["bomb.json"] == [("corrupt_zip_entry", "")]


def test_nested_zip_is_not_opened(client: FlaskClient) -> None:
    inner = zipped([("bomb.json", b" " * 1_000_000)])
    body = zipped([("inner.zip", inner), ("good.json", dumps(example()))])
    _, listing = manifest(post(client, body, ZIP))
    assert rows(listing)["inner.zip"][0][0] == "not_json_file"
    assert rows(listing)["good.json"] == []


# --- a full disk ----------------------------------------------------------------------------


class FullDisk(tempfile.SpooledTemporaryFile):  # type: ignore[type-arg]
    """A spool file on a full disk: writes fail once the data would leave memory."""

    def write(self, data: Any) -> int:
        if self._rolled or self.tell() + len(data) > self._max_size:  # type: ignore[attr-defined]
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written: int = super().write(data)
        return written


def test_disk_full_while_storing_the_upload_is_503_and_the_next_request_succeeds(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = zipped([("a.json", dumps(example())), ("pad.bin", os.urandom(2_000_000))])
    with monkeypatch.context() as patch:
        patch.setattr(batches.tempfile, "SpooledTemporaryFile", FullDisk)
        body_of = problem(post(client, body, ZIP), 503,
                          "storage-unavailable")
        assert "稍后重试" in body_of["title"]
    names, _ = manifest(post(client, body, ZIP))
    assert len(names) == 5  # a.json's document, the two manifests, the summary, the review


def test_disk_full_while_writing_the_batch_zip_leaves_no_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "in.zip"
    source.write_bytes(zipped([(f"{n}.json", dumps(example())) for n in range(3)]))
    output = tmp_path / "out.zip"
    real_write = BatchArchive._write
    written: list[str] = []

    def fill_up(self: BatchArchive, name: str, data: bytes, level: int | None) -> None:
        written.append(name)
        if len(written) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_write(self, name, data, level)

    with monkeypatch.context() as patch:
        patch.setattr(BatchArchive, "_write", fill_up)
        assert cli.main(["batch", str(source), "-o", str(output), "--jobs", "1"]) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert sorted(path.name for path in tmp_path.iterdir()) == ["in.zip"]
    assert cli.main(["batch", str(source), "-o", str(output), "--jobs", "1"]) == 0
    assert zipfile.ZipFile(output).testzip() is None


def _disk_full(*_args: object) -> JobStatus:
    """JobStore.submit on a full disk: job.json cannot be written."""
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("where", ["api", "page"])
def test_disk_full_while_queueing_a_job_is_503_and_leaves_no_draft(
    make_client: Callable[..., FlaskClient],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
) -> None:
    """Defect (review): a job that could not be published was a 500 from the API, and the
    staff page left the draft folder with its upload behind."""
    monkeypatch.setattr(JobStore, "submit", _disk_full)
    client = make_client(job_dir=tmp_path)
    reports = [example(), with_value(example(), "organization", "另一个局")]
    if where == "api":
        body = b"[" + b",".join(dumps(report) for report in reports) + b"]"
        problem(client.post(BATCHES, data=body, content_type="application/json"), 503,
                "storage-unavailable")
    else:
        form = client.get("/").get_data(as_text=True)
        token = form.split('name="csrf_token" value="')[1].split('"')[0]
        files = [(io.BytesIO(dumps(report)), f"{n}.json") for n, report in enumerate(reports)]
        response = client.post(
            "/", data={"csrf_token": token, "mode": "generate", "files": files}
        )
        assert response.status_code == 503
    assert list(tmp_path.iterdir()) == []


# --- a worker killed mid-batch --------------------------------------------------------------


def crash_on_marker(payload: object, **options: Any) -> Outcome:
    """The real worker, except that it is killed (SIGKILL) on a marked report."""
    if isinstance(payload, bytes) and CRASH.encode() in payload:
        os.kill(os.getpid(), 9)
    return process(payload, **options)


def test_worker_killed_mid_batch_costs_only_its_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    killer = with_value(example(), "organization", CRASH)
    entries = [(f"{n}.json", dumps(example())) for n in range(5)]
    entries.insert(2, ("killer.json", dumps(killer)))
    source = tmp_path / "in.zip"
    source.write_bytes(zipped(entries))
    output = tmp_path / "out.zip"
    real_make_task = config.make_task
    monkeypatch.setattr(
        config, "make_task",
        lambda *args, **options: real_make_task(*args, **options, worker=crash_on_marker),
    )
    assert cli.main(["batch", str(source), "-o", str(output), "--jobs", "2"]) == 1
    with zipfile.ZipFile(output) as archive:
        listing = json.loads(archive.read("manifest.json"))
    assert rows(listing)["killer.json"] == [("worker_crashed", "")]
    assert listing["summary"] == {**listing["summary"], "succeeded": 5, "failed": 1}
