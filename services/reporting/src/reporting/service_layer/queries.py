"""Read side: the reports served to stakeholders."""

from pydantic import BaseModel, Field
from sqlmodel import func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.contracts.vocabulary import Sex, Track

from ..adapters.tables import AcceptedCount, TrackTarget


class TrackProgress(BaseModel):
    track: Track
    target: int = Field(description="Sum of the targets of the track's calls.")
    accepted: int
    accepted_by_sex: dict[Sex, int]
    women_share: float | None = Field(
        description="Share of women among the accepted; null if none."
    )
    women_share_goal: float | None


class AcceptedProfessionalsReport(BaseModel):
    tracks: list[TrackProgress]


async def accepted_professionals(session: AsyncSession) -> AcceptedProfessionalsReport:
    targets = await _targets_by_track(session)
    counts = await _counts_by_track(session)
    return AcceptedProfessionalsReport(
        tracks=[_progress(track, targets.get(track), counts.get(track, {})) for track in Track]
    )


async def _targets_by_track(session: AsyncSession) -> dict[Track, tuple[int, float]]:
    query = select(
        TrackTarget.track, func.sum(TrackTarget.target), func.max(TrackTarget.women_share_goal)
    ).group_by(TrackTarget.track)
    rows = (await session.exec(query)).all()
    return {Track(track): (int(target), float(goal)) for track, target, goal in rows}


async def _counts_by_track(session: AsyncSession) -> dict[Track, dict[Sex, int]]:
    by_track: dict[Track, dict[Sex, int]] = {}
    for row in (await session.exec(select(AcceptedCount))).all():
        by_track.setdefault(Track(row.track), {})[Sex(row.sex)] = row.accepted
    return by_track


def _progress(
    track: Track, target_and_goal: tuple[int, float] | None, by_sex: dict[Sex, int]
) -> TrackProgress:
    target, goal = target_and_goal or (0, None)
    accepted = sum(by_sex.values())
    women = by_sex.get(Sex.FEMALE, 0)
    return TrackProgress(
        track=track,
        target=target,
        accepted=accepted,
        accepted_by_sex={sex: by_sex.get(sex, 0) for sex in Sex},
        women_share=round(women / accepted, 4) if accepted else None,
        women_share_goal=goal,
    )
