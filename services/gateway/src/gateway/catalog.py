"""What the gateway knows of its upstreams: their OpenAPI documents and the route table built
from them. Documents are read at start, retried until every upstream answered, then refreshed
periodically, so a service's new route appears at the gateway without any gateway change."""

import asyncio
from collections.abc import Sequence
from typing import Any

from diaspora_shared.runtime.logging import get_logger

from .forwarding import UpstreamClient
from .route_table import RouteEntry, RouteTable, entries_from_openapi, operations_without_policy
from .settings import UpstreamService


class RouteCatalog:
    def __init__(self, upstreams: Sequence[UpstreamService], client: UpstreamClient) -> None:
        self.upstreams = list(upstreams)
        self.client = client
        self.documents: dict[str, dict[str, Any]] = {}
        self.table = RouteTable([])

    def missing(self) -> list[str]:
        return [u.name for u in self.upstreams if u.name not in self.documents]

    async def refresh(self) -> None:
        """Read every upstream's document; one that does not answer keeps its last copy."""
        results = await asyncio.gather(*(self._read(u) for u in self.upstreams))
        for upstream, document in zip(self.upstreams, results, strict=True):
            if document is not None:
                self.documents[upstream.name] = document
        self.table = RouteTable(self._entries())

    async def keep_fresh(self, retry_seconds: float, refresh_seconds: float) -> None:
        """Run until cancelled: quick retries while an upstream is missing, then slow refresh."""
        while True:
            try:
                await self.refresh()
            except Exception:  # a bad document must not stop every later refresh
                get_logger().exception("refreshing upstream routes failed")
            await asyncio.sleep(retry_seconds if self.missing() else refresh_seconds)

    async def _read(self, upstream: UpstreamService) -> dict[str, Any] | None:
        try:
            document = await self.client.openapi(upstream.name)
        except Exception as error:  # any failure means "try again later", never a crash
            get_logger().warning(
                "upstream routes unavailable", upstream=upstream.name, error=type(error).__name__
            )
            return None
        if not isinstance(document, dict) or not isinstance(document.get("paths"), dict):
            get_logger().warning("upstream document has no paths", upstream=upstream.name)
            return None
        unguarded = operations_without_policy(document)
        if unguarded:
            get_logger().warning(
                "routes without access policy are not exposed",
                upstream=upstream.name,
                routes=[f"{m} {p}" for m, p in unguarded if not p.startswith("/health")],
            )
        return document

    def _entries(self) -> list[RouteEntry]:
        seen: dict[tuple[str, str], RouteEntry] = {}
        for upstream in self.upstreams:
            document = self.documents.get(upstream.name)
            if document is None:
                continue
            for entry in entries_from_openapi(upstream.name, upstream.public_prefix, document):
                key = (entry.method, entry.public_path)
                if key in seen:
                    get_logger().error(
                        "public route declared twice; first kept",
                        route=f"{entry.method} {entry.public_path}",
                        upstreams=[seen[key].upstream, entry.upstream],
                    )
                    continue
                seen[key] = entry
        return list(seen.values())
