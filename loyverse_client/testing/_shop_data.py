"""The catalogue of the sample shop, as tables: what ``_shop`` turns into Loyverse objects.

Names and amounts are fixed; ids, times within a day, stock levels and shift takings come from the
seed. Amounts are decimal strings, read as ``Decimal``; references between tables are by name.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "BUSINESS",
    "CATEGORIES",
    "DECIMAL_PLACES",
    "DISCOUNTS",
    "EMPLOYEES",
    "ITEMS",
    "MODIFIERS",
    "PAYMENT_TYPES",
    "POS_DEVICES",
    "STORES",
    "SUPPLIERS",
    "TAXES",
    "WEBHOOKS",
    "ItemSpec",
]

DECIMAL_PLACES = 2
"""Of the shop's currency: what every amount is rounded to."""
BUSINESS = {
    "business_name": "Harbour Café & Market",
    "email": "owner@harbour-cafe.example.com",
    "country": "US",
    "currency": {"code": "USD", "decimal_places": DECIMAL_PLACES},
}

# Every row of a table below starts with the object's name and ends with whether it is deleted.

# name, address, city, region, postal code, phone number, description, deleted
STORES = (
    ("Harbour Café", "12 Harbour Road", "Portland", "ME", "04101", "+12075550100", "Café", False),
    ("Market Hall", "200 Commercial St", "Portland", "ME", "04101", "+12075550101", "Shop", False),
)

# name, email, phone number, is the owner, stores (by index), deleted
EMPLOYEES = (
    ("Sam Rivera", "owner@harbour-cafe.example.com", "+12075550110", True, (0, 1), False),
    ("Alex Kim", "alex@harbour-cafe.example.com", None, False, (0,), False),
    ("Jo Patel", None, "+12075550112", False, (0, 1), False),
    ("Chris Lee", "chris@harbour-cafe.example.com", None, False, (1,), True),
)

# name, type, stores (by index), deleted
PAYMENT_TYPES = (
    ("Cash", "CASH", (0, 1), False),
    ("Card", "NONINTEGRATEDCARD", (0, 1), False),
    ("Check", "CHECK", (1,), False),
    ("Mobile wallet", "OTHER", (0, 1), False),
    ("Gift voucher", "OTHER", (0,), True),
)

# name, type, rate, deleted
TAXES = (
    ("Sales tax", "ADDED", "5.5", False),
    ("VAT", "INCLUDED", "10", False),
    ("City levy", "ADDED", "1", True),
)

# name, type, fixed percent or amount (None: variable or by points), restricted access, deleted
DISCOUNTS = (
    ("Loyalty points", "DISCOUNT_BY_POINTS", None, False, False),
    ("Staff 10%", "FIXED_PERCENT", "10", False, False),
    ("Coupon $2", "FIXED_AMOUNT", "2", False, False),
    ("Manager's call", "VARIABLE_PERCENT", None, True, False),
    ("Open amount", "VARIABLE_AMOUNT", None, True, False),
    ("Summer sale", "FIXED_PERCENT", "15", False, True),
)

# name, colour, deleted
CATEGORIES = (
    ("Coffee", "ORANGE", False),
    ("Bakery", "PINK", False),
    ("Produce", "GREEN", False),
    ("Merchandise", "BLUE", False),
    ("Seasonal", "RED", True),
)

# name, options (name, price), deleted
MODIFIERS = (
    ("Milk", (("Whole milk", "0"), ("Oat milk", "0.6"), ("Soy milk", "0.5")), False),
    ("Extra shot", (("Single", "0.9"), ("Double", "1.6")), False),
    ("Sweetener", (("Sugar", "0"), ("Honey", "0.3")), False),
    ("Syrup", (("Vanilla", "0.5"), ("Caramel", "0.5")), True),
)

# name, contact, email, phone number, website, address, country code, note, deleted
SUPPLIERS = (
    (
        "Roast Masters",
        "Dana Cole",
        "orders@roastmasters.example.com",
        "+12075550120",
        "https://roastmasters.example.com",
        "5 Mill Lane",
        "US",
        "Roasts on Mondays",
        False,
    ),
    ("Green Valley Farms", "Luis Ortega", None, "+12075550121", None, "RR 2", "US", None, False),
    ("Print Shop Co", None, "hello@printshop.example.com", None, None, None, "CA", None, False),
    ("Old Bakery Supply", "Pat Moss", None, None, None, None, "US", "Closed down", True),
)

# name, store (by index), activated, deleted
POS_DEVICES = (
    ("Front counter", 0, True, False),
    ("Patio tablet", 0, False, False),
    ("Checkout 1", 1, True, False),
    ("Old tablet", 1, False, True),
)

# url, event type, status, deleted (never: a deleted webhook is gone, not listed as deleted)
WEBHOOKS = (
    (
        "https://hooks.harbour-cafe.example.com/loyverse/receipts",
        "receipts.update",
        "ENABLED",
        False,
    ),
    (
        "https://hooks.harbour-cafe.example.com/loyverse/stock",
        "inventory_levels.update",
        "ENABLED",
        False,
    ),
    # Loyverse disabled it after its deliveries kept failing.
    ("https://crm.example.com/loyverse/customers", "customers.update", "DISABLED", False),
)


@dataclass(frozen=True)
class ItemSpec:
    """An item and its variants; variants are ``(option values, price)``, a ``None`` price being
    entered at the sale. Components are ``(sku, quantity)`` of other items' variants."""

    name: str
    code: str
    category: str
    cost: str
    variants: tuple[tuple[tuple[str, ...], str | None], ...]
    options: tuple[str, ...] = ()
    track_stock: bool = False
    sold_by_weight: bool = False
    taxes: tuple[str, ...] = ("Sales tax",)
    modifiers: tuple[str, ...] = ()
    supplier: str | None = None
    components: tuple[tuple[str, str], ...] = ()
    only_in_store: int | None = None
    color: str = "GREY"
    form: str = "SQUARE"
    deleted: bool = False


ITEMS = (
    ItemSpec(
        "Latte",
        "LAT",
        "Coffee",
        "0.8",
        ((("Small",), "3.5"), (("Medium",), "4"), (("Large",), "4.5")),
        options=("Size",),
        modifiers=("Milk", "Extra shot", "Sweetener"),
        color="ORANGE",
        form="CIRCLE",
    ),
    ItemSpec("Espresso", "ESP", "Coffee", "0.4", (((), "2.5"),), modifiers=("Extra shot",)),
    ItemSpec(
        "Croissant", "CRO", "Bakery", "0.9", (((), "3.25"),), track_stock=True, color="YELLOW"
    ),
    ItemSpec(
        "Bananas",
        "BAN",
        "Produce",
        "0.35",
        (((), "0.69"),),
        track_stock=True,
        sold_by_weight=True,
        taxes=(),
        supplier="Green Valley Farms",
        color="YELLOW",
    ),
    ItemSpec(
        "Coffee beans",
        "BEA",
        "Coffee",
        "6.2",
        ((("250 g",), "9.5"), (("1 kg",), "32")),
        options=("Weight",),
        track_stock=True,
        taxes=("VAT",),
        supplier="Roast Masters",
        form="OCTAGON",
    ),
    ItemSpec(
        "T-shirt",
        "TEE",
        "Merchandise",
        "7",
        ((("S", "Navy"), "18"), (("M", "Navy"), "18"), (("L", "Sand"), "19.5")),
        options=("Size", "Colour"),
        track_stock=True,
        supplier="Print Shop Co",
        color="BLUE",
    ),
    ItemSpec(
        "Breakfast combo",
        "CMB",
        "Bakery",
        "2.1",
        (((), "6.25"),),
        components=(("CRO-1", "1"), ("LAT-1", "1"), ("BAN-1", "0.25")),
        only_in_store=0,
        color="PURPLE",
        form="SUN",
    ),
    ItemSpec("Gift wrap", "GFT", "Merchandise", "0", (((), None),), taxes=()),
    ItemSpec(
        "Pumpkin spice latte", "PSL", "Coffee", "1.1", (((), "5.25"),), deleted=True, color="RED"
    ),
)
