"""Copies of the database: consistent while desks write, private, checked.

Every copy goes through SQLite's online backup API from a live connection,
so it is one consistent snapshot even when another desk commits meanwhile
(a WAL reader never blocks writers).  No Textual here.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from frontdesk import store


class BackupError(RuntimeError):
    """A copy or a restore cannot be made; the message is one clear sentence."""


def stamp(moment: datetime | None = None) -> str:
    moment = moment or datetime.now(timezone.utc)
    return moment.strftime("%Y%m%dT%H%M%S")


def free_name(path: Path) -> Path:
    """`path`, or `path-2`, `path-3`... when it is taken (two copies in one second)."""
    candidate, n = path, 1
    while candidate.exists() or candidate.is_symlink():
        n += 1
        candidate = path.with_name(f"{path.name}-{n}")
    return candidate


def _create_private(dest: Path) -> None:
    try:
        fd = os.open(dest, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        raise BackupError(f"{dest} already exists; choose another name.") from None
    except OSError as exc:
        raise BackupError(f"Cannot create {dest}: {exc.strerror or exc}.") from None
    os.close(fd)


def copy_connection(source: sqlite3.Connection, dest: Path) -> Path:
    """Write a consistent copy of what `source` sees to the new file `dest` (mode 0600).

    The copy is a single self-contained file (rollback journal, no -wal).
    """
    dest = Path(dest)
    _create_private(dest)
    try:
        target = sqlite3.connect(dest)
        try:
            source.backup(target)  # all pages in one step: one snapshot
            target.execute("PRAGMA journal_mode = DELETE")
            target.commit()
        finally:
            target.close()
    except BaseException as exc:
        try:
            dest.unlink()
        except OSError:
            pass
        if isinstance(exc, sqlite3.Error):
            raise BackupError(f"Cannot copy the database to {dest}: {exc}.") from None
        if isinstance(exc, OSError):
            raise BackupError(f"Cannot copy the database to {dest}: {exc.strerror or exc}.") from None
        raise
    return dest


def copy_file(source: Path, dest: Path) -> Path:
    """A consistent copy of the database file `source` (which may be in use by desks)."""
    source = Path(source)
    try:
        connection = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True,
                                     timeout=store.BUSY_TIMEOUT_S)
    except sqlite3.Error as exc:
        raise BackupError(f"Cannot read the database {source}: {exc}.") from None
    try:
        return copy_connection(connection, dest)
    finally:
        connection.close()


def default_backup_path(db_path: Path, label: str = "backup") -> Path:
    """Next to the database: `frontdesk.db.backup-20261125T200000`."""
    db_path = Path(db_path)
    return free_name(db_path.with_name(f"{db_path.name}.{label}-{stamp()}"))


# ------------------------------------------------------------------ checks
def describe(path: Path) -> dict:
    """What a candidate file holds, read-only; BackupError when it is not a frontdesk database."""
    path = Path(path)
    if path.is_dir():
        raise BackupError(f"{path} is a directory, not a database file.")
    if not path.exists():
        raise BackupError(f"No file at {path}.")
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise BackupError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    if not header.startswith(b"SQLite format 3\x00"):
        raise BackupError(f"{path} is not a frontdesk database (not an SQLite file).")
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            check = connection.execute("PRAGMA quick_check").fetchone()[0]
            calls = connection.execute('SELECT COUNT(*) FROM "call"').fetchone()[0] if "call" in tables else 0
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise BackupError(f"{path} is not a usable frontdesk database ({exc}).") from None
    ours = {"customer", "phone", "technician", "ticket", "visit", "call"}
    if version < 1 or not ours <= tables:
        raise BackupError(f"{path} is not a frontdesk database.")
    if version > store.SCHEMA_VERSION:
        raise BackupError(f"{path} was written by a newer frontdesk (schema {version}, this one knows "
                          f"{store.SCHEMA_VERSION}); upgrade frontdesk.")
    if check != "ok":
        raise BackupError(f"{path} is damaged (integrity check: {check}).")
    return {"version": version, "calls": calls}


def in_use(path: Path) -> bool:
    """True when another connection has the database open (a desk, a writer).

    Taking the file in exclusive locking mode fails while any other
    connection holds it open in WAL mode or has a transaction on it.
    """
    connection = _exclusive(path)
    if connection is None:
        return True
    connection.close()
    return False


def _exclusive(path: Path) -> sqlite3.Connection | None:
    """A connection holding `path` exclusively, or None when someone else has it open."""
    connection = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        connection.execute("PRAGMA locking_mode = EXCLUSIVE")
        connection.execute("BEGIN EXCLUSIVE")
        connection.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        connection.close()
        return None
    return connection


def restore(source: Path, target: Path) -> dict:
    """Replace the database `target` with the copy `source`, keeping the old one aside.

    Refuses (BackupError) when `source` is not a frontdesk database or
    `target` is open elsewhere.  Returns {"version", "calls", "previous"}.
    """
    source, target = Path(source), Path(target)
    info = describe(source)
    if target.exists() and source.resolve() == target.resolve():
        raise BackupError(f"{source} is the database itself; give a backup copy to restore from.")
    if target.is_dir():
        raise BackupError(f"{target} is a directory, not a database file.")
    previous = None
    if target.exists():
        holder = _exclusive(target)
        if holder is None:
            raise BackupError(f"{target} is open at a desk or in another program; close it everywhere, "
                              "then restore.")
        try:
            holder.execute("ROLLBACK")
            previous = default_backup_path(target, "before-restore")
            copy_connection(holder, previous)
            holder.execute("BEGIN EXCLUSIVE")
            reader = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
            try:
                holder.execute("COMMIT")  # backup() needs no open transaction on the target
                reader.backup(holder)
            finally:
                reader.close()
        finally:
            holder.close()
    else:
        copy_file(source, target)
    os.chmod(target, 0o600)
    return {**info, "previous": previous}
