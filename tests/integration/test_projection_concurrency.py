"""Replicas of the live subscriber applying events to the same read-model row at once, on
PostgreSQL: no update is lost, whether the row exists already or is being created."""

import asyncio
from datetime import UTC, date, datetime
from uuid import uuid4

from sqlalchemy.exc import DBAPIError, IntegrityError

from diaspora_shared.contracts.events import ApplicantAccepted
from diaspora_shared.contracts.vocabulary import Language, Sex, Track
from diaspora_shared.runtime.database import Database
from diaspora_shared.runtime.migrations import upgrade_to_head
from reporting.entrypoints.app import MIGRATIONS
from reporting.service_layer.accepted_professionals import ACCEPTED_PROFESSIONALS
from reporting.service_layer.projection import apply_events
from reporting.service_layer.queries import accepted_professionals

REPLICAS = 12


def acceptance() -> ApplicantAccepted:
    return ApplicantAccepted(
        application_id=uuid4(),
        call_id=uuid4(),
        track=Track.HEALTH,
        sex=Sex.FEMALE,
        country_of_residence="BE",
        languages=(Language.ENGLISH,),
        courses_or_specialties=("Surgery",),
        available_from=date(2027, 1, 1),
        available_until=date(2027, 3, 1),
        accepted_at=datetime.now(UTC),
    )


async def apply_as_a_consumer_would(database: Database, event: ApplicantAccepted) -> int:
    """One transaction per attempt, retried on a key conflict as the consumer retries."""
    for attempt in range(1, 6):
        try:
            async with database.engine.begin() as connection:
                await apply_events(connection, ACCEPTED_PROFESSIONALS, [event])
            return attempt
        except (IntegrityError, DBAPIError):
            continue
    raise AssertionError("never applied")


async def test_concurrent_acceptances_all_count_on_postgres(postgres_url: str) -> None:
    await upgrade_to_head(MIGRATIONS, postgres_url)
    database = Database(postgres_url, pool_size=REPLICAS)
    try:
        attempts = await asyncio.gather(
            *(apply_as_a_consumer_would(database, acceptance()) for _ in range(REPLICAS))
        )
        async with database.session() as session:
            report = await accepted_professionals(session)
    finally:
        await database.dispose()

    health = next(progress for progress in report.tracks if progress.track is Track.HEALTH)
    assert health.accepted_by_sex[Sex.FEMALE] == REPLICAS
    assert len(attempts) == REPLICAS
