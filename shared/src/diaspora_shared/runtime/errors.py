"""Maps domain exceptions to HTTP answers that say what is wrong."""

from collections.abc import Mapping

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse


def install_domain_error_handlers(app: FastAPI, statuses: Mapping[type[Exception], int]) -> None:
    for error_class, status in statuses.items():
        app.add_exception_handler(error_class, _answer_with(status))


def _answer_with(status: int):  # type: ignore[no-untyped-def]
    async def handler(_request: Request, error: Exception) -> JSONResponse:
        return JSONResponse(status_code=status, content={"detail": str(error)})

    return handler
