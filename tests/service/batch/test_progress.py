"""Progress for a person: periodic lines in a log, a bar redrawn on a terminal."""

from __future__ import annotations

import io

from schemas import Issue
from service.batch.manifest import ManifestRow, Summary
from service.batch.progress import Progress

OK = ManifestRow(0, "a.json", "甲", 2021, "ok", "甲.docx", (), ())
FAILED = ManifestRow(1, "b.json", None, None, "failed", None, (), (Issue("", "x", "y", "z"),))


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_log_gets_a_line_every_interval_and_at_the_end() -> None:
    stream, clock = io.StringIO(), Clock()
    progress = Progress(4, stream, interval=5.0, clock=clock)
    for seconds, row in [(1, OK), (6, FAILED), (7, OK), (8, OK)]:
        clock.now = 100.0 + seconds
        progress.update(row)
    assert stream.getvalue().splitlines() == [
        "已处理 / processed 2/4（50%） 失败 1  0.3 份/秒",
        "已处理 / processed 4/4（100%） 失败 1  0.5 份/秒",
    ]


def test_terminal_bar_redrawn_in_place() -> None:
    stream, clock = Terminal(), Clock()
    progress = Progress(2, stream, clock=clock)
    clock.now += 1
    progress.update(OK)
    clock.now += 1
    progress.update(OK)
    line = progress.finish(Summary(2, 2, 0, 0, 2.0))
    assert stream.getvalue().count("\r") == 2
    assert stream.getvalue().endswith("█" * 30 + " 2/2（100%） 失败 0  1.0 份/秒\n")
    assert line.startswith("完成 / done: 2 份成功")
