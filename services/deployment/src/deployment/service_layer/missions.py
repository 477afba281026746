"""Use cases of missions. Each command locks what it decides on (SELECT ... FOR UPDATE) before
deciding: the request, then every acceptance of the person, always in that order, so concurrent
matches queue instead of deadlocking, and two matches of one person (even through two
acceptances) cannot both pass the overlap rule."""

from datetime import date, datetime
from uuid import UUID, uuid4

from ..domain.activity import totals_of
from ..domain.errors import ProfessionalNotAvailable
from ..domain.mission import Logistics, Mission
from ..domain.model import CancellationSpec, LogisticsSpec, MatchSpec, MissionView
from ..domain.period import Period
from ..domain.professional import Professional
from .access import Caller, ensure_host_or_officer, ensure_mission_visible, mission_scope
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
        await uow.missions.of_person(professional.professional_id, professional.person_ref),
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
    uow: DeploymentUnitOfWork, caller: Caller, mission_id: UUID, at: datetime
) -> MissionView:
    mission = await uow.missions.get(mission_id, for_update=True)
    ensure_host_or_officer(caller, mission)
    mission.start(at)
    await uow.commit()
    return mission_view(mission)


async def extend(
    uow: DeploymentUnitOfWork, mission_id: UUID, ends_on: date, at: datetime
) -> MissionView:
    mission = await uow.missions.get(mission_id, for_update=True)
    professional = await _professional(uow, mission.professional_id, must_be_available=False)
    others = await uow.missions.of_person(mission.professional_id, professional.person_ref)
    mission.extend(ends_on, professional, others, at)
    await uow.commit()
    return mission_view(mission)


async def complete(
    uow: DeploymentUnitOfWork, caller: Caller, mission_id: UUID, at: datetime
) -> MissionView:
    mission = await uow.missions.get(mission_id, for_update=True)
    ensure_host_or_officer(caller, mission)
    mission.complete(totals_of(await uow.activities.of_mission(mission_id)), at)
    await uow.commit()
    return mission_view(mission)


async def cancel(
    uow: DeploymentUnitOfWork, mission_id: UUID, spec: CancellationSpec, at: datetime
) -> MissionView:
    mission = await uow.missions.get(mission_id, for_update=True)
    mission.cancel(spec.reason, spec.note, at)
    await uow.commit()
    return mission_view(mission)


async def get_mission(uow: DeploymentUnitOfWork, caller: Caller, mission_id: UUID) -> MissionView:
    mission = await uow.missions.get(mission_id)
    ensure_mission_visible(caller, mission)
    return mission_view(mission)


async def list_missions(uow: DeploymentUnitOfWork, caller: Caller) -> list[MissionView]:
    scope = mission_scope(caller)
    if scope.nothing:
        return []
    listed = await uow.missions.listed(scope.institution_code, scope.person_ref)
    return [mission_view(m) for m in listed]


async def _professional(
    uow: DeploymentUnitOfWork, professional_id: UUID, *, must_be_available: bool = True
) -> Professional:
    """The professional, locked with every other acceptance of the same person."""
    known = await uow.professionals.find(professional_id)
    if known is not None and known.person_ref is not None:
        await uow.professionals.lock_person(known.person_ref)
    professional = await uow.professionals.find(professional_id, for_update=True)
    if professional is None:
        raise ProfessionalNotAvailable(f"no accepted professional has the id {professional_id}")
    if must_be_available:
        professional.ensure_available()
    return professional
