"""``client.items``, ``client.stores``, ...: every declared resource, on both clients, once.

Each attribute is a descriptor that builds the resource's reader the first time it is read:
``Reader`` (or ``Writer``, ``Singleton``, or a resource's own class such as ``Items``) on a
``LoyverseClient``, its async twin on an
``AsyncLoyverseClient``. Its overloads give a type checker the exact type for each client, so the
list of resources is written once for both.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from ._readers import (
    AsyncReader,
    AsyncSingleton,
    AsyncWindowedReader,
    Reader,
    Singleton,
    WindowedReader,
    WindowedT,
)
from ._resource import ModelT, PageT, QueryT, Resource
from ._writes import CreateT, DeletedT, UpdateT

if TYPE_CHECKING:
    import loyverse_models as m

    from ._client import AsyncLoyverseClient, LoyverseClient
    from ._writers import AsyncWindowedWriter, AsyncWriter, WindowedWriter, Writer
    from .catalogue import AsyncInventory, AsyncItems, Inventory, Items
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
        if self.resource.windowed:
            reader: type = AsyncWindowedReader if _is_async(client) else WindowedReader
        else:
            reader = AsyncReader if _is_async(client) else Reader
        return reader(client, self.resource)


class _WindowedReadable(_Readable[ModelT, PageT, WindowedT]):
    """A collection filtered on creation time: ``iterate`` also takes ``concurrency``."""

    @overload
    def __get__(
        self, client: LoyverseClient, owner: type
    ) -> WindowedReader[ModelT, PageT, WindowedT]: ...
    @overload
    def __get__(
        self, client: AsyncLoyverseClient, owner: type
    ) -> AsyncWindowedReader[ModelT, PageT, WindowedT]: ...
    def __get__(self, client: Any, owner: type) -> Any:
        return self._get(client)


class _Writable(_Attribute, Generic[ModelT, PageT, QueryT, CreateT, UpdateT, DeletedT]):
    """A collection that is also written; ``declared`` names its ``Writes`` in ``_resources``."""

    def __init__(self, doc: str, declared: str) -> None:
        super().__init__(doc)
        self._declared = declared

    @overload
    def __get__(
        self, client: LoyverseClient, owner: type
    ) -> Writer[ModelT, PageT, QueryT, CreateT, UpdateT, DeletedT]: ...
    @overload
    def __get__(
        self, client: AsyncLoyverseClient, owner: type
    ) -> AsyncWriter[ModelT, PageT, QueryT, CreateT, UpdateT, DeletedT]: ...
    def __get__(self, client: Any, owner: type) -> Any:
        return self._get(client)

    def _build(self, client: Any) -> Any:
        from . import _resources
        from ._writers import AsyncWindowedWriter, AsyncWriter, WindowedWriter, Writer

        writes = getattr(_resources, self._declared)
        if writes.resource.windowed:
            return (AsyncWindowedWriter if _is_async(client) else WindowedWriter)(client, writes)
        return (AsyncWriter if _is_async(client) else Writer)(client, writes)


class _WindowedWritable(
    _Writable[ModelT, PageT, WindowedT, CreateT, UpdateT, DeletedT],
):
    """A written collection filtered on creation time: ``iterate`` also takes ``concurrency``."""

    @overload
    def __get__(
        self, client: LoyverseClient, owner: type
    ) -> WindowedWriter[ModelT, PageT, WindowedT, CreateT, UpdateT, DeletedT]: ...
    @overload
    def __get__(
        self, client: AsyncLoyverseClient, owner: type
    ) -> AsyncWindowedWriter[ModelT, PageT, WindowedT, CreateT, UpdateT, DeletedT]: ...
    def __get__(self, client: Any, owner: type) -> Any:
        return self._get(client)


_S = TypeVar("_S")
_A = TypeVar("_A")


class _Special(_Attribute, Generic[_S, _A]):
    """A resource with methods of its own: its classes live in ``loyverse_client.<module>``."""

    def __init__(self, module: str, sync: str, async_: str, doc: str) -> None:
        super().__init__(doc)
        self._module, self._classes = module, (sync, async_)

    @overload
    def __get__(self, client: LoyverseClient, owner: type) -> _S: ...
    @overload
    def __get__(self, client: AsyncLoyverseClient, owner: type) -> _A: ...
    def __get__(self, client: Any, owner: type) -> Any:
        return self._get(client)

    def _build(self, client: Any) -> Any:
        module = importlib.import_module(f"{__package__}.{self._module}")
        return getattr(module, self._classes[_is_async(client)])(client)


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

    items: _Special[Items, AsyncItems] = _Special(
        "catalogue",
        "Items",
        "AsyncItems",
        "Items, with their variants inline: read, written, and their images.",
    )
    variants: _WindowedWritable[
        m.Variant, m.VariantPage, m.VariantQuery, m.VariantCreate, m.VariantUpdate, m.DeletedObjects
    ] = _WindowedWritable("Variants, keyed by ``variant_id``.", "VARIANT_WRITES")
    categories: _Writable[
        m.Category,
        m.CategoryPage,
        m.CategoryQuery,
        m.CategoryCreate,
        m.CategoryUpdate,
        m.DeletedObjects,
    ] = _Writable("Categories (no date filters).", "CATEGORY_WRITES")
    modifiers: _WindowedWritable[
        m.Modifier,
        m.ModifierPage,
        m.ModifierQuery,
        m.ModifierCreate,
        m.ModifierUpdate,
        m.DeletedObjects,
    ] = _WindowedWritable("Modifiers and their options.", "MODIFIER_WRITES")
    discounts: _Writable[
        m.Discount,
        m.DiscountPage,
        m.DiscountQuery,
        m.DiscountCreate,
        m.DiscountUpdate,
        m.DeletedObjects,
    ] = _Writable("Discounts (one request answers all of them).", "DISCOUNT_WRITES")
    taxes: _Writable[m.Tax, m.TaxPage, m.TaxQuery, m.TaxCreate, m.TaxUpdate, m.DeletedObjects] = (
        _Writable("Taxes (one request answers all of them).", "TAX_WRITES")
    )
    inventory: _Special[Inventory, AsyncInventory] = _Special(
        "catalogue",
        "Inventory",
        "AsyncInventory",
        "Stock levels per variant and store: read (no ``get``), and set with ``update``.",
    )
    stores: _Readable[m.Store, m.StorePage, m.StoreQuery] = _Readable(
        "Stores (one request answers all of them)."
    )
    employees: _WindowedReadable[m.Employee, m.EmployeePage, m.EmployeeQuery] = _WindowedReadable(
        "Employees."
    )
    payment_types: _Readable[m.PaymentType, m.PaymentTypePage, m.PaymentTypeQuery] = _Readable(
        "Payment types (one request answers all of them)."
    )
    pos_devices: _Writable[
        m.PosDevice,
        m.PosDevicePage,
        m.PosDeviceQuery,
        m.PosDeviceCreate,
        m.PosDeviceUpdate,
        m.DeletedObjects,
    ] = _Writable("POS devices (one request answers all of them).", "POS_DEVICE_WRITES")
    shifts: _WindowedReadable[m.Shift, m.ShiftPage, m.ShiftQuery] = _WindowedReadable(
        "Shifts; their ``created_at`` filters bound the opening time."
    )
    suppliers: _Writable[
        m.Supplier,
        m.SupplierPage,
        m.SupplierQuery,
        m.SupplierCreate,
        m.SupplierUpdate,
        m.DeletedObjects,
    ] = _Writable("Suppliers (no date filters).", "SUPPLIER_WRITES")
    receipts: _Special[Receipts, AsyncReceipts] = _Special(
        "receipts",
        "Receipts",
        "AsyncReceipts",
        "Sales and refunds, keyed by ``receipt_number``; ``get_by_date``, ``create``, ``refund``.",
    )
    webhooks: _Writable[
        m.Webhook, m.WebhookPage, m.WebhookQuery, m.WebhookCreate, m.WebhookUpdate, m.DeletedObjects
    ] = _Writable(
        "The app's webhook subscriptions: ``list``, ``get``, ``create``, ``update``, ``delete``.",
        "WEBHOOK_WRITES",
    )
    merchant: _Merchant = _Merchant("The merchant's profile and currency: ``get()``.")
