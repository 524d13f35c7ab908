"""The desk itself: panes, header counts, the refresh loop, pane keys."""

from __future__ import annotations

import arrow
import pytest

from frontdesk.domain import phones
from frontdesk import store
from frontdesk.store import writes
from frontdesk.ui.app import FrontDeskApp
from frontdesk.files.config import Settings
from ui_helpers import settle
from frontdesk.store.models import Ticket, Visit

TZ = "America/New_York"
START = arrow.get("2026-11-25T10:30:00", tzinfo=TZ).to("UTC")


class Clock:
    """A frozen clock the test moves by hand."""

    def __init__(self, moment):
        self.moment = moment

    def __call__(self):
        return self.moment


@pytest.fixture
def day(tmp_path):
    path = tmp_path / "day.db"
    store.open_database(path)
    ann = writes.create_customer("Ann Lee", phones.parse("(650) 253-0000"), START)
    bob = writes.create_customer("Bob [bold]Roe", phones.parse("(617) 253-1000"), START)
    tech = writes.save_technician("Tess Tech")
    tickets = [
        writes.create_ticket(ann, "Printer jam", START.shift(days=-3), promised_by=START.shift(hours=-2).naive),
        writes.create_ticket(bob, "Email down", START.shift(days=-1), promised_by=START.shift(days=1).naive),
        writes.create_ticket(bob, "Laptop slow", START.shift(hours=-5)),
    ]
    # a window 10:00-11:00 local: in window at 10:30, late after 11:00
    visit = writes.create_visit(ann, START.shift(minutes=-30).naive, START.shift(minutes=30).naive, START,
                                ticket_id=tickets[0], technician_id=tech)
    for minutes, note in ((-90, "first"), (-60, "second"), (-30, "third")):
        writes.log_call(writes.CallDraft(started_at=START.shift(minutes=minutes).naive, customer_id=bob,
                                         reason="status inquiry", note=note), START)
    store.close_database()
    return {"path": path, "tickets": tickets, "visit": visit, "ann": ann, "bob": bob}


def make_app(path, clock) -> FrontDeskApp:
    return FrontDeskApp(Settings(db_path=path, timezone=TZ, refresh_seconds=15), now=clock)


def keys(pane) -> list[str]:
    return [k.value for k in pane.rows]


async def test_panes_and_header_show_the_day(day):
    app = make_app(day["path"], Clock(START))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert keys(screen.query_one("#calls")) == ["call-3", "call-2", "call-1"]  # newest first
        tickets = screen.query_one("#tickets")
        assert keys(tickets)[0] == f"ticket-{day['tickets'][0]}"  # the broken promise first
        row = [str(c) for c in tickets.get_row(f"ticket-{day['tickets'][0]}")]
        assert "2 h late" in row and "never" in row
        visit_row = [str(c) for c in screen.query_one("#visits").get_row(f"visit-{day['visit']}")]
        assert "10:00–11:00" in visit_row and "in window" in visit_row
        header = str(screen.query_one("#desk-header").render())
        assert "calls today 3" in header and "open tickets 3" in header and "late visits 0" in header
        assert "10:30" in header  # local time, not UTC
        bob_row = [str(c) for c in tickets.get_row(f"ticket-{day['tickets'][1]}")]
        assert "Bob [bold]Roe" in bob_row  # markup in a name is shown literally


async def test_refresh_timer_shows_lateness_without_a_key_and_keeps_the_cursor(day):
    clock = Clock(START)
    app = make_app(day["path"], clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        calls = screen.query_one("#calls")
        calls.move_cursor(row=1)
        assert screen._timer is not None and app.settings.refresh_seconds <= 30
        clock.moment = START.shift(minutes=45)  # window ended 15 min ago, nobody arrived
        screen._timer._callback()  # what the timer runs when it fires
        await settle(app, pilot)
        state = [str(c) for c in screen.query_one("#visits").get_row(f"visit-{day['visit']}")]
        assert "LATE 15 min" in state
        assert "late visits 1" in str(screen.query_one("#desk-header").render())
        assert calls.selected_key == "call-2"  # the cursor stayed on its row


async def test_another_desks_call_appears_on_refresh_with_cursor_kept(day):
    app = make_app(day["path"], Clock(START))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        calls = app.screen.query_one("#calls")
        calls.move_cursor(row=2)
        writes.log_call(writes.CallDraft(started_at=START.naive, customer_id=day["ann"], note="other desk"), START)
        app.screen._timer._callback()
        await settle(app, pilot)
        assert keys(calls)[0] == "call-4"
        assert calls.selected_key == "call-1"


async def test_tab_moves_between_panes(day):
    app = make_app(day["path"], Clock(START))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.focused.id == "calls"
        await pilot.press("tab")
        assert app.focused.id == "tickets"
        await pilot.press("tab")
        assert app.focused.id == "visits"
        await pilot.press("shift+tab")
        assert app.focused.id == "tickets"
        await pilot.press("1")
        assert app.focused.id == "calls"


async def test_a_marks_the_selected_visit_arrived(day):
    app = make_app(day["path"], Clock(START))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("3", "a")
        await settle(app, pilot)
        visit = Visit.get_by_id(day["visit"])
        assert visit.status == "on site" and visit.arrived_at == START.naive
        row = [str(c) for c in app.screen.query_one("#visits").get_row(f"visit-{day['visit']}")]
        assert "arrived on time" in row and "on site" in row


async def test_a_without_a_visit_selected_explains(day):
    app = make_app(day["path"], Clock(START))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        await settle(app, pilot)
        assert any("Select a visit" in str(n.message) for n in app._notifications)
        assert Visit.get_by_id(day["visit"]).arrived_at is None


async def test_x_closes_the_selected_ticket_after_confirming(day):
    app = make_app(day["path"], Clock(START))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("2")
        first = app.screen.query_one("#tickets").selected_key
        ticket_id = int(first.split("-")[1])
        await pilot.press("x")
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "ConfirmScreen"
        await pilot.press("n")
        await settle(app, pilot)
        assert Ticket.get_by_id(ticket_id).status == "open"
        await pilot.press("x", "y")
        await settle(app, pilot)
        ticket = Ticket.get_by_id(ticket_id)
        assert ticket.status == "closed" and ticket.closed_at == START.naive
        assert first not in keys(app.screen.query_one("#tickets"))
        assert "open tickets 2" in str(app.screen.query_one("#desk-header").render())


async def test_usable_at_80_by_24(day):
    app = make_app(day["path"], Clock(START))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for pane in ("#calls", "#tickets", "#visits"):
            widget = app.screen.query_one(pane)
            assert widget.size.height >= 3, pane  # header row plus at least two rows visible
        await pilot.press("c")
        await settle(app, pilot)
        assert app.screen.query_one("#lookup").size.width >= 20


async def test_q_quits(day):
    app = make_app(day["path"], Clock(START))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_keys_can_be_remapped_by_binding_id(day, tmp_path):
    from frontdesk.files.config import load_settings

    config = tmp_path / "config.toml"
    config.write_text('[frontdesk]\ntimezone = "America/New_York"\n\n[keys]\nlog_call = "f2"\n')
    settings = load_settings(config).with_overrides(db_path=day["path"])
    assert dict(settings.keymap) == {"log_call": "f2"}
    app = FrontDeskApp(settings, now=Clock(START))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "DashboardScreen"
        await pilot.press("f2")
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "CallForm"


async def test_a_callback_turning_overdue_repaints_its_unchanged_time_cell(day):
    """Same text, new colour: a refresh must still repaint the cell."""
    clock = Clock(START)
    store.open_database(day["path"])
    owed = writes.log_call(writes.CallDraft(started_at=START.shift(minutes=-5).naive, customer_id=day["ann"],
                                            callback_by=START.shift(minutes=10).naive), START)
    app = make_app(day["path"], clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        pane = app.screen.query_one("#calls")
        before = pane.get_row(f"due-{owed}")[0]
        assert "yellow" in str(before.style)
        clock.moment = START.shift(minutes=20)
        app.screen._timer._callback()
        await settle(app, pilot)
        after = pane.get_row(f"due-{owed}")[0]
        assert after.plain == before.plain and "red" in str(after.style)
