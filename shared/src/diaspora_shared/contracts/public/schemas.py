"""Frozen JSON Schemas of the public events, and the gate that keeps them compatible.

Every public event type's schema is released once into `shared/schemas/public/released/` and
never edited; `platform-schemas check` compares the current contracts with each of them, using
the same rules as the internal events (`contracts/compatibility.py`). A breaking change is a new
major version (`...v2`) on its own topic (`public.<domain>.v2`), published beside the old one
until the old one's deprecation period ends; its released schema then moves to `retired/`.
"""

from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import Any

from ..schema_files import incompatible_with_released, release_new, write_schemas
from .base import PublicEvent
from .catalogue import PUBLIC_EVENTS, PUBLIC_EVENTS_BY_TYPE

PUBLIC_SCHEMAS = Path("shared/schemas/public")
PUBLIC_RELEASED = PUBLIC_SCHEMAS / "released"


def public_schema_of(event: type[PublicEvent]) -> dict[str, Any]:
    schema = event.model_json_schema()
    schema["$id"] = event.event_type
    schema["x-topic"] = event.topic
    schema["x-key"] = event.key_field
    schema["examples"] = [event.example]
    return schema


def export_public_schemas(directory: Path) -> list[Path]:
    return write_schemas(directory, map(public_schema_of, PUBLIC_EVENTS))


def release_new_public_types(directory: Path) -> list[Path]:
    """Keep the schema of every public type released for the first time; never edit one."""
    return release_new(directory, map(public_schema_of, PUBLIC_EVENTS))


def public_incompatibilities(
    directory: Path,
    events_by_type: Mapping[str, type[PublicEvent]] = PUBLIC_EVENTS_BY_TYPE,
) -> list[str]:
    """Every breaking change of the public contracts against their released schemas."""
    current = {name: partial(public_schema_of, event) for name, event in events_by_type.items()}
    return incompatible_with_released(
        directory, current, "a released public event type is no longer published"
    )
