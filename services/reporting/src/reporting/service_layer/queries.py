"""Read side: the accepted-professionals report, per track and, within it, per call."""

from collections import Counter
from dataclasses import dataclass

from pydantic import BaseModel, Field
from sqlalchemy import func, true
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.contracts.vocabulary import Sex, Track

from ..adapters.tables import AcceptedApplication, TrackTarget


class CallProgress(BaseModel):
    call_id: str
    title: str = Field(description="The call's title; empty while only acceptances were seen.")
    target: int = Field(description="The call's target; 0 while the call was not announced.")
    women_share_goal: float | None = Field(
        description="The call's own goal for the share of women among its accepted; null "
        "while the call was not announced."
    )
    accepted: int = Field(description="Applicants accepted by this call and not withdrawn.")
    accepted_by_sex: dict[Sex, int]
    women_share: float | None = Field(description="Women among `accepted`; null if none.")


class TrackProgress(BaseModel):
    track: Track
    target: int = Field(description="Sum of the targets of the track's calls.")
    accepted: int = Field(
        description="Applicants accepted by any of the track's calls, "
        "not counting those who withdrew after acceptance."
    )
    accepted_by_sex: dict[Sex, int]
    women_share: float | None = Field(
        description="Share of women among the track's accepted; null if none."
    )
    women_share_goal: float | None = Field(
        description="The women the track's calls aim at, as a share of the track's target: "
        "the calls' goals weighted by their targets (sum of target times goal over the sum of "
        "targets). Null without an announced call with a target. Each call's own goal is "
        "in `calls`."
    )
    calls: list[CallProgress] = Field(description="The track's calls, by call id.")


class AcceptedProfessionalsReport(BaseModel):
    tracks: list[TrackProgress]


async def accepted_professionals(session: AsyncSession) -> AcceptedProfessionalsReport:
    calls = await _announced_calls(session)
    counts = await _accepted_by_call(session)
    for call_id, track in {(call, track) for call, track, _sex in counts} - {
        (call.call_id, track) for track, members in calls.items() for call in members
    }:
        calls.setdefault(track, []).append(_Call(call_id))
    by_call: dict[str, Counter[Sex]] = {}
    for (call_id, _track, sex), n in counts.items():
        by_call.setdefault(call_id, Counter())[sex] += n
    return AcceptedProfessionalsReport(
        tracks=[_track_progress(track, calls.get(track, []), by_call) for track in Track]
    )


@dataclass(frozen=True)
class _Call:
    call_id: str
    title: str = ""
    target: int = 0
    women_share_goal: float | None = None
    """None for a call seen only through its acceptances (its announcement is late)."""


async def _announced_calls(session: AsyncSession) -> dict[Track, list[_Call]]:
    by_track: dict[Track, list[_Call]] = {}
    for row in (await session.exec(select(TrackTarget))).all():
        call = _Call(row.call_id, row.title, row.target, row.women_share_goal)
        by_track.setdefault(Track(row.track), []).append(call)
    return by_track


async def _accepted_by_call(session: AsyncSession) -> Counter[tuple[str, Track, Sex]]:
    row = AcceptedApplication
    query = (
        select(col(row.call_id), col(row.track), col(row.sex), func.count())
        .where(col(row.accepted) == true(), col(row.withdrawn) != true())
        .group_by(col(row.call_id), col(row.track), col(row.sex))
    )
    connection = await session.connection()
    return Counter(
        {
            (call_id, Track(track), Sex(sex)): int(n)
            for call_id, track, sex, n in (await connection.execute(query)).all()
        }
    )


def _track_progress(
    track: Track, calls: list[_Call], by_call: dict[str, Counter[Sex]]
) -> TrackProgress:
    progress = [_call_progress(call, by_call.get(call.call_id, Counter())) for call in calls]
    progress.sort(key=lambda call: call.call_id)
    by_sex: Counter[Sex] = Counter()
    for call in progress:
        by_sex.update(call.accepted_by_sex)
    announced = [call for call in progress if call.women_share_goal is not None]
    target = sum(call.target for call in announced)
    goal = sum(call.target * (call.women_share_goal or 0.0) for call in announced)
    return TrackProgress(
        track=track,
        target=target,
        accepted=sum(by_sex.values()),
        accepted_by_sex={sex: by_sex.get(sex, 0) for sex in Sex},
        women_share=_women_share(by_sex),
        women_share_goal=round(goal / target, 4) if target else None,
        calls=progress,
    )


def _call_progress(call: _Call, by_sex: Counter[Sex]) -> CallProgress:
    return CallProgress(
        call_id=call.call_id,
        title=call.title,
        target=call.target,
        women_share_goal=call.women_share_goal,
        accepted=sum(by_sex.values()),
        accepted_by_sex={sex: by_sex.get(sex, 0) for sex in Sex},
        women_share=_women_share(by_sex),
    )


def _women_share(by_sex: Counter[Sex]) -> float | None:
    accepted = sum(by_sex.values())
    return round(by_sex.get(Sex.FEMALE, 0) / accepted, 4) if accepted else None
