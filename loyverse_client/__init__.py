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
from ._version import __version__
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
    "AsyncLoyverseClient",
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
    "LoyverseClient",
    "LoyverseError",
    "NotFoundError",
    "PaginationError",
    "PaymentRequiredError",
    "PermissionDeniedError",
    "RateLimit",
    "RateLimitError",
    "ResponseValidationError",
    "WebhookPayloadError",
    "WebhookSignatureError",
    "__version__",
]
