"""How a resource is written, without I/O: the calls of create, update and delete, and when each
may be sent again.

Loyverse has one ``POST`` per collection that creates (no key in the body) or updates (with the
key), and a ``DELETE`` by key. The rules, written once for every writable resource:

- **create** has no idempotency key: sent again only when it surely never arrived (a refused
  connection, a 429); otherwise the error has ``outcome_unknown=True`` and says how to look for
  the object (``check``) before creating it again.
- **update** reads the object, then sends its complete writable record (the fields of the create
  model) with the changes applied: Loyverse does not say whether an update keeps the fields a body
  leaves out, so none is left out, and the same full record sent twice has the effect of once.
  Fields in ``required`` must still have a value afterwards (a customer's name), else the update
  is refused before the POST.
- **delete** is retried like a read; a 404 on a retry after an attempt that may have been carried
  out means that attempt deleted it: reported as deleted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar, get_args, get_origin

from pydantic import BaseModel, ValidationError

from loyverse_models import RawModel

from ._core import Call, Replay, require
from ._resource import ModelT, Resource
from .errors import NotFoundError

__all__ = ["Writes"]


class _Body(Protocol):
    def to_body(self) -> dict[str, Any]: ...


CreateT = TypeVar("CreateT", bound=_Body)
UpdateT = TypeVar("UpdateT", bound=_Body)
DeletedT = TypeVar("DeletedT", bound=RawModel)


@dataclass(frozen=True, eq=False)
class Writes(Generic[ModelT, CreateT, UpdateT, DeletedT]):
    """The writes of one resource, declared."""

    resource: Resource[ModelT, Any, Any]
    create: type[CreateT]
    update: type[UpdateT]
    deleted: type[DeletedT]
    example: str
    """A create model in code, for messages: ``CustomerCreate(name='Ann Lee')``."""
    check: str
    """How to find out whether a create whose answer was lost happened."""
    required: tuple[str, ...] = ()
    """Fields an update must leave with a value (Loyverse refuses it otherwise)."""

    def create_call(self, given: object, parameter: str) -> Call:
        new = require(given, self.create, parameter, self.example)
        return Call(
            "POST", self.resource.path, body=new.to_body(), replay=Replay.NOT_IF_RECEIVED,
            check=self.check,
        )  # fmt: skip

    def update_path(self, key: object, changes: object, parameter: str) -> str:
        """The object's path, checked with the changes before its current state is read."""
        example = f"{self.update.__name__}(...)"
        require(changes, self.update, "changes", example)
        return self.resource.object_path(key, parameter, "update")

    def update_call(self, current: ModelT, changes: UpdateT) -> Call:
        """POST the complete writable record: the current values, with the changes applied."""
        raw = current.raw
        body: dict[str, Any] = {field: raw[field] for field in self.resource.key}
        body.update(_writable(self.create, raw))
        body.update(changes.to_body())
        missing = [name for name in self.required if not body.get(name)]
        if missing:
            raise ValidationError.from_exception_data(
                type(changes).__name__,
                [
                    {
                        "type": "value_error",
                        "loc": (name,),
                        "input": body.get(name),
                        "ctx": {"error": ValueError(_required_message(self, name))},
                    }
                    for name in missing
                ],
            )
        return Call("POST", self.resource.path, body=body)

    def delete_call(self, key: object, parameter: str) -> Call:
        return Call("DELETE", self.resource.object_path(key, parameter, "delete"))

    def deleted_on_retry(self, key: str, error: NotFoundError) -> DeletedT:
        """A 404 met by a retried delete after an attempt that may have been carried out.

        That earlier attempt deleted the object and its answer was lost; it is gone, as asked. A
        404 after attempts that surely never arrived is a plain ``NotFoundError``.
        """
        if not error.outcome_unknown:
            raise error
        return self.deleted.model_validate({"deleted_object_ids": [key]})


def _writable(model: type[Any], raw: Mapping[str, Any]) -> dict[str, Any]:
    """The part of ``raw`` (an object as read) that ``model`` writes, nested objects included:
    an item's variants keep their ``variant_id`` and writable fields, not their timestamps."""
    written: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name not in raw:
            continue  # never invented: what the object did not have is not sent
        value = raw[name]
        nested = _nested_model(info.annotation)
        if nested is not None and isinstance(value, list):
            value = [_writable(nested, item) if isinstance(item, dict) else item for item in value]
        elif nested is not None and isinstance(value, dict):
            value = _writable(nested, value)
        written[name] = value
    return written


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    """The write model inside ``list[Model] | None`` (or ``Model | None``), if any."""
    for part in (annotation, *get_args(annotation)):
        if isinstance(part, type) and issubclass(part, BaseModel):
            return part
        if get_origin(part) is list:
            inner = _nested_model(get_args(part)[0])
            if inner is not None:
                return inner
    return None


def _required_message(writes: Writes[Any, Any, Any, Any], name: str) -> str:
    noun = writes.resource.noun
    return (
        f"this {noun} has no {name}; Loyverse requires one on update: include {name}=... in "
        "the changes"
    )
