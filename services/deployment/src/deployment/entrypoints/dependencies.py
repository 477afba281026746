"""FastAPI dependencies of deployment's routers: the platform's own, the clock and the caller."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request

from diaspora_shared.domain.clock import Clock
from diaspora_shared.runtime.dependencies import ActorDep, UowDep

from ..service_layer.access import Caller
from ..service_layer.unit_of_work import SqlDeploymentUnitOfWork


async def _clock(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


def _caller(actor: ActorDep, request: Request) -> Caller:
    return Caller.of(actor, request.app.state.person_ref_key)


async def _deployment_uow(uow: UowDep) -> AsyncIterator[SqlDeploymentUnitOfWork]:
    async with uow:
        yield SqlDeploymentUnitOfWork.over(uow)


CallerDep = Annotated[Caller, Depends(_caller)]
ClockDep = Annotated[Clock, Depends(_clock)]
DeploymentUowDep = Annotated[SqlDeploymentUnitOfWork, Depends(_deployment_uow)]

__all__ = ["ActorDep", "CallerDep", "ClockDep", "DeploymentUowDep"]
