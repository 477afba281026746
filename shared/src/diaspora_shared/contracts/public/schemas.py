"""Frozen JSON Schemas of the public events, and the gate that keeps them compatible.

Every public event type's schema is released once into `shared/schemas/public/released/` and
never edited; `platform-schemas check` compares the current contracts with each of them, using
the same rules as the internal events (`contracts/compatibility.py`). A breaking change is a new
major version (`...v2`) on its own topic (`public.<domain>.v2`), published beside the old one
until the old one's deprecation period ends; its released schema then moves to `retired/`.
"""

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..compatibility import breaking_changes
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
    directory.mkdir(parents=True, exist_ok=True)
    return [_write(directory, event) for event in PUBLIC_EVENTS]


def release_new_public_types(directory: Path) -> list[Path]:
    """Keep the schema of every public type released for the first time; never edit one."""
    directory.mkdir(parents=True, exist_ok=True)
    new = [e for e in PUBLIC_EVENTS if not (directory / f"{e.event_type}.json").exists()]
    return [_write(directory, event) for event in new]


def public_incompatibilities(
    directory: Path,
    events_by_type: Mapping[str, type[PublicEvent]] = PUBLIC_EVENTS_BY_TYPE,
) -> list[str]:
    """Every breaking change of the public contracts against their released schemas."""
    problems: list[str] = []
    for path in sorted(directory.glob("*.json")):
        released = json.loads(path.read_text())
        event = events_by_type.get(released.get("$id", path.stem))
        if event is None:
            problems.append(f"{path.stem}: a released public event type is no longer published")
            continue
        problems.extend(breaking_changes(released, public_schema_of(event)))
    return problems


def _write(directory: Path, event: type[PublicEvent]) -> Path:
    path = directory / f"{event.event_type}.json"
    path.write_text(json.dumps(public_schema_of(event), indent=2, sort_keys=True) + "\n")
    return path
