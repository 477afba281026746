"""The rebuild's fast decoder accepts and refuses exactly the records the live decoder does."""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from uuid import uuid4

from diaspora_shared.contracts.envelope import envelope_for
from diaspora_shared.contracts.events import ApplicantAccepted, CallOpened
from diaspora_shared.contracts.vocabulary import Language, Sex, Track
from reporting.service_layer.accepted_professionals import counter_key
from reporting.service_layer.rebuild_decoding import IGNORED, RecordDecoder

SOURCE = "/iom/diaspora/recruitment"


@dataclass(frozen=True)
class FakeRecord:
    key: bytes
    value: bytes | None
    headers: list[tuple[str, bytes]]
    topic: str = "recruitment.applications"
    partition: int = 0
    offset: int = 0


def accepted() -> ApplicantAccepted:
    return ApplicantAccepted(
        application_id=uuid4(),
        call_id=uuid4(),
        track=Track.HEALTH,
        sex=Sex.FEMALE,
        country_of_residence="BE",
        languages=(Language.ENGLISH,),
        courses_or_specialties=("Surgery",),
        available_from=date(2027, 2, 1),
        available_until=date(2027, 5, 1),
        accepted_at=datetime.now(UTC),
    )


def record_of(event: ApplicantAccepted, **replaced_headers: bytes) -> FakeRecord:
    envelope = envelope_for(event, source=SOURCE)
    headers = [(name, replaced_headers.get(name, raw)) for name, raw in envelope.kafka_headers()]
    return FakeRecord(key=envelope.key.encode(), value=envelope.data, headers=headers)


DECODER = RecordDecoder({ApplicantAccepted.event_type: ApplicantAccepted})


def test_a_valid_record_gives_its_event_and_id() -> None:
    event = accepted()
    record = record_of(event)
    decoded = DECODER.decode(record)
    assert decoded.event == event
    assert decoded.event_id == dict(record.headers)["ce_id"]
    assert decoded.malformed is None


def test_a_header_that_is_utf8_but_not_ascii_is_still_accepted() -> None:
    event = accepted()
    decoded = DECODER.decode(record_of(event, ce_source="/iom/diaspora/récrutement".encode()))
    assert decoded.event == event


def test_a_header_that_is_not_utf8_is_malformed_as_live() -> None:
    decoded = DECODER.decode(record_of(accepted(), ce_correlationid=b"\xff\xfe"))
    assert decoded.event is None
    assert decoded.malformed is not None and "not UTF-8" in decoded.malformed


def test_another_spec_version_is_malformed() -> None:
    decoded = DECODER.decode(record_of(accepted(), ce_specversion=b"0.3"))
    assert decoded.malformed is not None and "specversion" in decoded.malformed


def test_a_known_type_the_projection_does_not_read_is_ignored() -> None:
    call = CallOpened(
        call_id=uuid4(),
        track=Track.TVET,
        title="TVET trainers",
        target=10,
        women_share_goal=0.4,
        opens_on=date(2026, 12, 1),
        closes_on=date(2027, 1, 31),
    )
    envelope = envelope_for(call, source=SOURCE)
    record = FakeRecord(envelope.key.encode(), envelope.data, envelope.kafka_headers())
    assert DECODER.decode(record) is IGNORED


def test_the_counter_key_is_a_plain_string_of_the_values() -> None:
    key = counter_key(accepted())
    assert key == "HEALTH:female"
    assert type(key) is str
