"""FastAPI dependencies every service's routes use: the acting user, a unit of work, a session.

from diaspora_shared.runtime.dependencies import ActorDep, SessionDep, UowDep

@router.post("/notes")
async def add_note(body: NoteIn, actor: ActorDep, uow: UowDep) -> NoteView: ...
"""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel.ext.asyncio.session import AsyncSession

from .actors import Actor, correlation_id, current_actor
from .service import ServiceRuntime
from .unit_of_work import UnitOfWork


async def service_runtime(request: Request) -> ServiceRuntime:
    runtime: ServiceRuntime = request.app.state.runtime
    return runtime


async def _unit_of_work(
    request: Request, correlation: Annotated[str | None, Depends(correlation_id)]
) -> UnitOfWork:
    runtime: ServiceRuntime = request.app.state.runtime
    return runtime.unit_of_work(correlation_id=correlation)


async def _session(request: Request) -> AsyncIterator[AsyncSession]:
    runtime: ServiceRuntime = request.app.state.runtime
    async with runtime.database.session() as session:
        yield session


ActorDep = Annotated[Actor, Depends(current_actor)]
RuntimeDep = Annotated[ServiceRuntime, Depends(service_runtime)]
UowDep = Annotated[UnitOfWork, Depends(_unit_of_work)]
SessionDep = Annotated[AsyncSession, Depends(_session)]
