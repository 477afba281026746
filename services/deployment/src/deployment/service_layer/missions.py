"""Use cases of missions. Each command locks what it decides on (SELECT ... FOR UPDATE) before
deciding: the request, then the professional, always in that order, so concurrent matches
queue instead of deadlocking, and two matches of one person cannot both pass the overlap rule."""

from datetime import date, datetime
from uuid import UUID, uuid4

from diaspora_shared.runtime.actors import Actor

from ..domain.errors import ProfessionalNotAvailable
from ..domain.mission import Logistics, Mission
from ..domain.model import CancellationSpec, LogisticsSpec, MatchSpec, MissionView
from ..domain.period import Period
from ..domain.professional import Professional
from .access import ensure_mission_visible, institution_scope
from .unit_of_work import DeploymentUnitOfWork
from .views import mission_view


async def match(
    uow: DeploymentUnitOfWork, request_id: UUID, spec: MatchSpec, at: datetime
) -> MissionView:
    request = await uow.requests.get(request_id, for_update=True)
    professional = await _professional(uow, spec.professional_id)
    period = Period(
        spec.starts_on or request.period.starts_on, spec.ends_on or request.period.ends_on
    )
    mission = Mission.plan(
        uuid4(),
        request,
        professional,
        period,
        await uow.missions.of_professional(professional.professional_id),
        await uow.missions.of_request(request_id),
        at,
    )
    uow.missions.add(mission)
    await uow.commit()
    return mission_view(mission)


async def confirm(
    uow: DeploymentUnitOfWork, mission_id: UUID, logistics: LogisticsSpec, at: datetime
) -> MissionView:
    mission = await uow.missions.get(mission_id, for_update=True)
    mission.confirm(Logistics(**logistics.model_dump()), at)
    await uow.commit()
    return mission_view(mission)


async def confirm_arrival(
    uow: DeploymentUnitOfWork, actor: Actor, mission_id: UUID, at: datetime
) -> MissionView:
    mission = await _visible(uow, actor, mission_id)
    mission.start(at)
    await uow.commit()
    return mission_view(mission)


async def extend(
    uow: DeploymentUnitOfWork, mission_id: UUID, ends_on: date, at: datetime
) -> MissionView:
    mission = await uow.missions.get(mission_id, for_update=True)
    professional = await _professional(uow, mission.professional_id, must_be_available=False)
    others = await uow.missions.of_professional(mission.professional_id)
    mission.extend(ends_on, professional, others, at)
    await uow.commit()
    return mission_view(mission)


async def complete(
    uow: DeploymentUnitOfWork, actor: Actor, mission_id: UUID, at: datetime
) -> MissionView:
    mission = await _visible(uow, actor, mission_id)
    mission.complete(at)
    await uow.commit()
    return mission_view(mission)


async def cancel(
    uow: DeploymentUnitOfWork, mission_id: UUID, spec: CancellationSpec, at: datetime
) -> MissionView:
    mission = await uow.missions.get(mission_id, for_update=True)
    mission.cancel(spec.reason, spec.note, at)
    await uow.commit()
    return mission_view(mission)


async def get_mission(uow: DeploymentUnitOfWork, actor: Actor, mission_id: UUID) -> MissionView:
    mission = await uow.missions.get(mission_id)
    ensure_mission_visible(actor, mission.institution_code, mission_id)
    return mission_view(mission)


async def list_missions(uow: DeploymentUnitOfWork, actor: Actor) -> list[MissionView]:
    return [mission_view(m) for m in await uow.missions.of_institution(institution_scope(actor))]


async def _visible(uow: DeploymentUnitOfWork, actor: Actor, mission_id: UUID) -> Mission:
    mission = await uow.missions.get(mission_id, for_update=True)
    ensure_mission_visible(actor, mission.institution_code, mission_id)
    return mission


async def _professional(
    uow: DeploymentUnitOfWork, professional_id: UUID, *, must_be_available: bool = True
) -> Professional:
    professional = await uow.professionals.find(professional_id, for_update=True)
    if professional is None:
        raise ProfessionalNotAvailable(f"no accepted professional has the id {professional_id}")
    if must_be_available:
        professional.ensure_available()
    return professional
