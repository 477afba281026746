"""Projection of recruitment events into "accepted professionals by track and sex against
target". Each handler runs inside the consumer's transaction, which also records the event id,
so a redelivered event is never counted twice."""

from sqlmodel import col, update
from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.contracts.envelope import Envelope
from diaspora_shared.contracts.events import ApplicantAccepted, ApplicantWithdrew, CallOpened

from ..adapters.tables import AcceptedCount, TrackTarget


async def on_call_opened(session: AsyncSession, event: CallOpened, _envelope: Envelope) -> None:
    # merge, so a call announced again replaces its row instead of failing on the key
    await session.merge(
        TrackTarget(
            call_id=str(event.call_id),
            track=event.track.value,
            target=event.target,
            women_share_goal=event.women_share_goal,
        )
    )


async def on_applicant_accepted(
    session: AsyncSession, event: ApplicantAccepted, _envelope: Envelope
) -> None:
    # An atomic increment, so replicas sharing the table never lose an update.
    result = await session.exec(
        update(AcceptedCount)
        .where(col(AcceptedCount.track) == event.track.value)
        .where(col(AcceptedCount.sex) == event.sex.value)
        .values(accepted=col(AcceptedCount.accepted) + 1)
    )
    if result.rowcount == 0:
        session.add(AcceptedCount(track=event.track.value, sex=event.sex.value, accepted=1))


async def on_applicant_withdrew(
    session: AsyncSession, event: ApplicantWithdrew, _envelope: Envelope
) -> None:
    """A withdrawal after acceptance frees the place, so it no longer counts as accepted."""
    if not event.was_accepted:
        return
    await session.exec(
        update(AcceptedCount)
        .where(col(AcceptedCount.track) == event.track.value)
        .where(col(AcceptedCount.sex) == event.sex.value)
        .values(accepted=col(AcceptedCount.accepted) - 1)
    )
