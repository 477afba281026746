"""Upstreams for gateway tests: real service apps or stand-ins, each served in this process on
its own loopback port, so the gateway reaches them through its real HTTP client."""

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.assertions import ASSERTION_HEADER
from gateway.app import create_app
from gateway.auth import mint_token
from gateway.settings import GatewaySettings, UpstreamService

from .assertions import TEST_ASSERTION_SECRET

SECRET = "s" * 64


def gateway_settings(*names: str, **overrides: Any) -> GatewaySettings:
    # Port 1 refuses at once: an upstream a test does not serve is simply down.
    upstreams = [UpstreamService(name=name, url="http://127.0.0.1:1") for name in names]
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
async def serving(app: FastAPI) -> AsyncIterator[str]:
    """``app`` served on a free loopback port for as long as the block runs; yields its URL."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    # log_config=None: the logging set up by the service code under test stays as it is.
    config = uvicorn.Config(app, log_config=None, access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[listener]))
    try:
        while not server.started:
            if task.done():
                task.result()  # raises why the server did not start
            await asyncio.sleep(0.005)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
        listener.close()


@asynccontextmanager
async def running_gateway(
    settings: GatewaySettings, upstreams: dict[str, FastAPI]
) -> AsyncIterator[tuple[httpx.AsyncClient, FastAPI]]:
    """The gateway with its lifespan running and its routes read from ``upstreams`` (keyed by
    upstream name), and a client to call it. An upstream named in ``settings`` but not given
    here keeps its URL, which answers nothing."""
    async with AsyncExitStack() as stack:
        urls = {
            name: await stack.enter_async_context(serving(app)) for name, app in upstreams.items()
        }
        served = [
            upstream.model_copy(update={"url": urls.get(upstream.name, upstream.url)})
            for upstream in settings.upstreams
        ]
        gateway = create_app(settings.model_copy(update={"upstreams": served}))
        async with gateway.router.lifespan_context(gateway):
            await gateway.state.gateway.catalog.refresh()
            transport = httpx.ASGITransport(app=gateway)
            async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
                yield client, gateway
