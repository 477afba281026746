"""FastAPI dependencies of deployment's routers: the platform's own and the clock."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request

from diaspora_shared.domain.clock import Clock
from diaspora_shared.runtime.dependencies import ActorDep, UowDep

from ..service_layer.unit_of_work import SqlDeploymentUnitOfWork


def _clock(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


async def _deployment_uow(uow: UowDep) -> AsyncIterator[SqlDeploymentUnitOfWork]:
    async with uow:
        yield SqlDeploymentUnitOfWork.over(uow)


ClockDep = Annotated[Clock, Depends(_clock)]
DeploymentUowDep = Annotated[SqlDeploymentUnitOfWork, Depends(_deployment_uow)]

__all__ = ["ActorDep", "ClockDep", "DeploymentUowDep"]
