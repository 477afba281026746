"""Activity records and feedback on the fake unit of work: recorded while a mission runs and on
its days, corrections that name what they replace, feedback once per party, and events that
carry counts but no free text."""

from datetime import timedelta
from uuid import uuid4

import pytest

from deployment.domain.activity import (
    BadCorrection,
    DayOverbooked,
    OutsideMission,
    UnknownCourse,
)
from deployment.domain.activity_model import (
    ActivitySpec,
    FeedbackSpec,
    HealthServiceSpec,
    SkillsAssessmentSpec,
    StaffTrainedSpec,
    TrainingSessionSpec,
)
from deployment.domain.errors import MissionNotFound, StateConflict
from deployment.domain.model import MissionView
from deployment.service_layer import activities, missions
from diaspora_shared.contracts.events import (
    FeedbackParty,
    HealthServiceDelivered,
    MissionCompleted,
    MissionFeedbackGiven,
    ServiceType,
    SkillsAssessmentRecorded,
    StaffCadre,
    StaffTrained,
    TrainingSessionDelivered,
)

from .deployment_fakes import AT, START, FakeDeploymentUnitOfWork
from .test_deployment_missions import HUYE, KIGALI, LOGISTICS, OFFICER, planned


async def running_mission(uow: FakeDeploymentUnitOfWork) -> MissionView:
    mission = await planned(uow)
    await missions.confirm(uow, mission.mission_id, LOGISTICS, AT)
    return await missions.confirm_arrival(uow, KIGALI, mission.mission_id, AT)


def session(day: int = 2, **changes: object) -> TrainingSessionSpec:
    fields: dict[str, object] = {
        "held_on": START + timedelta(days=day),
        "course": "ICT",
        "topic": "Routing basics",
        "hours": 6,
        "trainers_female": 4,
        "trainers_male": 5,
        "students_female": 10,
        "students_male": 12,
    }
    return TrainingSessionSpec.model_validate(fields | changes)


async def test_each_kind_of_record_is_published_as_its_event() -> None:
    uow = FakeDeploymentUnitOfWork()
    mission = await running_mission(uow)
    day = START + timedelta(days=3)
    specs: list[ActivitySpec] = [
        session(),
        HealthServiceSpec(delivered_on=day, service_type=ServiceType.SURGERY, count=3),
        StaffTrainedSpec(trained_on=day, cadre=StaffCadre.NURSE, female=6, male=2, hours=3),
        SkillsAssessmentSpec(
            assessed_on=day,
            participant_group="trainers",
            participants=9,
            mean_pre_score=42,
            mean_post_score=71.5,
            pass_mark=60,
            passed_after=7,
        ),
    ]
    for spec in specs:
        await activities.record_activity(uow, KIGALI, mission.mission_id, spec, AT)
    kinds = [type(e) for e in uow.published[-4:]]
    assert kinds == [
        TrainingSessionDelivered,
        HealthServiceDelivered,
        StaffTrained,
        SkillsAssessmentRecorded,
    ]
    delivered = uow.published[-4]
    assert isinstance(delivered, TrainingSessionDelivered)
    assert (delivered.students_female, delivered.hours) == (10, 6)
    assert "Routing" not in delivered.model_dump_json()


async def test_records_are_refused_outside_the_missions_days_or_state() -> None:
    uow = FakeDeploymentUnitOfWork()
    mission = await planned(uow)
    with pytest.raises(StateConflict):
        await activities.record_activity(uow, OFFICER, mission.mission_id, session(), AT)
    await missions.confirm(uow, mission.mission_id, LOGISTICS, AT)
    await missions.confirm_arrival(uow, KIGALI, mission.mission_id, AT)
    with pytest.raises(OutsideMission):
        await activities.record_activity(uow, KIGALI, mission.mission_id, session(day=45), AT)
    with pytest.raises(UnknownCourse):
        await activities.record_activity(
            uow, KIGALI, mission.mission_id, session(course="Plumbing"), AT
        )
    with pytest.raises(MissionNotFound):
        await activities.record_activity(uow, HUYE, mission.mission_id, session(), AT)
    assert uow.activities.records == {}


async def test_a_correction_names_the_record_it_replaces_once() -> None:
    uow = FakeDeploymentUnitOfWork()
    mission = await running_mission(uow)
    first = await activities.record_activity(uow, KIGALI, mission.mission_id, session(), AT)
    fixed = session(students_male=14, corrects=first.record_id)
    second = await activities.record_activity(uow, KIGALI, mission.mission_id, fixed, AT)
    assert second.corrects == first.record_id
    event = uow.published[-1]
    assert isinstance(event, TrainingSessionDelivered)
    assert event.corrects == first.record_id
    with pytest.raises(BadCorrection):
        await activities.record_activity(uow, KIGALI, mission.mission_id, fixed, AT)
    with pytest.raises(BadCorrection):
        unknown = session(corrects=uuid4())
        await activities.record_activity(uow, KIGALI, mission.mission_id, unknown, AT)
    listed = await activities.list_activities(uow, KIGALI, mission.mission_id)
    assert [r.record_id for r in listed] == [first.record_id, second.record_id]


async def test_feedback_comes_once_per_party_after_completion() -> None:
    uow = FakeDeploymentUnitOfWork()
    mission = await running_mission(uow)
    rating = FeedbackSpec(rating=5, comment="Excellent trainer")
    with pytest.raises(StateConflict):
        await activities.record_activity(uow, KIGALI, mission.mission_id, rating, AT)
    await missions.complete(uow, KIGALI, mission.mission_id, AT)
    await activities.record_activity(uow, KIGALI, mission.mission_id, rating, AT)
    professional = FeedbackSpec(given_by=FeedbackParty.PROFESSIONAL, rating=4)
    await activities.record_activity(uow, OFFICER, mission.mission_id, professional, AT)
    with pytest.raises(BadCorrection):
        await activities.record_activity(uow, KIGALI, mission.mission_id, rating, AT)
    given = [e for e in uow.published if isinstance(e, MissionFeedbackGiven)]
    assert [(e.given_by, e.rating) for e in given] == [
        (FeedbackParty.HOST, 5),
        (FeedbackParty.PROFESSIONAL, 4),
    ]
    assert "Excellent" not in given[0].model_dump_json()


@pytest.mark.parametrize(
    "changes",
    [{"hours": 25}, {"hours": 0}, {"students_female": -1}, {"topic": ""}, {"extra": 1}],
)
def test_impossible_sessions_are_invalid(changes: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="validation error"):
        session(2, **changes)


def test_more_passes_than_participants_is_invalid() -> None:
    with pytest.raises(ValueError, match="passed_after"):
        SkillsAssessmentSpec(
            assessed_on=START,
            participant_group="students",
            participants=5,
            mean_pre_score=10,
            mean_post_score=20,
            pass_mark=50,
            passed_after=6,
        )


async def test_a_completion_counts_the_latest_version_of_each_record() -> None:
    """What the completion event states is what the certificate of service will list."""
    uow = FakeDeploymentUnitOfWork()
    mission = await running_mission(uow)
    first = await activities.record_activity(uow, KIGALI, mission.mission_id, session(), AT)
    fixed = session(hours=7.5, corrects=first.record_id)
    await activities.record_activity(uow, KIGALI, mission.mission_id, fixed, AT)
    await activities.record_activity(uow, KIGALI, mission.mission_id, session(day=4), AT)
    await missions.complete(uow, KIGALI, mission.mission_id, AT)
    (completed,) = [e for e in uow.published if isinstance(e, MissionCompleted)]
    assert (completed.sessions_recorded, completed.hours_recorded) == (2, 13.5)
    assert completed.person_days == 30


async def test_one_day_holds_at_most_24_hours_of_activity() -> None:
    uow = FakeDeploymentUnitOfWork()
    mission = await running_mission(uow)
    day = START + timedelta(days=2)
    first = await activities.record_activity(uow, KIGALI, mission.mission_id, session(hours=14), AT)
    staff = StaffTrainedSpec(trained_on=day, cadre=StaffCadre.OTHER, female=1, male=1, hours=10)
    await activities.record_activity(uow, KIGALI, mission.mission_id, staff, AT)
    with pytest.raises(DayOverbooked):
        await activities.record_activity(uow, KIGALI, mission.mission_id, session(hours=1), AT)
    shorter = session(hours=13, corrects=first.record_id)
    await activities.record_activity(uow, KIGALI, mission.mission_id, shorter, AT)
    other_day = session(day=3, hours=20)
    await activities.record_activity(uow, KIGALI, mission.mission_id, other_day, AT)
    assert len(uow.activities.records) == 4
