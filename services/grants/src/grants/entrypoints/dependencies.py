"""FastAPI dependencies of grants' routers: the platform's own, grants' unit of work, today."""

from datetime import date
from typing import Annotated

from fastapi import Depends, Request

from diaspora_shared.runtime.dependencies import ActorDep, UowDep

from ..service_layer.clock import Clock


async def _today(request: Request) -> date:
    clock: Clock = request.app.state.clock
    return clock.today()


TodayDep = Annotated[date, Depends(_today)]

__all__ = ["ActorDep", "TodayDep", "UowDep"]
