"""Each resource as the command line shows it, derived from its declaration in ``RESOURCES``.

A ``View`` names the options of a resource's filters (``--item-ids``, ``--created-min``), builds
its query from parsed arguments (with what to keep of each page: ``Selection``), and says how its
objects are written (``Shape``). Nothing here names a resource except customers, whose options
predate the others and keep their spelling, and receipts, whose csv has a row per line item, which
take ``--day``, and which can be created and refunded.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone, tzinfo
from typing import Any

from pydantic import ValidationError

from loyverse_models import RawModel, Receipt
from loyverse_models._query import ResourceQuery, holds_list

from .. import _resources
from .._client import LoyverseClient
from .._resource import Resource
from .._resources import RESOURCES
from .._writes import Writes
from ..receipts import BusinessDay
from ._errors import UsageError, describe_input_error
from ._export import every
from ._formats import CUSTOMER_SHAPE, Shape, shape_of
from ._receipts import RECEIPT_SHAPE
from ._webhooks import WEBHOOK_SHAPE

__all__ = ["CATALOGUE_WRITES", "VIEWS", "DayOption", "Selection", "View", "option_of"]


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
class Selection:
    """What a listing asks Loyverse for, and what it keeps of each page."""

    query: ResourceQuery
    keep: Callable[[list[RawModel]], list[RawModel]] = every
    every_page: bool = False
    """Whether a ``list`` follows every page even without ``--all`` (a whole ``--day``)."""


@dataclass(frozen=True)
class DayOption:
    """``--day YYYY-MM-DD [--tz ZONE]``: the receipts of one local day, by ``receipt_date``.

    The rule is the SDK's (``BusinessDay``, that of ``client.receipts.get_by_date``): ask for the
    receipts received from the day's first moment on, with no end (an offline sale arrives later),
    and keep those whose ``receipt_date`` is on the day, page by page.
    """

    field: str
    replaces: tuple[str, ...]
    """The options that bound the same walk, refused with ``--day`` (and ``--cursor``)."""

    def rule(self, day: date, zone: tzinfo | None) -> BusinessDay:
        """The day's bounds; a day that has none in that zone (year 9999 west of UTC) is exit 2."""
        try:
            return BusinessDay.of(datetime.combine(day, time(12), tzinfo=zone or timezone.utc))
        except ValueError as exc:
            raise UsageError(f"--day: {str(exc).splitlines()[-1].strip()}") from None


def _kept_on(day: BusinessDay) -> Callable[[list[RawModel]], list[RawModel]]:
    def keep(objects: list[RawModel]) -> list[RawModel]:
        return list(day.keep(o for o in objects if isinstance(o, Receipt)))

    return keep


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
    day: DayOption | None = None
    """``--day``, where the resource has a business day (receipts)."""
    writes: tuple[str, ...] = ()
    """The commands beyond list, get and export (customers: create, update, delete)."""

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

    def query(self, args: argparse.Namespace, **given: Any) -> ResourceQuery:
        """The resource's query from ``args`` (and ``given``, set by another option than their
        own: ``--day``'s ``created_at_min``); a refused value is a usage error naming its option,
        raised before any request."""
        values = {name: getattr(args, name) for name in self.filters()}
        if self.resource.paginated:
            values.update(limit=args.limit, cursor=getattr(args, "cursor", None))
        values = {name: value for name, value in values.items() if value is not None}
        options = {**self.options(), **dict.fromkeys(given, "--day")}
        try:
            query: ResourceQuery = self.resource.query(**values, **given)
        except ValidationError as exc:
            raise UsageError(describe_input_error(exc, options)) from None
        return query

    def select(self, args: argparse.Namespace) -> Selection:
        """The query of ``args`` and what to keep of each page: everything, or with ``--day``
        the receipts of that day (every page of them). ``--day`` with an option that bounds the
        same walk, or ``--tz`` without ``--day``, is a usage error."""
        day, zone = getattr(args, "day", None), getattr(args, "tz", None)
        if self.day is None or day is None:
            if zone is not None:
                raise UsageError("--tz is the time zone of --day: add --day YYYY-MM-DD")
            return Selection(self.query(args))
        options = self.options()
        clashing = [options[n] for n in (*self.day.replaces, "cursor") if getattr(args, n, None)]
        if clashing:
            raise UsageError(
                f"--day conflicts with {', '.join(clashing)}: --day asks for every "
                f"{self.shape.noun} received from the day's start on and keeps those whose "
                f"{self.day.field} is on that day; leave {' and '.join(clashing)} out"
            )
        rule = self.day.rule(day, zone)
        return Selection(
            self.query(args, created_at_min=rule.start), _kept_on(rule), every_page=True
        )


CATALOGUE_WRITES: dict[str, Writes[Any, Any, Any, Any]] = {
    writes.resource.name: writes
    for writes in vars(_resources).values()
    if isinstance(writes, Writes) and writes is not _resources.WEBHOOK_WRITES
}
"""The declared writes whose commands are generated (webhooks have their own)."""
_STOCK = ("set", "import")
"""``inventory set`` and ``inventory import``: stock levels are set, not created."""


def _view(resource: Resource[Any, Any, Any]) -> View:
    if resource.name == "receipts":
        # The created_at bounds, and the filters bounding it by a receipt (since_receipt_number).
        bounds = ("created_at_min", "created_at_max")
        bounds += tuple(name for name, wire in resource.query.filters().items() if wire.bound)
        return View(
            resource,
            RECEIPT_SHAPE,
            day=DayOption("receipt_date", bounds),
            writes=("create", "refund"),
        )
    if resource.name == "webhooks":
        return View(resource, WEBHOOK_SHAPE, writes=("create", "update", "delete"))
    if resource.name in CATALOGUE_WRITES:
        extra = ("image", "delete-image") if resource.name == "items" else ()
        return View(resource, shape_of(resource), writes=("create", "update", "delete", *extra))
    if resource.name == "inventory":
        return View(resource, shape_of(resource), writes=_STOCK)
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
        writes=("create", "update", "delete"),
    )


VIEWS: tuple[View, ...] = tuple(_view(resource) for resource in RESOURCES)
"""Every resource of ``RESOURCES``, in its order."""
