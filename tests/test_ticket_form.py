"""`t` on the desk: the new-ticket form, driven through the real app."""

from __future__ import annotations

import pytest
from peewee import IntegrityError
from textual.widgets import Input

from frontdesk.domain import phones
from frontdesk.store import writes
from frontdesk.ui.screens.confirm import ConfirmScreen
from frontdesk.ui.screens.dashboard import DashboardScreen
from frontdesk.ui.screens.ticket_form import TicketForm
from frontdesk.store.models import Customer, Phone, Ticket
from ui_helpers import FROZEN, desk, error_at, row_texts, settle, shown, static_text, utc  # noqa: F401

HOSTILE_TITLE = "[bold]Screen[/bold] cracked 🚀 [/ שבור"


async def open_for_alice(app, pilot) -> TicketForm:
    await settle(app, pilot)
    await pilot.press("2", "t")  # tickets pane, Alice's ticket selected: the form knows the customer
    await settle(app, pilot)
    assert isinstance(app.screen, TicketForm)
    return app.screen


async def test_new_ticket_for_the_selected_customer(desk):
    app, ids = desk
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_for_alice(app, pilot)
        assert "Alice Jones" in static_text(form, "#customer-fixed")
        assert app.focused is form.query_one("#title", Input)
        await pilot.press(*"Screen cracked")
        form.query_one("#title", Input).value = HOSTILE_TITLE
        await pilot.press("tab", "u")  # priority: urgent
        await pilot.press("tab", *"fri")
        assert static_text(form, "#preview-needed").startswith("→ Fri 27 Nov 17:00")
        await pilot.press("tab", *"tomorrow 9")
        assert static_text(form, "#preview-promised").startswith("→ Thu 26 Nov 09:00")
        await pilot.press("tab", "down", "down")  # (none), Ana Tech, Bob Tech
        await pilot.press("ctrl+s")
        await settle(app, pilot)

        assert isinstance(app.screen, DashboardScreen)
        ticket = Ticket.select().order_by(Ticket.id.desc()).first()
        assert ticket.title == HOSTILE_TITLE
        assert (ticket.customer_id, ticket.priority, ticket.technician_id) == (ids["alice"], "urgent", ids["bob_tech"])
        assert ticket.needed_by == utc("2026-11-27 17:00")
        assert ticket.promised_by == utc("2026-11-26 09:00")
        assert ticket.opened_at == FROZEN.to("UTC").naive
        tickets = app.screen.query_one("#tickets")
        assert row_texts(tickets, f"ticket-{ticket.id}")[2] == HOSTILE_TITLE
        assert "[bold]Screen[/bold]" in shown(tickets)
        assert tickets.selected_key == f"ticket-{ticket.id}"


async def test_empty_title_is_refused_at_the_field(desk):
    app, _ids = desk
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_for_alice(app, pilot)
        await pilot.press("space", "ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert error_at(form, "title") == "A title is required."
        assert app.focused is form.query_one("#title", Input)
        assert Ticket.select().count() == 2


@pytest.mark.parametrize("field", ["needed", "promised"])
async def test_unparseable_date_is_refused_at_its_field_and_kept(desk, field):
    app, _ids = desk
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_for_alice(app, pilot)
        await pilot.press(*"Wifi down")
        form.query_one(f"#{field}", Input).value = "next blursday [bold]"
        await pilot.pause()
        assert static_text(form, f"#preview-{field}").startswith("?")  # live: not understood yet
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert "not a date or time we know" in error_at(form, field)
        assert static_text(form, f"#preview-{field}") == ""  # the error says it once
        assert form.query_one(f"#{field}", Input).value == "next blursday [bold]"
        assert form.query_one("#title", Input).value == "Wifi down"
        assert Ticket.select().count() == 2


async def test_unknown_number_creates_the_customer_with_the_ticket(desk):
    app, _ids = desk
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_for_alice(app, pilot)
        await pilot.press("shift+tab", "enter")  # "Change customer"
        await settle(app, pilot)
        assert app.focused is form.query_one("#lookup", Input)
        await pilot.press(*"(212) 555-0199")
        await settle(app, pilot)
        assert "Unknown number" in static_text(form, "#lookup-status")
        await pilot.press("ctrl+s")  # no name yet
        await settle(app, pilot)
        assert error_at(form, "new-name") == "A name is required."
        assert app.focused is form.query_one("#new-name", Input)
        await pilot.press(*"Dana")
        form.query_one("#new-name", Input).value = "[bold]Dana[/bold] \x1b[2J 👩‍🔧"
        await pilot.press("tab", *"Wifi down", "ctrl+s")
        await settle(app, pilot)

        assert isinstance(app.screen, DashboardScreen)
        customer = Customer.get(Customer.name == "[bold]Dana[/bold] \x1b[2J 👩‍🔧")
        assert [p.e164 for p in Phone.select().where(Phone.customer == customer.id)] == ["+12125550199"]
        ticket = Ticket.get(Ticket.customer == customer.id)
        assert ticket.title == "Wifi down"
        cells = row_texts(app.screen.query_one("#tickets"), f"ticket-{ticket.id}")
        assert cells[1] == "[bold]Dana[/bold] \u241b[2J 👩‍🔧"


async def test_several_matches_must_be_chosen(desk):
    app, _ids = desk
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_for_alice(app, pilot)
        await pilot.press("shift+tab", "enter")
        await settle(app, pilot)
        await pilot.press("o")  # in "Alice Jones" and "Bob Brown"
        await settle(app, pilot)
        await pilot.press("tab", *"Wifi down", "ctrl+s")
        await settle(app, pilot)
        assert error_at(form, "lookup") == "Several customers match: pick one (↓ then enter)."
        assert Ticket.select().count() == 2


async def test_escape_on_a_dirty_ticket_form_asks_and_y_discards(desk):
    app, _ids = desk
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_for_alice(app, pilot)
        await pilot.press(*"Half typed")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is form and form.query_one("#title", Input).value == "Half typed"
        await pilot.press("escape", "y")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert Ticket.select().count() == 2


def test_new_customer_and_ticket_are_one_transaction(db):
    """A ticket that cannot be saved leaves no orphan customer behind."""
    parsed = phones.parse("(212) 555-0199", "US")
    with pytest.raises(IntegrityError):
        writes.create_ticket_for_new_customer("Dana", parsed, "Wifi", FROZEN, technician_id=999)
    assert Customer.select().count() == 0 and Phone.select().count() == 0
    ticket_id = writes.create_ticket_for_new_customer("Dana", parsed, "Wifi", FROZEN, priority="high")
    ticket = Ticket.get_by_id(ticket_id)
    assert (ticket.customer.name, ticket.priority) == ("Dana", "high")
    assert Phone.get(Phone.customer == ticket.customer_id).e164 == "+12125550199"
