"""Opening and closing the database file: permissions, pragmas, refusing foreign or newer files.

Times are naive UTC datetimes.  No Textual here.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from peewee import SqliteDatabase

from frontdesk.store.errors import StoreError
from frontdesk.store.indexes import NAME_SEARCH, ensure_speed_indexes
from frontdesk.store.models import MODELS, SCHEMA_VERSION, db

BUSY_TIMEOUT_S = 5.0  # how long a save waits for another desk's transaction


def _pragmas() -> dict:
    return {
        "journal_mode": "wal",
        "foreign_keys": 1,
        "busy_timeout": int(BUSY_TIMEOUT_S * 1000),
        "synchronous": "normal",
    }


def open_database(path: Path | str, *, create: bool = True, write: bool = True) -> SqliteDatabase:
    """Open (and on first use create, mode 0600) the database at `path`.

    `write=False` (export, backup) accepts a read-only file; the desk refuses it up front
    rather than failing at the first save.

    Raises StoreError with one clear sentence when the file cannot be used.
    """
    path = Path(path).expanduser()
    if path.is_dir():
        raise StoreError(f"{path} is a directory, not a database file.")
    fresh = not path.exists()
    if fresh:
        if not create:
            raise StoreError(f"No database at {path}.")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            os.close(fd)
        except OSError as exc:
            raise StoreError(f"Cannot create the database {path}: {exc.strerror or exc}.") from None
    elif not os.access(path, os.R_OK):
        raise StoreError(f"Cannot read the database {path}: permission denied.")
    elif write and not os.access(path, os.W_OK):
        raise StoreError(f"Cannot write to the database {path}: the file is read-only (make it writable, "
                         "or export or back it up, which only read).")
    else:
        _refuse_newer(path)  # before connecting: the pragmas below would rewrite the file header
    database = SqliteDatabase(str(path), pragmas=_pragmas(), timeout=BUSY_TIMEOUT_S, lock_type="IMMEDIATE")
    try:
        database.connect(reuse_if_open=True)
        version = database.execute_sql("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            database.close()
            raise StoreError(
                f"{path} was written by a newer frontdesk (schema {version}, this one knows {SCHEMA_VERSION}); upgrade frontdesk."
            )
        db.initialize(database)
        if version < SCHEMA_VERSION:
            from frontdesk.store import migrate  # backup copy next to the file, then one transaction

            try:
                migrate.upgrade(database, path, version)
            except StoreError:
                database.close()
                raise
        ensure_speed_indexes(database)
    except (sqlite3.DatabaseError, Exception) as exc:  # peewee wraps sqlite3 errors
        if isinstance(exc, StoreError):
            raise
        database.close()
        raise StoreError(f"Cannot open the database {path}: {exc}.") from None
    for suffix in ("-wal", "-shm"):
        side = Path(str(path) + suffix)
        if side.exists():
            try:
                os.chmod(side, 0o600)
            except OSError:
                pass
    return database


def _refuse_newer(path: Path) -> None:
    """Raise StoreError if the file's header says a newer schema, without writing to it."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise StoreError(f"Cannot read the database {path}: {exc.strerror or exc}.") from None
    if len(header) == 100 and header.startswith(b"SQLite format 3\x00"):
        version = int.from_bytes(header[60:64], "big", signed=True)  # PRAGMA user_version
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{path} was written by a newer frontdesk (schema {version}, this one knows {SCHEMA_VERSION}); upgrade frontdesk."
            )
        if version == 0 and _foreign_tables(path):
            raise StoreError(f"{path} is another program's database, not a frontdesk one; choose another file.")


def _foreign_tables(path: Path) -> set[str]:
    """Tables that are not ours, read without writing to the file."""
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
        try:
            names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        return set()  # not readable as SQLite: connecting will say so clearly
    ours = {m._meta.table_name for m in MODELS}
    return {n for n in names if not n.startswith(("sqlite_", NAME_SEARCH))} - ours  # + the search index's tables


def close_database() -> None:
    if db.obj is not None and not db.obj.is_closed():
        db.obj.close()
