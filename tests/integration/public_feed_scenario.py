"""A scenario with known personal attributes, for the public feed's tests: two professionals
with names, contact details, sexes and countries of residence go through recruitment for real;
their missions and a grant they mentor arrive as domain events naming their application ids."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

from diaspora_shared.contracts.envelope import Envelope, envelope_for
from diaspora_shared.contracts.events import (
    GrantAwarded,
    GrantDisbursed,
    IntegrationEvent,
    JobsVerified,
    MentorAssigned,
    MissionCompleted,
    MissionPlanned,
    MissionStarted,
    TrainingSessionDelivered,
)
from diaspora_shared.contracts.money import Currency, Money
from diaspora_shared.contracts.vocabulary import Role, Sex, Track
from diaspora_shared.runtime.actors import Actor
from diaspora_shared.runtime.service import ServiceRuntime
from recruitment.domain.model import ApplicantProfile
from recruitment.service_layer import applications
from recruitment.service_layer.unit_of_work import SqlRecruitmentUnitOfWork

from ..runtimes import OFFICER

PEOPLE = (
    ("Zaninka", "Uwamahoro", "zaninka.uwamahoro@example.org", Sex.FEMALE, "LU"),
    ("Habimana", "Nsengiyumva", "habimana.nsengiyumva@example.org", Sex.MALE, "SE"),
)
PHONE = "+352 621 555 019"
SOURCE = "/iom/diaspora/scenario"
AT = datetime(2027, 3, 4, 10, tzinfo=UTC)


@dataclass
class Scenario:
    application_ids: list[UUID] = field(default_factory=list)

    def personal_values(self) -> list[str]:
        """Every value that would point at one of the scenario's people."""
        ids = [str(a) for a in self.application_ids] + [a.hex for a in self.application_ids]
        contacts = [v for given, family, email, _, _ in PEOPLE for v in (given, family, email)]
        quoted = [f'"{v}"' for _, _, _, sex, country in PEOPLE for v in (sex.value, country)]
        return [*ids, *contacts, PHONE, *quoted, "person_ref", "applicant-"]


def profile_of(index: int) -> ApplicantProfile:
    given, family, email, sex, country = PEOPLE[index]
    return ApplicantProfile.model_validate(
        {
            "contact": {"given_name": given, "family_name": family, "email": email, "phone": PHONE},
            "sex": sex,
            "country_of_residence": country,
            "qualifications": ["MSc Electrical Engineering"],
            "years_of_experience": 12,
            "languages": ["en", "fr"],
            "available_from": date(2027, 1, 10),
            "available_until": date(2027, 6, 10),
            "courses_or_specialties": ["ICT"],
            "consent": {"notice_version": "2026-01", "given_at": "2026-11-01T09:00:00Z"},
        }
    )


async def accept(recruitment: ServiceRuntime, call_id: UUID, index: int) -> UUID:
    applicant = Actor(subject=f"applicant-{PEOPLE[index][0].lower()}", role=Role.APPLICANT)
    today = datetime.now(UTC).date()
    async with recruitment.unit_of_work() as uow:
        view = await applications.submit_application(
            SqlRecruitmentUnitOfWork(uow), applicant, call_id, profile_of(index), today
        )
    async with recruitment.unit_of_work() as uow:
        await applications.accept_applicant(
            SqlRecruitmentUnitOfWork(uow), OFFICER, view.application_id
        )
    return view.application_id


def mission_events(professional_id: UUID) -> list[IntegrationEvent]:
    mission, start = uuid4(), date(2027, 3, 1)
    common = {"mission_id": mission, "institution_code": "IPRC-KGL"}
    return [
        MissionPlanned(
            **common,
            request_id=uuid4(),
            professional_id=professional_id,
            track=Track.TVET,
            course_or_specialty="ICT",
            starts_on=start,
            ends_on=start + timedelta(days=41),
            planned_at=AT,
        ),
        MissionStarted(**common, professional_id=professional_id, started_at=AT),
        TrainingSessionDelivered(
            **common,
            record_id=uuid4(),
            recorded_at=AT,
            held_on=start + timedelta(days=3),
            course="ICT",
            hours=3,
            trainers_female=1,
            trainers_male=0,
            students_female=0,
            students_male=0,
        ),
        MissionCompleted(
            **common,
            starts_on=start,
            ends_on=start + timedelta(days=41),
            person_days=42,
            completed_at=AT,
            sessions_recorded=1,
            hours_recorded=3,
        ),
    ]


def grant_events(mentor: UUID) -> list[IntegrationEvent]:
    grant = {"grant_id": uuid4(), "project_code": "PILOT-03"}
    amount = Money(minor_units=12_000_000, currency=Currency.RWF)
    return [
        GrantAwarded(
            **grant, call_id=uuid4(), amount=amount, tranches=2, signed_on=date(2027, 2, 1)
        ),
        MentorAssigned(**grant, professional_id=mentor),
        GrantDisbursed(
            **grant,
            tranche=1,
            amount=amount,
            due_on=date(2027, 3, 1),
            disbursed_on=date(2027, 3, 2),
            late=True,
        ),
        JobsVerified(**grant, months=6, total=3, women=2, youth=1, still_operating=True),
    ]


def domain_events(application_ids: list[UUID]) -> list[tuple[IntegrationEvent, Envelope]]:
    events = [*mission_events(application_ids[0]), *grant_events(application_ids[1])]
    return [(event, envelope_for(event, source=SOURCE)) for event in events]
