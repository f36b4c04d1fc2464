"""Deterministic, realistic sample customers, as Loyverse would list them.

The same seed always gives the same customers (ids included), whatever the clock says. The mix
covers what clients get wrong: missing names and emails, non-ASCII names, integer and fractional
money, customers who never visited, and ``created_at`` ties broken only by id.
"""

from __future__ import annotations

import random
import unicodedata
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

from loyverse_models import format_timestamp

__all__ = ["sample_customers"]

_FIRST_NAMES = (
    "Amina", "Baraka", "Neema", "Juma", "Wanjiru", "Maria", "José", "Ana", "Lucía", "Mateo",
    "Olena", "Dmytro", "Siriporn", "Somchai", "Reyes", "Joy", "Liam", "Emma", "Noah", "Zoë",
    "João", "Inês", "Oliver", "Amelia", "Chloé", "Kwame",
)  # fmt: skip
_LAST_NAMES = (
    "Mwangi", "Otieno", "Mollel", "García", "Santos", "Dela Cruz", "Quispe", "Kovalenko",
    "Shevchenko", "Wongsakul", "Smith", "Johnson", "Brown", "Silva", "Ferreira", "Taylor",
    "Hernández", "Mensah", "Nguyen", "O'Brien",
)  # fmt: skip
# (city, region, postal code, country code, dialling code)
_PLACES = (
    ("Dar es Salaam", "Dar es Salaam", "11101", "TZ", "255"),
    ("Arusha", "Arusha", "23101", "TZ", "255"),
    ("Nairobi", "Nairobi County", "00100", "KE", "254"),
    ("Quezon City", "Metro Manila", "1100", "PH", "63"),
    ("Lima", "Lima", "15001", "PE", "51"),
    ("Kyiv", None, "01001", "UA", "380"),
    ("Bangkok", "Bangkok", "10200", "TH", "66"),
    ("Austin", "TX", "78701", "US", "1"),
    ("Lisbon", "Lisboa", "1100-148", "PT", "351"),
    ("Ciudad de México", "CDMX", "06000", "MX", "52"),
    ("London", None, "SW1A 1AA", "GB", "44"),
)
_STREETS = ("Main Street", "Market Road", "Avenida Central", "Station Lane", "Uhuru Street")
_DOMAINS = ("example.com", "example.org", "example.net")
_NOTES = (
    "Prefers oat milk",
    "Wholesale customer, invoice monthly",
    "Allergic to peanuts",
    "Birthday in May",
    "Call before delivery",
)
_EPOCH = datetime(2024, 3, 1, 8, 0, tzinfo=timezone.utc)
_SPREAD_SECONDS = 21 * 24 * 3600


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(char for char in folded.lower() if char.isalnum())


def _money(value: float) -> int | float:
    # Loyverse writes a whole amount as a JSON integer: 40, not 40.0.
    return int(value) if value == int(value) else value


def _sample(rng: random.Random, taken_emails: set[str]) -> dict[str, Any]:
    first, last = rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)
    city, region, postal_code, country_code, dialling = rng.choice(_PLACES)
    created_at = _EPOCH + timedelta(seconds=rng.randrange(_SPREAD_SECONDS))
    email = None
    if rng.random() < 0.8:
        email = f"{_ascii(first)}.{_ascii(last)}{rng.randrange(100)}@{rng.choice(_DOMAINS)}"
        while email in taken_emails:
            email = f"{_ascii(first)}.{_ascii(last)}{rng.randrange(10_000)}@{rng.choice(_DOMAINS)}"
        taken_emails.add(email)
    has_address = rng.random() < 0.5
    visits = 0 if rng.random() < 0.2 else rng.randint(1, 60)
    first_visit = last_visit = None
    spent: int | float = 0
    points: int | float = 0
    updated_at = created_at + timedelta(minutes=rng.randint(0, 90))
    if visits:
        first_visit = created_at + timedelta(minutes=rng.randint(1, 60))
        last_visit = first_visit + timedelta(days=rng.randint(0, 40), minutes=rng.randint(0, 600))
        updated_at = last_visit + timedelta(seconds=rng.randint(1, 300))
        if rng.random() < 0.3:
            spent = rng.randrange(5_000, 1_000_000, 500)  # a currency without minor units
        else:
            spent = _money(round(rng.uniform(1, 2_500), 2))
        points = _money(round(float(spent) * 0.02, 2))
    return {
        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "name": None if rng.random() < 0.07 else f"{first} {last}",
        "email": email,
        "phone_number": None if rng.random() < 0.3 else f"+{dialling}{rng.randrange(10**9):09d}",
        "address": f"{rng.randint(1, 250)} {rng.choice(_STREETS)}" if has_address else None,
        "city": city if has_address else None,
        "region": region if has_address else None,
        "postal_code": postal_code if has_address else None,
        "country_code": country_code if has_address or rng.random() < 0.3 else None,
        "note": rng.choice(_NOTES) if rng.random() < 0.2 else None,
        "customer_code": f"2400{rng.randrange(10**9):09d}" if rng.random() < 0.4 else None,
        "first_visit": None if first_visit is None else format_timestamp(first_visit),
        "last_visit": None if last_visit is None else format_timestamp(last_visit),
        "total_visits": visits,
        "total_spent": spent,
        "total_points": points,
        "permanent_deletion_at": None,
        "created_at": format_timestamp(created_at),
        "updated_at": format_timestamp(updated_at),
        "deleted_at": None,
    }


def sample_customers(count: int, seed: int | str = 0) -> list[dict[str, Any]]:
    """``count`` customers created over three weeks from 2024-03-01, the same for the same seed."""
    if count < 0:
        raise ValueError(f"count must be zero or more, got {count}")
    rng = random.Random(seed)
    taken_emails: set[str] = set()
    return [_sample(rng, taken_emails) for _ in range(count)]
