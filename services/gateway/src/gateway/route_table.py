"""The routes the gateway serves, learned from each upstream's OpenAPI document.

A route is public only if its operation declares who may call it (``x-roles``); an operation
without a policy stays unreachable from outside, so forgetting to declare one fails closed.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from diaspora_shared.contracts.vocabulary import Role
from diaspora_shared.runtime.access import ORGS_EXTENSION, ROLES_EXTENSION, AccessPolicy

HTTP_METHODS: Final = frozenset({"get", "put", "post", "delete", "patch", "head", "options"})
_KNOWN_ROLES: Final = frozenset(role.value for role in Role)


@dataclass(frozen=True)
class RouteEntry:
    method: str
    public_path: str
    upstream: str
    upstream_path: str
    policy: AccessPolicy

    @property
    def segments(self) -> tuple[str, ...]:
        return tuple(self.public_path.strip("/").split("/"))


def entries_from_openapi(
    upstream: str, public_prefix: str, document: Mapping[str, Any]
) -> list[RouteEntry]:
    """Every operation of ``document`` that declares a policy, under its public path."""
    entries = []
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            policy = _policy(operation) if method in HTTP_METHODS else None
            if policy is not None:
                entries.append(
                    RouteEntry(method.upper(), public_prefix + path, upstream, path, policy)
                )
    return entries


def operations_without_policy(document: Mapping[str, Any]) -> list[tuple[str, str]]:
    return [
        (method.upper(), path)
        for path, operations in document.get("paths", {}).items()
        for method, operation in operations.items()
        if method in HTTP_METHODS and _policy(operation) is None
    ]


def _policy(operation: Mapping[str, Any]) -> AccessPolicy | None:
    roles = operation.get(ROLES_EXTENSION)
    if not isinstance(roles, list) or not roles:
        return None
    known = tuple(Role(role) for role in roles if role in _KNOWN_ROLES)
    orgs = operation.get(ORGS_EXTENSION)
    return AccessPolicy(known, tuple(orgs) if isinstance(orgs, list) else None)


class RouteTable:
    def __init__(self, entries: Iterable[RouteEntry]) -> None:
        self.entries = sorted(entries, key=lambda e: (e.public_path, e.method))

    def match(self, method: str, raw_path: str) -> tuple[RouteEntry | None, dict[str, str]]:
        """The entry for ``method`` on ``raw_path`` (literal segments win over parameters),
        and the methods the path allows, so a wrong method can answer 405."""
        segments = tuple(raw_path.strip("/").split("/"))
        candidates = [e for e in self.entries if _fits(e.segments, segments)]
        allowed = {e.method: e.public_path for e in candidates}
        chosen = [e for e in candidates if e.method == method]
        if not chosen:
            return None, allowed
        return min(chosen, key=lambda e: _specificity(e.segments)), allowed


def _fits(template: tuple[str, ...], segments: tuple[str, ...]) -> bool:
    if len(template) != len(segments):
        return False
    return all(
        (_is_parameter(t) and s != "") or t == s for t, s in zip(template, segments, strict=True)
    )


def _is_parameter(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


def _specificity(template: tuple[str, ...]) -> tuple[int, ...]:
    return tuple(1 if _is_parameter(segment) else 0 for segment in template)
