"""schemas/ holds the models' JSON Schemas; a file that drifts from its model fails here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from loyverse_models._schemas import SCHEMA_MODELS, json_schema, render

SCHEMAS = Path(__file__).parent.parent / "schemas"


@pytest.mark.parametrize("name", sorted(SCHEMA_MODELS))
def test_checked_in_schema_matches_the_model(name: str) -> None:
    path = SCHEMAS / f"{name}.json"
    assert path.read_text(encoding="utf-8") == render(name), (
        f"{path} is out of date: run `python3 dev.py schemas`"
    )


def test_no_stray_schema_files() -> None:
    assert {p.stem for p in SCHEMAS.glob("*.json")} == set(SCHEMA_MODELS)


def test_schemas_describe_the_wire_format() -> None:
    customer = json_schema("Customer")["properties"]
    # A null reads as the default (0), so the wire may carry either.
    assert customer["total_spent"]["anyOf"] == [{"type": "number"}, {"type": "null"}]
    assert customer["created_at"] == {
        "type": "string",
        "format": "date-time",
        "examples": ["2020-03-30T18:30:00.000Z"],
        "title": "Created At",
    }
    assert set(json_schema("Customer")["required"]) == {"id", "created_at", "updated_at"}
    query = json_schema("CustomerQuery")
    assert query["additionalProperties"] is False
    assert query["properties"]["limit"]["maximum"] == 250
    points = json_schema("CustomerCreate")["properties"]["total_points"]["anyOf"][0]
    assert points == {"type": "number", "minimum": 0, "exclusiveMaximum": 1e15}
    json.dumps(json_schema("CustomerPage"))  # plain JSON, nothing Python-specific
