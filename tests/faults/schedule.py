"""Kills, in turn, reporting, recruitment (its outbox relay with it) and the broker while the
load runs, each after a further slice of commands, and restarts them."""

import asyncio
import time
from dataclasses import dataclass, field

from .broker import PROBE_TOPIC, seconds_until_produce_succeeds
from .conftest import FaultPlatform
from .load import Load
from .poison import flood

COMMANDS_PER_SLICE = 30


@dataclass
class FaultFigures:
    kills: list[str] = field(default_factory=list)
    broker_usable_after_seconds: float = 0.0
    undecodable: int = 0
    unknown_ids: list[str] = field(default_factory=list)
    timeline: list[tuple[str, float]] = field(default_factory=list)


async def crash_in_turn(
    platform: FaultPlatform, load: Load, load_task: "asyncio.Task[None]"
) -> FaultFigures:
    figures = FaultFigures()
    began = time.monotonic()

    async def after_more_commands() -> None:
        await _commands_sent(load, load.figures.sent + COMMANDS_PER_SLICE, load_task)
        figures.timeline.append(
            (f"{load.figures.sent} commands", round(time.monotonic() - began, 1))
        )

    await after_more_commands()
    platform.processes["reporting"].kill()
    figures.kills.append("reporting")
    await after_more_commands()
    await platform.restart("reporting")

    await after_more_commands()
    platform.processes["recruitment"].kill()
    figures.kills.append("recruitment")
    await platform.restart("recruitment")

    await after_more_commands()
    figures.unknown_ids += await flood(platform.broker.bootstrap, undecodable=25, unknown=5)
    figures.undecodable += 25
    platform.broker.kill()
    figures.kills.append("broker")
    restarted = time.monotonic()
    await asyncio.to_thread(platform.broker.up)
    figures.broker_usable_after_seconds = await seconds_until_produce_succeeds(
        platform.broker.bootstrap, PROBE_TOPIC, restarted
    )
    figures.unknown_ids += await flood(platform.broker.bootstrap, undecodable=25, unknown=5)
    figures.undecodable += 25
    await after_more_commands()
    return figures


async def _commands_sent(load: Load, target: int, load_task: "asyncio.Task[None]") -> None:
    """Wait until the load has sent `target` commands (or ended: then the faults go on alone)."""
    while load.figures.sent < target and not load_task.done():
        await asyncio.sleep(0.05)
