"""What each command does once its arguments are parsed: one function per command.

Every input goes through the SDK's models, which reject a bad value (``pydantic.ValidationError``)
before any request; ``main`` turns that into exit code 2.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from loyverse_models._schemas import json_schema

from ._connect import Session
from ._demo import run_demo
from ._errors import UsageError, describe_input_error
from ._export import ExportJob
from ._formats import FILE_FORMATS, pretty_json, record_writer, write_object, write_page
from ._table import write_record
from ._views import View

__all__ = [
    "export_objects",
    "get_object",
    "list_objects",
    "print_schema",
    "show_demo",
    "show_merchant",
]


def _excel_safe(session: Session, fmt: str) -> bool:
    if session.args.excel_safe and fmt != "csv":
        raise UsageError("--excel-safe changes csv only: add --format csv")
    return bool(session.args.excel_safe)


def list_objects(view: View, session: Session) -> None:
    """``<resource> list``: one page, or with ``--all`` (or ``--day``) every page, in the chosen
    format."""
    chosen, fmt, out = view.select(session.args), session.args.format, session.out
    excel_safe = _excel_safe(session, fmt)
    with session.client() as client:
        reader = getattr(client, view.name)
        if not (session.args.all or chosen.every_page):
            page = reader.list(chosen.query)
            session.status.clear()
            write_page(fmt, out, page, view.shape, excel_safe=excel_safe)
            if page.cursor is not None:
                session.err.write(
                    f"more {view.shape.name} follow: add --all, or --cursor {page.cursor} for "
                    "the next page (with the same filters)\n"
                )
            return
        writer = record_writer(fmt, out, view.shape, excel_safe=excel_safe)
        for page in reader.iter_pages(chosen.query):
            session.status.clear()  # a wait shown on a terminal, where the rows go too
            writer.write(chosen.keep(page.objects()))
            out.flush()  # a long listing shows up page by page
        writer.close()


def get_object(view: View, session: Session) -> None:
    """``<resource> get ID``: one object, pretty JSON unless ``--format`` says otherwise."""
    fmt = session.args.format
    excel_safe = _excel_safe(session, fmt)
    with session.client() as client:
        try:
            found = view.fetch(client, session.args.id)
        except ValidationError as exc:  # an id that cannot be one, refused before any request
            raise UsageError(describe_input_error(exc, {"id": "ID"})) from None
    write_object(fmt, session.out, found, view.shape, excel_safe=excel_safe)


def export_objects(view: View, session: Session) -> None:
    """``<resource> export``: every matching object into ``--out``, resumable where the list
    pages by creation time; ``-`` is stdout (jsonl unless ``--format`` says csv), which cannot
    be resumed."""
    args = session.args
    path = None if args.out == "-" else Path(args.out)
    if args.resume and not view.resumable:
        raise UsageError(
            f"--resume is not available for {view.shape.name}: their list is not paged in order "
            "of creation, so an export cannot continue where it stopped; export again without "
            "--resume"
        )
    if path is None and args.resume:
        raise UsageError(
            f"--resume continues a file from its last {view.shape.noun}, and stdout cannot be "
            "read back: export to --out FILE to be able to resume"
        )
    fmt = args.format or ("jsonl" if path is None else _format_of(path))
    chosen = view.select(args)
    job = ExportJob(
        resource=view.resource,
        shape=view.shape,
        query=chosen.query,
        path=path,
        fmt=fmt,
        resume=args.resume,
        excel_safe=_excel_safe(session, fmt),
        keep=chosen.keep,
        concurrency=getattr(args, "concurrency", 1),
    )
    with session.client() as client:
        job.run(client, session.status, session.out)


def show_merchant(session: Session) -> None:
    """``merchant``: the account's one ``Merchant``, its profile and currency."""
    with session.client() as client:
        merchant = client.merchant.get()
    if session.args.format == "table":
        write_record(session.out, merchant.raw, type(merchant).model_fields)
    else:
        session.out.write(pretty_json(merchant.raw) + "\n")


def _format_of(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    if suffix == "ndjson":
        return "jsonl"
    if suffix in FILE_FORMATS:
        return suffix
    raise UsageError(
        f"cannot tell the format of {path.name!r} from its name: add --format jsonl or --format csv"
    )


def print_schema(session: Session) -> None:
    """``schema MODEL``: the model's JSON Schema, as checked in under ``schemas/``."""
    session.out.write(pretty_json(json_schema(session.args.model)) + "\n")


def show_demo(session: Session) -> None:
    """``demo``: the SDK's main job against the built-in fake."""
    run_demo(session.out)
