"""Schema files on disk: written, released once, and compared with the current contracts.

A schema's file is named after its `$id` (the event type). Internal and public events keep
their schemas in separate directories and share this code.
"""

import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from .compatibility import breaking_changes

Schema = dict[str, Any]


def write_schemas(directory: Path, schemas: Iterable[Schema]) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    return [_write(directory, schema) for schema in schemas]


def release_new(directory: Path, schemas: Iterable[Schema]) -> list[Path]:
    """Keep the schema of every type released for the first time; never edit one."""
    new = [s for s in schemas if not (directory / f"{s['$id']}.json").exists()]
    return write_schemas(directory, new)


def incompatible_with_released(
    directory: Path, current: Mapping[str, Callable[[], Schema]], gone: str
) -> list[str]:
    """Every breaking change of the `current` schemas (by type) against the released ones."""
    problems: list[str] = []
    for path in sorted(directory.glob("*.json")):
        released = json.loads(path.read_text())
        schema_of = current.get(released.get("$id", path.stem))
        if schema_of is None:
            problems.append(f"{path.stem}: {gone}")
            continue
        problems.extend(breaking_changes(released, schema_of()))
    return problems


def _write(directory: Path, schema: Schema) -> Path:
    path = directory / f"{schema['$id']}.json"
    path.write_text(json.dumps(schema, indent=2, sort_keys=True) + "\n")
    return path
