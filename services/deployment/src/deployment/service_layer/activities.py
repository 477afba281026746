"""Use cases of activity records and feedback: by the mission's host (its own missions only),
its professional, or an officer. Each record is stored and published in one transaction."""

from datetime import date, datetime
from uuid import UUID, uuid4

from diaspora_shared.contracts.events import FeedbackParty
from diaspora_shared.contracts.vocabulary import Role

from ..domain.activity import (
    ActivityKind,
    ActivityRecord,
    BadCorrection,
    ensure_correctable,
    ensure_course,
    ensure_hours_fit_the_day,
    ensure_recordable,
    latest_versions,
)
from ..domain.activity_model import (
    KIND_OF,
    ActivitySpec,
    ActivityView,
    FeedbackSpec,
    TrainingSessionSpec,
)
from .access import Caller, ensure_mission_visible
from .activity_events import event_of
from .unit_of_work import DeploymentUnitOfWork


async def record_activity(
    uow: DeploymentUnitOfWork, actor: Caller, mission_id: UUID, spec: ActivitySpec, at: datetime
) -> ActivityView:
    mission = await uow.missions.get(mission_id, for_update=True)
    ensure_mission_visible(actor, mission)
    kind = KIND_OF[type(spec)]
    occurred_on = _day_of(spec, at)
    ensure_recordable(mission, kind, occurred_on)
    if isinstance(spec, TrainingSessionSpec):
        professional = await uow.professionals.find(mission.professional_id)
        offered = professional.courses_or_specialties if professional else ()
        ensure_course(mission, spec.course, offered)
    if isinstance(spec, FeedbackSpec):
        spec = await _feedback_from(uow, actor, mission_id, spec)
    hours = getattr(spec, "hours", None)
    if isinstance(hours, float | int):
        current = latest_versions(await uow.activities.of_mission(mission_id))
        ensure_hours_fit_the_day(current, occurred_on, float(hours), spec.corrects)
    if spec.corrects is not None:
        original = await uow.activities.get(spec.corrects)
        already = await uow.activities.is_corrected(spec.corrects)
        ensure_correctable(original, mission_id, kind, already)
    record = ActivityRecord(
        record_id=uuid4(),
        mission_id=mission_id,
        kind=kind,
        occurred_on=occurred_on,
        details=spec.model_dump(mode="json", exclude={"corrects"}),
        recorded_at=at,
        recorded_by=actor.role.value,
        corrects=spec.corrects,
    )
    uow.activities.add(record)
    uow.record(event_of(record, mission.institution_code, spec))
    await uow.commit()
    return view_of(record)


async def list_activities(
    uow: DeploymentUnitOfWork, actor: Caller, mission_id: UUID
) -> list[ActivityView]:
    mission = await uow.missions.get(mission_id)
    ensure_mission_visible(actor, mission)
    return [view_of(record) for record in await uow.activities.of_mission(mission_id)]


async def _feedback_from(
    uow: DeploymentUnitOfWork, actor: Caller, mission_id: UUID, spec: FeedbackSpec
) -> FeedbackSpec:
    """A host and a professional speak for themselves; an officer records either party's.
    Each party gives feedback once, then corrects it if need be."""
    if actor.role is Role.HOST_INSTITUTION:
        spec = spec.model_copy(update={"given_by": FeedbackParty.HOST})
    if actor.role is Role.APPLICANT:
        spec = spec.model_copy(update={"given_by": FeedbackParty.PROFESSIONAL})
    if spec.corrects is None:
        earlier = await uow.activities.of_mission(mission_id)
        if any(
            r.kind is ActivityKind.FEEDBACK and r.details["given_by"] == spec.given_by
            for r in earlier
        ):
            raise BadCorrection(f"the {spec.given_by} already gave feedback; send a correction")
    return spec


def _day_of(spec: ActivitySpec, at: datetime) -> date:
    for name in ("held_on", "delivered_on", "trained_on", "assessed_on"):
        day = getattr(spec, name, None)
        if isinstance(day, date):
            return day
    return at.date()


def view_of(record: ActivityRecord) -> ActivityView:
    return ActivityView(
        record_id=record.record_id,
        mission_id=record.mission_id,
        kind=record.kind,
        occurred_on=record.occurred_on,
        details=record.details,
        corrects=record.corrects,
    )
