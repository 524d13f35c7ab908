"""`i` on the desk: the "customer informed" form, driven through the real app."""

from __future__ import annotations

from textual.widgets import TextArea

from frontdesk.ui.screens.confirm import ConfirmScreen
from frontdesk.ui.screens.dashboard import DashboardScreen
from frontdesk.ui.screens.informed_form import InformedForm
from frontdesk.store.models import Call, Visit
from ui_helpers import desk, error_at, row_texts, settle, shown, static_text  # noqa: F401  (desk is a fixture)

HOSTILE_NOTE = "[bold]Told her[/bold] fri 🔧 שלום [/ $x"


async def open_on_ticket(app, pilot):
    await settle(app, pilot)
    await pilot.press("2", "i")  # tickets pane: the printer ticket (broken promise) is first
    await settle(app, pilot)
    assert isinstance(app.screen, InformedForm)
    return app.screen


async def test_informed_on_a_ticket_records_an_outbound_update(desk):
    app, ids = desk
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_on_ticket(app, pilot)
        about = static_text(form, "#about")
        assert "Alice Jones" in about and "Printer jams on every page" in about and "22 h late" in about
        assert app.focused is form.query_one("#note", TextArea)
        await pilot.press(*"Told her it is fixed fri")
        form.query_one("#note", TextArea).text = HOSTILE_NOTE
        await pilot.press("tab", "s")  # channel: first letter jumps to sms
        await pilot.press("ctrl+s")
        await settle(app, pilot)

        assert isinstance(app.screen, DashboardScreen)
        call = Call.select().order_by(Call.id.desc()).first()
        assert call.id != ids["call"]
        assert (call.direction, call.channel, call.informed, call.ticket_id, call.customer_id) == (
            "out", "sms", True, ids["printer"], ids["alice"])
        assert call.note == HOSTILE_NOTE
        calls = app.screen.query_one("#calls")
        assert row_texts(calls, f"call-{call.id}")[-1] == HOSTILE_NOTE  # literal, not markup
        assert "[bold]Told her[/bold]" in shown(calls)
        assert row_texts(app.screen.query_one("#tickets"), f"ticket-{ids['printer']}")[6] == "just now"


async def test_empty_note_is_refused_at_the_field(desk):
    app, _ids = desk
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_on_ticket(app, pilot)
        await pilot.press("space", "space", "ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert error_at(form, "note").startswith("Write what the customer was told")
        assert form.query_one("#field-note").has_class("-invalid-field")
        assert Call.select().count() == 1


async def test_a_10000_character_note_is_refused_and_kept(desk):
    app, _ids = desk
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_on_ticket(app, pilot)
        long_note = "x" * 9_990 + "[bold]end"
        form.query_one("#note", TextArea).text = long_note
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert error_at(form, "note") == "The note is 9,999 characters; the limit is 4,000. Shorten it."
        assert form.query_one("#note", TextArea).text == long_note
        assert Call.select().count() == 1


async def test_control_characters_are_stored_as_typed_and_shown_harmlessly(desk):
    app, _ids = desk
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_on_ticket(app, pilot)
        form.query_one("#note", TextArea).text = "a\x1b[2Jb"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        call = Call.select().order_by(Call.id.desc()).first()
        assert call.note == "a\x1b[2Jb"
        assert row_texts(app.screen.query_one("#calls"), f"call-{call.id}")[-1] == "a\u241b[2Jb"


async def test_informed_on_a_late_visit_records_the_customers_choice(desk):
    app, ids = desk
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("3", "i")  # visits pane: the late 10–12 visit is first
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, InformedForm)
        about = static_text(form, "#about")
        assert "10:00–12:00" in about and "Bob Tech" in about and "LATE 3 h" in about
        await pilot.press(*"Tech stuck in traffic, sorry")
        await pilot.press("tab", "tab", "r")  # note -> channel -> choice; r = reschedule
        assert form.query_one("#choice").value == "reschedule"
        await pilot.press("ctrl+s")
        await settle(app, pilot)

        assert isinstance(app.screen, DashboardScreen)
        assert Visit.get_by_id(ids["late_visit"]).customer_choice == "reschedule"
        call = Call.select().order_by(Call.id.desc()).first()
        assert (call.visit_id, call.ticket_id, call.informed) == (ids["late_visit"], ids["printer"], True)
        informed = row_texts(app.screen.query_one("#visits"), f"visit-{ids['late_visit']}")[5]
        assert informed == "just now · reschedule · NOT warned in time"  # the window ended at 12:00


async def test_escape_on_a_dirty_form_asks_and_n_keeps_editing(desk):
    app, _ids = desk
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_on_ticket(app, pilot)
        await pilot.press(*"half a sentence")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is form
        assert form.query_one("#note", TextArea).text == "half a sentence"
        await pilot.press("escape", "y")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert Call.select().count() == 1


async def test_escape_on_a_clean_form_closes_at_once(desk):
    app, _ids = desk
    async with app.run_test(size=(120, 40)) as pilot:
        await open_on_ticket(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert Call.select().count() == 1
