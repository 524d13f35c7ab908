"""`w` on the desk: booking an arrival window, driven through the real app."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from frontdesk.store import writes
from frontdesk.ui.screens.confirm import ConfirmScreen
from frontdesk.ui.screens.dashboard import DashboardScreen
from frontdesk.ui.screens.visit_form import WIDE_WARNING, VisitForm
from frontdesk.store.models import Visit
from ui_helpers import desk, error_at, row_texts, settle, static_text, utc  # noqa: F401

SEEDED_VISITS = 2


async def open_from_ticket(app, pilot) -> VisitForm:
    await settle(app, pilot)
    await pilot.press("2", "w")  # tickets pane: Alice's printer ticket (technician Bob)
    await settle(app, pilot)
    assert isinstance(app.screen, VisitForm)
    return app.screen


def type_window(form: VisitForm, day: str, start: str, end: str) -> None:
    form.query_one("#day", Input).value = day
    form.query_one("#start", Input).value = start
    form.query_one("#end", Input).value = end


async def test_book_a_window_for_the_selected_ticket(desk):
    app, ids = desk
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_from_ticket(app, pilot)
        assert "Alice Jones" in static_text(form, "#customer-fixed")
        assert static_text(form, "#ticket-line").startswith("Ticket #1 Printer jams on every page")
        assert form.query_one("#technician").technician_id == ids["bob_tech"]  # the ticket's technician
        assert form.query_one("#day", Input).value == "today"
        assert not form.query("#change-customer")  # a ticket's visit is for that ticket's customer
        await pilot.press("tab", "tab", *"16", "tab", *"5:30pm")  # technician -> day -> from -> to
        assert static_text(form, "#window-preview").startswith("→ Wed 25 Nov 16:00–17:30")
        assert not form.query_one("#wide-warning").display
        await pilot.press("ctrl+s")
        await settle(app, pilot)

        assert isinstance(app.screen, DashboardScreen)
        visit = Visit.select().order_by(Visit.id.desc()).first()
        assert (visit.customer_id, visit.ticket_id, visit.technician_id) == (ids["alice"], ids["printer"], ids["bob_tech"])
        assert (visit.window_start, visit.window_end) == (utc("2026-11-25 16:00"), utc("2026-11-25 17:30"))
        visits = app.screen.query_one("#visits")
        assert row_texts(visits, f"visit-{visit.id}")[:3] == ["16:00–17:30", "Alice Jones", "Bob Tech"]
        assert visits.selected_key == f"visit-{visit.id}"


async def test_a_wide_window_warns_but_saves(desk):
    app, _ids = desk
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_from_ticket(app, pilot)
        type_window(form, "tomorrow", "9", "1pm")
        await pilot.pause()
        await pilot.pause()
        warning = form.query_one("#wide-warning")
        assert warning.display and warning.region.height == 1
        assert static_text(form, "#wide-warning") == WIDE_WARNING
        before = Visit.select().count()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)  # asks, and says why
        assert "Customers accept 1–2 h; 4 h windows cost goodwill" in app.screen.question
        await pilot.press("escape")  # narrow it instead: back to the form, nothing saved
        await settle(app, pilot)
        assert app.screen is form and Visit.select().count() == before
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        visit = Visit.select().order_by(Visit.id.desc()).first()
        assert (visit.window_start, visit.window_end) == (utc("2026-11-26 09:00"), utc("2026-11-26 13:00"))


async def test_the_wide_window_limit_comes_from_the_thresholds(desk):
    from dataclasses import replace

    app, _ids = desk
    app.settings = replace(app.settings, thresholds=replace(app.settings.thresholds, wide_window_hours=4))
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_from_ticket(app, pilot)
        type_window(form, "tomorrow", "9", "1pm")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)  # 4 h is within a 4 h limit: no question


@pytest.mark.parametrize(
    ("day", "start", "end", "field", "message"),
    [
        ("today", "14", "12", "end", "The window must end after it starts (windows cannot cross midnight)."),
        ("today", "16:00", "16", "end", "The window is empty: it must end later than it starts (e.g. 10 to 12)."),
        ("today", "noonish", "17", "start", "'noonish' is not a time of day (try 9, 14:30 or 2pm)."),
        ("today", "16", "25:00", "end", "'25:00' is not a time of day: hours 0-23, minutes 0-59."),
        ("today", "16", "", "end", "Enter a time, e.g. 10 or 10:30."),
        ("2026-11-20", "9", "11", "day", "That day has passed; book a visit for today or later."),
        ("2026-02-30", "9", "11", "day", "'2026-02-30' is not a real date (use YYYY-MM-DD)."),
        ("[bold]someday", "9", "11", "day", "'[bold]someday' is not a date or time we know: try 'today 17:00', 'tomorrow 9', 'fri', 'in 2h' or 2026-12-04."),
    ],
)
async def test_bad_windows_are_refused_at_the_field(desk, day, start, end, field, message):
    app, _ids = desk
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_from_ticket(app, pilot)
        type_window(form, day, start, end)
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert error_at(form, field) == message
        assert app.focused is form.query_one(f"#{field}", Input)
        assert static_text(form, "#window-preview") == ""
        assert [form.query_one(f"#{n}", Input).value for n in ("day", "start", "end")] == [day, start, end]
        assert Visit.select().count() == SEEDED_VISITS


async def test_a_technician_must_be_chosen_when_there_are_any(desk):
    app, ids = desk
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("1", "w")  # calls pane: Alice's call; no ticket, so no technician suggested
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, VisitForm)
        assert form.query_one("#technician").technician_id is None
        type_window(form, "fri", "10", "11:30")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert error_at(form, "technician") == "Choose who is going (↑/↓)."
        assert app.focused is form.query_one("#technician")
        await pilot.press("down")  # Ana Tech (sorted by name)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        visit = Visit.select().order_by(Visit.id.desc()).first()
        assert (visit.technician_id, visit.ticket_id) == (ids["ana_tech"], None)
        assert visit.window_start == utc("2026-11-27 10:00")


async def test_without_technicians_a_visit_can_still_be_booked(desk):
    app, ids = desk
    writes.set_technician_active(ids["bob_tech"], False)
    writes.set_technician_active(ids["ana_tech"], False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("1", "w")
        await settle(app, pilot)
        form = app.screen
        assert "no technicians yet" in form.query_one("#technician").get_option_at_index(0).prompt.plain
        type_window(form, "tomorrow", "10", "12")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert Visit.select().order_by(Visit.id.desc()).first().technician_id is None


async def test_escape_on_a_dirty_visit_form_asks(desk):
    app, _ids = desk
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_from_ticket(app, pilot)
        await pilot.press("tab", "tab", *"10")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is form and form.query_one("#start", Input).value == "10"
        await pilot.press("escape", "y")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert Visit.select().count() == SEEDED_VISITS


async def test_escape_on_an_untouched_visit_form_closes_at_once(desk):
    """The prefilled day ("today") is not something the receptionist typed."""
    app, _ids = desk
    async with app.run_test(size=(120, 40)) as pilot:
        await open_from_ticket(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
