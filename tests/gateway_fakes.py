"""In-process upstreams for gateway tests: real service apps or stand-ins, reached through an
httpx transport that routes by host name, so no port or process is needed."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.assertions import ASSERTION_HEADER
from gateway.app import create_app
from gateway.auth import mint_token
from gateway.settings import GatewaySettings, UpstreamService

from .assertions import TEST_ASSERTION_SECRET

SECRET = "s" * 64


class HostRouter(httpx.AsyncBaseTransport):
    """Sends each request to the ASGI app registered for its host."""

    def __init__(self, apps: dict[str, FastAPI]) -> None:
        self.transports = {host: httpx.ASGITransport(app=app) for host, app in apps.items()}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        transport = self.transports.get(request.url.host)
        if transport is None:
            raise httpx.ConnectError("no such host", request=request)
        return await transport.handle_async_request(request)


def gateway_settings(*names: str, **overrides: Any) -> GatewaySettings:
    upstreams = [UpstreamService(name=name, url=f"http://{name}.internal") for name in names]
    return GatewaySettings(
        jwt_secret=SECRET,
        internal_assertion_secret=TEST_ASSERTION_SECRET,
        upstreams=upstreams,
        **overrides,
    )


def bearer(
    settings: GatewaySettings, role: Role, subject: str | None = None, org: str | None = None
) -> dict[str, str]:
    token = mint_token(settings, subject or f"user-{role.value}", role, org=org)
    return {"Authorization": f"Bearer {token}"}


def echo_upstream(document: Any) -> FastAPI:
    """Serves ``document`` as its OpenAPI and answers every other request with what it got."""
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)

    @app.get("/openapi.json")
    async def openapi() -> Any:
        return document

    @app.get("/health/ready")
    async def ready() -> dict[str, str]:
        return {"status": "ready"}

    @app.api_route("/{path:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    async def echo(request: Request) -> JSONResponse:
        return JSONResponse(
            {
                "method": request.method,
                "path": request.scope["raw_path"].decode(),
                "query": request.scope["query_string"].decode(),
                "body": (await request.body()).decode(),
                "assertion": request.headers.get(ASSERTION_HEADER),
                "headers": dict(request.headers),
            }
        )

    return app


@asynccontextmanager
async def running_gateway(
    settings: GatewaySettings, upstreams: dict[str, FastAPI]
) -> AsyncIterator[tuple[httpx.AsyncClient, FastAPI]]:
    """The gateway with its lifespan running and its routes read from ``upstreams`` (keyed by
    upstream name), and a client to call it."""
    hosts = {f"{name}.internal": app for name, app in upstreams.items()}
    gateway = create_app(settings, transport=HostRouter(hosts))
    async with gateway.router.lifespan_context(gateway):
        await gateway.state.gateway.catalog.refresh()
        transport = httpx.ASGITransport(app=gateway)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
            yield client, gateway
