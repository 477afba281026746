"""The gateway's OpenAPI document: its own routes plus every public route of its upstreams,
each with the roles that may call it, its request and response models."""

import copy
from collections.abc import Mapping, Sequence
from typing import Any, Final

from diaspora_shared.runtime.access import ORGS_EXTENSION, ROLES_EXTENSION
from diaspora_shared.runtime.logging import get_logger

from .route_table import HTTP_METHODS
from .settings import UpstreamService

BEARER: Final = "bearer"
PROBLEM_SCHEMA: Final = "GatewayProblem"
_GATEWAY_STATUSES: Final = {
    "401": "No valid bearer token",
    "403": "The token's role or organisation may not call this route",
    "413": "Request body too large",
    "429": "Too many requests; see Retry-After",
    "502": "The service gave an unusable answer",
    "503": "The service is unavailable or busy",
    "504": "The service did not answer in time",
}


def merged_document(
    own: dict[str, Any],
    upstreams: Sequence[UpstreamService],
    documents: Mapping[str, Mapping[str, Any]],
) -> dict[str, Any]:
    merged = copy.deepcopy(own)
    components = merged.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    components["securitySchemes"] = {BEARER: {"type": "http", "scheme": "bearer"}}
    schemas[PROBLEM_SCHEMA] = _problem_schema()
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
    for status, description in _GATEWAY_STATUSES.items():
        responses.setdefault(status, _problem_response(description))
    return public


def _add_schemas(schemas: dict[str, Any], document: Mapping[str, Any]) -> None:
    for name, schema in document.get("components", {}).get("schemas", {}).items():
        if name in schemas and schemas[name] != schema:
            get_logger().warning("schema name used by two services; first kept", schema=name)
            continue
        schemas[name] = schema


def _problem_response(description: str) -> dict[str, Any]:
    reference = {"$ref": f"#/components/schemas/{PROBLEM_SCHEMA}"}
    return {
        "description": description,
        "content": {"application/problem+json": {"schema": reference}},
    }


def _problem_schema() -> dict[str, Any]:
    text = {"type": "string"}
    return {
        "type": "object",
        "title": PROBLEM_SCHEMA,
        "required": ["type", "title", "status", "detail", "code"],
        "properties": {
            "type": text,
            "title": text,
            "status": {"type": "integer"},
            "detail": text,
            "code": text,
        },
    }
