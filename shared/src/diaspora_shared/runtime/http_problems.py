"""RFC 9457 problem details: the one error format of every service and the gateway, and the
OpenAPI declarations that document it on every route."""

from collections.abc import Iterable
from typing import Any

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "urn:diaspora:problem:"
PROBLEM_SCHEMA_REF = "#/components/schemas/Problem"

# Statuses any route of the platform can answer: a body that cannot be parsed at all,
# authentication, authorisation, body size, validation, rate limits, and its database not
# answering (503, try again).
PLATFORM_STATUSES = (400, 401, 403, 413, 422, 429, 503)

TITLES = {
    400: "Bad request",
    401: "Not authenticated",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict with the current state",
    413: "Request too large",
    415: "Unsupported media type",
    422: "Invalid input",
    429: "Too many requests",
    500: "Internal error",
    502: "Bad answer from a service",
    503: "Service unavailable",
    504: "Service took too long",
}

DEFAULT_CODES = {
    400: "request.malformed",
    401: "auth.unauthenticated",
    403: "auth.forbidden",
    404: "resource.not_found",
    405: "request.method_not_allowed",
    409: "state.conflict",
    413: "request.too_large",
    415: "request.unsupported_media_type",
    422: "request.invalid",
    429: "request.rate_limited",
    500: "server.error",
    502: "upstream.bad_answer",
    503: "service.unavailable",
    504: "upstream.timeout",
}

EXAMPLE_DETAILS = {
    400: "the body is not valid JSON",
    401: "the bearer token is missing or invalid",
    403: "this role may not use this route",
    404: "no such application",
    409: "the offer is not open",
    413: "the request body is larger than the limit",
    422: "the request does not match the documented schema",
    429: "too many requests; try again after the time in Retry-After",
    503: "a service is unavailable; try again shortly",
}


class FieldError(BaseModel):
    location: str = Field(max_length=300, description="Where the error is, e.g. `body.contact`.")
    message: str = Field(max_length=300, description="What is wrong, without the value sent.")


class Problem(BaseModel):
    """An error answer (RFC 9457), served as `application/problem+json`."""

    type: str = Field(description="A URI naming the kind of problem; stable per `code`.")
    title: str = Field(description="A short summary of the kind of problem.")
    status: int = Field(ge=400, le=599, description="The HTTP status code.")
    detail: str = Field(description="What went wrong in this case.")
    code: str = Field(description="A stable machine-readable code, e.g. `offer.not_open`.")
    errors: list[FieldError] | None = Field(
        default=None, description="For invalid input: each error by location."
    )


def code_for(status: int) -> str:
    return DEFAULT_CODES.get(status, "client.error" if status < 500 else "server.error")


def problem(
    status: int, detail: str, *, code: str | None = None, errors: list[FieldError] | None = None
) -> Problem:
    code = code or code_for(status)
    return Problem(
        type=f"{PROBLEM_TYPE_BASE}{code}",
        title=TITLES.get(status, "Error"),
        status=status,
        detail=detail,
        code=code,
        errors=errors,
    )


def problem_response(
    status: int,
    detail: str,
    *,
    code: str | None = None,
    errors: list[FieldError] | None = None,
    extensions: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = problem(status, detail, code=code, errors=errors)
    return JSONResponse(
        status_code=status,
        content={**(extensions or {}), **body.model_dump(mode="json", exclude_none=True)},
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


def problem_openapi_response(status: int) -> dict[str, Any]:
    """The OpenAPI response object for one status: the Problem schema and an example."""
    example = problem(status, EXAMPLE_DETAILS.get(status, TITLES.get(status, "Error")))
    return {
        "description": TITLES.get(status, "Error"),
        "content": {
            PROBLEM_MEDIA_TYPE: {
                "schema": {"$ref": PROBLEM_SCHEMA_REF},
                "example": example.model_dump(mode="json", exclude_none=True),
            }
        },
    }


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route: the statuses it answers beyond the platform's own."""
    return {status: problem_openapi_response(status) for status in statuses}


def document_problems(app: FastAPI, statuses: Iterable[int] = PLATFORM_STATUSES) -> None:
    """Declare `statuses` as problem answers on every operation outside /health, whatever
    router added it and whenever (annotating the document again changes nothing)."""
    platform_statuses = tuple(statuses)
    build = app.openapi

    def openapi() -> dict[str, Any]:
        schema = build()
        _add_problem_schemas(schema)
        for path, operations in schema.get("paths", {}).items():
            if not path.startswith("/health"):
                for operation in operations.values():
                    _declare(operation, platform_statuses)
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def _declare(operation: dict[str, Any], statuses: tuple[int, ...]) -> None:
    responses = operation.setdefault("responses", {})
    for status in statuses:
        # FastAPI's own 422 describes its validation body; ours replaces it.
        if status == 422 or str(status) not in responses:
            responses[str(status)] = problem_openapi_response(status)


def _add_problem_schemas(schema: dict[str, Any]) -> None:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    definitions = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(definitions.pop("$defs", {}))
    components["Problem"] = definitions
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
