"""Nothing typed is lost: when a save fails (locked past the timeout, disk
full, the file deleted underneath, a read-only file) the form stays open with
everything typed and a clear message; after the cause is fixed ctrl+s saves."""

from __future__ import annotations

import os
import sqlite3

import pytest
from textual.widgets import Input, Static, TextArea

from frontdesk import store
from frontdesk.store.models import Call
from ui_helpers import ALICE_PHONE, desk, make_app, settle, text_of  # noqa: F401 (desk is a fixture)
from frontdesk.store import models

NOTE = ("Printer fixed? [bold]not markup[/bold] " + "x" * 4000)[:4000]  # the longest note: needs a new page


async def _typed_call(app, pilot):
    await settle(app, pilot)
    await pilot.press("c")
    await settle(app, pilot)
    form = app.screen
    await pilot.press(*ALICE_PHONE)
    await settle(app, pilot)
    form.query_one("#note", TextArea).text = NOTE
    form.query_one("#callback", Input).value = "tomorrow 9"
    await pilot.pause()
    return form


def _typed(form) -> tuple:
    return (form.query_one("#lookup", Input).value, form.query_one("#note", TextArea).text,
            form.query_one("#callback", Input).value, form.query_one("#reason").value)


def _quick_timeout(monkeypatch, extra: tuple = ()) -> None:
    """Connections the save opens from now on: a 50 ms busy wait (and `extra` pragmas)."""
    database = models.db.obj
    pragmas = [(k, v) for k, v in database._pragmas if k != "busy_timeout"] + [("busy_timeout", 50), *extra]
    monkeypatch.setattr(database, "_pragmas", pragmas)
    monkeypatch.setattr(database, "_timeout", 0.05)


class Locked:
    words = "busy at another desk"

    def break_it(self, path, monkeypatch):
        _quick_timeout(monkeypatch)
        self.holder = sqlite3.connect(path, isolation_level=None)
        self.holder.execute("BEGIN IMMEDIATE")  # another desk in the middle of a long write

    def fix(self, path, monkeypatch):
        self.holder.execute("ROLLBACK")
        self.holder.close()


class DiskFull:
    words = "the disk is full"

    def break_it(self, path, monkeypatch):
        connection = sqlite3.connect(path, isolation_level=None)
        connection.execute("VACUUM")  # no free pages left to reuse
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.close()
        _quick_timeout(monkeypatch, (("max_page_count", pages),))  # SQLite's own "database or disk is full"

    def fix(self, path, monkeypatch):
        monkeypatch.undo()


class ReadOnly:
    words = "read-only"

    def break_it(self, path, monkeypatch):
        _quick_timeout(monkeypatch, (("query_only", 1),))  # SQLite's own "attempt to write a readonly database"

    def fix(self, path, monkeypatch):
        monkeypatch.undo()


class Deleted:
    words = "is gone (moved or deleted?)"

    def break_it(self, path, monkeypatch):
        self.moved = path.with_name("moved-away.db")
        os.rename(path, self.moved)

    def fix(self, path, monkeypatch):
        assert not path.exists()  # the failed save did not leave an empty database in its place
        os.rename(self.moved, path)


@pytest.mark.parametrize("cause", [Locked, DiskFull, ReadOnly, Deleted], ids=lambda c: c.__name__)
async def test_a_failed_save_keeps_everything_typed_and_a_retry_saves_it(desk, tmp_path, monkeypatch, cause):
    app, ids = desk
    path = tmp_path / "fd.db"
    cause = cause()
    before = Call.select().count()
    async with app.run_test(size=(120, 40)) as pilot:
        form = await _typed_call(app, pilot)
        typed = _typed(form)
        cause.break_it(path, monkeypatch)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form  # still open
        assert _typed(form) == typed  # everything typed is still there
        message = text_of(form.query_one("#form-error", Static))
        assert message.startswith("Not saved — ") and cause.words in message, message
        assert "press ctrl+s again" in message and "\n" not in message
        assert not form.saving
        cause.fix(path, monkeypatch)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is not form
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute("SELECT note, customer_id FROM call ORDER BY id").fetchall()
    finally:
        connection.close()
    assert len(rows) == before + 1 and rows[-1] == (NOTE, ids["alice"])
