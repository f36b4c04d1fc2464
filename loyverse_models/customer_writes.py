"""What a caller may write: ``CustomerCreate`` and ``CustomerUpdate``; and ``DeletedCustomers``.

Loyverse has one ``POST /customers`` that creates (no ``id``) or updates (with an ``id``), and
documents a limit for each writable field. Both models enforce those limits, reject read-only and
unknown fields by name, and are checked before any request exists, so nothing is half-sent.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, ConfigDict, Field, WithJsonSchema, model_validator

from ._countries import ISO_3166_ALPHA_2
from ._deleted import DeletedObjects
from ._strict import StrictModel
from ._wire import ExactMoney

__all__ = ["WRITABLE_FIELDS", "CustomerCreate", "CustomerUpdate", "DeletedCustomers"]

WRITABLE_FIELDS = (
    "name",
    "email",
    "phone_number",
    "address",
    "city",
    "region",
    "postal_code",
    "country_code",
    "customer_code",
    "note",
    "total_points",
)
"""The customer fields ``POST /customers`` accepts; every other field is read-only."""

_READ_ONLY = frozenset(
    {
        "first_visit",
        "last_visit",
        "total_visits",
        "total_spent",
        "created_at",
        "updated_at",
        "deleted_at",
        "permanent_deletion_at",
    }
)

# Deliberately loose: one @, something on each side, a dot in the domain, no spaces. Mail servers
# decide the rest; the point is to stop an obviously wrong value before it reaches Loyverse.
_EMAIL_SHAPE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


def _check_email(value: str) -> str:
    if not _EMAIL_SHAPE.fullmatch(value):
        raise ValueError(f"{value!r} is not shaped like an email address (name@example.com)")
    return value


def _check_country(value: str) -> str:
    if value not in ISO_3166_ALPHA_2:
        raise ValueError(
            f"{value!r} is not an ISO 3166-1 alpha-2 country code (two capital letters, e.g. 'US')"
        )
    return value


def _check_not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


# Loyverse's documented limits, once for both models.
_Name = Annotated[str, Field(min_length=1, max_length=64), AfterValidator(_check_not_blank)]
_Email = Annotated[str, Field(max_length=100), AfterValidator(_check_email)]
_Phone = Annotated[str, Field(max_length=15)]
_Address = Annotated[str, Field(max_length=192)]
_City = Annotated[str, Field(max_length=64)]
_Region = Annotated[str, Field(max_length=64)]
_PostalCode = Annotated[str, Field(max_length=20)]
_Country = Annotated[str, AfterValidator(_check_country)]
_CustomerCode = Annotated[str, Field(max_length=40, description="The loyalty card code.")]
_Note = Annotated[str, Field(max_length=255)]
# Loyverse documents no ceiling; past 15 digits a JSON number is no longer exact, and 1e400 is not
# a number at all once written. ExactMoney refuses a fraction with more digits than a JSON number
# carries (0.12345678901234567) rather than send a rounded one.
_Points = Annotated[
    ExactMoney,
    Field(ge=0, lt=Decimal("1e15")),
    WithJsonSchema({"type": "number", "minimum": 0, "exclusiveMaximum": 1e15}),
]


class _CustomerWrite(StrictModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    @model_validator(mode="before")
    @classmethod
    def _refuse_read_only_fields(cls, data: Any) -> Any:
        if isinstance(data, dict):
            if "id" in data:
                raise ValueError(
                    "id is not a field to write: create without one, or call "
                    "customers.update(customer_id, changes) to change an existing customer"
                )
            read_only = sorted(_READ_ONLY.intersection(data))
            if read_only:
                raise ValueError(
                    f"{', '.join(read_only)}: read-only in Loyverse, cannot be written"
                )
        return data

    def to_body(self) -> dict[str, Any]:
        """The JSON body: the fields that were given, explicit ``None`` included (it clears)."""
        return self.model_dump(mode="json", exclude_unset=True)


class CustomerCreate(_CustomerWrite):
    """A new customer. Only ``name`` is required; limits are Loyverse's documented ones.

    >>> CustomerCreate(name="Ann Lee", email="ann@example.com", country_code="FR").to_body()
    {'name': 'Ann Lee', 'email': 'ann@example.com', 'country_code': 'FR'}
    """

    name: _Name
    email: _Email | None = None
    phone_number: _Phone | None = None
    address: _Address | None = None
    city: _City | None = None
    region: _Region | None = None
    postal_code: _PostalCode | None = None
    country_code: _Country | None = None
    customer_code: _CustomerCode | None = None
    note: _Note | None = None
    total_points: _Points | None = None


class CustomerUpdate(_CustomerWrite):
    """Changes to an existing customer: give only what changes; ``None`` clears a field.

    A field left out keeps its current value; at least one field must be given.

    >>> CustomerUpdate(note=None, total_points=120).to_body()
    {'note': None, 'total_points': 120}
    """

    name: _Name | None = None
    email: _Email | None = None
    phone_number: _Phone | None = None
    address: _Address | None = None
    city: _City | None = None
    region: _Region | None = None
    postal_code: _PostalCode | None = None
    country_code: _Country | None = None
    customer_code: _CustomerCode | None = None
    note: _Note | None = None
    total_points: _Points | None = None

    @model_validator(mode="after")
    def _check_changes(self) -> CustomerUpdate:
        if not self.model_fields_set:
            raise ValueError(
                f"nothing to change: give at least one of {', '.join(WRITABLE_FIELDS)}"
            )
        if "name" in self.model_fields_set and self.name is None:
            raise ValueError("name cannot be cleared: Loyverse requires every customer to have one")
        return self


class DeletedCustomers(DeletedObjects):
    """The answer to ``DELETE /customers/{id}``: the ids that were deleted."""
