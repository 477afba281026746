"""The cyclic garbage collector held off while a rebuild batch is decoded and applied.

A batch keeps tens of thousands of fresh objects alive at once (records, events, row dicts),
none of them part of a reference cycle: they are freed by reference counting as soon as the
batch is written. While they live, every allocation threshold the collector reaches makes it
scan them, and each object that survives is scanned again by the older generations together
with everything the process holds (its modules, the row cache). Measured on 100,000 events that
scanning was most of the rebuild's decoding and applying time, for nothing found. So the
collector waits until the batch is done; it then runs as usual (and a cycle created meanwhile
is collected then)."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
