"""What the tests of the catalogue's writes share: the resources written, a body that creates one
of each in the sample shop, and requests that must succeed."""

from __future__ import annotations

from typing import Any

import httpx

from loyverse_client._resources import RESOURCES
from loyverse_client.testing import FakeLoyverse
from tests.fake.helpers import JSON, AnyResource, each

# Per resource: a field an update changes, its new value, and a field the update leaves out.
CHANGES: dict[str, tuple[str, Any, str]] = {
    "items": ("item_name", "Big mug", "description"),
    "variants": ("sku", "LAT-4B", "barcode"),
    "categories": ("name", "Teas", "color"),
    "modifiers": ("name", "Syrups", "position"),
    "discounts": ("discount_percent", 20, "name"),
    "taxes": ("rate", 2.5, "type"),
    "suppliers": ("email", "orders@acme.example.com", "city"),
    "pos_devices": ("name", "Bar tablet 2", "store_id"),
}
WRITTEN: list[AnyResource] = [resource for resource in RESOURCES if resource.name in CHANGES]
"""The resources of the catalogue written by ``POST`` and ``DELETE``, in the declarations'
order."""
each_written = each(WRITTEN)


def ids(fake: FakeLoyverse, resource: str, name: str = "name") -> dict[str, str]:
    """The keys of a resource's live objects by their ``name`` field."""
    key = "variant_id" if resource == "variants" else "id"
    return {obj[name]: obj[key] for obj in fake.objects(resource)}


def item(fake: FakeLoyverse, name: str) -> JSON:
    """The live item called ``name``."""
    (found,) = [obj for obj in fake.objects("items") if obj["item_name"] == name]
    return found


def create_body(fake: FakeLoyverse, resource: AnyResource) -> JSON:
    """A body that creates an object of ``resource`` in the sample shop, with every field that
    ``CHANGES`` names."""
    store = ids(fake, "stores")["Harbour Café"]
    bodies: dict[str, JSON] = {
        "items": {"item_name": "Mug", "description": "Stoneware", "reference_id": "M-1"},
        "variants": {
            "item_id": item(fake, "Latte")["id"],
            "option1_value": "Extra large",
            "sku": "LAT-4",
            "barcode": "0123456789",
            "default_pricing_type": "FIXED",
            "default_price": 5,
        },
        "categories": {"name": "Tea", "color": "GREEN"},
        "modifiers": {
            "name": "Syrup",
            "position": 4,
            "modifier_options": [{"name": "Vanilla", "price": 0.5}],
        },
        "discounts": {"name": "Summer", "type": "FIXED_PERCENT", "discount_percent": 15},
        "taxes": {"name": "City tax", "type": "ADDED", "rate": 1.5},
        "suppliers": {"name": "Acme", "email": "sales@acme.example.com", "city": "Bath"},
        "pos_devices": {"name": "Bar tablet", "store_id": store},
    }
    return bodies[resource.name]


def ok(response: httpx.Response, status: int = 200) -> Any:
    """The JSON of a response that must have ``status`` (``None`` for an empty body)."""
    assert response.status_code == status, response.text
    return response.json() if response.content else None


def post(api: httpx.Client, resource: AnyResource, body: JSON) -> JSON:
    """``POST /<path>`` that must succeed: the object answered."""
    answered: JSON = ok(api.post(f"/{resource.path}", json=body))
    return answered


def restated(obj: JSON) -> JSON:
    """The fields an update of ``obj`` must carry besides its changes: its key, and for an item
    its variants (each by its ``variant_id``)."""
    if "variant_id" in obj:
        return {"variant_id": obj["variant_id"]}
    if "item_name" in obj:
        return {
            "id": obj["id"],
            "variants": [{"variant_id": v["variant_id"]} for v in obj["variants"]],
        }
    return {"id": obj["id"]}


def carries(obj: Any, given: Any) -> bool:
    """Whether ``obj`` holds everything ``given`` gives: a JSON object each of its fields (and
    maybe more), an array each of its entries in order, anything else the same value."""
    if isinstance(given, dict):
        return isinstance(obj, dict) and all(
            name in obj and carries(obj[name], value) for name, value in given.items()
        )
    if isinstance(given, list):
        return (
            isinstance(obj, list)
            and len(obj) == len(given)
            and all(carries(mine, theirs) for mine, theirs in zip(obj, given, strict=True))
        )
    return bool(obj == given)
