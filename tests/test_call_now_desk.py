"""The call-now queue on the real desk: `n`, `enter`, the forms that settle an
item, and what the database holds afterwards.  The clock is moved by hand."""

from __future__ import annotations

from datetime import timedelta

import arrow
import pytest
from textual.widgets import Input, TextArea

from frontdesk.domain import phones
from frontdesk import store
from frontdesk.store import writes
from frontdesk.ui.app import FrontDeskApp
from frontdesk.files.config import Settings
from frontdesk.ui.screens.dashboard import DashboardScreen
from frontdesk.ui.screens.informed_form import InformedForm
from frontdesk.store.models import Call, Promise, Ticket, TicketWait, Visit
from ui_helpers import row_texts, settle, shown, static_text

TZ = "America/New_York"
WED_0950 = arrow.get("2026-11-25T09:50:00", tzinfo=TZ)


class Clock:
    def __init__(self, moment):
        self.moment = moment

    def __call__(self):
        return self.moment


def local(text: str):
    return arrow.get(text, tzinfo=TZ).to("UTC").naive


@pytest.fixture
def day(tmp_path):
    """Ann: a visit 09:00-10:00 (not en route) on her ticket.  Bob: a quiet ticket."""
    path = tmp_path / "queue.db"
    store.open_database(path)
    start = WED_0950.shift(days=-1)
    ann = writes.create_customer("Ann [bold]Lee", phones.parse("(650) 253-0000"), start)
    bob = writes.create_customer("Bob Roe", phones.parse("(617) 253-1000"), start)
    tech = writes.save_technician("Tess Tech")
    ann_ticket = writes.create_ticket(ann, "Server down", start, technician_id=tech)
    writes.log_call(writes.CallDraft(started_at=start.naive, customer_id=ann, ticket_id=ann_ticket,
                                     reason="new problem"), start)
    bob_ticket = writes.create_ticket(bob, "Printer [/ jam", WED_0950.shift(days=-6))
    visit = writes.create_visit(ann, local("2026-11-25 09:00"), local("2026-11-25 10:00"), start,
                                ticket_id=ann_ticket, technician_id=tech)
    store.close_database()
    return {"path": path, "ann": ann, "bob": bob, "ann_ticket": ann_ticket, "bob_ticket": bob_ticket,
            "visit": visit}


def make_app(path, clock) -> FrontDeskApp:
    return FrontDeskApp(Settings(db_path=path, timezone=TZ), now=clock)


def queue_keys(app) -> list[str]:
    return [key.value for key in app.screen.query_one("#queue").rows]


def reason_of(app, key: str) -> str:
    return row_texts(app.screen.query_one("#queue"), key)[2]


async def inform_first(app, pilot, note: str) -> None:
    """n, enter, a note, ctrl+s — the receptionist's whole gesture."""
    await pilot.press("n")
    await pilot.press("enter")
    await settle(app, pilot)
    assert isinstance(app.screen, InformedForm)
    app.screen.query_one("#note", TextArea).text = note
    await pilot.press("ctrl+s")
    await settle(app, pilot)
    assert isinstance(app.screen, DashboardScreen)


async def test_a_late_visit_is_cleared_by_informing_and_stays_cleared(day):
    clock = Clock(WED_0950.shift(minutes=30))  # 10:20: the window ended 20 minutes ago
    app = make_app(day["path"], clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        visit_key = f"visit-{day['visit']}"
        assert queue_keys(app)[0] == visit_key  # most urgent first
        assert reason_of(app, visit_key) == "technician late"
        assert "Ann [bold]Lee" in shown(app.screen.query_one("#queue"))  # literal, not markup
        assert "call now 2" in static_text(app.screen, "#desk-header")  # and Bob's quiet ticket

        await inform_first(app, pilot, "Tess is 30 min out; they chose to wait.")
        call = Call.select().order_by(Call.id.desc()).first()
        assert (call.visit_id, call.direction, call.informed, call.note) == (
            day["visit"], "out", True, "Tess is 30 min out; they chose to wait.")
        assert visit_key not in queue_keys(app)

        clock.moment = clock.moment.shift(hours=1)  # later the same day: no new lateness
        await pilot.press("r")
        await settle(app, pilot)
        assert visit_key not in queue_keys(app)
        # informed, but only after the window ended: recorded as not warned in time
        assert row_texts(app.screen.query_one("#visits"), visit_key)[5].endswith("NOT warned in time")


async def test_informing_before_the_lateness_does_not_clear_the_lateness(day):
    clock = Clock(WED_0950)  # 09:50: 10 minutes of the window left, nobody on site
    app = make_app(day["path"], clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        visit_key = f"visit-{day['visit']}"
        assert reason_of(app, visit_key) == "technician may be late"
        await inform_first(app, pilot, "Running a little behind.")
        assert visit_key not in queue_keys(app)

        clock.moment = arrow.get("2026-11-25T10:05:00", tzinfo=TZ)  # the window has ended: a new lateness
        await pilot.press("r")
        await settle(app, pilot)
        assert reason_of(app, visit_key) == "technician late"
        assert row_texts(app.screen.query_one("#visits"), visit_key)[5].endswith(" · warned in time")
        await pilot.press("3", "enter")  # the visit's details say so too
        await settle(app, pilot)
        assert "Warned in time        yes: called before the window ended" in static_text(app.screen, "#details-body")


async def test_n_walks_the_queue_from_any_pane(day):
    app = make_app(day["path"], Clock(WED_0950.shift(minutes=30)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("2")  # somewhere else: the tickets pane
        await pilot.press("n")
        queue = app.screen.query_one("#queue")
        assert app.focused is queue and queue.cursor_row == 0
        await pilot.press("n")
        assert queue.cursor_row == 1
        for _ in range(queue.row_count - 1):
            await pilot.press("n")
        assert queue.cursor_row == 0  # wraps to the most urgent


async def test_the_queue_hides_when_empty_and_N_toggles_it(day):
    app = make_app(day["path"], Clock(arrow.get("2026-11-25T07:00:00", tzinfo=TZ)))  # before opening
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        queue = app.screen.query_one("#queue")
        assert queue.row_count == 0 and not queue.display
        assert "call now 0" in static_text(app.screen, "#desk-header")
        await pilot.press("N")
        assert queue.display and app.focused is queue
        assert "nobody is waiting" in static_text(app.screen, "#queue-title")
        await pilot.press("N")
        assert not queue.display and app.focused is not queue


async def test_closing_schedules_exactly_one_follow_up_the_next_business_morning(day):
    friday = arrow.get("2026-11-27T16:30:00", tzinfo=TZ)
    clock = Clock(friday)
    app = make_app(day["path"], clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("2")
        tickets = app.screen.query_one("#tickets")
        tickets.move_cursor(row=[k.value for k in tickets.rows].index(f"ticket-{day['ann_ticket']}"))
        await pilot.press("x")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        ticket = Ticket.get_by_id(day["ann_ticket"])
        assert ticket.status == "closed"
        assert ticket.follow_up_due == local("2026-11-30 10:00")  # Monday, not Saturday
        assert Ticket.select().where(Ticket.follow_up_due.is_null(False)).count() == 1
        assert f"followup-{day['ann_ticket']}" not in queue_keys(app)  # never before it is due

        clock.moment = arrow.get("2026-11-30T10:01:00", tzinfo=TZ)
        await pilot.press("r")
        await settle(app, pilot)
        key = f"followup-{day['ann_ticket']}"
        assert reason_of(app, key) == "satisfaction follow-up"
        assert [k for k in queue_keys(app) if k.startswith("followup-")] == [key]


async def test_e_records_en_route_with_an_eta_after_the_window(day):
    app = make_app(day["path"], Clock(arrow.get("2026-11-25T08:00:00", tzinfo=TZ)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("3", "e")
        await settle(app, pilot)
        await pilot.press(*"10:40")
        assert "→ Wed 25 Nov 10:40" in static_text(app.screen, "#preview-eta")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        visit = Visit.get_by_id(day["visit"])
        assert (visit.status, visit.eta, visit.eta_set_at) == ("en route", local("2026-11-25 10:40"),
                                                               local("2026-11-25 08:00"))
        assert reason_of(app, f"visit-{day['visit']}") == "technician may be late"  # ETA after 10:00


async def test_p_re_promises_and_keeps_the_history(day):
    app = make_app(day["path"], Clock(WED_0950))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        for when in ("tomorrow 17:00", "fri 12"):
            await pilot.press("2")
            tickets = app.screen.query_one("#tickets")
            tickets.move_cursor(row=[k.value for k in tickets.rows].index(f"ticket-{day['bob_ticket']}"))
            await pilot.press("p")
            await settle(app, pilot)
            assert "Printer [/ jam" in static_text(app.screen, "#about")
            app.screen.query_one("#promised", Input).value = when
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            assert isinstance(app.screen, DashboardScreen)
        promises = list(Promise.select().where(Promise.ticket == day["bob_ticket"]).order_by(Promise.id))
        assert [p.promised_by for p in promises] == [local("2026-11-26 17:00"), local("2026-11-27 12:00")]
        assert Ticket.get_by_id(day["bob_ticket"]).promised_by == local("2026-11-27 12:00")
        cells = row_texts(app.screen.query_one("#tickets"), f"ticket-{day['bob_ticket']}")
        assert cells[5].endswith("×2")


async def test_a_promise_is_required_and_kept_when_refused(day):
    app = make_app(day["path"], Clock(WED_0950))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("2", "p")
        await settle(app, pilot)
        app.screen.query_one("#promised", Input).value = "someday soon"
        await pilot.pause()  # the typing's own events land first, as they do at a keyboard
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen.query_one("#promised", Input).value == "someday soon"
        assert "not a date or time" in static_text(app.screen, "#err-promised")
        assert static_text(app.screen, "#preview-promised") == ""  # said once, at the field
        assert Promise.select().count() == 0


async def test_h_waiting_on_parts_pauses_the_quiet_ticket(day):
    app = make_app(day["path"], Clock(WED_0950.shift(hours=2)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        key = f"ticket-{day['bob_ticket']}"
        assert reason_of(app, key) == "gone quiet"  # 6 days without contact
        await pilot.press("2")
        tickets = app.screen.query_one("#tickets")
        tickets.move_cursor(row=[k.value for k in tickets.rows].index(key))
        await pilot.press("h")
        await settle(app, pilot)
        await pilot.press("p")  # waiting on: first letter jumps to "parts"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert Ticket.get_by_id(day["bob_ticket"]).waiting_on == "parts"
        assert TicketWait.select().where(TicketWait.ticket == day["bob_ticket"]).count() == 1
        assert key not in queue_keys(app)
        assert row_texts(app.screen.query_one("#tickets"), key)[5].startswith("waiting: parts")


def history(day, days_each: int = 4, count: int = 3) -> None:
    """Bob's past normal tickets each took `days_each` days to close."""
    store.open_database(day["path"])
    for index in range(count):
        opened = WED_0950.shift(days=-30 + index)
        ticket = writes.create_ticket(day["bob"], f"old {index}", opened)
        writes.close_ticket(ticket, opened.shift(days=days_each))
    store.close_database()


async def test_a_promise_sooner_than_history_asks_first(day):
    from frontdesk.ui.screens.confirm import ConfirmScreen
    from frontdesk.ui.screens.promise_form import PromiseForm

    history(day, days_each=10)
    app = make_app(day["path"], Clock(WED_0950))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("2")
        tickets = app.screen.query_one("#tickets")
        tickets.move_cursor(row=[k.value for k in tickets.rows].index(f"ticket-{day['bob_ticket']}"))
        await pilot.press("p")
        await settle(app, pilot)
        about = static_text(app.screen, "#about")
        assert "expected by" in about and "n=3, this customer" in about  # the four times, with the sample
        await pilot.press(*"in 2h")  # opened 6 days ago; history says 10 days: 4 days from now
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "History says" in app.screen.question and app.screen.question.endswith("Promise it anyway?")
        await pilot.press("n")  # change the date instead: nothing saved, the typing kept
        await settle(app, pilot)
        assert isinstance(app.screen, PromiseForm) and Promise.select().count() == 0
        assert app.screen.query_one("#promised", Input).value == "in 2h"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert Promise.select().where(Promise.ticket == day["bob_ticket"]).count() == 1


async def test_a_new_ticket_promised_sooner_than_history_asks_first(day):
    from frontdesk.ui.screens.confirm import ConfirmScreen
    from frontdesk.ui.screens.ticket_form import TicketForm

    history(day)
    app = make_app(day["path"], Clock(WED_0950))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("2")
        tickets = app.screen.query_one("#tickets")
        tickets.move_cursor(row=[k.value for k in tickets.rows].index(f"ticket-{day['bob_ticket']}"))
        await pilot.press("t")
        await settle(app, pilot)
        assert isinstance(app.screen, TicketForm)
        app.screen.query_one("#title", Input).value = "Scanner offline"
        app.screen.query_one("#promised", Input).value = "tomorrow 12"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen) and "4 days" in app.screen.question
        await pilot.press("y")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        saved = Ticket.select().where(Ticket.title == "Scanner offline").get()
        assert saved.promised_by == local("2026-11-26 12:00")
        assert Promise.select().where(Promise.ticket == saved.id).count() == 1

        # a promise history can keep: no question
        await pilot.press("2", "t")
        await settle(app, pilot)
        app.screen.query_one("#title", Input).value = "Monitor flickers"
        app.screen.query_one("#promised", Input).value = "2026-12-07"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert Ticket.select().where(Ticket.title == "Monitor flickers").count() == 1
