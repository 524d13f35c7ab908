"""Help, details, find and the command palette, driven through the real app."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette
from textual.widgets import Input, Markdown, OptionList

from frontdesk.domain import phones
from frontdesk.store import writes
from frontdesk.ui.palette import ACTIONS, DeskCommands
from frontdesk.ui.screens.dashboard import DashboardScreen
from frontdesk.ui.screens.details import DetailsScreen
from frontdesk.ui.screens.find import FindScreen
from frontdesk.ui.screens.help import HelpScreen, help_text
from frontdesk.ui.screens.technicians import TechniciansScreen
from frontdesk.store.models import Customer
from ui_helpers import FROZEN, desk, settle, shown, static_text  # noqa: F401


# ------------------------------------------------------------------ help
def test_help_lists_every_desk_key():
    text = help_text()
    for key in ("`c`", "`i`", "`t`", "`w`", "`a`", "`x`", "`/`", "`tab`", "`shift+tab`", "`1` `2` `3`",
                "`enter`", "`T`", "`r`", "`?`", "`q`", "`ctrl+p`", "`ctrl+s`", "`escape`", "OVERDUE"):
        assert key in text, key


@pytest.mark.parametrize("close_key", ["escape", "q", "question_mark"])
async def test_help_opens_and_closes(desk, close_key):
    app, _ids = desk
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await settle(app, pilot)
        assert isinstance(app.screen, HelpScreen)
        assert "Log a call" in app.screen.query_one(Markdown).source
        await pilot.press(close_key)
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


# --------------------------------------------------------------- details
async def open_details(app, pilot, pane_key: str) -> DetailsScreen:
    await settle(app, pilot)
    await pilot.press(pane_key, "enter")
    await settle(app, pilot)
    assert isinstance(app.screen, DetailsScreen)
    return app.screen


async def test_ticket_details_and_u_for_the_customer(desk):
    app, _ids = desk
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_details(app, pilot, "2")
        body = static_text(screen, "#details-body")
        for expected in ("Ticket #1  Printer jams on every page", "Alice Jones", "high", "open",
                         "Mon 23 Nov 2026 15:00 (2 days ago)", "Tue 24 Nov 2026 17:00 — 22 h late",
                         "Bob Tech", "50 min ago", "Visits (1)", "LATE 3 h",
                         "14:10 ← status inquiry · answered · phone · 3:20",
                         "Asked when the printer is fixed.\n    Second line of the note."):
            assert expected in body, expected
        await pilot.press("u")
        await settle(app, pilot)
        customer = app.screen
        assert isinstance(customer, DetailsScreen) and customer.kind == "customer"
        body = static_text(customer, "#details-body")
        assert "Alice Jones" in body and "(212) 736-5000" in body and "All tickets (1)" in body
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)


async def test_visit_details(desk):
    app, _ids = desk
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_details(app, pilot, "3")
        body = static_text(screen, "#details-body")
        for expected in ("Visit #1", "Alice Jones", "#1 Printer jams on every page", "Bob Tech",
                         "Wed 25 Nov 2026 10:00–12:00", "scheduled", "LATE 3 h", "Customer chose", "never"):
            assert expected in body, expected


async def test_call_details_show_the_whole_note(desk):
    app, _ids = desk
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_details(app, pilot, "1")
        body = static_text(screen, "#details-body")
        for expected in ("Call #1", "inbound", "answered", "status inquiry", "Alice Jones", "(212) 736-5000",
                         "#1 Printer jams on every page", "3:20",
                         "Note\nAsked when the printer is fixed.\nSecond line of the note."):
            assert expected in body, expected


async def test_hostile_customer_text_is_shown_literally(desk):
    app, _ids = desk
    name = "[bold]Bob[/bold] [/ \x1b[2J 🚀 שלום"
    customer_id = writes.create_customer(name, phones.parse("(212) 555-0142", "US"), FROZEN, notes="[red]VIP[/red]")
    writes.create_ticket(customer_id, "[link=x]click[/link]", FROZEN)
    closed = writes.create_ticket(customer_id, "old one", FROZEN.shift(days=-9))
    writes.close_ticket(closed, FROZEN.shift(days=-8))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.screen.show_details("customer", customer_id)
        await settle(app, pilot)
        screen = app.screen
        body = static_text(screen, "#details-body")
        assert "[bold]Bob[/bold] [/ \u241b[2J 🚀 שלום" in body
        assert "[red]VIP[/red]" in body and "[link=x]click[/link]" in body
        assert "All tickets (2)" in body and "closed" in body
        assert "[bold]Bob[/bold]" in shown(screen.query_one("#details-body"))


async def test_details_of_something_deleted_say_so(desk):
    app, _ids = desk
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.screen.show_details("ticket", 999)
        await settle(app, pilot)
        assert "That ticket no longer exists" in static_text(app.screen, "#details-body")
        await pilot.press("u")  # nobody to open: says so, stays
        await pilot.pause()
        assert isinstance(app.screen, DetailsScreen) and app.screen.kind == "ticket"


# ------------------------------------------------------------------ find
async def open_find(app, pilot) -> FindScreen:
    await settle(app, pilot)
    await pilot.press("slash")
    await pilot.pause()
    assert isinstance(app.screen, FindScreen)
    assert app.focused is app.screen.query_one("#find-input", Input)
    return app.screen


async def find(app, pilot, screen: FindScreen, text: str) -> list[str]:
    screen.query_one("#find-input", Input).value = text
    await settle(app, pilot)
    results = screen.query_one("#find-results", OptionList)
    return [option.id for option in results.options] if results.display else []


@pytest.mark.parametrize("typed", ["(212) 736-5000", "+1 212 736 5000", "2127365000", "5000", "736-5000", "alice",
                                   "JONES"])
async def test_find_a_customer_any_way_and_open_them(desk, typed):
    app, ids = desk
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_find(app, pilot)
        assert await find(app, pilot, screen, typed) == [f"customer-{ids['alice']}"]
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, DetailsScreen)
        assert (app.screen.kind, app.screen.ident) == ("customer", ids["alice"])


@pytest.mark.parametrize("typed", ["#2", "2", "laptop"])
async def test_find_a_ticket(desk, typed):
    app, ids = desk
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_find(app, pilot)
        assert f"ticket-{ids['laptop']}" in await find(app, pilot, screen, typed)


async def test_enter_in_the_box_opens_a_single_match(desk):
    app, ids = desk
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_find(app, pilot)
        await find(app, pilot, screen, "laptop")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, DetailsScreen)
        assert (app.screen.kind, app.screen.ident) == ("ticket", ids["laptop"])


@pytest.mark.parametrize("typed", ["zzz", "[bold]", "[/", "\x1b[2J", "🚀", "שלום"])
async def test_nothing_matches(desk, typed):
    app, _ids = desk
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_find(app, pilot)
        assert await find(app, pilot, screen, typed) == []
        assert static_text(screen, "#find-status") == "Nothing matches"
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)


# --------------------------------------------------------------- palette
async def test_palette_offers_every_desk_action(desk):
    app, _ids = desk
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        provider = DeskCommands(app.screen)
        titles = [hit.text async for hit in provider.discover()]
        assert titles == [title for title, _action, _help in ACTIONS]
        # every desk key that acts (not quitting or opening details) is also offered by name
        keyed = {b.id for b in DashboardScreen.BINDINGS if b.id} - {"quit", "details"}
        assert keyed == {action for _title, action, _help in ACTIONS}


async def test_palette_runs_an_action_on_the_desk(desk):
    app, _ids = desk
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"technicians")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, TechniciansScreen)


async def test_palette_finds_customers_and_tickets(desk):
    app, ids = desk
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        Customer.update(name="[bold]Alice[/bold] Jones", name_key="[bold]alice[/bold] jones").where(
            Customer.id == ids["alice"]).execute()
        provider = DeskCommands(app.screen)
        hits = [hit async for hit in provider.search("jones")]
        assert [hit.text for hit in hits] == ["Customer: [bold]Alice[/bold] Jones"]
        assert hits[0].prompt.plain == "Customer: [bold]Alice[/bold] Jones"  # a Text: never markup
        hits[0].command()
        await settle(app, pilot)
        assert isinstance(app.screen, DetailsScreen)
        assert (app.screen.kind, app.screen.ident) == ("customer", ids["alice"])
        tickets = [hit.text async for hit in provider.search("printer")]
        assert "Ticket #1 Printer jams on every page" in tickets
