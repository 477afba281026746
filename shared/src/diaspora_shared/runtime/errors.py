"""Every error a service or the gateway answers is a problem (RFC 9457): domain errors, HTTP
errors, invalid input and, as a last resort, anything unexpected (500, logged, no internals)."""

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy import exc as sql_errors
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .http_problems import PLATFORM_STATUSES, FieldError, document_problems, problem_response
from .logging import get_logger

# The service's own database did not answer: nothing is wrong with the request, try again.
STORE_OUTAGES: tuple[type[Exception], ...] = (
    sql_errors.OperationalError,
    sql_errors.InterfaceError,
    sql_errors.TimeoutError,
    ConnectionError,
    TimeoutError,
)
MAX_LISTED_ERRORS = 20
MAX_MESSAGE_LENGTH = 300
RESERVED = frozenset({"type", "title", "status", "detail", "code", "errors"})


def install_problem_handlers(
    app: FastAPI, documented_statuses: Sequence[int] = PLATFORM_STATUSES
) -> None:
    """Answer every error as a problem and declare `documented_statuses` in OpenAPI."""
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(DataError, _unstorable_value)
    for outage in STORE_OUTAGES:
        app.add_exception_handler(outage, _store_unavailable)
    app.add_middleware(LastResortProblems)
    document_problems(app, documented_statuses)


def install_domain_error_handlers(app: FastAPI, statuses: Mapping[type[Exception], int]) -> None:
    """Map each domain error class (and its subclasses) to a status; the error's `code`
    attribute, when it has one, is the problem's stable code."""
    for error_class, status in statuses.items():
        app.add_exception_handler(error_class, _domain_error(status))


def _domain_error(status: int):  # type: ignore[no-untyped-def]
    async def handler(_request: Request, error: Exception) -> JSONResponse:
        return problem_response(status, str(error), code=getattr(error, "code", None) or None)

    return handler


async def _http_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)
    detail, extensions = _detail_and_extensions(error.detail)
    return problem_response(
        error.status_code,
        detail or "the request was refused",
        extensions=extensions,
        headers=dict(error.headers) if error.headers else None,
    )


def _detail_and_extensions(detail: object) -> tuple[str, dict[str, Any]]:
    """A structured detail (the gateway's `{"error": ..., "reason": ...}`) keeps its members
    as problem extensions, with its reason as the problem's detail."""
    if isinstance(detail, Mapping):
        extensions = {str(key): value for key, value in detail.items() if key not in RESERVED}
        text = detail.get("reason") or detail.get("error") or ""
        return str(text), extensions
    return ("" if detail is None else str(detail)), {}


async def _invalid_request(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    found = list(error.errors())
    listed = [_field_error(item) for item in found[:MAX_LISTED_ERRORS]]
    more = len(found) - len(listed)
    detail = f"{len(found)} invalid value(s)" + (f", {more} not listed" if more > 0 else "")
    return problem_response(422, detail, errors=listed)


def _field_error(item: Mapping[str, Any]) -> FieldError:
    # Only where and what: the value sent is never repeated (it may be huge or personal).
    location = ".".join(str(part) for part in item.get("loc", ()))
    return FieldError(
        location=location[:MAX_MESSAGE_LENGTH],
        message=str(item.get("msg", "invalid value"))[:MAX_MESSAGE_LENGTH],
    )


async def _unstorable_value(_request: Request, error: Exception) -> JSONResponse:
    # The database refused a value the models let through (too long for a column, a character
    # it cannot store): the request is at fault. Its parameters are personal: never logged.
    get_logger().warning("value refused by the database", error_type=type(error).__name__)
    return problem_response(422, "a value cannot be stored", code="request.unstorable_value")


async def _store_unavailable(_request: Request, error: Exception) -> JSONResponse:
    get_logger().warning("database unavailable", error_type=type(error).__name__)
    return problem_response(
        503,
        "the service cannot reach its database; try again shortly",
        code="service.unavailable",
        headers={"Retry-After": "1"},
    )


class LastResortProblems:
    """Turns an unexpected exception into a 500 problem. The log names the exception type and
    route only: messages of database errors carry the statement's parameters."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as error:
            get_logger().error(
                "unexpected error",
                error_type=type(error).__name__,
                method=scope.get("method"),
                path=scope.get("path"),
            )
            if started:
                return
            response = problem_response(500, "an unexpected error occurred; it has been logged")
            await response(scope, receive, send)
