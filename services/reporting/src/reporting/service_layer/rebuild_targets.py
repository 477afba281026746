"""What one projection of a rebuild remembers while a single pass over the topics feeds it.

Several projections read the same topics (three read `recruitment.applications`), so a rebuild
reads and decodes each record once and hands it to every projection that reads its topic. Each
projection still resumes on its own: it has its own stored offsets (a record before them was
applied by an earlier run), its own memory of applied event ids, its own row cache and its own
figures."""

from collections.abc import Mapping
from dataclasses import dataclass, field

from aiokafka import TopicPartition

from diaspora_shared.contracts.events import IntegrationEvent

from .projection import Projection, RowCache


@dataclass
class RebuildStats:
    projection: str = ""
    records: int = 0
    applied: int = 0
    duplicates: int = 0
    ignored: int = 0
    dead_lettered: int = 0
    batches: int = 0
    seconds: float = 0.0
    apply_seconds: float = 0.0
    """From the first fetched batch to the end: the steady rate, without start-up."""

    @property
    def records_per_second(self) -> float:
        return self.records / self.seconds if self.seconds else 0.0


@dataclass
class RebuildTarget:
    projection: Projection
    topics: frozenset[str]
    """Its topics, with the environment's prefix."""
    stored: dict[TopicPartition, int]
    """The next offset per partition that earlier runs committed for this projection."""
    cache: RowCache
    stats: RebuildStats
    applied_ids: set[bytes] = field(default_factory=set)
    events: list[IntegrationEvent] = field(default_factory=list)
    """This batch's events to apply, in order."""
    next_offsets: dict[TopicPartition, int] = field(default_factory=dict)
    """This batch's offsets to commit with its rows."""

    @classmethod
    def starting(
        cls, projection: Projection, topics: frozenset[str], stored: Mapping[TopicPartition, int]
    ) -> "RebuildTarget":
        mine = {tp: offset for tp, offset in stored.items() if tp.topic in topics}
        # With nothing stored the tables are empty (checked): a key never written has no row.
        return cls(
            projection,
            topics,
            mine,
            RowCache(complete=not mine),
            RebuildStats(projection=projection.name),
        )

    def reads(self, tp: TopicPartition, offset: int) -> bool:
        """Whether the record is this run's to apply: an earlier run applied those before the
        stored offset."""
        return tp.topic in self.topics and offset >= self.stored.get(tp, 0)

    def take(self) -> tuple[list[IntegrationEvent], dict[TopicPartition, int]]:
        batch = self.events, self.next_offsets
        self.events, self.next_offsets = [], {}
        return batch
