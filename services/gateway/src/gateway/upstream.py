"""Forwards an authenticated request to the service that owns it.

The gateway passes who is acting (subject and role) and a correlation id; it never lets a
client set those headers itself.
"""

from typing import Any
from uuid import uuid4

import httpx
from fastapi import HTTPException, Request
from fastapi.responses import JSONResponse

from diaspora_shared.runtime.actors import (
    ACTOR_ROLE_HEADER,
    ACTOR_SUBJECT_HEADER,
    CORRELATION_ID_HEADER,
    Actor,
)
from diaspora_shared.runtime.idempotency import IDEMPOTENCY_KEY_HEADER


class Upstreams:
    def __init__(
        self,
        *,
        recruitment_url: str,
        reporting_url: str,
        timeout_seconds: float,
        max_connections: int = 64,
        queue_seconds: float = 1.0,
    ) -> None:
        self.client = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout_seconds, pool=queue_seconds),
            limits=httpx.Limits(max_connections=max_connections),
        )
        self.urls = {"recruitment": recruitment_url, "reporting": reporting_url}

    async def close(self) -> None:
        await self.client.aclose()

    async def forward(
        self,
        request: Request,
        actor: Actor,
        service: str,
        path: str,
        body: Any = None,
    ) -> JSONResponse:
        correlation = request.headers.get(CORRELATION_ID_HEADER) or str(uuid4())
        headers = {
            ACTOR_SUBJECT_HEADER: actor.subject,
            ACTOR_ROLE_HEADER: actor.role.value,
            CORRELATION_ID_HEADER: correlation,
        }
        # Passed on as the bytes received: the service judges the key (422 when unusable).
        idempotency_key = _raw_header(request, IDEMPOTENCY_KEY_HEADER)
        try:
            response = await self.client.request(
                request.method,
                f"{self.urls[service]}{path}",
                json=body,
                headers=[*_as_bytes(headers), *idempotency_key],
            )
        except httpx.PoolTimeout as error:
            raise HTTPException(
                status_code=503,
                detail=f"{service} service is busy; try again shortly",
                headers={"Retry-After": "1"},
            ) from error
        except httpx.HTTPError as error:
            raise HTTPException(
                status_code=503, detail=f"{service} service unavailable: {type(error).__name__}"
            ) from error
        return JSONResponse(
            status_code=response.status_code,
            content=response.json() if response.content else None,
            headers={CORRELATION_ID_HEADER: correlation},
            # Problems keep their media type (application/problem+json) on the way out.
            media_type=response.headers.get("content-type", "application/json"),
        )

    async def ready(self, service: str) -> None:
        response = await self.client.get(f"{self.urls[service]}/health/ready")
        response.raise_for_status()


def _as_bytes(headers: dict[str, str]) -> list[tuple[bytes, bytes]]:
    return [(name.encode(), value.encode()) for name, value in headers.items()]


def _raw_header(request: Request, name: str) -> list[tuple[bytes, bytes]]:
    wanted = name.lower().encode()
    return [(wanted, value) for header, value in request.headers.raw if header == wanted][:1]


def upstreams_of(request: Request) -> Upstreams:
    upstreams: Upstreams = request.app.state.upstreams
    return upstreams
