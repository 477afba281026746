"""Housekeeping jobs a service runs on a fixed interval, started and stopped with it."""

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

from .logging import get_logger

Job = Callable[[], Awaitable[object]]

# A pass that outlives this is cut short, so a stuck job cannot hold a shutdown forever.
STOP_TIMEOUT_SECONDS = 30.0


class PeriodicJob:
    def __init__(self, name: str, interval_seconds: float, job: Job) -> None:
        self.name = name
        self._interval = interval_seconds
        self._job = job
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()
        self._log = get_logger(component="periodic-job", job=name)

    def start(self) -> None:
        self._stopping.clear()
        self._task = asyncio.create_task(self._run(), name=self.name)

    async def stop(self) -> None:
        """Return once the job is over: a running pass is finished, not abandoned, so the
        service can dispose of what the pass uses (its database) right after."""
        if self._task is None:
            return
        self._stopping.set()
        try:
            await asyncio.wait_for(asyncio.shield(self._task), timeout=STOP_TIMEOUT_SECONDS)
        except TimeoutError:
            self._log.error("periodic job cut short at stop", timeout_s=STOP_TIMEOUT_SECONDS)
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._task = None

    async def _run(self) -> None:
        while not await self._stop_requested_within(self._interval):
            try:
                await self._job()
            except Exception as error:
                # The next pass retries; a failing job must not stop the service.
                self._log.error("periodic job failed", error=str(error)[:500])

    async def _stop_requested_within(self, seconds: float) -> bool:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)
        return self._stopping.is_set()
