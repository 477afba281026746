"""Projection of recruitment events into the recruitment funnel: one row per application, with
the stages it reached. Each handler runs inside the consumer's transaction, which also records
the event id, so a redelivered event is applied once.

Stages are flags, not a state machine: `accepted` stays set when the applicant later withdraws
(the withdrawal is counted in `withdrawn`), and a second screening (an officer's override)
replaces the first outcome. Events of one application share its Kafka key, so they arrive in
the order recruitment published them.

An event may arrive for an application whose `ApplicationSubmitted` was never applied (it was
dead-lettered, for instance). When the event carries the applicant's sex, a row is created from
what it carries (the country stays unknown until an event with it arrives, and a later
`ApplicationSubmitted` fills the row in without resetting its stages). When it does not
(`ApplicationReviewed`), the handler raises `UnplacedEventError`: the consumer retries, then
copies the record to the dead-letter topic, from where it can be replayed once the application
is known. An erasure of an application the funnel never saw changes nothing.
"""

from uuid import uuid4

from sqlmodel import col, update
from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.contracts.envelope import Envelope
from diaspora_shared.contracts.events import (
    ApplicantAccepted,
    ApplicantDataErased,
    ApplicantWithdrew,
    ApplicationReviewed,
    ApplicationScreened,
    ApplicationSubmitted,
    IntegrationEvent,
    OfferDeclined,
    OfferExpired,
    OfferMade,
)
from diaspora_shared.contracts.vocabulary import Sex, Track

from ..adapters.funnel_tables import FunnelApplication


class UnplacedEventError(RuntimeError):
    """An event about an application the funnel has no row for, without the sex needed to
    create one; raised so the consumer retries it and then dead-letters it."""


# The stage each event marks as reached; screening is not here, its outcome can go either way.
STAGE_REACHED: dict[type[IntegrationEvent], str] = {
    ApplicationReviewed: "reviewed",
    OfferMade: "offered",
    ApplicantAccepted: "accepted",
    OfferDeclined: "declined",
    OfferExpired: "expired",
    ApplicantWithdrew: "withdrawn",
}


async def on_application_submitted(
    session: AsyncSession, event: ApplicationSubmitted, _envelope: Envelope
) -> None:
    await _placed(session, event)


async def on_application_screened(
    session: AsyncSession, event: ApplicationScreened, _envelope: Envelope
) -> None:
    row = await _placed(session, event)
    row.eligible = event.eligible


async def on_stage_reached(
    session: AsyncSession, event: IntegrationEvent, _envelope: Envelope
) -> None:
    row = await _placed(session, event)
    setattr(row, STAGE_REACHED[type(event)], True)


async def on_applicant_data_erased(
    session: AsyncSession, event: ApplicantDataErased, _envelope: Envelope
) -> None:
    """Keep the row for the counts, under a fresh random key that leads nowhere."""
    await session.exec(
        update(FunnelApplication)
        .where(col(FunnelApplication.application_id) == str(event.application_id))
        .values(application_id=str(uuid4()))
    )


async def _placed(session: AsyncSession, event: IntegrationEvent) -> FunnelApplication:
    """The application's row, created when missing and refreshed with what the event carries
    (the latest event of an application is the latest word on it)."""
    sex: Sex | None = getattr(event, "sex", None)
    country: str | None = getattr(event, "country_of_residence", None)
    track: Track = getattr(event, "track")  # noqa: B009 - every funnel event carries one
    row = await session.get(FunnelApplication, event.aggregate_id)
    if row is None:
        if sex is None:
            raise UnplacedEventError(
                f"{event.event_type} for an application the funnel has not seen, "
                "without the applicant's sex to place it"
            )
        row = FunnelApplication(
            application_id=event.aggregate_id,
            call_id=str(getattr(event, "call_id")),  # noqa: B009
            track=track.value,
            sex=sex.value,
            country_of_residence=country,
        )
        session.add(row)
        return row
    row.call_id = str(getattr(event, "call_id"))  # noqa: B009
    row.track = track.value
    if sex is not None:
        row.sex = sex.value
    if country is not None:
        row.country_of_residence = country
    return row
