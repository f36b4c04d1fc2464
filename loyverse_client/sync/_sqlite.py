"""``SQLiteStore``: the local copy in one SQLite file (Python's ``sqlite3``, no server).

The schema (``SCHEMA_VERSION``, in ``PRAGMA user_version`` and in ``sync_meta``) is created on
first open, in one transaction. A file written by a later version, or a database that already
holds tables of its own, is refused before anything is written or requested.

The connection runs in autocommit mode and every change is an explicit ``BEGIN`` ... ``COMMIT``:
a page and the walk's progress, or the end of a walk. The journal is in WAL mode, so dashboards can
read the file while a sync writes it, with ``synchronous=NORMAL``: a crash of the process never
loses a commit; a power cut may lose the last ones, and with them the progress that would have
skipped refetching them, so a rerun still ends exact.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from loyverse_models import RawModel

from ._store import Counts, ResourceState, WalkState
from ._tables import TABLES, Lines, Table

__all__ = ["SCHEMA_VERSION", "SQLiteStore", "SyncDatabaseError", "dump_json"]

SCHEMA_VERSION = 1
"""The version of the tables' layout; a later release that changes it migrates from this one."""


class SyncDatabaseError(Exception):
    """The database cannot hold a local copy: a later schema version, or not a sync database."""


def dump_json(raw: object) -> str:
    """An object's JSON as stored: compact, in the order received, non-ASCII kept as is."""
    return json.dumps(raw, ensure_ascii=False, separators=(",", ":"))


def _name(identifier: str) -> str:
    return f'"{identifier}"'


def _create(table: Table) -> list[str]:
    key = [f"{_name(k)} TEXT NOT NULL" for k in table.key]
    typed = [f"{_name(c.name)} {c.sql_type}" for c in table.columns]
    statements = [
        f"CREATE TABLE {_name(table.name)} ({', '.join([*key, *typed, 'json TEXT NOT NULL'])}, "
        f"PRIMARY KEY ({', '.join(map(_name, table.key))}))"
    ]
    if table.time_column is not None:
        statements.append(
            f"CREATE INDEX {_name(table.name + '_updated_at')} ON {_name(table.name)} (updated_at)"
        )
    if table.lines is not None:
        statements += _create_lines(table, table.lines)
    return statements


def _create_lines(parent: Table, lines: Lines) -> list[str]:
    parent_key = [f"{_name(k)} TEXT NOT NULL" for k in parent.key]
    copied = [c for c in parent.columns if c.name in lines.copied]
    columns = [
        *parent_key,
        "position INTEGER NOT NULL",
        *(f"{_name(c.name)} {c.sql_type}" for c in (*lines.columns, *copied)),
    ]
    keys = ", ".join([*map(_name, parent.key), "position"])
    return [f"CREATE TABLE {_name(lines.name)} ({', '.join(columns)}, PRIMARY KEY ({keys}))"]


# Beyond the keys and updated_at (the watermark): what the README's queries filter on.
_INDEXES = {
    "receipts": ("receipt_date",),
    "receipt_line_items": ("receipt_date", "item_id"),
    "variants": ("item_id",),
}


def _indexes() -> list[str]:
    return [
        f"CREATE INDEX {_name(f'{table}_{column}')} ON {_name(table)} ({_name(column)})"
        for table, columns in _INDEXES.items()
        for column in columns
    ]


_META = [
    "CREATE TABLE sync_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE sync_state (resource TEXT PRIMARY KEY, watermark TEXT, "
    "lookback REAL NOT NULL DEFAULT 0, walk TEXT, synced_at TEXT)",
    "CREATE TABLE sync_seen (resource TEXT NOT NULL, key TEXT NOT NULL, "
    "PRIMARY KEY (resource, key))",
]


def schema() -> list[str]:
    """Every statement that creates the schema of ``SCHEMA_VERSION``."""
    return _META + [sql for table in TABLES.values() for sql in _create(table)] + _indexes()


class _Statements:
    """The SQL of one table, built once."""

    def __init__(self, table: Table) -> None:
        name = _name(table.name)
        where = " AND ".join(f"{_name(k)} = ?" for k in table.key)
        deleted = "deleted_at" if table.deletable else "NULL"
        self.select = f"SELECT json, {deleted} FROM {name} WHERE {where}"
        columns = [*table.key, *(c.name for c in table.columns), "json"]
        marks = ", ".join("?" * len(columns))
        self.upsert = (
            f"INSERT OR REPLACE INTO {name} ({', '.join(map(_name, columns))}) VALUES ({marks})"
        )
        self.keys = f"SELECT {', '.join(map(_name, table.key))} FROM {name}"
        self.delete = f"DELETE FROM {name} WHERE {where}"
        self.watermark = f"SELECT MAX(updated_at) FROM {name}" if table.incremental else None
        lines = table.lines
        if lines is not None:
            line_name = _name(lines.name)
            copied = [c.name for c in table.columns if c.name in lines.copied]
            line_columns = [*table.key, "position", *(c.name for c in lines.columns), *copied]
            self.delete_lines = f"DELETE FROM {line_name} WHERE {where}"
            self.insert_line = (
                f"INSERT INTO {line_name} ({', '.join(map(_name, line_columns))}) "
                f"VALUES ({', '.join('?' * len(line_columns))})"
            )


@cache
def _statements(table: Table) -> _Statements:
    return _Statements(table)


def _checked_path(database: object) -> str:
    if not isinstance(database, (str, os.PathLike)):
        raise TypeError(
            "database must be a file path (a str or a pathlib.Path, e.g. 'loyverse.sqlite'), "
            f"got {type(database).__name__}"
        )
    path = os.fspath(database)
    if not isinstance(path, str) or not path.strip():
        raise ValueError(f"database must name a file, e.g. 'loyverse.sqlite'; got {database!r}")
    if path == ":memory:":
        return path
    where = Path(path)
    if where.is_dir():
        raise ValueError(
            f"database: {path} is a folder; name a file in it, e.g. {where / 'loyverse.sqlite'}"
        )
    if not where.parent.is_dir():
        raise ValueError(f"database: the folder {where.parent} does not exist; create it first")
    return path


class SQLiteStore:
    """A local copy in a SQLite file, created (with its schema) if it does not exist.

    >>> store = SQLiteStore(":memory:")
    >>> store.version
    1
    >>> store.close()
    """

    def __init__(self, database: str | os.PathLike[str]) -> None:
        self.path = _checked_path(database)
        self._db = sqlite3.connect(self.path, isolation_level=None)
        try:
            self.version = self._prepare()
        except sqlite3.DatabaseError as error:  # a file that is not SQLite at all
            self._db.close()
            raise SyncDatabaseError(
                f"database: {self.path} is not a SQLite database ({error})"
            ) from None
        except BaseException:
            self._db.close()
            raise

    def __repr__(self) -> str:
        return f"SQLiteStore({self.path!r})"

    def _prepare(self) -> int:
        db = self._db
        version: int = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise SyncDatabaseError(
                f"database: {self.path} has schema version {version}, written by a later "
                f"loyverse-client; this one knows version {SCHEMA_VERSION}: upgrade "
                "loyverse-client, or sync into a new file"
            )
        if version == 0:
            tables = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
            if tables:
                raise SyncDatabaseError(
                    f"database: {self.path} already holds tables of its own "
                    f"({', '.join(t[0] for t in tables[:3])}) and is not a loyverse-client copy; "
                    "sync into a new file"
                )
            from .._version import __version__

            with self._transaction():
                for statement in schema():
                    db.execute(statement)
                db.executemany(
                    "INSERT INTO sync_meta (key, value) VALUES (?, ?)",
                    [("schema_version", str(SCHEMA_VERSION)), ("created_by", __version__)],
                )
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        return SCHEMA_VERSION

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def close(self) -> None:
        """Close the file; a transaction still open is rolled back. Idempotent."""
        if self._db.in_transaction:
            self._db.execute("ROLLBACK")
        self._db.close()

    def state(self, table: Table) -> ResourceState:
        row = self._db.execute(
            "SELECT watermark, lookback, walk, synced_at FROM sync_state WHERE resource = ?",
            (table.name,),
        ).fetchone()
        if row is None:
            return ResourceState()
        watermark, lookback, walk, synced_at = row
        return ResourceState(
            watermark, lookback, None if walk is None else WalkState.from_json(walk), synced_at
        )

    def _save_walk(self, db: sqlite3.Connection, table: Table, walk: WalkState) -> None:
        db.execute(
            "INSERT INTO sync_state (resource, walk) VALUES (?, ?) "
            "ON CONFLICT (resource) DO UPDATE SET walk = excluded.walk",
            (table.name, walk.to_json()),
        )

    def begin(self, table: Table, walk: WalkState) -> None:
        """Start ``walk`` afresh: it replaces any walk in progress, and what that one listed."""
        with self._transaction() as db:
            db.execute("DELETE FROM sync_seen WHERE resource = ?", (table.name,))
            self._save_walk(db, table, walk)

    def write(self, table: Table, objects: Sequence[RawModel], walk: WalkState) -> Counts:
        counts = Counts()
        sql = _statements(table)
        with self._transaction() as db:
            for obj in objects:
                raw = obj.raw
                key = table.key_of(raw)
                text = dump_json(raw)
                old = db.execute(sql.select, key).fetchone()
                if old is not None and old[0] == text:
                    counts.unchanged += 1
                else:
                    db.execute(sql.upsert, (*key, *(c.read(raw) for c in table.columns), text))
                    if old is None:
                        counts.inserted += 1
                    elif old[1] is None and raw.get("deleted_at") is not None:
                        counts.deleted += 1
                    else:
                        counts.updated += 1
                    if table.lines is not None:
                        self._write_lines(db, table, table.lines, raw, key)
                if walk.reconcile:
                    db.execute(
                        "INSERT OR IGNORE INTO sync_seen (resource, key) VALUES (?, ?)",
                        (table.name, json.dumps(key)),
                    )
            self._save_walk(db, table, walk)
        return counts

    def _write_lines(
        self,
        db: sqlite3.Connection,
        table: Table,
        lines: Lines,
        raw: dict[str, Any],
        key: tuple[str, ...],
    ) -> None:
        sql = _statements(table)
        copied = [c.read(raw) for c in table.columns if c.name in lines.copied]
        db.execute(sql.delete_lines, key)
        entries: list[Any] = raw.get(lines.field) or []
        db.executemany(
            sql.insert_line,
            [
                (*key, position, *(c.read(entry) for c in lines.columns), *copied)
                for position, entry in enumerate(entries)
            ],
        )

    def finish(self, table: Table, walk: WalkState, lookback: float, synced_at: str) -> int:
        sql = _statements(table)
        removed = 0
        with self._transaction() as db:
            if walk.reconcile:
                seen = {
                    row[0]
                    for row in db.execute(
                        "SELECT key FROM sync_seen WHERE resource = ?", (table.name,)
                    )
                }
                gone = [key for key in db.execute(sql.keys) if json.dumps(list(key)) not in seen]
                db.executemany(sql.delete, gone)
                if table.lines is not None:
                    db.executemany(sql.delete_lines, gone)
                db.execute("DELETE FROM sync_seen WHERE resource = ?", (table.name,))
                removed = len(gone)
            watermark = None if sql.watermark is None else db.execute(sql.watermark).fetchone()[0]
            db.execute(
                "INSERT INTO sync_state (resource, watermark, lookback, walk, synced_at) "
                "VALUES (?, ?, ?, NULL, ?) ON CONFLICT (resource) DO UPDATE SET "
                "watermark = excluded.watermark, lookback = excluded.lookback, walk = NULL, "
                "synced_at = excluded.synced_at",
                (table.name, watermark, lookback, synced_at),
            )
        return removed
