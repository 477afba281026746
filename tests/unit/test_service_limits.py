"""Every service, through shared code: a body size limit checked before parsing, and a public
readiness answer that tells nothing about internals."""

from collections.abc import AsyncIterator

import httpx
from fastapi import FastAPI

from diaspora_shared.runtime.health import health_router
from recruitment.entrypoints.app import create_app
from recruitment.settings import RecruitmentSettings


def service() -> FastAPI:
    # Never started: the limit answers before any route, database or broker is involved.
    return create_app(RecruitmentSettings(database_url="sqlite://", http_max_body_bytes=100))


async def post(app: FastAPI, content: bytes | AsyncIterator[bytes]) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://recruitment") as client:
        return await client.post("/recruitment/calls", content=content)


async def test_declared_body_over_the_limit_is_413() -> None:
    answer = await post(service(), b"{" + b" " * 200 + b"}")
    assert answer.status_code == 413
    assert answer.headers["content-type"] == "application/problem+json"


async def test_streamed_body_over_the_limit_is_413() -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(5):
            yield b" " * 50

    assert (await post(service(), chunks())).status_code == 413


async def test_body_within_the_limit_reaches_the_checks() -> None:
    # Within the limit the request goes on, and without an assertion it is refused.
    assert (await post(service(), b"{}")).status_code == 401


async def test_readiness_hides_which_check_failed_and_why() -> None:
    async def database_down() -> None:
        raise ConnectionError("postgresql://platform@10.0.0.7:5432 refused")

    async def fine() -> None:
        return None

    app = FastAPI()
    app.include_router(health_router({"database": database_down, "kafka": fine}))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://svc") as client:
        answer = await client.get("/health/ready")
    assert (answer.status_code, answer.json()) == (503, {"status": "not ready"})


async def test_an_unreachable_database_answers_503_with_retry_after_never_500() -> None:
    from fastapi import FastAPI
    from sqlalchemy.exc import OperationalError

    from diaspora_shared.runtime.errors import install_problem_handlers

    app = FastAPI()
    install_problem_handlers(app)

    @app.get("/needs-the-database")
    async def needs_the_database() -> None:
        raise OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
        answer = await client.get("/needs-the-database")
    assert answer.status_code == 503
    assert answer.headers["Retry-After"] == "1"
    assert answer.json()["code"] == "service.unavailable"
    assert "refused" not in answer.text
