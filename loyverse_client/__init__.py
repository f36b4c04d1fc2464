"""A typed client for the Loyverse API: sync and async, paginated, retried, paced.

    from loyverse_client import LoyverseClient

    with LoyverseClient() as client:              # token from LOYVERSE_ACCESS_TOKEN
        page = client.customers.list()            # CustomerPage, .raw is the JSON
        for customer in client.customers.iterate():
            ...

The models live in ``loyverse_models`` and are re-exported here for convenience; the exception
tree is documented in ``loyverse_client.errors``.
"""

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
from ._version import __version__
from ._walk import AsyncWalk, Walk
from .customers import AsyncCustomers, Customers
from .errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    InternalServerError,
    LoyverseError,
    NotFoundError,
    PaginationError,
    PaymentRequiredError,
    PermissionDeniedError,
    RateLimitError,
    ResponseValidationError,
    WebhookPayloadError,
    WebhookSignatureError,
)

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncCustomers",
    "AsyncLister",
    "AsyncLoyverseClient",
    "AsyncReader",
    "AsyncSingleton",
    "AsyncWalk",
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
    "Lister",
    "LoyverseClient",
    "LoyverseError",
    "NotFoundError",
    "PaginationError",
    "PaymentRequiredError",
    "PermissionDeniedError",
    "RateLimit",
    "RateLimitError",
    "Reader",
    "ResponseValidationError",
    "Singleton",
    "Walk",
    "WebhookPayloadError",
    "WebhookSignatureError",
    "__version__",
]
