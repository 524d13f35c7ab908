"""The status chasers list, driven through the real app: which tickets
customers chased us about in the last 7 days, and the shares of inbound calls."""

from __future__ import annotations

from frontdesk.domain import phones
from frontdesk.store import writes
from frontdesk.ui.screens.chasers import ChasersScreen
from ui_helpers import FROZEN, desk, make_app, row_texts, settle, shown, static_text, utc  # noqa: F401

HOSTILE_NAME = "[bold]Eve[/bold] [/ a\x1b[2Jb"


def log(customer_id, when: str, reason: str, ticket_id=None, direction: str = "in") -> int:
    return writes.log_call(writes.CallDraft(started_at=utc(when), customer_id=customer_id, reason=reason,
                                            ticket_id=ticket_id, direction=direction), FROZEN)


def chased_week(ids) -> int:
    """Around the seeded 14:10 inquiry on the printer: a week of calls; returns Eve's ticket id."""
    eve = writes.create_customer(HOSTILE_NAME, phones.parse("+1 212 555 0188", "US"), FROZEN.shift(days=-20))
    eve_ticket = writes.create_ticket(eve, "[red]Wifi[/red] drops", FROZEN.shift(days=-10))
    modem = writes.create_ticket(ids["bob"], "Old modem", FROZEN.shift(days=-9))
    writes.close_ticket(modem, utc("2026-11-23 12:00"))
    log(ids["alice"], "2026-11-23 09:00", "status inquiry", ids["printer"])
    log(ids["alice"], "2026-11-17 09:00", "status inquiry", ids["printer"])  # 8 days ago: outside
    log(ids["bob"], "2026-11-24 09:30", "status inquiry", ids["laptop"])
    log(ids["bob"], "2026-11-25 11:00", "status inquiry", ids["laptop"])
    log(eve, "2026-11-20 10:00", "status inquiry", eve_ticket)
    log(ids["bob"], "2026-11-25 12:00", "new problem")  # inbound, not a chaser
    log(ids["bob"], "2026-11-25 13:00", "status inquiry", ids["laptop"], direction="out")  # ours: not inbound
    log(ids["bob"], "2026-11-24 10:00", "status inquiry", modem)  # after it closed: not a chaser
    log(ids["bob"], "2026-11-24 08:30", "status inquiry")  # no ticket: a chaser, not a row
    return eve_ticket


async def open_screen(app, pilot, results: list) -> ChasersScreen:
    await settle(app, pilot)
    app.push_screen(ChasersScreen(), results.append)
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, ChasersScreen)
    return screen


async def test_lists_chased_tickets_most_chased_first(desk):
    app, ids = desk
    eve_ticket = chased_week(ids)
    results: list = []
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_screen(app, pilot, results)
        assert static_text(screen, "#chasers-headline") == (
            "Today 2 chasers, 67% of 3 inbound calls  ·  7 days: 6, 75% of 8")
        table = screen.query_one("#chasers-table")
        assert [str(key.value) for key in table.rows] == [
            f"ticket-{ids['printer']}", f"ticket-{ids['laptop']}", f"ticket-{eve_ticket}"]
        assert row_texts(table, f"ticket-{ids['printer']}") == [
            f"#{ids['printer']}", "Alice Jones", "Printer jams on every page", "2", "14:10"]
        assert row_texts(table, f"ticket-{ids['laptop']}") == [
            f"#{ids['laptop']}", "Bob Brown", "Laptop slow", "2", "11:00"]
        assert row_texts(table, f"ticket-{eve_ticket}") == [
            f"#{eve_ticket}", "[bold]Eve[/bold] [/ a\u241b[2Jb", "[red]Wifi[/red] drops", "1", "Fri 10:00"]
        assert "[red]Wifi[/red]" in shown(table)  # painted literally, not as markup
        assert static_text(screen, "#chasers-status") == "1 more status inquiry not linked to a ticket."
        assert app.focused is table
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, ChasersScreen)
        assert results == [("ticket", ids["laptop"])]


async def test_fits_at_80x24_with_every_column_whole(desk):
    app, ids = desk
    chased_week(ids)
    results: list = []
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(app, pilot, results)
        table = screen.query_one("#chasers-table")
        assert screen.query_one(".form-keys").region.bottom <= 23
        assert table.virtual_size.width <= table.size.width  # no sideways scrolling
        painted = shown(table)
        assert "Fri 10:00" in painted and "[bold]Eve" in painted and "Printer jams" in painted
        assert static_text(screen, "#chasers-headline").count("\n") == 0


async def test_escape_closes_with_nothing(desk):
    app, _ids = desk
    results: list = []
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(app, pilot, results)
        assert static_text(screen, "#chasers-headline") == (
            "Today 1 chaser, 100% of 1 inbound call  ·  7 days: 1, 100% of 1")
        await pilot.press("escape")
        await settle(app, pilot)
        assert results == [None]


async def test_a_quiet_week_says_so(db, tmp_path):
    app = make_app(tmp_path / "fd.db")
    results: list = []
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(app, pilot, results)
        assert static_text(screen, "#chasers-headline") == (
            "Today 0 chasers, 0% of 0 inbound calls  ·  7 days: 0, 0% of 0")
        assert static_text(screen, "#chasers-status") == "No ticket drew a status inquiry in the last 7 days."
        assert not screen.query_one("#chasers-table").display
        await pilot.press("enter", "escape")
        await settle(app, pilot)
        assert results == [None]
