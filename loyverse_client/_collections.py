"""``client.items``, ``client.stores``, ...: every declared resource, on both clients, once.

Each attribute is a descriptor that builds the resource's reader the first time it is read:
``Reader`` (or ``Lister``, ``Singleton``) on a ``LoyverseClient``, its async twin on an
``AsyncLoyverseClient``. Its overloads give a type checker the exact type for each client, so the
list of resources is written once for both.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from ._readers import AsyncLister, AsyncReader, AsyncSingleton, Lister, Reader, Singleton
from ._resource import ModelT, PageT, QueryT, Resource

if TYPE_CHECKING:
    import loyverse_models as m

    from ._client import AsyncLoyverseClient, LoyverseClient
    from ._writers import AsyncWriter, Writer
    from .receipts import AsyncReceipts, Receipts

__all__ = ["Collections"]


def _is_async(client: object) -> bool:
    from ._client import AsyncLoyverseClient

    return isinstance(client, AsyncLoyverseClient)


class _Attribute:
    """A resource of a client, built on first use: the resource's models are imported then."""

    _name = ""

    def __init__(self, doc: str) -> None:
        self.__doc__ = doc

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    @property
    def resource(self) -> Resource[Any, Any, Any]:
        from . import _resources  # on first use: it imports the models of every resource

        declared: Resource[Any, Any, Any] = getattr(_resources, self._name.upper())
        return declared

    def _build(self, client: Any) -> Any:
        raise NotImplementedError

    def _get(self, client: Any) -> Any:
        if client is None:  # read on the class (help(), pydoc, an IDE): the attribute itself
            return self
        reader = self._build(client)
        client.__dict__[self._name] = reader  # later reads find it directly
        return reader


class _Readable(_Attribute, Generic[ModelT, PageT, QueryT]):
    @overload
    def __get__(self, client: LoyverseClient, owner: type) -> Reader[ModelT, PageT, QueryT]: ...
    @overload
    def __get__(
        self, client: AsyncLoyverseClient, owner: type
    ) -> AsyncReader[ModelT, PageT, QueryT]: ...
    def __get__(self, client: Any, owner: type) -> Any:
        return self._get(client)

    def _build(self, client: Any) -> Any:
        return (AsyncReader if _is_async(client) else Reader)(client, self.resource)


class _Listable(_Attribute, Generic[ModelT, PageT, QueryT]):
    @overload
    def __get__(self, client: LoyverseClient, owner: type) -> Lister[ModelT, PageT, QueryT]: ...
    @overload
    def __get__(
        self, client: AsyncLoyverseClient, owner: type
    ) -> AsyncLister[ModelT, PageT, QueryT]: ...
    def __get__(self, client: Any, owner: type) -> Any:
        return self._get(client)

    def _build(self, client: Any) -> Any:
        return (AsyncLister if _is_async(client) else Lister)(client, self.resource)


_S = TypeVar("_S")
_A = TypeVar("_A")


class _Special(_Attribute, Generic[_S, _A]):
    """A resource with methods of its own: its classes live in ``loyverse_client.<module>``."""

    def __init__(
        self, module: str, sync: str, async_: str, doc: str, declared: str | None = None
    ) -> None:
        super().__init__(doc)
        self._module, self._classes, self._declared = module, (sync, async_), declared

    @overload
    def __get__(self, client: LoyverseClient, owner: type) -> _S: ...
    @overload
    def __get__(self, client: AsyncLoyverseClient, owner: type) -> _A: ...
    def __get__(self, client: Any, owner: type) -> Any:
        return self._get(client)

    def _build(self, client: Any) -> Any:
        module = importlib.import_module(f"{__package__}.{self._module}")
        cls = getattr(module, self._classes[_is_async(client)])
        if self._declared is None:
            return cls(client)
        from . import _resources

        return cls(client, getattr(_resources, self._declared))


class _Merchant(_Attribute):
    @overload
    def __get__(self, client: LoyverseClient, owner: type) -> Singleton[m.Merchant]: ...
    @overload
    def __get__(self, client: AsyncLoyverseClient, owner: type) -> AsyncSingleton[m.Merchant]: ...
    def __get__(self, client: Any, owner: type) -> Any:
        return self._get(client)

    def _build(self, client: Any) -> Any:
        from loyverse_models import Merchant

        from ._resources import MERCHANT_PATH

        single = AsyncSingleton if _is_async(client) else Singleton
        return single(client, MERCHANT_PATH, Merchant)


class Collections:
    """The resources of a client; a base of ``LoyverseClient`` and ``AsyncLoyverseClient``."""

    items: _Readable[m.Item, m.ItemPage, m.ItemQuery] = _Readable(
        "Items, with their variants inline: ``list``, ``iter_pages``, ``iterate``, ``get``."
    )
    variants: _Readable[m.Variant, m.VariantPage, m.VariantQuery] = _Readable(
        "Variants, keyed by ``variant_id``."
    )
    categories: _Readable[m.Category, m.CategoryPage, m.CategoryQuery] = _Readable(
        "Categories (no date filters)."
    )
    modifiers: _Readable[m.Modifier, m.ModifierPage, m.ModifierQuery] = _Readable(
        "Modifiers and their options."
    )
    discounts: _Readable[m.Discount, m.DiscountPage, m.DiscountQuery] = _Readable(
        "Discounts (one request answers all of them)."
    )
    taxes: _Readable[m.Tax, m.TaxPage, m.TaxQuery] = _Readable(
        "Taxes (one request answers all of them)."
    )
    inventory: _Listable[m.InventoryLevel, m.InventoryPage, m.InventoryQuery] = _Listable(
        "Stock levels per variant and store: ``list``, ``iter_pages``, ``iterate`` (no ``get``)."
    )
    stores: _Readable[m.Store, m.StorePage, m.StoreQuery] = _Readable(
        "Stores (one request answers all of them)."
    )
    employees: _Readable[m.Employee, m.EmployeePage, m.EmployeeQuery] = _Readable("Employees.")
    payment_types: _Readable[m.PaymentType, m.PaymentTypePage, m.PaymentTypeQuery] = _Readable(
        "Payment types (one request answers all of them)."
    )
    pos_devices: _Readable[m.PosDevice, m.PosDevicePage, m.PosDeviceQuery] = _Readable(
        "POS devices (one request answers all of them)."
    )
    shifts: _Readable[m.Shift, m.ShiftPage, m.ShiftQuery] = _Readable(
        "Shifts; their ``created_at`` filters bound the opening time."
    )
    suppliers: _Readable[m.Supplier, m.SupplierPage, m.SupplierQuery] = _Readable(
        "Suppliers (no date filters)."
    )
    receipts: _Special[Receipts, AsyncReceipts] = _Special(
        "receipts",
        "Receipts",
        "AsyncReceipts",
        "Sales and refunds, keyed by ``receipt_number``; ``get_by_date``, ``create``, ``refund``.",
    )
    webhooks: _Special[
        Writer[
            m.Webhook,
            m.WebhookPage,
            m.WebhookQuery,
            m.WebhookCreate,
            m.WebhookUpdate,
            m.DeletedObjects,
        ],
        AsyncWriter[
            m.Webhook,
            m.WebhookPage,
            m.WebhookQuery,
            m.WebhookCreate,
            m.WebhookUpdate,
            m.DeletedObjects,
        ],
    ] = _Special(
        "_writers",
        "Writer",
        "AsyncWriter",
        "The app's webhook subscriptions: ``list``, ``get``, ``create``, ``update``, ``delete``.",
        declared="WEBHOOK_WRITES",
    )
    merchant: _Merchant = _Merchant("The merchant's profile and currency: ``get()``.")
