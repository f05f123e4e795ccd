"""Regenerate src/eventwire/schema/record.schema.json from the typed models."""

import json
from pathlib import Path

from eventwire.model import record_json_schema

TARGET = Path(__file__).resolve().parents[1] / "src/eventwire/schema/record.schema.json"

if __name__ == "__main__":
    TARGET.write_text(json.dumps(record_json_schema(), indent=2, sort_keys=True) + "\n")
    print(f"wrote {TARGET}")
