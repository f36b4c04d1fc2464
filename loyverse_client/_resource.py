"""``Resource``: what the SDK knows about one Loyverse collection, as data.

A declaration says where the collection lives, which models read it, how its objects are keyed and
which operations it has. The generic layer (``_readers``), the fake Loyverse and the command line
all read the same declarations, so a new resource is its models and a few lines in
``_resources``, not a new client class, fake handler or command set.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar
from urllib.parse import quote

from pydantic import ConfigDict, Field, StrictBool, TypeAdapter

from loyverse_models import RawModel
from loyverse_models._page import ResourcePage
from loyverse_models._query import ResourceQuery, WindowedQuery
from loyverse_models.oauth import Scope

from ._arguments import checked, checked_key, refuse
from ._core import Call, require
from ._walk import PageWalk
from ._windows import WindowPlan

__all__ = ["MAX_CONCURRENCY", "ModelT", "PageT", "QueryT", "Resource"]

_DEFERRED = ConfigDict(defer_build=True)
MAX_CONCURRENCY = 32
"""The most chains ``iterate(concurrency=...)`` walks at once. The rate limit (300 requests per
300 s) is reached long before: more only holds more pages in memory."""
_CONCURRENCY: TypeAdapter[int] = TypeAdapter(
    Annotated[int, Field(strict=True, ge=1, le=MAX_CONCURRENCY)], config=_DEFERRED
)
_ORDERED: TypeAdapter[bool] = TypeAdapter(StrictBool, config=_DEFERRED)

ModelT = TypeVar("ModelT", bound=RawModel)
PageT = TypeVar("PageT", bound=ResourcePage)
QueryT = TypeVar("QueryT", bound=ResourceQuery)


@dataclass(frozen=True, eq=False)
class Resource(Generic[ModelT, PageT, QueryT]):
    """One collection of the API, declared.

    >>> from loyverse_models import Customer, CustomerPage, CustomerQuery
    >>> Resource("customers", Customer, CustomerPage, CustomerQuery).object_path("a/b")
    'customers/a%2Fb'
    """

    path: str
    """The collection's path under the base URL, as documented (``items``, ``suppliers/``)."""
    model: type[ModelT]
    page: type[PageT]
    query: type[QueryT]
    key: tuple[str, ...] = ("id",)
    """The fields that identify an object (``("variant_id", "store_id")`` for stock levels)."""
    paginated: bool = True
    """Whether the list pages with ``limit`` and ``cursor`` (10 do; 6 answer everything at once)."""
    gettable: bool = True
    """Whether ``GET <path>/{key}`` exists."""
    created_field: str | None = "created_at"
    """The field that ``created_at_min``/``_max`` filter on and lists are sorted by (shifts:
    ``opened_at``); ``None`` where objects have no creation time (stock levels, POS devices)."""
    deleted_readable: bool = False
    """Whether ``GET`` by key still answers 200 (with ``deleted_at``) once an object is deleted."""
    soft_deleted: bool = True
    """Whether a deleted object stays listable under ``show_deleted`` (customers are removed)."""
    deletes_with_it: tuple[str, str] | None = None
    """``(resource, field)``: the objects of that resource whose ``field`` is this object's key
    are deleted along with it, and so are the copies this object holds inline under the
    resource's name (an item's variants)."""
    read_scope: Scope | None = None
    """The OAuth scope its ``GET`` requests need (a personal access token has every scope);
    ``None`` where none exists (webhooks)."""
    write_scope: Scope | None = None
    """The OAuth scope its ``POST`` and ``DELETE`` requests need; ``None`` where none exists
    (webhooks) or it cannot be written (stores, shifts, ...)."""

    @property
    def name(self) -> str:
        """The collection's name: ``client.<name>``, ``loyverse <name>``."""
        return self.path.rstrip("/")

    @property
    def noun(self) -> str:
        """What one object is called in messages: ``customer``, ``payment type``."""
        singular = self.model.__name__
        return "".join(" " + c.lower() if c.isupper() else c for c in singular).strip()

    @property
    def key_noun(self) -> str:
        """What the key is called in messages: ``an item id``, ``a variant id``, ``a receipt
        number``."""
        named = f"{self.noun} id" if self.key == ("id",) else self.key[0].replace("_", " ")
        return ("an " if named[0] in "aeiou" else "a ") + named

    def key_of(self, obj: Any) -> tuple[Any, ...]:
        """The key of a listed object."""
        return tuple(getattr(obj, field) for field in self.key)

    def checked_query(self, query: QueryT | None, parameter: str = "query") -> QueryT:
        """``query``, or the default one (everything, in the largest pages)."""
        if query is None:
            return self.query()
        return require(query, self.query, parameter, f"{self.query.__name__}()")

    def list_call(self, query: QueryT | None) -> Call:
        return Call("GET", self.path, params=self.checked_query(query).to_params())

    def walk(self, query: QueryT | None) -> PageWalk[PageT]:
        """A new walk through the pages matching ``query``, checked now, before any request."""
        checked = self.checked_query(query)
        return PageWalk(self.list_call(checked), checked, self.key_of, self.paginated)

    @property
    def windowed(self) -> bool:
        """Whether ``iterate(concurrency=N)`` can walk it in windows of creation time."""
        return self.paginated and issubclass(self.query, WindowedQuery)

    def plan(
        self, query: QueryT | None, concurrency: object, ordered: object
    ) -> WindowPlan[PageT] | None:
        """The windowed walk ``iterate(query, concurrency=..., ordered=...)`` asks for, checked
        now; ``None`` for ``concurrency=1``, which is a plain walk."""
        call = f"{self.name}.iterate"
        count = checked(_CONCURRENCY, "concurrency", concurrency, call)
        in_order = checked(_ORDERED, "ordered", ordered, call)
        if count == 1:
            return None  # the plain walk, which checks the query itself
        checked_query = self.checked_query(query)
        if getattr(checked_query, "cursor", None) is not None:
            error = ValueError(
                "a query with a cursor continues one walk where it stopped: it cannot be cut "
                "into windows; drop the cursor, or use concurrency=1"
            )
            raise refuse("query", query, error, call)
        if not self.windowed or self.created_field is None:  # a declaration's mistake
            raise TypeError(f"{self.name} is not filtered on creation time: no windows to walk")
        return WindowPlan(
            checked_query, self.path, self.key_of, self.created_field, count, ordered=in_order
        )

    def object_path(self, key: object, parameter: str = "id", method: str = "get") -> str:
        """``<path>/{key}``, the key checked and percent-encoded so it stays one path segment."""
        text = checked_key(key, parameter, self.key_noun, f"{self.name}.{method}")
        return f"{self.name}/{quote(text, safe='')}"

    def get_call(self, key: str, parameter: str = "id", method: str = "get") -> Call:
        return Call("GET", self.object_path(key, parameter, method))
