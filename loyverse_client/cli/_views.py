"""Each resource as the command line shows it, derived from its declaration in ``RESOURCES``.

A ``View`` names the options of a resource's filters (``--item-ids``, ``--created-min``), builds
its query from parsed arguments, and says how its objects are written (``Shape``). Nothing here
names a resource except customers, whose options predate the others and keep their spelling.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from loyverse_models import RawModel
from loyverse_models._query import ResourceQuery, holds_list

from .._client import LoyverseClient
from .._resource import Resource
from .._resources import RESOURCES
from ._errors import UsageError, describe_input_error
from ._formats import CUSTOMER_SHAPE, Shape, shape_of

__all__ = ["VIEWS", "View", "option_of"]


def option_of(name: str) -> str:
    """The option of a filter: ``item_ids`` is ``--item-ids``, ``created_at_min`` is
    ``--created-min``.

    >>> option_of("created_at_min"), option_of("show_deleted"), option_of("store_id")
    ('--created-min', '--show-deleted', '--store-id')
    """
    if name.endswith(("_min", "_max")):
        name = name.replace("_at_", "_")
    return "--" + name.replace("_", "-")


@dataclass(frozen=True)
class View:
    """One resource on the command line."""

    resource: Resource[Any, Any, Any]
    shape: Shape
    renamed: dict[str, str] = field(default_factory=dict)
    """Filters whose option is not ``option_of`` their name (customers' ``--ids``)."""
    helps: dict[str, str] = field(default_factory=dict)
    getter: str = "get"
    """The reader's method that ``get ID`` calls (customers: ``get_by_id``)."""

    @property
    def name(self) -> str:
        return self.resource.name

    @property
    def resumable(self) -> bool:
        """Whether an export can continue: the list pages, sorted by a creation time."""
        return self.resource.paginated and self.resource.created_field is not None

    def options(self) -> dict[str, str]:
        """Each filter (and ``limit``, ``cursor``) with the option that sets it."""
        names = {name: self.renamed.get(name, option_of(name)) for name in self.filters()}
        if self.resource.paginated:
            names.update(limit="--limit", cursor="--cursor")
        return names

    def fetch(self, client: LoyverseClient, key: str) -> RawModel:
        """The object with this key, read with the resource's reader of ``client``."""
        found: RawModel = getattr(getattr(client, self.name), self.getter)(key)
        return found

    def filters(self) -> list[str]:
        return list(self.resource.query.filters())

    def takes_list(self, name: str) -> bool:
        """Whether filter ``name`` is a list of ids (``--item-ids a,b``, ``--receipt-numbers``)."""
        return holds_list(self.resource.query.model_fields[name].annotation)

    def help_of(self, name: str) -> str:
        """What the option of filter ``name`` does, unless ``helps`` says it otherwise."""
        if name in self.helps:
            return self.helps[name]
        plural, matches = self.shape.name, self.resource.query.filters()[name].matches
        if name.endswith(("_min", "_max")):
            side = "after" if name.endswith("_min") else "before"
            bounded = name[:-4]
            if bounded == "created_at" and self.resource.created_field not in (None, bounded):
                bounded = str(self.resource.created_field)  # shifts: the opening time
            return f"{bounded.removesuffix('_at').replace('_', ' ')} at or {side} TIME"
        if name == "show_deleted":
            return f"include deleted {plural}"
        described = self.resource.query.model_fields[name].description
        if described:  # since_receipt_number: "From that receipt's created_at on."
            return f"only {plural} {described[0].lower()}{described[1:].rstrip('.')}"
        if self.takes_list(name):
            return f"only {plural} whose {matches} is one of these"
        return f"only {plural} whose {matches} is exactly this"

    def query(self, args: argparse.Namespace) -> ResourceQuery:
        """The resource's query from ``args``; a refused value is a usage error naming its
        option, raised before any request."""
        values = {name: getattr(args, name) for name in self.filters()}
        if self.resource.paginated:
            values.update(limit=args.limit, cursor=getattr(args, "cursor", None))
        values = {name: value for name, value in values.items() if value is not None}
        try:
            query: ResourceQuery = self.resource.query(**values)
        except ValidationError as exc:
            raise UsageError(describe_input_error(exc, self.options())) from None
        return query


def _view(resource: Resource[Any, Any, Any]) -> View:
    if resource.name != "customers":
        return View(resource, shape_of(resource))
    return View(
        resource,
        CUSTOMER_SHAPE,
        renamed={"customer_ids": "--ids"},
        helps={
            "customer_ids": "only these customer ids",
            "email": "only the customer with this exact email",
        },
        getter="get_by_id",
    )


VIEWS: tuple[View, ...] = tuple(_view(resource) for resource in RESOURCES)
"""Every resource of ``RESOURCES``, in its order."""
