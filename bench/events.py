"""Realistic events (about 300-byte values, real CloudEvents headers) and bench topics."""

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime
from uuid import UUID, uuid4

from aiokafka.admin import AIOKafkaAdminClient

from diaspora_shared.contracts.admin import ensure_topics
from diaspora_shared.contracts.envelope import envelope_for
from diaspora_shared.contracts.events import ApplicantAccepted, CallOpened, IntegrationEvent
from diaspora_shared.contracts.topics import qualified
from diaspora_shared.contracts.vocabulary import Language, Sex, Track

SOURCE = "/iom/diaspora/recruitment"
CALL_EVERY = 100  # one call opened per hundred acceptances


@dataclass(frozen=True)
class Record:
    topic: str
    key: bytes
    value: bytes
    headers: list[tuple[str, bytes]]


def generated_events(count: int, seed: int = 11) -> list[IntegrationEvent]:
    rng = random.Random(seed)
    calls: list[tuple[UUID, Track]] = []
    events: list[IntegrationEvent] = []
    for index in range(count):
        if index % CALL_EVERY == 0:
            call_id, track = uuid4(), rng.choice(list(Track))
            calls.append((call_id, track))
            events.append(
                CallOpened(
                    call_id=call_id,
                    track=track,
                    title=f"{track.value} trainers and mentors {index // CALL_EVERY}",
                    target=rng.randint(10, 60),
                    women_share_goal=0.4,
                    opens_on=date(2026, 12, 1),
                    closes_on=date(2027, 1, 31),
                )
            )
            continue
        call_id, track = rng.choice(calls)
        events.append(
            ApplicantAccepted(
                application_id=uuid4(),
                call_id=call_id,
                track=track,
                sex=rng.choice(list(Sex)),
                country_of_residence=rng.choice(["BE", "FR", "DE", "NL", "GB"]),
                languages=(Language.ENGLISH, Language.FRENCH),
                courses_or_specialties=(rng.choice(["ICT", "Energy", "Surgery"]),),
                available_from=date(2027, 2, 1),
                available_until=date(2027, 5, 1),
                accepted_at=datetime.now(UTC),
            )
        )
    return events


def records_for(events: list[IntegrationEvent], prefix: str) -> list[Record]:
    records = []
    for event in events:
        envelope = envelope_for(event, source=SOURCE)
        records.append(
            Record(
                topic=qualified(event.topic, prefix),
                key=envelope.key.encode(),
                value=envelope.data,
                headers=envelope.kafka_headers(),
            )
        )
    return records


async def create_topics(bootstrap: str, prefix: str) -> list[str]:
    return await ensure_topics(bootstrap, prefix)


async def delete_topics(bootstrap: str, names: list[str]) -> None:
    if not names:
        return
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.delete_topics(names)
    finally:
        await admin.close()
