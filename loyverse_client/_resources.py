"""Every resource of the API, declared: the one list the clients, the fake and the CLI read.

Adding a resource is its models (in ``loyverse_models``) and one line here.
"""

from __future__ import annotations

from typing import Any

from loyverse_models import Customer, CustomerPage, CustomerQuery

from ._resource import Resource

__all__ = ["CUSTOMERS", "RESOURCES"]

CUSTOMERS = Resource("customers", Customer, CustomerPage, CustomerQuery, soft_deleted=False)

RESOURCES: tuple[Resource[Any, Any, Any], ...] = (CUSTOMERS,)
"""Every list resource, in the order the CLI and the README show them."""
