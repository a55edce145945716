"""service.pdf.convert.pool: queueing, retries, budgets and restarts (stand-in converters), then the
same
with real LibreOffice converters: kill -9 mid-conversion, a hang, restart every N."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator

import pytest

from service import documents
from service.errors import PdfBusy, PdfFailed, PdfTimeout, PdfUnavailable
from service.pdf.convert.converter import Address
from service.pdf.convert.pool import ConverterPool
from tests.pdf_support import (
    FakeUnoserver,
    group_members,
    kill_quietly,
    long_report,
    marked_report,
    pdf_text,
    soffice_of,
    wait_until,
)

DOCX = b"PK fake docx"


def remote_pool(*servers: FakeUnoserver, timeout: float = 2.0, queue: int = 4) -> ConverterPool:
    pool = ConverterPool.remote(
        [Address("127.0.0.1", server.port) for server in servers],
        timeout=timeout, queue=queue, restart_after=100,
    )
    pool.start()
    assert pool.wait_ready(5)
    return pool


@pytest.fixture
def fakes() -> Iterator[list[FakeUnoserver]]:
    servers: list[FakeUnoserver] = []
    yield servers
    for server in servers:
        server.close()


def test_a_conversion_goes_to_a_converter_and_pdfa_asks_for_pdf_a_2(fakes) -> None:
    fakes.append(FakeUnoserver(18160))
    pool = remote_pool(*fakes)
    try:
        assert pool.convert(DOCX).startswith(b"%PDF-fake PK fake")
        pool.convert(DOCX, pdfa=True)
    finally:
        pool.close()
    assert [call["options"] for call in fakes[0].calls] == [[], ["SelectPdfVersion=2"]]
    assert {call["to"] for call in fakes[0].calls} == {"pdf"}


def test_a_failed_converter_is_left_and_the_conversion_retried_elsewhere(fakes) -> None:
    fakes += [FakeUnoserver(18160, ("fault",)), FakeUnoserver(18161)]
    pool = remote_pool(*fakes)
    assert wait_until(lambda: pool.status()["ready"] == 2, 5)
    try:
        # Idle converters are taken in turn: the faulting one gets the first or the second.
        pdfs = [pool.convert(DOCX) for _ in range(2)]
        problems = {c["address"]: c["last_problem"] for c in pool.status()["converters"]}
    finally:
        pool.close()
    assert all(pdf.startswith(b"%PDF-fake") for pdf in pdfs)
    assert sorted((len(fakes[0].calls), len(fakes[1].calls))) == [1, 2]  # one retried
    assert "Fault" in problems[fakes[0].address] and problems[fakes[1].address] == ""


def test_a_remote_converter_that_failed_is_pinged_back_into_service(fakes) -> None:
    fakes.append(FakeUnoserver(18160, ("fault", "fault")))
    pool = remote_pool(*fakes)
    try:
        with pytest.raises(PdfFailed):
            pool.convert(DOCX)  # fails, waits for the ping, fails again
        assert wait_until(lambda: pool.status()["ready"] == 1, 5)
        assert pool.convert(DOCX).startswith(b"%PDF-fake")
    finally:
        pool.close()


def test_a_conversion_over_its_budget_is_a_timeout_and_not_retried(fakes) -> None:
    fakes += [FakeUnoserver(18160, ("hang",)), FakeUnoserver(18161, ("hang",))]
    pool = remote_pool(*fakes, timeout=0.5)
    try:
        started = time.monotonic()
        with pytest.raises(PdfTimeout) as caught:
            pool.convert(DOCX)
        assert time.monotonic() - started < 1.5
        assert caught.value.status == 503 and caught.value.slug == "pdf-timeout"
        assert len(fakes[0].calls) + len(fakes[1].calls) == 1
    finally:
        for server in fakes:
            server.release.set()
        pool.close()


def test_beyond_the_queue_a_request_is_refused_at_once_with_retry_after(fakes) -> None:
    fakes.append(FakeUnoserver(18160, ("hang", "ok")))
    pool = remote_pool(*fakes, timeout=10, queue=1)
    outcomes: list[object] = []

    def convert() -> None:
        try:
            outcomes.append(pool.convert(DOCX))
        except PdfBusy as error:
            outcomes.append(error)

    busy = threading.Thread(target=convert)
    waiting = threading.Thread(target=convert)
    try:
        busy.start()
        assert wait_until(lambda: pool.status()["converters"][0]["state"] == "busy", 5)
        waiting.start()
        assert wait_until(lambda: pool.status()["waiting"] == 1, 5)
        started = time.monotonic()
        with pytest.raises(PdfBusy) as caught:
            pool.convert(DOCX)
        assert time.monotonic() - started < 0.5
        assert caught.value.slug == "busy" and caught.value.retry_after >= 1
        assert ("Retry-After", str(caught.value.retry_after)) in caught.value.headers
    finally:
        fakes[0].release.set()
        busy.join()
        waiting.join()
        pool.close()
    assert all(isinstance(outcome, bytes) for outcome in outcomes)


def test_no_converter_at_all_is_unavailable_at_once() -> None:
    pool = ConverterPool.remote([Address("127.0.0.1", 18169)], timeout=10, queue=4,
                                restart_after=100)
    pool.start()
    try:
        assert wait_until(lambda: pool.status()["converters"][0]["last_problem"], 5)
        started = time.monotonic()
        with pytest.raises(PdfUnavailable) as caught:
            pool.convert(DOCX)
        assert time.monotonic() - started < 1
        assert caught.value.retry_after is not None
    finally:
        pool.close()


def test_a_closed_pool_refuses(fakes) -> None:
    fakes.append(FakeUnoserver(18160))
    pool = remote_pool(*fakes)
    pool.close()
    with pytest.raises(PdfUnavailable):
        pool.convert(DOCX)


# --- real converters -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def single(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConverterPool]:
    """One local converter with a 3 s budget and a queue of one, restarted every 3 conversions."""
    pool = ConverterPool.local(1, tmp_path_factory.mktemp("single"), 18148, "/usr/bin/python3",
                               timeout=3.0, queue=1, restart_after=3)
    pool.start()
    assert pool.wait_ready(90)
    yield pool
    pool.close()


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConverterPool]:
    pool = ConverterPool.local(2, tmp_path_factory.mktemp("pair"), 18144, "/usr/bin/python3",
                               timeout=60.0, queue=4, restart_after=200)
    pool.start()
    assert wait_until(lambda: pool.status()["ready"] == 2, 90)
    yield pool
    pool.close()


def _docx(marker: str = "") -> bytes:
    return documents.render(marked_report(marker or "转换测试机关"))


def test_kill_9_of_soffice_mid_conversion_still_gives_the_pdf(pair: ConverterPool) -> None:
    docx = documents.render(long_report())
    result: dict[str, object] = {}

    def convert() -> None:
        result["pdf"] = pair.convert(docx)

    thread = threading.Thread(target=convert)
    thread.start()
    assert wait_until(lambda: any(c["state"] == "busy" for c in pair.status()["converters"]), 10)
    time.sleep(0.5)  # LibreOffice is now working on the document
    victim = next(c for c in pair.status()["converters"] if c["state"] == "busy")
    kill_quietly(soffice_of(victim["pid"]), signal.SIGKILL)
    thread.join(120)
    pdf = result["pdf"]
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF")
    assert "长文本段落" in pdf_text(pdf)
    restarted = next(c for c in pair.status()["converters"] if c["address"] == victim["address"])
    assert restarted["restarts"] == 1 and "Fault" in restarted["last_problem"]
    assert wait_until(lambda: pair.status()["ready"] == 2, 60)


def test_a_hanging_conversion_is_503_then_restarted_and_the_next_succeeds(
    single: ConverterPool,
) -> None:
    assert single.wait_ready(60)
    converter = single.status()["converters"][0]
    kill_quietly(soffice_of(converter["pid"]), signal.SIGSTOP)  # LibreOffice hangs
    started = time.monotonic()
    with pytest.raises(PdfTimeout):
        single.convert(_docx())
    assert 2.9 < time.monotonic() - started < 6
    assert single.status()["converters"][0]["state"] in {"restarting", "idle"}
    assert single.wait_ready(60)
    after = single.status()["converters"][0]
    assert after["restarts"] == converter["restarts"] + 1 and after["pid"] != converter["pid"]
    assert pdf_text(single.convert(_docx("恢复后机关"))).count("恢复后机关") >= 2


def test_a_converter_is_restarted_every_n_conversions(single: ConverterPool) -> None:
    assert single.wait_ready(60)
    before = single.status()["converters"][0]
    for _ in range(3 - before["conversions"]):
        single.convert(_docx())
    assert wait_until(lambda: single.status()["converters"][0]["restarts"]
                      == before["restarts"] + 1, 5)
    assert single.wait_ready(60)
    assert single.status()["converters"][0]["conversions"] == 0


def test_a_converter_that_dies_while_idle_is_restarted(single: ConverterPool) -> None:
    assert single.wait_ready(60)
    before = single.status()["converters"][0]
    kill_quietly(before["pid"], signal.SIGKILL)  # the unoserver wrapper
    assert wait_until(lambda: single.status()["converters"][0]["restarts"]
                      == before["restarts"] + 1, 10)
    assert single.wait_ready(60)
    assert single.convert(_docx()).startswith(b"%PDF")


def test_no_soffice_is_left_after_close(single: ConverterPool) -> None:
    """Last in the module: it closes the shared single-converter pool."""
    assert single.wait_ready(60)
    group = single.status()["converters"][0]["pid"]
    assert len(group_members(group)) >= 2  # unoserver, oosplash, soffice.bin
    single.close()
    assert group_members(group) == []
