"""store: opening, creating and refusing database files."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import datetime, timezone

import pytest
import time_machine

from frontdesk import store
from frontdesk.store import database
from frontdesk.store import models


def _pragma(database, name):
    return database.execute_sql(f"PRAGMA {name}").fetchone()[0]


def test_open_creates_file_private_with_schema(tmp_path):
    path = tmp_path / "sub" / "dir" / "fd.db"
    database = store.open_database(path)
    try:
        assert path.is_file()
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert _pragma(database, "user_version") == store.SCHEMA_VERSION
        assert _pragma(database, "journal_mode") == "wal"
        assert _pragma(database, "foreign_keys") == 1
        assert _pragma(database, "busy_timeout") == 5000
        tables = set(database.get_tables())
        assert {"customer", "phone", "technician", "ticket", "visit", "call"} <= tables
        assert models.db.obj is database
    finally:
        store.close_database()


def test_open_sidecar_files_private(tmp_path):
    path = tmp_path / "fd.db"
    store.open_database(path)
    try:
        models.Technician.create(name="Ana")  # forces the -wal file
        store.close_database()
        store.open_database(path)
        for suffix in ("-wal", "-shm"):
            side = tmp_path / ("fd.db" + suffix)
            if side.exists():
                assert stat.S_IMODE(side.stat().st_mode) & 0o077 == 0
    finally:
        store.close_database()


def test_reopen_keeps_data(tmp_path):
    path = tmp_path / "fd.db"
    store.open_database(path)
    models.Technician.create(name="Ana")
    store.close_database()
    database = store.open_database(path)
    try:
        assert [t.name for t in models.Technician.select()] == ["Ana"]
        assert _pragma(database, "user_version") == store.SCHEMA_VERSION
    finally:
        store.close_database()


def test_open_existing_without_create(tmp_path):
    with pytest.raises(store.StoreError) as info:
        store.open_database(tmp_path / "missing.db", create=False)
    assert str(info.value) == f"No database at {tmp_path / 'missing.db'}."
    assert not (tmp_path / "missing.db").exists()


def _assert_one_sentence(message: str) -> None:
    assert message.endswith(".")
    assert "\n" not in message
    assert "Traceback" not in message


def test_directory_refused(tmp_path):
    target = tmp_path / "adir"
    target.mkdir()
    with pytest.raises(store.StoreError) as info:
        store.open_database(target)
    assert "is a directory" in str(info.value)
    _assert_one_sentence(str(info.value))
    assert list(target.iterdir()) == []


def test_random_bytes_refused_and_untouched(tmp_path):
    path = tmp_path / "junk.db"
    content = bytes(range(256)) * 16
    path.write_bytes(content)
    with pytest.raises(store.StoreError) as info:
        store.open_database(path)
    assert "not a database" in str(info.value)
    _assert_one_sentence(str(info.value))
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["junk.db"]


def test_text_file_refused_and_untouched(tmp_path):
    path = tmp_path / "notes.txt"
    content = ("this is a shopping list, not a database\n" * 20).encode()
    path.write_bytes(content)
    with pytest.raises(store.StoreError):
        store.open_database(path)
    assert path.read_bytes() == content


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_unreadable_file_refused(tmp_path):
    path = tmp_path / "fd.db"
    store.open_database(path)
    store.close_database()
    before = path.read_bytes()
    path.chmod(0)
    try:
        with pytest.raises(store.StoreError) as info:
            store.open_database(path)
        assert "permission denied" in str(info.value)
    finally:
        path.chmod(0o600)
    assert path.read_bytes() == before


def test_unreadable_file_refused_via_access_check(tmp_path, monkeypatch):
    # Works as root too: the access check is what refuses the file.
    path = tmp_path / "fd.db"
    store.open_database(path)
    store.close_database()
    before = path.read_bytes()
    real_access = os.access
    monkeypatch.setattr(database.os, "access", lambda p, mode, *a, **k: False if str(p) == str(path) else real_access(p, mode, *a, **k))
    with pytest.raises(store.StoreError) as info:
        store.open_database(path)
    assert str(info.value) == f"Cannot read the database {path}: permission denied."
    assert path.read_bytes() == before


def _foreign_database(path, user_version):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE future_thing (x)")
    conn.execute("INSERT INTO future_thing VALUES (1)")
    conn.execute(f"PRAGMA user_version = {user_version}")
    conn.commit()
    conn.close()


def test_newer_schema_refused_and_untouched(tmp_path):
    path = tmp_path / "fd.db"
    _foreign_database(path, store.SCHEMA_VERSION + 1)
    before = path.read_bytes()
    with pytest.raises(store.StoreError) as info:
        store.open_database(path)
    message = str(info.value)
    assert "newer frontdesk" in message
    assert f"schema {store.SCHEMA_VERSION + 1}" in message
    _assert_one_sentence(message)
    assert path.read_bytes() == before  # not switched to WAL, no tables added
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fd.db"]


def test_newer_schema_in_wal_database_refused(tmp_path):
    path = tmp_path / "fd.db"
    store.open_database(path)
    models.db.execute_sql(f"PRAGMA user_version = {store.SCHEMA_VERSION + 5}")
    store.close_database()  # last close checkpoints the WAL into the file
    before = path.read_bytes()
    with pytest.raises(store.StoreError) as info:
        store.open_database(path)
    assert "newer frontdesk" in str(info.value)
    assert path.read_bytes() == before


def test_store_error_is_runtime_error():
    assert issubclass(store.StoreError, RuntimeError)


def test_close_database_twice_is_harmless(tmp_path):
    store.open_database(tmp_path / "fd.db")
    store.close_database()
    store.close_database()
    assert models.db.obj.is_closed()


def test_foreign_keys_enforced(db):
    from peewee import IntegrityError

    with pytest.raises(IntegrityError):
        models.Ticket.create(customer=999, title="orphan", opened_at=datetime(2026, 1, 1))


def test_open_same_path_twice_reuses_file(tmp_path):
    path = tmp_path / "fd.db"
    first = store.open_database(path)
    models.Technician.create(name="Ana")
    first.close()
    second = store.open_database(path)  # e.g. a second start in the same process
    try:
        assert models.db.obj is second
        assert models.Technician.select().count() == 1
    finally:
        store.close_database()


def test_another_programs_database_is_refused_and_untouched(tmp_path):
    import sqlite3

    path = tmp_path / "other.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
    connection.commit()
    connection.close()
    before = path.read_bytes()
    with pytest.raises(store.StoreError, match="another program's database"):
        store.open_database(path)
    assert path.read_bytes() == before
