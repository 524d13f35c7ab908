"""The database file, through every command: a directory, random bytes, another
program's database, a newer schema, a file locked by another program, a
read-only or unreadable file.  Each: one clear sentence, a non-zero exit,
never a traceback, and the file (and its folder) left exactly as it was."""

from __future__ import annotations

import os
import sqlite3
import stat
import sys
import types
from pathlib import Path

import pytest

from frontdesk.cli import main as cli
from frontdesk import store
from frontdesk.store import database
from frontdesk.store import models

TZ = "America/New_York"
COMMANDS = {
    "desk": [],
    "export": ["export", "calls"],
    "log": ["log", "--phone", "(650) 253-0000", "--name", "Ann"],
    "import": ["import", "customers", "{csv}"],
    "backup": ["backup", "{copy}"],
}


@pytest.fixture(autouse=True)
def _env(monkeypatch):
    monkeypatch.setenv("FRONTDESK_TZ", TZ)
    monkeypatch.delenv("FRONTDESK_DEBUG", raising=False)
    yield
    store.close_database()


@pytest.fixture
def no_app(monkeypatch):
    """The desk must never start on a bad file: a stand-in app that records starts."""
    started = []

    class FrontDeskApp:
        return_code = None

        def __init__(self, settings):
            started.append(settings)

        def run(self):
            pass

    module = types.ModuleType("frontdesk.ui.app")
    module.FrontDeskApp = FrontDeskApp
    monkeypatch.setitem(sys.modules, "frontdesk.ui.app", module)
    return started


def _frontdesk_file(path: Path, journal: str = "wal") -> None:
    store.open_database(path)
    models.Technician.create(name="Ana")
    store.close_database()
    if journal != "wal":
        connection = sqlite3.connect(path)
        connection.execute(f"PRAGMA journal_mode = {journal}")
        connection.close()


def make(case: str, path: Path, monkeypatch):
    """Build the bad file; returns a clean-up callable."""
    if case == "directory":
        path.mkdir()
    elif case == "random-bytes":
        path.write_bytes(os.urandom(8192))
    elif case == "foreign":
        connection = sqlite3.connect(path)
        connection.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
        connection.commit()
        connection.close()
    elif case == "newer":
        _frontdesk_file(path, journal="delete")
        connection = sqlite3.connect(path)
        connection.execute(f"PRAGMA user_version = {store.SCHEMA_VERSION + 1}")
        connection.close()
    elif case == "locked":
        _frontdesk_file(path, journal="delete")  # another program holds it exclusively
        monkeypatch.setattr(store, "BUSY_TIMEOUT_S", 0.05)
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        return holder.close
    elif case in ("read-only", "unreadable"):
        _frontdesk_file(path)
        path.chmod(0o444 if case == "read-only" else 0)
        real = os.access
        denied = os.W_OK if case == "read-only" else os.R_OK
        # root ignores permission bits: the access check is what the refusal rests on
        monkeypatch.setattr(database.os, "access", lambda p, mode, *a, **k: False if str(p) == str(path) and mode & denied
                            else real(p, mode, *a, **k))
        return lambda: path.chmod(0o600)
    return lambda: None


def snapshot(folder: Path) -> dict:
    return {p.name: (p.read_bytes() if p.is_file() else "dir") for p in sorted(folder.iterdir()) if p.name != "in.csv"}


CASES = ["directory", "random-bytes", "foreign", "newer", "locked", "read-only", "unreadable"]
WORDS = {"directory": "is a directory", "random-bytes": "not a database", "foreign": "another program's database",
         "newer": "newer frontdesk", "locked": "locked", "read-only": "read-only", "unreadable": "permission denied"}
READERS = {"export", "backup"}  # they only read: a read-only file is fine for them


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("case", CASES)
def test_a_bad_database_file_is_one_sentence_and_left_untouched(tmp_path, capsys, monkeypatch, no_app, case, command):
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "frontdesk.db"
    undo = make(case, path, monkeypatch)
    csv_file = folder / "in.csv"
    csv_file.write_text("id,name,company,phones,notes,created_at\n,Zed,,,,\n")
    argv = [a.format(csv=csv_file, copy=tmp_path / "copy.db") for a in COMMANDS[command]] + ["--db", str(path)]
    before = snapshot(folder)
    try:
        code = cli.main(argv)
    finally:
        undo()
    out, err = capsys.readouterr()
    if case == "read-only" and command in READERS:
        assert code == 0 and err == ""
        assert snapshot(folder) == before
        return
    lines = err.strip().splitlines()
    assert code != 0 and out == ""
    assert len(lines) == 1 and lines[0].startswith("frontdesk: ") and "Traceback" not in err, err
    assert WORDS[case] in lines[0], lines[0]
    assert lines[0].endswith("."), lines[0]
    assert snapshot(folder) == before  # not a byte changed, no -wal, -shm or backup copy left behind
    assert no_app == []  # the desk never started
    assert not (tmp_path / "copy.db").exists()


def test_a_new_database_and_its_copies_are_private(tmp_path, capsys, monkeypatch):
    old = os.umask(0o022)  # a usual umask: the files are the owner's only all the same
    try:
        path = tmp_path / "new.db"
        assert cli.main(["demo", "--db", str(path)]) == 0
        assert cli.main(["backup", str(tmp_path / "copy.db"), "--db", str(path)]) == 0
    finally:
        os.umask(old)
    for name in ("new.db", "copy.db"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600, name
    capsys.readouterr()
