"""``customers create``, ``update`` and ``delete``: the writes, each validated before it is sent.

Values go through ``CustomerCreate`` / ``CustomerUpdate``, so a value Loyverse would refuse (a
65-character name, a country that is not ISO 3166) is exit 2 without a request. A delete shows
the customer and asks first, unless ``--yes``. With ``--demo`` the writes go to a fresh fake and
are gone when the command ends.
"""

from __future__ import annotations

from typing import Any

from loyverse_models import WRITABLE_FIELDS, Customer, CustomerCreate, CustomerUpdate

from ._connect import Session
from ._errors import UsageError
from ._formats import CUSTOMER_SHAPE
from ._writing import delete_confirmed, print_written

__all__ = ["create_customer", "delete_customer", "field_option", "update_customer"]


def field_option(field: str) -> str:
    """The option that sets ``field``: ``phone_number`` is ``--phone-number``."""
    return "--" + field.replace("_", "-")


def _given_fields(session: Session) -> dict[str, Any]:
    """The writable fields the command line sets (``--clear`` ones to ``None``)."""
    args = session.args
    fields = {name: getattr(args, name) for name in WRITABLE_FIELDS if hasattr(args, name)}
    for name in getattr(args, "clear", None) or ():
        if name in fields:
            option = field_option(name)
            raise UsageError(f"{option} and --clear {option[2:]} contradict each other")
        fields[name] = None
    return fields


def create_customer(session: Session) -> None:
    """``customers create --name ...``: the new customer as Loyverse stored it."""
    customer = CustomerCreate(**_given_fields(session))
    print_written(session, lambda client: client.customers.create(customer), CUSTOMER_SHAPE)


def update_customer(session: Session) -> None:
    """``customers update ID --field value ...``: the customer after the change."""
    fields = _given_fields(session)
    if not fields:
        options = ", ".join(field_option(name) for name in WRITABLE_FIELDS)
        raise UsageError(f"nothing to change: give at least one of {options}, or --clear FIELD")
    changes = CustomerUpdate(**fields)
    customer_id = session.args.id
    print_written(
        session, lambda client: client.customers.update(customer_id, changes), CUSTOMER_SHAPE
    )


def delete_customer(session: Session) -> None:
    """``customers delete ID``: asks ``y/N`` on stdin (showing who) unless ``--yes``."""
    customer_id = session.args.id
    delete_confirmed(
        session,
        "customer",
        customer_id,
        lambda client: _who(client.customers.get_by_id(customer_id)),
        lambda client: client.customers.delete(customer_id),
    )


def _who(customer: Customer) -> str:
    return " ".join(
        part
        for part in (customer.name or "(no name)", f"<{customer.email}>" if customer.email else "")
        if part
    )
