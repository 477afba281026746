"""What a report includes: per projection and topic-partition, the last offset applied (by the
live subscriber or a rebuild, whichever went further) and the time of the newest event the live
subscriber applied. Two readers with the same "as of" look at the same data.

The live subscriber records its position in the transaction that applies the event, so the
position never runs ahead of (or behind) the rows it describes.
"""

from datetime import datetime

from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.runtime.consumer import CURRENT_RECORD, RecordPosition

from ..adapters.indicator_tables import ProjectionPosition
from ..adapters.rebuild_tables import ProjectionOffset

POSITIONS = ProjectionPosition.__table__  # type: ignore[attr-defined]
REBUILT = ProjectionOffset.__table__  # type: ignore[attr-defined]


class PartitionPosition(BaseModel):
    projection: str
    topic: str
    partition: int
    last_offset: int = Field(description="Offset of the last record applied.")


class AsOf(BaseModel):
    partitions: list[PartitionPosition]
    newest_event_at: datetime | None = Field(
        description="Time (UTC) of the newest event the live subscribers applied; null if none."
    )


async def record_position(
    connection: AsyncConnection,
    projection: str,
    event_time: datetime,
    position: RecordPosition | None = None,
) -> None:
    """Keep the position of the record applied (by default the one being applied; outside a
    consumer there is none). A batch passes its last record and its newest event's time."""
    position = position or CURRENT_RECORD.get()
    if position is None:
        return
    dialect = connection.dialect.name
    upsert = (sqlite.insert if dialect == "sqlite" else postgresql.insert)(POSITIONS)
    greatest = func.max if dialect == "sqlite" else func.greatest
    values = {
        "projection": projection,
        "topic": position.topic,
        "partition": position.partition,
        "last_offset": position.offset,
        "newest_event_at": event_time,
    }
    await connection.execute(
        upsert.values(values).on_conflict_do_update(
            index_elements=["projection", "topic", "partition"],
            set_={
                "last_offset": greatest(POSITIONS.c.last_offset, upsert.excluded.last_offset),
                "newest_event_at": greatest(
                    POSITIONS.c.newest_event_at, upsert.excluded.newest_event_at
                ),
            },
        )
    )


async def as_of(session: AsyncSession) -> AsOf:
    connection = await session.connection()
    positions: dict[tuple[str, str, int], int] = {}
    newest: datetime | None = None
    for row in (await connection.execute(select(POSITIONS))).mappings():
        positions[(row["projection"], row["topic"], row["partition"])] = row["last_offset"]
        newest = row["newest_event_at"] if newest is None else max(newest, row["newest_event_at"])
    for row in (await connection.execute(select(REBUILT))).mappings():
        key = (row["projection"], row["topic"], row["partition"])
        positions[key] = max(positions.get(key, -1), row["next_offset"] - 1)
    partitions = [
        PartitionPosition(projection=p, topic=t, partition=n, last_offset=offset)
        for (p, t, n), offset in sorted(positions.items())
        if offset >= 0
    ]
    return AsOf(partitions=partitions, newest_event_at=newest)
