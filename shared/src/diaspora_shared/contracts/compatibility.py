"""Backward compatibility of event contracts with their released JSON Schemas.

Once an event type is released, consumers in other services (and partners) read it with their
own copy of its contract, deployed on their own schedule. A change is compatible when a reader
built from the released schema still understands what the current producer writes, and a
reader built from the current contract still understands what was written before: fields may
be added when optional, never removed, retyped or made required, and enumerations may grow but
not shrink. Anything else needs a new event type (`...v2`) published beside the old one.
"""

from typing import Any

Schema = dict[str, Any]

# The keywords that decide what a value is; descriptions, titles and defaults may change freely.
SHAPE_KEYWORDS = ("type", "format", "items", "anyOf", "oneOf", "allOf", "const")


def breaking_changes(released: Schema, current: Schema) -> list[str]:
    """Every way `current` breaks readers or writers of `released`, one sentence each."""
    event_type = released.get("$id", "event")
    released_fields: dict[str, Any] = released.get("properties", {})
    current_fields: dict[str, Any] = current.get("properties", {})
    was_required = set(released.get("required", ()))
    now_required = set(current.get("required", ()))
    problems: list[str] = []
    for name in sorted(released_fields.keys() - current_fields.keys()):
        problems.append(f"{event_type}: field '{name}' was removed")
    for name in sorted(now_required - was_required):
        change = "became required" if name in released_fields else "is new and required"
        problems.append(f"{event_type}: field '{name}' {change}")
    for name in sorted(released_fields.keys() & current_fields.keys()):
        before = _resolved(released_fields[name], released.get("$defs", {}))
        after = _resolved(current_fields[name], current.get("$defs", {}))
        problems.extend(f"{event_type}: field '{name}' {p}" for p in _field_changes(before, after))
    return problems


def _field_changes(before: Any, after: Any) -> list[str]:
    if _shape(before) != _shape(after):
        return [f"changed type from {_describe(before)} to {_describe(after)}"]
    removed = _enum_values(before) - _enum_values(after)
    if removed:
        return [f"lost enum values {sorted(removed, key=str)}"]
    return []


def _resolved(node: Any, definitions: Schema) -> Any:
    """The node with every local `$ref` replaced by its definition."""
    if isinstance(node, list):
        return [_resolved(item, definitions) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        target = definitions[node["$ref"].rsplit("/", 1)[-1]]
        return _resolved({**target, **{k: v for k, v in node.items() if k != "$ref"}}, definitions)
    return {key: _resolved(value, definitions) for key, value in node.items()}


def _shape(node: Any) -> Any:
    """What a value must look like, without documentation or enumeration members."""
    if isinstance(node, list):
        return [_shape(item) for item in node]
    if not isinstance(node, dict):
        return node
    shape = {key: _shape(node[key]) for key in SHAPE_KEYWORDS if key in node}
    if "enum" in node:
        shape["enum"] = True
    return shape


def _enum_values(node: Any) -> set[Any]:
    if isinstance(node, list):
        return set().union(*(_enum_values(item) for item in node)) if node else set()
    if not isinstance(node, dict):
        return set()
    own = set(node.get("enum", ()))
    return own.union(*(_enum_values(node[key]) for key in SHAPE_KEYWORDS if key in node))


def _describe(node: Any) -> str:
    shape = _shape(node)
    if isinstance(shape, dict) and set(shape) <= {"type", "format"}:
        return "/".join(str(shape[key]) for key in ("type", "format") if key in shape)
    return str(shape)
