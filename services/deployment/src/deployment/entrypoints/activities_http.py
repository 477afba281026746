"""Activity records and feedback over HTTP: by the mission's host, its professional, or an
officer (the service narrows each to their own missions)."""

from collections.abc import Callable
from uuid import UUID

from fastapi import APIRouter, Depends
from fastapi.types import DecoratedCallable

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.access import allow
from diaspora_shared.runtime.http_problems import problems

from ..domain.activity_model import (
    ActivitySpec,
    ActivityView,
    FeedbackSpec,
    HealthServiceSpec,
    SkillsAssessmentSpec,
    StaffTrainedSpec,
    TrainingSessionSpec,
)
from ..service_layer import activities
from .dependencies import CallerDep, ClockDep, DeploymentUowDep

router = APIRouter(prefix="/deployment/missions/{mission_id}", tags=["deployment activities"])
HOST_OR_OFFICER = Depends(allow(Role.HOST_INSTITUTION, Role.IOM_OFFICER))
PARTIES = Depends(allow(Role.HOST_INSTITUTION, Role.IOM_OFFICER, Role.APPLICANT))


def recorded(path: str, summary: str) -> Callable[[DecoratedCallable], DecoratedCallable]:
    return router.post(
        path,
        summary=summary,
        responses=problems(404, 409),
        dependencies=[PARTIES],
        status_code=201,
    )


async def _record(
    mission_id: UUID, spec: ActivitySpec, actor: CallerDep, uow: DeploymentUowDep, clock: ClockDep
) -> ActivityView:
    return await activities.record_activity(uow, actor, mission_id, spec, clock.now())


@recorded("/sessions", "Record a training-of-trainers session")
async def record_session(
    mission_id: UUID,
    spec: TrainingSessionSpec,
    actor: CallerDep,
    uow: DeploymentUowDep,
    clock: ClockDep,
) -> ActivityView:
    return await _record(mission_id, spec, actor, uow, clock)


@recorded("/health-services", "Record health services delivered")
async def record_health_services(
    mission_id: UUID,
    spec: HealthServiceSpec,
    actor: CallerDep,
    uow: DeploymentUowDep,
    clock: ClockDep,
) -> ActivityView:
    return await _record(mission_id, spec, actor, uow, clock)


@recorded("/staff-trained", "Record local staff trained")
async def record_staff_trained(
    mission_id: UUID,
    spec: StaffTrainedSpec,
    actor: CallerDep,
    uow: DeploymentUowDep,
    clock: ClockDep,
) -> ActivityView:
    return await _record(mission_id, spec, actor, uow, clock)


@recorded("/assessments", "Record a pre/post skills assessment")
async def record_assessment(
    mission_id: UUID,
    spec: SkillsAssessmentSpec,
    actor: CallerDep,
    uow: DeploymentUowDep,
    clock: ClockDep,
) -> ActivityView:
    return await _record(mission_id, spec, actor, uow, clock)


@recorded(
    "/feedback",
    "Give feedback on a completed mission (each party for itself; an officer for either)",
)
async def give_feedback(
    mission_id: UUID, spec: FeedbackSpec, actor: CallerDep, uow: DeploymentUowDep, clock: ClockDep
) -> ActivityView:
    return await _record(mission_id, spec, actor, uow, clock)


@router.get(
    "/activities",
    responses=problems(404),
    dependencies=[PARTIES],
    summary="Activity records and feedback of a mission, corrections included",
)
async def list_activities(
    mission_id: UUID, actor: CallerDep, uow: DeploymentUowDep
) -> list[ActivityView]:
    return await activities.list_activities(uow, actor, mission_id)
