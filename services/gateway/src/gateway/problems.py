"""Error answers of the gateway, as RFC 9457 problem details."""

from collections.abc import Mapping

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from diaspora_shared.runtime.actors import CORRELATION_ID_HEADER
from diaspora_shared.runtime.http_problems import code_for, problem_response


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
    """The platform's one problem format, with the gateway's own codes."""
    return problem_response(status, detail, code=code, headers=dict(headers or {}))


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
    code = code_for(error.status_code)
    return problem(error.status_code, code, detail, _with_correlation(request, error.headers))


def _with_correlation(request: Request, headers: Mapping[str, str] | None) -> dict[str, str]:
    correlation = getattr(request.state, "correlation_id", None)
    extra = {CORRELATION_ID_HEADER: correlation} if correlation else {}
    return {**(headers or {}), **extra}


async def _from_validation(_request: Request, _error: RequestValidationError) -> JSONResponse:
    return problem(422, "request.invalid", "the request does not match the expected shape")
