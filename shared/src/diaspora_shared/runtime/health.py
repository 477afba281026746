"""Liveness and readiness endpoints, the same in every service.

The public answer says ready or not ready and nothing more: which check failed, and why, names
internal hosts and ports, so it goes to the logs only."""

import asyncio
from collections.abc import Awaitable, Callable, Mapping

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from .logging import get_logger

ReadinessCheck = Callable[[], Awaitable[object]]
CHECK_TIMEOUT_SECONDS = 3.0


def health_router(checks: Mapping[str, ReadinessCheck]) -> APIRouter:
    router = APIRouter(prefix="/health", tags=["health"])

    @router.get("/live", summary="The process is up")
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/ready", summary="The process can serve: its database and Kafka answer")
    async def ready() -> JSONResponse:
        results = {name: await _run(check) for name, check in checks.items()}
        failed = {name: result for name, result in results.items() if result != "ok"}
        if failed:
            get_logger().warning("not ready", failed_checks=failed)
        return JSONResponse(
            status_code=503 if failed else 200,
            content={"status": "not ready" if failed else "ready"},
        )

    return router


async def _run(check: ReadinessCheck) -> str:
    try:
        await asyncio.wait_for(check(), timeout=CHECK_TIMEOUT_SECONDS)
    except Exception as error:
        return f"failed: {type(error).__name__}: {error}"[:300]
    return "ok"
