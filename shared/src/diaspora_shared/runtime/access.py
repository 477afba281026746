"""Access policies declared next to each route, enforced by the service and published in its
OpenAPI document (``x-roles``, ``x-orgs``) so the gateway can enforce them too without code.

    @router.post("/calls", dependencies=[Depends(allow(Role.IOM_OFFICER))])
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Final, cast

from fastapi import Depends, FastAPI, HTTPException
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from ..contracts.vocabulary import Role
from .actors import Actor, current_actor

ROLES_EXTENSION: Final = "x-roles"
ORGS_EXTENSION: Final = "x-orgs"


@dataclass(frozen=True)
class AccessPolicy:
    roles: tuple[Role, ...]
    orgs: tuple[str, ...] | None = None

    def permits(self, role: Role, org: str | None) -> bool:
        if role not in self.roles:
            return False
        return self.orgs is None or org in self.orgs


class AccessRule:
    """A FastAPI dependency: the verified actor if the policy admits them, else 403."""

    def __init__(self, policy: AccessPolicy) -> None:
        self.policy = policy

    async def __call__(self, actor: Annotated[Actor, Depends(current_actor)]) -> Actor:
        if not self.policy.permits(actor.role, actor.org):
            raise HTTPException(status_code=403, detail="not allowed for this role or organisation")
        return actor


def allow(*roles: Role, orgs: Iterable[str] | None = None) -> AccessRule:
    """Only ``roles`` (and, when given, only actors speaking for one of ``orgs``)."""
    if not roles:
        raise ValueError("allow needs at least one role")
    chosen_orgs = None if orgs is None else tuple(dict.fromkeys(orgs))
    return AccessRule(AccessPolicy(tuple(dict.fromkeys(Role(r) for r in roles)), chosen_orgs))


def allow_any_role() -> AccessRule:
    """Every authenticated actor, whatever their role."""
    return allow(*Role)


def publish_access_policies(app: FastAPI) -> None:
    """Make ``app.openapi()`` carry each route's policy as ``x-roles`` / ``x-orgs``."""
    build = app.openapi

    def openapi_with_policies() -> dict[str, Any]:
        # FastAPI rebuilds its cached document when routes change; annotating is idempotent.
        schema = build()
        _annotate(schema, app)
        return schema

    app.openapi = openapi_with_policies  # type: ignore[method-assign]


def _annotate(schema: dict[str, Any], app: FastAPI) -> None:
    for route in api_routes(app):
        policy = policy_of(route.dependant)
        if policy is None or route.path_format not in schema["paths"]:
            continue
        for method in route.methods or ():
            operation = schema["paths"][route.path_format][method.lower()]
            operation[ROLES_EXTENSION] = [role.value for role in policy.roles]
            if policy.orgs is not None:
                operation[ORGS_EXTENSION] = list(policy.orgs)


def api_routes(app: FastAPI) -> Iterator[APIRoute]:
    """Every API route of ``app`` with its effective path and dependencies; FastAPI resolves
    included routers lazily, so ``app.routes`` alone does not list them."""
    for context in iter_route_contexts(app.routes):
        if isinstance(context.original_route, APIRoute):
            yield cast(APIRoute, context)


def policy_of(root: Dependant) -> AccessPolicy | None:
    for dependant in _walk(root):
        if isinstance(dependant.call, AccessRule):
            return dependant.call.policy
    return None


def _walk(dependant: Dependant) -> Iterator[Dependant]:
    yield dependant
    for child in dependant.dependencies:
        yield from _walk(child)
