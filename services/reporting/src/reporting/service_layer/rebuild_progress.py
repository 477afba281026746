"""How far a rebuild is: records read per topic against what it has to read, its rate and the
time left. The rebuild reports a snapshot after every batch; how it is shown is the caller's."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from aiokafka import TopicPartition


@dataclass(frozen=True)
class RebuildProgress:
    projection: str
    done: Mapping[str, int]
    """Records read so far per topic, in this run."""
    total: Mapping[str, int]
    """Records this run has to read per topic (up to each partition's end when it started)."""
    seconds: float

    @property
    def records_done(self) -> int:
        return sum(self.done.values())

    @property
    def records_total(self) -> int:
        return sum(self.total.values())

    @property
    def rate(self) -> float:
        return self.records_done / self.seconds if self.seconds > 0 else 0.0

    @property
    def seconds_left(self) -> float | None:
        """None until there is a rate to extrapolate from."""
        left = self.records_total - self.records_done
        return left / self.rate if self.rate > 0 else (0.0 if left <= 0 else None)


ProgressListener = Callable[[RebuildProgress], None]


def per_topic(
    counts: Mapping[TopicPartition, int], unprefixed: Mapping[str, str]
) -> dict[str, int]:
    """Partition counts summed per topic, named without the environment's prefix."""
    topics: dict[str, int] = {}
    for tp, count in counts.items():
        name = unprefixed.get(tp.topic, tp.topic)
        topics[name] = topics.get(name, 0) + max(count, 0)
    return topics
