"""What each command does once its arguments are parsed: one function per command.

Every input goes through the SDK's models, which reject a bad value (``pydantic.ValidationError``)
before any request; ``main`` turns that into exit code 2.
"""

from __future__ import annotations

from pathlib import Path

from loyverse_models import CustomerQuery
from loyverse_models._schemas import json_schema

from ._connect import Session
from ._demo import run_demo
from ._errors import UsageError
from ._export import ExportJob
from ._formats import FILE_FORMATS, customer_writer, pretty_json, write_customer, write_page

__all__ = ["export_customers", "get_customer", "list_customers", "print_schema", "show_demo"]


def _query(session: Session) -> CustomerQuery:
    args = session.args
    return CustomerQuery(
        customer_ids=args.ids,
        email=args.email,
        created_at_min=args.created_min,
        created_at_max=args.created_max,
        updated_at_min=args.updated_min,
        updated_at_max=args.updated_max,
        limit=args.limit,
        cursor=getattr(args, "cursor", None),
    )


def _excel_safe(session: Session, fmt: str) -> bool:
    if session.args.excel_safe and fmt != "csv":
        raise UsageError("--excel-safe changes csv only: add --format csv")
    return bool(session.args.excel_safe)


def list_customers(session: Session) -> None:
    """``customers list``: one page, or with ``--all`` every page, in the chosen format."""
    query, fmt, out = _query(session), session.args.format, session.out
    excel_safe = _excel_safe(session, fmt)
    with session.client() as client:
        if not session.args.all:
            page = client.customers.list(query)
            session.status.clear()
            write_page(fmt, out, page, excel_safe=excel_safe)
            if page.cursor is not None:
                session.err.write(
                    f"more customers follow: add --all, or --cursor {page.cursor} for the next "
                    "page (with the same filters)\n"
                )
            return
        writer = customer_writer(fmt, out, excel_safe=excel_safe)
        for page in client.customers.iter_pages(query):
            session.status.clear()  # a wait shown on a terminal, where the rows go too
            writer.write(page.customers)
            out.flush()  # a long listing shows up page by page
        writer.close()


def get_customer(session: Session) -> None:
    """``customers get ID``: one customer, pretty JSON unless ``--format`` says otherwise."""
    fmt = session.args.format
    excel_safe = _excel_safe(session, fmt)
    with session.client() as client:
        customer = client.customers.get_by_id(session.args.id)
    write_customer(fmt, session.out, customer, excel_safe=excel_safe)


def export_customers(session: Session) -> None:
    """``customers export``: every matching customer into ``--out``, resumable; ``-`` is
    stdout (jsonl unless ``--format`` says csv), which cannot be resumed."""
    args = session.args
    path = None if args.out == "-" else Path(args.out)
    if path is None and args.resume:
        raise UsageError(
            "--resume continues a file from its last customer, and stdout cannot be read back: "
            "export to --out FILE to be able to resume"
        )
    fmt = args.format or ("jsonl" if path is None else _format_of(path))
    job = ExportJob(
        query=_query(session),
        path=path,
        fmt=fmt,
        resume=args.resume,
        excel_safe=_excel_safe(session, fmt),
    )
    with session.client() as client:
        job.run(client, session.status, session.out)


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
