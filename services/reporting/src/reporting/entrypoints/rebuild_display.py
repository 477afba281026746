"""Shows a rebuild's progress: one line redrawn in place on a terminal (records per topic, rate,
time left), plain log lines at most every few seconds otherwise (a job's log, a pipe)."""

import time
from collections.abc import Callable
from typing import TextIO

from diaspora_shared.runtime.logging import get_logger

from ..service_layer.rebuild_progress import RebuildProgress

LOG_EVERY_SECONDS = 5.0


def progress_display(
    stream: TextIO, clock: Callable[[], float] = time.monotonic
) -> Callable[[RebuildProgress], None]:
    return _TerminalLine(stream) if stream.isatty() else _LogLines(clock)


def describe(progress: RebuildProgress) -> str:
    share = progress.records_done / progress.records_total if progress.records_total else 1.0
    topics = ", ".join(
        f"{topic} {progress.done.get(topic, 0):,}/{total:,}"
        for topic, total in sorted(progress.total.items())
    )
    return (
        f"{progress.projection}: {share:4.0%} {progress.records_done:,}/"
        f"{progress.records_total:,} records, {progress.rate:,.0f}/s, "
        f"left {_duration(progress.seconds_left)} ({topics})"
    )


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}:{rest:02d}"


class _TerminalLine:
    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._projection: str | None = None

    def __call__(self, progress: RebuildProgress) -> None:
        if self._projection not in (None, progress.projection):
            self._stream.write("\n")  # the previous projection's last line stays on screen
        self._projection = progress.projection
        self._stream.write("\r\x1b[2K" + describe(progress))
        if progress.records_done >= progress.records_total:
            self._stream.write("\n")
            self._projection = None
        self._stream.flush()


class _LogLines:
    def __init__(self, clock: Callable[[], float]) -> None:
        self._log = get_logger(component="reporting-rebuild")
        self._clock = clock
        self._last: float | None = None

    def __call__(self, progress: RebuildProgress) -> None:
        finished = progress.records_done >= progress.records_total
        now = self._clock()
        if not finished and self._last is not None and now - self._last < LOG_EVERY_SECONDS:
            return
        self._last = now
        self._log.info(
            "rebuild progress",
            projection=progress.projection,
            records=progress.records_done,
            of=progress.records_total,
            per_second=round(progress.rate),
            seconds_left=None if progress.seconds_left is None else round(progress.seconds_left),
            topics={t: f"{progress.done.get(t, 0)}/{n}" for t, n in progress.total.items()},
        )
