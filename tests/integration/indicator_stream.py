"""A hand-made programme history with known answers for every indicator: four accepted
professionals, four missions (two completed, one running, one cancelled), training sessions
with a correction, assessments, health services, staff trained, feedback, and two grants."""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from uuid import UUID, uuid4

from diaspora_shared.contracts.events import (
    ApplicantAccepted,
    GrantApplicationSubmitted,
    GrantAwarded,
    GrantDisbursed,
    HealthServiceDelivered,
    IntegrationEvent,
    JobsVerified,
    MentoringSessionHeld,
    MissionCancelled,
    MissionCompleted,
    MissionFeedbackGiven,
    MissionPlanned,
    MissionStarted,
    SkillsAssessmentRecorded,
    StaffTrained,
    TrainingSessionDelivered,
    TrancheConditionMet,
)
from diaspora_shared.contracts.events.deployment import (
    CancellationReason,
    FeedbackParty,
    ServiceType,
    StaffCadre,
)
from diaspora_shared.contracts.money import Money
from diaspora_shared.contracts.vocabulary import Language, Sex, Track
from diaspora_shared.runtime.database import Database
from diaspora_shared.runtime.migrations import upgrade_to_head
from reporting.entrypoints.app import MIGRATIONS
from reporting.service_layer.catalogue import PROJECTIONS
from reporting.service_layer.projection import apply_events

NOW = datetime(2026, 6, 30, tzinfo=UTC)


@dataclass(frozen=True)
class Professional:
    id: UUID
    track: Track
    sex: Sex
    country: str


def accepted(person: Professional) -> ApplicantAccepted:
    return ApplicantAccepted(
        application_id=person.id,
        call_id=uuid4(),
        track=person.track,
        sex=person.sex,
        country_of_residence=person.country,
        languages=(Language.ENGLISH,),
        courses_or_specialties=("Any",),
        available_from=date(2026, 1, 1),
        available_until=date(2026, 12, 31),
        accepted_at=NOW,
    )


def mission(
    person: Professional, host: str, course: str, days: tuple[date, date], outcome: str
) -> tuple[UUID, list[IntegrationEvent]]:
    """The events of one mission; `outcome` is completed, started or cancelled."""
    mission_id, (start, end) = uuid4(), days
    at = {"mission_id": mission_id, "institution_code": host}
    events: list[IntegrationEvent] = [
        MissionPlanned(
            **at,
            request_id=uuid4(),
            professional_id=person.id,
            track=person.track,
            course_or_specialty=course,
            starts_on=start,
            ends_on=end,
            planned_at=NOW,
        )
    ]
    if outcome == "cancelled":
        reason = CancellationReason.HOST_WITHDREW
        cancelled = MissionCancelled(
            **at, professional_id=person.id, reason=reason, cancelled_at=NOW
        )
        return mission_id, [*events, cancelled]
    events.append(MissionStarted(**at, professional_id=person.id, started_at=NOW))
    if outcome == "completed":
        length = (end - start).days + 1
        done = {"starts_on": start, "ends_on": end, "completed_at": NOW}
        events.append(MissionCompleted(**at, **done, person_days=length))
    return mission_id, events


def activity(mission_id: UUID, host: str, corrects: UUID | None = None) -> dict[str, object]:
    return {
        "mission_id": mission_id,
        "institution_code": host,
        "record_id": uuid4(),
        "corrects": corrects,
        "recorded_at": NOW,
    }


def session(
    mission_id: UUID, host: str, day: date, hours: float, people: tuple[int, int, int, int]
) -> TrainingSessionDelivered:
    course = "ICT" if host == "IPRC-KGL" else "Energy"
    tf, tm, sf, sm = people
    return TrainingSessionDelivered(
        **activity(mission_id, host),
        held_on=day,
        course=course,
        hours=hours,
        trainers_female=tf,
        trainers_male=tm,
        students_female=sf,
        students_male=sm,
    )


def rwf(amount: int) -> Money:
    return Money.model_validate({"minor_units": amount, "currency": "RWF"})


def grant(code: str, sector: str, awarded: int) -> tuple[dict[str, object], list[IntegrationEvent]]:
    on = {"grant_id": uuid4(), "project_code": code}
    call = uuid4()
    return on, [
        GrantApplicationSubmitted(**on, call_id=call, sector=sector, requested=rwf(awarded)),
        GrantAwarded(
            **on, call_id=call, amount=rwf(awarded), tranches=2, signed_on=date(2026, 2, 1)
        ),
    ]


def paid(on: dict[str, object], tranche: int, amount: int, late: bool) -> GrantDisbursed:
    day = date(2026, 3, 1)
    return GrantDisbursed(
        **on, tranche=tranche, amount=rwf(amount), due_on=day, disbursed_on=day, late=late
    )


def mentoring(on: dict[str, object], minutes: int, in_person: bool) -> MentoringSessionHeld:
    held = {"held_on": date(2026, 4, 1), "minutes": minutes, "in_person": in_person}
    return MentoringSessionHeld(**on, professional_id=uuid4(), **held)


def jobs(
    on: dict[str, object], months: int, figures: tuple[int, int, int], operating: bool
) -> JobsVerified:
    total, women, youth = figures
    return JobsVerified(
        **on, months=months, total=total, women=women, youth=youth, still_operating=operating
    )


P1 = Professional(uuid4(), Track.TVET, Sex.FEMALE, "BE")
P2 = Professional(uuid4(), Track.TVET, Sex.MALE, "FR")
P3 = Professional(uuid4(), Track.HEALTH, Sex.FEMALE, "DE")
P4 = Professional(uuid4(), Track.HEALTH, Sex.MALE, "BE")


def programme_history() -> list[IntegrationEvent]:
    """Known answers in `tests/integration/test_indicators.py`."""
    m1, m1_events = mission(
        P1, "IPRC-KGL", "ICT", (date(2026, 3, 1), date(2026, 3, 10)), "completed"
    )
    m2, m2_events = mission(
        P2, "IPRC-HYE", "Energy", (date(2026, 5, 1), date(2026, 5, 20)), "started"
    )
    m3, m3_events = mission(
        P3, "CHUK", "Surgery", (date(2026, 4, 1), date(2026, 4, 5)), "completed"
    )
    _, m4_events = mission(
        P4, "CHUK", "Cardiology", (date(2026, 6, 1), date(2026, 6, 9)), "cancelled"
    )
    first_try = session(m1, "IPRC-KGL", date(2026, 3, 3), 2, (1, 0, 0, 1))
    corrected = session(m1, "IPRC-KGL", date(2026, 3, 3), 2, (1, 1, 0, 1)).model_copy(
        update={"corrects": first_try.record_id}
    )
    g1, g1_events = grant("PILOT-01", "energy", 1_000_000)
    g2, g2_events = grant("PILOT-02", "ICT", 500_000)
    return [
        *(accepted(p) for p in (P1, P2, P3, P4)),
        *m1_events,
        *m2_events,
        *m3_events,
        *m4_events,
        session(m1, "IPRC-KGL", date(2026, 3, 2), 3, (2, 3, 4, 6)),
        first_try,
        corrected,
        session(m2, "IPRC-HYE", date(2026, 5, 2), 4, (0, 2, 3, 3)),
        assessment(m1, "IPRC-KGL", 10, (40, 70), 8),
        assessment(m3, "CHUK", 5, (50, 60), 2),
        HealthServiceDelivered(
            **activity(m3, "CHUK"),
            delivered_on=date(2026, 4, 2),
            service_type=ServiceType.CONSULTATION,
            count=12,
        ),
        HealthServiceDelivered(
            **activity(m3, "CHUK"),
            delivered_on=date(2026, 4, 3),
            service_type=ServiceType.PROCEDURE,
            count=3,
        ),
        StaffTrained(
            **activity(m3, "CHUK"),
            trained_on=date(2026, 4, 4),
            cadre=StaffCadre.NURSE,
            female=4,
            male=2,
            hours=3,
        ),
        feedback(m1, "IPRC-KGL", FeedbackParty.HOST, 4),
        feedback(m3, "CHUK", FeedbackParty.HOST, 5),
        feedback(m1, "IPRC-KGL", FeedbackParty.PROFESSIONAL, 3),
        *g1_events,
        *g2_events,
        TrancheConditionMet(**g1, tranche=1, condition="report"),
        paid(g1, 1, 400_000, late=False),
        paid(g1, 2, 100_000, late=True),
        mentoring(g1, 60, in_person=True),
        mentoring(g1, 30, in_person=False),
        mentoring(g2, 90, in_person=True),
        jobs(g1, 6, (4, 2, 3), operating=True),
        jobs(g1, 12, (6, 3, 4), operating=True),
        jobs(g2, 12, (2, 0, 1), operating=False),
    ]


def assessment(
    mission_id: UUID, host: str, people: int, scores: tuple[float, float], passed: int
) -> SkillsAssessmentRecorded:
    return SkillsAssessmentRecorded(
        **activity(mission_id, host),
        assessed_on=date(2026, 4, 4),
        participant_group="trainees",
        participants=people,
        mean_pre_score=scores[0],
        mean_post_score=scores[1],
        pass_mark=50,
        passed_after=passed,
    )


def feedback(
    mission_id: UUID, host: str, party: FeedbackParty, rating: int
) -> MissionFeedbackGiven:
    return MissionFeedbackGiven(**activity(mission_id, host), given_by=party, rating=rating)


async def apply_history(database_url: str, events: list[IntegrationEvent]) -> Database:
    """Every event through every projection that reads it, one transaction per event, as the
    live subscribers apply them. The caller disposes of the database."""
    await upgrade_to_head(MIGRATIONS, database_url)
    database = Database(database_url)
    for event in events:
        async with database.engine.begin() as connection:
            for projection in PROJECTIONS.values():
                if type(event) in projection.rules:
                    await apply_events(connection, projection, [event])
    return database
