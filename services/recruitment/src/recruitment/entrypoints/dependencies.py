"""FastAPI dependencies of recruitment's routers: the platform's own (see `shared/`) and the
clock offer deadlines are measured with."""

from typing import Annotated

from fastapi import Depends, Request

from diaspora_shared.runtime.dependencies import ActorDep, RuntimeDep, SessionDep, UowDep

from ..service_layer.clock import Clock


async def _clock(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


ClockDep = Annotated[Clock, Depends(_clock)]

__all__ = ["ActorDep", "ClockDep", "RuntimeDep", "SessionDep", "UowDep"]
