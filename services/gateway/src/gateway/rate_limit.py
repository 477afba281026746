"""Token buckets in memory: a fair share of the gateway per subject and per client address.

They live in this process only; several gateway instances would each allow the full rate
(a shared store would be needed then; the README says so)."""

import math
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Final

# The oldest idle keys are forgotten beyond this many, so a flood of addresses cannot grow
# memory without bound; a forgotten key simply starts again with a full bucket.
MAX_TRACKED_KEYS: Final = 100_000


class TokenBuckets:
    def __init__(
        self,
        per_second: float,
        burst: int,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = MAX_TRACKED_KEYS,
    ) -> None:
        self.per_second = per_second
        self.burst = burst
        self.clock = clock
        self.max_keys = max_keys
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def take(self, key: str) -> int:
        """0 if a request for ``key`` may go now, else whole seconds until it may."""
        now = self.clock()
        tokens, last = self._buckets.pop(key, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - last) * self.per_second)
        if tokens >= 1:
            self._remember(key, tokens - 1, now)
            return 0
        self._remember(key, tokens, now)
        return max(1, math.ceil((1 - tokens) / self.per_second))

    def _remember(self, key: str, tokens: float, now: float) -> None:
        self._buckets[key] = (tokens, now)
        while len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
