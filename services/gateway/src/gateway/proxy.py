"""The one route of the gateway: every public request passes here, in this order: rate limit
per client address, authentication, rate limit per subject, route lookup, policy check, and
only then the body is read (within the size limit) and forwarded."""

from dataclasses import dataclass

from fastapi import Request, Response

from diaspora_shared.runtime.actors import CORRELATION_ID_HEADER, Actor
from diaspora_shared.runtime.assertions import (
    ASSERTION_HEADER,
    AssertedIdentity,
    is_valid_correlation_id,
    new_correlation_id,
    sign_assertion,
)
from diaspora_shared.runtime.metrics_http import ROUTE_TEMPLATE_KEY
from diaspora_shared.runtime.tracing import trace_headers

from .auth import AuthenticationError
from .catalog import RouteCatalog
from .forwarding import FORWARDED_REQUEST_HEADERS, UpstreamClient
from .problems import GatewayProblem
from .rate_limit import TokenBuckets
from .route_table import RouteEntry
from .settings import GatewaySettings
from .verified_tokens import VerifiedTokens


@dataclass
class Gateway:
    settings: GatewaySettings
    client: UpstreamClient
    catalog: RouteCatalog
    per_client: TokenBuckets
    per_subject: TokenBuckets
    tokens: VerifiedTokens


def correlation_of(request: Request) -> str:
    """The caller's correlation id when well-formed, else a fresh one; kept for the answer."""
    existing: str | None = getattr(request.state, "correlation_id", None)
    if existing is not None:
        return existing
    offered = request.headers.get(CORRELATION_ID_HEADER)
    chosen = offered if offered is not None and is_valid_correlation_id(offered) else None
    request.state.correlation_id = chosen or new_correlation_id()
    return str(request.state.correlation_id)


async def proxy(request: Request) -> Response:
    gateway: Gateway = request.app.state.gateway
    correlation = correlation_of(request)
    _limit(gateway.per_client, request.client.host if request.client else "unknown")
    actor = await _authenticate(request, gateway.tokens)
    _limit(gateway.per_subject, actor.subject)
    entry = _route(gateway.catalog, request)
    request.scope[ROUTE_TEMPLATE_KEY] = entry.public_path  # metrics label, free of ids
    if not entry.policy.permits(actor.role, actor.org):
        raise GatewayProblem(403, "auth.forbidden", "not allowed for this role or organisation")
    body = await request.body()
    answer = await gateway.client.forward(
        entry.upstream,
        request.method,
        _upstream_target(request, gateway.settings, entry),
        _headers(request, gateway.settings, entry, actor, correlation),
        body,
    )
    return Response(
        answer.body, answer.status, {**answer.headers, CORRELATION_ID_HEADER: correlation}
    )


def _limit(buckets: TokenBuckets, key: str) -> None:
    wait = buckets.take(key)
    if wait:
        raise GatewayProblem(
            429, "request.rate_limited", "too many requests; slow down", {"Retry-After": str(wait)}
        )


async def _authenticate(request: Request, tokens: VerifiedTokens) -> Actor:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise GatewayProblem(
            401, "auth.missing_token", "missing bearer token", {"WWW-Authenticate": "Bearer"}
        )
    try:
        return await tokens.verify_off_loop(token.strip())
    except AuthenticationError as error:
        raise GatewayProblem(
            401,
            "auth.invalid_token",
            error.reason,
            {"WWW-Authenticate": 'Bearer error="invalid_token"'},
        ) from error


def _route(catalog: RouteCatalog, request: Request) -> RouteEntry:
    entry, allowed = catalog.table.match(request.method, _raw_path(request))
    if entry is not None:
        return entry
    if allowed:
        raise GatewayProblem(
            405,
            "request.method_not_allowed",
            "method not allowed here",
            {"Allow": ", ".join(sorted(allowed))},
        )
    if catalog.missing():
        raise GatewayProblem(
            503, "routes.unavailable", "routes are still loading; try again", {"Retry-After": "1"}
        )
    raise GatewayProblem(404, "route.not_found", "no such route")


def _raw_path(request: Request) -> str:
    raw = request.scope.get("raw_path")
    return raw.decode("latin-1") if raw else request.url.path


def _upstream_target(request: Request, settings: GatewaySettings, entry: RouteEntry) -> str:
    prefix = next(u.public_prefix for u in settings.upstreams if u.name == entry.upstream)
    target = _raw_path(request)[len(prefix) :]
    query = request.scope.get("query_string", b"")
    return f"{target}?{query.decode('latin-1')}" if query else target


def _headers(
    request: Request, settings: GatewaySettings, entry: RouteEntry, actor: Actor, correlation: str
) -> dict[str, str]:
    identity = AssertedIdentity(actor.subject, actor.role.value, actor.org, correlation)
    assertion = sign_assertion(
        settings.internal_assertion_secret.get_secret_value(), entry.upstream, identity
    )
    kept = {
        name: value for name in FORWARDED_REQUEST_HEADERS if (value := request.headers.get(name))
    }
    return {
        **kept,
        ASSERTION_HEADER: assertion,
        CORRELATION_ID_HEADER: correlation,
        **trace_headers(),  # the request's trace continues upstream
    }
