"""Housekeeping jobs a service runs on a fixed interval, started and stopped with it."""

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

from .logging import get_logger

Job = Callable[[], Awaitable[object]]


class PeriodicJob:
    def __init__(self, name: str, interval_seconds: float, job: Job) -> None:
        self.name = name
        self._interval = interval_seconds
        self._job = job
        self._task: asyncio.Task[None] | None = None
        self._log = get_logger(component="periodic-job", job=name)

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=self.name)

    async def stop(self) -> None:
        if self._task is None:
            return
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._interval)
            try:
                # Shielded, so a stop waits for a running pass instead of cutting it mid-way.
                await asyncio.shield(self._job())
            except asyncio.CancelledError:
                raise
            except Exception as error:
                # The next pass retries; a failing job must not stop the service.
                self._log.error("periodic job failed", error=str(error)[:500])
