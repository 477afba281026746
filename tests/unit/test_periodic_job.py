"""A periodic job stops only once its running pass is over."""

import asyncio

from diaspora_shared.runtime.periodic import PeriodicJob


async def test_stop_waits_for_the_running_pass_to_finish() -> None:
    started = asyncio.Event()
    finished: list[bool] = []

    async def slow_pass() -> None:
        started.set()
        await asyncio.sleep(0.3)  # the pass's own work, e.g. a database round trip
        finished.append(True)

    job = PeriodicJob("slow", 0.0, slow_pass)
    job.start()
    await started.wait()
    await job.stop()
    assert finished == [True]


async def test_stop_during_the_wait_between_passes_returns_at_once() -> None:
    async def never_due() -> None:
        raise AssertionError("an hour-long interval cannot be due in this test")

    job = PeriodicJob("hourly", 3600.0, never_due)
    job.start()
    await asyncio.wait_for(job.stop(), timeout=5)


async def test_a_failing_pass_does_not_end_the_job() -> None:
    calls: list[int] = []
    second_pass = asyncio.Event()

    async def failing_once() -> None:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("transient")
        second_pass.set()

    job = PeriodicJob("flaky", 0.0, failing_once)
    job.start()
    await second_pass.wait()
    await job.stop()
    assert len(calls) >= 2
