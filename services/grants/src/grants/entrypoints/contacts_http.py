"""A pilot project's contact persons: replaced and exported by the project itself (or an
officer), erased by an officer. Another project's contacts answer 404."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response
from pydantic import BaseModel, ConfigDict, EmailStr, Field
from sqlmodel import col, delete, select

from diaspora_shared.contracts.text import SafeLine, bounded
from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.access import allow
from diaspora_shared.runtime.actors import Actor
from diaspora_shared.runtime.http_problems import problems

from ..adapters.contact_tables import ProjectContactRow
from ..domain.errors import NotFoundError
from .dependencies import ActorDep, UowDep

router = APIRouter(prefix="/grants/projects/{project_code}/contacts", tags=["personal data"])
ProjectCodePath = Annotated[str, Path(pattern=r"^[A-Z0-9][A-Z0-9-]{1,39}$")]
PROJECT_OR_OFFICER = Depends(allow(Role.PILOT_PROJECT, Role.IOM_OFFICER))


class Contact(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: SafeLine
    email: EmailStr = Field(max_length=320)
    phone: Annotated[str, Field(pattern=r"^\+?[0-9 ]{6,20}$")] | None = None


class Contacts(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    contacts: list[Contact] = bounded(10)


def _ensure_own(actor: Actor, project_code: str) -> None:
    if actor.role == Role.PILOT_PROJECT and actor.org != project_code:
        raise NotFoundError("no such project")


@router.put("", responses=problems(404), dependencies=[PROJECT_OR_OFFICER], summary="Replace")
async def replace_contacts(
    project_code: ProjectCodePath, body: Contacts, actor: ActorDep, uow: UowDep
) -> Contacts:
    _ensure_own(actor, project_code)
    async with uow:
        session = uow.session
        await session.exec(
            delete(ProjectContactRow).where(col(ProjectContactRow.project_code) == project_code)
        )
        for position, contact in enumerate(body.contacts):
            session.add(
                ProjectContactRow(
                    project_code=project_code, position=position, **contact.model_dump()
                )
            )
        await uow.commit()
    return body


@router.get("", responses=problems(404), dependencies=[PROJECT_OR_OFFICER], summary="Export")
async def export_contacts(project_code: ProjectCodePath, actor: ActorDep, uow: UowDep) -> Contacts:
    _ensure_own(actor, project_code)
    async with uow:
        query = (
            select(ProjectContactRow)
            .where(col(ProjectContactRow.project_code) == project_code)
            .order_by(col(ProjectContactRow.position))
        )
        rows = (await uow.session.exec(query)).all()
        return Contacts(contacts=[Contact(name=r.name, email=r.email, phone=r.phone) for r in rows])


@router.delete(
    "", status_code=204, dependencies=[Depends(allow(Role.IOM_OFFICER))], summary="Erase"
)
async def erase_contacts(project_code: ProjectCodePath, uow: UowDep) -> Response:
    async with uow:
        await uow.session.exec(
            delete(ProjectContactRow).where(col(ProjectContactRow.project_code) == project_code)
        )
        await uow.commit()
    return Response(status_code=204)
