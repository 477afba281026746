"""Builds real service runtimes (database, Kafka producer, relay, subscribers) for tests."""

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from diaspora_shared.contracts.vocabulary import Role, Sex, Track
from diaspora_shared.runtime.actors import Actor
from diaspora_shared.runtime.migrations import upgrade_to_head
from diaspora_shared.runtime.service import ServiceRuntime
from recruitment.domain.model import ApplicantProfile, CallSpec
from recruitment.entrypoints.app import MIGRATIONS as RECRUITMENT_MIGRATIONS
from recruitment.service_layer import applications, calls
from recruitment.service_layer.unit_of_work import SqlRecruitmentUnitOfWork
from recruitment.settings import RecruitmentSettings
from reporting.entrypoints.app import MIGRATIONS as REPORTING_MIGRATIONS
from reporting.entrypoints.subscriptions import register_subscriptions
from reporting.service_layer.queries import AcceptedProfessionalsReport, accepted_professionals
from reporting.settings import ReportingSettings

OFFICER = Actor(subject="officer-1", role=Role.IOM_OFFICER)


def recruitment_runtime(kafka: str, prefix: str, database_url: str) -> ServiceRuntime:
    settings = RecruitmentSettings(
        kafka_bootstrap_servers=kafka, kafka_topic_prefix=prefix, database_url=database_url
    )
    return ServiceRuntime(settings, migrations=RECRUITMENT_MIGRATIONS)


def reporting_runtime(
    kafka: str, prefix: str, database_url: str, **overrides: Any
) -> ServiceRuntime:
    return reporting_runtime_with(register_subscriptions, kafka, prefix, database_url, **overrides)


def reporting_runtime_with(
    subscriptions: Callable[[ServiceRuntime], None],
    kafka: str,
    prefix: str,
    database_url: str,
    **overrides: Any,
) -> ServiceRuntime:
    """Reporting's runtime with the subscriptions `subscriptions` declares on it."""
    settings = ReportingSettings(
        kafka_bootstrap_servers=kafka,
        kafka_topic_prefix=prefix,
        database_url=database_url,
        consumer_retry_backoff_seconds=0.01,
        **overrides,
    )
    runtime = ServiceRuntime(settings, migrations=REPORTING_MIGRATIONS)
    subscriptions(runtime)
    return runtime


@asynccontextmanager
async def running(runtime: ServiceRuntime) -> AsyncIterator[ServiceRuntime]:
    await runtime.start()
    try:
        yield runtime
    finally:
        await runtime.stop()


async def migrate_recruitment(runtime: ServiceRuntime) -> None:
    await upgrade_to_head(RECRUITMENT_MIGRATIONS, runtime.settings.resolved_database_url())


def call_spec(track: Track = Track.TVET, target: int = 30) -> CallSpec:
    today = datetime.now(UTC).date()
    return CallSpec(
        track=track,
        title=f"{track.value} call",
        target=target,
        courses_or_specialties=["ICT", "Energy"] if track is Track.TVET else ["Surgery"],
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=30),
    )


def profile(sex: Sex = Sex.FEMALE, course: str = "ICT", index: int = 0) -> ApplicantProfile:
    return ApplicantProfile.model_validate(
        {
            "contact": {
                "given_name": f"Given{index}",
                "family_name": f"Family{index}",
                "email": f"person{index}@example.org",
                "phone": "+32 470 00 00 00",
            },
            "sex": sex,
            "country_of_residence": "BE",
            "qualifications": ["MSc Engineering"],
            "years_of_experience": 10,
            "languages": ["en", "fr"],
            "available_from": date(2027, 1, 10),
            "available_until": date(2027, 4, 10),
            "courses_or_specialties": [course],
            "consent": {"notice_version": "2026-01", "given_at": "2026-11-01T09:00:00Z"},
        }
    )


async def accept_new_applicant(
    runtime: ServiceRuntime, call_id: UUID, sex: Sex, index: int, course: str = "ICT"
) -> UUID:
    """Submit an application and accept it, each step its own unit of work."""
    applicant = Actor(subject=f"applicant-{index}", role=Role.APPLICANT)
    today = datetime.now(UTC).date()
    async with runtime.unit_of_work() as uow:
        application = await applications.submit_application(
            SqlRecruitmentUnitOfWork(uow), applicant, call_id, profile(sex, course, index), today
        )
    async with runtime.unit_of_work() as uow:
        await applications.accept_applicant(
            SqlRecruitmentUnitOfWork(uow), OFFICER, application.application_id
        )
    return application.application_id


async def open_call(runtime: ServiceRuntime, track: Track = Track.TVET, target: int = 30) -> UUID:
    async with runtime.unit_of_work() as uow:
        view = await calls.open_call(uow, OFFICER, call_spec(track, target))
    return view.call_id


async def report_of(runtime: ServiceRuntime) -> AcceptedProfessionalsReport:
    async with runtime.database.session() as session:
        return await accepted_professionals(session)


def accepted_in(report: AcceptedProfessionalsReport, track: Track) -> dict[Sex, int]:
    progress = next(item for item in report.tracks if item.track is track)
    return dict(progress.accepted_by_sex)
