"""Hostile input: every form field and every command-line argument gets the
same battery — malformed numbers, impossible and ambiguous dates, bad
windows, 100 000 characters, NUL, Rich markup, terminal escapes (clear
screen, OSC 52 clipboard writes), SQL metacharacters, emoji, combining marks,
right-to-left text.  Each gives a clear message or is stored byte-identical
and shown literally; never a traceback, never a restyled screen."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone

import arrow
import pytest
from textual.widgets import Input, TextArea

from frontdesk.cli import main as cli
from frontdesk.domain import phones, validation
from frontdesk import store
from frontdesk.store import writes
from frontdesk.domain.textsafe import visible
from ui_helpers import ALICE_PHONE, FROZEN, TZ, desk, error_at, settle, text_of  # noqa: F401 (desk is a fixture)

HOSTILE = {
    "markup": "[bold]Bob[/bold]",
    "markup-open": "[/",
    "markup-link": "[link=https://evil.example]click me[/link]",
    "clear-screen": "a\x1b[2Jb",
    "osc52": "x\x1b]52;c;ZWNobyBwd25lZA==\x07y",
    "sql": "'; DROP TABLE call; --",
    "sql-quote": 'Robert"); DELETE FROM customer; --',
    "emoji": "Zoë 🔧🚀 👩‍👩‍👧",
    "combining": "e\u0301\u0301 Z\u0324\u0354\u0367\u0311a\u0308",
    "rtl": "שלום עולם مرحبا",
    "bidi-override": "abc\u202eevil\u202c",
    "nul": "a\x00b",
    "huge": "x" * 100_000,
    "newlines": "line 1\nline 2\r\nline 3",
    "controls": "bell\x07back\x08c1\x9b31m",
    "zero-width": "a\u200bb\ufeff",
}
REFUSED = {"nul", "huge"}  # refused with a message before storing; everything else is stored as typed
FROZEN_UTC = datetime(2026, 11, 25, 20, 0, tzinfo=timezone.utc)


# ------------------------------------------------------------- command line
@pytest.fixture
def cli_db(tmp_path, monkeypatch, time_machine):
    monkeypatch.setenv("FRONTDESK_TZ", TZ)
    monkeypatch.delenv("FRONTDESK_DEBUG", raising=False)
    time_machine.move_to(FROZEN_UTC, tick=False)
    path = tmp_path / "cli.db"
    store.open_database(path)
    ann = writes.create_customer("Ann Lee", phones.parse("(650) 253-0000"), FROZEN)
    writes.create_ticket(ann, "Printer", FROZEN)
    store.close_database()
    yield path
    store.close_database()


def _count(path, table: str = "call") -> int:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
    finally:
        connection.close()


def _stored(path, sql: str, *args):
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql, args).fetchone()[0]
    finally:
        connection.close()


def _refused_in_one_line(capsys, code: int) -> str:
    out, err = capsys.readouterr()
    assert code != 0 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("frontdesk: ") and "Traceback" not in err, err
    return lines[0]


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_cli_note(cli_db, capsys, kind):
    value = HOSTILE[kind]
    code = cli.main(["log", "--db", str(cli_db), "--phone", "(650) 253-0000", "--note", value])
    if kind in REFUSED:
        assert "--note:" in _refused_in_one_line(capsys, code)
        assert _count(cli_db) == 0
        return
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    row = json.loads(out)
    assert row["note"] == value  # the JSON line carries it exactly
    assert _stored(cli_db, "SELECT note FROM call WHERE id = ?", row["id"]) == value  # byte-identical


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_cli_new_caller_name(cli_db, capsys, kind):
    value = HOSTILE[kind]
    code = cli.main(["log", "--db", str(cli_db), "--phone", "+1 212 555 0199", "--name", value])
    if kind in REFUSED:
        assert "--name:" in _refused_in_one_line(capsys, code)
        assert _count(cli_db, "customer") == 1
        return
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    customer_id = json.loads(out)["customer_id"]
    assert _stored(cli_db, "SELECT name FROM customer WHERE id = ?", customer_id) == value


@pytest.mark.parametrize("kind", list(HOSTILE) + ["letters", "forty-digits", "only-plus", "local-only", "extension-only"])
def test_cli_phone(cli_db, capsys, kind):
    value = {"letters": "call-me-now", "forty-digits": "1" * 40, "only-plus": "+", "local-only": "253-0000",
             "extension-only": "x204"}.get(kind) or HOSTILE[kind]
    code = cli.main(["log", "--db", str(cli_db), "--phone", value, "--name", "Someone"])
    assert "--phone" in _refused_in_one_line(capsys, code)
    assert _count(cli_db) == 0


@pytest.mark.parametrize(("option", "kind"), [
    (option, kind) for option in ("--reason", "--direction", "--outcome", "--ticket", "--customer")
    for kind in ("markup", "clear-screen", "sql", "nul", "emoji")
])
def test_cli_choice_and_id_arguments(cli_db, capsys, option, kind):
    code = cli.main(["log", "--db", str(cli_db), "--phone", "(650) 253-0000", option, HOSTILE[kind]])
    line = _refused_in_one_line(capsys, code)
    assert option in line and "\x1b" not in line or "\\x1b" in line
    assert _count(cli_db) == 0


@pytest.mark.parametrize(("argv", "words"), [
    (["export", "calls", "--since", "2026-02-30"], "--since"),
    (["export", "calls", "--since", "01/02/03"], "--since"),
    (["export", "calls", "--since", "[bold]x"], "--since"),
    (["export", "calls", "--since", "a\x1b[2Jb"], "--since"),
    (["export", "calls", "--since", "'; DROP TABLE call; --"], "--since"),
    (["export", "calls", "--tz", "[bold]"], "unknown time zone"),
    (["export", "calls", "--tz", "../../etc/passwd"], "unknown time zone"),
    (["export", "calls", "--tz", "x\x1b]52;c;AA==\x07"], "unknown time zone"),
    (["log", "--phone", "6502530000", "--region", "🔧"], "unknown phone region"),
    (["log", "--phone", "6502530000", "--region", "'; --"], "unknown phone region"),
    (["demo", "--seed", "[bold]"], "invalid int value"),
    (["import", "calls", "x\x00y"], "FILE contains a NUL"),
    (["backup", "a\x00b"], "PATH contains a NUL"),
    (["restore", "[bold]nothing[/bold]"], "No file at [bold]nothing[/bold]"),
    (["restore", "a\x1b[2Jb"], "No file at"),
])
def test_cli_other_arguments(cli_db, capsys, argv, words):
    code = cli.main([*argv, "--db", str(cli_db)])
    line = _refused_in_one_line(capsys, code)
    assert words in line, line


@pytest.mark.parametrize("kind", ["markup", "clear-screen", "nul", "emoji", "rtl"])
def test_cli_db_path(tmp_path, capsys, kind, monkeypatch):
    monkeypatch.setenv("FRONTDESK_TZ", TZ)
    path = str(tmp_path / HOSTILE[kind]) if kind != "nul" else "a\x00b"
    code = cli.main(["export", "calls", "--db", path])
    _refused_in_one_line(capsys, code)  # "No database at ...": a clear sentence, nothing created


# ------------------------------------------------------- checks behind forms
NOW = arrow.get("2026-11-25T15:00:00", tzinfo=TZ)
FIELD_CHECKS = {
    "name": lambda v: validation.name(v),
    "title": lambda v: validation.title(v),
    "note": lambda v: validation.note(v),
    "informed-note": lambda v: validation.required_note(v),
    "technician-name": lambda v: validation.technician_name(v),
    "technician-phone": lambda v: validation.technician_phone(v),
    "when": lambda v: validation.optional_when(v, NOW, TZ, "callback"),
    "talk": lambda v: validation.duration(v, "talk"),
    "phone": lambda v: validation.phone(v, "US"),
}
TEXT_FIELDS = {"name", "title", "note", "informed-note", "technician-name"}


@pytest.mark.parametrize(("field_name", "kind"), [(f, k) for f in FIELD_CHECKS for k in HOSTILE])
def test_every_field_check_stores_as_typed_or_says_why(field_name, kind):
    value = HOSTILE[kind]
    try:
        result = FIELD_CHECKS[field_name](value)
    except validation.FieldError as error:
        assert error.message and "\n" not in error.message and "Traceback" not in error.message
        assert "\x1b" not in error.message or field_name in ("when", "talk")  # echoed only via repr()
        return
    if field_name in TEXT_FIELDS or field_name == "technician-phone":
        assert result == value and kind not in REFUSED  # exactly as typed
    else:
        assert kind not in REFUSED


# ---------------------------------------------------------------- the forms
# a terminal types "\n" for enter; a TextArea holding mixed line ends normalises them, so the
# forms get "\n" only (the command line above keeps "\r\n" byte for byte)
UI_HOSTILE = {**HOSTILE, "newlines": "line 1\nline 2\n\n  line 3  "}
# every kind goes through the checks above; through the real forms, a slice of them (each UI save
# costs a quarter of a second, and the suite must stay quick)
UI_VALUES = ["markup-link", "osc52", "combining", "rtl", "newlines", "nul", "huge"]
UI_FEW = ["markup", "clear-screen", "bidi-override", "nul"]


def _no_escape_on_screen(app) -> None:
    """Whatever was typed, the screen paints no control characters (nothing restyled, no clipboard write)."""
    from ui_helpers import shown

    painted = shown(app.screen)
    assert not any(ch in painted for ch in "\x00\x07\x08\x1b\x9b"), repr(painted[:200])


async def _open(app, pilot, form) -> None:
    """Push a form the way the desk does: its result refreshes the desk."""
    desk_screen = app.screen_stack[0]
    await app.push_screen(form, desk_screen.after_save("calls", "call-{}"))
    await settle(app, pilot)


async def _save(app, pilot):
    await settle(app, pilot)  # the fields' change events land first, as they do when typing
    await pilot.press("ctrl+s")
    await settle(app, pilot)


async def test_call_form_note_and_new_ticket_title(desk):
    from frontdesk.ui.screens.call_form import CallForm
    from frontdesk.store.models import Call, Ticket

    app, ids = desk
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        for kind in UI_VALUES:
            value = UI_HOSTILE[kind]
            form = CallForm()
            await _open(app, pilot, form)
            form.query_one("#lookup", Input).value = ALICE_PHONE
            await settle(app, pilot)
            options = form.query_one("#ticket")
            options.highlighted = options.option_count - 1  # "+ new ticket"
            title = value if kind != "huge" else "x" * 301  # the title's own limit
            form.query_one("#new-ticket", Input).value = title
            form.query_one("#note", TextArea).text = value
            await _save(app, pilot)
            _no_escape_on_screen(app)
            if kind in REFUSED:
                assert app.screen is form, kind
                assert error_at(form, "new-ticket")  # the first bad field (the note is checked next)
                await pilot.press("escape", "y")
                await settle(app, pilot)
                continue
            assert app.screen is not form, (kind, text_of(form.query_one("#form-error")))
            call = Call.select().order_by(Call.id.desc()).get()
            assert call.note == value and Ticket.get_by_id(call.ticket_id).title == value  # byte-identical
            pane = app.screen.query_one("#calls")
            shown_row = " ".join(str(c) for c in pane.get_row(f"call-{call.id}"))
            assert not any(ch in shown_row for ch in "\x00\x07\x1b")
            assert visible(value)[:6] in shown_row  # literally, markup and all


async def test_call_form_new_caller_name_and_lookup(desk):
    from frontdesk.ui.screens.call_form import CallForm
    from frontdesk.store.models import Customer

    app, _ = desk
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        for n, kind in enumerate([*UI_FEW, "rtl", "huge"]):
            value = UI_HOSTILE[kind]
            form = CallForm()
            await _open(app, pilot, form)
            # the lookup field takes anything: a name search or a refusal, never a crash
            form.query_one("#lookup", Input).value = value
            await settle(app, pilot)
            _no_escape_on_screen(app)
            await _save(app, pilot)
            assert app.screen is form and error_at(form, "lookup")
            # a new caller: their name is stored as typed
            form.query_one("#lookup", Input).value = f"+1 332 555 {1000 + n:04d}"
            await settle(app, pilot)
            form.query_one("#new-name", Input).value = value
            await _save(app, pilot)
            _no_escape_on_screen(app)
            if kind in REFUSED:
                assert app.screen is form and error_at(form, "new-name")
                await pilot.press("escape", "y")
                await settle(app, pilot)
                continue
            assert app.screen is not form
            assert Customer.select().order_by(Customer.id.desc()).get().name == value


async def test_call_form_callback_and_talk_time(desk):
    from frontdesk.ui.screens.call_form import CallForm

    bad_times = ["2026-02-30", "01/02/03", "yesterday", "[bold]9", "a\x1b[2Jb", "x" * 100_000, "a\x00b"]
    bad_talk = ["1:75", "-5", "[bold]", "a\x00b"]
    app, _ = desk
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        form = CallForm()
        await app.push_screen(form)
        await settle(app, pilot)
        form.query_one("#lookup", Input).value = ALICE_PHONE
        await settle(app, pilot)
        for field_id, values in (("callback", bad_times), ("talk", bad_talk)):
            for value in values:
                form.query_one(f"#{field_id}", Input).value = value
                await _save(app, pilot)
                assert app.screen is form, (field_id, value)
                assert error_at(form, field_id), (field_id, value)
                _no_escape_on_screen(app)
            form.query_one(f"#{field_id}", Input).value = ""


async def test_visit_windows_that_are_not_windows(desk):
    from frontdesk.ui.screens.visit_form import VisitForm

    cases = [("today", "12", "10", "end"), ("today", "10", "10", "end"), ("today", "22", "02", "end"),
             ("tomorrow", "00:00", "23:59", "end"), ("2026-02-30", "9", "10", "day"), ("yesterday", "9", "10", "day"),
             ("01/02/03", "9", "10", "day"), ("tomorrow", "25", "26", "start"), ("tomorrow", "[bold]", "10", "start"),
             ("tomorrow", "9", "a\x1b[2Jb", "end"), ("a\x00b", "9", "10", "day"), ("x" * 100_000, "9", "10", "day")]
    app, ids = desk
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        form = VisitForm(customer_id=ids["alice"])
        await app.push_screen(form)
        await settle(app, pilot)
        form.query_one("#technician").highlighted = 0  # who is going: chosen, so the window is what is checked
        for day, start, end, field_id in cases:
            form.query_one("#day", Input).value = day
            form.query_one("#start", Input).value = start
            form.query_one("#end", Input).value = end
            await _save(app, pilot)
            assert app.screen is form, (day, start, end)
            errors = {w.id: text_of(w) for w in form.query(".field-error, .form-error") if text_of(w)}
            assert f"err-{field_id}" in errors, (day, start, end, errors)
            assert error_at(form, field_id)
            _no_escape_on_screen(app)


async def test_ticket_title_informed_note_and_technician(desk):
    from frontdesk.ui.screens.informed_form import InformedForm
    from frontdesk.ui.screens.technicians import TechnicianForm
    from frontdesk.ui.screens.ticket_form import TicketForm
    from frontdesk.store.models import Call, Technician, Ticket

    app, ids = desk
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        for kind in UI_FEW:
            value = UI_HOSTILE[kind]
            for make, field_id, widget, stored in (
                (lambda: TicketForm(customer_id=ids["alice"]), "title", Input,
                 lambda: Ticket.select().order_by(Ticket.id.desc()).get().title),
                (lambda: InformedForm(ticket_id=ids["laptop"]), "note", TextArea,
                 lambda: Call.select().order_by(Call.id.desc()).get().note),
                (lambda: TechnicianForm(), "name", Input,
                 lambda: Technician.select().order_by(Technician.id.desc()).get().name),
            ):
                form = make()
                await _open(app, pilot, form)
                box = form.query_one(f"#{field_id}", widget)
                if widget is Input:
                    box.value = value
                else:
                    box.text = value
                await _save(app, pilot)
                _no_escape_on_screen(app)
                if kind in REFUSED:
                    assert app.screen is form and error_at(form, field_id), (kind, field_id)
                    await pilot.press("escape", "y")
                    await settle(app, pilot)
                    continue
                assert app.screen is not form, (kind, field_id, text_of(form.query_one("#form-error")))
                assert stored() == value, (kind, field_id)
                if app.screen.__class__.__name__ != "DashboardScreen":
                    await pilot.press("escape")  # the technicians list
                    await settle(app, pilot)
