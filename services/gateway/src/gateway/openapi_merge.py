"""The gateway's OpenAPI document: its own routes plus every public route of its upstreams,
each with the roles that may call it, its request and response models."""

import copy
from collections.abc import Mapping, Sequence
from typing import Any, Final

from diaspora_shared.runtime.access import ORGS_EXTENSION, ROLES_EXTENSION
from diaspora_shared.runtime.http_problems import Problem, problem_openapi_response
from diaspora_shared.runtime.logging import get_logger

from .route_table import HTTP_METHODS
from .settings import UpstreamService

BEARER: Final = "bearer"
# What the gateway itself may answer on any route it forwards, besides the service's answers.
_GATEWAY_STATUSES: Final = (401, 403, 413, 429, 502, 503, 504)


def merged_document(
    own: dict[str, Any],
    upstreams: Sequence[UpstreamService],
    documents: Mapping[str, Mapping[str, Any]],
) -> dict[str, Any]:
    merged = copy.deepcopy(own)
    components = merged.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    components["securitySchemes"] = {BEARER: {"type": "http", "scheme": "bearer"}}
    _add_problem_schema(schemas)
    for upstream in upstreams:
        document = documents.get(upstream.name)
        if document is not None:
            _add_paths(merged["paths"], upstream.public_prefix, document)
            _add_schemas(schemas, document)
    return merged


def _add_paths(paths: dict[str, Any], prefix: str, document: Mapping[str, Any]) -> None:
    for path, operations in document.get("paths", {}).items():
        public = {
            method: _public_operation(operation)
            for method, operation in operations.items()
            if method in HTTP_METHODS and operation.get(ROLES_EXTENSION)
        }
        if public:
            paths.setdefault(prefix + path, {}).update(public)


def _public_operation(operation: Mapping[str, Any]) -> dict[str, Any]:
    public = copy.deepcopy(dict(operation))
    roles = ", ".join(f"`{role}`" for role in operation[ROLES_EXTENSION])
    orgs = operation.get(ORGS_EXTENSION)
    note = f"**Roles:** {roles}" + (f"; **organisations:** {', '.join(orgs)}" if orgs else "")
    public["description"] = "\n\n".join(filter(None, [public.get("description"), note]))
    public["security"] = [{BEARER: []}]
    responses = public.setdefault("responses", {})
    for status in _GATEWAY_STATUSES:
        responses.setdefault(str(status), problem_openapi_response(status))
    return public


def _add_schemas(schemas: dict[str, Any], document: Mapping[str, Any]) -> None:
    for name, schema in document.get("components", {}).get("schemas", {}).items():
        if name in schemas and schemas[name] != schema:
            get_logger().warning("schema name used by two services; first kept", schema=name)
            continue
        schemas[name] = schema


def _add_problem_schema(schemas: dict[str, Any]) -> None:
    """The same `Problem` schema the services publish, so every error answer has one shape."""
    definition = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(definition.pop("$defs", {}))
    schemas["Problem"] = definition
