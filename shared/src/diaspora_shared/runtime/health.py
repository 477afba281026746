"""Liveness and readiness endpoints, the same in every service.

The answers say ready or not only: which dependency failed, and why, goes to the logs, since an
error message names hosts, ports and internal URLs."""

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from .logging import get_logger

ReadinessCheck = Callable[[], Awaitable[object]]
CHECK_TIMEOUT_SECONDS = 3.0


class Liveness(BaseModel):
    status: Literal["ok"]


class Readiness(BaseModel):
    status: Literal["ready", "not ready"]


NOT_READY: dict[int | str, dict[str, Any]] = {
    503: {"model": Readiness, "description": "A dependency does not answer"}
}


def health_router(checks: Mapping[str, ReadinessCheck]) -> APIRouter:
    router = APIRouter(prefix="/health", tags=["health"])

    @router.get("/live", summary="The process is up")
    async def live() -> Liveness:
        return Liveness(status="ok")

    @router.get(
        "/ready",
        summary="The process can serve: its dependencies answer",
        response_model=Readiness,
        responses=NOT_READY,
    )
    async def ready() -> JSONResponse:
        results = await asyncio.gather(*(_passes(name, check) for name, check in checks.items()))
        healthy = all(results)
        return JSONResponse(
            status_code=200 if healthy else 503,
            content={"status": "ready" if healthy else "not ready"},
        )

    return router


async def _passes(name: str, check: ReadinessCheck) -> bool:
    try:
        await asyncio.wait_for(check(), timeout=CHECK_TIMEOUT_SECONDS)
    except Exception as error:
        get_logger().warning(
            "readiness check failed", check=name, error_type=type(error).__name__, error=str(error)
        )
        return False
    return True
