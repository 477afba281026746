"""Read side: the accepted-professionals report, per track, with each call's own goal."""

from pydantic import BaseModel, Field
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.contracts.vocabulary import Sex, Track

from ..adapters.tables import AcceptedCount, TrackTarget


class CallGoal(BaseModel):
    call_id: str
    title: str
    target: int = Field(description="The call's target: professionals it aims to accept.")
    women_share_goal: float = Field(
        description="The call's own goal for the share of women among those it accepts."
    )


class TrackProgress(BaseModel):
    track: Track
    target: int = Field(description="Sum of the targets of the track's calls.")
    accepted: int = Field(
        description="Applicants accepted by any of the track's calls, less those who withdrew "
        "after acceptance."
    )
    accepted_by_sex: dict[Sex, int] = Field(description="`accepted`, by sex.")
    women_share: float | None = Field(description="Share of women among `accepted`; null if none.")
    women_share_goal: float | None = Field(
        description="The women the track's calls aim at, as a share of the track's target: "
        "each call's goal weighted by its target (sum of target times goal, over the sum of "
        "targets). Null while no call with a target was announced. Each call's own goal is "
        "in `calls`."
    )
    calls: list[CallGoal] = Field(description="The track's calls with their own goals, by id.")


class AcceptedProfessionalsReport(BaseModel):
    tracks: list[TrackProgress]


async def accepted_professionals(session: AsyncSession) -> AcceptedProfessionalsReport:
    calls = await _calls_by_track(session)
    counts = await _counts_by_track(session)
    return AcceptedProfessionalsReport(
        tracks=[_progress(track, calls.get(track, []), counts.get(track, {})) for track in Track]
    )


async def _calls_by_track(session: AsyncSession) -> dict[Track, list[CallGoal]]:
    by_track: dict[Track, list[CallGoal]] = {}
    for row in (await session.exec(select(TrackTarget).order_by(TrackTarget.call_id))).all():
        by_track.setdefault(Track(row.track), []).append(
            CallGoal(
                call_id=row.call_id,
                title=row.title,
                target=row.target,
                women_share_goal=row.women_share_goal,
            )
        )
    return by_track


async def _counts_by_track(session: AsyncSession) -> dict[Track, dict[Sex, int]]:
    by_track: dict[Track, dict[Sex, int]] = {}
    for row in (await session.exec(select(AcceptedCount))).all():
        by_track.setdefault(Track(row.track), {})[Sex(row.sex)] = row.accepted
    return by_track


def _progress(track: Track, calls: list[CallGoal], by_sex: dict[Sex, int]) -> TrackProgress:
    target = sum(call.target for call in calls)
    aimed = sum(call.target * call.women_share_goal for call in calls)
    accepted = sum(by_sex.values())
    women = by_sex.get(Sex.FEMALE, 0)
    return TrackProgress(
        track=track,
        target=target,
        accepted=accepted,
        accepted_by_sex={sex: by_sex.get(sex, 0) for sex in Sex},
        women_share=round(women / accepted, 4) if accepted else None,
        women_share_goal=round(aimed / target, 4) if target else None,
        calls=calls,
    )
