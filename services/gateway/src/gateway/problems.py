"""Error answers of the gateway, as RFC 9457 problem details."""

from collections.abc import Mapping
from typing import Final

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from diaspora_shared.runtime.actors import CORRELATION_ID_HEADER

PROBLEM_JSON: Final = "application/problem+json"
_TITLES: Final = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    413: "Content Too Large",
    422: "Unprocessable Content",
    429: "Too Many Requests",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


class GatewayProblem(Exception):
    """Raised anywhere in the gateway to answer with a problem."""

    def __init__(
        self, status: int, code: str, detail: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail, self.headers = status, code, detail, headers


def problem(
    status: int, code: str, detail: str, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    body = {
        "type": "about:blank",
        "title": _TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "code": code,
    }
    return JSONResponse(
        body, status_code=status, headers=dict(headers or {}), media_type=PROBLEM_JSON
    )


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(GatewayProblem, _from_gateway_problem)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _from_http_exception)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _from_validation)  # type: ignore[arg-type]


async def _from_gateway_problem(request: Request, error: GatewayProblem) -> JSONResponse:
    return problem(
        error.status, error.code, error.detail, _with_correlation(request, error.headers)
    )


async def _from_http_exception(request: Request, error: HTTPException) -> JSONResponse:
    detail = error.detail if isinstance(error.detail, str) else "request refused"
    code = "body_too_large" if error.status_code == 413 else f"http_{error.status_code}"
    return problem(error.status_code, code, detail, _with_correlation(request, error.headers))


def _with_correlation(request: Request, headers: Mapping[str, str] | None) -> dict[str, str]:
    correlation = getattr(request.state, "correlation_id", None)
    extra = {CORRELATION_ID_HEADER: correlation} if correlation else {}
    return {**(headers or {}), **extra}


async def _from_validation(_request: Request, _error: RequestValidationError) -> JSONResponse:
    return problem(422, "invalid_request", "the request does not match the expected shape")
