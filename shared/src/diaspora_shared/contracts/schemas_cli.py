"""`platform-schemas`: the JSON Schema of every integration event, for partners, and the gate
that keeps the contracts backward compatible with the schemas already released.

- `platform-schemas export [DIR]` writes the current schemas (default `shared/schemas`).
- `platform-schemas release [DIR]` writes the schema of each event type not yet released
  (default `shared/schemas/released`); a released schema is never rewritten.
- `platform-schemas check [DIR]` fails, naming each field, when a contract breaks a released
  schema.

Each command does the same for the public events partners read (`contracts/public/schemas.py`):
their schemas go to `DIR/public` on export, and `--public-directory` (default
`shared/schemas/public/released`) holds the released ones.
"""

import argparse
import sys
from functools import partial
from pathlib import Path
from typing import Any

from .events import ALL_EVENTS, EVENTS_BY_TYPE, IntegrationEvent
from .public.schemas import (
    PUBLIC_RELEASED,
    export_public_schemas,
    public_incompatibilities,
    release_new_public_types,
)
from .schema_files import incompatible_with_released, release_new, write_schemas

SCHEMAS = Path("shared/schemas")
RELEASED = SCHEMAS / "released"


def schema_of(event: type[IntegrationEvent]) -> dict[str, Any]:
    schema = event.model_json_schema()
    schema["$id"] = event.event_type
    schema["x-topic"] = event.topic
    schema["x-key"] = event.aggregate_field
    return schema


def export_schemas(directory: Path) -> list[Path]:
    return write_schemas(directory, map(schema_of, ALL_EVENTS))


def release_new_types(directory: Path) -> list[Path]:
    """Keep the schema of every event type released for the first time; never edit one."""
    return release_new(directory, map(schema_of, ALL_EVENTS))


def incompatibilities(released_directory: Path) -> list[str]:
    """Every breaking change of the current contracts against the released schemas."""
    current = {name: partial(schema_of, event) for name, event in EVENTS_BY_TYPE.items()}
    return incompatible_with_released(
        released_directory, current, "a released event type no longer exists"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="Event schemas: export, release, check.")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, default in (("export", SCHEMAS), ("release", RELEASED), ("check", RELEASED)):
        command = commands.add_parser(name)
        command.add_argument("directory", type=Path, nargs="?", default=default)
        command.add_argument("--public-directory", type=Path, default=PUBLIC_RELEASED)
    args = parser.parse_args()
    if args.command == "check":
        problems = incompatibilities(args.directory)
        problems += public_incompatibilities(args.public_directory)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print("A breaking change needs a new event type (vN).", file=sys.stderr)
            sys.exit(1)
        print("event contracts are compatible with the released schemas")
        return
    if args.command == "export":
        written = export_schemas(args.directory) + export_public_schemas(args.directory / "public")
    else:
        written = release_new_types(args.directory)
        written += release_new_public_types(args.public_directory)
    for path in written:
        print(path)


if __name__ == "__main__":
    main()
