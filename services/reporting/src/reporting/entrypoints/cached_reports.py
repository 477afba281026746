"""Reports answered without recomputation while nothing they read has moved.

Every read model records, in the transaction that changes it, the position it applied (`as_of`).
A report's ETag is a digest of those positions and of what the caller asked for (route, view,
period), so one small query tells whether a report is still the one computed before: then its
JSON is served from memory, or a 304 answers a client that already has it. Any event applied,
live or by a rebuild and by any replica, moves a position. The positions read are reused for
`REPORTING_REPORT_FRESHNESS_SECONDS` (half a second by default): a report may lag that much
behind an applied event, and meanwhile a repeated report costs no database work at all.
"""

import hashlib
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Collection, Hashable
from typing import Any

from fastapi import FastAPI, Request, Response
from pydantic import BaseModel
from sqlmodel.ext.asyncio.session import AsyncSession

from diaspora_shared.runtime.service import ServiceRuntime

from ..service_layer.as_of import AsOf, as_of
from ..service_layer.report_cache import fingerprint

NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "Not modified: the report is the one the `If-None-Match` ETag names"}
}
Compute = Callable[[AsyncSession], Awaitable[BaseModel]]


class RenderedReports:
    """The JSON of the most recent reports by ETag, at most `size` of them."""

    def __init__(self, size: int = 256) -> None:
        self._size = size
        self._bodies: OrderedDict[str, bytes] = OrderedDict()
        self.hits = 0

    def get(self, etag: str) -> bytes | None:
        body = self._bodies.get(etag)
        if body is not None:
            self.hits += 1
            self._bodies.move_to_end(etag)
        return body

    def put(self, etag: str, body: bytes) -> None:
        self._bodies[etag] = body
        while len(self._bodies) > self._size:
            self._bodies.popitem(last=False)


def etag_of(asked: Hashable, included: AsOf, reads: Collection[str] | None = None) -> str:
    """`reads` names the projections the report is computed from (None: all of them), so an
    event that only another read model takes leaves its ETag alone."""
    if reads is not None:
        kept = [p for p in included.partitions if p.projection in reads]
        included = included.model_copy(update={"partitions": kept})
    digest = hashlib.blake2b(repr((asked, fingerprint(included))).encode(), digest_size=16)
    return f'"{digest.hexdigest()}"'


class PositionsMemo:
    """The last "as of" read, reused while younger than `freshness` seconds."""

    def __init__(self, freshness: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._freshness, self._clock = freshness, clock
        self._read: tuple[float, AsOf] | None = None

    async def current(self, session: AsyncSession) -> AsOf:
        now = self._clock()
        if self._read is not None and now - self._read[0] < self._freshness:
            return self._read[1]
        included = await as_of(session)
        self._read = (now, included)
        return included


async def cached_report(
    request: Request,
    asked: Hashable,
    compute: Compute,
    reads: Collection[str] | None = None,
) -> Response:
    """`asked` names everything besides the data that shapes the report (route, view, period);
    `reads` the projections it is computed from."""
    runtime: ServiceRuntime = request.app.state.runtime
    rendered = rendered_reports(request.app)
    memo = _positions_memo(request.app, runtime)
    # The session opens its transaction on first use only: a fresh memo and a rendered report
    # answer without touching the database.
    async with runtime.database.read_session() as session:
        etag = etag_of(asked, await memo.current(session), reads)
        headers = {"ETag": etag, "Cache-Control": "no-cache"}
        if etag in _offered_etags(request):
            return Response(status_code=304, headers=headers)
        body = rendered.get(etag)
        if body is None:
            body = (await compute(session)).model_dump_json().encode()
            rendered.put(etag, body)
    return Response(body, media_type="application/json", headers=headers)


def rendered_reports(app: FastAPI) -> RenderedReports:
    cache = getattr(app.state, "rendered_reports", None)
    if not isinstance(cache, RenderedReports):
        cache = app.state.rendered_reports = RenderedReports()
    return cache


def _positions_memo(app: FastAPI, runtime: ServiceRuntime) -> PositionsMemo:
    memo = getattr(app.state, "report_positions", None)
    if not isinstance(memo, PositionsMemo):
        freshness = getattr(runtime.settings, "report_freshness_seconds", 0.0)
        memo = app.state.report_positions = PositionsMemo(float(freshness))
    return memo


def _offered_etags(request: Request) -> set[str]:
    offered = request.headers.get("if-none-match", "")
    return {tag.strip().removeprefix("W/") for tag in offered.split(",") if tag.strip()}
