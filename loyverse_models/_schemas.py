"""The JSON Schemas of the public models, and the command that writes them to ``schemas/``.

    python3 dev.py schemas          (or: python -m loyverse_models._schemas schemas/)

The schemas describe the wire format: money is a number, timestamps are date-time strings.
A test fails when a checked-in file drifts from the models.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import (
    catalogue_writes,
    categories,
    customer_writes,
    customers,
    discounts,
    employees,
    inventory,
    items,
    merchant,
    modifiers,
    oauth,
    payment_types,
    pos_devices,
    receipt_writes,
    receipts,
    shifts,
    stores,
    suppliers,
    taxes,
    variants,
    webhook_events,
    webhook_subscriptions,
)
from .webhooks import CustomersWebhook

_MODULES = (
    customers,
    customer_writes,
    receipts,
    receipt_writes,
    items,
    variants,
    categories,
    catalogue_writes,
    modifiers,
    discounts,
    taxes,
    inventory,
    stores,
    employees,
    payment_types,
    pos_devices,
    shifts,
    suppliers,
    merchant,
    oauth,
    webhook_events,
    webhook_subscriptions,
)

SCHEMA_MODELS: dict[str, type[BaseModel]] = {
    name: model
    for module in _MODULES
    for name in module.__all__
    if isinstance(model := getattr(module, name), type) and issubclass(model, BaseModel)
}
SCHEMA_MODELS["CustomersWebhook"] = CustomersWebhook


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of the public model called ``name`` (a key of ``SCHEMA_MODELS``)."""
    schema = SCHEMA_MODELS[name].model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def render(name: str) -> str:
    """The schema file's exact text."""
    return json.dumps(json_schema(name), indent=2, ensure_ascii=False) + "\n"


def write_all(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SCHEMA_MODELS:
        path = directory / f"{name}.json"
        path.write_text(render(name), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "schemas")):
        print(path)
