"""FastAPI dependencies shared by recruitment's routers."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.runtime.actors import Actor, correlation_id, current_actor
from diaspora_shared.runtime.service import ServiceRuntime
from diaspora_shared.runtime.unit_of_work import UnitOfWork

from ..service_layer.clock import Clock

ActorDep = Annotated[Actor, Depends(current_actor)]


def _runtime(request: Request) -> ServiceRuntime:
    runtime: ServiceRuntime = request.app.state.runtime
    return runtime


def _unit_of_work(
    request: Request, correlation: Annotated[str | None, Depends(correlation_id)]
) -> UnitOfWork:
    return _runtime(request).unit_of_work(correlation_id=correlation)


async def _session(request: Request) -> AsyncIterator[AsyncSession]:
    async with _runtime(request).database.session() as session:
        yield session


def _clock(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


UowDep = Annotated[UnitOfWork, Depends(_unit_of_work)]
SessionDep = Annotated[AsyncSession, Depends(_session)]
ClockDep = Annotated[Clock, Depends(_clock)]
