"""`platform-schemas`: export the JSON Schema of every integration event for partners."""

import argparse
import json
from pathlib import Path

from .events import ALL_EVENTS


def export_schemas(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for event in ALL_EVENTS:
        schema = event.model_json_schema()
        schema["$id"] = event.event_type
        schema["x-topic"] = event.topic
        schema["x-key"] = event.aggregate_field
        path = directory / f"{event.event_type}.json"
        path.write_text(json.dumps(schema, indent=2, sort_keys=True) + "\n")
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description="Write the JSON Schema of every event.")
    parser.add_argument("directory", type=Path, nargs="?", default=Path("shared/schemas"))
    args = parser.parse_args()
    for path in export_schemas(args.directory):
        print(path)


if __name__ == "__main__":
    main()
