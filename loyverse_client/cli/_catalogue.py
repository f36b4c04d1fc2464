"""``<resource> create|update|delete`` for every catalogue resource whose writes are declared
(``*_WRITES`` in ``_resources``), and ``items image``/``delete-image``.

The options are generated from the create and update models: one per simple field (text, a
number, a flag, one of an enum's values, ids as ``a,b``); nested fields (an item's variants, a
modifier's options) are given with ``--json``. A new writable resource needs no change here.
"""

from __future__ import annotations

import argparse
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from functools import partial
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from loyverse_client import LoyverseClient
from loyverse_client.errors import LoyverseError
from loyverse_models import RawModel

from .._writes import Writes
from ._connect import Session
from ._errors import CommandError, UsageError, describe_api_error
from ._formats import FORMATS
from ._receipts import Form, write_body
from ._views import CATALOGUE_WRITES, View
from ._writing import delete_confirmed, print_written

__all__ = ["CATALOGUE_WRITES", "IMAGE_TYPES", "add_catalogue_writes", "field_options"]

IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}


@dataclass(frozen=True)
class FieldOption:
    """The option of one simple field of a write model."""

    field: str
    kind: str
    """``text``, ``number``, ``integer``, ``flag``, ``choice`` or ``ids``."""
    choices: tuple[str, ...] = ()
    help: str | None = None

    @property
    def option(self) -> str:
        return "--" + self.field.replace("_", "-")

    @property
    def dest(self) -> str:
        return f"field_{self.field}"


def _bare(annotation: Any) -> Any:
    """The type under ``Annotated`` and ``| None``; ``None`` for a union of several types."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            kept = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(kept) != 1:
                return None
            annotation = kept[0]
        else:
            return annotation


def _kind(annotation: Any) -> tuple[str, tuple[str, ...]] | None:
    bare = _bare(annotation)
    simple = {bool: "flag", str: "text", Decimal: "number", int: "integer"}
    if bare in simple:
        return simple[bare], ()
    if isinstance(bare, type) and issubclass(bare, Enum):
        return "choice", tuple(str(member.value) for member in bare)
    if get_origin(bare) is list and _bare(get_args(bare)[0]) is str:
        return "ids", ()
    return None  # nested records: only through --json


def field_options(model: type[BaseModel]) -> list[FieldOption]:
    """The options of ``model``'s simple fields, in its order."""
    found = []
    for name, info in model.model_fields.items():
        kind = _kind(info.annotation)
        if kind is not None:
            found.append(FieldOption(name, kind[0], kind[1], info.description))
    return found


def _nested(model: type[BaseModel]) -> list[str]:
    simple = {option.field for option in field_options(model)}
    return [name for name in model.model_fields if name not in simple]


_METAVARS = {"text": "TEXT", "number": "NUMBER", "integer": "N", "ids": "ID,ID", "choice": "VALUE"}


def _add_field_options(parser: argparse.ArgumentParser, model: type[BaseModel]) -> None:
    nested = _nested(model)
    title = "fields (checked before sending; not with --json)"
    if nested:
        title += f"; {', '.join(nested)} only through --json"
    group = parser.add_argument_group(title)
    for spec in field_options(model):
        said = [spec.help.rstrip(".")] if spec.help else []
        if spec.choices:
            said.append(", ".join(spec.choices))
        settings: dict[str, Any] = {
            "dest": spec.dest,
            "default": argparse.SUPPRESS,
            "help": "; ".join(said).replace("%", "%%") or None,
        }
        if spec.kind == "flag":
            group.add_argument(spec.option, action=argparse.BooleanOptionalAction, **settings)
            continue
        if spec.kind == "choice":
            settings["choices"] = spec.choices
        if spec.kind == "integer":
            settings["type"] = int
        if spec.kind == "ids":
            settings["type"] = _ids
        group.add_argument(spec.option, metavar=_METAVARS[spec.kind], **settings)
    parser.add_argument(
        "--json",
        metavar="FILE",
        help=f"the whole {model.__name__} as JSON (- is stdin), checked before sending",
    )
    parser.add_argument("--format", choices=FORMATS, default="json", help="default: json")


def _ids(text: str) -> list[str]:
    return text.split(",")


def _form(model: type[BaseModel], noun: str) -> Form:
    options = {name: "--" + name.replace("_", "-") for name in model.model_fields}
    return Form(options, (), f"the {noun}'s fields as options")


def _given(
    session: Session, model: type[BaseModel], clearable: Mapping[str, str]
) -> dict[str, Any]:
    args = session.args
    fields = {
        spec.field: getattr(args, spec.dest)
        for spec in field_options(model)
        if hasattr(args, spec.dest)
    }
    for text in getattr(args, "clear", None) or ():
        name = text.strip().replace("-", "_")
        if name not in clearable:
            raise UsageError(f"--clear {text}: not a field to empty; one of {', '.join(clearable)}")
        if name in fields:
            raise UsageError(f"--{clearable[name]} and --clear {text} contradict each other")
        fields[name] = None
    return fields


def _clearable(writes: Writes[Any, Any, Any, Any]) -> dict[str, str]:
    never: frozenset[str] = getattr(writes.update, "_never_null", frozenset())
    return {
        name.replace("_", "-"): name
        for name in writes.update.model_fields
        if name not in never and name not in writes.required
    }


def _collection(client: LoyverseClient, writes: Writes[Any, Any, Any, Any]) -> Any:
    return getattr(client, writes.resource.name)


def _create(writes: Writes[Any, Any, Any, Any], view: View, session: Session) -> None:
    noun = view.shape.noun
    fields = _given(session, writes.create, {})
    new = write_body(session, _form(writes.create, noun), fields, writes.create)
    may_exist = (
        f"the {noun} may have been created anyway (Loyverse has no idempotency keys, so it was "
        f"not sent again): look for it with `loyverse {view.name} list` before running the "
        "command again"
    )
    print_written(
        session,
        lambda client: _collection(client, writes).create(new),
        view.shape,
        may_exist=may_exist,
    )


def _update(writes: Writes[Any, Any, Any, Any], view: View, session: Session) -> None:
    clearable = {field: option for option, field in _clearable(writes).items()}
    fields = _given(session, writes.update, clearable)
    if not fields and session.args.json is None:
        raise UsageError("nothing to change: give a field option, --clear FIELD or --json FILE")
    changes = write_body(session, _form(writes.update, view.shape.noun), fields, writes.update)
    key = session.args.id
    print_written(
        session, lambda client: _collection(client, writes).update(key, changes), view.shape
    )


def _describe(found: RawModel) -> str:
    raw = found.raw
    names = [raw.get(field) for field in ("item_name", "name", "sku", "option1_value")]
    return next((str(name) for name in names if name), "(no name)")


def _delete(writes: Writes[Any, Any, Any, Any], view: View, session: Session) -> None:
    key = session.args.id
    delete_confirmed(
        session,
        view.shape.noun,
        key,
        lambda client: _describe(view.fetch(client, key)),
        lambda client: _collection(client, writes).delete(key),
    )


def upload_image(session: Session) -> None:
    """``items image ITEM_ID FILE``: the file's bytes, typed by its extension."""
    args = session.args
    path = Path(args.file)
    content_type = IMAGE_TYPES.get(path.suffix.lower())
    if content_type is None:
        raise UsageError(
            f"{args.file}: the image's type comes from its extension, one of "
            + ", ".join(IMAGE_TYPES)
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CommandError(f"cannot read {args.file}: {exc.strerror or exc}") from None
    with session.client() as client:
        try:
            client.items.upload_image(args.item_id, data, content_type)
        except LoyverseError as exc:
            if not exc.outcome_unknown:
                raise
            advice = (
                f"the image may have arrived: `loyverse items get {args.item_id}` shows its "
                "image_url (sending it again is harmless)"
            )
            raise CommandError(describe_api_error(exc, advice)) from None
    session.err.write(f"uploaded {args.file} ({content_type}, {len(data)} bytes) to item "
                      f"{args.item_id}\n")  # fmt: skip


def delete_image(session: Session) -> None:
    """``items delete-image ITEM_ID``: the item is left without an image."""
    with session.client() as client:
        client.items.delete_image(session.args.item_id)
    session.err.write(f"deleted the image of item {session.args.item_id}\n")


def _a(noun: str) -> str:
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


Command = Callable[..., argparse.ArgumentParser]


def add_catalogue_writes(
    actions: argparse._SubParsersAction[argparse.ArgumentParser], view: View, command: Command
) -> None:
    """``create``, ``update`` and ``delete`` of ``view``'s resource, from its declared writes."""
    writes = CATALOGUE_WRITES[view.name]
    noun = view.shape.noun
    create = command(
        actions,
        "create",
        partial(_create, writes, view),
        summary=f"create {_a(noun)}; prints it as Loyverse stored it",
        description=f"""\
Create {_a(noun)} from options or --json FILE (loyverse schema {writes.create.__name__}) and
print it as Loyverse stored it. Loyverse has no idempotency keys: after a timeout or a server
error the {noun} may exist anyway, so look for it before running the command again.""",
    )
    _add_field_options(create, writes.create)

    update = command(
        actions,
        "update",
        partial(_update, writes, view),
        summary=f"change some fields of {_a(noun)}; prints it after the change",
        description=f"""\
Change the given fields of {_a(noun)}; the others keep their value (the SDK reads the {noun} and
sends its whole writable record). --clear FIELD empties a field.""",
    )
    update.add_argument("id", metavar="ID")
    _add_field_options(update, writes.update)
    update.add_argument(
        "--clear",
        action="append",
        metavar="FIELD",
        help="empty this field: " + ", ".join(_clearable(writes)) + " (repeatable)",
    )

    delete = command(
        actions,
        "delete",
        partial(_delete, writes, view),
        summary=f"delete {_a(noun)}, after a y/N confirmation",
    )
    delete.add_argument("id", metavar="ID")
    delete.add_argument("-y", "--yes", action="store_true", help="do not ask for confirmation")

    if view.name == "items":
        image = command(
            actions,
            "image",
            upload_image,
            summary="set an item's image from a file (.png, .jpg, .jpeg, .gif, .webp)",
        )
        image.add_argument("item_id", metavar="ITEM_ID")
        image.add_argument("file", metavar="FILE")
        gone = command(actions, "delete-image", delete_image, summary="remove an item's image")
        gone.add_argument("item_id", metavar="ITEM_ID")
