"""Reports recompute nothing that has not changed: a computed indicator report is kept under
what it includes (its "as of": every projection's position), and served again while no
projection moved. Any event applied, live or by a rebuild, moves a position, so a stale answer
is never served; the key also names the view, period and threshold."""

from collections import OrderedDict
from collections.abc import Hashable

from pydantic import BaseModel

from .as_of import AsOf


def fingerprint(included: AsOf) -> Hashable:
    positions = tuple(
        (p.projection, p.topic, p.partition, p.last_offset) for p in included.partitions
    )
    return positions, included.newest_event_at


class ReportCache:
    """The most recent reports, at most `size` of them (one per view and period in use)."""

    def __init__(self, size: int = 256) -> None:
        self._size = size
        self._reports: OrderedDict[Hashable, BaseModel] = OrderedDict()
        self.hits = 0

    def get(self, key: Hashable) -> BaseModel | None:
        report = self._reports.get(key)
        if report is not None:
            self.hits += 1
            self._reports.move_to_end(key)
        return report

    def put(self, key: Hashable, report: BaseModel) -> None:
        self._reports[key] = report
        self._reports.move_to_end(key)
        while len(self._reports) > self._size:
            self._reports.popitem(last=False)
