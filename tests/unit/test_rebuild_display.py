"""A rebuild's progress reads the same on a terminal and in a log: records per topic against
what there is to read, the rate and the time left; a log gets a line every few seconds only."""

import io
from typing import Any

import pytest

from reporting.entrypoints import rebuild_display
from reporting.entrypoints.rebuild_display import describe, progress_display
from reporting.service_layer.rebuild_progress import RebuildProgress


def progress(done: int, seconds: float = 2.0) -> RebuildProgress:
    return RebuildProgress(
        "funnel",
        done={"recruitment.applications": done, "recruitment.calls": 10},
        total={"recruitment.applications": 1_000, "recruitment.calls": 10},
        seconds=seconds,
    )


def test_the_line_says_how_far_how_fast_and_how_long_is_left() -> None:
    line = describe(progress(500))
    assert "funnel:" in line and "510/1,010 records" in line
    assert "255/s" in line and "left 0:02" in line
    assert "recruitment.applications 500/1,000" in line and "recruitment.calls 10/10" in line
    assert progress(0, seconds=0).seconds_left is None
    assert "left ?" in describe(progress(0, seconds=0))


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_one_line_redrawn_then_kept() -> None:
    screen = Terminal()
    show = progress_display(screen)
    show(progress(500))
    show(progress(990))
    assert screen.getvalue().count("\r") == 2 and not screen.getvalue().endswith("\n")
    show(progress(990, seconds=3.0).__class__("funnel", {"a": 5}, {"a": 5}, 1.0))
    assert screen.getvalue().endswith("\n")


def test_a_log_gets_a_line_every_few_seconds_and_the_last_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lines: list[dict[str, Any]] = []

    class Recorder:
        def info(self, _message: str, **fields: Any) -> None:
            lines.append(fields)

    monkeypatch.setattr(rebuild_display, "get_logger", lambda **_: Recorder())
    clock = iter([100.0, 101.0, 102.0, 106.0, 107.0])
    show = progress_display(io.StringIO(), clock=lambda: next(clock))
    for done in (100, 200, 300, 400):  # at 100 s (shown), 101, 102, 106 (shown)
        show(progress(done))
    show(progress(1_000))  # finished: always shown
    assert [line["records"] for line in lines] == [110, 410, 1_010]
    assert lines[-1]["of"] == 1_010 and lines[-1]["seconds_left"] == 0
