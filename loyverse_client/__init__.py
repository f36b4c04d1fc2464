"""A typed client for the Loyverse API: sync and async, paginated, retried, paced.

    from loyverse_client import LoyverseClient

    with LoyverseClient() as client:              # token from LOYVERSE_ACCESS_TOKEN
        page = client.customers.list()            # CustomerPage, .raw is the JSON
        for customer in client.customers.iterate():
            ...

The models live in ``loyverse_models`` and are re-exported here for convenience; the exception
tree is documented in ``loyverse_client.errors``.

Each public name is imported on first use: the package's pytest plugin is loaded at the start of
every pytest run of every project that installs the SDK, and importing this package for it must
not load httpx, pydantic and the client.
"""

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from loyverse_models import (
        Customer,
        CustomerCreate,
        CustomerPage,
        CustomerQuery,
        CustomersWebhook,
        CustomerUpdate,
        DeletedCustomers,
    )

    from ._client import AsyncLoyverseClient, LoyverseClient
    from ._rate_limit import RateLimit
    from ._readers import AsyncLister, AsyncReader, AsyncSingleton, Lister, Reader, Singleton
    from ._walk import AsyncWalk, Walk
    from ._writers import AsyncWriter, Writer
    from .catalogue import AsyncInventory, AsyncItems, Inventory, Items
    from .customers import AsyncCustomers, Customers
    from .errors import (
        APIConnectionError,
        APIStatusError,
        APITimeoutError,
        AuthenticationError,
        BadRequestError,
        InternalServerError,
        InventoryUpdateError,
        LoyverseError,
        NotFoundError,
        OAuthStateError,
        PaginationError,
        PaymentRequiredError,
        PermissionDeniedError,
        RateLimitError,
        ResponseValidationError,
        SalesHistoryLimitError,
        WebhookPayloadError,
        WebhookSignatureError,
    )
    from .receipts import AsyncReceipts, Receipts

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncCustomers",
    "AsyncInventory",
    "AsyncItems",
    "AsyncLister",
    "AsyncLoyverseClient",
    "AsyncReader",
    "AsyncReceipts",
    "AsyncSingleton",
    "AsyncWalk",
    "AsyncWriter",
    "AuthenticationError",
    "BadRequestError",
    "Customer",
    "CustomerCreate",
    "CustomerPage",
    "CustomerQuery",
    "CustomerUpdate",
    "Customers",
    "CustomersWebhook",
    "DeletedCustomers",
    "InternalServerError",
    "Inventory",
    "InventoryUpdateError",
    "Items",
    "Lister",
    "LoyverseClient",
    "LoyverseError",
    "NotFoundError",
    "OAuthStateError",
    "PaginationError",
    "PaymentRequiredError",
    "PermissionDeniedError",
    "RateLimit",
    "RateLimitError",
    "Reader",
    "Receipts",
    "ResponseValidationError",
    "SalesHistoryLimitError",
    "Singleton",
    "Walk",
    "WebhookPayloadError",
    "WebhookSignatureError",
    "Writer",
    "__version__",
]

_MODELS = (
    "Customer",
    "CustomerCreate",
    "CustomerPage",
    "CustomerQuery",
    "CustomerUpdate",
    "CustomersWebhook",
    "DeletedCustomers",
)
_READERS = ("AsyncLister", "AsyncReader", "AsyncSingleton", "Lister", "Reader", "Singleton")
_HOMES = {
    **dict.fromkeys(_MODELS, "loyverse_models"),
    "AsyncLoyverseClient": f"{__name__}._client",
    "LoyverseClient": f"{__name__}._client",
    "RateLimit": f"{__name__}._rate_limit",
    **dict.fromkeys(_READERS, f"{__name__}._readers"),
    "AsyncWalk": f"{__name__}._walk",
    "AsyncWriter": f"{__name__}._writers",
    "Writer": f"{__name__}._writers",
    "Walk": f"{__name__}._walk",
    "AsyncCustomers": f"{__name__}.customers",
    "Customers": f"{__name__}.customers",
    "AsyncInventory": f"{__name__}.catalogue",
    "AsyncItems": f"{__name__}.catalogue",
    "Inventory": f"{__name__}.catalogue",
    "Items": f"{__name__}.catalogue",
    "AsyncReceipts": f"{__name__}.receipts",
    "Receipts": f"{__name__}.receipts",
    **{name: f"{__name__}.errors" for name in __all__ if name.endswith("Error")},  # the tree
}
_SUBMODULES = ("customers", "errors")  # attributes of the package since it imported them eagerly

if not TYPE_CHECKING:  # to a type checker, the imports above are all there is

    def __getattr__(name: str) -> Any:
        if name in _SUBMODULES:
            value = importlib.import_module(f"{__name__}.{name}")
        elif name in _HOMES:
            value = getattr(importlib.import_module(_HOMES[name]), name)
        else:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__, *_SUBMODULES})
