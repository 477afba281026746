"""Read side of the recruitment funnel: stage counts per track, overall, by sex and by country
of residence. Only aggregates leave the service."""

from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import Integer, case, func, select, true
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.contracts.vocabulary import Sex, Track

from ..adapters.funnel_tables import FunnelApplication

UNKNOWN_COUNTRY = "unknown"
STAGES = (
    "applications",
    "eligible",
    "reviewed",
    "offered",
    "accepted",
    "withdrawn",
    "declined",
    "expired",
)


class FunnelStages(BaseModel):
    applications: int = Field(default=0, description="Applications submitted.")
    eligible: int = Field(default=0, description="Applications whose latest screening passed.")
    reviewed: int = Field(default=0, description="Applications whose required reviews are in.")
    offered: int = Field(default=0, description="Applications offered a place.")
    accepted: int = Field(
        default=0, description="Applicants accepted, including those who withdrew since."
    )
    withdrawn: int = Field(default=0, description="Applicants who withdrew, at any stage.")
    declined: int = Field(default=0, description="Offers declined.")
    expired: int = Field(default=0, description="Offers that lapsed unanswered.")

    def add(self, other: "FunnelStages") -> None:
        for stage in STAGES:
            setattr(self, stage, getattr(self, stage) + getattr(other, stage))


class TrackFunnel(BaseModel):
    track: Track
    overall: FunnelStages
    by_sex: dict[Sex, FunnelStages]
    by_country_of_residence: dict[str, FunnelStages] = Field(
        description=(
            "Keyed by ISO 3166-1 alpha-2 code; "
            f"{UNKNOWN_COUNTRY!r} while no event carrying the country was seen."
        )
    )


class RecruitmentFunnelReport(BaseModel):
    tracks: list[TrackFunnel]


async def recruitment_funnel(session: AsyncSession) -> RecruitmentFunnelReport:
    funnels = {
        track: TrackFunnel(
            track=track,
            overall=FunnelStages(),
            by_sex={sex: FunnelStages() for sex in Sex},
            by_country_of_residence={},
        )
        for track in Track
    }
    for track, sex, country, stages in await _counts_by_group(session):
        funnel = funnels[Track(track)]
        funnel.overall.add(stages)
        funnel.by_sex[Sex(sex)].add(stages)
        key = country or UNKNOWN_COUNTRY
        funnel.by_country_of_residence.setdefault(key, FunnelStages()).add(stages)
    for funnel in funnels.values():
        funnel.by_country_of_residence = dict(sorted(funnel.by_country_of_residence.items()))
    return RecruitmentFunnelReport(tracks=list(funnels.values()))


async def _counts_by_group(
    session: AsyncSession,
) -> list[tuple[str, str, str | None, FunnelStages]]:
    row = FunnelApplication
    query = select(
        col(row.track),
        col(row.sex),
        col(row.country_of_residence),
        func.count(),
        _number_of(col(row.eligible) == true()),
        _number_of(col(row.reviewed) == true()),
        _number_of(col(row.offered) == true()),
        _number_of(col(row.accepted) == true()),
        _number_of(col(row.withdrawn) == true()),
        _number_of(col(row.declined) == true()),
        _number_of(col(row.expired) == true()),
    ).group_by(col(row.track), col(row.sex), col(row.country_of_residence))
    groups: list[tuple[str, str, str | None, FunnelStages]] = []
    # More columns than sqlmodel's typed `select` takes: run it as a plain SQLAlchemy query.
    connection = await session.connection()
    for track, sex, country, *counts in (await connection.execute(query)).all():
        stages = FunnelStages(
            **{stage: int(n or 0) for stage, n in zip(STAGES, counts, strict=True)}
        )
        groups.append((track, sex, country, stages))
    return groups


def _number_of(condition: Any) -> Any:
    return func.sum(case((condition, 1), else_=0), type_=Integer)
